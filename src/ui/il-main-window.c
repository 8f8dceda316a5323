/* il-main-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows an IlDashboard, which owns the source, the loads and the
 * computations: it reacts to the dashboard's state and snapshot.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-compact-bin.h"
#include "il-csv-save.h"
#include "il-dashboard.h"
#include "il-error-bar.h"
#include "il-errors-page.h"
#include "il-format.h"
#include "il-heap-keep.h"
#include "il-latency-heatmap-page.h"
#include "il-main-window-private.h"
#include "il-main-window-slo.h"
#include "il-metric-tile.h"
#include "il-resources.h"
#include "il-overview-page.h"
#include "il-raw-page.h"
#include "il-sessions-page.h"
#include "il-settings.h"
#include "il-shm-keep.h"
#include "il-status-badge.h"
#include "il-step-analysis-page.h"
#include "il-trend-page.h"
#include "il-wrap-box.h"

G_DEFINE_FINAL_TYPE (IlMainWindow, il_main_window, ADW_TYPE_APPLICATION_WINDOW)

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

/* A problem the load got past, such as a damaged cache it discarded. */
static void
on_notice_changed (IlMainWindow *self)
{
  if (il_dashboard_get_notice (self->dashboard) != NULL)
    toast (self, il_dashboard_get_notice (self->dashboard));
}

/* ---- tiles and pages -------------------------------------------------- */

static void
update_tiles (IlMainWindow *self)
{
  const IlAggregates *agg = self->snapshot != NULL ? il_snapshot_get_aggregates (self->snapshot) : NULL;
  char *values[IL_N_TILES] = { NULL, };

  if (agg != NULL)
    {
      values[IL_TILE_TOTAL_RECORDS] = il_format_count_str (agg->key.total_records);
      values[IL_TILE_AVG_LATENCY] = il_format_latency_ms (agg->key.avg_latency_ms);
      values[IL_TILE_P95_LATENCY] = il_format_latency_ms (agg->key.p95_latency_ms);
      values[IL_TILE_SUCCESS_RATE] = il_format_percent_str (agg->key.success_rate_pct);
      values[IL_TILE_UNIQUE_SESSIONS] = il_format_count_str (agg->key.unique_sessions);
      values[IL_TILE_TOTAL_TIME] = agg->key.total_records > 0
                                   ? il_format_duration (agg->key.total_latency_ms) : NULL;
    }
  for (guint i = 0; i < IL_N_TILES; i++)
    {
      il_metric_tile_set_value (self->tiles[i], values[i]);
      g_free (values[i]);
    }
  {
    /* the tile rounds to minutes; the exact sum on hover */
    g_autofree char *exact = values[IL_TILE_TOTAL_TIME] != NULL
                             ? il_format_exact_ms (agg->key.total_latency_ms) : NULL;

    il_cell_set_tooltip (GTK_WIDGET (self->tiles[IL_TILE_TOTAL_TIME]), exact);
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
      il_cell_set_tooltip (GTK_WIDGET (self->tiles[IL_TILE_TOTAL_RECORDS]), tooltip);
    }
  else
    {
      il_metric_tile_set_caption (self->tiles[IL_TILE_TOTAL_RECORDS], agg != NULL ? _("all data") : NULL);
      il_cell_set_tooltip (GTK_WIDGET (self->tiles[IL_TILE_TOTAL_RECORDS]), NULL);
    }
}

static void
update_skipped (IlMainWindow *self)
{
  IlRowStore *store = self->snapshot != NULL ? il_snapshot_get_store (self->snapshot) : NULL;

  if (store != NULL && store->n_skipped > 0)
    {
      g_autofree char *n = il_format_count_str (store->n_skipped);
      /* Translators: "3 rows skipped: row 17: missing field "latency_ms"" */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row skipped: %s",
                                                            "%s rows skipped: %s",
                                                            store->n_skipped),
                                               n,
                                               store->first_skip_reason != NULL ? store->first_skip_reason : "");
      gtk_label_set_text (self->skipped_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), FALSE);
}

