/* il-dashboard.h: the one owner of what the dashboard shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-compute-mode.h"
#include "il-config.h"
#include "il-snapshot.h"

G_BEGIN_DECLS

typedef enum
{
  IL_DASHBOARD_STATE_IDLE,       /* nothing asked for yet */
  IL_DASHBOARD_STATE_LOADING,    /* a load (and the computation after it) runs */
  IL_DASHBOARD_STATE_READY,      /* the snapshot shows the last load */
  IL_DASHBOARD_STATE_FAILED,     /* the last load failed: see "error"; the snapshot stays */
  IL_DASHBOARD_STATE_CANCELLED,  /* the last load was cancelled; the snapshot stays */
} IlDashboardState;

#define IL_TYPE_DASHBOARD (il_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (IlDashboard, il_dashboard, IL, DASHBOARD, GObject)

/* With @settings, the range and options are bound to its keys ("days",
 * "all-data", "trend-bucket", "local-time", "live", "live-interval-seconds";
 * a positive "auto-refresh-minutes" of an older version is moved to the last
 * two once). */
IlDashboard       *il_dashboard_new              (GSettings      *settings);

/* The source: demo data when @demo is TRUE or @config is incomplete, else
 * Supabase. Does not load: call refresh. */
void               il_dashboard_set_source       (IlDashboard    *self,
                                                  const IlConfig *config,
                                                  gboolean        demo);
const IlConfig    *il_dashboard_get_config       (IlDashboard    *self);
/* TRUE for a complete Supabase configuration (not demo data). */
gboolean           il_dashboard_is_remote        (IlDashboard    *self);

/* Loads from the source, cancelling a load that runs. */
void               il_dashboard_refresh          (IlDashboard    *self);
/* Fetches every row of the range again, ignoring the local cache (then
 * saves it). */
void               il_dashboard_reload_all       (IlDashboard    *self);
/* Cancels the running load, if any; what is shown stays. */
void               il_dashboard_cancel           (IlDashboard    *self);

/* What to draw (NULL before the first data); ref it to keep it. */
IlSnapshot        *il_dashboard_get_snapshot     (IlDashboard    *self);
IlDashboardState   il_dashboard_get_state        (IlDashboard    *self);
/* Why the last load failed (state FAILED), else NULL. */
const GError      *il_dashboard_get_error        (IlDashboard    *self);
/* Fraction of the rows fetched, -1 while the total is unknown. */
double             il_dashboard_get_progress     (IlDashboard    *self);
void               il_dashboard_get_fetch_counts (IlDashboard    *self,
                                                  guint64        *rows_fetched,
                                                  gint64         *rows_total);
/* TRUE while a load runs. */
gboolean           il_dashboard_is_loading       (IlDashboard    *self);
/* TRUE while nothing loads, computes or saves the cache. */
gboolean           il_dashboard_is_idle          (IlDashboard    *self);
/* TRUE when a store of the current source is loaded. */
gboolean           il_dashboard_has_data         (IlDashboard    *self);
/* Real time of the last successful fetch, 0 for none (or demo data). */
gint64             il_dashboard_get_refreshed_time (IlDashboard  *self);
/* The "now" the day range counts back from. */
gint64             il_dashboard_get_now          (IlDashboard    *self);

/* The range: the last @days days, or every row with @all_data. A range the
 * loaded store covers is filtered locally, else it is fetched again. */
int                il_dashboard_get_days         (IlDashboard    *self);
void               il_dashboard_set_days         (IlDashboard    *self,
                                                  int             days);
gboolean           il_dashboard_get_all_data     (IlDashboard    *self);
void               il_dashboard_set_all_data     (IlDashboard    *self,
                                                  gboolean        all_data);
/* Both at once. The setters save the range (the settings given to _new);
 * _once uses it for this run only (the command line's --days / --all), until
 * the user or the settings pick another. */
void               il_dashboard_set_range        (IlDashboard    *self,
                                                  int             days,
                                                  gboolean        all_data);
void               il_dashboard_set_range_once   (IlDashboard    *self,
                                                  int             days,
                                                  gboolean        all_data);
/* Options of the computation: each change recomputes the snapshot. */
IlBucketSize       il_dashboard_get_trend_bucket (IlDashboard    *self);
void               il_dashboard_set_trend_bucket (IlDashboard    *self,
                                                  IlBucketSize    bucket);
