/* test-cli-server.c: --server-side, --client-side and the compute-mode
 * setting of the window-less command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One fake PostgREST serves the rows; its RPC hook runs the real function
 * through psql in a throw-away PostgreSQL holding the same rows. Without
 * PostgreSQL binaries the tests that need the function are skipped.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fake-postgrest.h"
#include "il-cli.h"
#include "il-csv.h"
#include "il-demo.h"
#include "pg-server.h"
#include "summary-compare.h"

#define KEY "sb_secret_cli-server-key"

static PgServer *server;
static char *skip_reason;
static IlRowStore *rows;

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

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

static void
run_cli (CliResult  *result,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  FILE *out = tmpfile ();
  FILE *err = tmpfile ();
  va_list ap;

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

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static gboolean
need_server (void)
{
  if (server != NULL)
    return TRUE;
  g_test_skip (skip_reason);
  return FALSE;
}

/* The RPC as PostgREST makes it: the JSON body's members become named arguments. */
static char *
rpc_via_psql (const char *name,
              const char *args,
              guint      *status,
              gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "select public.interview_latency_summary("
    "  created_min => (a->>'created_min')::timestamptz,"
    "  created_max => (a->>'created_max')::timestamptz,"
    "  trend_bucket => coalesce (a->>'trend_bucket', 'day'),"
    "  time_zone => coalesce (a->>'time_zone', 'UTC'),"
    "  histogram_step => a->>'histogram_step',"
    "  session_limit => (a->>'session_limit')::int)"
    " from (select $args$%s$args$::jsonb as a) x", args);
  char *out = NULL;

  g_assert_cmpstr (name, ==, "interview_latency_summary");
  if (!pg_server_psql (server, "rows", sql, &out, &error))
    {
      g_autofree char *message = g_strescape (error->message, NULL);

      *status = 400;
      return g_strdup_printf ("{\"code\":\"P0001\",\"details\":null,\"hint\":null,\"message\":\"%s\"}",
                              message);
    }
  return out;
}

/* A function installed before the version field counted. */
static char *
rpc_old (const char *name,
         const char *args,
         guint      *status,
         gpointer    data)
{
  return g_strdup ("{\"version\": 0}");
}

static IlFakePostgrest *
start_fake (void)
{
  IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);

  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (fake), TRUE);
  g_setenv ("SUPABASE_KEY", KEY, TRUE);
  return fake;
}

/* Requests that brought rows (not the limit=0 count). */
static guint
count_row_requests (IlFakePostgrest *fake)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);

      if (g_str_has_prefix (line, "/rest/v1/interview_latency_metrics") &&
          strstr (line, "limit=0") == NULL)
        n++;
    }
  return n;
}

/* The previous period's bounds follow the clock: the only members that
 * differ between two runs a few milliseconds apart. */
static void
assert_same_figures (const char *got,
                     const char *want)
{
  g_autoptr(GRegex) re = g_regex_new ("\"(from|to)\": \"[^\"]*\"", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal (re, got, -1, 0, "\"bound\": \"\"", 0, NULL);
  g_autofree char *b = g_regex_replace_literal (re, want, -1, 0, "\"bound\": \"\"", 0, NULL);
  g_autoptr(JsonParser) pa = json_parser_new ();
  g_autoptr(JsonParser) pb = json_parser_new ();

  g_assert_true (json_parser_load_from_data (pa, a, -1, NULL));
  g_assert_true (json_parser_load_from_data (pb, b, -1, NULL));
  compare_json_nodes (json_parser_get_root (pa), json_parser_get_root (pb), "report");
}

/* ---- tests ---------------------------------------------------------------------- */

static void
test_usage (void)
{
  CliResult result = { 0 };

  run_cli (&result, "--demo", "--report", "--server-side", "--client-side", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--server-side or --client-side"));
  g_assert_cmpstr (result.out, ==, "");
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--report", "--server-side", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--server-side needs a Supabase project"));
  cli_result_clear (&result);

  /* the setting does not apply to the demo data */
  run_cli (&result, "--demo", "--report=json", "--client-side", NULL);
  g_assert_cmpint (result.status, ==, 0);
  cli_result_clear (&result);
}

