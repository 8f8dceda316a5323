/* test-supabase.c: the Supabase client against the in-process fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-config.h"
#include "il-supabase-client.h"

#define KEY "sb_publishable_T3stK3y-very-secret-0123456789"
#define HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))

/* Every message the tests saw, to check that the key never appears. */
static GPtrArray *messages;

static void
remember (const char *message)
{
  g_assert_null (strstr (message, KEY));
  g_assert_null (strstr (message, "T3stK3y"));
  g_ptr_array_add (messages, g_strdup (message));
}

/* ---- rows ------------------------------------------------------------ */

static const char *steps[] = { "stt", "llm", "tts", "step, with \"quotes\"" };
static const char *statuses[] = { "success", "success", "success", "error", "skipped" };

static gint64 base_time;

/* n rows over the 10 days before base_time; groups of 3 share a created_at
 * (ties across page boundaries); every @null_every-th has none. */
static IlRowStore *
make_rows (guint n, guint32 seed, guint null_every, gint64 time_offset)
{
  IlRowStore *store = il_row_store_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      IlRowInput r = { 0 };
      g_autofree char *msg = NULL;

      r.metric_id.hi = g_rand_int (rand) | ((guint64) g_rand_int (rand) << 32);
      r.metric_id.lo = g_rand_int (rand) | ((guint64) g_rand_int (rand) << 32);
      r.session_id.hi = 42;
      r.session_id.lo = i / 12;
      r.turn_number = i % 12;
      r.step_name = steps[i % G_N_ELEMENTS (steps)];
      r.latency_ms = 10.0 + g_rand_double_range (rand, 0, 2000);
      r.created_at = base_time + time_offset - 10 * 24 * HOUR + (gint64) (i / 3) * (10 * 24 * HOUR / (n / 3 + 1));
      r.started_at = r.created_at - 5000000;
      r.completed_at = r.started_at + (gint64) (r.latency_ms * 1000);
      r.status = statuses[i % G_N_ELEMENTS (statuses)];
      if (g_str_equal (r.status, "error"))
        r.error_message = msg = g_strdup_printf ("boom %u\nline two", i % 4);
      r.metadata = i % 2 ? "{\"model\":\"x\",\"n\":[1,2]}" : NULL;
      if (null_every > 0 && i % null_every == 0)
        r.created_at = IL_TIME_NONE;
      il_row_store_append_row (store, &r);
    }
  il_row_store_seal (store);
  return store;
}

static int
key_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  IlRowStore *s = data;
  guint i = *(const guint *) a;
  guint j = *(const guint *) b;
  gint64 ca = s->created_at[i];
  gint64 cb = s->created_at[j];

  if (ca != cb)
    {
      if (ca == IL_TIME_NONE)
        return 1;
      if (cb == IL_TIME_NONE)
        return -1;
      return ca < cb ? -1 : 1;
    }
  return il_uuid_compare (&s->metric_id[i], &s->metric_id[j]);
}

/* The metric_ids that a fetch from created_min must return, in order. */
static GArray *
expected_ids (IlRowStore **stores, guint n_stores, gint64 created_min)
{
  g_autoptr(GArray) idx = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (IlUuid));
  IlRowStore *all = il_row_store_new ();

  /* Merge the stores' rows into one store to sort them together. */
  for (guint s = 0; s < n_stores; s++)
    for (guint i = 0; i < stores[s]->n_rows; i++)
      {
        IlRowInput r = { 0 };
        r.metric_id = stores[s]->metric_id[i];
        r.session_id = stores[s]->session_ids[stores[s]->session[i]];
        r.step_name = "x";
        r.status = "success";
        r.created_at = stores[s]->created_at[i];
        il_row_store_append_row (all, &r);
      }
  idx = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < all->n_rows; i++)
    if (created_min == IL_TIME_NONE || (all->created_at[i] != IL_TIME_NONE && all->created_at[i] >= created_min))
      g_array_append_val (idx, i);
  g_array_sort_with_data (idx, key_cmp, all);
  for (guint k = 0; k < idx->len; k++)
    g_array_append_val (ids, all->metric_id[g_array_index (idx, guint, k)]);
  il_row_store_unref (all);
  return ids;
}

