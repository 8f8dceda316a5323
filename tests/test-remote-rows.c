/* test-remote-rows.c: rows on demand from the fake PostgREST: the filters
 * and order as PostgREST parameters, short pages completed, and the lazy
 * list model that holds a bounded number of pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-demo.h"
#include "il-remote-rows.h"

#define API_KEY "sb_publishable_RemoteRowsTestKey_0123456789"

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlSupabaseClient *client;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static IlRowStore *
fetch (IlSupabaseClient *c,
       const IlRowQuery *query,
       guint64           offset,
       guint             limit,
       gint64           *total,
       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  il_supabase_client_rows_async (c, query, offset, limit, TRUE, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return il_supabase_client_rows_finish (c, result, total, error);
}

typedef struct
{
  const IlRowStore *store;
} SortCtx;

/* started_at desc, metric_id desc */
static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const IlRowStore *st = ((SortCtx *) data)->store;
  guint32 ra = *(const guint32 *) a, rb = *(const guint32 *) b;

  if (st->started_at[ra] != st->started_at[rb])
    return st->started_at[ra] < st->started_at[rb] ? 1 : -1;
  return -il_uuid_compare (&st->metric_id[ra], &st->metric_id[rb]);
}

/* The rows of the local store that match, in the query's order. */
static GArray *
expected_rows (const IlRowQuery *q)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  SortCtx ctx = { rows };

  for (guint32 i = 0; i < rows->n_rows; i++)
    {
      if (q->created_min != IL_TIME_NONE && (rows->created_at[i] == IL_TIME_NONE || rows->created_at[i] < q->created_min))
        continue;
      if (q->steps != NULL && !g_strv_contains ((const char * const *) q->steps, il_row_store_get_step_name (rows, i)))
        continue;
      if (q->statuses != NULL && !g_strv_contains ((const char * const *) q->statuses, il_row_store_get_status (rows, i)))
        continue;
      if (rows->latency_ms[i] < q->min_latency_ms || rows->latency_ms[i] > q->max_latency_ms)
        continue;
      if (q->by_session && il_uuid_compare (&rows->session_ids[rows->session[i]], &q->session_id) != 0)
        continue;
      g_array_append_val (out, i);
    }
  g_array_sort_with_data (out, newest_first, &ctx);
  return out;
}

static void
test_params (void)
{
  IlRowQuery q;
  g_autofree char *params = NULL;
  g_autofree char *plain = NULL;

  il_row_query_init (&q);
  plain = il_row_query_to_params (&q);
  g_assert_cmpstr (plain, ==, "select=metric_id,session_id,turn_number,step_name,latency_ms,started_at,"
                              "completed_at,status,error_message,metadata,created_at"
                              "&order=started_at.desc,metric_id.desc");

  q.created_min = G_GINT64_CONSTANT (1767225600) * G_USEC_PER_SEC;   /* 2026-01-01 */
  q.steps = g_strsplit ("llm|a,b \"q\"", "|", -1);
  q.statuses = g_strsplit ("error", "|", -1);
  q.min_latency_ms = 150.5;
  q.max_latency_ms = 900;
  q.order_by = IL_COL_CREATED_AT;
  params = il_row_query_to_params (&q);
  g_assert_nonnull (strstr (params, "&created_at=gte.2026-01-01T00:00:00"));
  g_assert_nonnull (strstr (params, "&step_name=in.(%22llm%22,%22a,b%20%5C%22q%5C%22%22)"));
  g_assert_nonnull (strstr (params, "&status=in.(%22error%22)"));
  g_assert_nonnull (strstr (params, "&latency_ms=gte.150.5&latency_ms=lte.900"));
  g_assert_true (g_str_has_suffix (params, "&order=created_at.desc.nullslast,metric_id.desc"));
  il_row_query_clear (&q);
}

/* Filters and order as the server applies them, pages cut short by
 * max-rows completed, the count of the first answer. */