/* --report=json and --check give the same figures either way, previous period included. */
static void
check_same (const char *range)
{
  g_autoptr(IlFakePostgrest) fake = NULL;
  CliResult client = { 0 }, srv = { 0 };
  guint rpc_before;

  if (!need_server ())
    return;
  fake = start_fake ();
  il_fake_postgrest_set_rpc (fake, rpc_via_psql, NULL);

  run_cli (&client, range, "--report=json", "--client-side", "--no-cache",
           "--slo", "*:p95<=3000", NULL);
  g_assert_cmpint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 0);
  rpc_before = count_row_requests (fake);
  g_assert_cmpuint (rpc_before, >, 0);

  run_cli (&srv, range, "--report=json", "--server-side", "--slo", "*:p95<=3000", NULL);
  g_assert_cmpstr (srv.err, ==, "");
  g_assert_cmpint (srv.status, ==, 0);
  /* no row downloaded; a second call for the previous period */
  g_assert_cmpuint (count_row_requests (fake), ==, rpc_before);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==,
                    g_str_equal (range, "--all") ? 1 : 2);
  g_assert_cmpint (client.status, ==, 0);
  g_assert_nonnull (strstr (srv.out, "\"total_records\": "));
  if (!g_str_equal (range, "--all"))
    g_assert_nonnull (strstr (srv.out, "\"previous_period\": {"));
  assert_same_figures (srv.out, client.out);
  cli_result_clear (&client);
  cli_result_clear (&srv);

  /* --check alone: same verdicts, same exit code */
  run_cli (&client, range, "--check", "--client-side", "--no-cache", "--slo", "*:p95<=3000", NULL);
  run_cli (&srv, range, "--check", "--server-side", "--slo", "*:p95<=3000", NULL);
  g_assert_cmpint (srv.status, ==, client.status);
  g_assert_cmpstr (srv.out, ==, client.out);
  g_assert_cmpuint (strlen (srv.out), >, 0);
  cli_result_clear (&client);
  cli_result_clear (&srv);
}

static void
test_same_days (void)
{
  check_same ("--days=7");
}

static void
test_same_all (void)
{
  check_same ("--all");
}

/* The function was never installed: --server-side fails naming the SQL file;
 * automatic mode downloads the rows instead, with a notice and the same figures. */
static void
test_missing_function (void)
{
  g_autoptr(IlFakePostgrest) fake = start_fake ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CliResult result = { 0 }, client = { 0 };

  run_cli (&result, "--days=7", "--report=json", "--server-side", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "no function interview_latency_summary"));
  g_assert_nonnull (strstr (result.err, "The SQL file to run is "));
  g_assert_nonnull (strstr (result.err, "sql/interview_latency_summary.sql"));
  g_assert_cmpuint (count_row_requests (fake), ==, 0);
  cli_result_clear (&result);

  g_assert_true (g_settings_set_string (settings, "compute-mode", "automatic"));
  g_assert_true (g_settings_set_uint (settings, "server-side-threshold", 0));
  run_cli (&result, "--days=7", "--report=json", "--no-cache", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "no function interview_latency_summary"));
  g_assert_nonnull (strstr (result.err, "Computing the figures from the downloaded rows instead"));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 2);
  g_assert_cmpuint (count_row_requests (fake), >, 0);

  run_cli (&client, "--days=7", "--report=json", "--client-side", "--no-cache", NULL);
  g_assert_cmpstr (client.err, ==, "");
  assert_same_figures (result.out, client.out);
  cli_result_clear (&result);
  cli_result_clear (&client);

  /* the saved "server" fails as --server-side does */
  g_assert_true (g_settings_set_string (settings, "compute-mode", "server"));
  run_cli (&result, "--days=7", "--check", "--slo", "*:p95<=1", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "sql/interview_latency_summary.sql"));
  cli_result_clear (&result);

  g_settings_reset (settings, "compute-mode");
  g_settings_reset (settings, "server-side-threshold");
}

/* An older function is reported with what to do, never read. */
static void
test_old_function (void)
{
  g_autoptr(IlFakePostgrest) fake = start_fake ();
  CliResult result = { 0 };

  il_fake_postgrest_set_rpc (fake, rpc_old, NULL);
  run_cli (&result, "--all", "--report", "--server-side", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "run data/sql/interview_latency_summary.sql again"));
  g_assert_nonnull (strstr (result.err, "The SQL file to run is "));
  cli_result_clear (&result);
}

/* Automatic: one count; at or below the threshold the rows are downloaded,
 * above it the database computes. One-off flags change no setting. */
