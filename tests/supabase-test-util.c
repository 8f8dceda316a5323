/* supabase-test-util.c: rows, fetches and checks shared by the Supabase
 * client tests (test-supabase.c, test-supabase-errors.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "supabase-test-util.h"

GPtrArray *messages;

void
remember (const char *message)
{
  g_assert_null (strstr (message, KEY));
  g_assert_null (strstr (message, "T3stK3y"));
  g_ptr_array_add (messages, g_strdup (message));
}

/* ---- rows ------------------------------------------------------------ */

static const char *steps[] = { "stt", "llm", "tts", "step, with \"quotes\"" };
static const char *statuses[] = { "success", "success", "success", "error", "skipped" };

gint64 base_time;

/* n rows over the 10 days before base_time; groups of 3 share a created_at
 * (ties across page boundaries); every @null_every-th has none. */
IlRowStore *
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
GArray *
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

void
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

void
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

IlRowStore *
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

IlSupabaseClient *
client_new (IlFakePostgrest *fake, guint concurrency)
{
  IlSupabaseClient *client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);

  il_supabase_client_set_concurrency (client, concurrency);
  il_supabase_client_set_retry_base_delay (client, 1);
  return client;
}

void
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

void
supabase_test_init (void)
{
  messages = g_ptr_array_new_with_free_func (g_free);
  /* whole seconds, so that test data is simple to read in logs */
  base_time = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC;
}

int
supabase_test_finish (int ret)
{
  /* every message any test produced was checked by remember() */
  g_test_message ("%u messages checked for the key", messages->len);
  g_ptr_array_unref (messages);
  return ret;
}
