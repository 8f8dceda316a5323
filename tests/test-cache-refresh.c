/* test-cache-refresh.c: the requests of the incremental refresh and the
 * refresh itself
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

#include "cache-test-util.h"
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

/* The usual refresh, from a store loaded from the cache file: the new rows
 * are appended to the cached rows' memory, refresh after refresh, and the
 * figures are those of a full fetch. */
static void
test_refresh_appends_in_place (void)
{
  g_autoptr(IlRowStore) table = demo_table ();
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autofree char *dir = g_dir_make_tmp ("il-cache-append-XXXXXX", NULL);
  g_autoptr(IlRowCache) cache = il_row_cache_new (dir, "https://append.supabase.co");
  gint64 created_min = now - 7 * DAY;
  IlRowCacheMeta meta;
  g_autoptr(IlRowStore) fetched = cached_after_full_fetch (fake, created_min, &meta);
  g_autoptr(IlRowStore) cached = NULL;
  g_autoptr(IlRowStore) first = NULL;
  g_autoptr(IlRowStore) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 times_a[] = { now + 1000, now + 2000, now + 3000 };
  gint64 times_b[] = { now + 4000, now + 5000 };
  g_autoptr(IlRowStore) rows_a = make_rows (times_a, G_N_ELEMENTS (times_a));
  g_autoptr(IlRowStore) rows_b = make_rows (times_b, G_N_ELEMENTS (times_b));
  IlRefreshStats stats;
  guint n_requests;

  g_assert_true (il_row_cache_save (cache, fetched, &meta, &error));
  g_assert_no_error (error);
  cached = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, rows_a);
  first = refresh (fake, cached, &meta, created_min, &n_requests, &stats);
  g_assert_cmpuint (n_requests, <=, 3);
  g_assert_false (stats.unchanged);
  g_assert_cmpuint (first->n_rows, ==, cached->n_rows + 3);
  g_assert_true (first->metric_id == cached->metric_id);
  assert_as_full_fetch (fake, first, created_min);

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, rows_b);
  second = refresh (fake, first, &meta, created_min, NULL, NULL);
  g_assert_cmpuint (second->n_rows, ==, cached->n_rows + 5);
  g_assert_true (second->metric_id == cached->metric_id);
  assert_as_full_fetch (fake, second, created_min);
  /* the stores before it read what they read */
  assert_same_figures (cached, fetched, created_min);

  g_assert_cmpint (g_unlink (il_row_cache_get_path (cache)), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
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
  gint64 fewer_min;

  /* more days: the older part is fetched, the rest refreshed */
  more = refresh (fake, cached, &meta, now - 30 * DAY, NULL, &stats);
  g_assert_false (stats.full_fetch);
  assert_as_full_fetch (fake, more, now - 30 * DAY);
  g_assert_cmpint (meta.created_min, ==, now - 30 * DAY);

  /* fewer days: rows before the range are dropped. The range starts a day
   * before the newest row, not at a fixed age: the demo's newest row can be
   * two days old at some times of day. */
  fewer_min = newest_created (table) - DAY;
  g_assert_cmpint (fewer_min, >, now - 7 * DAY);
  fewer = refresh (fake, more, &meta, fewer_min, NULL, &stats);
  g_assert_false (stats.full_fetch);
  assert_as_full_fetch (fake, fewer, fewer_min);
  g_assert_cmpuint (fewer->n_rows, >, 0);
  g_assert_cmpuint (fewer->n_rows, <, more->n_rows);

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
  int status;

  /* before anything asks GLib for the cache folder */
  cache_test_init ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cache/request/count", test_count);
  g_test_add_func ("/cache/request/fetch-range", test_fetch_range);
  g_test_add_func ("/cache/refresh/nothing-new", test_refresh_nothing_new);
  g_test_add_func ("/cache/refresh/inserts", test_refresh_inserts);
  g_test_add_func ("/cache/refresh/appends-in-place", test_refresh_appends_in_place);
  g_test_add_func ("/cache/refresh/bad-row-in-overlap", test_refresh_bad_row_in_overlap);
  g_test_add_func ("/cache/refresh/late-old-row", test_refresh_late_old_row);
  g_test_add_func ("/cache/refresh/deletes", test_refresh_deletes);
  g_test_add_func ("/cache/refresh/all-with-nulls", test_refresh_all_with_nulls);
  g_test_add_func ("/cache/refresh/range-changes", test_refresh_range_changes);
  g_test_add_func ("/cache/refresh/fails-whole", test_refresh_fails_whole);
  status = g_test_run ();

  cache_test_cleanup ();
  return status;
}
