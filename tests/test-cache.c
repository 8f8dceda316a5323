/* test-cache.c: the local row cache file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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
  /* a load that finds it gone says why, once: two loads may race for it */
  loaded = il_row_cache_load (cache, &meta, &error);
  g_assert_null (loaded);
  g_assert_error (error, IL_ROW_CACHE_ERROR,
                  (int) (damage == DAMAGE_OLD_VERSION ? IL_ROW_CACHE_ERROR_OLD_FORMAT : IL_ROW_CACHE_ERROR_CORRUPT));
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

int
main (int argc, char **argv)
{
  int status;

  /* before anything asks GLib for the cache folder */
  cache_test_init ();

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
  status = g_test_run ();

  cache_test_cleanup ();
  return status;
}
