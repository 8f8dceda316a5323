/* il-main-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data flow: a source (demo generator in a thread, or IlSupabaseClient) gives
 * a sealed store; every change of the range or of an aggregate option
 * recomputes IlAggregates in a GTask thread. A generation counter drops stale
 * results. Pages borrow the store and the aggregates until their next
 * set_data, so the previous ones are freed only after every page got the new.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-demo.h"
#include "il-errors-page.h"
#include "il-format.h"
#include "il-latency-heatmap-page.h"
#include "il-main-window.h"
#include "il-metric-tile.h"
#include "il-resources.h"
#include "il-overview-page.h"
#include "il-raw-page.h"
#include "il-sessions-page.h"
#include "il-settings.h"
#include "il-status-badge.h"
#include "il-step-analysis-page.h"
#include "il-supabase-client.h"
#include "il-trend-page.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _IlMainWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  IlStatusBadge        *status_badge;
  GtkButton            *refresh_button;
  GtkToggleButton      *all_data_button;
  GtkSpinButton        *days_spin;
  AdwToastOverlay      *toast_overlay;
  GtkBox               *tiles_box;
  GtkLabel             *skipped_label;
  GtkNotebook          *notebook;
  GtkStack             *main_stack;
  AdwStatusPage        *unavailable_page;

  IlMetricTile         *tiles[IL_N_TILES];
  GtkWidget            *pages[IL_N_PAGES];
  gboolean              page_stale[IL_N_PAGES];  /* row pages not yet given the shown data */

  GSettings            *settings;
  /* A range for this run only (command line): used and shown, never saved. */
  gboolean              range_once;
  int                   once_days;
  gboolean              once_all_data;
  gboolean              syncing_range;   /* the range controls are being set */
  IlConfig             *config;
  gboolean              demo;

  /* the source */
  IlRowStore           *store;           /* latest loaded store */
  gint64                store_bound;     /* created_min it was fetched with */
  gint64                store_now;       /* "now" of the store (demo: fixed) */
  GCancellable         *load_cancellable;
  guint                 load_generation;
  gint64                refreshed_us;    /* last successful fetch, 0: none */
  guint                 auto_refresh_id;
  guint                 auto_refresh_s;  /* interval armed, 0: none */
  char                 *last_toast;

  /* what the pages show */
  IlRowStore           *shown_store;
  IlAggregates         *agg;
  IlStrId               histogram_step;
  GCancellable         *compute_cancellable;
  guint                 compute_generation;
  gboolean              computing;

  GtkFileChooserNative *csv_chooser;
};

G_DEFINE_FINAL_TYPE (IlMainWindow, il_main_window, ADW_TYPE_APPLICATION_WINDOW)

static void schedule_compute (IlMainWindow *self);

static void
toast (IlMainWindow *self,
       const char   *message)
{
  AdwToast *t = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gint64
demo_now (void)
{
  const char *fixed = g_getenv ("IL_DEMO_NOW");
  gint64 us;

  if (fixed != NULL && il_timestamp_parse (fixed, -1, &us, NULL))
    return us;
  return g_get_real_time ();
}

static int
get_days (IlMainWindow *self)
{
  if (self->range_once)
    return self->once_days;
  return g_settings_get_int (self->settings, "days");
}

static gboolean
get_all_data (IlMainWindow *self)
{
  if (self->range_once)
    return self->once_all_data;
  return g_settings_get_boolean (self->settings, "all-data");
}

/* created_min of the range: IL_TIME_NONE for All data. */
static gint64
range_min (IlMainWindow *self,
           gint64        now)
{
  if (get_all_data (self))
    return IL_TIME_NONE;
  return now - (gint64) get_days (self) * DAY_US;
}

static void
update_busy (IlMainWindow *self)
{
  gboolean loading = self->load_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", loading);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->refresh_button),
                                  loading ? "win.cancel" : "win.refresh");
  gtk_button_set_icon_name (self->refresh_button,
                            loading ? "process-stop-symbolic" : "view-refresh-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->refresh_button),
                               loading ? _("Cancel") : _("Refresh"));
}

/* ---- tiles and pages -------------------------------------------------- */

