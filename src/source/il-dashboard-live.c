/* il-dashboard-live.c: the dashboard's live mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live tick is a quiet load (no loading state) on a timer; the properties
 * and their setters are in il-dashboard.c.
 */
#include "config.h"

#include "il-dashboard-private.h"

static gboolean
auto_refresh_cb (gpointer user_data)
{
  IlDashboard *self = IL_DASHBOARD (user_data);

  /* Ticks never overlap: one that finds a load, a computation or a save
   * still running is skipped, and the next one comes a full interval later. */
  if (self->load_cancellable == NULL && !self->computing && self->saves_pending == 0)
    _il_dashboard_load_quietly (self);
  return G_SOURCE_CONTINUE;
}

/* Re-armed on every change of the settings or of the source, so the first
 * tick comes a full interval after either. */
void
_il_dashboard_arm_live (IlDashboard *self)
{
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  self->auto_refresh_s = 0;
  if (!self->live || self->live_paused || !il_dashboard_is_remote (self))
    return;

  self->auto_refresh_s = (guint) self->live_interval_s;
  self->auto_refresh_id = g_timeout_add_seconds (self->auto_refresh_s, auto_refresh_cb, self);
  g_source_set_name_by_id (self->auto_refresh_id, "[interview-latency] live");
}

/* An older version refreshed every N minutes: that becomes live mode, once. */
void
_il_dashboard_migrate_auto_refresh (GSettings *settings)
{
  int minutes = g_settings_get_int (settings, "auto-refresh-minutes");

  if (minutes <= 0)
    return;
  g_settings_set_int (settings, "live-interval-seconds", CLAMP (minutes * 60, 5, 3600));
  g_settings_set_boolean (settings, "live", TRUE);
  g_settings_reset (settings, "auto-refresh-minutes");
}

guint
il_dashboard_get_auto_refresh_interval (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), 0);
  return self->auto_refresh_id != 0 ? self->auto_refresh_s : 0;
}

void
il_dashboard_run_auto_refresh (IlDashboard *self)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  auto_refresh_cb (self);
}

void
il_dashboard_set_live_paused (IlDashboard *self,
                              gboolean     paused)
{
  gboolean missed;

  g_return_if_fail (IL_IS_DASHBOARD (self));

  paused = !!paused;
  if (paused == self->live_paused)
    return;
  self->live_paused = paused;
  /* Back in view after a tick's worth of time: catch up at once. */
  missed = !paused && self->live && self->refreshed_us != 0
           && g_get_real_time () - self->refreshed_us >= (gint64) self->live_interval_s * G_USEC_PER_SEC;
  _il_dashboard_arm_live (self);
  if (missed && self->auto_refresh_id != 0)
    auto_refresh_cb (self);
}

gboolean
il_dashboard_is_live_load (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->quiet_load;
}

gboolean
il_dashboard_get_live (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->live;
}

void
il_dashboard_set_live (IlDashboard *self,
                       gboolean     live)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  live = !!live;
  if (live == self->live)
    return;
  self->live = live;
  _il_dashboard_arm_live (self);
  g_object_notify (G_OBJECT (self), "live");
}

int
il_dashboard_get_live_interval (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), 30);
  return self->live_interval_s;
}

void
il_dashboard_set_live_interval (IlDashboard *self,
                                int          seconds)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  seconds = CLAMP (seconds, 5, 3600);
  if (seconds == self->live_interval_s)
    return;
  self->live_interval_s = seconds;
  _il_dashboard_arm_live (self);
  g_object_notify (G_OBJECT (self), "live-interval");
}
