/* test-cache.c: the local row cache and the incremental refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every refresh is compared with a fresh full fetch of the same range: the
 * CSV export and the JSON report, byte for byte.
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

#define KEY "sb_secret_cache-test-key-0123456789"
#define DAY (G_USEC_PER_SEC * (gint64) 86400)
#define N_DEMO 4000

static gint64 now;
static char *cache_home;

/* ---- helpers ----------------------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

static IlSupabaseClient *
new_client (IlFakePostgrest *fake)
{
  IlSupabaseClient *client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);

  il_supabase_client_set_retry_base_delay (client, 1);
  return client;
}

static IlRowStore *
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

static IlRowStore *
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
static char *
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

static void
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
static void
assert_as_full_fetch (IlFakePostgrest *fake, IlRowStore *got, gint64 created_min)
{
  g_autoptr(IlRowStore) fresh = full_fetch (fake, created_min);

  assert_same_figures (fresh, got, created_min);
}

static gboolean
contains_bytes (const char *hay, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (hay + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static IlUuid
random_uuid (void)
{
  IlUuid u;

  u.hi = ((guint64) g_random_int () << 32) | g_random_int ();
  u.lo = ((guint64) g_random_int () << 32) | g_random_int ();
  return u;
}

/* Rows at the given times (IL_TIME_NONE: null created_at), with a non-UTC
 * offset, null metadata and an error message among them. */
static IlRowStore *
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

static IlRowStore *
demo_table (void)
{
  return il_demo_generate (N_DEMO, IL_DEMO_DEFAULT_SEED, now - 60 * G_USEC_PER_SEC);
}

/* The table without the rows created at exactly these times. */
static IlRowStore *
without_times (IlRowStore *table, const gint64 *times, guint n, gboolean drop_null)
{
  g_autofree IlTimeSpan *spans = g_new (IlTimeSpan, n + 1);

  for (guint i = 0; i < n; i++)
    spans[i] = (IlTimeSpan) { times[i], times[i] + 1 };
  return il_row_store_merge (table, IL_TIME_NONE, spans, n, drop_null, NULL, 0);
}

/* ---- the file ------------------------------------------------------------------ */

/* XXH64 with seed 0: the reference implementation's values. */
static void
test_cache_checksum (void)
{
  g_assert_cmphex (il_row_cache_checksum ("", 0), ==, G_GUINT64_CONSTANT (0xef46db3751d8e999));
  g_assert_cmphex (il_row_cache_checksum ("abc", 3), ==, G_GUINT64_CONSTANT (0x44bc2cf5ad770999));
}