static void
update_tiles (IlMainWindow *self)
{
  const IlAggregates *agg = self->agg;
  char *values[IL_N_TILES] = { NULL, };

  if (agg != NULL)
    {
      values[IL_TILE_TOTAL_RECORDS] = il_format_count_str (agg->key.total_records);
      values[IL_TILE_AVG_LATENCY] = il_format_latency_ms (agg->key.avg_latency_ms);
      values[IL_TILE_P95_LATENCY] = il_format_latency_ms (agg->key.p95_latency_ms);
      values[IL_TILE_SUCCESS_RATE] = il_format_percent_str (agg->key.success_rate_pct);
      values[IL_TILE_UNIQUE_SESSIONS] = il_format_count_str (agg->key.unique_sessions);
      values[IL_TILE_TOTAL_TIME] = agg->key.total_records > 0
                                   ? il_format_latency_ms (agg->key.total_latency_ms) : NULL;
    }
  for (guint i = 0; i < IL_N_TILES; i++)
    {
      il_metric_tile_set_value (self->tiles[i], values[i]);
      g_free (values[i]);
    }

  if (agg != NULL && agg->filter.created_min != IL_TIME_NONE)
    {
      g_autofree char *from = il_format_time (agg->filter.created_min, FALSE);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (agg->filter.created_min / G_USEC_PER_SEC);
      g_autofree char *day = g_date_time_format (dt, "%Y-%m-%d");
      /* Translators: caption under the total records: "since 2025-11-01"; the
       * tile is narrow, the exact bound is in the tooltip */
      g_autofree char *caption = g_strdup_printf (_("since %s"), day);
      /* Translators: tooltip of the total records: "Rows created since 2025-11-01 00:00:00 UTC" */
      g_autofree char *tooltip = g_strdup_printf (_("Rows created since %s UTC"), from);

      il_metric_tile_set_caption (self->tiles[IL_TILE_TOTAL_RECORDS], caption);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->tiles[IL_TILE_TOTAL_RECORDS]), tooltip);
    }
  else
    {
      il_metric_tile_set_caption (self->tiles[IL_TILE_TOTAL_RECORDS], agg != NULL ? _("all data") : NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->tiles[IL_TILE_TOTAL_RECORDS]), NULL);
    }
}

static void
update_skipped (IlMainWindow *self)
{
  IlRowStore *store = self->shown_store;

  if (store != NULL && store->n_skipped > 0)
    {
      g_autofree char *n = il_format_count_str (store->n_skipped);
      /* Translators: "3 rows skipped: row 17: missing field "latency_ms"" */
      g_autofree char *text = g_strdup_printf (_("%s rows skipped: %s"), n,
                                               store->first_skip_reason != NULL ? store->first_skip_reason : "");
      gtk_label_set_text (self->skipped_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), FALSE);
}

static void
set_row_page_data (IlMainWindow       *self,
                   IlPage              page,
                   IlRowStore         *store,
                   const IlAggregates *agg)
{
  if (page == IL_PAGE_SESSIONS)
    il_sessions_page_set_data (IL_SESSIONS_PAGE (self->pages[page]), store, agg);
  else if (page == IL_PAGE_ERRORS)
    il_errors_page_set_data (IL_ERRORS_PAGE (self->pages[page]), store, agg);
  else if (page == IL_PAGE_RAW)
    il_raw_page_set_data (IL_RAW_PAGE (self->pages[page]), store, agg);
}

/* Fills a row-level page with what the window shows, if it is behind. */
static void
update_row_page (IlMainWindow *self,
                 IlPage        page)
{
  if (page < IL_PAGE_SESSIONS || page > IL_PAGE_RAW || !self->page_stale[page])
    return;
  self->page_stale[page] = FALSE;
  set_row_page_data (self, page, self->shown_store, self->agg);
}

static void
on_switch_page (GtkNotebook  *notebook,
                GtkWidget    *page,
                guint         page_num,
                IlMainWindow *self)
{
  update_row_page (self, page_num);
}

