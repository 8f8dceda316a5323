/* bench-dashboard-cache.c: the window's warm start through the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * IlDashboard over the fake PostgREST with N demo rows (default 200,000) and
 * DELAY_MS per request (default 50): a cold start (full fetch, cache
 * written), then a second dashboard's warm start: time to the first snapshot
 * (the cached rows), time to ready, and its requests; then a refresh that
 * finds nothing.
 * Usage: bench-dashboard-cache [ROWS [DELAY_MS]]
 */
#include "config.h"

#include <stdlib.h>
#include <glib/gstdio.h>

#include "../tests/fake-postgrest.h"
#include "il-dashboard-private.h"
#include "il-demo.h"

#define KEY "sb_publishable_bench"

static gint64 first_snapshot_at;

static double
secs_since (gint64 start, gint64 end)
{
  return (end - start) / 1e6;
}

static void
on_snapshot (IlDashboard *dashboard, GParamSpec *pspec, gpointer data)
{
  if (first_snapshot_at == 0)
    first_snapshot_at = g_get_monotonic_time ();
}

static void
wait_ready (IlDashboard *dashboard)
{
  while (!(il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY && il_dashboard_is_idle (dashboard)))
    {
      if (il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_FAILED)
        g_error ("load failed: %s", il_dashboard_get_error (dashboard)->message);
      g_main_context_iteration (NULL, TRUE);
    }
}

static IlDashboard *
new_dashboard (IlConfig *config, const char *dir)
{
  IlDashboard *dashboard = il_dashboard_new (NULL);

  il_dashboard_set_use_cache (dashboard, TRUE);
  _il_dashboard_set_cache_dir (dashboard, dir);
  il_dashboard_set_source (dashboard, config, FALSE);
  il_dashboard_set_range_once (dashboard, 30, TRUE);
  return dashboard;
}

int
main (int argc, char *argv[])
{
  guint n_rows = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  guint delay_ms = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autoptr(IlRowStore) table = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlConfig) config = il_config_new ();
  g_autofree char *dir = g_dir_make_tmp ("il-bench-dashboard-XXXXXX", NULL);
  g_autoptr(IlDashboard) cold = NULL;
  g_autoptr(IlDashboard) warm = NULL;
  gint64 start, end;
  guint before;

  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (KEY);
  il_fake_postgrest_set_delay (fake, delay_ms);
  g_print ("%u rows, %u ms per request\n", n_rows, delay_ms);

  cold = new_dashboard (config, dir);
  before = il_fake_postgrest_get_n_requests (fake);
  start = g_get_monotonic_time ();
  il_dashboard_refresh (cold);
  wait_ready (cold);
  end = g_get_monotonic_time ();
  g_print ("cold start (full fetch, cache saved): %.3f s, %u requests\n", secs_since (start, end),
           il_fake_postgrest_get_n_requests (fake) - before);

  warm = new_dashboard (config, dir);
  g_signal_connect (warm, "notify::snapshot", G_CALLBACK (on_snapshot), NULL);
  before = il_fake_postgrest_get_n_requests (fake);
  start = g_get_monotonic_time ();
  il_dashboard_refresh (warm);
  wait_ready (warm);
  end = g_get_monotonic_time ();
  g_print ("warm start: first snapshot (cached rows) after %.3f s, ready after %.3f s, %u requests\n",
           secs_since (start, first_snapshot_at), secs_since (start, end),
           il_fake_postgrest_get_n_requests (fake) - before);

  before = il_fake_postgrest_get_n_requests (fake);
  start = g_get_monotonic_time ();
  il_dashboard_refresh (warm);
  wait_ready (warm);
  end = g_get_monotonic_time ();
  g_print ("refresh that finds nothing: %.3f s, %u requests\n", secs_since (start, end),
           il_fake_postgrest_get_n_requests (fake) - before);

  g_clear_object (&cold);
  g_clear_object (&warm);
  il_row_cache_clear_all (dir, NULL);
  g_rmdir (dir);
  return 0;
}
