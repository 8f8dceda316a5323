/* il-main-window-state.c: how the window follows the dashboard's state: the
 * busy controls, the status badge, the error bar and the unavailable view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-main-window-private.h"

void
_il_main_window_update_busy (IlMainWindow *self)
{
  gboolean loading = il_dashboard_is_loading (self->dashboard);
  const char *icon = loading ? "process-stop-symbolic" : "view-refresh-symbolic";

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", loading);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->refresh_button),
                                  loading ? "win.cancel" : "win.refresh");
  /* set again on every load and its end: only a change costs a restyle
   * and a round trip for the tooltip */
  if (g_strcmp0 (gtk_button_get_icon_name (self->refresh_button), icon) != 0)
    gtk_button_set_icon_name (self->refresh_button, icon);
  il_widget_set_tooltip_text (GTK_WIDGET (self->refresh_button), loading ? _("Cancel") : _("Refresh"));
}

/* The rows shown, as the tiles count them (the range's, not the store's). */
static guint64
shown_rows (IlSnapshot *snapshot)
{
  const IlAggregates *agg;

  if (snapshot == NULL)
    return 0;
  agg = il_snapshot_get_aggregates (snapshot);
  return agg != NULL ? agg->key.total_records : il_snapshot_get_store (snapshot)->n_rows;
}

/* With nothing loaded yet, a failed or cancelled load would leave every page
 * saying "no rows in the selected range", which is not what happened.
 * Returns whether it is shown (FALSE: the figures on screen stay). */
gboolean
_il_main_window_show_unavailable (IlMainWindow *self,
                                  const char   *title,
                                  const char   *reason,
                                  gboolean      failed,
                                  gboolean      offer_preferences)
{
  if (il_dashboard_has_data (self->dashboard))
    return FALSE;
  adw_status_page_set_title (self->unavailable_page, title);
  adw_status_page_set_description (self->unavailable_page, reason);
  gtk_widget_set_visible (self->unavailable_preferences_button, offer_preferences);
  /* The suggested action is the fix: Preferences for a bad key or URL. */
  if (offer_preferences)
    {
      gtk_widget_add_css_class (self->unavailable_preferences_button, "suggested-action");
      gtk_widget_remove_css_class (self->unavailable_retry_button, "suggested-action");
    }
  else
    {
      gtk_widget_remove_css_class (self->unavailable_preferences_button, "suggested-action");
      gtk_widget_add_css_class (self->unavailable_retry_button, "suggested-action");
    }
  /* A cancel is no failure: a plain Refresh, not a Retry. */
  gtk_button_set_label (GTK_BUTTON (self->unavailable_retry_button), failed ? _("_Retry") : _("_Refresh"));
  gtk_stack_set_visible_child_name (self->main_stack, "unavailable");
  return TRUE;
}

static void
show_pages (IlMainWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "pages");
}

const char *
_il_main_window_get_visible_view (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
_il_main_window_get_error_message (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);

  return il_error_bar_get_message (self->error_bar);
}

const char *
_il_main_window_get_unavailable_reason (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);

  return adw_status_page_get_description (self->unavailable_page);
}

/* The badge, the busy state and the unavailable view follow the dashboard. */
void
_il_main_window_on_state_changed (IlMainWindow *self)
{
  IlDashboard *dashboard = self->dashboard;
  IlSnapshot *snapshot = il_dashboard_get_snapshot (dashboard);
  const GError *error = il_dashboard_get_error (dashboard);

  _il_main_window_update_busy (self);
  if (il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_FAILED)
    ;
  else if (self->config_problem != NULL)
    il_error_bar_show (self->error_bar, self->config_problem, TRUE, FALSE);
  else
    il_error_bar_hide (self->error_bar);
  switch (il_dashboard_get_state (dashboard))
    {
    case IL_DASHBOARD_STATE_LOADING:
      show_pages (self);
      if (il_dashboard_is_remote (dashboard))
        il_status_badge_set_connecting (self->status_badge, 0, -1);
      break;
    case IL_DASHBOARD_STATE_READY:
      show_pages (self);
      if (il_dashboard_is_remote (dashboard))
        {
          il_status_badge_set_connected (self->status_badge, shown_rows (snapshot),
                                         il_dashboard_get_refreshed_time (dashboard));
          il_status_badge_set_server_side (self->status_badge, il_dashboard_get_server_side (dashboard));
          il_status_badge_set_advice (self->status_badge, il_dashboard_get_advice (dashboard));
        }
      else
        il_status_badge_set_demo (self->status_badge, shown_rows (snapshot));
      break;
    case IL_DASHBOARD_STATE_CANCELLED:
      /* A cancel is not a failure: what is shown stays, and the badge says so. */
      il_status_badge_set_cancelled (self->status_badge, shown_rows (snapshot));
      _il_main_window_show_unavailable (self, _("Loading Was Cancelled"), _("Refresh to load the data."), FALSE, FALSE);
      break;
    case IL_DASHBOARD_STATE_FAILED:
      /* One message in one place: the status page with nothing loaded, else
       * the error bar above the previous figures, which stay. */
      il_status_badge_set_failed (self->status_badge, error->message);
      if (!_il_main_window_show_unavailable (self, _("Could Not Load Data"), error->message, TRUE,
                                             il_error_needs_preferences (error)))
        il_error_bar_show (self->error_bar, error->message, il_error_needs_preferences (error), TRUE);
      break;
    case IL_DASHBOARD_STATE_IDLE:
    default:
      break;
    }
}

/* A live tick that found nothing new still moves the badge's time. */
void
_il_main_window_on_refreshed (IlMainWindow *self)
{
  if (il_dashboard_get_state (self->dashboard) == IL_DASHBOARD_STATE_READY)
    _il_main_window_on_state_changed (self);
}

void
_il_main_window_on_progress_changed (IlMainWindow *self)
{
  guint64 fetched;
  gint64 total;

  if (!il_dashboard_is_loading (self->dashboard) || !il_dashboard_is_remote (self->dashboard)
      || il_dashboard_is_live_load (self->dashboard))
    return;
  il_dashboard_get_fetch_counts (self->dashboard, &fetched, &total);
  il_status_badge_set_connecting (self->status_badge, fetched, total);
}
