/* bench-fetch.c: concurrent fetch vs one page after another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake PostgREST on loopback adds 50 ms to every request, caps pages
 * at 1000 rows and charges 2 µs for every row it reads and throws away
 * before the first row it returns (what PostgreSQL pays when a page's
 * range bound is not its cursor); 200,000 rows are fetched with
 * concurrency 1 and with the default.
 *   bench-fetch [ROWS [DELAY_MS [CONCURRENCY...]]]
 *   bench-fetch --scale   time per row at 100k and at 1M rows
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "../tests/fake-postgrest.h"
#include "il-demo.h"
#include "il-supabase-client.h"

#define KEY "sb_publishable_bench"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

/* CPU seconds of the whole process (client, parser threads and the fake server). */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

#define SKIP_COST_NS 2000

static double
run (IlFakePostgrest *fake, guint concurrency, gint64 created_min, guint n_expected)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) store = NULL;
  IlFetchStats stats;
  Wait w = { 0 };
  guint64 skipped = il_fake_postgrest_get_rows_skipped (fake);
  gint64 start, end;
  double secs;
  double cpu;

  il_supabase_client_set_concurrency (client, concurrency);
  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  il_supabase_client_fetch_async (client, created_min, NULL, NULL, NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_supabase_client_fetch_finish (client, w.result, &error);
  end = g_get_monotonic_time ();
  cpu = cpu_seconds () - cpu;
  g_clear_object (&w.result);
  if (store == NULL)
    g_error ("fetch failed: %s", error->message);
  if (store->n_rows != n_expected)
    g_error ("fetched %u rows, expected %u", store->n_rows, n_expected);

  il_supabase_client_get_stats (client, &stats);
  secs = (end - start) / 1e6;
  g_print ("concurrency %2u: %7.3f s  %4u requests  %6.1f MB  %9.0f rows/s  retries %u  CPU %.2f s"
           "  rows skipped by the server %" G_GUINT64_FORMAT "\n",
           concurrency, secs, stats.requests, stats.bytes_received / 1e6,
           store->n_rows / secs, stats.retries, cpu, il_fake_postgrest_get_rows_skipped (fake) - skipped);
  return secs;
}

/* Time per row at 100k and 1M rows, default concurrency, "All data". */
static int
scale (guint delay)
{
  const guint sizes[] = { 100000, 1000000 };
  double per_row[2];
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(IlRowStore) rows = il_demo_generate (sizes[i], IL_DEMO_DEFAULT_SEED, now);
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      double secs;

      il_fake_postgrest_set_max_rows (fake, 1000);
      il_fake_postgrest_set_delay (fake, delay);
      il_fake_postgrest_set_skip_cost (fake, SKIP_COST_NS);
      g_print ("%u rows, %u ms per request, %u ns per skipped row:\n", sizes[i], delay, SKIP_COST_NS);
      secs = run (fake, 6, IL_TIME_NONE, rows->n_rows);
      per_row[i] = secs / sizes[i] * 1e6;
      g_print ("  %.2f µs per row\n", per_row[i]);
    }
  g_print ("time per row at 1M / at 100k: %.2fx (target <= 1.3x)\n", per_row[1] / per_row[0]);
  return 0;
}

int
main (int argc, char *argv[])
{
  guint n_rows;
  guint delay = argc > 2 ? (guint) atoi (argv[2]) : 50;
  gint64 now = g_get_real_time ();
  g_autoptr(IlRowStore) rows = NULL;
  g_autoptr(IlFakePostgrest) fake = NULL;
  g_autoptr(IlSupabaseClient) defaults = il_supabase_client_new ("https://x.supabase.co", KEY);
  guint def = il_supabase_client_get_concurrency (defaults);
  gint64 created_min = now - 31 * G_TIME_SPAN_DAY;
  double t1, td;

  if (argc > 1 && g_str_equal (argv[1], "--scale"))
    return scale (argc > 2 ? (guint) atoi (argv[2]) : 50);
  n_rows = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  rows = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, now);
  fake = il_fake_postgrest_new (rows, KEY);
  il_fake_postgrest_set_max_rows (fake, 1000);
  il_fake_postgrest_set_delay (fake, delay);
  il_fake_postgrest_set_skip_cost (fake, SKIP_COST_NS);

  g_print ("fake PostgREST on loopback: %u rows, %u ms per request, %u ns per skipped row, "
           "max-rows 1000, page 1000\n", n_rows, delay, SKIP_COST_NS);
  /* warm the server's JSON cache so both runs pay the same */
  run (fake, def, created_min, rows->n_rows);
  g_print ("--\n");

  t1 = run (fake, 1, created_min, rows->n_rows);
  td = run (fake, def, created_min, rows->n_rows);
  g_print ("speed-up with the default concurrency (%u): %.2fx (target >= 4x)\n", def, t1 / td);
  g_print ("(the network bound is %u requests / %u lanes x %u ms = %.2f s; with %u CPUs the\n"
           " concurrent run cannot beat CPU s / %u)\n",
           n_rows / 1000 + 1, def, delay, (n_rows / 1000 + 1) / (double) def * delay / 1000.0,
           g_get_num_processors (), g_get_num_processors ());

  for (int i = 3; i < argc; i++)
    {
      guint c = (guint) atoi (argv[i]);
      double t = run (fake, c, created_min, rows->n_rows);
      g_print ("speed-up with concurrency %u: %.2fx\n", c, t1 / t);
    }
  return 0;
}