static void
show_aggregates (IlMainWindow *self,
                 IlRowStore   *store,
                 IlAggregates *agg)
{
  /* Keep the old ones alive until every page holds the new pointers. */
  IlAggregates *old_agg = g_steal_pointer (&self->agg);
  IlRowStore *old_store = g_steal_pointer (&self->shown_store);

  self->agg = agg;
  self->shown_store = store != NULL ? il_row_store_ref (store) : NULL;

  il_overview_page_set_data (IL_OVERVIEW_PAGE (self->pages[IL_PAGE_OVERVIEW]), agg);
  il_step_analysis_page_set_data (IL_STEP_ANALYSIS_PAGE (self->pages[IL_PAGE_STEP_ANALYSIS]), agg);
  il_trend_page_set_data (IL_TREND_PAGE (self->pages[IL_PAGE_TRENDS]), agg);
  il_latency_heatmap_page_set_data (IL_LATENCY_HEATMAP_PAGE (self->pages[IL_PAGE_HEATMAP]), agg);
  /* The row-level pages take 0.2-0.6 s each at 1M rows on the main thread:
   * only the one on screen is filled now, the others when they are shown.
   * They let go of the old store and aggregates at once (NULLs are cheap). */
  for (IlPage i = IL_PAGE_SESSIONS; i <= IL_PAGE_RAW; i++)
    {
      self->page_stale[i] = TRUE;
      if (il_main_window_get_page (self) == i)
        update_row_page (self, i);
      else
        set_row_page_data (self, i, NULL, NULL);
    }

  update_tiles (self);
  update_skipped (self);

  g_clear_pointer (&old_agg, il_aggregates_free);
  if (old_store != NULL)
    il_row_store_unref (old_store);
}

static void
set_pages_loading (IlMainWindow *self,
                   gboolean      loading)
{
  il_overview_page_set_loading (IL_OVERVIEW_PAGE (self->pages[IL_PAGE_OVERVIEW]), loading);
  il_step_analysis_page_set_loading (IL_STEP_ANALYSIS_PAGE (self->pages[IL_PAGE_STEP_ANALYSIS]), loading);
  il_trend_page_set_loading (IL_TREND_PAGE (self->pages[IL_PAGE_TRENDS]), loading);
  il_latency_heatmap_page_set_loading (IL_LATENCY_HEATMAP_PAGE (self->pages[IL_PAGE_HEATMAP]), loading);
}

/* ---- recomputation ---------------------------------------------------- */

typedef struct
{
  IlRowStore         *store;
  IlFilter            filter;
  IlAggregateOptions  options;
  guint               generation;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  il_row_store_unref (data->store);
  il_filter_clear (&data->filter);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  IlAggregates *agg = il_aggregates_compute (data->store, &data->filter, &data->options);

  g_task_return_pointer (task, agg, (GDestroyNotify) il_aggregates_free);
}

static void
compute_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IlMainWindow *self = IL_MAIN_WINDOW (object);
  ComputeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(IlAggregates) agg = g_task_propagate_pointer (G_TASK (result), NULL);

  if (data->generation != self->compute_generation || agg == NULL)
    return;   /* a newer computation is on its way */

  self->computing = FALSE;
  show_aggregates (self, data->store, g_steal_pointer (&agg));
}

static IlBucketSize
get_bucket (IlMainWindow *self)
{
  g_autofree char *bucket = g_settings_get_string (self->settings, "trend-bucket");

  if (g_strcmp0 (bucket, "5min") == 0)
    return IL_BUCKET_5_MIN;
  if (g_strcmp0 (bucket, "15min") == 0)
    return IL_BUCKET_15_MIN;
  if (g_strcmp0 (bucket, "hour") == 0)
    return IL_BUCKET_HOUR;
  return IL_BUCKET_DAY;
}

