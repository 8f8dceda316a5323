/* il-supabase-rows.c: rows on demand, filtered and ordered by PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The raw explorer and the session deep dive of server mode read a few rows
 * at a time: the filters go to the server, so only what is shown travels.
 * A server caps every answer at its max-rows, so a short answer is asked
 * again from where it stopped until the rows asked for are in, or none come.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "il-supabase-client-private.h"
#include "il-supabase-rows.h"

void
il_row_query_init (IlRowQuery *query)
{
  g_return_if_fail (query != NULL);

  memset (query, 0, sizeof *query);
  query->created_min = IL_TIME_NONE;
  query->created_max = IL_TIME_NONE;
  query->time_min = IL_TIME_NONE;
  query->time_max = IL_TIME_NONE;
  query->min_latency_ms = -INFINITY;
  query->max_latency_ms = INFINITY;
  query->order_by = IL_COL_STARTED_AT;
  query->descending = TRUE;
}

void
il_row_query_clear (IlRowQuery *query)
{
  g_return_if_fail (query != NULL);

  g_clear_pointer (&query->steps, g_strfreev);
  g_clear_pointer (&query->statuses, g_strfreev);
  g_clear_pointer (&query->message, g_free);
  g_clear_pointer (&query->messages, g_strfreev);
  il_row_query_init (query);
}

void
il_row_query_copy (IlRowQuery       *dest,
                   const IlRowQuery *src)
{
  g_return_if_fail (dest != NULL && src != NULL);

  *dest = *src;
  dest->steps = g_strdupv (src->steps);
  dest->statuses = g_strdupv (src->statuses);
  dest->message = g_strdup (src->message);
  dest->messages = g_strdupv (src->messages);
}

/* A value of an in-list, always quoted: names may hold , ( ) " and \. */
static void
append_quoted (GString    *list,
               const char *value)
{
  g_string_append_c (list, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (list, '\\');
      g_string_append_c (list, *p);
    }
  g_string_append_c (list, '"');
}

/* "in.(\"a\",\"b\")" */
static char *
in_list (const GStrv values)
{
  GString *list = g_string_new ("in.(");

  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (list, ',');
      append_quoted (list, values[i]);
    }
  g_string_append_c (list, ')');
  return g_string_free (list, FALSE);
}

static void
append_in (GString     *q,
           const char  *column,
           const GStrv  values)
{
  g_autofree char *list = in_list (values);

  _il_supabase_append_param (q, column, list);
}

static void
append_op (GString    *q,
           const char *column,
           const char *op,
           const char *value)
{
  g_autofree char *v = g_strconcat (op, ".", value, NULL);

  _il_supabase_append_param (q, column, v);
}