/* The pages observe the dashboard themselves; the window shows the tiles. */
static void
show_snapshot (IlMainWindow *self)
{
  IlSnapshot *snapshot = il_dashboard_get_snapshot (self->dashboard);

  g_clear_pointer (&self->snapshot, il_snapshot_unref);
  self->snapshot = snapshot != NULL ? il_snapshot_ref (snapshot) : NULL;
  update_tiles (self);
  update_skipped (self);
  /* A new range filters without a new load: the badge's count follows. */
  if (il_dashboard_get_state (self->dashboard) == IL_DASHBOARD_STATE_READY
      || il_dashboard_get_state (self->dashboard) == IL_DASHBOARD_STATE_CANCELLED)
    _il_main_window_on_state_changed (self);
}

static void
on_slo_view_changed (IlMainWindow *self,
                     GParamSpec   *pspec,
                     IlSloBoard   *board)
{
  _il_main_window_slo_update_tiles (self->tiles, il_slo_board_get_view (board));
}

static void
on_slo_breached (IlMainWindow      *self,
                 const IlSloResult *result)
{
  _il_main_window_slo_notify (GTK_WINDOW (self), result);
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
  il_dashboard_cancel (IL_MAIN_WINDOW (widget)->dashboard);
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
on_csv_chosen (GtkWidget *widget,
               GFile     *file,
               gpointer   user_data)
{
  IlMainWindow *self = IL_MAIN_WINDOW (widget);
  IlDashboardPage *raw = IL_DASHBOARD_PAGE (self->pages[IL_PAGE_RAW]);

  /* The Raw Data page's filter decides the rows. */
  il_dashboard_page_update (raw);
  if (il_dashboard_page_get_snapshot (raw) != NULL)
    il_raw_page_save_csv (IL_RAW_PAGE (raw), file, TRUE);
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  if (IL_MAIN_WINDOW (widget)->snapshot == NULL)
    return;
  il_csv_save_choose (widget, _("Save Filtered Rows as CSV"), "interview-latency.csv", on_csv_chosen, NULL);
}

/* win.show-session: the session deep dive of the session with that id. */
static void
show_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IlMainWindow *self = IL_MAIN_WINDOW (widget);
  IlDashboardPage *page = IL_DASHBOARD_PAGE (self->pages[IL_PAGE_SESSIONS]);
  IlUuid id;

  if (!il_uuid_parse (g_variant_get_string (parameter, NULL), -1, &id))
    return;
  il_main_window_set_page (self, IL_PAGE_SESSIONS);
  il_dashboard_page_update (page);
  if (il_dashboard_page_get_snapshot (page) == NULL)
    return;
  /* a session missing from a database summary's list is fetched */
  il_sessions_page_show_session_id (IL_SESSIONS_PAGE (page), &id);
}

/* A range the user picks is saved (il_dashboard_set_range). */
static void
on_days_changed (IlMainWindow *self)
{
  if (!self->syncing_range)
    il_dashboard_set_days (self->dashboard, gtk_spin_button_get_value_as_int (self->days_spin));
}

static void
on_all_data_toggled (IlMainWindow *self)
{
  if (!self->syncing_range)
    il_dashboard_set_all_data (self->dashboard, gtk_toggle_button_get_active (self->all_data_button));
}

/* The controls show the range in use, which may be a one-off one. */
/* The header shows the range in a word; the popover changes it. */
static void
update_range_label (IlMainWindow *self)
{
  int days = il_dashboard_get_days (self->dashboard);
  g_autofree char *label = NULL;

  if (il_dashboard_get_all_data (self->dashboard))
    label = g_strdup (_("All Data"));
  else
    /* translators: the time range button in the header, "30 days" */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
  gtk_menu_button_set_label (self->range_button, label);
}

static void
on_range_changed (IlMainWindow *self)
{
  gboolean all_data = il_dashboard_get_all_data (self->dashboard);

  self->syncing_range = TRUE;
  gtk_spin_button_set_value (self->days_spin, il_dashboard_get_days (self->dashboard));
  gtk_toggle_button_set_active (self->all_data_button, all_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_spin), !all_data);
  update_range_label (self);
  self->syncing_range = FALSE;
}