static void
assert_ids (IlRowStore *got, GArray *expected)
{
  g_assert_cmpuint (got->n_rows, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    if (il_uuid_compare (&got->metric_id[i], &g_array_index (expected, IlUuid, i)) != 0)
      {
        char a[37], b[37];
        il_uuid_format (&got->metric_id[i], a);
        il_uuid_format (&g_array_index (expected, IlUuid, i), b);
        g_error ("row %u: got %s, expected %s", i, a, b);
      }
}

/* ---- running a fetch --------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
  guint         n_progress;
  guint64       last_rows;
  gint64        last_total;
  GCancellable *cancel_after_progress;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;
  w->result = g_object_ref (result);
}

static void
progress_cb (guint64 rows, gint64 total, gpointer data)
{
  Wait *w = data;

  g_assert_cmpuint (rows, >=, w->last_rows);
  w->last_rows = rows;
  w->last_total = total;
  w->n_progress++;
  if (w->cancel_after_progress != NULL && w->n_progress == 2)
    g_cancellable_cancel (w->cancel_after_progress);
}

static IlRowStore *
fetch (IlSupabaseClient *client, gint64 created_min, GCancellable *cancellable, Wait *w, GError **error)
{
  Wait local = { 0 };
  IlRowStore *store;

  if (w == NULL)
    w = &local;
  w->last_total = -2;
  il_supabase_client_fetch_async (client, created_min, progress_cb, w, cancellable, done_cb, w);
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_supabase_client_fetch_finish (client, w->result, error);
  g_clear_object (&w->result);
  if (error != NULL && *error != NULL)
    remember ((*error)->message);
  return store;
}

static IlSupabaseClient *
client_new (IlFakePostgrest *fake, guint concurrency)
{
  IlSupabaseClient *client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);

  il_supabase_client_set_concurrency (client, concurrency);
  il_supabase_client_set_retry_base_delay (client, 1);
  return client;
}

static void
assert_log_clean (IlFakePostgrest *fake)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);

  g_assert_cmpuint (log->len, >, 0);
  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);
      g_assert_null (strstr (line, "T3stK3y"));
      g_assert_null (strstr (line, "apikey"));
      /* a timestamp offset would be read as a space: we send Z only */
      g_assert_null (strchr (line, '+'));
    }
}

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

/* ---- cancellation -------------------------------------------------------- */

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

    il_fake_postgrest_fault_status (fake, il_fake_postgrest_get_n_requests (fake) + 3, 429, NULL, "{}", "50");
    il_fake_postgrest_fault_delay (fake, il_fake_postgrest_get_n_requests (fake) + 4, 50000);
    w.cancel_after_progress = cancellable;
    got = fetch (client, base_time - 10 * 24 * HOUR, cancellable, &w, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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
  int ret;

  g_test_init (&argc, &argv, NULL);
  messages = g_ptr_array_new_with_free_func (g_free);
  /* whole seconds, so that test data is simple to read in logs */
  base_time = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC;

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
  g_test_add_func ("/supabase/errors/postgrest", test_errors);
  g_test_add_func ("/supabase/errors/key-and-table", test_key_and_table_errors);
  g_test_add_func ("/supabase/errors/network", test_network_errors);
  g_test_add_func ("/supabase/cancel", test_cancel);
  g_test_add_func ("/supabase/headers", test_headers);
  g_test_add_func ("/supabase/check", test_check);
  g_test_add_func ("/supabase/diagnose", test_diagnose);

  ret = g_test_run ();

  /* every message any test produced was checked by remember() */
  g_test_message ("%u messages checked for the key", messages->len);
  g_ptr_array_unref (messages);
  return ret;
}