static void
test_cache_roundtrip (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  g_autoptr(IlRowStore) fetched = full_fetch (fake, IL_TIME_NONE);
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, il_supabase_client_get_base_url (client));
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_dir = g_build_filename (cache_home, "interview-latency", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, now, now - 5 }, back = { 0 };
  gsize len;
  GStatBuf st;

  /* XDG_CACHE_HOME is honoured */
  dir = g_path_get_dirname (il_row_cache_get_path (cache));
  g_assert_cmpstr (dir, ==, expected_dir);
  g_assert_cmpuint (il_row_cache_get_size (cache), ==, 0);

  g_assert_true (il_row_cache_save (cache, fetched, &meta, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (il_row_cache_get_path (cache), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 0);
  g_assert_cmpuint (il_row_cache_get_total_size (NULL), ==, il_row_cache_get_size (cache));

  /* the key is never written, whole or in part */
  g_assert_true (g_file_get_contents (il_row_cache_get_path (cache), &contents, &len, NULL));
  g_assert_false (contains_bytes (contents, len, KEY));
  g_assert_false (contains_bytes (contents, len, "cache-test-key"));
  /* nor is it in the file's name */
  g_assert_null (strstr (il_row_cache_get_path (cache), "cache-test-key"));

  loaded = il_row_cache_load (cache, &back, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (loaded->sealed);
  g_assert_cmpint (back.created_min, ==, IL_TIME_NONE);
  g_assert_cmpint (back.max_created, ==, now);
  g_assert_cmpint (back.fetched_at, ==, now - 5);
  assert_same_figures (fetched, loaded, IL_TIME_NONE);
  assert_same_figures (fetched, loaded, now - 7 * DAY);

  g_assert_true (il_row_cache_clear_all (NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (il_row_cache_get_total_size (NULL), ==, 0);
  g_assert_false (g_file_test (il_row_cache_get_path (cache), G_FILE_TEST_EXISTS));
}

static void
test_cache_exact_rows (void)
{
  gint64 times[] = { now - DAY, IL_TIME_NONE, now - 2 * DAY + 1, IL_TIME_NONE, now };
  g_autoptr(IlRowStore) rows = make_rows (times, G_N_ELEMENTS (times));
  g_autoptr(IlRowCache) cache = il_row_cache_new (cache_home, "https://exact.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, now, now };

  g_assert_true (il_row_cache_save (cache, rows, &meta, &error));
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->n_rows; i++)
    {
      g_autofree char *a = il_csv_format_row (rows, i);
      g_autofree char *b = il_csv_format_row (loaded, i);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (loaded->created_offset[i], ==, rows->created_offset[i]);
    }
  g_assert_cmpint (loaded->created_at[1], ==, IL_TIME_NONE);
  g_assert_null (il_row_store_get_metadata (loaded, 0, NULL));
}

/* An empty table is cached too (and a refresh then fetches it whole). */
static void
test_cache_empty_store (void)
{
  g_autoptr(IlRowStore) rows = il_row_store_new ();
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, "https://empty.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IlRowCacheMeta meta = { now - DAY, IL_TIME_NONE, now };

  il_row_store_seal (rows);
  g_assert_true (il_row_cache_save (cache, rows, &meta, &error));
  g_assert_no_error (error);
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_rows, ==, 0);
  g_assert_cmpint (meta.max_created, ==, IL_TIME_NONE);
  il_row_cache_clear (cache, NULL);
}

typedef enum { DAMAGE_TRUNCATE, DAMAGE_FLIP, DAMAGE_OLD_VERSION, DAMAGE_GARBAGE, DAMAGE_EMPTY } Damage;

static void
check_damage (Damage damage)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, "https://damage.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, now, now };
  gsize len;

  g_assert_true (il_row_cache_save (cache, table, &meta, &error));
  g_assert_true (g_file_get_contents (il_row_cache_get_path (cache), &contents, &len, NULL));
  switch (damage)
    {
    case DAMAGE_TRUNCATE:
      len = len * 2 / 3;
      break;
    case DAMAGE_FLIP:
      contents[len / 2] ^= 0x10;
      break;
    case DAMAGE_OLD_VERSION:
      contents[8] = 0;   /* the format version, right after the magic */
      break;
    case DAMAGE_GARBAGE:
      memset (contents, 'x', len);
      break;
    case DAMAGE_EMPTY:
    default:
      len = 0;
      break;
    }
  g_assert_true (g_file_set_contents (il_row_cache_get_path (cache), contents, len, NULL));

  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_null (loaded);
  g_assert_error (error, IL_ROW_CACHE_ERROR,
                  (int) (damage == DAMAGE_OLD_VERSION ? IL_ROW_CACHE_ERROR_OLD_FORMAT : IL_ROW_CACHE_ERROR_CORRUPT));
  g_assert_nonnull (strstr (error->message, "fetched again"));
  /* discarded, never trusted */
  g_assert_false (g_file_test (il_row_cache_get_path (cache), G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_error (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* and rebuilt */
  g_assert_true (il_row_cache_save (cache, table, &meta, &error));
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_rows, ==, table->n_rows);
  il_row_cache_clear (cache, NULL);
}

static void test_cache_truncated (void) { check_damage (DAMAGE_TRUNCATE); }
static void test_cache_flipped (void) { check_damage (DAMAGE_FLIP); }
static void test_cache_old_version (void) { check_damage (DAMAGE_OLD_VERSION); }
static void test_cache_garbage (void) { check_damage (DAMAGE_GARBAGE); }
static void test_cache_empty (void) { check_damage (DAMAGE_EMPTY); }

/* Damage behind valid checksums (what a bug or a hostile file could give):
 * loaded or refused, never a crash or a store with ids out of range. */
static void
test_cache_checked_behind_checksums (void)
{
  gint64 times[] = { now - DAY, IL_TIME_NONE, now - 2 * DAY + 1, now };
  g_autoptr(IlRowStore) rows = make_rows (times, G_N_ELEMENTS (times));
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, "https://checked.supabase.co");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  IlRowCacheMeta meta = { IL_TIME_NONE, now, now };
  guint n_loaded = 0, n_refused = 0;
  gsize len;

  g_assert_true (il_row_cache_save (cache, rows, &meta, &error));
  g_assert_true (g_file_get_contents (il_row_cache_get_path (cache), &contents, &len, NULL));

  for (guint round = 0; round < 400; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (contents, len);
      g_autoptr(IlRowStore) loaded = NULL;
      guint n_changes = g_rand_int_range (rand, 1, 4);

      for (guint c = 0; c < n_changes; c++)
        copy[g_rand_int_range (rand, 8, (gint32) len)] = (guint8) g_rand_int (rand);
      g_assert_true (_il_row_cache_fix_checksums (copy, len));
      g_assert_true (g_file_set_contents (il_row_cache_get_path (cache), (const char *) copy, len, NULL));
      loaded = il_row_cache_load (cache, &meta, &error);
      g_assert_true ((loaded == NULL) != (error == NULL));
      if (loaded != NULL)
        {
          for (guint i = 0; i < loaded->n_rows; i++)
            {
              g_autofree char *line = il_csv_format_row (loaded, i);
              g_assert_nonnull (line);
            }
          n_loaded++;
        }
      else
        {
          g_assert_true (error->domain == IL_ROW_CACHE_ERROR);
          n_refused++;
        }
      g_clear_error (&error);
    }
  /* both outcomes were reached */
  g_assert_cmpuint (n_loaded, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
  il_row_cache_clear (cache, NULL);
}

static void
test_cache_crash_mid_write (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, "https://crash.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, now, now };

  g_assert_true (il_row_cache_save (cache, table, &meta, &error));
  /* a crash leaves a half-written temporary file next to the cache */
  tmp = g_strconcat (il_row_cache_get_path (cache), ".Ab12Cd", NULL);
  g_assert_true (g_file_set_contents (tmp, "ILROWS\r\n\1\0\0\0", 12, NULL));
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_rows, ==, table->n_rows);
  /* Clear Cached Data counts and removes it too */
  g_assert_cmpuint (il_row_cache_get_total_size (NULL), ==, il_row_cache_get_size (cache) + 12);
  g_assert_true (il_row_cache_clear_all (NULL, NULL));
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

static void
test_cache_async (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, "https://async.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IlRowCacheMeta meta = { now - DAY, now, now }, back = { 0 };
  Wait w = { 0 };

  il_row_cache_save_async (cache, table, &meta, NULL, done_cb, &w);
  g_assert_true (il_row_cache_save_finish (cache, wait_for (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  il_row_cache_load_async (cache, NULL, done_cb, &w);
  loaded = il_row_cache_load_finish (cache, wait_for (&w), &back, &error);
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpint (back.created_min, ==, now - DAY);
  assert_same_figures (table, loaded, IL_TIME_NONE);
  il_row_cache_clear (cache, NULL);
}

/* ---- requests -------------------------------------------------------------------- */

static void
test_count (void)
{
  gint64 times[] = { now - 3 * DAY, now - 2 * DAY, now - DAY, IL_TIME_NONE, IL_TIME_NONE };
  g_autoptr(IlRowStore) rows = make_rows (times, G_N_ELEMENTS (times));
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  struct { gint64 lo, hi; IlRangeRows rows; gint64 expected; } cases[] = {
    { IL_TIME_NONE, IL_TIME_NONE, IL_RANGE_DATED, 3 },
    { IL_TIME_NONE, IL_TIME_NONE, IL_RANGE_NULL_ONLY, 2 },
    { now - 2 * DAY, IL_TIME_NONE, IL_RANGE_DATED, 2 },
    { now - 2 * DAY, now - DAY, IL_RANGE_DATED, 1 },
    { IL_TIME_NONE, now - DAY, IL_RANGE_DATED_AND_NULL, 4 },
    { now - 2 * DAY, now - DAY, IL_RANGE_DATED_AND_NULL, 3 },
    { now - 2 * DAY, IL_TIME_NONE, IL_RANGE_DATED_AND_NULL, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint before = il_fake_postgrest_get_n_requests (fake);
      Wait w = { 0 };

      il_supabase_client_count_async (client, cases[i].lo, cases[i].hi, cases[i].rows, NULL, done_cb, &w);
      g_assert_cmpint (il_supabase_client_count_finish (client, wait_for (&w), &error), ==, cases[i].expected);
      g_assert_no_error (error);
      g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, ==, 1);
      g_object_unref (w.result);
    }
}

static void
test_fetch_range (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  g_autoptr(IlRowStore) all = full_fetch (fake, IL_TIME_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) part = NULL;
  gint64 lo = now - 9 * DAY, hi = now - 2 * DAY;
  guint expected = 0;
  Wait w = { 0 };

  il_supabase_client_set_page_size (client, 100);
  il_supabase_client_fetch_range_async (client, lo, hi, IL_RANGE_DATED, NULL, done_cb, &w);
  part = il_supabase_client_fetch_range_finish (client, wait_for (&w), &error);
  g_assert_no_error (error);
  g_object_unref (w.result);
  for (guint i = 0; i < all->n_rows; i++)
    if (all->created_at[i] >= lo && all->created_at[i] < hi)
      {
        g_assert_cmpint (il_uuid_compare (&all->metric_id[i], &part->metric_id[expected]), ==, 0);
        expected++;
      }
  g_assert_cmpuint (part->n_rows, ==, expected);
  g_assert_cmpuint (expected, >, 500);
}

/* ---- incremental refresh ---------------------------------------------------------- */

static IlRowStore *
cached_after_full_fetch (IlFakePostgrest *fake, gint64 created_min, IlRowCacheMeta *meta)
{
  return refresh (fake, NULL, meta, created_min, NULL, NULL);
}

static void
test_refresh_nothing_new (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  gint64 created_min = now - 7 * DAY;
  IlRowCacheMeta meta;
  IlRefreshStats stats;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, created_min, &meta);
  g_autoptr(IlRowStore) again = NULL;
  g_autoptr(IlRowStore) fresh = full_fetch (fake, created_min);
  guint n_requests;

  g_assert_cmpint (meta.created_min, ==, created_min);
  again = refresh (fake, cached, &meta, created_min, &n_requests, &stats);
  g_assert_cmpuint (n_requests, <=, 3);
  g_assert_false (stats.full_fetch);
  g_assert_cmpuint (stats.spans_refetched, ==, 0);
  /* the very same store: a view has nothing to redraw */
  g_assert_true (stats.unchanged);
  g_assert_true (again == cached);
  assert_same_figures (fresh, again, created_min);
  assert_same_figures (fresh, cached, created_min);
}

static void
test_refresh_inserts (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  gint64 created_min = now - 7 * DAY;
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, created_min, &meta);
  gint64 between[] = { now + 1000, now + 2000, IL_TIME_NONE,
                       meta.max_created - 60 * G_USEC_PER_SEC,   /* a slow transaction, inside the overlap */
                       meta.max_created };                       /* the same time as the newest cached row */
  gint64 during[] = { now + 3000, now + 4000 };
  g_autoptr(IlRowStore) rows_between = make_rows (between, G_N_ELEMENTS (between));
  g_autoptr(IlRowStore) rows_during = make_rows (during, G_N_ELEMENTS (during));
  g_autoptr(IlRowStore) first = NULL;
  g_autoptr(IlRowStore) second = NULL;
  IlRefreshStats stats;
  guint n_requests;

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, rows_between);
  first = refresh (fake, cached, &meta, created_min, &n_requests, &stats);
  g_assert_false (stats.unchanged);
  g_assert_cmpuint (n_requests, <=, 3);
  assert_as_full_fetch (fake, first, created_min);
  g_assert_cmpuint (first->n_rows, ==, cached->n_rows + 4);

  /* rows that arrive while the refresh runs: there now, or on the next refresh */
  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 2, rows_during);
  second = refresh (fake, first, &meta, created_min, NULL, NULL);
  g_clear_pointer (&second, il_row_store_unref);
  second = refresh (fake, first, &meta, created_min, NULL, NULL);
  assert_as_full_fetch (fake, second, created_min);
  g_assert_cmpuint (second->n_rows, ==, cached->n_rows + 6);
}

/* Rows that stay bad, inside the overlap every refresh reads again, are
 * counted once, not once more per refresh; the cache keeps where its bad
 * rows were. */
static void
test_refresh_bad_row_in_overlap (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autofree char *dir = g_dir_make_tmp ("il-cache-skip-XXXXXX", NULL);
  g_autoptr(IlRowCache) cache = il_row_cache_new (dir, "https://skip.supabase.co");
  gint64 created_min = now - 7 * DAY;
  IlRowCacheMeta meta, loaded_meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, created_min, &meta);
  gint64 slow[] = { meta.max_created - 60 * G_USEC_PER_SEC, meta.max_created - 120 * G_USEC_PER_SEC };
  g_autoptr(IlRowStore) rows = make_rows (slow, G_N_ELEMENTS (slow));
  g_autoptr(IlRowStore) first = NULL;
  g_autoptr(IlRowStore) second = NULL;
  g_autoptr(IlRowStore) third = NULL;
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IlRefreshStats stats;
  guint in_range = cached->n_rows + G_N_ELEMENTS (slow);

  g_assert_cmpuint (cached->n_skipped, ==, 0);
  /* Two rows of a slow transaction arrive, unfit for the schema, older
   * than the newest cached row: inside the overlap. */
  il_fake_postgrest_set_bad_rows (fake, rows->metric_id, rows->n_rows);
  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, rows);
  first = refresh (fake, cached, &meta, created_min, NULL, &stats);
  g_assert_cmpuint (first->n_skipped, ==, 2);
  g_assert_cmpuint (first->n_rows, ==, cached->n_rows);
  g_assert_cmpint (first->skipped_at[0], ==, slow[1]);
  g_assert_cmpint (first->skipped_at[1], ==, slow[0]);

  /* Read again by the next refreshes: still two, and nothing changed. */
  second = refresh (fake, first, &meta, created_min, NULL, &stats);
  g_assert_cmpuint (second->n_skipped, ==, 2);
  g_assert_cmpuint (second->n_rows + second->n_skipped, ==, in_range);
  g_assert_true (stats.unchanged);
  g_assert_true (second == first);

  /* Through the cache file, and once more. */
  g_assert_true (il_row_cache_save (cache, second, &meta, &error));
  g_assert_no_error (error);
  loaded = il_row_cache_load (cache, &loaded_meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_skipped, ==, 2);
  g_assert_cmpint (loaded->skipped_at[0], ==, slow[1]);
  third = refresh (fake, loaded, &loaded_meta, created_min, NULL, &stats);
  g_assert_cmpuint (third->n_skipped, ==, 2);
  g_assert_true (stats.unchanged);

  /* A new row makes a merge: the old count of the span read again goes. */
  {
    gint64 newer[] = { meta.max_created + 1000 };
    g_autoptr(IlRowStore) more = make_rows (newer, 1);

    g_clear_pointer (&third, il_row_store_unref);
    il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, more);
    third = refresh (fake, loaded, &loaded_meta, created_min, NULL, &stats);
    g_assert_false (stats.unchanged);
    g_assert_cmpuint (third->n_skipped, ==, 2);
    g_assert_cmpuint (third->n_rows, ==, cached->n_rows + 1);
  }

  /* Fixed on the server: no bad rows left. */
  il_fake_postgrest_set_bad_rows (fake, NULL, 0);
  g_clear_pointer (&second, il_row_store_unref);
  second = refresh (fake, third, &loaded_meta, created_min, NULL, &stats);
  g_assert_cmpuint (second->n_skipped, ==, 0);
  g_assert_cmpuint (second->n_rows, ==, in_range + 1);
  assert_as_full_fetch (fake, second, created_min);

  g_assert_true (il_row_cache_clear (cache, NULL));
  g_rmdir (dir);
}

