/* test-supabase-faults.c: the fetch against a PostgREST look-alike that
 * misbehaves as gateways and proxies do: every row or an error, never a
 * silently smaller answer; the key only to the configured origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-demo.h"
#include "il-supabase-client.h"

#define KEY "sb_publishable_F4ultK3y-0123456789"

static gint64 now_us;

/* ---- helpers ----------------------------------------------------------- */

static IlRowStore *
rows_new (guint n, guint32 seed)
{
  return il_demo_generate (n, seed, now_us);
}

static int
uuid_cmp (gconstpointer a, gconstpointer b)
{
  return il_uuid_compare (a, b);
}

/* The store holds exactly the rows of @want (any order). */
static void
assert_same_rows (IlRowStore *got, IlRowStore *want)
{
  g_autoptr(GArray) a = g_array_sized_new (FALSE, FALSE, sizeof (IlUuid), got->n_rows);
  g_autoptr(GArray) b = g_array_sized_new (FALSE, FALSE, sizeof (IlUuid), want->n_rows);

  g_assert_cmpuint (got->n_rows, ==, want->n_rows);
  g_array_append_vals (a, got->metric_id, got->n_rows);
  g_array_append_vals (b, want->metric_id, want->n_rows);
  g_array_sort (a, uuid_cmp);
  g_array_sort (b, uuid_cmp);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (il_uuid_compare (&g_array_index (a, IlUuid, i), &g_array_index (b, IlUuid, i)), ==, 0);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static IlRowStore *
fetch (IlSupabaseClient *client, GError **error)
{
  Wait w = { 0 };
  IlRowStore *store;

  il_supabase_client_fetch_async (client, IL_TIME_NONE, NULL, NULL, NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_supabase_client_fetch_finish (client, w.result, error);
  g_clear_object (&w.result);
  if (error != NULL && *error != NULL)
    g_assert_null (strstr ((*error)->message, "F4ultK3y"));
  return store;
}

static IlSupabaseClient *
client_new (const char *url, guint concurrency)
{
  IlSupabaseClient *client = il_supabase_client_new (url, KEY);

  il_supabase_client_set_concurrency (client, concurrency);
  il_supabase_client_set_retry_base_delay (client, 1);
  return client;
}

/* ---- short pages ------------------------------------------------------- */

/* A 200 with a shorter array, or [] in the middle, is not the end. */
static void
test_short_pages (void)
{
  g_autoptr(IlRowStore) rows = rows_new (6000, 101);
  const guint cuts[] = { 0, 1, 480 };

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    for (guint concurrency = 1; concurrency <= 4; concurrency += 3)
      {
        g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
        g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), concurrency);
        g_autoptr(GError) error = NULL;
        g_autoptr(IlRowStore) got = NULL;

        g_test_message ("short page of %u rows, concurrency %u", cuts[c], concurrency);
        for (guint r = 2; r <= 12; r += 5)
          il_fake_postgrest_fault_short (fake, r, cuts[c]);
        got = fetch (client, &error);
        g_assert_no_error (error);
        assert_same_rows (got, rows);
      }

  {
    /* every page short: still every row */
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 3);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;

    il_fake_postgrest_fault_short (fake, 0, 377);
    got = fetch (client, &error);
    g_assert_no_error (error);
    assert_same_rows (got, rows);
  }
}

/* Two empty answers in a row end a partition early: the count says so and
 * the partition is fetched again. A server that keeps lying fails loudly. */
static void
test_count_reconciled (void)
{
  g_autoptr(IlRowStore) rows = rows_new (3000, 102);

  {
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;
    g_autoptr(GPtrArray) log = NULL;
    guint recounts = 0;

    il_fake_postgrest_fault_short (fake, 2, 0);
    il_fake_postgrest_fault_short (fake, 3, 0);
    got = fetch (client, &error);
    g_assert_no_error (error);
    assert_same_rows (got, rows);
    log = il_fake_postgrest_dup_log (fake);
    for (guint i = 0; i < log->len; i++)
      if (g_str_has_suffix (log->pdata[i], "?select=metric_id&created_at=not.is.null&limit=1"))
        recounts++;
    g_assert_cmpuint (recounts, ==, 1);
  }
  {
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;

    /* every answer [], with the true count in Content-Range */
    il_fake_postgrest_fault_short (fake, 0, 0);
    got = fetch (client, &error);
    g_assert_null (got);
    g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_PARTIAL_FETCH);
    g_assert_cmpstr (error->message, ==,
                     "The server sent 0 rows where it counted 3000, also when asked again. The figures would be wrong, so they are not shown. Try again; if it persists, check any proxy or gateway between you and Supabase.");
  }
}

