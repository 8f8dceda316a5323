/* test-cli.c: the window-less command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"
#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-cli.h"
#include "il-demo.h"
#include "il-period.h"
#include "il-report.h"
#include "il-slo.h"

#define DEMO_NOW "2026-11-28T12:00:00+00:00"
#define TEST_KEY "sb_secret_cli-test-key"

static void
test_cli_wanted (void)
{
  char *report[] = { "x", "--demo", "--report", NULL };
  char *report_json[] = { "x", "--report=json", NULL };
  char *export[] = { "x", "--export-csv=/tmp/a.csv", NULL };
  char *window[] = { "x", "--demo", "--days", "7", NULL };
  char *after_dashes[] = { "x", "--", "--report", NULL };

  g_assert_true (il_cli_wanted (3, report));
  g_assert_true (il_cli_wanted (2, report_json));
  g_assert_true (il_cli_wanted (2, export));
  g_assert_false (il_cli_wanted (4, window));
  g_assert_false (il_cli_wanted (3, after_dashes));
}

static void
test_cli_usage_errors (void)
{
  CliResult result = { 0 };

  run_cli (&result, "--demo", "--report=xml", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "xml"));
  g_assert_cmpstr (result.out, ==, "");
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "0", "--report", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "366", "--report", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "7", "--all", "--report", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--no-such-option", "--report", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--report", "stray", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);
}

static void
test_cli_not_configured (void)
{
  g_autofree char *dir = isolate_configuration ();
  CliResult result = { 0 };

  run_cli (&result, "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "No data source is configured"));
  cli_result_clear (&result);

  g_rmdir (dir);
}

/* The expected report for the demo rows of the last @days days before DEMO_NOW,
 * with the days before them as the previous period and no SLO target. */
static char *
expected_demo_report (int days)
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) aggregates = NULL;
  g_autoptr(IlPeriodFigures) previous = NULL;
  IlReportExtras extras = { NULL, NULL };
  IlAggregateOptions options;
  gint64 from, to;
  IlFilter filter;
  gint64 now;
  gint16 offset;
  char *text;

  g_assert_true (il_timestamp_parse (DEMO_NOW, -1, &now, &offset));
  store = il_demo_generate (IL_DEMO_DEFAULT_ROWS, IL_DEMO_DEFAULT_SEED, now);
  il_filter_init (&filter);
  filter.created_min = now - (gint64) days * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  aggregates = il_aggregates_compute (store, &filter, &options);
  il_period_previous_window (now, (guint) days, &from, &to);
  previous = il_period_figures_compute (store, NULL, from, to);
  extras.previous = previous;
  text = il_report_format_json_full (aggregates, store->n_skipped, &extras);
  il_filter_clear (&filter);

  return text;
}

static gint64
json_total_records (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_int_member (json_object_get_object_member (root, "key_metrics"),
                                     "total_records");
}

static void
test_cli_demo_report (void)
{
  g_autofree char *expected_30 = expected_demo_report (30);
  g_autofree char *expected_7 = expected_demo_report (7);
  CliResult result = { 0 };

  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);

  run_cli (&result, "--demo", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (g_strchomp (result.out), ==, g_strchomp (expected_30));
  g_assert_cmpint (json_total_records (result.out), ==, IL_DEMO_DEFAULT_ROWS);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "7", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (g_strchomp (result.out), ==, g_strchomp (expected_7));
  g_assert_cmpint (json_total_records (result.out), <, IL_DEMO_DEFAULT_ROWS);
  g_assert_cmpint (json_total_records (result.out), >, 0);
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--report", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "60"));
  cli_result_clear (&result);

  g_unsetenv ("IL_DEMO_NOW");
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  guint lines = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  /* A plain scan: strstr() is quadratic under ASan's interceptor. */
  for (gsize i = 0; i + 1 < len; i++)
    if (contents[i] == '\r' && contents[i + 1] == '\n')
      lines++;

  return lines;
}

static void
test_cli_demo_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("il-cli-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "rows.csv", NULL);
  g_autofree char *arg = g_strconcat ("--export-csv=", path, NULL);
  g_autofree char *bad_arg = g_strconcat ("--export-csv=", dir, "/missing/rows.csv", NULL);
  CliResult result = { 0 };

  g_assert_no_error (error);
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);

  /* Multi-line demo messages use bare LF, so CRLF ends records only. */
  run_cli (&result, "--demo", "--all", arg, NULL);
  g_assert_cmpint (result.status, ==, 0);
  {
    g_autofree char *written = g_strdup_printf ("%d rows written", IL_DEMO_DEFAULT_ROWS);
    g_assert_nonnull (strstr (result.err, written));
  }
  g_assert_cmpuint (count_lines (path), ==, IL_DEMO_DEFAULT_ROWS + 1);
  cli_result_clear (&result);

  run_cli (&result, "--demo", bad_arg, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.err, !=, "");
  cli_result_clear (&result);

  g_unlink (path);
  g_rmdir (dir);
  g_unsetenv ("IL_DEMO_NOW");
}

