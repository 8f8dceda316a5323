/* cache-test-util.c: a private cache folder, fetches, refreshes and figures
 * for the cache tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-csv.h"
#include "il-demo.h"
#include "il-filter.h"
#include "il-incremental.h"
#include "il-report.h"
#include "il-row-cache.h"
#include "il-row-cache-private.h"
#include "il-row-merge.h"
#include "il-supabase-client.h"
#include "il-supabase-range.h"
#include "cache-test-util.h"

gint64 now;
char *cache_home;

void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

IlSupabaseClient *
new_client (IlFakePostgrest *fake)
{
  IlSupabaseClient *client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);

  il_supabase_client_set_retry_base_delay (client, 1);
  return client;
}

IlRowStore *
full_fetch (IlFakePostgrest *fake, gint64 created_min)
{
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };
  IlRowStore *store;

  il_supabase_client_fetch_async (client, created_min, NULL, NULL, NULL, done_cb, &w);
  store = il_supabase_client_fetch_finish (client, wait_for (&w), &error);
  g_assert_no_error (error);
  g_object_unref (w.result);
  return store;
}

IlRowStore *
refresh (IlFakePostgrest *fake, IlRowStore *cached, IlRowCacheMeta *meta, gint64 created_min,
         guint *n_requests, IlRefreshStats *stats)
{
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  g_autoptr(GError) error = NULL;
  IlRefreshStats local_stats;
  Wait w = { 0 };
  IlRowStore *store;
  guint before = il_fake_postgrest_get_n_requests (fake);

  il_incremental_refresh_async (client, cached, cached ? meta : NULL, created_min,
                                IL_INCREMENTAL_DEFAULT_OVERLAP, NULL, done_cb, &w);
  store = il_incremental_refresh_finish (client, wait_for (&w), meta, stats ? stats : &local_stats, &error);
  g_assert_no_error (error);
  g_object_unref (w.result);
  g_test_message ("refresh: %u requests", il_fake_postgrest_get_n_requests (fake) - before);
  if (n_requests != NULL)
    *n_requests = il_fake_postgrest_get_n_requests (fake) - before;
  return store;
}

/* The CSV export and the JSON report of the range, as the command line makes them. */
char *
figures (IlRowStore *store, gint64 created_min)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *rows = NULL;
  g_autoptr(IlAggregates) agg = NULL;
  g_autofree char *json = NULL;
  IlAggregateOptions options;
  IlFilter filter;
  guint n_rows = 0;
  GString *all;

  il_filter_init (&filter);
  filter.created_min = created_min;
  rows = il_filter_apply (&filter, store, &n_rows);
  g_assert_true (il_csv_write (store, rows, n_rows, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &filter, &options);
  json = il_report_format_json_full (agg, store->n_skipped, NULL);
  il_filter_clear (&filter);

  all = g_string_new_len (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                          g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  g_string_append_printf (all, "\n----\n%s", json);
  return g_string_free (all, FALSE);
}

void
assert_same_figures (IlRowStore *a, IlRowStore *b, gint64 created_min)
{
  g_autofree char *fa = figures (a, created_min);
  g_autofree char *fb = figures (b, created_min);

  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (strlen (fa), ==, strlen (fb));
  g_assert_true (strcmp (fa, fb) == 0);
}

/* What a refresh made matches a full fetch of the range from the same server,
 * figure for figure. */
void
assert_as_full_fetch (IlFakePostgrest *fake, IlRowStore *got, gint64 created_min)
{
  g_autoptr(IlRowStore) fresh = full_fetch (fake, created_min);

  assert_same_figures (fresh, got, created_min);
}

gboolean
contains_bytes (const char *hay, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (hay + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

IlUuid
random_uuid (void)
{
  IlUuid u;

  u.hi = ((guint64) g_random_int () << 32) | g_random_int ();
  u.lo = ((guint64) g_random_int () << 32) | g_random_int ();
  return u;
}

/* Rows at the given times (IL_TIME_NONE: null created_at), with a non-UTC
 * offset, null metadata and an error message among them. */
IlRowStore *
make_rows (const gint64 *times, guint n)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < n; i++)
    {
      IlRowInput row = { 0 };

      row.metric_id = random_uuid ();
      row.session_id = random_uuid ();
      row.turn_number = i;
      row.step_name = i % 2 ? "llm" : "stt";
      row.latency_ms = 100.25 + i;
      row.started_at = (times[i] != IL_TIME_NONE ? times[i] : now) - 500000;
      row.completed_at = row.started_at + 100250;
      row.status = i % 3 == 0 ? "error" : "success";
      row.error_message = i % 3 == 0 ? "timeout, \"upstream\"" : NULL;
      row.metadata = i % 4 == 0 ? NULL : "{\"model\":\"x\",\"n\":1}";
      row.created_at = times[i];
      row.created_offset_min = i % 2 ? 120 : 0;
      row.started_offset_min = i % 2 ? -330 : 0;
      il_row_store_append_row (store, &row);
    }
  il_row_store_seal (store);
  return store;
}

IlRowStore *
demo_table (void)
{
  return il_demo_generate (N_DEMO, IL_DEMO_DEFAULT_SEED, now - 60 * G_USEC_PER_SEC);
}

/* The newest created_at in the table (IL_TIME_NONE when none is dated). */
gint64
newest_created (IlRowStore *table)
{
  gint64 newest = IL_TIME_NONE;

  for (guint i = 0; i < table->n_rows; i++)
    if (table->created_at[i] != IL_TIME_NONE && (newest == IL_TIME_NONE || table->created_at[i] > newest))
      newest = table->created_at[i];
  return newest;
}

/* The table without the rows created at exactly these times. */
IlRowStore *
without_times (IlRowStore *table, const gint64 *times, guint n, gboolean drop_null)
{
  g_autofree IlTimeSpan *spans = g_new (IlTimeSpan, n + 1);

  for (guint i = 0; i < n; i++)
    spans[i] = (IlTimeSpan) { times[i], times[i] + 1 };
  return il_row_store_merge (table, IL_TIME_NONE, spans, n, drop_null, NULL, 0);
}

void
cache_test_init (void)
{
  g_autoptr(GError) error = NULL;

  cache_home = g_dir_make_tmp ("il-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  now = g_get_real_time ();
}

void
cache_test_cleanup (void)
{
  il_row_cache_clear_all (NULL, NULL);
  {
    g_autofree char *dir = g_build_filename (cache_home, "interview-latency", NULL);

    g_rmdir (dir);
  }
  g_rmdir (cache_home);
  g_free (cache_home);
}
