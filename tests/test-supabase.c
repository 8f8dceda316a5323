/* test-supabase.c: the Supabase client's fetch against the in-process fake
 * PostgREST: complete fetches, faults mid-way, cancellation, and the fake itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "supabase-test-util.h"

/* ---- complete fetches -------------------------------------------------- */

static void
check_complete (guint n, guint cap, guint concurrency, guint null_every, gboolean all_data)
{
  g_autoptr(IlRowStore) rows = make_rows (n, 7 + n + cap, null_every, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, concurrency);
  gint64 created_min = all_data ? IL_TIME_NONE : base_time - 7 * 24 * HOUR;
  g_autoptr(GArray) expected = expected_ids (&rows, 1, created_min);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;
  IlFetchStats stats;
  Wait w = { 0 };

  g_test_message ("n=%u cap=%u concurrency=%u all=%d", n, cap, concurrency, all_data);
  il_fake_postgrest_set_max_rows (fake, cap);
  got = fetch (client, created_min, NULL, &w, &error);
  g_assert_no_error (error);
  g_assert_true (got->sealed);
  assert_ids (got, expected);
  g_assert_cmpuint (got->n_skipped, ==, 0);
  g_assert_cmpuint (w.last_rows, ==, expected->len);
  g_assert_cmpint (w.last_total, ==, expected->len);

  /* the values arrive intact, not only the ids */
  for (guint i = 0; i < got->n_rows; i += 97)
    {
      guint j;
      for (j = 0; j < rows->n_rows; j++)
        if (il_uuid_compare (&rows->metric_id[j], &got->metric_id[i]) == 0)
          break;
      g_assert_cmpuint (j, <, rows->n_rows);
      g_assert_cmpfloat (got->latency_ms[i], ==, rows->latency_ms[j]);
      g_assert_cmpint (got->created_at[i], ==, rows->created_at[j]);
      g_assert_cmpint (got->started_at[i], ==, rows->started_at[j]);
      g_assert_cmpstr (il_row_store_get_step_name (got, i), ==, il_row_store_get_step_name (rows, j));
      g_assert_cmpstr (il_row_store_get_error_message (got, i), ==, il_row_store_get_error_message (rows, j));
    }

  il_supabase_client_get_stats (client, &stats);
  g_assert_cmpuint (stats.requests, ==, il_fake_postgrest_get_n_requests (fake));
  {
    guint page = cap > 0 ? MIN (cap, 1000) : 1000;
    g_assert_cmpuint (stats.requests, >=, (expected->len + page - 1) / page);
  }
  g_assert_cmpuint (stats.retries, ==, 0);
  g_assert_cmpuint (stats.bytes_received, >, expected->len * 100);
  assert_log_clean (fake);
}

static void
test_complete_1000 (void)
{
  check_complete (5000, 1000, 1, 0, FALSE);
  check_complete (5000, 1000, 4, 0, FALSE);
}

static void
test_complete_337 (void)
{
  check_complete (5000, 337, 1, 0, FALSE);
  check_complete (5000, 337, 4, 0, FALSE);
  check_complete (5000, 337, 3, 0, TRUE);
}

static void
test_complete_all_data (void)
{
  /* null created_at rows come last, in metric_id order */
  check_complete (3000, 1000, 1, 10, TRUE);
  check_complete (3000, 250, 4, 10, TRUE);
  check_complete (2000, 1000, 4, 0, TRUE);
}

static void
test_empty_and_small (void)
{
  check_complete (0, 1000, 4, 0, FALSE);
  check_complete (0, 1000, 1, 0, TRUE);
  check_complete (1, 1000, 4, 0, TRUE);
  /* exactly one full page: the end needs an empty page */
  check_complete (3000, 3000, 1, 0, TRUE);
  /* the server's cap is above our page size */
  check_complete (2500, 0, 2, 0, FALSE);
}

/* ---- faults mid-way ---------------------------------------------------- */

