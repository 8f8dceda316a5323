/* test-supabase-summary.c: the database summary through PostgREST's RPC,
 * against the fake server (no database needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest.h"
#include "il-report.h"
#include "il-supabase-summary.h"

#define KEY "sb_publishable_summary-test-key"

/* what interview_latency_summary() answers on the pandas fixture of test-stats.c
 * (test-pg-summary checks that it still does) */
static char *
fixture_json (void)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
answer_fixture (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  return fixture_json ();
}

static char *
answer_with (const char *name,
             const char *args,
             guint      *status,
             gpointer    data)
{
  const char *const *canned = data;

  *status = (guint) g_ascii_strtoull (canned[0], NULL, 10);
  return g_strdup (canned[1]);
}

/* An empty table whose database has the function, answered by @func (NULL:
 * the function is missing). */
static IlFakePostgrest *
new_server (const char             *key,
            IlFakePostgrestRpcFunc  func,
            gconstpointer           data)
{
  IlFakePostgrest *server = il_fake_postgrest_new (NULL, key);

  il_fake_postgrest_set_rpc (server, func, (gpointer) data);
  return server;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static IlSummary *
fetch (const char           *url,
       const char           *key,
       const IlSummaryQuery *query,
       GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  il_supabase_summary_fetch_async (url, key, query, 10, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return il_supabase_summary_fetch_finish (result, error);
}

static void
test_query_json (void)
{
  IlSummaryQuery q;
  g_autofree char *defaults = NULL;
  g_autofree char *full = NULL;

  il_summary_query_init (&q);
  defaults = il_summary_query_to_json (&q);
  g_assert_cmpstr (defaults, ==, "{\"trend_bucket\":\"day\"}");

  q.created_min = G_GINT64_CONSTANT (1767225600000000) + 5;   /* 2026-01-01T00:00:00.000005Z */
  q.created_max = G_GINT64_CONSTANT (1767312000000000);
  q.trend_bucket = IL_BUCKET_15_MIN;
  q.time_zone = "Europe/Berlin";
  q.histogram_step = "a \"quoted\" step";
  q.session_limit = 500;
  full = il_summary_query_to_json (&q);
  g_assert_cmpstr (full, ==,
                   "{\"created_min\":\"2026-01-01T00:00:00.000005Z\","
                   "\"created_max\":\"2026-01-02T00:00:00.000000Z\","
                   "\"trend_bucket\":\"15 min\",\"time_zone\":\"Europe/Berlin\","
                   "\"histogram_step\":\"a \\\"quoted\\\" step\",\"session_limit\":500}");
}

static void
test_call (void)
{
  g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_fixture, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autoptr(IlSummary) direct = NULL;
  g_autofree char *json = fixture_json ();
  g_autofree char *body = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  IlSummaryQuery q;

  il_summary_query_init (&q);
  q.trend_bucket = IL_BUCKET_HOUR;
  sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (rpc), ==, 1);
  body = il_fake_postgrest_dup_last_rpc_args (rpc);
  g_assert_cmpstr (body, ==, "{\"trend_bucket\":\"hour\"}");
  /* a publishable key is no JWT: it goes in apikey only */
  auth = il_fake_postgrest_dup_last_authorization (rpc);
  g_assert_null (auth);

  g_assert_cmpuint (sum->version, ==, IL_SUMMARY_VERSION);
  g_assert_cmpuint (sum->agg->key.total_records, ==, 200);
  g_assert_cmpuint (sum->agg->key.unique_sessions, ==, 20);
  g_assert_cmpuint (sum->agg->n_steps, ==, 5);
  g_assert_cmpstr (sum->agg->steps[2].name, ==, "delta");
  g_assert_cmpuint (sum->agg->n_error_groups, ==, 7);
  g_assert_null (sum->agg->error_groups[0].message_text);

  direct = il_summary_parse (json, -1, &error);
  g_assert_no_error (error);
  got = il_report_format_json (sum->agg, 0);
  want = il_report_format_json (direct->agg, 0);
  g_assert_cmpstr (got, ==, want);
}

static void
test_jwt_key (void)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "{\"role\":\"anon\"}", 15);
  g_autofree char *jwt = NULL;
  g_autoptr(IlFakePostgrest) rpc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *bearer = NULL;
  IlSummaryQuery q;

  for (char *p = b64; *p; p++)
    if (*p == '=')
      *p = '\0';
  jwt = g_strconcat ("eyJhbGciOiJIUzI1NiJ9.", b64, ".c2ln", NULL);
  rpc = new_server (jwt, answer_fixture, NULL);
  il_summary_query_init (&q);
  sum = fetch (il_fake_postgrest_get_url (rpc), jwt, &q, &error);
  g_assert_no_error (error);
  auth = il_fake_postgrest_dup_last_authorization (rpc);
  bearer = g_strconcat ("Bearer ", jwt, NULL);
  g_assert_cmpstr (auth, ==, bearer);
}