/* ---- bad rows ---------------------------------------------------------- */

/* Rows whose created_at does not parse, at the end of a page, are counted
 * once: the next page starts after them. */
static void
test_bad_tail (void)
{
  g_autoptr(IlRowStore) rows = rows_new (3000, 103);

  for (guint concurrency = 1; concurrency <= 3; concurrency += 2)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), concurrency);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      guint first = concurrency == 1 ? 2 : 4;   /* after the probes */

      il_fake_postgrest_set_max_rows (fake, 500);
      il_fake_postgrest_fault_bad_tail (fake, first, 3);
      il_fake_postgrest_fault_bad_tail (fake, first + 1, 500);   /* a page of only such rows */
      got = fetch (client, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->n_skipped, ==, 503);
      g_assert_cmpuint (got->n_rows, ==, 3000 - 503);
    }
}

/* ---- transient and permanent failures ---------------------------------- */

static void
test_transient (void)
{
  g_autoptr(IlRowStore) rows = rows_new (2500, 104);
  const struct { guint status; const char *type; const char *body; } faults[] = {
    { 500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>" },
    { 500, "text/plain", "upstream connect error or disconnect/reset before headers" },
    { 200, NULL, "[{\"metric_id\":\"6f1c" },
    { 200, NULL, "" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      IlFetchStats stats;

      il_fake_postgrest_fault_status (fake, 2, faults[f].status, faults[f].type, faults[f].body, NULL);
      il_fake_postgrest_fault_status (fake, 4, faults[f].status, faults[f].type, faults[f].body, NULL);
      got = fetch (client, &error);
      g_assert_no_error (error);
      assert_same_rows (got, rows);
      il_supabase_client_get_stats (client, &stats);
      g_assert_cmpuint (stats.retries, ==, 2);
    }
}

static void
test_permanent (void)
{
  g_autoptr(IlRowStore) rows = rows_new (2500, 105);
  const struct { guint status; const char *body; int code; } faults[] = {
    { 400, "{\"code\":\"42703\",\"details\":null,\"hint\":null,\"message\":\"column x does not exist\"}", IL_SOURCE_ERROR_COLUMN_MISSING },
    { 404, "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,\"message\":\"Could not find the table\"}", IL_SOURCE_ERROR_TABLE_MISSING },
    { 401, "{\"message\":\"Invalid API key\"}", IL_SOURCE_ERROR_KEY_REJECTED },
    { 500, "{\"code\":\"XX000\",\"details\":null,\"hint\":null,\"message\":\"internal error\"}", IL_SOURCE_ERROR_SERVER_ERROR },
  };

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      IlFetchStats stats;

      il_fake_postgrest_fault_status (fake, 2, faults[f].status, NULL, faults[f].body, NULL);
      got = fetch (client, &error);
      g_assert_null (got);
      g_assert_error (error, IL_SOURCE_ERROR, faults[f].code);
      il_supabase_client_get_stats (client, &stats);
      g_assert_cmpuint (stats.retries, ==, 0);
      g_assert_cmpuint (stats.requests, ==, 2);
    }
}

/* A body that trickles in hits the overall deadline. */
static void
test_deadline (void)
{
  g_autoptr(IlRowStore) rows = rows_new (500, 106);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpuint (il_supabase_client_get_deadline (client), ==, 120);
  il_supabase_client_set_deadline (client, 1);
  il_fake_postgrest_fault_trickle (fake, 1, 20);
  got = fetch (client, &error);
  g_assert_null (got);
  g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "The server took more than 1 second to send one answer, so the fetch was stopped. Try again later, or analyse fewer days.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* ---- redirects ---------------------------------------------------------- */

static void
test_redirects (void)
{
  g_autoptr(IlRowStore) rows = rows_new (1500, 107);
  g_autoptr(IlFakePostgrest) other = il_fake_postgrest_new (rows, NULL);
  const char *other_url = il_fake_postgrest_get_url (other);
  g_autofree char *to_other = g_strconcat (other_url, "/rest/v1/interview_latency_metrics?", NULL);
  g_autofree char *to_any = g_strdup_printf ("http://0.0.0.0:%s/rest/v1/interview_latency_metrics?",
                                             strrchr (other_url, ':') + 1);
  const char *targets[] = { to_other, to_any };

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    for (guint at = 1; at <= 3; at += 2)
      {
        g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
        g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
        g_autoptr(GError) error = NULL;
        g_autoptr(IlRowStore) got = NULL;
        g_autofree char *expected = NULL;
        g_autofree char *any_origin = g_strndup (to_any, strstr (to_any, "/rest") - to_any);

        il_fake_postgrest_fault_redirect (fake, at, targets[t]);
        got = fetch (client, &error);
        g_assert_null (got);
        g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL);
        expected = g_strdup_printf ("The server redirected the request to %s/rest/v1/interview_latency_metrics, which is not the project URL %s. The key is sent only to the project URL: if the project moved, set its new URL.",
                                    t == 0 ? other_url : any_origin,
                                    il_fake_postgrest_get_url (fake));
        g_assert_cmpstr (error->message, ==, expected);
        g_assert_cmpuint (il_fake_postgrest_get_n_requests (other), ==, 0);
      }

  {
    /* within the origin a redirect is followed */
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;

    il_fake_postgrest_fault_redirect (fake, 2, "/rest/v1/interview_latency_metrics?");
    got = fetch (client, &error);
    g_assert_no_error (error);
    assert_same_rows (got, rows);
  }
}

/* ---- proxies ------------------------------------------------------------ */

/* A proxy on loopback that records the first line of what it is sent and
 * whether the key was in it, and answers 502. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  GMutex          mutex;
  GPtrArray      *lines;
  gboolean        saw_key;
} FakeProxy;

static gboolean
proxy_incoming (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
  FakeProxy *proxy = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  static const char answer[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  char buf[8192];
  gssize n = g_input_stream_read (in, buf, sizeof buf - 1, NULL, NULL);

  if (n > 0)
    {
      char *eol;

      buf[n] = '\0';
      g_mutex_lock (&proxy->mutex);
      if (strstr (buf, "F4ultK3y") != NULL)
        proxy->saw_key = TRUE;
      if ((eol = strstr (buf, "\r\n")) != NULL)
        *eol = '\0';
      g_ptr_array_add (proxy->lines, g_strdup (buf));
      g_mutex_unlock (&proxy->mutex);
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static FakeProxy proxy;

static void
test_proxy (void)
{
  g_autoptr(IlRowStore) rows = rows_new (1500, 108);

  {
    /* loopback http: never through the proxy, whatever http_proxy says */
    g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
    g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 2);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;

    got = fetch (client, &error);
    g_assert_no_error (error);
    assert_same_rows (got, rows);
    g_mutex_lock (&proxy.mutex);
    g_assert_cmpuint (proxy.lines->len, ==, 0);
    g_mutex_unlock (&proxy.mutex);
  }
  {
    /* https: through the proxy with CONNECT, so it sees no key */
    g_autoptr(IlSupabaseClient) client = client_new ("https://abcdefgh.supabase.co", 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;

    il_supabase_client_set_max_retries (client, 0);
    got = fetch (client, &error);
    g_assert_null (got);
    g_mutex_lock (&proxy.mutex);
    g_assert_cmpuint (proxy.lines->len, >=, 1);
    g_assert_cmpstr (proxy.lines->pdata[0], ==, "CONNECT abcdefgh.supabase.co:443 HTTP/1.1");
    g_assert_false (proxy.saw_key);
    g_mutex_unlock (&proxy.mutex);
  }
}