static void
start_compute (IlMainWindow *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  if (self->store == NULL)
    return;

  data = g_new0 (ComputeData, 1);
  data->store = il_row_store_ref (self->store);
  il_filter_init (&data->filter);
  data->filter.created_min = range_min (self, self->store_now);
  il_aggregate_options_init (&data->options);
  data->options.trend_bucket = get_bucket (self);
  data->options.local_time = g_settings_get_boolean (self->settings, "local-time");
  data->options.histogram_step = self->histogram_step;
  data->generation = ++self->compute_generation;
  self->computing = TRUE;

  task = g_task_new (self, NULL, compute_done, NULL);
  g_task_set_source_tag (task, start_compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/* ---- loading ---------------------------------------------------------- */

/* With nothing loaded yet, a failed or cancelled load would leave every page
 * saying "no rows in the selected range", which is not what happened. */
static void
show_unavailable (IlMainWindow *self,
                  const char   *title,
                  const char   *reason)
{
  if (self->store != NULL)
    return;
  adw_status_page_set_title (self->unavailable_page, title);
  adw_status_page_set_description (self->unavailable_page, reason);
  gtk_stack_set_visible_child_name (self->main_stack, "unavailable");
}

static void
show_pages (IlMainWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "pages");
}

const char *
il_main_window_get_visible_view (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
il_main_window_get_unavailable_reason (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);

  return adw_status_page_get_description (self->unavailable_page);
}

static void
set_store (IlMainWindow *self,
           IlRowStore   *store,
           gint64        bound,
           gint64        now)
{
  show_pages (self);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->store_bound = bound;
  self->store_now = now;
  start_compute (self);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  gint64 now = *(gint64 *) task_data;
  const char *rows_env = g_getenv ("IL_DEMO_ROWS");
  guint rows = IL_DEMO_DEFAULT_ROWS;

  /* Tests and benchmarks pick the size. */
  if (rows_env != NULL && g_ascii_strtoull (rows_env, NULL, 10) > 0)
    rows = (guint) g_ascii_strtoull (rows_env, NULL, 10);
  g_task_return_pointer (task, il_demo_generate (rows, IL_DEMO_DEFAULT_SEED, now),
                         (GDestroyNotify) il_row_store_unref);
}

static void
demo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  IlMainWindow *self = IL_MAIN_WINDOW (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  gint64 now = *(gint64 *) g_task_get_task_data (G_TASK (result));
  IlRowStore *store = g_task_propagate_pointer (G_TASK (result), NULL);

  if (generation != self->load_generation || store == NULL)
    {
      g_clear_pointer (&store, il_row_store_unref);
      return;
    }

  g_clear_object (&self->load_cancellable);
  update_busy (self);
  il_status_badge_set_demo (self->status_badge, store->n_rows);
  /* Demo data covers every day: any range filters locally. */
  set_store (self, store, IL_TIME_NONE, now);
}

static void
on_fetch_progress (guint64  rows_fetched,
                   gint64   rows_total,
                   gpointer user_data)
{
  IlMainWindow *self = IL_MAIN_WINDOW (user_data);

  il_status_badge_set_connecting (self->status_badge, rows_fetched, rows_total);
}

typedef struct
{
  IlMainWindow *self;
  guint         generation;
  gint64        bound;
  gint64        now;
} FetchData;

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchData *data = user_data;
  IlMainWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  IlRowStore *store = il_supabase_client_fetch_finish (IL_SUPABASE_CLIENT (object), result, &error);

  if (data->generation == self->load_generation)
    {
      g_clear_object (&self->load_cancellable);
      update_busy (self);

      if (store != NULL)
        {
          self->refreshed_us = g_get_real_time ();
          il_status_badge_set_connected (self->status_badge, store->n_rows, self->refreshed_us);
          set_store (self, g_steal_pointer (&store), data->bound, data->now);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Keep what is shown, with the time it was fetched. */
          if (self->shown_store != NULL && self->refreshed_us != 0)
            il_status_badge_set_connected (self->status_badge, self->shown_store->n_rows, self->refreshed_us);
          else
            il_status_badge_set_failed (self->status_badge, _("Loading was cancelled."));
          set_pages_loading (self, FALSE);
          show_unavailable (self, _("Loading Was Cancelled"), _("Refresh to load the data."));
        }
      else
        {
          /* Keep the previous store and figures. */
          il_status_badge_set_failed (self->status_badge, error->message);
          toast (self, error->message);
          set_pages_loading (self, FALSE);
          show_unavailable (self, _("Could Not Load Data"), error->message);
        }
    }

  g_clear_pointer (&store, il_row_store_unref);
  g_object_unref (self);
  g_free (data);
}