/* Whether the bucket is picked from the range (il_bucket_size_for_span);
 * follows "trend-bucket-auto" with settings. */
gboolean           il_dashboard_get_trend_bucket_auto (IlDashboard *self);
void               il_dashboard_set_trend_bucket_auto (IlDashboard *self,
                                                       gboolean     automatic);
/* What the trend shows per cell; follows "trend-statistic" with settings. */
IlTrendStatistic   il_dashboard_get_trend_statistic (IlDashboard      *self);
void               il_dashboard_set_trend_statistic (IlDashboard      *self,
                                                     IlTrendStatistic  statistic);
gboolean           il_dashboard_get_local_time   (IlDashboard    *self);
void               il_dashboard_set_local_time   (IlDashboard    *self,
                                                  gboolean        local_time);
IlStrId            il_dashboard_get_histogram_step (IlDashboard  *self);
void               il_dashboard_set_histogram_step (IlDashboard  *self,
                                                    IlStrId       step);
/* The latency histogram's bins: log spaced, and/or ending at the P99 of its
 * rows (the percentile profile then also ends there). With settings, they
 * follow "distribution-log-scale" and "distribution-clip-p99". */
void               il_dashboard_set_histogram_shape (IlDashboard *self,
                                                     gboolean     log_spacing,
                                                     gboolean     clip_p99);

/* The local cache of a Supabase source: its rows are shown while the first
 * load runs, and loads read only what changed. On with settings unless
 * "use-cache" is false, off without settings; FALSE turns it off for this
 * run whatever the settings say (the command line's --no-cache). */
gboolean           il_dashboard_get_use_cache    (IlDashboard    *self);
void               il_dashboard_set_use_cache    (IlDashboard    *self,
                                                  gboolean        use_cache);
/* Something worth telling that did not stop the load (a damaged cache
 * was discarded), else NULL. */
const char        *il_dashboard_get_notice       (IlDashboard    *self);
/* How the source could serve faster (e.g. a missing index), from the last
 * successful fetch, or NULL. */
const char        *il_dashboard_get_advice       (IlDashboard    *self);

/* Where the figures are computed: the settings' "compute-mode" and
 * "server-side-threshold" (CLIENT without settings). _once sets the mode for
 * this run only (the command line's --server-side / --client-side), until
 * the settings change. A change reloads what is shown. */
IlComputeMode      il_dashboard_get_compute_mode (IlDashboard    *self);
void               il_dashboard_set_compute_mode_once (IlDashboard   *self,
                                                       IlComputeMode  mode);
/* TRUE when the snapshot's figures were computed by the database (its store
 * then holds names, no rows). */
gboolean           il_dashboard_get_server_side  (IlDashboard    *self);

/* Live mode: a Supabase source is refreshed incrementally every
 * live-interval seconds (5 to 3600), without a loading state; the snapshot
 * is replaced when something changed. */
gboolean           il_dashboard_get_live         (IlDashboard    *self);
void               il_dashboard_set_live         (IlDashboard    *self,
                                                  gboolean        live);
int                il_dashboard_get_live_interval (IlDashboard   *self);
void               il_dashboard_set_live_interval (IlDashboard   *self,
                                                   int            seconds);
/* No ticks while paused (the window is hidden); unpausing ticks at once
 * when a tick was missed. */
void               il_dashboard_set_live_paused  (IlDashboard    *self,
                                                  gboolean        paused);
/* TRUE while live and Supabase Realtime delivers the table's changes: a
 * change is fetched within seconds, not at the next tick. */
gboolean           il_dashboard_get_realtime     (IlDashboard    *self);
/* TRUE when the running load, or the last one, is a live tick. */
gboolean           il_dashboard_is_live_load     (IlDashboard    *self);

/* Seconds between live ticks while the timer is armed, else 0 (live is off,
 * paused, or the source is not Supabase). */
guint              il_dashboard_get_auto_refresh_interval (IlDashboard *self);
/* What the timer does when it fires: a live tick, unless a load, a
 * computation or a cache save still runs. */
void               il_dashboard_run_auto_refresh (IlDashboard    *self);

G_END_DECLS