static void
test_filters (void)
{
  IlRowQuery q;
  g_autoptr(IlRowStore) got = NULL;
  g_autoptr(GArray) want = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = -1;

  il_row_query_init (&q);
  q.created_min = rows->started_at[0] - 10 * G_GINT64_CONSTANT (86400000000);
  q.steps = g_new0 (char *, 3);
  q.steps[0] = g_strdup (il_string_pool_get (rows->steps, 0));
  q.steps[1] = g_strdup (il_string_pool_get (rows->steps, 1));
  q.min_latency_ms = 200;
  want = expected_rows (&q);
  g_assert_cmpuint (want->len, >, 160);

  /* more than max-rows: two answers */
  got = fetch (client, &q, 20, 140, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, want->len);
  g_assert_cmpuint (got->n_rows, ==, 140);
  for (guint i = 0; i < got->n_rows; i++)
    g_assert_true (il_uuid_compare (&got->metric_id[i], &rows->metric_id[g_array_index (want, guint32, 20 + i)]) == 0);
  g_clear_pointer (&got, il_row_store_unref);

  /* the last page: what is left */
  got = fetch (client, &q, want->len - 7, 250, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->n_rows, ==, 7);
  g_clear_pointer (&got, il_row_store_unref);

  /* a session's rows; no status matches an empty set */
  il_row_query_clear (&q);
  q.by_session = TRUE;
  q.session_id = rows->session_ids[rows->session[5]];
  g_clear_pointer (&want, g_array_unref);
  want = expected_rows (&q);
  got = fetch (client, &q, 0, 1000, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->n_rows, ==, want->len);
  g_assert_cmpint (total, ==, want->len);
  g_clear_pointer (&got, il_row_store_unref);
  q.statuses = g_new0 (char *, 1);
  got = fetch (client, &q, 0, 1000, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->n_rows, ==, 0);
  g_assert_cmpint (total, ==, 0);
  il_row_query_clear (&q);
}

/* latency_ms desc, metric_id desc */
static int
slowest_first (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  guint32 ra = *(const guint32 *) a, rb = *(const guint32 *) b;

  if (rows->latency_ms[ra] != rows->latency_ms[rb])
    return rows->latency_ms[ra] < rows->latency_ms[rb] ? 1 : -1;
  return -il_uuid_compare (&rows->metric_id[ra], &rows->metric_id[rb]);
}

/* error_message asc with nulls first (as the app's tables sort), metric_id asc */
static int
by_message (gconstpointer a,
            gconstpointer b,
            gpointer      data)
{
  guint32 ra = *(const guint32 *) a, rb = *(const guint32 *) b;
  const char *ma = il_row_store_get_error_message (rows, ra);
  const char *mb = il_row_store_get_error_message (rows, rb);
  int c = ma == NULL || mb == NULL ? (ma != NULL) - (mb != NULL) : strcmp (ma, mb);

  return c != 0 ? c : il_uuid_compare (&rows->metric_id[ra], &rows->metric_id[rb]);
}

/* The sorted column goes to the server as order=, metric_id breaking ties. */
static void
test_order (void)
{
  struct { IlColumn column; gboolean descending; GCompareDataFunc cmp; const char *param; } cases[] = {
    { IL_COL_LATENCY_MS, TRUE, slowest_first, "order=latency_ms.desc,metric_id.desc" },
    { IL_COL_ERROR_MESSAGE, FALSE, by_message, "order=error_message.asc.nullsfirst,metric_id.asc" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(IlRowStore) got = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *params = NULL;
      IlRowQuery q;
      gint64 total;

      il_row_query_init (&q);
      q.order_by = cases[c].column;
      q.descending = cases[c].descending;
      params = il_row_query_to_params (&q);
      g_assert_true (g_str_has_suffix (params, cases[c].param));
      for (guint32 i = 0; i < rows->n_rows; i++)
        g_array_append_val (want, i);
      g_array_sort_with_data (want, cases[c].cmp, NULL);
      got = fetch (client, &q, 500, 300, &total, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->n_rows, ==, 300);
      for (guint i = 0; i < got->n_rows; i++)
        g_assert_true (il_uuid_compare (&got->metric_id[i], &rows->metric_id[g_array_index (want, guint32, 500 + i)]) == 0);
      il_row_query_clear (&q);
    }
  g_assert_false (il_row_query_can_order_by (IL_COL_METADATA));
}

/* Names with , " \ ( ) travel quoted and come back exact. */
static void
test_odd_names (void)
{
  const char *names[] = { "a,b", "say \"hi\"", "back\\slash (x)", "plain" };
  g_autoptr(IlRowStore) table = il_row_store_new ();
  g_autoptr(IlFakePostgrest) odd = NULL;
  g_autoptr(IlSupabaseClient) c = NULL;
  g_autoptr(IlRowStore) got = NULL;
  g_autoptr(GError) error = NULL;
  IlRowQuery q;
  gint64 total;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 99;
      in.step_name = names[i];
      in.latency_ms = 10 * (i + 1);
      in.started_at = in.completed_at = in.created_at = (G_GINT64_CONSTANT (1767225600) + i) * G_USEC_PER_SEC;
      in.status = "success";
      il_row_store_append_row (table, &in);
    }
  il_row_store_seal (table);
  odd = il_fake_postgrest_new (table, API_KEY);
  c = il_supabase_client_new (il_fake_postgrest_get_url (odd), API_KEY);

  il_row_query_init (&q);
  q.steps = g_strdupv ((char **) (const char *[]) { "a,b", "say \"hi\"", "back\\slash (x)", NULL });
  got = fetch (c, &q, 0, 10, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpuint (got->n_rows, ==, 3);
  /* newest first */
  g_assert_cmpstr (il_row_store_get_step_name (got, 0), ==, "back\\slash (x)");
  g_assert_cmpstr (il_row_store_get_step_name (got, 1), ==, "say \"hi\"");
  g_assert_cmpstr (il_row_store_get_step_name (got, 2), ==, "a,b");
  il_row_query_clear (&q);
}

static guint changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  changes++;
}

