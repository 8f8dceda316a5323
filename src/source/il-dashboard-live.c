/* il-dashboard-live.c: the dashboard's live mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live tick is a quiet load (no loading state) on a timer; the properties
 * and their setters are in il-dashboard.c. With Supabase Realtime a change
 * of the table also starts one within a second; the timer stays, for what
 * Realtime does not tell (a table outside its publication, a lost message).
 */
#include "config.h"

#include "il-dashboard-private.h"

/* a burst of inserts becomes one fetch */
#define REALTIME_SETTLE_MS 500
/* and a steady stream one fetch every few seconds */
#define REALTIME_SPACING_US (5 * G_USEC_PER_SEC)

static gboolean
busy (IlDashboard *self)
{
  return self->load_cancellable != NULL || self->computing || self->saves_pending > 0;
}

static gboolean
auto_refresh_cb (gpointer user_data)
{
  IlDashboard *self = IL_DASHBOARD (user_data);

  /* Ticks never overlap: one that finds a load, a computation or a save
   * still running is skipped, and the next one comes a full interval later. */
  if (!busy (self))
    _il_dashboard_load_quietly (self);
  return G_SOURCE_CONTINUE;
}

static void
arm_timer (IlDashboard *self)
{
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  self->auto_refresh_s = 0;
  if (!self->live || self->live_paused || !il_dashboard_is_remote (self))
    return;

  self->auto_refresh_s = (guint) self->live_interval_s;
  self->auto_refresh_id = g_timeout_add_seconds (self->auto_refresh_s, auto_refresh_cb, self);
  g_source_set_name_by_id (self->auto_refresh_id, "[interview-latency] live");
}

static void schedule_realtime_tick (IlDashboard *self, guint ms);

static gboolean
realtime_tick_cb (gpointer user_data)
{
  IlDashboard *self = IL_DASHBOARD (user_data);
  gint64 now = g_get_monotonic_time ();
  gint64 wait_us = self->realtime_tick_us + REALTIME_SPACING_US - now;

  self->realtime_tick_id = 0;
  /* A load already running may have started before the change: the
   * change gets its own tick once it is done. */
  if (busy (self) || wait_us > 0)
    {
      schedule_realtime_tick (self, busy (self) ? REALTIME_SETTLE_MS : (guint) (wait_us / 1000) + 1);
      return G_SOURCE_REMOVE;
    }
  self->realtime_tick_us = now;
  _il_dashboard_load_quietly (self);
  /* the next poll a full interval after this fetch */
  arm_timer (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_realtime_tick (IlDashboard *self,
                        guint        ms)
{
  if (self->realtime_tick_id != 0)
    return;
  self->realtime_tick_id = g_timeout_add (ms, realtime_tick_cb, self);
  g_source_set_name_by_id (self->realtime_tick_id, "[interview-latency] realtime tick");
}

static void
on_realtime_changed (IlDashboard *self)
{
  /* A database summary costs seconds of the server's time per call: in
   * server mode the interval alone paces them. */
  if (self->server_side || self->live_paused)
    return;
  schedule_realtime_tick (self, REALTIME_SETTLE_MS);
}

static void
on_realtime_state (IlDashboard *self)
{
  g_object_notify (G_OBJECT (self), "realtime");
}

void
_il_dashboard_drop_realtime (IlDashboard *self)
{
  g_clear_handle_id (&self->realtime_tick_id, g_source_remove);
  if (self->realtime == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->realtime, self);
  il_realtime_stop (self->realtime);
  g_clear_object (&self->realtime);
  g_object_notify (G_OBJECT (self), "realtime");
}

/* Re-armed on every change of the settings or of the source, so the first
 * tick comes a full interval after either. Realtime is connected while the
 * timer runs. */
void
_il_dashboard_arm_live (IlDashboard *self)
{
  arm_timer (self);
  if (self->auto_refresh_id == 0)
    {
      _il_dashboard_drop_realtime (self);
      return;
    }
  if (self->realtime == NULL)
    {
      self->realtime = il_realtime_new (self->config->url, self->config->key);
      g_signal_connect_swapped (self->realtime, "changed", G_CALLBACK (on_realtime_changed), self);
      g_signal_connect_swapped (self->realtime, "notify::state", G_CALLBACK (on_realtime_state), self);
      il_realtime_start (self->realtime);
    }
}

gboolean
il_dashboard_get_realtime (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->realtime != NULL && !self->server_side
         && il_realtime_get_state (self->realtime) == IL_REALTIME_SUBSCRIBED;
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