/* ---- database cost ------------------------------------------------------ */

/* Each page's range bound is the cursor: the database skips about nothing,
 * where a bound at the partition's start makes it reread every row before
 * the cursor on every page. */
static void
test_linear_cost (void)
{
  g_autoptr(IlRowStore) rows = rows_new (20000, 109);

  for (guint concurrency = 1; concurrency <= 4; concurrency += 3)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), concurrency);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;

      il_supabase_client_set_page_size (client, 500);
      got = fetch (client, &error);
      g_assert_no_error (error);
      assert_same_rows (got, rows);
      /* only rows tied with a cursor's created_at may be read again */
      g_assert_cmpuint (il_fake_postgrest_get_rows_skipped (fake), <=, il_fake_postgrest_get_n_requests (fake));
    }
}

/* A page over a second means no usable index: say which one to add. */
static void
test_slow_page (void)
{
  g_autoptr(IlRowStore) rows = rows_new (2500, 110);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;
  g_autofree char *advice = NULL;
  IlFetchStats stats;

  got = fetch (client, &error);
  g_assert_no_error (error);
  g_assert_null (il_supabase_client_dup_advice (client));

  g_clear_pointer (&got, il_row_store_unref);
  il_fake_postgrest_fault_delay (fake, il_fake_postgrest_get_n_requests (fake) + 2, 1100);
  got = fetch (client, &error);
  g_assert_no_error (error);
  il_supabase_client_get_stats (client, &stats);
  g_assert_cmpuint (stats.slow_pages, ==, 1);
  g_assert_cmpuint (stats.slowest_page_ms, >=, 1100);
  advice = il_supabase_client_dup_advice (client);
  g_assert_nonnull (advice);
  g_assert_true (g_str_has_prefix (advice, "Some pages took more than a second to read"));
  g_assert_nonnull (strstr (advice, "create index on interview_latency_metrics (created_at, metric_id);"));
}

