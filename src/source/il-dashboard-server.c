/* il-dashboard-server.c: the dashboard's figures computed by the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In server mode a load asks interview_latency_summary for every figure and
 * downloads no row: the snapshot holds the summary and a store of names only.
 * Automatic mode first counts the range's rows (one HEAD request) and
 * downloads them as before below the threshold, or when the function is
 * missing; a forced server mode reports a missing function instead.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-dashboard-private.h"
#include "il-supabase-summary.h"

typedef struct
{
  IlDashboard      *self;
  guint             generation;
  gint64            bound;
  gint64            now;
  IlSupabaseClient *client;
  gboolean          reload_all;
  IlComputeMode     asked;          /* before the count settled AUTOMATIC */
  char             *histogram_step; /* the step's name, NULL: every step */
  IlSummary        *summary;        /* the range's, while the previous period's is asked */
  gint64            prev_from, prev_to;
} ServerLoad;

static void
server_load_free (ServerLoad *data)
{
  g_clear_object (&data->client);
  g_clear_pointer (&data->summary, il_summary_free);
  g_free (data->histogram_step);
  g_object_unref (data->self);
  g_free (data);
}

/* The local time zone's IANA name, for time buckets in local time. */
static char *
local_zone_name (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *id = g_time_zone_get_identifier (tz);

  /* GLib names a zone it could not identify by its file or offset */
  if (id == NULL || id[0] == '\0' || id[0] == '/' || id[0] == '+' || id[0] == '-')
    return g_strdup ("UTC");
  return g_strdup (id);
}

void
_il_dashboard_set_server_side (IlDashboard *self,
                               gboolean     server_side)
{
  server_side = !!server_side;
  if (server_side == self->server_side)
    return;
  self->server_side = server_side;
  _il_dashboard_notify_server_side (self);
  /* Realtime's changes are not acted on in server mode */
  g_object_notify (G_OBJECT (self), "realtime");
}

static gboolean
is_function_problem (const GError *error)
{
  return g_error_matches (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_MISSING) ||
         g_error_matches (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION);
}

static void
publish_summary (ServerLoad *data,
                 IlSummary  *summary)
{
  IlDashboard *self = data->self;
  g_autoptr(IlRowStore) names = il_summary_dup_names (summary);
  IlStrId step = IL_STR_NONE;

  if (data->histogram_step != NULL)
    {
      gint64 id = il_string_pool_lookup (names->steps, data->histogram_step);

      step = id >= 0 ? (IlStrId) id : IL_STR_NONE;
    }
  summary->agg->options.histogram_step = step;

  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = il_row_store_ref (names);
  self->store_bound = data->bound;
  self->store_now = data->now;
  self->store_has_meta = FALSE;
  self->refreshed_us = g_get_real_time ();
  _il_dashboard_set_advice (self, NULL);
  _il_dashboard_set_server_side (self, TRUE);
  /* The names' ids of this summary, without recomputing anything. */
  _il_dashboard_sync_histogram_step (self, step);
  _il_dashboard_set_snapshot (self, il_snapshot_new_from_summary (names, summary));
  _il_dashboard_set_state (self, IL_DASHBOARD_STATE_READY, NULL);
}

/* The previous period's figures, from a second call for its window. */
static void
previous_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ServerLoad *data = user_data;
  IlDashboard *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) previous = il_supabase_summary_fetch_finish (result, &error);

  if (data->generation != self->load_generation)
    {
      server_load_free (data);
      return;
    }
  g_clear_object (&self->load_cancellable);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _il_dashboard_set_state (self, IL_DASHBOARD_STATE_CANCELLED, NULL);
      server_load_free (data);
      return;
    }
  /* without it the range's figures still show, only not compared */
  if (previous == NULL)
    g_debug ("The previous period was not computed: %s", error->message);
  g_clear_pointer (&self->server_previous, il_period_figures_free);
  if (previous != NULL)
    self->server_previous = il_period_figures_from_aggregates (previous->agg, data->prev_from, data->prev_to);
  publish_summary (data, g_steal_pointer (&data->summary));
  server_load_free (data);
}

static void
fetch_previous (ServerLoad *data)
{
  IlDashboard *self = data->self;
  IlSummaryQuery query;

  il_period_previous_window (data->now, (guint) self->days, &data->prev_from, &data->prev_to);
  il_summary_query_init (&query);
  query.created_min = data->prev_from;
  query.created_max = data->prev_to;
  /* only the figures are compared: no session list */
  query.session_limit = 0;
  il_supabase_summary_fetch_async (self->config->url, self->config->key, &query, 0,
                                   self->load_cancellable, previous_done, data);
}