/* Two reports are equal when they have the same shape, strings and counts, and
 * every double agrees to 1e-12 relative: sums over rows in another order (the
 * server's created_at order, the generator's order) may differ in the last bit. */
static void
assert_json_equal (JsonNode   *a,
                   JsonNode   *b,
                   const char *path)
{
  g_assert_cmpint (JSON_NODE_TYPE (a), ==, JSON_NODE_TYPE (b));

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (oa);

        g_assert_cmpuint (json_object_get_size (oa), ==, json_object_get_size (ob));
        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autofree char *sub = g_strconcat (path, ".", l->data, NULL);

            g_assert_true (json_object_has_member (ob, l->data));
            assert_json_equal (json_object_get_member (oa, l->data),
                               json_object_get_member (ob, l->data), sub);
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
        for (guint i = 0; i < json_array_get_length (aa); i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

            assert_json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i), sub);
          }
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) == G_TYPE_DOUBLE || json_node_get_value_type (b) == G_TYPE_DOUBLE)
        {
          double x = json_node_get_double (a);
          double y = json_node_get_double (b);

          if (fabs (x - y) > 1e-12 * MAX (fabs (x), fabs (y)))
            g_error ("%s: %.17g != %.17g", path, x, y);
        }
      else if (json_node_get_value_type (a) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (a), ==, json_node_get_int (b));
      else
        g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