static void
on_retry (IlMainWindow *self)
{
  il_main_window_refresh (self);
}

/* ---- GObject ---------------------------------------------------------- */

static void
il_main_window_dispose (GObject *object)
{
  IlMainWindow *self = IL_MAIN_WINDOW (object);

  if (self->dashboard != NULL)
    g_signal_handlers_disconnect_by_data (self->dashboard, self);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->config_problem, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_MAIN_WINDOW);

  /* After the pages, which observe the dashboard. */
  g_clear_pointer (&self->snapshot, il_snapshot_unref);
  g_clear_object (&self->dashboard);
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
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, range_button);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, unavailable_preferences_button);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, unavailable_retry_button);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IlMainWindow, unavailable_page);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.save-csv", NULL, save_csv_action);
  gtk_widget_class_install_action (widget_class, "win.show-session", "s", show_session_action);
  gtk_widget_class_install_action (widget_class, "win.page-next", NULL, page_step_action);
  gtk_widget_class_install_action (widget_class, "win.page-previous", NULL, page_step_action);
  _il_main_window_live_class_init (widget_class);
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
  g_type_ensure (IL_TYPE_ERROR_BAR);
  g_type_ensure (IL_TYPE_WRAP_BOX);
  g_type_ensure (IL_TYPE_COMPACT_BIN);
  gtk_widget_init_template (GTK_WIDGET (self));
  il_shm_keep_install (GTK_WINDOW (self));
  il_heap_keep_install (GTK_WINDOW (self));

  self->settings = il_settings_new ();
  self->dashboard = il_dashboard_new (self->settings);

  for (guint i = 0; i < IL_N_TILES; i++)
    {
      self->tiles[i] = IL_METRIC_TILE (il_metric_tile_new (_(tile_titles[i])));
      il_wrap_box_append (self->tiles_box, GTK_WIDGET (self->tiles[i]));
    }

  self->pages[IL_PAGE_OVERVIEW] = il_overview_page_new ();
  self->pages[IL_PAGE_STEP_ANALYSIS] = il_step_analysis_page_new ();
  self->pages[IL_PAGE_TRENDS] = il_trend_page_new ();
  self->pages[IL_PAGE_HEATMAP] = il_latency_heatmap_page_new ();
  self->pages[IL_PAGE_SESSIONS] = il_sessions_page_new ();
  self->pages[IL_PAGE_ERRORS] = il_errors_page_new ();
  self->pages[IL_PAGE_RAW] = il_raw_page_new ();
  for (guint i = 0; i < IL_N_PAGES; i++)
    {
      il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (self->pages[i]), self->dashboard);
      gtk_notebook_append_page (self->notebook, self->pages[i], gtk_label_new (_(page_titles[i])));
    }

  g_signal_connect_object (self->status_badge, "retry", G_CALLBACK (on_retry), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "selected-page", self->notebook, "page", G_SETTINGS_BIND_DEFAULT);

  on_range_changed (self);
  g_signal_connect_object (self->days_spin, "value-changed", G_CALLBACK (on_days_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->all_data_button, "toggled", G_CALLBACK (on_all_data_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::days", G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::all-data", G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::state", G_CALLBACK (_il_main_window_on_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::snapshot", G_CALLBACK (show_snapshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::progress", G_CALLBACK (_il_main_window_on_progress_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::notice", G_CALLBACK (on_notice_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (il_slo_board_get (self->dashboard), "notify::view",
                           G_CALLBACK (on_slo_view_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (il_slo_board_get (self->dashboard), "breached",
                           G_CALLBACK (on_slo_breached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::refreshed-time", G_CALLBACK (_il_main_window_on_refreshed), self,
                           G_CONNECT_SWAPPED);
  _il_main_window_live_init (self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Start with the pages focused, not with the spin button's text. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->notebook));

  _il_main_window_update_busy (self);
  update_tiles (self);
}

void
il_main_window_set_use_cache (IlMainWindow *self,
                              gboolean      use_cache)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  il_dashboard_set_use_cache (self->dashboard, use_cache);
}

void
il_main_window_set_compute_mode_once (IlMainWindow  *self,
                                      IlComputeMode  mode)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  il_dashboard_set_compute_mode_once (self->dashboard, mode);
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
  gboolean has_url = config != NULL && config->url != NULL && config->url[0] != '\0';
  gboolean has_key = config != NULL && config->key != NULL && config->key[0] != '\0';

  il_dashboard_set_source (self->dashboard, config, demo);
  if (config != NULL && config->warning != NULL)
    toast (self, config->warning);

  /* Half a configuration falls back to demo data: say what is missing. */
  g_clear_pointer (&self->config_problem, g_free);
  if (!demo && has_url && !has_key)
    self->config_problem = g_strdup (_("A project URL is set but no API key: demo data is shown until you add the key."));
  else if (!demo && has_key && !has_url)
    self->config_problem = g_strdup (_("An API key is set but no project URL: demo data is shown until you add the URL."));
}

void
il_main_window_set_source (IlMainWindow   *self,
                           const IlConfig *config,
                           gboolean        demo)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));

  replace_source (self, config, demo);
  il_dashboard_refresh (self->dashboard);
}

gboolean
il_main_window_open_source (IlMainWindow   *self,
                            const IlConfig *config,
                            gboolean        demo)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), FALSE);

  replace_source (self, config, demo);
  if (il_dashboard_is_remote (self->dashboard) && !g_settings_get_boolean (self->settings, "refresh-on-start"))
    {
      /* Wait for a Refresh. */
      _il_main_window_update_busy (self);
      il_status_badge_set_not_loaded (self->status_badge);
      _il_main_window_show_unavailable (self, _("Not Loaded Yet"),
                                        _("Data is loaded when you refresh (see Preferences)."), FALSE, FALSE);
      return FALSE;
    }
  il_dashboard_refresh (self->dashboard);
  return TRUE;
}