static void
test_refresh_late_old_row (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  gint64 created_min = now - 30 * DAY;
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, created_min, &meta);
  /* committed long after its created_at: below the overlap */
  gint64 late[] = { now - 3 * DAY };
  g_autoptr(IlRowStore) rows = make_rows (late, 1);
  g_autoptr(IlRowStore) again = NULL;
  IlRefreshStats stats;
  guint n_requests;

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, rows);
  again = refresh (fake, cached, &meta, created_min, &n_requests, &stats);
  assert_as_full_fetch (fake, again, created_min);
  g_assert_cmpuint (again->n_rows, ==, cached->n_rows + 1);
  g_assert_cmpuint (stats.spans_refetched, ==, 1);
  /* bisected: far fewer requests than the four of a full fetch's pages */
  g_assert_cmpuint (n_requests, <, 20);
}

static void
test_refresh_deletes (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) before = il_fake_postgrest_new (table, KEY);
  gint64 created_min = now - 30 * DAY;
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (before, created_min, &meta);
  g_autoptr(IlRowStore) after_table = NULL;
  g_autoptr(IlFakePostgrest) after = NULL;
  g_autoptr(IlRowStore) again = NULL;
  g_autoptr(IlRowStore) next = NULL;
  IlRefreshStats stats;
  guint n_requests;
  /* a retention job's oldest rows, one in the middle, and one of the newest */
  gint64 gone[] = { cached->created_at[0], cached->created_at[1], cached->created_at[2],
                    cached->created_at[cached->n_rows / 2], cached->created_at[cached->n_rows - 1] };

  after_table = without_times (table, gone, G_N_ELEMENTS (gone), FALSE);
  g_assert_cmpuint (after_table->n_rows, ==, table->n_rows - G_N_ELEMENTS (gone));
  after = il_fake_postgrest_new (after_table, KEY);
  again = refresh (after, cached, &meta, created_min, &n_requests, &stats);
  assert_as_full_fetch (after, again, created_min);
  g_assert_false (stats.full_fetch);
  g_assert_cmpuint (stats.spans_refetched, >=, 1);
  g_assert_cmpuint (stats.spans_refetched, <=, 2);
  g_assert_cmpuint (n_requests, <, 30);

  /* the next refresh finds nothing more */
  next = refresh (after, again, &meta, created_min, &n_requests, &stats);
  g_assert_cmpuint (n_requests, <=, 3);
  g_assert_cmpuint (stats.spans_refetched, ==, 0);
}