static IlRowItem *
wait_item (GListModel *model,
           guint       position)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      IlRowItem *item = g_list_model_get_item (model, position);

      if (il_row_item_get_store (item) != NULL)
        return item;
      g_object_unref (item);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_model (void)
{
  IlRowQuery q;
  g_autoptr(GArray) want = NULL;
  g_autoptr(IlRemoteRows) model = NULL;
  guint before = il_fake_postgrest_get_n_requests (fake);
  guint n;

  il_row_query_init (&q);
  want = expected_rows (&q);
  model = il_remote_rows_new (client, &q);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  while (il_remote_rows_get_total (model) < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (il_remote_rows_get_total (model), ==, rows->n_rows);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, rows->n_rows);
  g_assert_cmpuint (changes, ==, 1);

  /* a far row: a placeholder at once, the row once its page is in */
  {
    g_autoptr(IlRowItem) first = g_list_model_get_item (G_LIST_MODEL (model), n - 3);
    g_autoptr(IlRowItem) item = NULL;

    g_assert_null (il_row_item_get_store (first));
    item = wait_item (G_LIST_MODEL (model), n - 3);
    g_assert_true (il_uuid_compare (&il_row_item_get_store (item)->metric_id[il_row_item_get_row (item)],
                                    &rows->metric_id[g_array_index (want, guint32, n - 3)]) == 0);
    g_assert_cmpuint (changes, ==, 2);
  }

  /* scrolling through all of it holds a bounded number of pages */
  for (guint pos = 0; pos < n; pos += 97)
    {
      g_autoptr(IlRowItem) item = wait_item (G_LIST_MODEL (model), pos);

      g_assert_true (il_uuid_compare (&il_row_item_get_store (item)->metric_id[il_row_item_get_row (item)],
                                      &rows->metric_id[g_array_index (want, guint32, pos)]) == 0);
      g_assert_cmpuint (il_remote_rows_get_n_pages (model), <=, IL_REMOTE_ROWS_MAX_PAGES);
    }
  /* a page per request, or two where max-rows cut one short */
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, <=,
                    2 * (n / IL_REMOTE_ROWS_PAGE + 1));
  il_row_query_clear (&q);
}

static void
test_error (void)
{
  g_autoptr(IlSupabaseClient) bad = il_supabase_client_new (il_fake_postgrest_get_url (fake), "sb_publishable_wrong");
  g_autoptr(IlRemoteRows) model = NULL;
  IlRowQuery q;

  il_row_query_init (&q);
  model = il_remote_rows_new (bad, &q);
  while (il_remote_rows_is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (il_remote_rows_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  rows = il_demo_generate (3000, 11, G_GINT64_CONSTANT (1767225600) * G_USEC_PER_SEC);
  fake = il_fake_postgrest_new (rows, API_KEY);
  /* shorter than a page: every page takes two answers */
  il_fake_postgrest_set_max_rows (fake, 130);
  client = il_supabase_client_new (il_fake_postgrest_get_url (fake), API_KEY);
  il_supabase_client_set_retry_base_delay (client, 1);

  g_test_add_func ("/remote-rows/params", test_params);
  g_test_add_func ("/remote-rows/filters", test_filters);
  g_test_add_func ("/remote-rows/order", test_order);
  g_test_add_func ("/remote-rows/odd-names", test_odd_names);
  g_test_add_func ("/remote-rows/model", test_model);
  g_test_add_func ("/remote-rows/error", test_error);
  ret = g_test_run ();

  g_object_unref (client);
  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  return ret;
}