/* ---- everything at once ------------------------------------------------- */

/* 2% of the requests hit by a random transient fault: every row, each run. */
static void
test_random_faults (void)
{
  g_autoptr(IlRowStore) rows = rows_new (20000, 111);
  guint n_faults = 0;

  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (il_fake_postgrest_get_url (fake), 6);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;

      il_supabase_client_set_max_retries (client, 5);
      il_fake_postgrest_set_max_rows (fake, 500);
      il_fake_postgrest_set_random_faults (fake, seed, 0.15);
      got = fetch (client, &error);
      g_assert_no_error (error);
      assert_same_rows (got, rows);
      g_assert_cmpuint (got->n_skipped, ==, 0);
      for (guint k = 0; k < IL_FAKE_N_RANDOM; k++)
        n_faults += il_fake_postgrest_get_random_count (fake, k);
      g_test_message ("seed %u: %u faults so far, %u requests", seed, n_faults, il_fake_postgrest_get_n_requests (fake));
    }
  g_assert_cmpuint (n_faults, >=, 5);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autofree char *proxy_url = NULL;

  g_test_init (&argc, &argv, NULL);
  now_us = g_get_real_time ();

  /* A proxy for everything, as a user's environment may set one; the
   * default resolver reads it before the first request. */
  g_mutex_init (&proxy.mutex);
  proxy.lines = g_ptr_array_new_with_free_func (g_free);
  proxy.service = g_threaded_socket_service_new (2);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  addr = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (proxy.service), addr, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, NULL));
  proxy.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (proxy.service, "run", G_CALLBACK (proxy_incoming), &proxy);
  g_socket_service_start (proxy.service);
  proxy_url = g_strdup_printf ("http://127.0.0.1:%u", proxy.port);
  g_setenv ("http_proxy", proxy_url, TRUE);
  g_setenv ("https_proxy", proxy_url, TRUE);
  g_setenv ("HTTP_PROXY", proxy_url, TRUE);
  g_setenv ("HTTPS_PROXY", proxy_url, TRUE);
  g_unsetenv ("no_proxy");
  g_unsetenv ("NO_PROXY");

  g_test_add_func ("/supabase-faults/short-pages", test_short_pages);
  g_test_add_func ("/supabase-faults/count-reconciled", test_count_reconciled);
  g_test_add_func ("/supabase-faults/bad-tail", test_bad_tail);
  g_test_add_func ("/supabase-faults/transient", test_transient);
  g_test_add_func ("/supabase-faults/permanent", test_permanent);
  g_test_add_func ("/supabase-faults/deadline", test_deadline);
  g_test_add_func ("/supabase-faults/redirects", test_redirects);
  g_test_add_func ("/supabase-faults/proxy", test_proxy);
  g_test_add_func ("/supabase-faults/linear-cost", test_linear_cost);
  g_test_add_func ("/supabase-faults/slow-page", test_slow_page);
  g_test_add_func ("/supabase-faults/random-faults", test_random_faults);
  return g_test_run ();
}