static void
append_number (GString    *q,
               const char *column,
               const char *op,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  append_op (q, column, op, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_time (GString    *q,
             const char *op,
             gint64      us)
{
  g_autofree char *t = _il_supabase_format_time (us);

  append_op (q, "created_at", op, t);
}

gboolean
il_row_query_can_order_by (IlColumn column)
{
  return column < IL_N_COLUMNS && column != IL_COL_METADATA;
}

/* The messages as a logic-tree item ("or(...)") when they need one, else
 * appended as a plain filter (NULL). */
static char *
messages_filter (GString          *q,
                 const IlRowQuery *query)
{
  const GStrv none = (char *[]) { NULL };
  const GStrv messages = query->messages != NULL ? query->messages : none;
  g_autofree char *list = NULL;

  if (query->messages_null && messages[0] == NULL)
    {
      _il_supabase_append_param (q, "error_message", "is.null");
      return NULL;
    }
  list = in_list (messages);
  if (!query->messages_null)
    {
      _il_supabase_append_param (q, "error_message", list);
      return NULL;
    }
  /* in.() never matches a null: the null group is its own branch */
  return g_strdup_printf ("or(error_message.is.null,error_message.%s)", list);
}

static void
append_bounds (GString    *item,
               const char *column,
               gint64      lo,
               gint64      hi)
{
  if (lo != IL_TIME_NONE)
    {
      g_autofree char *t = _il_supabase_format_time (lo);

      g_string_append_printf (item, ",%s.gte.%s", column, t);
    }
  if (hi != IL_TIME_NONE)
    {
      g_autofree char *t = _il_supabase_format_time (hi);

      g_string_append_printf (item, ",%s.lt.%s", column, t);
    }
}

/* The row-time bounds: plain created_at bounds when the range leaves out
 * the null created_at rows, else a logic-tree item that dates those by
 * started_at. */
static char *
time_filter (GString          *q,
             const IlRowQuery *query)
{
  g_autoptr(GString) dated = NULL;
  g_autoptr(GString) undated = NULL;

  if (query->time_min == IL_TIME_NONE && query->time_max == IL_TIME_NONE)
    return NULL;
  if (query->created_min != IL_TIME_NONE)
    {
      if (query->time_min != IL_TIME_NONE)
        append_time (q, "gte", query->time_min);
      if (query->time_max != IL_TIME_NONE)
        append_time (q, "lt", query->time_max);
      return NULL;
    }
  dated = g_string_new ("and(created_at.not.is.null");
  append_bounds (dated, "created_at", query->time_min, query->time_max);
  g_string_append_c (dated, ')');
  undated = g_string_new ("and(created_at.is.null");
  append_bounds (undated, "started_at", query->time_min, query->time_max);
  g_string_append_c (undated, ')');
  return g_strdup_printf ("or(%s,%s)", dated->str, undated->str);
}

/* "col.desc,metric_id.desc"; a nullable column's nulls sort lowest, as the
 * app's own tables sort them. */
static char *
order_param (const IlRowQuery *query)
{
  const char *dir = query->descending ? "desc" : "asc";
  gboolean nullable;

  if (query->fetch_order)
    return g_strdup ("created_at.asc.nullslast,metric_id.asc");
  nullable = query->order_by == IL_COL_CREATED_AT || query->order_by == IL_COL_ERROR_MESSAGE;

  if (query->order_by == IL_COL_METRIC_ID)
    return g_strdup_printf ("metric_id.%s", dir);
  return g_strdup_printf ("%s.%s%s,metric_id.%s", il_column_name (query->order_by), dir,
                          !nullable ? "" : query->descending ? ".nullslast" : ".nullsfirst", dir);
}

static GString *
filter_params (const IlRowQuery *query)
{
  GString *q;
  g_autoptr(GPtrArray) trees = g_ptr_array_new_with_free_func (g_free);

  q = g_string_new (NULL);
  _il_supabase_append_param (q, "select", IL_SUPABASE_ALL_COLUMNS);
  if (query->created_min != IL_TIME_NONE)
    append_time (q, "gte", query->created_min);
  if (query->created_max != IL_TIME_NONE)
    append_time (q, "lt", query->created_max);
  if (query->by_session)
    {
      char id[37];

      il_uuid_format (&query->session_id, id);
      append_op (q, "session_id", "eq", id);
    }
  if (query->steps != NULL)
    append_in (q, "step_name", query->steps);
  if (query->statuses != NULL)
    append_in (q, "status", query->statuses);
  if (query->by_message)
    {
      if (query->message == NULL)
        _il_supabase_append_param (q, "error_message", "is.null");
      else
        {
          /* eq. reads the rest verbatim; quoting keeps a message that
           * looks like a keyword (null, true) a string */
          g_autoptr(GString) v = g_string_new (NULL);

          append_quoted (v, query->message);
          append_op (q, "error_message", "eq", v->str);
        }
    }
  if (query->by_messages)
    {
      char *tree = messages_filter (q, query);

      if (tree != NULL)
        g_ptr_array_add (trees, tree);
    }
  {
    char *tree = time_filter (q, query);

    if (tree != NULL)
      g_ptr_array_add (trees, tree);
  }
  if (query->by_session_range)
    {
      char lo[37], hi[37];

      il_uuid_format (&query->session_min, lo);
      il_uuid_format (&query->session_max, hi);
      append_op (q, "session_id", "gte", lo);
      append_op (q, "session_id", "lte", hi);
    }
  /* one and= holds every tree: a second or= would be a second key */
  if (trees->len > 0)
    {
      g_autoptr(GString) v = g_string_new ("(");

      for (guint i = 0; i < trees->len; i++)
        g_string_append_printf (v, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (trees, i));
      g_string_append_c (v, ')');
      _il_supabase_append_param (q, "and", v->str);
    }
  if (isfinite (query->min_latency_ms))
    append_number (q, "latency_ms", "gte", query->min_latency_ms);
  if (isfinite (query->max_latency_ms))
    append_number (q, "latency_ms", "lte", query->max_latency_ms);
  return q;
}

char *
il_row_query_to_params (const IlRowQuery *query)
{
  GString *q;
  g_autofree char *order = NULL;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (il_row_query_can_order_by (query->order_by), NULL);

  q = filter_params (query);
  order = order_param (query);
  _il_supabase_append_param (q, "order", order);
  return g_string_free (q, FALSE);
}

/* A keyset page: the null created_at rows by metric_id, or the dated rows
 * by (created_at, metric_id), after @after. */
static char *
keyset_params (const IlRowQuery *query,
               gboolean          null_part,
               const IlRowKey   *after)
{
  GString *q = filter_params (query);

  if (null_part)
    {
      _il_supabase_append_param (q, "created_at", "is.null");
      if (after != NULL)
        _il_supabase_append_cursor (q, NULL, &after->metric_id);
      _il_supabase_append_param (q, "order", "metric_id.asc");
    }
  else
    {
      if (after != NULL)
        {
          g_autofree char *t = _il_supabase_format_time (after->created_at);

          _il_supabase_append_cursor (q, t, &after->metric_id);
        }
      else
        _il_supabase_append_param (q, "created_at", "not.is.null");
      _il_supabase_append_param (q, "order", "created_at.asc,metric_id.asc");
    }
  return g_string_free (q, FALSE);
}

/* ---- fetching ----------------------------------------------------------------- */

typedef struct
{
  char       *params;
  guint64     offset;     /* of the next request */
  guint       wanted;     /* rows still to come */
  gboolean    count;
  gint64      total;
  IlRowStore *store;
  gboolean    has_key;    /* key: the last row's, skipped rows included */
  IlRowKey    key;
  gboolean    keyset;     /* each request starts after key, not at offset */
  gboolean    null_part;
  IlRowQuery  query;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->params);
  g_clear_pointer (&f->store, il_row_store_unref);
  il_row_query_clear (&f->query);
  g_free (f);
}

static void send_next (GTask *task, IlSupabaseClient *client);

/* @b comes after @a in keyset order (a part holds one kind of key) */
static gboolean
key_after (const IlRowKey *a,
           const IlRowKey *b)
{
  if (a->created_at != b->created_at)
    return b->created_at > a->created_at;
  return il_uuid_compare (&b->metric_id, &a->metric_id) > 0;
}

static void
page_done (IlSupabaseRequest *req,
           GBytes            *body,
           GError            *error)
{
  GTask *task = req->data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(IlSupabaseClient) client = g_object_ref (req->client);
  g_autoptr(GError) parse_error = NULL;
  IlRowBatch *batch;
  guint n;

  if (body == NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      _il_supabase_request_free (req);
      g_object_unref (task);
      return;
    }
  if (f->count && f->total < 0)
    f->total = _il_supabase_content_range_total (req->msg);
  _il_supabase_request_free (req);

  batch = il_row_batch_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &parse_error);
  if (batch == NULL)
    {
      g_autoptr(GError) bad = NULL;

      _il_supabase_set_error (client, &bad, IL_SOURCE_ERROR_INVALID_RESPONSE, "%s", parse_error->message);
      g_task_return_error (task, g_steal_pointer (&bad));
      g_object_unref (task);
      return;
    }
  /* skipped rows still take their place in the order */
  n = il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch);
  if (n > 0 && f->keyset)
    {
      g_autofree char *raw_t = NULL;
      IlRowKey before = f->key;
      gboolean had_key = f->has_key;
      gint16 off;

      if (il_row_batch_get_n_skipped (batch) == 0)
        f->has_key = il_row_batch_get_last_key (batch, &f->key.created_at, &off, &f->key.metric_id);
      else if (_il_supabase_raw_last_key (body, &raw_t, &f->key.metric_id))
        {
          /* a skipped last row is only in the text */
          f->key.created_at = IL_TIME_NONE;
          f->has_key = raw_t == NULL || il_timestamp_parse (raw_t, -1, &f->key.created_at, &off);
        }
      else
        f->has_key = FALSE;
      if (had_key && f->has_key && !key_after (&before, &f->key))
        {
          g_autoptr(GError) bad = NULL;

          /* a server (or something in between) that drops the cursor
           * would send the same rows forever */
          _il_supabase_set_error (client, &bad, IL_SOURCE_ERROR_INVALID_RESPONSE, "%s",
                                  _("The server sent rows it had already sent: it does not apply the filters "
                                    "that page through the table. Check that nothing between the app and "
                                    "Supabase changes the requests."));
          il_row_batch_free (batch);
          g_task_return_error (task, g_steal_pointer (&bad));
          g_object_unref (task);
          return;
        }
    }
  il_row_store_append_batch (f->store, batch);
  f->offset += n;
  f->wanted -= MIN (n, f->wanted);
  /* without a key a keyset fetch cannot go on: the finish says why */
  if (n == 0 || f->wanted == 0 || (f->keyset && !f->has_key))
    {
      il_row_store_seal (f->store);
      g_task_return_pointer (task, il_row_store_ref (f->store), (GDestroyNotify) il_row_store_unref);
      g_object_unref (task);
      return;
    }
  send_next (task, client);
}

