/* test-supabase-errors.c: every error the Supabase client reports, its
 * request headers, the connection check and the diagnosis, against the
 * in-process fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "il-config.h"
#include "supabase-test-util.h"

/* ---- every error the client handles ------------------------------------------- */

typedef struct
{
  const char *name;
  guint       status;
  const char *type;
  const char *body;
  int         code;
  const char *message;    /* exact, or a prefix when ending in "…" */
  guint       retries;
} ErrorCase;

static void
assert_message (const char *got, const char *expected)
{
  if (g_str_has_suffix (expected, "…"))
    {
      g_autofree char *prefix = g_strndup (expected, strlen (expected) - strlen ("…"));
      if (!g_str_has_prefix (got, prefix))
        g_error ("message \"%s\" does not start with \"%s\"", got, prefix);
    }
  else
    g_assert_cmpstr (got, ==, expected);
}

static void
test_errors (void)
{
  const ErrorCase cases[] = {
    { "missing column", 400, NULL,
      "{\"code\":\"42703\",\"details\":null,\"hint\":null,\"message\":\"column interview_latency_metrics.created_at does not exist\"}",
      IL_SOURCE_ERROR_COLUMN_MISSING,
      "A column the dashboard needs is missing from the table (42703: column interview_latency_metrics.created_at does not exist). Compare the table with the schema in the README.", 0 },
    { "bad filter", 400, NULL,
      "{\"code\":\"PGRST100\",\"details\":\"unexpected 'x'\",\"hint\":null,\"message\":\"\\\"failed to parse filter (gte.x)\\\" (line 1, column 5)\"}",
      IL_SOURCE_ERROR_BAD_REQUEST,
      "The server rejected the request (PGRST100: \"failed to parse filter (gte.x)\" (line 1, column 5)).", 0 },
    { "statement timeout", 500, NULL,
      "{\"code\":\"57014\",\"details\":null,\"hint\":null,\"message\":\"canceling statement due to statement timeout\"}",
      IL_SOURCE_ERROR_STATEMENT_TIMEOUT,
      "The database stopped the query because it took too long (57014 statement timeout). Add an index on (created_at, metric_id) or analyse fewer days.", 0 },
    { "database unreachable", 503, NULL,
      "{\"code\":\"PGRST001\",\"details\":\"connection refused\",\"hint\":null,\"message\":\"Database client error. Retrying the connection.\"}",
      IL_SOURCE_ERROR_DATABASE_UNREACHABLE,
      "The API cannot reach its database (PGRST001: Database client error. Retrying the connection.). The project may be paused or restarting: check it in the Supabase dashboard and try again.", 2 },
    { "schema cache", 503, NULL,
      "{\"code\":\"PGRST002\",\"details\":null,\"hint\":null,\"message\":\"Could not query the database for the schema cache. Retrying.\"}",
      IL_SOURCE_ERROR_DATABASE_UNREACHABLE, "The API cannot reach its database (PGRST002: …", 2 },
    { "proxy html 502", 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      IL_SOURCE_ERROR_SERVER_ERROR,
      "The server or a proxy in front of it failed (HTTP 502 Bad Gateway) and sent an HTML error page. Try again later.", 2 },
    { "server error", 500, NULL, "{\"code\":\"XX000\",\"details\":null,\"hint\":null,\"message\":\"internal error\"}",
      IL_SOURCE_ERROR_SERVER_ERROR, "The server failed (XX000: internal error). Try again later.", 0 },
    { "rate limited", 429, NULL, "{\"message\":\"Too Many Requests\"}",
      IL_SOURCE_ERROR_RATE_LIMITED,
      "The server is limiting the number of requests (HTTP 429). Wait a minute and try again.", 2 },
    { "html 200", 200, "text/html", "<html><body>Welcome to nginx!</body></html>",
      IL_SOURCE_ERROR_INVALID_RESPONSE,
      "The server sent a web page instead of data. Check that the URL is the project URL (https://<project>.supabase.co) and that no login page or proxy is in the way.", 0 },
    { "not an array", 200, NULL, "{\"code\":null}",
      IL_SOURCE_ERROR_INVALID_RESPONSE, "The server sent data that is not a list of rows (…", 2 },
    /* a gateway's or proxy's failures pass: retried */
    { "html 500", 500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>",
      IL_SOURCE_ERROR_SERVER_ERROR,
      "The server or a proxy in front of it failed (HTTP 500 Internal Server Error) and sent an HTML error page. Try again later.", 2 },
    { "gateway text 500", 500, "text/plain", "upstream connect error or disconnect/reset before headers",
      IL_SOURCE_ERROR_SERVER_ERROR, "The server failed (HTTP 500 Internal Server Error). Try again later.", 2 },
    { "truncated json 200", 200, NULL, "[{\"metric_id\":\"1f",
      IL_SOURCE_ERROR_INVALID_RESPONSE, "The server sent a page that is not valid JSON (…", 2 },
    { "not found html", 404, "text/html", "<html>Not found</html>",
      IL_SOURCE_ERROR_BAD_URL,
      "Nothing was found at this address (HTTP 404). Check the project URL: it should look like https://abcdefgh.supabase.co.", 0 },
    { "permission denied", 401, NULL,
      "{\"code\":\"42501\",\"details\":null,\"hint\":null,\"message\":\"permission denied for table interview_latency_metrics\"}",
      IL_SOURCE_ERROR_KEY_REJECTED,
      "The key’s role may not read the table interview_latency_metrics (42501 permission denied). Grant SELECT to it, or use another key.", 0 },
    { "unencoded plus", 400, NULL,
      "{\"code\":\"22007\",\"details\":null,\"hint\":null,\"message\":\"invalid input syntax for type timestamp with time zone: \\\"2026-01-01T00:00:00 00:00\\\"\"}",
      IL_SOURCE_ERROR_BAD_REQUEST, "The server rejected the request (22007: invalid input syntax…", 0 },
  };
  g_autoptr(IlRowStore) rows = make_rows (1500, 19, 0, 0);
  g_autoptr(IlRowStore) old = make_rows (20, 20, 0, 0);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint at = 1; at <= 2; at++)   /* the first request, and mid-way */
      {
        g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
        g_autoptr(IlSupabaseClient) client = client_new (fake, 1);
        g_autoptr(GError) error = NULL;
        g_autoptr(IlRowStore) got = NULL;
        IlFetchStats stats;

        g_test_message ("%s at request %u", cases[c].name, at);
        il_supabase_client_set_max_retries (client, 2);
        for (guint r = at; r <= at + 2; r++)
          il_fake_postgrest_fault_status (fake, r, cases[c].status, cases[c].type, cases[c].body,
                                          cases[c].status == 429 ? "0" : NULL);
        got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
        g_assert_null (got);
        g_assert_error (error, IL_SOURCE_ERROR, cases[c].code);
        assert_message (error->message, cases[c].message);
        il_supabase_client_get_stats (client, &stats);
        g_assert_cmpuint (stats.retries, ==, cases[c].retries);
        g_assert_cmpuint (old->n_rows, ==, 20);
      }
}