static void
load (IlMainWindow *self)
{
  self->load_generation++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  update_busy (self);
  if (self->agg == NULL)
    set_pages_loading (self, TRUE);
  show_pages (self);

  if (self->demo || self->config == NULL || !il_config_is_complete (self->config))
    {
      g_autoptr(GTask) task = g_task_new (self, self->load_cancellable, demo_done,
                                          GUINT_TO_POINTER (self->load_generation));
      gint64 *now = g_new (gint64, 1);

      *now = demo_now ();
      g_task_set_task_data (task, now, g_free);
      g_task_run_in_thread (task, demo_thread);
    }
  else
    {
      g_autoptr(IlSupabaseClient) client = il_supabase_client_new (self->config->url, self->config->key);
      const char *retry_env = g_getenv ("IL_RETRY_BASE_MS");
      FetchData *data = g_new0 (FetchData, 1);

      /* Tests make retries fast. */
      if (retry_env != NULL && retry_env[0] != '\0')
        il_supabase_client_set_retry_base_delay (client, (guint) g_ascii_strtoull (retry_env, NULL, 10));

      data->self = g_object_ref (self);
      data->generation = self->load_generation;
      data->now = g_get_real_time ();
      data->bound = range_min (self, data->now);
      il_status_badge_set_connecting (self->status_badge, 0, -1);
      il_supabase_client_fetch_async (client, data->bound, on_fetch_progress, self,
                                      self->load_cancellable, fetch_done, data);
    }
}

/* A range change filters locally when the store covers it, else refetches. */
static void
on_range_changed (IlMainWindow *self)
{
  gint64 now, wanted;

  if (self->store == NULL)
    {
      if (self->load_cancellable == NULL && self->config != NULL && !self->demo)
        load (self);
      return;
    }

  now = self->store_bound == IL_TIME_NONE ? self->store_now : g_get_real_time ();
  wanted = range_min (self, now);
  if (self->store_bound == IL_TIME_NONE || (wanted != IL_TIME_NONE && wanted >= self->store_bound))
    {
      if (self->store_bound != IL_TIME_NONE)
        self->store_now = now;
      start_compute (self);
    }
  else
    load (self);
}

static void
schedule_compute (IlMainWindow *self)
{
  start_compute (self);
}

/* ---- auto-refresh ----------------------------------------------------- */

static gboolean
is_remote (IlMainWindow *self)
{
  return !self->demo && self->config != NULL && il_config_is_complete (self->config);
}

static gboolean
auto_refresh_cb (gpointer user_data)
{
  IlMainWindow *self = IL_MAIN_WINDOW (user_data);

  /* A fetch that is still running is not restarted. */
  if (self->load_cancellable == NULL)
    load (self);
  return G_SOURCE_CONTINUE;
}

/* Re-armed on every change of the setting or of the source, so the first
 * refresh comes a full interval after either. */
static void
arm_auto_refresh (IlMainWindow *self)
{
  int minutes = g_settings_get_int (self->settings, "auto-refresh-minutes");

  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  self->auto_refresh_s = 0;
  if (minutes <= 0 || !is_remote (self))
    return;

  self->auto_refresh_s = (guint) minutes * 60;
  self->auto_refresh_id = g_timeout_add_seconds (self->auto_refresh_s, auto_refresh_cb, self);
  g_source_set_name_by_id (self->auto_refresh_id, "[interview-latency] auto-refresh");
}