static void
send_next (GTask            *task,
           IlSupabaseClient *client)
{
  Fetch *f = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  IlSupabaseRequest *req;

  /* the rest of a page the server cut short: from the cursor too, so that
   * rows inserted meanwhile do not shift it */
  if (f->keyset)
    {
      g_autofree char *params = keyset_params (&f->query, f->null_part, f->has_key ? &f->key : NULL);

      path = g_strdup_printf (IL_SUPABASE_TABLE "?%s&limit=%u", params, f->wanted);
    }
  else
    path = g_strdup_printf (IL_SUPABASE_TABLE "?%s&limit=%u&offset=%" G_GUINT64_FORMAT,
                            f->params, f->wanted, f->offset);

  /* only the first request asks for the count */
  req = _il_supabase_request_new (client, g_steal_pointer (&path), f->count && f->total < 0,
                                  g_task_get_cancellable (task), page_done, task);
  _il_supabase_request_send (req);
}

static Fetch *
fetch_new (guint    limit,
           gboolean count)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->wanted = limit;
  f->count = count;
  f->total = -1;
  f->store = il_row_store_new ();
  il_row_query_init (&f->query);
  return f;
}

static void
start_fetch (IlSupabaseClient    *self,
             Fetch               *f,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, f, fetch_free);
  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  send_next (task, self);
}

