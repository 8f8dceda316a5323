/* bench-faults.c: right or loud under transient faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fetches ROWS rows (default 100,000) RUNS times (default 20) from the fake
 * PostgREST while a share RATE (default 0.02 for each of the six kinds, so
 * 12% of the requests) of the requests gets a transient fault: a short
 * page, [] in the middle, an HTML 500, truncated JSON, a 502, a cut
 * connection. A run is right when it returns exactly the table's rows,
 * wrong when it returns anything else without an error, failed when it
 * reports an error. Prints the tally; the goal is 0 wrong and >= 19 right.
 *   bench-faults [ROWS [RUNS [RATE]]]
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

static int
uuid_cmp (gconstpointer a, gconstpointer b)
{
  return il_uuid_compare (a, b);
}

static gboolean
same_rows (IlRowStore *got, IlRowStore *want)
{
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  if (got->n_rows != want->n_rows || got->n_skipped != 0)
    return FALSE;
  a = g_array_sized_new (FALSE, FALSE, sizeof (IlUuid), got->n_rows);
  b = g_array_sized_new (FALSE, FALSE, sizeof (IlUuid), want->n_rows);
  g_array_append_vals (a, got->metric_id, got->n_rows);
  g_array_append_vals (b, want->metric_id, want->n_rows);
  g_array_sort (a, uuid_cmp);
  g_array_sort (b, uuid_cmp);
  return memcmp (a->data, b->data, sizeof (IlUuid) * a->len) == 0;
}

int
main (int argc, char *argv[])
{
  guint n_rows = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 20;
  double rate = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 0.02;
  g_autoptr(IlRowStore) rows = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, g_get_real_time ());
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  guint right = 0, wrong = 0, failed = 0;
  guint faults[IL_FAKE_N_RANDOM] = { 0 };
  static const char *names[IL_FAKE_N_RANDOM] = { "short page", "empty page", "HTML 500", "bad JSON", "502", "cut" };

  g_print ("%u rows, %u runs, %.1f%% of the requests with each of %d transient faults\n",
           n_rows, runs, rate * 100, IL_FAKE_N_RANDOM);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);
      g_autoptr(IlRowStore) store = NULL;
      g_autoptr(GError) error = NULL;
      IlFetchStats stats;
      Wait w = { 0 };
      gint64 start = g_get_monotonic_time ();

      il_supabase_client_set_retry_base_delay (client, 20);
      il_fake_postgrest_set_random_faults (fake, 1000 + r, rate * IL_FAKE_N_RANDOM);
      il_supabase_client_fetch_async (client, IL_TIME_NONE, NULL, NULL, NULL, done_cb, &w);
      while (w.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      store = il_supabase_client_fetch_finish (client, w.result, &error);
      g_clear_object (&w.result);
      il_supabase_client_get_stats (client, &stats);
      for (guint k = 0; k < IL_FAKE_N_RANDOM; k++)
        faults[k] += il_fake_postgrest_get_random_count (fake, k);

      if (store == NULL)
        {
          failed++;
          g_print ("run %2u: failed (%s)\n", r + 1, error->message);
        }
      else if (same_rows (store, rows))
        {
          right++;
          g_print ("run %2u: right  %u rows  %u requests  %u retries  %.2f s\n", r + 1, store->n_rows,
                   stats.requests, stats.retries, (g_get_monotonic_time () - start) / 1e6);
        }
      else
        {
          wrong++;
          g_print ("run %2u: WRONG  %u rows, %u skipped, expected %u\n", r + 1, store->n_rows,
                   store->n_skipped, rows->n_rows);
        }
    }
  g_print ("faults injected:");
  for (guint k = 0; k < IL_FAKE_N_RANDOM; k++)
    g_print (" %s %u%s", names[k], faults[k], k + 1 < IL_FAKE_N_RANDOM ? "," : "\n");
  g_print ("right %u, wrong %u, failed %u of %u runs (goal: 0 wrong, >= %u right)\n",
           right, wrong, failed, runs, runs - runs / 20);
  return wrong == 0 ? 0 : 1;
}