static void
test_refresh_all_with_nulls (void)
{
  g_autoptr(IlRowStore) demo = demo_table ();
  gint64 extra_times[] = { IL_TIME_NONE, IL_TIME_NONE, IL_TIME_NONE, now - 40 * DAY };
  g_autoptr(IlRowStore) extra = make_rows (extra_times, G_N_ELEMENTS (extra_times));
  IlRowStore *parts[] = { demo, extra };
  g_autoptr(IlRowStore) table = il_row_store_merge (NULL, IL_TIME_NONE, NULL, 0, FALSE, parts, 2);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, IL_TIME_NONE, &meta);
  g_autoptr(IlRowStore) again = NULL;
  g_autoptr(IlRowStore) after_table = NULL;
  g_autoptr(IlFakePostgrest) after = NULL;
  IlRefreshStats stats;
  guint n_requests;
  gint64 gone[] = { now - 40 * DAY };

  g_assert_cmpint (meta.created_min, ==, IL_TIME_NONE);
  again = refresh (fake, cached, &meta, IL_TIME_NONE, &n_requests, &stats);
  g_assert_cmpuint (n_requests, <=, 3);
  assert_as_full_fetch (fake, again, IL_TIME_NONE);

  /* the null rows and the oldest row deleted */
  after_table = without_times (table, gone, 1, TRUE);
  g_assert_cmpuint (after_table->n_rows, ==, table->n_rows - 4);
  after = il_fake_postgrest_new (after_table, KEY);
  g_clear_pointer (&again, il_row_store_unref);
  again = refresh (after, cached, &meta, IL_TIME_NONE, &n_requests, &stats);
  assert_as_full_fetch (after, again, IL_TIME_NONE);
  g_assert_false (stats.full_fetch);
}