static void
test_key_and_table_errors (void)
{
  g_autoptr(IlRowStore) rows = make_rows (100, 21, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;

  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake),
                                                                 "sb_publishable_wrong");
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_null (got);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_KEY_REJECTED);
    g_assert_cmpstr (error->message, ==,
                     "The API key was rejected (Invalid API key). Copy the anon or publishable key again from the project’s API settings.");
    g_clear_error (&error);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), NULL);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_NOT_CONFIGURED);
    g_clear_error (&error);
  }
  {
    g_autoptr(IlSupabaseClient) client = client_new (fake, 4);

    il_fake_postgrest_set_table_missing (fake, TRUE, FALSE);
    got = fetch (client, base_time - HOUR, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TABLE_MISSING);
    g_assert_cmpstr (error->message, ==,
                     "The table interview_latency_metrics does not exist (PGRST205). Create it or check the project URL.");
    g_clear_error (&error);

    il_fake_postgrest_set_table_missing (fake, TRUE, TRUE);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TABLE_MISSING);
    g_assert_cmpstr (error->message, ==,
                     "The table interview_latency_metrics does not exist (42P01). Create it or check the project URL.");
    g_clear_error (&error);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new ("http://example.com", KEY);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INSECURE_URL);
    g_clear_error (&error);
  }
}