assert_reports_equal (const char *actual,
                      const char *expected)
{
  g_autoptr(JsonParser) pa = json_parser_new ();
  g_autoptr(JsonParser) pb = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (pa, actual, -1, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (pb, expected, -1, &error);
  g_assert_no_error (error);
  assert_json_equal (json_parser_get_root (pa), json_parser_get_root (pb), "$");
}

/* --report=json against the fake server equals --report=json of the
 * same rows loaded directly. */
static void
test_cli_report_from_server (void)
{
  g_autofree char *dir = isolate_configuration ();
  g_autoptr(IlRowStore) rows = NULL;
  g_autoptr(IlFakePostgrest) server = NULL;
  g_autoptr(IlAggregates) aggregates = NULL;
  g_autofree char *expected = NULL;
  IlAggregateOptions options;
  IlFilter filter;
  CliResult result = { 0 };

  /* Rows from "now" backwards, so --all and the default 30 days both see them all. */
  rows = il_demo_generate (5000, 7, g_get_real_time ());
  server = il_fake_postgrest_new (rows, TEST_KEY);
  il_fake_postgrest_set_max_rows (server, 337);

  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  aggregates = il_aggregates_compute (rows, &filter, &options);
  /* --all: no previous period; no target */
  expected = il_report_format_json_full (aggregates, 0, NULL);

  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (server), TRUE);
  g_setenv ("SUPABASE_KEY", TEST_KEY, TRUE);

  run_cli (&result, "--all", "--report=json", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  assert_reports_equal (result.out, expected);
  g_assert_null (strstr (result.out, TEST_KEY));
  cli_result_clear (&result);

  /* A rejected key: exit 1, a message, no figures, and never the key. */
  g_setenv ("SUPABASE_KEY", "sb_secret_wrong-key", TRUE);
  run_cli (&result, "--all", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, !=, "");
  g_assert_null (strstr (result.err, "sb_secret_wrong-key"));
  cli_result_clear (&result);

  /* A fetch that fails part-way is an error, never a smaller report. */
  g_setenv ("SUPABASE_KEY", TEST_KEY, TRUE);
  il_fake_postgrest_fault_status (server, 0, 400, NULL,
                                  "{\"code\":\"PGRST100\",\"details\":null,\"hint\":null,"
                                  "\"message\":\"bad filter\"}", NULL);
  run_cli (&result, "--all", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  cli_result_clear (&result);

  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");
  il_filter_clear (&filter);
  g_rmdir (dir);
}

/* The real executable without a display: the window's options are checked
 * before any window opens. Messages in English. */
static int
spawn_app (char       **out,
           char       **err,
           const char  *first,
           ...)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".";
  g_autofree char *exe = g_build_filename (builddir, "..", "src", "interview-latency", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  va_list ap;
  int status;

  g_ptr_array_add (argv, exe);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

static void
test_cli_help_lists_every_option (void)
{
  g_autofree char *window_help = NULL;
  g_autofree char *cli_help = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_checked = 0;

  g_assert_cmpint (spawn_app (&window_help, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (window_help, "  --report"));
  g_assert_nonnull (strstr (window_help, "  --export-csv=PATH"));
  g_clear_pointer (&err, g_free);

  /* Every option of the window-less run is listed in the plain --help too. */
  g_assert_cmpint (spawn_app (&cli_help, &err, "--report", "--help", NULL), ==, 0);
  lines = g_strsplit (cli_help, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);
      g_autofree char *option = NULL;

      if (!g_str_has_prefix (line, "--"))
        continue;
      option = g_strndup (line, strcspn (line, "= "));
      g_test_message ("%s", option);
      g_assert_nonnull (strstr (window_help, option));
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 8);
}

static void
test_cli_window_usage_errors (void)
{
  const char *bad_days[] = { "0", "366", "x", "-1", "+5" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Bad usage is 2 (not GApplication's 1), without a window. */
  g_assert_cmpint (spawn_app (&out, &err, "--no-such-option", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--no-such-option"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (spawn_app (&out, &err, "--demo", "stray", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Unexpected argument “stray”"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (spawn_app (&out, &err, "--demo", "--days", bad_days[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "--days must be between 1 and 365"));
    }
}

/* --days takes decimal digits only: 010 is ten days, 0x10 is refused. */
static void
test_cli_days_decimal (void)
{
  g_autofree char *expected_10 = expected_demo_report (10);
  CliResult result = { 0 };

  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);
  run_cli (&result, "--demo", "--days", "010", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (json_total_records (result.out), ==, json_total_records (expected_10));
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "0x10", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, ==, "--days takes a whole number of days, like 30 (got “0x10”)\n");
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "-5", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);
  g_unsetenv ("IL_DEMO_NOW");
}

/* A report that cannot be written is a failure, not exit 0. */
static void
test_cli_report_write_error (void)
{
  char *args[] = { "interview-latency", "--demo", "--report", NULL };
  FILE *full = fopen ("/dev/full", "w");
  FILE *err = tmpfile ();
  g_autofree char *err_text = NULL;
  int status;

  if (full == NULL)
    {
      g_test_skip ("no /dev/full");
      fclose (err);
      return;
    }
  status = il_cli_run (3, args, full, err);
  fclose (full);
  err_text = cli_read_stream (err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (err_text, ==, "Could not write the report: No space left on device\n");
}

static void
test_cli_key_file (void)
{
  g_autofree char *dir = isolate_configuration ();
  g_autofree char *path = g_build_filename (dir, "key", NULL);
  g_autofree char *warning = NULL;
  g_autoptr(IlRowStore) rows = il_demo_generate (300, 9, g_get_real_time ());
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (rows, TEST_KEY);
  g_autoptr(GError) error = NULL;
  CliResult result = { 0 };

  g_file_set_contents (path, TEST_KEY "\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  run_cli (&result, "--url", il_fake_postgrest_get_url (server), "--key-file", path, "--all", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (json_total_records (result.out), ==, 300);
  warning = g_strdup_printf ("Warning: the key file %s can be read by other users; restrict it with chmod 600 %s\n",
                             path, path);
  g_assert_cmpstr (result.err, ==, warning);
  cli_result_clear (&result);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  run_cli (&result, "--url", il_fake_postgrest_get_url (server), "--key-file", path, "--all", "--report=json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  cli_result_clear (&result);

  run_cli (&result, "--url", il_fake_postgrest_get_url (server), "--key-file", path, "--key", "x", "--report", NULL);
  g_assert_cmpint (result.status, ==, 2);
  cli_result_clear (&result);

  g_unlink (path);
  run_cli (&result, "--url", il_fake_postgrest_get_url (server), "--key-file", path, "--report", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, path));
  cli_result_clear (&result);
  g_rmdir (dir);
}

/* A .env found by the search that cannot be used: which file, and why. */
static void
test_cli_broken_dotenv (void)
{
  g_autofree char *dir = isolate_configuration ();
  g_autofree char *path = g_build_filename (dir, ".env", NULL);
  g_autoptr(GError) error = NULL;
  CliResult result = { 0 };

  g_file_set_contents (path, "SUPABASE_URL=https://abcdefgh.supabase.co\nSUPABASE_KEY=\"unterminated\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&result, "--report", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.err, "Skipped a .env file: "));
  g_assert_nonnull (strstr (result.err, ".env"));
  g_assert_nonnull (strstr (result.err, "Line 2"));
  g_assert_nonnull (strstr (result.err, "No data source is configured"));
  cli_result_clear (&result);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/wanted", test_cli_wanted);
  g_test_add_func ("/cli/usage-errors", test_cli_usage_errors);
  g_test_add_func ("/cli/not-configured", test_cli_not_configured);
  g_test_add_func ("/cli/demo-report", test_cli_demo_report);
  g_test_add_func ("/cli/demo-export", test_cli_demo_export);
  g_test_add_func ("/cli/report-from-server", test_cli_report_from_server);
  g_test_add_func ("/cli/help-lists-every-option", test_cli_help_lists_every_option);
  g_test_add_func ("/cli/window-usage-errors", test_cli_window_usage_errors);
  g_test_add_func ("/cli/days-decimal", test_cli_days_decimal);
  g_test_add_func ("/cli/report-write-error", test_cli_report_write_error);
  g_test_add_func ("/cli/key-file", test_cli_key_file);
  g_test_add_func ("/cli/broken-dotenv", test_cli_broken_dotenv);

  return g_test_run ();
}