static void
test_refresh_range_changes (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, now - 7 * DAY, &meta);
  g_autoptr(IlRowStore) more = NULL;
  g_autoptr(IlRowStore) fewer = NULL;
  g_autoptr(IlRowStore) all = NULL;
  IlRefreshStats stats;

  /* more days: the older part is fetched, the rest refreshed */
  more = refresh (fake, cached, &meta, now - 30 * DAY, NULL, &stats);
  g_assert_false (stats.full_fetch);
  assert_as_full_fetch (fake, more, now - 30 * DAY);
  g_assert_cmpint (meta.created_min, ==, now - 30 * DAY);

  /* fewer days: rows before the range are dropped */
  fewer = refresh (fake, more, &meta, now - 2 * DAY, NULL, &stats);
  g_assert_false (stats.full_fetch);
  assert_as_full_fetch (fake, fewer, now - 2 * DAY);

  /* all data needs the null rows the cache never had: a full fetch */
  all = refresh (fake, fewer, &meta, IL_TIME_NONE, NULL, &stats);
  g_assert_true (stats.full_fetch);
  assert_as_full_fetch (fake, all, IL_TIME_NONE);
}

/* A failed refresh gives an error and no store: the caller keeps its own. */
static void
test_refresh_fails_whole (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  gint64 created_min = now - 7 * DAY;
  IlRowCacheMeta meta, kept;
  g_autoptr(IlRowStore) cached = cached_after_full_fetch (fake, created_min, &meta);
  g_autoptr(IlSupabaseClient) client = new_client (fake);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };

  kept = meta;
  il_supabase_client_set_max_retries (client, 0);
  il_fake_postgrest_fault_status (fake, il_fake_postgrest_get_n_requests (fake) + 2, 500, NULL,
                                  "{\"code\":\"XX000\",\"message\":\"boom\"}", NULL);
  il_incremental_refresh_async (client, cached, &meta, created_min, IL_INCREMENTAL_DEFAULT_OVERLAP,
                                NULL, done_cb, &w);
  g_assert_null (il_incremental_refresh_finish (client, wait_for (&w), &meta, NULL, &error));
  g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_SERVER_ERROR);
  g_assert_cmpint (meta.max_created, ==, kept.max_created);
  g_clear_object (&w.result);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  il_incremental_refresh_async (client, cached, &meta, created_min, IL_INCREMENTAL_DEFAULT_OVERLAP,
                                cancellable, done_cb, &w);
  g_assert_null (il_incremental_refresh_finish (client, wait_for (&w), &meta, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&w.result);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* before anything asks GLib for the cache folder */
  cache_home = g_dir_make_tmp ("il-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  now = g_get_real_time ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cache/file/checksum", test_cache_checksum);
  g_test_add_func ("/cache/file/roundtrip", test_cache_roundtrip);
  g_test_add_func ("/cache/file/exact-rows", test_cache_exact_rows);
  g_test_add_func ("/cache/file/empty-store", test_cache_empty_store);
  g_test_add_func ("/cache/file/truncated", test_cache_truncated);
  g_test_add_func ("/cache/file/flipped-bit", test_cache_flipped);
  g_test_add_func ("/cache/file/old-version", test_cache_old_version);
  g_test_add_func ("/cache/file/garbage", test_cache_garbage);
  g_test_add_func ("/cache/file/empty", test_cache_empty);
  g_test_add_func ("/cache/file/checked-behind-checksums", test_cache_checked_behind_checksums);
  g_test_add_func ("/cache/file/crash-mid-write", test_cache_crash_mid_write);
  g_test_add_func ("/cache/file/async", test_cache_async);
  g_test_add_func ("/cache/request/count", test_count);
  g_test_add_func ("/cache/request/fetch-range", test_fetch_range);
  g_test_add_func ("/cache/refresh/nothing-new", test_refresh_nothing_new);
  g_test_add_func ("/cache/refresh/inserts", test_refresh_inserts);
  g_test_add_func ("/cache/refresh/bad-row-in-overlap", test_refresh_bad_row_in_overlap);
  g_test_add_func ("/cache/refresh/late-old-row", test_refresh_late_old_row);
  g_test_add_func ("/cache/refresh/deletes", test_refresh_deletes);
  g_test_add_func ("/cache/refresh/all-with-nulls", test_refresh_all_with_nulls);
  g_test_add_func ("/cache/refresh/range-changes", test_refresh_range_changes);
  g_test_add_func ("/cache/refresh/fails-whole", test_refresh_fails_whole);
  status = g_test_run ();

  il_row_cache_clear_all (NULL, NULL);
  {
    g_autofree char *dir = g_build_filename (cache_home, "interview-latency", NULL);

    g_rmdir (dir);
  }
  g_rmdir (cache_home);
  g_free (cache_home);
  return status;
}