void
il_supabase_client_rows_async (IlSupabaseClient    *self,
                               const IlRowQuery    *query,
                               guint64              offset,
                               guint                limit,
                               gboolean             count,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Fetch *f;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (limit > 0);

  f = fetch_new (limit, count);
  f->params = il_row_query_to_params (query);
  f->offset = offset;
  start_fetch (self, f, il_supabase_client_rows_async, cancellable, callback, user_data);
}

void
il_supabase_client_rows_after_async (IlSupabaseClient    *self,
                                     const IlRowQuery    *query,
                                     gboolean             null_part,
                                     const IlRowKey      *after,
                                     guint                limit,
                                     gboolean             count,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Fetch *f;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (limit > 0);
  g_return_if_fail (after == NULL || (after->created_at == IL_TIME_NONE) == null_part);

  f = fetch_new (limit, count);
  f->keyset = TRUE;
  f->null_part = null_part;
  il_row_query_copy (&f->query, query);
  f->has_key = after != NULL;
  if (after != NULL)
    f->key = *after;
  start_fetch (self, f, il_supabase_client_rows_after_async, cancellable, callback, user_data);
}

IlRowStore *
il_supabase_client_rows_after_finish (IlSupabaseClient  *self,
                                      GAsyncResult      *result,
                                      gint64            *total,
                                      IlRowKey          *last,
                                      GError           **error)
{
  IlRowStore *store = il_supabase_client_rows_finish (self, result, total, error);
  Fetch *f = g_task_get_task_data (G_TASK (result));

  if (store != NULL && !f->has_key && store->n_rows + store->n_skipped > 0)
    {
      g_autoptr(GError) bad = NULL;

      /* every row of the page was bad: where the next one starts is unknown */
      _il_supabase_set_error (self, &bad, IL_SOURCE_ERROR_INVALID_RESPONSE,
                              _("No row of a page could be read, so the fetch cannot go on (%s). Compare the table with the schema in the README."),
                              store->first_skip_reason != NULL ? store->first_skip_reason : "");
      g_propagate_error (error, g_steal_pointer (&bad));
      il_row_store_unref (store);
      return NULL;
    }
  if (last != NULL && store != NULL && f->has_key)
    *last = f->key;
  return store;
}

IlRowStore *
il_supabase_client_rows_finish (IlSupabaseClient  *self,
                                GAsyncResult      *result,
                                gint64            *total,
                                GError           **error)
{
  IlRowStore *store;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (total != NULL)
    *total = store != NULL ? ((Fetch *) g_task_get_task_data (G_TASK (result)))->total : -1;
  return store;
}

/* ---- counting ----------------------------------------------------------------- */

void
il_supabase_client_count_rows_async (IlSupabaseClient    *self,
                                     const IlRowQuery    *query,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *params = NULL;
  GTask *task;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_count_rows_async);
  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  params = il_row_query_to_params (query);
  _il_supabase_request_send (_il_supabase_request_new (self, g_strdup_printf (IL_SUPABASE_TABLE "?%s&limit=0", params),
                                                       TRUE, cancellable, _il_supabase_count_done,
                                                       task));
}

gint64
il_supabase_client_count_rows_finish (IlSupabaseClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