/* ---- actions and signals ---------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  il_main_window_refresh (IL_MAIN_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IlMainWindow *self = IL_MAIN_WINDOW (widget);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static void
page_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IlMainWindow *self = IL_MAIN_WINDOW (widget);
  int n = gtk_notebook_get_n_pages (self->notebook);
  int page = gtk_notebook_get_current_page (self->notebook);

  page += g_str_equal (action_name, "win.page-next") ? 1 : -1;
  gtk_notebook_set_current_page (self->notebook, (page + n) % n);
}

static void
on_csv_response (GtkNativeDialog *dialog,
                 int              response,
                 IlMainWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      update_row_page (self, IL_PAGE_RAW);
      if (file != NULL)
        il_raw_page_save_csv (IL_RAW_PAGE (self->pages[IL_PAGE_RAW]), file, TRUE);
    }
  g_clear_object (&self->csv_chooser);
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IlMainWindow *self = IL_MAIN_WINDOW (widget);

  if (self->shown_store == NULL || self->csv_chooser != NULL)
    return;

  self->csv_chooser = gtk_file_chooser_native_new (_("Save Filtered Rows as CSV"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->csv_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->csv_chooser), "interview-latency.csv");
  g_signal_connect_object (self->csv_chooser, "response", G_CALLBACK (on_csv_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->csv_chooser));
}

static void
on_show_session (GtkWidget    *page,
                 guint         session,
                 IlMainWindow *self)
{
  il_main_window_set_page (self, IL_PAGE_SESSIONS);
  il_sessions_page_select_session (IL_SESSIONS_PAGE (self->pages[IL_PAGE_SESSIONS]), session);
}

static void
on_histogram_step_changed (IlOverviewPage *page,
                           guint           step,
                           IlMainWindow   *self)
{
  self->histogram_step = step;
  schedule_compute (self);
}

/* The range controls show the range in use, without acting on it. */
static void
sync_range_controls (IlMainWindow *self)
{
  self->syncing_range = TRUE;
  gtk_spin_button_set_value (self->days_spin, get_days (self));
  gtk_toggle_button_set_active (self->all_data_button, get_all_data (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_spin), !get_all_data (self));
  self->syncing_range = FALSE;
}

static void on_settings_changed (GSettings    *settings,
                                 const char   *key,
                                 IlMainWindow *self);

/* A range the user picked: it becomes the saved preference. */
static void
save_range (IlMainWindow *self,
            int           days,
            gboolean      all_data)
{
  self->range_once = FALSE;
  g_signal_handlers_block_by_func (self->settings, on_settings_changed, self);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "days", CLAMP (days, 1, 365));
  g_settings_set_boolean (self->settings, "all-data", all_data);
  g_settings_apply (self->settings);
  g_signal_handlers_unblock_by_func (self->settings, on_settings_changed, self);
  sync_range_controls (self);
  on_range_changed (self);
}

static void
on_days_changed (IlMainWindow *self)
{
  int days = gtk_spin_button_get_value_as_int (self->days_spin);

  if (!self->syncing_range && days != get_days (self))
    save_range (self, days, get_all_data (self));
}

static void
on_all_data_toggled (IlMainWindow *self)
{
  gboolean all_data = gtk_toggle_button_get_active (self->all_data_button);

  if (!self->syncing_range && all_data != get_all_data (self))
    save_range (self, get_days (self), all_data);
}

static void
on_settings_changed (GSettings    *settings,
                     const char   *key,
                     IlMainWindow *self)
{
  if (g_str_equal (key, "days") || g_str_equal (key, "all-data"))
    {
      /* Saved elsewhere (Preferences): that replaces a one-off range. */
      self->range_once = FALSE;
      sync_range_controls (self);
      on_range_changed (self);
    }
  else if (g_str_equal (key, "trend-bucket") || g_str_equal (key, "local-time"))
    schedule_compute (self);
  else if (g_str_equal (key, "auto-refresh-minutes"))
    arm_auto_refresh (self);
}

static void
on_retry (IlMainWindow *self)
{
  il_main_window_refresh (self);
}

static gboolean
bucket_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  static const char *names[] = { "5min", "15min", "hour", "day" };
  const char *s = g_variant_get_string (variant, NULL);

  for (int i = 0; i < (int) G_N_ELEMENTS (names); i++)
    if (g_str_equal (s, names[i]))
      {
        g_value_set_int (value, i);
        return TRUE;
      }
  g_value_set_int (value, IL_BUCKET_DAY);
  return TRUE;
}

static GVariant *
bucket_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  static const char *names[] = { "5min", "15min", "hour", "day" };
  int i = g_value_get_int (value);

  return g_variant_new_string (names[CLAMP (i, 0, 3)]);
}

