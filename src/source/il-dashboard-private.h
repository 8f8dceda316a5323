/* il-dashboard-private.h: the dashboard's insides, and hooks for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard.h"
#include "il-period.h"
#include "il-realtime.h"
#include "il-row-cache.h"
#include "il-supabase-client.h"

G_BEGIN_DECLS

struct _IlDashboard
{
  GObject           parent_instance;

  IlConfig         *config;
  gboolean          demo;

  /* range and options */
  GSettings        *settings;     /* where a range the user picks is saved */
  int               days;
  gboolean          all_data;
  IlBucketSize      trend_bucket;
  gboolean          trend_bucket_auto;
  IlTrendStatistic  trend_statistic;
  gboolean          local_time;
  IlStrId           histogram_step;
  gboolean          histogram_log;   /* log spacing of the latency histogram */
  gboolean          histogram_clip;  /* distribution charts end at P99 */
  gboolean          live;            /* refresh every live_interval_s */
  int               live_interval_s;
  gboolean          live_paused;     /* nobody looks: no ticks */
  IlRealtime       *realtime;        /* while live: the table's changes, pushed */
  guint             realtime_tick_id;
  gint64            realtime_tick_us; /* the last tick Realtime asked for */

  /* the source */
  IlRowStore       *store;           /* latest loaded store */
  gint64            store_bound;     /* created_min it was fetched with */
  gint64            store_now;       /* "now" of the store (demo: fixed) */
  GCancellable     *load_cancellable;
  guint             load_generation;
  gint64            refreshed_us;    /* last successful fetch, 0: none */
  guint64           rows_fetched;
  gint64            rows_total;
  guint             auto_refresh_id;
  guint             auto_refresh_s;  /* interval armed, 0: none */
  gboolean          quiet_load;      /* the running (or last) load is a live tick */

  /* what is shown */
  IlSnapshot       *snapshot;
  guint             compute_generation;
  gboolean          computing;
  gboolean          ready_pending;   /* the next snapshot ends a load */

  /* the local cache (Supabase only) */
  gboolean          use_cache;       /* what the settings say */
  gboolean          cache_vetoed;    /* il_dashboard_set_use_cache (FALSE) */
  char             *cache_dir;       /* NULL: the default folder */
  IlRowCache       *cache;           /* of the current source, once used */
  gboolean          cache_read;      /* the first load of the source read it */
  gboolean          store_has_meta;  /* store_meta describes store */
  IlRowCacheMeta    store_meta;
  gboolean          reload_all;      /* the next load ignores what is cached */
  guint             saves_pending;   /* cache writes still running */
  char             *notice;
  char             *advice;          /* from the last fetch, or NULL */

  /* where the figures are computed */
  IlComputeMode     compute_mode;      /* what the settings or this run ask for */
  guint64           compute_threshold; /* rows above which AUTOMATIC uses the database */
  gboolean          server_side;       /* the snapshot's figures came from the database */
  IlPeriodFigures  *server_previous;   /* with server_side: the period before, or NULL */

  IlDashboardState  state;
  GError           *error;
};

/* Sessions a database summary lists (the most recent; the slowest and
 * fastest come on top): the list stays small whatever the table's size. */
#define IL_DASHBOARD_SERVER_SESSIONS 2000

/* il-dashboard.c */
gint64 _il_dashboard_range_min          (IlDashboard      *self,
                                         gint64            now);
/* created_min of the rows a load fetches: [now - 2N days, now) for N days. */
gint64 _il_dashboard_fetch_min          (IlDashboard      *self,
                                         gint64            now);
void   _il_dashboard_set_state          (IlDashboard      *self,
                                         IlDashboardState  state,
                                         GError           *error);
void   _il_dashboard_set_snapshot       (IlDashboard      *self,
                                         IlSnapshot       *snapshot);
void   _il_dashboard_notify_progress    (IlDashboard      *self);
void   _il_dashboard_set_notice         (IlDashboard      *self,
                                         const char       *notice);
void   _il_dashboard_set_advice         (IlDashboard      *self,
                                         const char       *advice);
void   _il_dashboard_set_refreshed_time (IlDashboard      *self,
                                         gint64            refreshed_us);
/* il-dashboard-live.c */
/* (Re)arms the live timer for the current settings and source. */
void   _il_dashboard_arm_live           (IlDashboard      *self);
void   _il_dashboard_drop_realtime      (IlDashboard      *self);
/* A positive "auto-refresh-minutes" of an older version becomes live mode. */
void   _il_dashboard_migrate_auto_refresh (GSettings      *settings);

void   _il_dashboard_notify_server_side (IlDashboard      *self);
/* Takes @step (an id of the store about to be shown) without recomputing. */
void   _il_dashboard_sync_histogram_step (IlDashboard     *self,
                                          IlStrId          step);
/* TRUE when loads go through the local cache. */
gboolean _il_dashboard_cache_enabled    (IlDashboard      *self);

/* il-dashboard-load.c: the tasks */
void   _il_dashboard_load               (IlDashboard      *self);
/* A live tick: a load that keeps the state (no loading state, no progress
 * shown), so the pages keep showing the snapshot until the next one. */
void   _il_dashboard_load_quietly       (IlDashboard      *self);
void   _il_dashboard_start_compute      (IlDashboard      *self);
/* Read "trend-statistic", "trend-bucket-auto" / the distribution settings
 * into the options (il-dashboard-options.c). */
void   _il_dashboard_load_trend_options   (IlDashboard      *self);
void   _il_dashboard_load_histogram_shape (IlDashboard      *self);
/* A range change filters locally when the store covers it, else refetches. */
void   _il_dashboard_on_range_changed   (IlDashboard      *self);
void   _il_dashboard_load_rows          (IlDashboard      *self,
                                         IlSupabaseClient *client,
                                         gboolean          reload_all);

/* il-dashboard-server.c: figures computed by the database */
void   _il_dashboard_load_server        (IlDashboard      *self,
                                         IlSupabaseClient *client,
                                         gboolean          reload_all);
void   _il_dashboard_set_server_side    (IlDashboard      *self,
                                         gboolean          server_side);
/* Reads compute-mode and server-side-threshold and follows their changes. */
void   _il_dashboard_bind_compute_settings (IlDashboard   *self,
                                            GSettings     *settings);

/* The folder of the local cache (NULL: the default one), for tests: GLib
 * reads $XDG_CACHE_HOME once per process. Takes effect with the next source. */
void   _il_dashboard_set_cache_dir      (IlDashboard      *self,
                                         const char       *cache_dir);

/* Hooks for tests and benchmarks, read from the environment on every load,
 * never set by the app itself. */

/* IL_DEMO_NOW (a timestamp): the "now" demo data is generated at, so its
 * figures are reproducible; else the real time. */
gint64 _il_dashboard_hook_demo_now       (void);
/* IL_DEMO_ROWS: how many demo rows to generate; else IL_DEMO_DEFAULT_ROWS. */
guint  _il_dashboard_hook_demo_rows      (void);
/* IL_DEMO_APPEND: a live tick on demo data adds this many new rows to those
 * shown, of sessions that started in the 10 minutes before "now" (moved
 * after the newest row shown, as a refresh's new rows are), instead of
 * generating them all again; 0 when unset. */
guint  _il_dashboard_hook_demo_append    (void);
/* IL_RETRY_BASE_MS: the first retry delay of Supabase fetches, so tests of
 * failures run fast; 0 when unset (the client's default). */
guint  _il_dashboard_hook_retry_base_ms  (void);

G_END_DECLS
