/* test-pg-summary.c: data/sql/interview_latency_summary.sql in a real PostgreSQL
 * gives the same figures as il_aggregates_compute on the same rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is started once (initdb into a temporary folder) and serves one
 * database per data set. Without PostgreSQL binaries the database tests are
 * skipped with a message; the parser tests always run.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-csv.h"
#include "il-demo.h"
#include "il-report.h"
#include "il-summary.h"
#include "il-supabase-summary.h"
#include "fake-postgrest.h"
#include "pg-server.h"
#include "fixture-rows.h"
#include "summary-compare.h"

#define DEMO_NOW G_GINT64_CONSTANT (1776643200000000)   /* 2026-04-20T00:00:00Z */
#define US_PER_DAY G_GINT64_CONSTANT (86400000000)

static PgServer *server;
static char *skip_reason;

/* ---- data sets ---------------------------------------------------------------- */

/* Three steps of 1600 ordinary latencies, 380 far above them and 20 below:
 * more outliers than the box plot draws, so the function sends a thinned set.
 * Some sessions have turn numbers outside 0..63. */
static IlRowStore *
outlier_store (void)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < 6000; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 1 + i / 50;
      /* a few sessions have turns outside 0..63 */
      in.turn_number = i % 500 == 3 ? 100 + (gint32) (i % 3) : i % 700 == 5 ? -2 : (gint32) (i % 7);
      in.step_name = i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z";
      in.latency_ms = i < 4800 ? 100 + (i % 97) * 0.25
                      : i < 5940 ? 10000 + (i - 4800) * 3.5
                      : 0.001 * (i - 5939);
      in.status = i % 11 == 0 ? "error" : "success";
      in.error_message = i % 22 == 0 ? "boom" : NULL;
      in.started_at = DEMO_NOW - (gint64) (6000 - i) * 60000000;
      in.completed_at = in.started_at + 1000;
      in.created_at = in.completed_at;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