static void
test_bad_row (void)
{
  g_autoptr(IlRowStore) rows = make_rows (3000, 11, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(IlSupabaseClient) client = client_new (fake, 1);
  g_autoptr(GArray) expected = expected_ids (&rows, 1, IL_TIME_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) got = NULL;

  il_fake_postgrest_fault_bad_row (fake, 2);
  got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_ids (got, expected);
  g_assert_cmpuint (got->n_skipped, ==, 1);
  g_assert_nonnull (got->first_skip_reason);
  remember (got->first_skip_reason);
}

static void
test_bad_page (void)
{
  g_autoptr(IlRowStore) rows = make_rows (3000, 28, 0, 0);
  g_autoptr(GArray) expected = expected_ids (&rows, 1, IL_TIME_NONE);

  for (guint concurrency = 1; concurrency <= 3; concurrency += 2)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (fake, concurrency);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      guint k = 0;

      /* a whole page of bad rows, and a page that ends with a bad row */
      il_fake_postgrest_set_max_rows (fake, 500);
      /* with concurrency, two probes come first */
      il_fake_postgrest_fault_bad_page (fake, concurrency == 1 ? 2 : 4);
      got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->n_skipped, ==, 500);
      g_assert_cmpuint (got->n_rows, ==, expected->len - 500);
      g_assert_nonnull (got->first_skip_reason);
      remember (got->first_skip_reason);
      /* the kept rows are the others, in order */
      for (guint i = 0; i < got->n_rows; i++)
        {
          while (k < expected->len && il_uuid_compare (&g_array_index (expected, IlUuid, k), &got->metric_id[i]) != 0)
            k++;
          g_assert_cmpuint (k, <, expected->len);
        }
    }
}

static void
test_insert_between_pages (void)
{
  g_autoptr(IlRowStore) rows = make_rows (4000, 12, 0, 0);
  /* newer than every row: they must all arrive, once */
  g_autoptr(IlRowStore) late = make_rows (700, 13, 0, 10 * 24 * HOUR - HOUR);
  /* older than the cursor once request 3 runs: they may be missed, never duplicated */
  g_autoptr(IlRowStore) early = make_rows (30, 14, 0, -HOUR);

  for (guint concurrency = 1; concurrency <= 4; concurrency += 3)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (fake, concurrency);
      IlRowStore *both[] = { rows, late };
      g_autoptr(GArray) expected = expected_ids (both, 2, base_time - 9 * 24 * HOUR);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      il_fake_postgrest_fault_insert_rows (fake, 3, late);
      il_fake_postgrest_fault_insert_rows (fake, 3, early);
      got = fetch (client, base_time - 9 * 24 * HOUR, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (il_fake_postgrest_get_n_rows (fake), ==, 4730);

      /* no duplicates */
      for (guint i = 0; i < got->n_rows; i++)
        {
          char id[37];
          il_uuid_format (&got->metric_id[i], id);
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }
      /* no gaps: every original and every late row, whatever the early ones did */
      for (guint k = 0; k < expected->len; k++)
        {
          char id[37];
          il_uuid_format (&g_array_index (expected, IlUuid, k), id);
          g_assert_true (g_hash_table_contains (seen, id));
        }
      g_assert_cmpuint (got->n_rows, >=, expected->len);
      g_assert_cmpuint (got->n_rows, <=, expected->len + 30);
    }
}

static void
test_retry_then_success (void)
{
  g_autoptr(IlRowStore) rows = make_rows (3000, 15, 0, 0);
  g_autoptr(GArray) expected = expected_ids (&rows, 1, IL_TIME_NONE);
  const struct { guint status; const char *type; const char *body; const char *retry_after; } faults[] = {
    { 429, NULL, "{\"message\":\"Too many requests\"}", "1" },
    { 503, NULL, "{\"code\":\"PGRST001\",\"details\":null,\"hint\":null,\"message\":\"Database client error. Retrying the connection.\"}", NULL },
    { 502, "text/html", "<html><body>502 Bad Gateway</body></html>", NULL },
    { 504, "text/html", "<html>Gateway Timeout</html>", NULL },
  };

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (fake, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      IlFetchStats stats;

      il_fake_postgrest_fault_status (fake, 2, faults[f].status, faults[f].type, faults[f].body, faults[f].retry_after);
      il_fake_postgrest_fault_status (fake, 3, faults[f].status, faults[f].type, faults[f].body, faults[f].retry_after == NULL ? NULL : "0");
      got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
      g_assert_no_error (error);
      assert_ids (got, expected);
      il_supabase_client_get_stats (client, &stats);
      g_assert_cmpuint (stats.retries, ==, 2);
    }
}

