/* il-main-window-live.c: the window's live mode and "Reload All Data"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Live toggle is the dashboard's "live" property (saved in the
 * settings); the dashboard runs the ticks. The window tells it when nobody
 * can see the data (unmapped or minimized), and says how old the data is in
 * the header's subtitle, once a second while shown.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-main-window-private.h"

#define LIVE_KEY "il-main-window-live"

typedef struct
{
  IlMainWindow   *window;          /* unowned: it owns this */
  GtkToggleButton *live_button;
  AdwWindowTitle *window_title;
  guint           clock_id;
  GdkSurface     *surface;         /* watched for "minimized" */
  gboolean        minimized;
} Live;

static Live *
get_live (IlMainWindow *self)
{
  return g_object_get_data (G_OBJECT (self), LIVE_KEY);
}

char *
_il_main_window_format_updated (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds < 60)
    /* Translators: the data's age in the header: "Updated 5 s ago" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d s ago", "Updated %d s ago", seconds),
                            (int) seconds);
  if (seconds < 3600)
    /* Translators: "Updated 3 min ago" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d min ago", "Updated %d min ago",
                                         seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 86400)
    /* Translators: "Updated 2 h ago" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d h ago", "Updated %d h ago",
                                         seconds / 3600),
                            (int) (seconds / 3600));
  /* Translators: "Updated 3 days ago" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated %d day ago", "Updated %d days ago",
                                       seconds / 86400),
                          (int) (seconds / 86400));
}

static void
update_subtitle (Live *live)
{
  IlDashboard *dashboard = _il_main_window_get_dashboard (live->window);
  gint64 refreshed = dashboard != NULL ? il_dashboard_get_refreshed_time (dashboard) : 0;
  g_autofree char *text = NULL;

  if (refreshed != 0 && il_dashboard_is_remote (dashboard))
    text = _il_main_window_format_updated ((g_get_real_time () - refreshed) / G_USEC_PER_SEC);
  adw_window_title_set_subtitle (live->window_title, text != NULL ? text : "");
}

static gboolean
clock_cb (gpointer user_data)
{
  update_subtitle (user_data);
  return G_SOURCE_CONTINUE;
}

/* The clock ticks and the dashboard polls only while the data can be seen. */
static void
update_visibility (Live *live)
{
  gboolean seen = gtk_widget_get_mapped (GTK_WIDGET (live->window)) && !live->minimized;

  if (_il_main_window_get_dashboard (live->window) != NULL)
    il_dashboard_set_live_paused (_il_main_window_get_dashboard (live->window), !seen);
  update_subtitle (live);
  if (seen && live->clock_id == 0)
    {
      live->clock_id = g_timeout_add_seconds (1, clock_cb, live);
      g_source_set_name_by_id (live->clock_id, "[interview-latency] updated clock");
    }
  else if (!seen)
    g_clear_handle_id (&live->clock_id, g_source_remove);
}

static void
on_surface_state (Live *live)
{
  live->minimized = GDK_IS_TOPLEVEL (live->surface)
                    && (gdk_toplevel_get_state (GDK_TOPLEVEL (live->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;
  update_visibility (live);
}

static void
on_realize (Live *live)
{
  live->surface = gtk_native_get_surface (GTK_NATIVE (live->window));
  g_signal_connect_swapped (live->surface, "notify::state", G_CALLBACK (on_surface_state), live);
}

static void
on_unrealize (Live *live)
{
  if (live->surface != NULL)
    g_signal_handlers_disconnect_by_data (live->surface, live);
  live->surface = NULL;
  live->minimized = FALSE;
}

static void
live_free (Live *live)
{
  g_clear_handle_id (&live->clock_id, g_source_remove);
  if (live->surface != NULL)
    g_signal_handlers_disconnect_by_data (live->surface, live);
  g_free (live);
}

static void
update_tooltip (Live *live)
{
  IlDashboard *dashboard = _il_main_window_get_dashboard (live->window);
  const char *text;

  if (!il_dashboard_get_live (dashboard))
    text = _("Live: refresh the data automatically");
  else if (il_dashboard_get_realtime (dashboard))
    text = _("Live: Supabase Realtime reports new rows as they arrive (click to stop)");
  else
    text = _("Live: the data refreshes automatically (click to stop)");
  il_widget_set_tooltip_text (GTK_WIDGET (live->live_button), text);
}

static void
on_realtime_notify (IlMainWindow *self)
{
  update_tooltip (get_live (self));
}

static void
on_live_changed (Live *live)
{
  IlDashboard *dashboard = _il_main_window_get_dashboard (live->window);
  gboolean on = il_dashboard_get_live (dashboard);

  update_tooltip (live);
  /* Turned on with data older than a tick: refresh now, not a tick later. */
  if (on && il_dashboard_get_auto_refresh_interval (dashboard) > 0
      && g_get_real_time () - il_dashboard_get_refreshed_time (dashboard)
         >= (gint64) il_dashboard_get_live_interval (dashboard) * G_USEC_PER_SEC)
    il_dashboard_run_auto_refresh (dashboard);
}

static void
on_live_notify (IlMainWindow *self)
{
  on_live_changed (get_live (self));
}

static void
on_refreshed_notify (IlMainWindow *self)
{
  update_subtitle (get_live (self));
}

/* Demo data does not change: nothing to poll. */
static void
on_state_notify (IlMainWindow *self)
{
  Live *live = get_live (self);

  gtk_widget_set_sensitive (GTK_WIDGET (live->live_button),
                            il_dashboard_is_remote (_il_main_window_get_dashboard (self)));
  update_subtitle (live);
}

static void
reload_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  il_dashboard_reload_all (_il_main_window_get_dashboard (IL_MAIN_WINDOW (widget)));
}

void
_il_main_window_live_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child_full (widget_class, "live_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "window_title", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "win.reload-all", NULL, reload_all_action);
}

void
_il_main_window_live_init (IlMainWindow *self)
{
  Live *live = g_new0 (Live, 1);
  IlDashboard *dashboard = _il_main_window_get_dashboard (self);

  live->window = self;
  live->live_button = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (self), IL_TYPE_MAIN_WINDOW,
                                                                         "live_button"));
  live->window_title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (self), IL_TYPE_MAIN_WINDOW,
                                                                        "window_title"));
  g_object_set_data_full (G_OBJECT (self), LIVE_KEY, live, (GDestroyNotify) live_free);

  gtk_accessible_update_property (GTK_ACCESSIBLE (live->live_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Live Updates"), -1);
  g_object_bind_property (dashboard, "live", live->live_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (dashboard, "notify::live", G_CALLBACK (on_live_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dashboard, "notify::realtime", G_CALLBACK (on_realtime_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dashboard, "notify::refreshed-time", G_CALLBACK (on_refreshed_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dashboard, "notify::state", G_CALLBACK (on_state_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "map", G_CALLBACK (update_visibility), live);
  g_signal_connect_swapped (self, "unmap", G_CALLBACK (update_visibility), live);
  g_signal_connect_swapped (self, "realize", G_CALLBACK (on_realize), live);
  g_signal_connect_swapped (self, "unrealize", G_CALLBACK (on_unrealize), live);
  on_live_changed (live);
  on_state_notify (self);
}

const char *
_il_main_window_get_updated_text (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return adw_window_title_get_subtitle (get_live (self)->window_title);
}

GtkToggleButton *
_il_main_window_get_live_button (IlMainWindow *self)
{
  g_return_val_if_fail (IL_IS_MAIN_WINDOW (self), NULL);
  return get_live (self)->live_button;
}