IlStatusBadge *
_il_main_window_get_status_badge (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->status_badge;
}

const char *
_il_main_window_get_last_toast (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->last_toast;
}

guint
_il_main_window_get_auto_refresh_interval (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), 0);
  return il_dashboard_get_auto_refresh_interval (self->dashboard);
}

void
_il_main_window_run_auto_refresh (IlMainWindow *self)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  il_dashboard_run_auto_refresh (self->dashboard);
}

IlDashboard *
_il_main_window_get_dashboard (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->dashboard;
}

const IlConfig *
il_main_window_get_config (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return il_dashboard_get_config (self->dashboard);
}

void
il_main_window_refresh (IlMainWindow *self)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  il_dashboard_refresh (self->dashboard);
}

void
il_main_window_set_range (IlMainWindow *self,
                          int           days,
                          gboolean      all_data)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));

  il_dashboard_set_range (self->dashboard, days, all_data);
}

void
il_main_window_set_range_once (IlMainWindow *self,
                               int           days,
                               gboolean      all_data)
{
  g_return_if_fail (IL_IS_MAIN_WINDOW (self));
  il_dashboard_set_range_once (self->dashboard, days, all_data);
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
  il_dashboard_page_update (IL_DASHBOARD_PAGE (self->pages[page]));
  return self->pages[page];
}

gboolean
il_main_window_is_idle (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), FALSE);
  return il_dashboard_is_idle (self->dashboard);
}

IlRowStore *
il_main_window_get_store (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->snapshot != NULL ? il_snapshot_get_store (self->snapshot) : NULL;
}

const IlAggregates *
il_main_window_get_aggregates (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->snapshot != NULL ? il_snapshot_get_aggregates (self->snapshot) : NULL;
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
  return il_dashboard_get_now (self->dashboard);
}

IlDashboard *
il_main_window_get_dashboard (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return self->dashboard;
}