static void
test_threshold (void)
{
  g_autoptr(IlFakePostgrest) fake = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *mode = NULL;
  CliResult result = { 0 };
  guint n_rows;

  if (!need_server ())
    return;
  fake = start_fake ();
  il_fake_postgrest_set_rpc (fake, rpc_via_psql, NULL);
  g_assert_cmpstr ((mode = g_settings_get_string (settings, "compute-mode")), ==, "automatic");
  g_assert_cmpuint (g_settings_get_uint (settings, "server-side-threshold"), ==, 2000000);

  /* the default threshold: a small table is downloaded */
  run_cli (&result, "--all", "--report=json", "--no-cache", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 0);
  n_rows = count_row_requests (fake);
  g_assert_cmpuint (n_rows, >, 0);
  cli_result_clear (&result);

  /* exactly as many rows as the threshold: still downloaded */
  g_assert_true (g_settings_set_uint (settings, "server-side-threshold", rows->n_rows));
  run_cli (&result, "--all", "--report=json", "--no-cache", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 0);
  g_assert_cmpuint (count_row_requests (fake), >, n_rows);
  n_rows = count_row_requests (fake);
  cli_result_clear (&result);

  /* one row fewer: the database computes, no row is downloaded */
  g_assert_true (g_settings_set_uint (settings, "server-side-threshold", rows->n_rows - 1));
  run_cli (&result, "--all", "--report=json", "--no-cache", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 1);
  g_assert_cmpuint (count_row_requests (fake), ==, n_rows);
  cli_result_clear (&result);

  /* --client-side wins over the setting, and is not saved */
  run_cli (&result, "--all", "--report=json", "--no-cache", "--client-side", NULL);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 1);
  g_assert_cmpuint (count_row_requests (fake), >, n_rows);
  cli_result_clear (&result);
  g_assert_cmpstr ((g_free (mode), mode = g_settings_get_string (settings, "compute-mode")), ==, "automatic");

  g_settings_reset (settings, "server-side-threshold");
}

static void
load_database (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = g_strdup_printf ("create database %s", db);
  g_autofree char *sql_file = g_build_filename (TEST_SRCDIR, "..", "data", "sql",
                                                "interview_latency_summary.sql", NULL);
  g_autofree char *csv = g_build_filename (pg_server_get_dir (server), db, NULL);
  g_autofree char *copy = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (il_csv_write (rows, NULL, 0, G_OUTPUT_STREAM (out), NULL, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_true (pg_server_psql (server, NULL, create, NULL, &error));
  g_assert_true (pg_server_psql (server, db, pg_server_table_sql, NULL, &error));
  g_assert_true (pg_server_psql_file (server, db, sql_file, &error));
  copy = g_strdup_printf ("\\copy public.interview_latency_metrics from '%s' with (format csv, header true)", csv);
  g_assert_true (pg_server_psql (server, db, copy, NULL, &error));
  g_assert_true (pg_server_psql (server, db, "analyze", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *bindir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* no configuration from the machine running the tests */
  dir = g_dir_make_tmp ("il-cli-server-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (dir), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("TZ", "UTC", TRUE);

  g_test_add_func ("/cli-server/usage", test_usage);
  g_test_add_func ("/cli-server/missing-function", test_missing_function);
  g_test_add_func ("/cli-server/old-function", test_old_function);
  g_test_add_func ("/cli-server/same-days", test_same_days);
  g_test_add_func ("/cli-server/same-all", test_same_all);
  g_test_add_func ("/cli-server/threshold", test_threshold);

  /* a minute old, so that a run a little later sees every row in its range */
  rows = il_demo_generate (3000, IL_DEMO_DEFAULT_SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  bindir = pg_server_find_bindir ();
  if (bindir == NULL)
    skip_reason = g_strdup ("PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/postgres; "
                            "apt-get install postgresql, or set IL_PG_BINDIR)");
  else
    {
      server = pg_server_start (bindir, &error);
      if (server == NULL)
        g_error ("could not start PostgreSQL from %s: %s", bindir, error->message);
      load_database ("rows");
    }

  status = g_test_run ();

  g_clear_pointer (&server, pg_server_stop);
  g_clear_pointer (&rows, il_row_store_unref);
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");
  g_rmdir (dir);
  g_free (skip_reason);
  return status;
}
