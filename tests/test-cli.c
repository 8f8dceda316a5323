/* test-cli.c: the window-less command line (SPEC section 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-cli.h"
#include "il-demo.h"
#include "il-report.h"

#define DEMO_NOW "2026-11-28T12:00:00+00:00"
#define TEST_KEY "sb_secret_cli-test-key"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static char *
read_stream (FILE *stream)
{
  GString *text = g_string_new (NULL);
  char buf[4096];
  size_t n;

  rewind (stream);
  while ((n = fread (buf, 1, sizeof buf, stream)) > 0)
    g_string_append_len (text, buf, n);
  fclose (stream);

  return g_string_free (text, FALSE);
}

/* Runs the command line with a NULL-terminated argument list. */
static void
run_cli (CliResult  *result,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  FILE *out = tmpfile ();
  FILE *err = tmpfile ();
  va_list ap;

  g_assert_nonnull (out);
  g_assert_nonnull (err);

  g_ptr_array_add (args, (gpointer) "interview-latency");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  result->status = il_cli_run ((int) args->len - 1, (char **) args->pdata, out, err);
  result->out = read_stream (out);
  result->err = read_stream (err);
}

/* An empty folder as cwd and XDG config dir, and no SUPABASE_* variables, so no
 * configuration leaks in from the machine running the tests. */
static char *
isolate_configuration (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("il-cli-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (dir), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");

  return dir;
}

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

/* The expected report for the demo rows of the last @days days before DEMO_NOW. */
static char *
expected_demo_report (int days)
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) aggregates = NULL;
  IlAggregateOptions options;
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
  text = il_report_format_json (aggregates, store->n_skipped);
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

/* issue 3: --report=json against the fake server equals --report=json of the
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
  expected = il_report_format_json (aggregates, 0);

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
  err_text = read_stream (err);
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
  g_test_add_func ("/cli/days-decimal", test_cli_days_decimal);
  g_test_add_func ("/cli/report-write-error", test_cli_report_write_error);
  g_test_add_func ("/cli/key-file", test_cli_key_file);
  g_test_add_func ("/cli/broken-dotenv", test_cli_broken_dotenv);

  return g_test_run ();
}
