/* test-supabase-export.c: every matching row streamed to a CSV file, each
 * once, while the table changes under the export, against the in-process
 * fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "il-supabase-export.h"
#include "supabase-test-util.h"

static char *tmp_dir;

/* Exports @query to @path; returns the rows written, or -1 with @error. */
static gint64
run_export (IlSupabaseClient *client,
            const IlRowQuery *query,
            const char       *path,
            GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait w = { 0 };
  gint64 written;

  g_unlink (path);
  il_supabase_export_async (client, query, file, NULL, NULL, NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  written = il_supabase_export_finish (w.result, error);
  g_clear_object (&w.result);
  return written;
}

/* Exports @query to a fresh file; returns its text and the rows written. */
static char *
export (IlSupabaseClient *client,
        const IlRowQuery *query,
        gint64           *written)
{
  g_autofree char *path = g_build_filename (tmp_dir, "export.csv", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  *written = run_export (client, query, path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Where row @id is in @csv (NULL: not there); it must not be there twice. */
static const char *
find_row (const char   *csv,
          const IlUuid *id)
{
  char text[37];
  const char *at;

  il_uuid_format (id, text);
  at = strstr (csv, text);
  if (at != NULL && strstr (at + 1, text) != NULL)
    g_error ("row %s is there twice", text);
  return at;
}

/* Each row of @store (those with a created_at when @dated_only) is in @csv
 * exactly once. */
static guint
assert_each_once (const char *csv,
                  IlRowStore *store,
                  gboolean    dated_only)
{
  guint n = 0;

  for (guint i = 0; i < store->n_rows; i++)
    {
      if (dated_only && store->created_at[i] == IL_TIME_NONE)
        continue;
      if (find_row (csv, &store->metric_id[i]) == NULL)
        g_error ("row %u (created_at %" G_GINT64_FORMAT ") is missing", i, store->created_at[i]);
      n++;
    }
  return n;
}

/* A retention job deletes the oldest rows after the first dated page, and
 * new rows arrive: an offset would skip as many rows as were deleted, and a
 * row inserted among the null ones (which come first) would push one into
 * the next page twice. */
static void
test_table_changes (void)
{
  g_autoptr(IlRowStore) rows = make_rows (4600, 7, 40, 0);
  /* newer than every row of the table */
  g_autoptr(IlRowStore) added_dated = make_rows (30, 8, 0, 11 * 24 * HOUR);
  g_autoptr(IlRowStore) added_null = make_rows (3, 9, 1, 0);
  IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
  g_autofree char *csv = NULL;
  IlRowQuery query;
  gint64 written = 0;
  guint n;

  il_fake_postgrest_set_skip_cost (fake, 1);
  /* 1: the count, 2: the 115 null rows, 3: none after them, 4: the first
   * 1,000 dated rows, 5: the next */
  il_fake_postgrest_fault_delete_oldest (fake, 5, 25);
  il_fake_postgrest_fault_insert_rows (fake, 5, added_null);
  il_fake_postgrest_fault_insert_rows (fake, 6, added_dated);

  il_row_query_init (&query);
  csv = export (client, &query, &written);

  /* the deleted rows were written before they went; rows inserted behind
   * the cursor (the null ones) are not seen, those ahead of it are */
  n = assert_each_once (csv, rows, FALSE);
  n += assert_each_once (csv, added_dated, FALSE);
  g_assert_cmpint (written, ==, n);
  g_assert_cmpint (written, ==, 4600 + 30);
  for (guint i = 0; i < added_null->n_rows; i++)
    g_assert_null (find_row (csv, &added_null->metric_id[i]));
  /* no offset: the database read again only the (at most two) rows tied
   * with a cursor's created_at */
  g_assert_cmpuint (il_fake_postgrest_get_rows_skipped (fake), <=, 2 * il_fake_postgrest_get_n_requests (fake));
  assert_log_clean (fake);
  il_fake_postgrest_free (fake);
}

/* In a store's order (the Error Analysis export) the null rows come last;
 * a server that caps pages at 300 rows, and rows it cannot parse at the end
 * of a page, neither end the export early nor repeat rows. */
static void
test_store_order_short_pages_bad_rows (void)
{
  g_autoptr(IlRowStore) rows = make_rows (2100, 11, 50, 0);
  IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
  g_autoptr(GArray) order = expected_ids (&rows, 1, IL_TIME_NONE);
  g_autofree char *csv = NULL;
  IlUuid bad[2];
  IlRowQuery query;
  gint64 written = 0;
  const char *prev = NULL;

  /* the last two rows of the first capped page: the cursor comes from them */
  bad[0] = g_array_index (order, IlUuid, 298);
  bad[1] = g_array_index (order, IlUuid, 299);
  il_fake_postgrest_set_bad_rows (fake, bad, 2);
  il_fake_postgrest_set_max_rows (fake, 300);

  il_row_query_init (&query);
  query.fetch_order = TRUE;
  csv = export (client, &query, &written);

  g_assert_cmpint (written, ==, 2100 - 2);
  /* every good row once, in the store's order: dated ones, then null ones */
  for (guint k = 0; k < order->len; k++)
    {
      const char *at = find_row (csv, &g_array_index (order, IlUuid, k));

      if (k == 298 || k == 299)
        {
          g_assert_null (at);
          continue;
        }
      g_assert_nonnull (at);
      g_assert_true (prev == NULL || at > prev);
      prev = at;
    }
  il_fake_postgrest_free (fake);
}

/* Something between the app and the server drops the cursor's filters: the
 * same rows come again, and the export fails instead of writing them until
 * the disk is full. */
static void
test_cursor_dropped (void)
{
  g_autoptr(IlRowStore) rows = make_rows (2500, 13, 0, 0);
  IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
  g_autofree char *path = g_build_filename (tmp_dir, "dropped.csv", NULL);
  g_autoptr(GError) error = NULL;
  IlRowQuery query;

  il_fake_postgrest_fault_drop_filters (fake, 0);
  il_row_query_init (&query);
  query.created_min = base_time - 20 * 24 * HOUR;
  g_assert_cmpint (run_export (client, &query, path, &error), ==, -1);
  g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The server sent rows it had already sent: it does not apply the filters that page "
                   "through the table. Check that nothing between the app and Supabase changes the requests.");
  /* the first page, then the same one again */
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  il_fake_postgrest_free (fake);
}

/* A bounded range has no null rows: one part, counted on its first page. */
static void
test_range_one_part (void)
{
  g_autoptr(IlRowStore) rows = make_rows (1500, 12, 10, 0);
  IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
  g_autofree char *csv = NULL;
  IlRowQuery query;
  gint64 written = 0;
  guint n = 0;

  il_row_query_init (&query);
  query.created_min = base_time - 20 * 24 * HOUR;
  csv = export (client, &query, &written);
  n = assert_each_once (csv, rows, TRUE);
  g_assert_cmpint (written, ==, n);
  g_assert_cmpuint (n, ==, 1500 - 150);
  /* two pages of rows, the second short, and the empty answer after it */
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), ==, 3);
  il_fake_postgrest_free (fake);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  supabase_test_init ();
  tmp_dir = g_dir_make_tmp ("il-export-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/export/table-changes", test_table_changes);
  g_test_add_func ("/export/store-order-short-pages-bad-rows", test_store_order_short_pages_bad_rows);
  g_test_add_func ("/export/range-one-part", test_range_one_part);
  g_test_add_func ("/export/cursor-dropped", test_cursor_dropped);

  ret = g_test_run ();
  {
    g_autofree char *path = g_build_filename (tmp_dir, "export.csv", NULL);

    g_unlink (path);
    g_rmdir (tmp_dir);
  }
  return supabase_test_finish (ret);
}
