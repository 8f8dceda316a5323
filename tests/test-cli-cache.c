/* test-cli-cache.c: the command line through the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "cli-run.h"
#include "fake-postgrest.h"
#include "il-cli.h"
#include "il-demo.h"
#include "il-row-cache.h"
#include "il-supabase-client.h"

#define KEY "sb_secret_cli-cache-test-key"

static char *cache_home;
static char *work_dir;

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The previous period's bounds follow the clock: the only bytes that differ
 * between two runs a few milliseconds apart. */
static char *
without_clock (const char *report)
{
  g_autoptr(GRegex) re = g_regex_new ("\"(from|to)\": \"[^\"]*\"", 0, 0, NULL);

  return g_regex_replace_literal (re, report, -1, 0, "\"bound\": \"\"", 0, NULL);
}

static void
assert_same_report (const char *a, const char *b)
{
  g_autofree char *x = without_clock (a);
  g_autofree char *y = without_clock (b);

  g_assert_true (strcmp (x, y) == 0);
  g_assert_nonnull (strstr (x, "\"total_records\""));
}

static IlRowCache *
cache_for (IlFakePostgrest *fake)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);

  return il_row_cache_new (NULL, il_supabase_client_get_base_url (client));
}

/* --report and --export-csv give the same bytes with the cache (cold, then
 * warm) as with --no-cache, and the warm run asks for little. */
static void
check_same_output (const char *range_arg)
{
  g_autoptr(IlRowStore) table = il_demo_generate (3000, IL_DEMO_DEFAULT_SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlRowCache) cache = cache_for (fake);
  g_autofree char *csv_fresh = g_build_filename (work_dir, "fresh.csv", NULL);
  g_autofree char *csv_cold = g_build_filename (work_dir, "cold.csv", NULL);
  g_autofree char *csv_warm = g_build_filename (work_dir, "warm.csv", NULL);
  g_autofree char *arg_fresh = g_strconcat ("--export-csv=", csv_fresh, NULL);
  g_autofree char *arg_cold = g_strconcat ("--export-csv=", csv_cold, NULL);
  g_autofree char *arg_warm = g_strconcat ("--export-csv=", csv_warm, NULL);
  const char *fresh_argv[] = { "interview-latency", range_arg, "--report=json", arg_fresh, "--no-cache", NULL };
  const char *cold_argv[] = { "interview-latency", range_arg, "--report=json", arg_cold, NULL };
  const char *warm_argv[] = { "interview-latency", range_arg, "--report=json", arg_warm, NULL };
  CliResult fresh = { 0 }, cold = { 0 }, warm = { 0 };
  g_autofree char *fresh_text = NULL;
  g_autofree char *cold_text = NULL;
  g_autofree char *warm_text = NULL;
  guint before;

  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (fake), TRUE);
  g_setenv ("SUPABASE_KEY", KEY, TRUE);

  cli_run_argv (&fresh, fresh_argv);
  g_assert_cmpint (fresh.status, ==, 0);
  /* --no-cache writes nothing */
  g_assert_cmpuint (il_row_cache_get_size (cache), ==, 0);

  cli_run_argv (&cold, cold_argv);
  g_assert_cmpint (cold.status, ==, 0);
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 0);

  before = il_fake_postgrest_get_n_requests (fake);
  cli_run_argv (&warm, warm_argv);
  g_assert_cmpint (warm.status, ==, 0);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, <=, 3);

  assert_same_report (cold.out, fresh.out);
  assert_same_report (warm.out, fresh.out);
  g_assert_cmpstr (warm.err, ==, fresh.err);
  fresh_text = read_file (csv_fresh);
  cold_text = read_file (csv_cold);
  warm_text = read_file (csv_warm);
  g_assert_true (strcmp (cold_text, fresh_text) == 0);
  g_assert_true (strcmp (warm_text, fresh_text) == 0);
  g_assert_cmpuint (strlen (fresh_text), >, 10000);

  cli_result_clear (&fresh);
  cli_result_clear (&cold);
  cli_result_clear (&warm);
  il_row_cache_clear (cache, NULL);
}

static void
test_cli_cache_days (void)
{
  check_same_output ("--days=7");
}

static void
test_cli_cache_all (void)
{
  check_same_output ("--all");
}

/* A damaged cache is reported, not used, and written anew. */
static void
test_cli_cache_damaged (void)
{
  g_autoptr(IlRowStore) table = il_demo_generate (500, IL_DEMO_DEFAULT_SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlRowCache) cache = cache_for (fake);
  const char *argv[] = { "interview-latency", "--report=json", NULL };
  const char *no_cache_argv[] = { "interview-latency", "--report=json", "--no-cache", NULL };
  CliResult first = { 0 }, damaged = { 0 }, fresh = { 0 };
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (fake), TRUE);
  g_setenv ("SUPABASE_KEY", KEY, TRUE);

  cli_run_argv (&first, argv);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_true (g_file_set_contents (il_row_cache_get_path (cache), "ILROWS\r\nnot really", 18, NULL));

  cli_run_argv (&damaged, argv);
  g_assert_cmpint (damaged.status, ==, 0);
  g_assert_nonnull (strstr (damaged.err, "local cache was damaged"));
  cli_run_argv (&fresh, no_cache_argv);
  assert_same_report (damaged.out, fresh.out);

  loaded = il_row_cache_load (cache, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n_rows, >, 0);

  cli_result_clear (&first);
  cli_result_clear (&damaged);
  cli_result_clear (&fresh);
  il_row_cache_clear (cache, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* before anything asks GLib for the cache folder */
  cache_home = g_dir_make_tmp ("il-cli-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", cache_home, TRUE);
  work_dir = g_strdup (cache_home);
  g_assert_cmpint (g_chdir (work_dir), ==, 0);
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-cache/days", test_cli_cache_days);
  g_test_add_func ("/cli-cache/all", test_cli_cache_all);
  g_test_add_func ("/cli-cache/damaged", test_cli_cache_damaged);
  status = g_test_run ();

  il_row_cache_clear_all (NULL, NULL);
  g_free (work_dir);
  g_free (cache_home);
  return status;
}