static void
test_network_errors (void)
{
  g_autoptr(IlRowStore) rows = make_rows (100, 22, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;
  g_autofree char *dead_url = NULL;
  g_autofree char *tls_url = NULL;
  IlFetchStats stats;

  {
    IlFakePostgrest *fake = il_fake_postgrest_new (rows, KEY);
    dead_url = g_strdup (il_fake_postgrest_get_url (fake));
    il_fake_postgrest_free (fake);
  }
  {
    /* connection refused, retried then reported */
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (dead_url, KEY);
    il_supabase_client_set_retry_base_delay (client, 1);
    il_supabase_client_set_concurrency (client, 1);   /* one request at a time: exact retries */
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_null (got);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_UNREACHABLE);
    g_assert_true (g_str_has_prefix (error->message, "The server at http://127.0.0.1:"));
    il_supabase_client_get_stats (client, &stats);
    g_assert_cmpuint (stats.retries, ==, 3);
    g_clear_error (&error);
  }
  {
    /* DNS */
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new ("https://no-such-project.invalid", KEY);
    il_supabase_client_set_max_retries (client, 0);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_DNS);
    g_assert_true (g_str_has_prefix (error->message, "The server name of https://no-such-project.invalid could not be found"));
    g_clear_error (&error);
  }
  {
    /* TLS: https to a plain HTTP server */
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = NULL;
    tls_url = g_strdup_printf ("https://localhost:%s", strrchr (il_fake_postgrest_get_tls_error_url (fake), ':') + 1);
    client = il_supabase_client_new (tls_url, KEY);
    il_supabase_client_set_max_retries (client, 0);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TLS);
    g_assert_true (g_str_has_prefix (error->message, "A secure connection to https://localhost:"));
    g_clear_error (&error);
  }
  {
    /* timeout */
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (fake, 1);
    il_supabase_client_set_timeout (client, 1);
    il_supabase_client_set_max_retries (client, 0);
    il_fake_postgrest_fault_delay (fake, 1, 2500);
    got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TIMEOUT);
    g_assert_cmpstr (error->message, ==, "The server did not answer within 1 seconds. Try again, or analyse fewer days.");
    g_clear_error (&error);
  }
}

/* ---- headers, progress, check, diagnose ------------------------------------ */

static char *
make_jwt (const char *payload)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));
  for (char *p = b64; *p; p++)
    if (*p == '=')
      *p = '\0';
  return g_strconcat ("eyJhbGciOiJIUzI1NiJ9.", b64, ".c2ln", NULL);
}

static void
test_headers (void)
{
  g_autofree char *jwt = make_jwt ("{\"role\":\"anon\"}");
  g_autoptr(IlRowStore) rows = make_rows (10, 24, 0, 0);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, jwt);
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), jwt);
    g_autoptr(IlRowStore) got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_autofree char *auth = il_fake_postgrest_dup_last_authorization (fake);
    g_autofree char *expected = g_strconcat ("Bearer ", jwt, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (got->n_rows, ==, 10);
    g_assert_cmpstr (auth, ==, expected);
  }
  {
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (fake, 4);
    g_autoptr(IlRowStore) got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
    g_autofree char *auth = il_fake_postgrest_dup_last_authorization (fake);
    g_assert_no_error (error);
    g_assert_cmpuint (got->n_rows, ==, 10);
    g_assert_null (auth);
  }
}