/* A database holding the table, the function and the store's rows. */
static void
load_database (const char *db,
               IlRowStore *store)
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
  g_assert_true (il_csv_write (store, NULL, 0, G_OUTPUT_STREAM (out), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));

  g_assert_true (pg_server_psql (server, NULL, create, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pg_server_psql (server, db, pg_server_table_sql, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pg_server_psql_file (server, db, sql_file, &error));
  g_assert_no_error (error);
  copy = g_strdup_printf ("\\copy public.interview_latency_metrics from '%s' with (format csv, header true)", csv);
  g_assert_true (pg_server_psql (server, db, copy, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pg_server_psql (server, db, "analyze", NULL, &error));
  g_assert_no_error (error);
}

static IlRowStore *fixture;
static IlRowStore *demo;
static IlRowStore *outliers;

static gboolean
need_server (void)
{
  if (server != NULL)
    return TRUE;
  g_test_skip (skip_reason);
  return FALSE;
}

static char *
call_summary_raw (const char *db,
                  const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("select public.interview_latency_summary(%s)", args);
  char *out = NULL;

  g_assert_true (pg_server_psql (server, db, sql, &out, &error));
  g_assert_no_error (error);
  return out;
}

static IlSummary *
call_summary (const char *db,
              const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = call_summary_raw (db, args);
  IlSummary *sum = il_summary_parse (out, -1, &error);

  g_assert_no_error (error);
  return sum;
}

static char *
sql_time (gint64 us)
{
  char buf[48];

  il_timestamp_format (us, 0, buf);
  return g_strdup_printf ("'%s'::timestamptz", buf);
}

/* ---- tests ---------------------------------------------------------------------- */

static void
test_fixture_all (void)
{
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;

  if (!need_server ())
    return;
  want = il_aggregates_compute (fixture, NULL, NULL);
  sum = call_summary ("fixture", "");
  compare_all (sum, want, fixture, TRUE);
  compare_reports (sum->agg, want);
}

/* tests/summary-fixture.json, which the HTTP tests serve without a database,
 * is still what the function answers on the fixture (IL_WRITE_SUMMARY_FIXTURE=1
 * rewrites it). */
static void
test_fixture_file (void)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  g_autofree char *live = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autoptr(JsonParser) a = json_parser_new ();
  g_autoptr(JsonParser) b = json_parser_new ();

  if (!need_server ())
    return;
  live = call_summary_raw ("fixture", "");
  if (g_getenv ("IL_WRITE_SUMMARY_FIXTURE") != NULL)
    {
      g_assert_true (g_file_set_contents (path, live, -1, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (a, live, -1, NULL));
  g_assert_true (json_parser_load_from_data (b, saved, -1, NULL));
  compare_json_nodes (json_parser_get_root (a), json_parser_get_root (b), "summary-fixture.json");

  want = il_aggregates_compute (fixture, NULL, NULL);
  sum = il_summary_parse (saved, -1, &error);
  g_assert_no_error (error);
  compare_all (sum, want, fixture, TRUE);
}

static void
test_demo_range (void)
{
  const char *buckets[] = { "5 min", "15 min", "hour", "day" };
  IlFilter filter;

  if (!need_server ())
    return;
  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - 10 * US_PER_DAY;
  filter.created_max = DEMO_NOW - 2 * US_PER_DAY;
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      IlAggregateOptions options;
      g_autoptr(IlAggregates) want = NULL;
      g_autoptr(IlSummary) sum = NULL;
      g_autofree char *lo = sql_time (filter.created_min);
      g_autofree char *hi = sql_time (filter.created_max);
      g_autofree char *args = g_strdup_printf ("created_min => %s, created_max => %s, trend_bucket => '%s'",
                                               lo, hi, buckets[b]);

      g_test_message ("bucket %s", buckets[b]);
      il_aggregate_options_init (&options);
      options.trend_bucket = (IlBucketSize) b;
      want = il_aggregates_compute (demo, &filter, &options);
      g_assert_cmpuint (want->key.total_records, >, 1000);
      sum = call_summary ("demo", args);
      compare_all (sum, want, demo, TRUE);
      g_assert_cmpint (sum->agg->filter.created_min, ==, filter.created_min);
      g_assert_cmpint (sum->agg->filter.created_max, ==, filter.created_max);
      g_assert_cmpint (sum->agg->options.trend_bucket, ==, options.trend_bucket);
      compare_reports (sum->agg, want);
    }
}

/* Buckets in a zone with summer time (main() sets TZ to it): the range spans
 * the switch, which makes one day 23 hours long. */
static void
test_demo_local_time (void)
{
  IlAggregateOptions options;
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autoptr(IlSummary) hourly = NULL;

  if (!need_server ())
    return;
  il_aggregate_options_init (&options);
  options.local_time = TRUE;
  want = il_aggregates_compute (demo, NULL, &options);
  sum = call_summary ("demo", "time_zone => 'Europe/Berlin'");
  compare_all (sum, want, demo, TRUE);
  g_assert_true (sum->agg->options.local_time);

  il_aggregates_free (g_steal_pointer (&want));
  options.trend_bucket = IL_BUCKET_HOUR;
  want = il_aggregates_compute (demo, NULL, &options);
  hourly = call_summary ("demo", "time_zone => 'Europe/Berlin', trend_bucket => 'hour'");
  compare_all (hourly, want, demo, TRUE);
}

static void
test_histogram_step (void)
{
  IlAggregateOptions options;
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;
  gint64 id;

  if (!need_server ())
    return;
  id = il_string_pool_lookup (fixture->steps, "gamma, \"quoted\"");
  g_assert_cmpint (id, >=, 0);
  il_aggregate_options_init (&options);
  options.histogram_step = (IlStrId) id;
  want = il_aggregates_compute (fixture, NULL, &options);
  sum = call_summary ("fixture", "histogram_step => 'gamma, \"quoted\"'");
  compare_histogram (&sum->agg->latency_histogram, &want->latency_histogram);
}

static void
test_empty_range (void)
{
  IlFilter filter;
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;

  if (!need_server ())
    return;
  il_filter_init (&filter);
  filter.created_min = DEMO_NOW + 400 * US_PER_DAY;
  want = il_aggregates_compute (demo, &filter, NULL);
  g_assert_cmpuint (want->key.total_records, ==, 0);
  sum = call_summary ("demo", "created_min => '2027-06-01T00:00:00Z'");
  compare_all (sum, want, demo, TRUE);
  compare_reports (sum->agg, want);
}

static void
test_many_outliers (void)
{
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;

  if (!need_server ())
    return;
  want = il_aggregates_compute (outliers, NULL, NULL);
  g_assert_cmpuint (want->steps[0].n_outliers, >, 300);
  g_assert_cmpuint (want->steps[1].n_outliers, >, 300);
  sum = call_summary ("outliers", "");
  compare_all (sum, want, outliers, TRUE);
  g_assert_cmpuint (sum->agg->steps[0].n_outliers, ==, 300);
  g_assert_cmpfloat (sum->agg->steps[0].outliers[299], ==, want->steps[0].max);
}

/* The slowest and fastest sessions come with the figures even when the list is cut. */
static void
test_session_limit (void)
{
  g_autoptr(IlAggregates) want = NULL;
  g_autoptr(IlSummary) sum = NULL;

  if (!need_server ())
    return;
  want = il_aggregates_compute (demo, NULL, NULL);
  sum = call_summary ("demo", "session_limit => 3");
  g_assert_cmpuint (sum->n_sessions, ==, want->n_sessions);
  g_assert_cmpuint (sum->agg->n_sessions, <=, 3 + 10);
  g_assert_cmpuint (sum->agg->n_sessions, >=, 3);
  for (guint i = 0; i < 3; i++)
    compare_session (&sum->agg->sessions[i], &want->sessions[i]);
  compare_all (sum, want, demo, FALSE);
}

/* security invoker: a role sees through its row level security policy only */
static void
test_row_level_security (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(IlSummary) sum = NULL;

  if (!need_server ())
    return;
  g_assert_true (pg_server_psql (server, "fixture",
                                 "create role il_reader;"
                                 "grant usage on schema public to il_reader;"
                                 "grant select on public.interview_latency_metrics to il_reader;"
                                 "alter table public.interview_latency_metrics enable row level security;"
                                 "create policy only_alpha on public.interview_latency_metrics"
                                 "  for select to il_reader using (step_name = 'alpha');",
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pg_server_psql (server, "fixture",
                                 "set role il_reader; select public.interview_latency_summary();",
                                 &out, &error));
  g_assert_no_error (error);
  g_assert_true (pg_server_psql (server, "fixture",
                                 "alter table public.interview_latency_metrics disable row level security;",
                                 NULL, &error));
  g_assert_no_error (error);

  sum = il_summary_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sum->agg->key.total_records, ==, 50);
  g_assert_cmpuint (sum->agg->n_steps, ==, 1);
  g_assert_cmpstr (sum->agg->steps[0].name, ==, "alpha");
}

static void
test_bad_arguments (void)
{
  g_autoptr(GError) error = NULL;

  if (!need_server ())
    return;
  g_assert_false (pg_server_psql (server, "fixture",
                                  "select public.interview_latency_summary(trend_bucket => '7 min')",
                                  NULL, &error));
  g_assert_nonnull (strstr (error->message, "unknown trend bucket '7 min'"));
  g_clear_error (&error);
  g_assert_false (pg_server_psql (server, "fixture",
                                  "select public.interview_latency_summary(time_zone => 'Mars/Olympus')",
                                  NULL, &error));
  g_assert_nonnull (strstr (error->message, "Mars/Olympus"));
}

static void
test_definition (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (!need_server ())
    return;
  g_assert_true (pg_server_psql (server, "fixture",
                                 "select p.provolatile, p.prosecdef, p.proconfig::text"
                                 " from pg_proc p where p.proname = 'interview_latency_summary'",
                                 &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (out), ==, "s|f|{\"search_path=\\\"\\\"\",extra_float_digits=3,jit=off,random_page_cost=1.1,work_mem=16MB,hash_mem_multiplier=16,parallel_setup_cost=0,parallel_tuple_cost=0,enable_gathermerge=off,parallel_leader_participation=off}");
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

  if (!pg_server_psql (server, data, sql, &out, &error))
    {
      g_autofree char *message = g_strescape (error->message, NULL);

      *status = 400;
      return g_strdup_printf ("{\"code\":\"P0001\",\"details\":null,\"hint\":null,\"message\":\"%s\"}",
                              message);
    }
  return out;
}

static void
rpc_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* --report=json from the database through the RPC equals the one from the rows */
static void
test_rpc_same_report (void)
{
  g_autoptr(IlFakePostgrest) rpc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autoptr(IlAggregates) want = NULL;
  IlSummaryQuery q;
  IlFilter filter;
  IlAggregateOptions options;

  if (!need_server ())
    return;
  rpc = il_fake_postgrest_new (NULL, "sb_publishable_pg");
  il_fake_postgrest_set_rpc (rpc, rpc_via_psql, "demo");
  il_summary_query_init (&q);
  q.created_min = DEMO_NOW - 7 * US_PER_DAY;
  q.trend_bucket = IL_BUCKET_HOUR;
  il_supabase_summary_fetch_async (il_fake_postgrest_get_url (rpc), "sb_publishable_pg", &q, 30, NULL,
                                   rpc_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sum = il_supabase_summary_fetch_finish (result, &error);
  g_assert_no_error (error);

  il_filter_init (&filter);
  filter.created_min = q.created_min;
  il_aggregate_options_init (&options);
  options.trend_bucket = IL_BUCKET_HOUR;
  want = il_aggregates_compute (demo, &filter, &options);
  g_assert_cmpuint (want->key.total_records, >, 1000);
  compare_reports (sum->agg, want);
  compare_all (sum, want, demo, TRUE);
}

/* ---- the parser alone ---------------------------------------------------------- */

static void
test_parse_old_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = il_summary_parse ("{\"key_metrics\": {}}", -1, &error);

  g_assert_null (sum);
  g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION);
  g_assert_nonnull (strstr (error->message, "interview_latency_summary.sql"));
  g_clear_error (&error);

  sum = il_summary_parse ("{\"version\": 0}", -1, &error);
  g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION);
}

static void
test_parse_invalid (void)
{
  const char *bad[] = {
    "",
    "[1, 2]",
    "{\"version\": 1",
    "{\"version\": 1}",
    "{\"version\": 1, \"options\": {}, \"key_metrics\": {\"total_records\": -1}}",
    "{\"version\": 1, \"options\": {}, \"key_metrics\": {\"total_records\": \"3\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IlSummary) sum = il_summary_parse (bad[i], -1, &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (sum);
      g_assert_true (error != NULL && error->domain == IL_SUMMARY_ERROR);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *bindir = NULL;
  int status;

  /* the local-time test compares with GLib's local zone */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/summary/parse/old-version", test_parse_old_version);
  g_test_add_func ("/summary/parse/invalid", test_parse_invalid);
  g_test_add_func ("/summary/pg/definition", test_definition);
  g_test_add_func ("/summary/pg/fixture", test_fixture_all);
  g_test_add_func ("/summary/pg/fixture-file", test_fixture_file);
  g_test_add_func ("/summary/pg/demo-range", test_demo_range);
  g_test_add_func ("/summary/pg/local-time", test_demo_local_time);
  g_test_add_func ("/summary/pg/histogram-step", test_histogram_step);
  g_test_add_func ("/summary/pg/empty-range", test_empty_range);
  g_test_add_func ("/summary/pg/many-outliers", test_many_outliers);
  g_test_add_func ("/summary/pg/session-limit", test_session_limit);
  g_test_add_func ("/summary/pg/row-level-security", test_row_level_security);
  g_test_add_func ("/summary/pg/bad-arguments", test_bad_arguments);
  g_test_add_func ("/summary/pg/rpc-same-report", test_rpc_same_report);

  bindir = pg_server_find_bindir ();
  if (bindir == NULL)
    skip_reason = g_strdup ("PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/postgres; "
                            "apt-get install postgresql, or set IL_PG_BINDIR)");
  else if (g_test_subprocess ())
    skip_reason = g_strdup ("not in a subprocess");
  else
    {
      g_autoptr(GError) error = NULL;

      server = pg_server_start (bindir, &error);
      /* PostgreSQL is installed: failing to start it is a failure, not a skip */
      if (server == NULL)
        g_error ("could not start PostgreSQL from %s: %s", bindir, error->message);
      fixture = fixture_store ();
      demo = il_demo_generate (6000, IL_DEMO_DEFAULT_SEED, DEMO_NOW);
      load_database ("fixture", fixture);
      load_database ("demo", demo);
      outliers = outlier_store ();
      load_database ("outliers", outliers);
    }

  status = g_test_run ();

  g_clear_pointer (&server, pg_server_stop);
  g_clear_pointer (&fixture, il_row_store_unref);
  g_clear_pointer (&demo, il_row_store_unref);
  g_clear_pointer (&outliers, il_row_store_unref);
  g_free (skip_reason);
  return status;
}