static void
test_cut_midway (void)
{
  g_autoptr(IlRowStore) rows = make_rows (4000, 16, 0, 0);
  g_autoptr(GArray) expected = expected_ids (&rows, 1, IL_TIME_NONE);

  for (guint concurrency = 1; concurrency <= 4; concurrency += 3)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (fake, concurrency);
      g_autoptr(IlRowStore) old = make_rows (10, 17, 0, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      IlUuid old_first = old->metric_id[0];

      /* without retries: the whole fetch fails, the old store is untouched */
      il_supabase_client_set_max_retries (client, 0);
      il_fake_postgrest_fault_cut (fake, 3);
      got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
      g_assert_null (got);
      g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_CONNECTION_CUT);
      g_assert_true (g_str_has_prefix (error->message, "The connection to the server was cut before the answer was complete"));
      g_assert_cmpuint (old->n_rows, ==, 10);
      g_assert_cmpint (il_uuid_compare (&old->metric_id[0], &old_first), ==, 0);
      g_clear_error (&error);

      /* with retries it heals */
      il_supabase_client_set_max_retries (client, 2);
      il_fake_postgrest_clear_faults (fake);
      il_fake_postgrest_fault_cut (fake, il_fake_postgrest_get_n_requests (fake) + 3);
      got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
      g_assert_no_error (error);
      assert_ids (got, expected);
    }
}

static void
test_garbage_midway (void)
{
  g_autoptr(IlRowStore) rows = make_rows (4000, 18, 0, 0);
  g_autoptr(GArray) expected = expected_ids (&rows, 1, IL_TIME_NONE);
  /* a page cut or mangled on the way is asked for again; a web page is not */
  const struct { const char *body; const char *type; const char *prefix; gboolean transient; } cases[] = {
    { "[{\"metric_id\": \"00000000-0000", NULL, "The server sent a page that is not valid JSON", TRUE },
    { "{\"rows\": []}", NULL, "The server sent data that is not a list of rows", TRUE },
    { "<!DOCTYPE html><html><body>Login</body></html>", "text/html", "The server sent a web page instead of data.", FALSE },
    { "<html><body>no content type</body></html>", "application/octet-stream", "The server sent a web page instead of data.", FALSE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
      g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      IlFetchStats stats;

      if (cases[c].transient)
        {
          il_fake_postgrest_fault_status (fake, 4, 200, cases[c].type, cases[c].body, NULL);
          got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
          g_assert_no_error (error);
          assert_ids (got, expected);
          il_supabase_client_get_stats (client, &stats);
          g_assert_cmpuint (stats.retries, ==, 1);
          g_clear_pointer (&got, il_row_store_unref);
          il_fake_postgrest_clear_faults (fake);
          il_supabase_client_set_max_retries (client, 0);
        }
      il_fake_postgrest_fault_status (fake, il_fake_postgrest_get_n_requests (fake) + 4, 200,
                                      cases[c].type, cases[c].body, NULL);
      got = fetch (client, IL_TIME_NONE, NULL, NULL, &error);
      g_assert_null (got);
      g_assert_error (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INVALID_RESPONSE);
      g_assert_true (g_str_has_prefix (error->message, cases[c].prefix));
      il_supabase_client_get_stats (client, &stats);
      g_assert_cmpuint (stats.retries, ==, 0);
    }
}

/* ---- cancellation -------------------------------------------------------- */

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(IlRowStore) rows = make_rows (6000, 23, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);

  for (guint concurrency = 1; concurrency <= 4; concurrency += 3)
    {
      g_autoptr(IlSupabaseClient) client = client_new (fake, concurrency);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) got = NULL;
      Wait w = { 0 };

      w.cancel_after_progress = cancellable;
      il_fake_postgrest_set_max_rows (fake, 500);
      got = fetch (client, IL_TIME_NONE, cancellable, &w, &error);
      g_assert_null (got);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (w.n_progress, ==, 2);
    }
  {
    /* during a long wait for the server, and during a Retry-After wait */
    g_autoptr(IlSupabaseClient) client = client_new (fake, 2);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) got = NULL;
    Wait w = { 0 };

    gint64 start;

    il_fake_postgrest_fault_status (fake, il_fake_postgrest_get_n_requests (fake) + 3, 429, NULL, "{}", "50");
    il_fake_postgrest_fault_delay (fake, il_fake_postgrest_get_n_requests (fake) + 4, 50000);
    /* a second in, both waits are under way (a page's progress would only
     * come after them) */
    g_timeout_add_full (G_PRIORITY_DEFAULT, 1000, cancel_cb, g_object_ref (cancellable), g_object_unref);
    start = g_get_monotonic_time ();
    got = fetch (client, base_time - 10 * 24 * HOUR, cancellable, &w, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    /* neither wait was sat out: 50 s each */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  }
}

/* ---- the fake itself (PostgREST behaviour others rely on) ------------------- */

static GBytes *
get (SoupSession *session, const char *url, const char *key, const char *prefer, const char *range,
     guint *status, char **content_range)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  GBytes *body;

  if (key)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "apikey", key);
  if (prefer)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Prefer", prefer);
  if (range)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  *status = soup_message_get_status (msg);
  *content_range = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Range"));
  return body;
}