/* ---- GObject ---------------------------------------------------------- */

static void
il_main_window_dispose (GObject *object)
{
  IlMainWindow *self = IL_MAIN_WINDOW (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  g_clear_pointer (&self->last_toast, g_free);
  if (self->csv_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->csv_chooser));
  g_clear_object (&self->csv_chooser);
  self->compute_generation++;

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_MAIN_WINDOW);

  /* The pages are gone: nothing borrows these any more. */
  g_clear_pointer (&self->agg, il_aggregates_free);
  g_clear_pointer (&self->shown_store, il_row_store_unref);
  g_clear_pointer (&self->store, il_row_store_unref);
  g_clear_pointer (&self->config, il_config_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (il_main_window_parent_class)->dispose (object);
}

static void
il_main_window_class_init (IlMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_main_window_dispose;

  /* Links the resources (their constructor registers them) out of the
   * static library. */
  g_assert (il_get_resource () != NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, status_badge);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, all_data_button);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, unavailable_page);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.save-csv", NULL, save_csv_action);
  gtk_widget_class_install_action (widget_class, "win.page-next", NULL, page_step_action);
  gtk_widget_class_install_action (widget_class, "win.page-previous", NULL, page_step_action);
}

static void
il_main_window_init (IlMainWindow *self)
{
  static const char *tile_titles[IL_N_TILES] = {
    N_("Total Records"), N_("Avg Latency"), N_("P95 Latency"),
    N_("Success Rate"), N_("Unique Sessions"), N_("Total Time"),
  };
  static const char *page_titles[IL_N_PAGES] = {
    N_("Overview"), N_("Step Analysis"), N_("Trends"), N_("Heatmap"),
    N_("Session Deep Dive"), N_("Error Analysis"), N_("Raw Data"),
  };

  g_type_ensure (IL_TYPE_STATUS_BADGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->histogram_step = IL_STR_NONE;
  self->store_bound = IL_TIME_NONE;
  self->settings = il_settings_new ();

  for (guint i = 0; i < IL_N_TILES; i++)
    {
      self->tiles[i] = IL_METRIC_TILE (il_metric_tile_new (_(tile_titles[i])));
      gtk_box_append (self->tiles_box, GTK_WIDGET (self->tiles[i]));
    }

  self->pages[IL_PAGE_OVERVIEW] = il_overview_page_new ();
  self->pages[IL_PAGE_STEP_ANALYSIS] = il_step_analysis_page_new ();
  self->pages[IL_PAGE_TRENDS] = il_trend_page_new ();
  self->pages[IL_PAGE_HEATMAP] = il_latency_heatmap_page_new ();
  self->pages[IL_PAGE_SESSIONS] = il_sessions_page_new ();
  self->pages[IL_PAGE_ERRORS] = il_errors_page_new ();
  self->pages[IL_PAGE_RAW] = il_raw_page_new ();
  for (guint i = 0; i < IL_N_PAGES; i++)
    gtk_notebook_append_page (self->notebook, self->pages[i], gtk_label_new (_(page_titles[i])));

  g_signal_connect_object (self->pages[IL_PAGE_ERRORS], "show-session",
                           G_CALLBACK (on_show_session), self, 0);
  g_signal_connect_object (self->pages[IL_PAGE_RAW], "show-session",
                           G_CALLBACK (on_show_session), self, 0);
  g_signal_connect_object (self->pages[IL_PAGE_OVERVIEW], "histogram-step-changed",
                           G_CALLBACK (on_histogram_step_changed), self, 0);
  /* Before the notebook's own handler, so the page is filled before it is mapped. */
  g_signal_connect_object (self->notebook, "switch-page", G_CALLBACK (on_switch_page), self, 0);
  g_signal_connect_object (self->status_badge, "retry", G_CALLBACK (on_retry), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "selected-page", self->notebook, "page", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "trend-bucket", self->pages[IL_PAGE_TRENDS], "bucket",
                                G_SETTINGS_BIND_DEFAULT, bucket_get_mapping, bucket_set_mapping, NULL, NULL);

  sync_range_controls (self);
  g_signal_connect_object (self->days_spin, "value-changed", G_CALLBACK (on_days_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->all_data_button, "toggled", G_CALLBACK (on_all_data_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, 0);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Start with the pages focused, not with the spin button's text. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->notebook));

  update_busy (self);
  update_tiles (self);
}

IlMainWindow *
il_main_window_new (GtkApplication *app)
{
  return g_object_new (IL_TYPE_MAIN_WINDOW, "application", app, NULL);
}

static void
replace_source (IlMainWindow   *self,
                const IlConfig *config,
                gboolean        demo)
{
  g_clear_pointer (&self->config, il_config_free);
  self->config = config != NULL ? il_config_copy (config) : NULL;
  self->demo = demo;
  /* A new source: the old store says nothing about the new one's range. */
  g_clear_pointer (&self->store, il_row_store_unref);
  self->refreshed_us = 0;
  if (config != NULL && config->warning != NULL)
    toast (self, config->warning);
  arm_auto_refresh (self);
}

void
il_main_window_set_source (IlMainWindow   *self,
                           const IlConfig *config,
                           gboolean        demo)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));

  replace_source (self, config, demo);
  load (self);
}