/* 404 PGRST202: the SQL file was never run; the message says what to do */
static void
test_missing_function (void)
{
  g_autoptr(IlFakePostgrest) rpc = new_server (KEY, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  IlSummaryQuery q;

  il_summary_query_init (&q);
  sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);
  g_assert_null (sum);
  g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "data/sql/interview_latency_summary.sql"));
}

static void
test_old_version (void)
{
  static const char *const canned[] = { "200", "{\"version\": 0, \"key_metrics\": {}}" };
  g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_with, canned);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  IlSummaryQuery q;

  il_summary_query_init (&q);
  sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);
  g_assert_null (sum);
  g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION);
}

static void
test_errors (void)
{
  static const char *const timeout[] = {
    "500", "{\"code\":\"57014\",\"details\":null,\"hint\":null,"
           "\"message\":\"canceling statement due to statement timeout\"}"
  };
  /* a server that echoes the key: it must not reach the message */
  static const char *const echo[] = {
    "400", "{\"code\":\"22023\",\"details\":null,\"hint\":null,"
           "\"message\":\"unknown trend bucket sb_publishable_summary-test-key\"}"
  };
  static const char *const garbage[] = { "200", "<html>proxy</html>" };
  IlSummaryQuery q;

  il_summary_query_init (&q);
  {
    g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_with, timeout);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlSummary) sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);

    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_STATEMENT_TIMEOUT);
    g_assert_null (sum);
  }
  {
    g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_with, echo);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlSummary) sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);

    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_REQUEST);
    g_assert_nonnull (strstr (error->message, "unknown trend bucket"));
    g_assert_null (strstr (error->message, KEY));
    g_assert_null (sum);
  }
  {
    g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_with, garbage);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlSummary) sum = fetch (il_fake_postgrest_get_url (rpc), KEY, &q, &error);

    g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_INVALID);
    g_assert_null (sum);
  }
  {
    g_autoptr(IlFakePostgrest) rpc = new_server (KEY, answer_fixture, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlSummary) sum = fetch (il_fake_postgrest_get_url (rpc), "sb_publishable_wrong", &q, &error);

    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_KEY_REJECTED);
    g_assert_null (sum);
    g_assert_null (strstr (error->message, "sb_publishable_wrong"));
  }
}

/* the key never goes over plain http to anything but loopback */
static void
test_insecure_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  IlSummaryQuery q;

  il_summary_query_init (&q);
  sum = fetch ("http://example.com", KEY, &q, &error);
  g_assert_null (sum);
  g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INSECURE_URL);
  g_clear_error (&error);
  sum = fetch ("", KEY, &q, &error);
  g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_NOT_CONFIGURED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/supabase-summary/query-json", test_query_json);
  g_test_add_func ("/supabase-summary/call", test_call);
  g_test_add_func ("/supabase-summary/jwt-key", test_jwt_key);
  g_test_add_func ("/supabase-summary/missing-function", test_missing_function);
  g_test_add_func ("/supabase-summary/old-version", test_old_version);
  g_test_add_func ("/supabase-summary/errors", test_errors);
  g_test_add_func ("/supabase-summary/insecure-url", test_insecure_url);

  return g_test_run ();
}
