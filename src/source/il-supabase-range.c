/* il-supabase-range.c: every row of one span of created_at, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A refresh reads small spans (the newest minutes, a slice whose count
 * changed), so one page after another is enough and keeps the number of
 * requests minimal: the first page asks for the exact count, and when the
 * rows received reach it no empty page is needed to see the end. Pages are
 * ordered by (created_at, metric_id), which is unique, so keyset paging
 * gives neither gaps nor duplicates when rows arrive in between.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-supabase-client-private.h"
#include "il-supabase-range.h"
#include "il-supabase-range-private.h"
#include "il-task-start.h"

typedef struct
{
  IlSupabaseClient *client;
  GTask            *task;
  gint64            lo;
  gint64            hi;
  IlRangeRows       rows;
  gboolean          has_key;
  gint64            last_t;
  IlUuid            last_id;
  gint64            total;      /* from the first page; -1 unknown */
  guint64           received;   /* objects, bad ones included */
  IlRowStore       *store;
  IlFetchProgressFunc progress;
  gpointer          progress_data;
} RangeFetch;

static void
range_fetch_free (RangeFetch *r)
{
  g_clear_pointer (&r->store, il_row_store_unref);
  g_clear_object (&r->client);
  g_free (r);
}

static char *
range_query (RangeFetch *r)
{
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");
  g_autofree char *limit = g_strdup_printf ("%u", r->client->page_size);
  char id[37];

  _il_supabase_append_param (q, "select", IL_SUPABASE_ALL_COLUMNS);
  _il_supabase_append_range (q, r->lo, r->hi, r->rows);
  if (r->has_key)
    {
      g_autofree char *v = NULL;

      il_uuid_format (&r->last_id, id);
      if (r->rows == IL_RANGE_NULL_ONLY)
        {
          v = g_strconcat ("gt.", id, NULL);
          _il_supabase_append_param (q, "metric_id", v);
        }
      else
        {
          g_autofree char *t = _il_supabase_format_time (r->last_t);

          v = g_strdup_printf ("(created_at.gt.%s,and(created_at.eq.%s,metric_id.gt.%s))", t, t, id);
          _il_supabase_append_param (q, "or", v);
        }
    }
  _il_supabase_append_param (q, "order", r->rows == IL_RANGE_NULL_ONLY
                                         ? "metric_id.asc" : "created_at.asc,metric_id.asc");
  _il_supabase_append_param (q, "limit", limit);
  return g_string_free (q, FALSE);
}

static void range_next_page (RangeFetch *r);

static void
range_finish (RangeFetch *r, GError *error)
{
  GTask *task = r->task;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      il_row_store_seal (r->store);
      g_task_return_pointer (task, g_steal_pointer (&r->store), (GDestroyNotify) il_row_store_unref);
    }
  g_object_unref (task);
}

static void
parse_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GBytes *body = data;
  GError *error = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (body, &len);
  IlRowBatch *batch = il_row_batch_parse_json (bytes, len, &error);

  if (batch == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, batch, (GDestroyNotify) il_row_batch_free);
}

static void
parsed_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  RangeFetch *r = data;
  GError *error = NULL;
  g_autoptr(IlRowBatch) batch = g_task_propagate_pointer (G_TASK (result), &error);
  guint n_objects;
  gint16 off;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (r->task), &error) || batch == NULL)
    {
      GError *mapped = NULL;

      if (error->domain == IL_MODEL_ERROR)
        {
          _il_supabase_set_error (r->client, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                     _("The server sent a page that is not a list of rows (%s). Try again; if it persists, check that the URL points to the Supabase project API."),
                     error->message);
          g_clear_error (&error);
          error = mapped;
        }
      range_finish (r, error);
      return;
    }

  n_objects = il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch);
  r->received += n_objects;
  if (r->progress != NULL)
    r->progress (r->received, r->total, r->progress_data);
  if (n_objects == 0)
    {
      range_finish (r, NULL);
      return;
    }
  if (!il_row_batch_get_last_key (batch, &r->last_t, &off, &r->last_id))
    {
      _il_supabase_set_error (r->client, &error, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("No row of a page could be read, so the fetch cannot go on (%s). Compare the table with the schema in the README."),
                 il_row_batch_get_skip_reason (batch) ? il_row_batch_get_skip_reason (batch) : "");
      range_finish (r, error);
      return;
    }
  r->has_key = TRUE;
  if (il_row_batch_get_n_rows (batch) == 0)
    il_row_store_add_batch_skipped (r->store, batch);
  else
    il_row_store_append_batch (r->store, g_steal_pointer (&batch));

  if (r->total >= 0 && r->received >= (guint64) r->total)
    range_finish (r, NULL);
  else
    range_next_page (r);
}

static void
page_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  RangeFetch *r = req->data;
  g_autoptr(GTask) parse = NULL;

  if (body == NULL)
    {
      _il_supabase_request_free (req);
      range_finish (r, g_error_copy (error));
      return;
    }
  if (_il_supabase_looks_like_html (req->msg, body))
    {
      GError *html = NULL;

      _il_supabase_set_error (r->client, &html, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("The server sent a web page instead of data. Check that the URL is the project URL (https://<project>.supabase.co) and that no login page or proxy is in the way."));
      _il_supabase_request_free (req);
      range_finish (r, html);
      return;
    }
  if (req->count)
    r->total = _il_supabase_content_range_total (req->msg);
  _il_supabase_request_free (req);

  parse = g_task_new (NULL, NULL, parsed_cb, r);
  g_task_set_task_data (parse, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
  il_task_run_in_background (parse, parse_thread);
}

static void
range_next_page (RangeFetch *r)
{
  IlSupabaseRequest *req;

  req = _il_supabase_request_new (r->client, range_query (r), !r->has_key,
                                  g_task_get_cancellable (r->task), page_done, r);
  _il_supabase_request_send (req);
}

void
il_supabase_client_fetch_range_async (IlSupabaseClient    *self,
                                      gint64               lo,
                                      gint64               hi,
                                      IlRangeRows          rows,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  il_supabase_client_fetch_range_progress_async (self, lo, hi, rows, NULL, NULL, cancellable, callback, user_data);
}

void
il_supabase_client_fetch_range_progress_async (IlSupabaseClient    *self,
                                               gint64               lo,
                                               gint64               hi,
                                               IlRangeRows          rows,
                                               IlFetchProgressFunc  progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  RangeFetch *r;
  GTask *task;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (rows == IL_RANGE_DATED || rows == IL_RANGE_NULL_ONLY);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_fetch_range_async);
  g_task_set_check_cancellable (task, FALSE);
  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  r = g_new0 (RangeFetch, 1);
  r->client = g_object_ref (self);
  r->task = task;
  r->lo = lo;
  r->hi = hi;
  r->rows = rows;
  r->total = -1;
  r->store = il_row_store_new ();
  r->progress = progress;
  r->progress_data = progress_data;
  g_task_set_task_data (task, r, (GDestroyNotify) range_fetch_free);
  range_next_page (r);
}

IlRowStore *
il_supabase_client_fetch_range_finish (IlSupabaseClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