gboolean
il_main_window_open_source (IlMainWindow   *self,
                            const IlConfig *config,
                            gboolean        demo)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), FALSE);

  replace_source (self, config, demo);
  if (is_remote (self) && !g_settings_get_boolean (self->settings, "refresh-on-start"))
    {
      /* Cancel whatever an earlier source started; wait for a Refresh. */
      self->load_generation++;
      if (self->load_cancellable != NULL)
        g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      update_busy (self);
      set_pages_loading (self, FALSE);
      il_status_badge_set_not_loaded (self->status_badge);
      show_unavailable (self, _("Not Loaded Yet"),
                        _("Data is loaded when you refresh (see Preferences)."));
      return FALSE;
    }
  load (self);
  return TRUE;
}

IlStatusBadge *
il_main_window_get_status_badge (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->status_badge;
}

const char *
il_main_window_get_last_toast (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->last_toast;
}

guint
il_main_window_get_auto_refresh_interval (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), 0);
  return self->auto_refresh_id != 0 ? self->auto_refresh_s : 0;
}

void
il_main_window_run_auto_refresh (IlMainWindow *self)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  auto_refresh_cb (self);
}

const IlConfig *
il_main_window_get_config (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->config;
}

void
il_main_window_refresh (IlMainWindow *self)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  load (self);
}

void
il_main_window_set_range (IlMainWindow *self,
                          int           days,
                          gboolean      all_data)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));

  save_range (self, days, all_data);
}

void
il_main_window_set_range_once (IlMainWindow *self,
                               int           days,
                               gboolean      all_data)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));

  self->range_once = TRUE;
  self->once_days = CLAMP (days, 1, 365);
  self->once_all_data = all_data;
  sync_range_controls (self);
  on_range_changed (self);
}

void
il_main_window_set_page (IlMainWindow *self,
                         IlPage        page)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  g_return_if_fail (page < IL_N_PAGES);
  gtk_notebook_set_current_page (self->notebook, page);
}

IlPage
il_main_window_get_page (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), IL_PAGE_OVERVIEW);
  return gtk_notebook_get_current_page (self->notebook);
}

GtkWidget *
il_main_window_get_page_widget (IlMainWindow *self,
                                IlPage        page)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  g_return_val_if_fail (page < IL_N_PAGES, NULL);
  /* Whoever asks for a page gets it filled. */
  update_row_page (self, page);
  return self->pages[page];
}

gboolean
il_main_window_is_idle (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), FALSE);
  return self->load_cancellable == NULL && !self->computing;
}

IlRowStore *
il_main_window_get_store (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->shown_store;
}

const IlAggregates *
il_main_window_get_aggregates (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->agg;
}

const char *
il_main_window_get_tile_value (IlMainWindow *self,
                               IlTile        tile)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  g_return_val_if_fail (tile < IL_N_TILES, NULL);
  return il_metric_tile_get_value (self->tiles[tile]);
}

gint64
il_main_window_get_now (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), 0);
  return self->store != NULL ? self->store_now : demo_now ();
}