static void
test_fake (void)
{
  g_autoptr(IlRowStore) rows = make_rows (2500, 27, 0, 0);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (rows, KEY);
  g_autoptr(SoupSession) session = soup_session_new ();
  const char *base = il_fake_postgrest_get_url (fake);
  const struct {
    const char *query; const char *key; const char *prefer; const char *range;
    guint status; const char *content_range; const char *body_prefix;
  } cases[] = {
    { "select=metric_id&limit=5", KEY, NULL, NULL, 200, "0-4/*", "[{\"metric_id\":\"" },
    { "select=metric_id", KEY, NULL, NULL, 200, "0-999/*", "[{\"metric_id\":\"" },
    { "select=metric_id&limit=10", KEY, "count=exact", NULL, 206, "0-9/2500", "[{" },
    { "select=metric_id&offset=2495", KEY, "count=exact", NULL, 200, "2495-2499/2500", "[{" },
    { "select=metric_id&offset=3000", KEY, "count=exact", NULL, 416, "*/2500", "{\"code\":\"PGRST103\"" },
    { "select=metric_id", KEY, "count=exact", "10-19", 206, "10-19/2500", "[{" },
    { "select=metric_id&created_at=gte.2999-01-01T00:00:00Z", KEY, NULL, NULL, 200, "*/*", "[]" },
    { "select=metric_id&created_at=gte.2020-01-01T00:00:00+00:00", KEY, NULL, NULL, 400, NULL, "{\"code\":\"22007\"" },
    { "select=metric_id&created_at=gte.2020-01-01T00:00:00%2B00:00&limit=1", KEY, NULL, NULL, 200, "0-0/*", "[{" },
    { "select=nope", KEY, NULL, NULL, 400, NULL, "{\"code\":\"42703\"" },
    { "select=metric_id&created_at=xx.1", KEY, NULL, NULL, 400, NULL, "{\"code\":\"PGRST100\"" },
    { "select=metric_id", NULL, NULL, NULL, 401, NULL, "{\"message\":\"No API key found in request\"" },
    { "select=metric_id", "wrong", NULL, NULL, 401, NULL, "{\"message\":\"Invalid API key\"" },
    { "select=metric_id&or=(created_at.is.null,metric_id.eq.00000000-0000-0000-0000-000000000000)", KEY, NULL, NULL, 200, "*/*", "[]" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *url = g_strdup_printf ("%s/rest/v1/interview_latency_metrics?%s", base, cases[c].query);
      g_autofree char *range = NULL;
      g_autoptr(GBytes) body = NULL;
      guint status;
      g_autofree char *text = NULL;

      g_test_message ("%s", cases[c].query);
      body = get (session, url, cases[c].key, cases[c].prefer, cases[c].range, &status, &range);
      g_assert_nonnull (body);
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_assert_cmpuint (status, ==, cases[c].status);
      if (cases[c].content_range != NULL)
        g_assert_cmpstr (range, ==, cases[c].content_range);
      g_assert_true (g_str_has_prefix (text, cases[c].body_prefix));
    }

  {
    g_autofree char *url = g_strdup_printf ("%s/rest/v1/other_table", base);
    g_autofree char *range = NULL;
    g_autoptr(GBytes) body = NULL;
    guint status;

    body = get (session, url, KEY, NULL, NULL, &status, &range);
    g_assert_cmpuint (status, ==, 404);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (body, NULL), "{\"code\":\"PGRST205\""));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  supabase_test_init ();

  g_test_add_func ("/supabase/fake", test_fake);
  g_test_add_func ("/supabase/fetch/complete-cap-1000", test_complete_1000);
  g_test_add_func ("/supabase/fetch/complete-cap-337", test_complete_337);
  g_test_add_func ("/supabase/fetch/all-data", test_complete_all_data);
  g_test_add_func ("/supabase/fetch/empty-and-small", test_empty_and_small);
  g_test_add_func ("/supabase/fetch/bad-row", test_bad_row);
  g_test_add_func ("/supabase/fetch/bad-page", test_bad_page);
  g_test_add_func ("/supabase/fetch/insert-between-pages", test_insert_between_pages);
  g_test_add_func ("/supabase/fetch/retry-then-success", test_retry_then_success);
  g_test_add_func ("/supabase/fetch/cut-midway", test_cut_midway);
  g_test_add_func ("/supabase/fetch/garbage-midway", test_garbage_midway);
  g_test_add_func ("/supabase/cancel", test_cancel);

  return supabase_test_finish (g_test_run ());
}
