/* bench-dashboard-cache.c: the window's warm start through the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * IlDashboard over the fake PostgREST with N demo rows (default 200,000) and
 * DELAY_MS per request (default 50): a cold start (full fetch, cache
 * written), then a second dashboard's warm start: time to the first snapshot
 * (the cached rows), time to ready, and its requests; then a refresh that
 * finds nothing.
 * With DAYS (default 0: All data) the range is DAYS days, which loads the
 * days before it too (for the previous period): it first times plain
 * fetches of DAYS and 2 x DAYS days, and prints the rows held, the store's
 * size and the peak memory (VmHWM).
 * Usage: bench-dashboard-cache [ROWS [DELAY_MS [DAYS]]]
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
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

static guint days;

/* Peak resident memory of the process so far, in MiB (-1 when unknown). */
static double
peak_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
fetch_done (GObject *object, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* A plain fetch of the last @n_days days: with days, what a load fetched
 * before it held the previous period too; with 2 x days, what it fetches now. */
static void
fetch_days (IlConfig *config,
            guint     n_days)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (config->url, config->key);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 bound = g_get_real_time () - (gint64) n_days * 86400 * G_USEC_PER_SEC;

  il_supabase_client_fetch_async (client, bound, NULL, NULL, NULL, fetch_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_supabase_client_fetch_finish (client, result, &error);
  if (store == NULL)
    g_error ("fetch failed: %s", error->message);
  g_print ("plain fetch of %u days: %.3f s, %u rows, store %.1f MiB\n", n_days,
           secs_since (start, g_get_monotonic_time ()), store->n_rows,
           il_row_store_get_memory_size (store) / 1048576.0);
}

static IlDashboard *
new_dashboard (IlConfig *config, const char *dir)
{
  IlDashboard *dashboard = il_dashboard_new (NULL);

  il_dashboard_set_use_cache (dashboard, TRUE);
  _il_dashboard_set_cache_dir (dashboard, dir);
  il_dashboard_set_source (dashboard, config, FALSE);
  il_dashboard_set_range_once (dashboard, days > 0 ? (int) days : 30, days == 0);
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
  days = argc > 3 ? (guint) atoi (argv[3]) : 0;
  g_print ("%u rows, %u ms per request, %s\n", n_rows, delay_ms, days > 0 ? "a range of days" : "All data");
  if (days > 0)
    {
      /* the first one warms the fake server up */
      fetch_days (config, days);
      fetch_days (config, days);
      fetch_days (config, 2 * days);
    }

  cold = new_dashboard (config, dir);
  before = il_fake_postgrest_get_n_requests (fake);
  start = g_get_monotonic_time ();
  il_dashboard_refresh (cold);
  wait_ready (cold);
  end = g_get_monotonic_time ();
  g_print ("cold start (full fetch, cache saved): %.3f s, %u requests\n", secs_since (start, end),
           il_fake_postgrest_get_n_requests (fake) - before);
  if (days > 0)
    g_print ("held: %u rows (store %.1f MiB), %" G_GUINT64_FORMAT " in the range, peak %.0f MiB\n",
             il_snapshot_get_store (il_dashboard_get_snapshot (cold))->n_rows,
             il_row_store_get_memory_size (il_snapshot_get_store (il_dashboard_get_snapshot (cold))) / 1048576.0,
             il_snapshot_get_aggregates (il_dashboard_get_snapshot (cold))->key.total_records, peak_mib ());

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