static void
summary_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ServerLoad *data = user_data;
  IlDashboard *self = data->self;
  g_autoptr(GError) error = NULL;
  IlSummary *summary = il_supabase_summary_fetch_finish (result, &error);

  if (data->generation != self->load_generation)
    {
      g_clear_pointer (&summary, il_summary_free);
      server_load_free (data);
      return;
    }

  if (summary != NULL && data->bound != IL_TIME_NONE)
    {
      data->summary = summary;
      fetch_previous (data);
      return;
    }
  else if (summary != NULL)
    {
      g_clear_object (&self->load_cancellable);
      g_clear_pointer (&self->server_previous, il_period_figures_free);
      publish_summary (data, summary);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->load_cancellable);
      _il_dashboard_set_state (self, IL_DASHBOARD_STATE_CANCELLED, NULL);
    }
  else if (data->asked == IL_COMPUTE_AUTOMATIC && is_function_problem (error))
    {
      g_autofree char *text = il_compute_mode_explain_error (error);
      /* Translators: %s says what is wrong with the database function */
      g_autofree char *notice = g_strdup_printf (_("%s\nComputing the figures from the downloaded rows instead."),
                                                 text);

      _il_dashboard_set_notice (self, notice);
      _il_dashboard_load_rows (self, data->client, data->reload_all);
    }
  else
    {
      g_autofree char *text = il_compute_mode_explain_error (error);

      g_clear_object (&self->load_cancellable);
      /* the figures already shown stay */
      _il_dashboard_set_state (self, IL_DASHBOARD_STATE_FAILED,
                               g_error_new_literal (error->domain, error->code, text));
    }
  server_load_free (data);
}

static void
fetch_summary (ServerLoad *data)
{
  IlDashboard *self = data->self;
  IlSummaryQuery query;
  g_autofree char *zone = self->local_time ? local_zone_name () : NULL;

  il_summary_query_init (&query);
  query.created_min = data->bound;
  query.trend_bucket = self->trend_bucket;
  query.time_zone = zone;
  query.histogram_step = data->histogram_step;
  query.session_limit = IL_DASHBOARD_SERVER_SESSIONS;
  il_supabase_summary_fetch_async (self->config->url, self->config->key, &query, 0,
                                   self->load_cancellable, summary_done, data);
}

static void
decided (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ServerLoad *data = user_data;
  IlDashboard *self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 n_rows = -1;
  IlComputeMode mode = il_compute_mode_decide_finish (result, &n_rows, &error);

  if (data->generation != self->load_generation)
    {
      server_load_free (data);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->load_cancellable);
      _il_dashboard_set_state (self, IL_DASHBOARD_STATE_CANCELLED, NULL);
      server_load_free (data);
      return;
    }
  if (mode == IL_COMPUTE_SERVER)
    {
      fetch_summary (data);
      return;
    }
  /* Below the threshold, or the count failed: the download says what is wrong. */
  _il_dashboard_load_rows (self, data->client, data->reload_all);
  server_load_free (data);
}

void
_il_dashboard_load_server (IlDashboard      *self,
                           IlSupabaseClient *client,
                           gboolean          reload_all)
{
  ServerLoad *data = g_new0 (ServerLoad, 1);

  g_assert (self->compute_mode != IL_COMPUTE_CLIENT);

  data->self = g_object_ref (self);
  data->generation = self->load_generation;
  data->now = g_get_real_time ();
  data->bound = _il_dashboard_range_min (self, data->now);
  data->client = g_object_ref (client);
  data->reload_all = reload_all;
  data->asked = self->compute_mode;
  if (self->histogram_step != IL_STR_NONE && self->store != NULL)
    data->histogram_step = g_strdup (il_string_pool_get (self->store->steps, self->histogram_step));
  _il_dashboard_notify_progress (self);

  il_compute_mode_decide_async (self->config->url, self->config->key, self->compute_mode,
                                self->compute_threshold, data->bound, IL_TIME_NONE,
                                self->load_cancellable, decided, data);
}

/* ---- the mode ---------------------------------------------------------- */

/* A new mode or threshold takes effect with a load, at once when something
 * from the database is shown or the mode leaves it. */
static void
apply_compute_mode (IlDashboard   *self,
                    IlComputeMode  mode,
                    guint64        threshold)
{
  gboolean changed = mode != self->compute_mode || threshold != self->compute_threshold;

  self->compute_mode = mode;
  self->compute_threshold = threshold;
  if (changed && il_dashboard_is_remote (self) && self->store != NULL)
    _il_dashboard_load (self);
}

static void
load_compute_settings (IlDashboard *self)
{
  IlComputeMode mode;
  guint64 threshold;

  il_compute_mode_read_settings (self->settings, &mode, &threshold);
  apply_compute_mode (self, mode, threshold);
}

void
_il_dashboard_bind_compute_settings (IlDashboard *self,
                                     GSettings   *settings)
{
  il_compute_mode_read_settings (settings, &self->compute_mode, &self->compute_threshold);
  g_signal_connect_object (settings, "changed::compute-mode", G_CALLBACK (load_compute_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::server-side-threshold",
                           G_CALLBACK (load_compute_settings), self, G_CONNECT_SWAPPED);
}

IlComputeMode
il_dashboard_get_compute_mode (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), IL_COMPUTE_CLIENT);
  return self->compute_mode;
}

void
il_dashboard_set_compute_mode_once (IlDashboard   *self,
                                    IlComputeMode  mode)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  g_return_if_fail (mode <= IL_COMPUTE_AUTOMATIC);

  apply_compute_mode (self, mode, self->compute_threshold);
}

gboolean
il_dashboard_get_server_side (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->server_side;
}