static IlConnectionCheck *
check (IlSupabaseClient *client)
{
  Wait w = { 0 };
  g_autoptr(GError) error = NULL;
  IlConnectionCheck *c;

  il_supabase_client_check_async (client, NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  c = il_supabase_client_check_finish (client, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  remember (c->message);
  g_test_message ("check: %d %s", c->state, c->message);
  return c;
}

static void
test_check (void)
{
  g_autoptr(IlRowStore) rows = make_rows (1234, 25, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlFakePostgrest) empty = il_fake_postgrest_new (NULL, KEY);

  {
    g_autoptr(IlSupabaseClient) client = client_new (fake, 4);
    g_autoptr(IlConnectionCheck) c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_CONNECTED);
    g_assert_cmpint (c->rows_visible, ==, 1234);
    g_assert_cmpstr (c->message, ==, "Connected: 1234 rows visible.");
  }
  {
    g_autoptr(IlSupabaseClient) client = client_new (empty, 4);
    g_autoptr(IlConnectionCheck) c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_NO_ROWS_VISIBLE);
    g_assert_cmpint (c->rows_visible, ==, 0);
    g_assert_true (strstr (c->message, "Row Level Security") != NULL);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), "sb_publishable_nope");
    g_autoptr(IlConnectionCheck) c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_KEY_REJECTED);
    g_assert_cmpint (c->rows_visible, ==, -1);
  }
  {
    g_autoptr(IlSupabaseClient) client = client_new (empty, 4);
    g_autoptr(IlConnectionCheck) c = NULL;
    il_fake_postgrest_set_table_missing (empty, TRUE, FALSE);
    c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_TABLE_MISSING);
    il_fake_postgrest_set_table_missing (empty, FALSE, FALSE);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_tls_error_url (fake), KEY);
    g_autoptr(IlConnectionCheck) c = NULL;
    il_supabase_client_set_max_retries (client, 0);
    c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_TLS_ERROR);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new ("https://nothing-here.invalid", KEY);
    g_autoptr(IlConnectionCheck) c = NULL;
    il_supabase_client_set_max_retries (client, 0);
    c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_UNREACHABLE);
  }
  {
    g_autoptr(IlSupabaseClient) client = il_supabase_client_new ("", KEY);
    g_autoptr(IlConnectionCheck) c = check (client);
    g_assert_cmpint (c->state, ==, IL_CONNECTION_FAILED);
  }
}

static void
test_diagnose (void)
{
  g_autoptr(IlRowStore) rows = make_rows (50, 26, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  Wait w = { 0 };

  il_supabase_client_diagnose_async (client, NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  list = il_supabase_client_diagnose_finish (client, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 6);
  for (guint i = 0; i < list->len; i++)
    {
      IlDiagnostic *d = g_ptr_array_index (list, i);
      g_test_message ("%s: %s", d->title, d->detail);
      g_assert_true (d->ok);
      remember (d->detail);
    }
  g_assert_cmpstr (((IlDiagnostic *) g_ptr_array_index (list, 1))->detail, ==, "publishable key");
  g_assert_cmpstr (((IlDiagnostic *) g_ptr_array_index (list, 2))->detail, ==, "50 rows visible to this key");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  supabase_test_init ();

  g_test_add_func ("/supabase/errors/postgrest", test_errors);
  g_test_add_func ("/supabase/errors/key-and-table", test_key_and_table_errors);
  g_test_add_func ("/supabase/errors/network", test_network_errors);
  g_test_add_func ("/supabase/headers", test_headers);
  g_test_add_func ("/supabase/check", test_check);
  g_test_add_func ("/supabase/diagnose", test_diagnose);

  return supabase_test_finish (g_test_run ());
}
