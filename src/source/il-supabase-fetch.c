/* il-supabase-fetch.c: every row of interview_latency_metrics, concurrently
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a fetch works: two cheap requests find the earliest and the latest
 * created_at in the analysed range, and the span between them is cut into
 * time slices (the first unbounded below, the last open-ended, so rows
 * inserted during the fetch are still read) plus, for "All data", a
 * partition of rows whose created_at is null. Each partition is paged with
 * keyset pagination ordered by (created_at, metric_id), which is unique, so
 * rows inserted between pages give neither duplicates nor gaps; the cursor
 * itself is each page's range bound, so the database reads about one page
 * per request. Up to `concurrency` partitions run at once on one
 * SoupSession (keep-alive, bounded pool). Pages are parsed on worker
 * threads; the store is assembled in partition order and sealed on a
 * worker thread.
 *
 * No page ends a partition because it is short (a gateway may cut one):
 * only an empty page, confirmed by a second request, does. Each planned
 * partition asks for its exact count and is checked against it at the end;
 * rows missing and not explained by a recount refetch it once, then fail.
 * Any failure after the retries fails the whole fetch, so the caller keeps
 * its previous store.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-supabase-fetch-private.h"
#include "il-task-start.h"

#define SLOW_PAGE_US  G_USEC_PER_SEC   /* a page this slow is a scan, not an index read */

/* ---- fetch ------------------------------------------------------------- */

static void
partition_free (gpointer data)
{
  Partition *p = data;

  g_clear_pointer (&p->batches, g_ptr_array_unref);
  g_free (p->last_t_text);
  g_free (p);
}

static void
fetch_free (Fetch *f)
{
  if (f->cancel_id != 0)
    g_cancellable_disconnect (f->user_cancellable, f->cancel_id);
  g_clear_object (&f->user_cancellable);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->partitions, g_ptr_array_unref);
  g_clear_pointer (&f->groups, g_ptr_array_unref);
  g_clear_error (&f->error);
  g_clear_object (&f->client);
  g_free (f);
}

void
_il_supabase_fetch_fail (Fetch *f, GError *error)
{
  if (f->error == NULL)
    {
      if (f->user_cancellable != NULL && g_cancellable_is_cancelled (f->user_cancellable))
        f->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
      else
        f->error = g_error_copy (error);
    }
  g_cancellable_cancel (f->cancellable);
}

/* A value inside or=(...): quoted when it could break the list. */
static char *
logic_value (const char *text)
{
  if (strpbrk (text, ",()\"\\ ") == NULL)
    return g_strdup (text);
  {
    GString *q = g_string_new ("\"");
    for (const char *c = text; *c; c++)
      {
        if (*c == '"' || *c == '\\')
          g_string_append_c (q, '\\');
        g_string_append_c (q, *c);
      }
    g_string_append_c (q, '"');
    return g_string_free (q, FALSE);
  }
}

void
_il_supabase_append_cursor (GString      *q,
                            const char   *t,
                            const IlUuid *id)
{
  g_autofree char *gte = NULL;
  g_autofree char *tv = NULL;
  g_autofree char *v = NULL;
  char idt[37];

  il_uuid_format (id, idt);
  if (t == NULL)
    {
      v = g_strconcat ("gt.", idt, NULL);
      _il_supabase_append_param (q, "metric_id", v);
      return;
    }
  /* The cursor, not the partition's start, is the range bound: the
   * database cannot use the or= below to skip the rows already read. */
  tv = logic_value (t);
  gte = g_strconcat ("gte.", t, NULL);
  _il_supabase_append_param (q, "created_at", gte);
  v = g_strdup_printf ("(created_at.gt.%s,and(created_at.eq.%s,metric_id.gt.%s))", tv, tv, idt);
  _il_supabase_append_param (q, "or", v);
}

static char *
partition_query (Fetch *f, Partition *p)
{
  IlSupabaseClient *self = f->client;
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);

  _il_supabase_append_param (q, "select", IL_SUPABASE_ALL_COLUMNS);
  if (p->null_part)
    {
      _il_supabase_append_param (q, "created_at", "is.null");
      if (p->has_key)
        _il_supabase_append_cursor (q, NULL, &p->last_id);
      _il_supabase_append_param (q, "order", "metric_id.asc");
    }
  else
    {
      if (p->has_key)
        {
          g_autofree char *t = p->last_t_text ? g_strdup (p->last_t_text) : _il_supabase_format_time (p->last_t);

          _il_supabase_append_cursor (q, t, &p->last_id);
        }
      else if (p->lo != IL_TIME_NONE)
        {
          g_autofree char *t = _il_supabase_format_time (p->lo);
          g_autofree char *v = g_strconcat ("gte.", t, NULL);
          _il_supabase_append_param (q, "created_at", v);
        }
      else
        _il_supabase_append_param (q, "created_at", "not.is.null");
      if (p->hi != IL_TIME_NONE)
        {
          g_autofree char *t = _il_supabase_format_time (p->hi);
          g_autofree char *v = g_strconcat ("lt.", t, NULL);
          _il_supabase_append_param (q, "created_at", v);
        }
      _il_supabase_append_param (q, "order", "created_at.asc,metric_id.asc");
    }
  _il_supabase_append_param (q, "limit", limit);
  return g_string_free (q, FALSE);
}

typedef struct
{
  Fetch     *fetch;
  Partition *part;
  GBytes    *body;
  gint64     count;
  gboolean   has_raw_key;   /* the key of the page's last object, read from the JSON */
  char      *raw_t;         /* NULL: created_at is null */
  IlUuid     raw_id;
} PageJob;

/* When a page has bad rows, the last object may be one of them: take the
 * cursor from the JSON itself, as raw text, so that bad rows are neither
 * fetched twice nor (on a page of only bad rows) the end of the fetch. Rare,
 * so a second parse is fine. */
gboolean
_il_supabase_raw_last_key (GBytes *body, char **t, IlUuid *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;
  JsonArray *array;
  JsonObject *obj;
  JsonNode *created;
  JsonNode *metric;

  *t = NULL;
  if (!json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  if (json_array_get_length (array) == 0
      || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, json_array_get_length (array) - 1)))
    return FALSE;
  obj = json_array_get_object_element (array, json_array_get_length (array) - 1);
  created = json_object_get_member (obj, "created_at");
  metric = json_object_get_member (obj, "metric_id");
  if (created == NULL || metric == NULL || !JSON_NODE_HOLDS_VALUE (metric)
      || json_node_get_value_type (metric) != G_TYPE_STRING
      || !il_uuid_parse (json_node_get_string (metric), -1, id))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (created))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (created) || json_node_get_value_type (created) != G_TYPE_STRING)
    return FALSE;
  *t = g_strdup (json_node_get_string (created));
  return TRUE;
}

static void
page_job_free (PageJob *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->raw_t);
  g_free (job);
}

static void
parse_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PageJob *job = data;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (job->body, &len);
  IlRowBatch *batch = il_row_batch_parse_json (bytes, len, &error);

  if (batch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (il_row_batch_get_n_skipped (batch) > 0)
    job->has_raw_key = _il_supabase_raw_last_key (job->body, &job->raw_t, &job->raw_id);
  g_task_return_pointer (task, batch, (GDestroyNotify) il_row_batch_free);
}

void
_il_supabase_fetch_report_progress (Fetch *f)
{
  gint64 total = 0;

  if (f->progress == NULL)
    return;
  for (guint i = 0; f->groups != NULL && i < f->groups->len && total >= 0; i++)
    {
      Group *g = g_ptr_array_index (f->groups, i);
      total = g->count < 0 ? -1 : total + g->count;
    }
  if (f->groups == NULL || f->groups->len == 0)
    total = -1;
  f->progress (f->fetched, total, f->progress_data);
}

static void partition_next_page (Fetch *f, Partition *p);

static void
page_failed (Fetch *f, PageJob *job, GError *error)
{
  _il_supabase_fetch_fail (f, error);
  page_job_free (job);
  _il_supabase_fetch_pump (f);
}

typedef struct
{
  Fetch     *fetch;
  Partition *part;
} Resend;

static gboolean
resend_cb (gpointer data)
{
  Resend *r = data;
  Fetch *f = r->fetch;

  f->running--;
  if (f->error == NULL)
    partition_next_page (f, r->part);
  else
    _il_supabase_fetch_pump (f);
  return G_SOURCE_REMOVE;
}

/* A page that is not valid JSON was cut or mangled on the way: ask again
 * after the backoff. */
static gboolean
partition_resend_later (Fetch *f, Partition *p)
{
  IlSupabaseClient *self = f->client;
  Resend *r;
  GSource *source;

  if (p->body_retries >= self->max_retries)
    return FALSE;
  r = g_new0 (Resend, 1);
  r->fetch = f;
  r->part = p;
  source = g_timeout_source_new (self->retry_base_ms << MIN (p->body_retries, 10u));
  p->body_retries++;
  self->stats.retries++;
  f->running++;
  g_source_set_callback (source, resend_cb, r, g_free);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return TRUE;
}

static void
parsed_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  PageJob *job = data;
  Fetch *f = job->fetch;
  Partition *p = job->part;
  IlSupabaseClient *self = f->client;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowBatch) batch = g_task_propagate_pointer (G_TASK (result), &error);
  guint n_objects;

  f->running--;

  /* Cancelled while this page was parsed: report nothing more. */
  if (f->error == NULL && g_cancellable_is_cancelled (f->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The operation was cancelled."));
      _il_supabase_fetch_fail (f, cancelled);
    }

  if (batch == NULL && f->error == NULL)
    {
      g_autoptr(GError) mapped = NULL;

      if (partition_resend_later (f, p))
        {
          page_job_free (job);
          return;
        }
      if (error->domain == IL_MODEL_ERROR && error->code == IL_MODEL_ERROR_NOT_AN_ARRAY)
        _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent data that is not a list of rows (%s). Check that the URL points to the Supabase project API."),
                   error->message);
      else
        _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent a page that is not valid JSON (%s). Try again; if it persists, check any proxy between you and Supabase."),
                   error->message);
      page_failed (f, job, mapped);
      return;
    }
  if (f->error != NULL)
    {
      page_job_free (job);
      _il_supabase_fetch_pump (f);
      return;
    }
  p->body_retries = 0;

  if (p->counted && job->count >= 0 && p->group->count < 0)
    p->group->count = job->count;
  p->counted = FALSE;

  n_objects = il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch);
  if (n_objects == 0)
    {
      /* A gateway may answer [] for a page it lost: only a second empty
       * answer ends the partition. */
      if (++p->empty_pages >= 2)
        p->done = TRUE;
    }
  else
    {
      gint16 off;
      guint n_rows = il_row_batch_get_n_rows (batch);
      gint64 t;

      p->empty_pages = 0;
      f->max_page = MAX (f->max_page, n_objects);

      if (job->has_raw_key && (job->raw_t == NULL) == p->null_part)
        {
          p->last_id = job->raw_id;
          g_clear_pointer (&p->last_t_text, g_free);
          if (job->raw_t != NULL && il_timestamp_parse (job->raw_t, -1, &t, &off))
            p->last_t = t;
          else if (job->raw_t != NULL)
            p->last_t_text = g_steal_pointer (&job->raw_t);
        }
      else if (il_row_batch_get_last_key (batch, &p->last_t, &off, &p->last_id))
        g_clear_pointer (&p->last_t_text, g_free);
      else
        {
          g_autoptr(GError) mapped = NULL;
          /* Every row of the page was bad: we cannot tell where the next page starts. */
          _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                     _("No row of a page could be read, so the fetch cannot go on (%s). Compare the table with the schema in the README."),
                     il_row_batch_get_skip_reason (batch) ? il_row_batch_get_skip_reason (batch) : "");
          page_failed (f, job, mapped);
          return;
        }
      p->has_key = TRUE;
      p->rows += n_rows;
      p->objects += n_objects;
      f->fetched += n_rows;
      g_ptr_array_add (p->batches, g_steal_pointer (&batch));
    }
  page_job_free (job);

  _il_supabase_fetch_report_progress (f);

  if (!p->done)
    {
      if (n_objects > 0)
        _il_supabase_partition_maybe_split (f, p, n_objects);
      partition_next_page (f, p);
    }
  _il_supabase_fetch_pump (f);
}

static void
page_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  IlSupabaseClient *self = f->client;
  Partition *p = NULL;
  PageJob *job;
  g_autoptr(GTask) task = NULL;

  p = req->part;

  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        _il_supabase_fetch_fail (f, error);
      f->running--;
      _il_supabase_request_free (req);
      _il_supabase_fetch_pump (f);
      return;
    }

  if (req->elapsed_us > SLOW_PAGE_US)
    {
      self->stats.slow_pages++;
      self->stats.slowest_page_ms = MAX (self->stats.slowest_page_ms, (guint) (req->elapsed_us / 1000));
    }

  /* A captive portal or the dashboard's address answers 200 with a web page. */
  if (_il_supabase_looks_like_html (req->msg, body))
    {
      g_autoptr(GError) html = NULL;

      _il_supabase_set_error (f->client, &html, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("The server sent a web page instead of data. Check that the URL is the project URL (https://<project>.supabase.co) and that no login page or proxy is in the way."));
      _il_supabase_fetch_fail (f, html);
      f->running--;
      _il_supabase_request_free (req);
      _il_supabase_fetch_pump (f);
      return;
    }

  job = g_new0 (PageJob, 1);
  job->fetch = f;
  job->part = p;
  job->body = g_bytes_ref (body);
  job->count = req->count ? _il_supabase_content_range_total (req->msg) : -1;
  _il_supabase_request_free (req);

  /* f->running stays: the parse is the continuation of this request. */
  task = g_task_new (NULL, f->cancellable, parsed_cb, job);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, NULL);
  il_task_run_in_background (task, parse_thread);
}

static void
partition_next_page (Fetch *f, Partition *p)
{
  IlSupabaseRequest *req;
  /* the first page of a planned partition also asks for the count */
  gboolean count = !p->has_key && !p->split && p->group->count < 0;

  p->counted = count;
  req = _il_supabase_request_new (f->client, partition_query (f, p), count, f->cancellable, page_done, f);
  req->part = p;
  f->running++;
  _il_supabase_request_send (req);
}

typedef struct
{
  GPtrArray *partitions;
} Assembly;

static void
assemble_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *partitions = data;
  IlRowStore *store = il_row_store_new ();
  guint64 n_rows = 0, metadata_size = 0;

  for (guint i = 0; i < partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (partitions, i);

      for (guint k = 0; k < p->batches->len; k++)
        {
          n_rows += il_row_batch_get_n_rows (g_ptr_array_index (p->batches, k));
          metadata_size += il_row_batch_get_metadata_size (g_ptr_array_index (p->batches, k));
        }
    }
  if (n_rows < G_MAXUINT32)
    il_row_store_reserve (store, (guint) n_rows, metadata_size);

  for (guint i = 0; i < partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (partitions, i);

      for (guint k = 0; k < p->batches->len; k++)
        {
          IlRowBatch *batch = g_steal_pointer (&p->batches->pdata[k]);

          /* a page of only bad rows: just count them */
          if (il_row_batch_get_n_rows (batch) == 0)
            {
              il_row_store_add_batch_skipped (store, batch);
              il_row_batch_free (batch);
            }
          else
            il_row_store_append_batch (store, batch);
        }
      g_ptr_array_set_size (p->batches, 0);
    }
  il_row_store_seal (store);
  g_task_return_pointer (task, store, (GDestroyNotify) il_row_store_unref);
}

static void
assembled_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Fetch *f = data;
  GError *error = NULL;
  IlRowStore *store = g_task_propagate_pointer (G_TASK (result), &error);

  if (f->user_cancellable != NULL && g_cancellable_is_cancelled (f->user_cancellable))
    {
      g_clear_pointer (&store, il_row_store_unref);
      g_task_return_new_error (f->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
    }
  else
    g_task_return_pointer (f->task, store, (GDestroyNotify) il_row_store_unref);
  g_clear_error (&error);
  g_object_unref (f->task);
}

/* Starts partitions while lanes are free; finishes when everything is done. */
void
_il_supabase_fetch_pump (Fetch *f)
{
  IlSupabaseClient *self = f->client;
  guint active = 0;

  if (f->finishing)
    return;

  if (f->error != NULL)
    {
      if (f->running == 0)
        {
          GTask *task = f->task;

          f->finishing = TRUE;
          g_task_return_error (task, g_error_copy (f->error));
          g_object_unref (task);
        }
      return;
    }
  if (!f->planned)
    return;

  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->started && !p->done)
        active++;
    }
  for (guint i = 0; i < f->partitions->len && active < self->concurrency; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->started)
        continue;
      p->started = TRUE;
      partition_next_page (f, p);
      active++;
    }

  if (_il_supabase_fetch_check_groups (f) && f->running == 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, assembled_cb, f);

      f->finishing = TRUE;
      if (f->progress != NULL)
        f->progress (f->fetched, (gint64) f->fetched, f->progress_data);
      g_task_set_task_data (task, g_ptr_array_ref (f->partitions), (GDestroyNotify) g_ptr_array_unref);
      il_task_run_in_background (task, assemble_thread);
    }
  else if (f->error != NULL)
    _il_supabase_fetch_pump (f);
}

static void
user_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  /* May run on another thread: GCancellable is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (data));
}

void
il_supabase_client_fetch_async (IlSupabaseClient    *self,
                                gint64               created_min,
                                IlFetchProgressFunc  progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  Fetch *f;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_fetch_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  memset (&self->stats, 0, sizeof self->stats);

  f = g_new0 (Fetch, 1);
  f->client = g_object_ref (self);
  f->task = task;
  f->created_min = created_min;
  f->progress = progress;
  f->progress_data = progress_data;
  f->probe_lo = f->probe_hi = IL_TIME_NONE;
  f->cancellable = g_cancellable_new ();
  f->partitions = g_ptr_array_new_with_free_func (partition_free);
  f->groups = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  if (cancellable != NULL)
    {
      f->user_cancellable = g_object_ref (cancellable);
      f->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                            g_object_ref (f->cancellable), g_object_unref);
    }

  if (self->concurrency > 1)
    {
      _il_supabase_fetch_probe (f, FALSE);
      _il_supabase_fetch_probe (f, TRUE);
      return;
    }
  _il_supabase_fetch_plan (f);
  _il_supabase_fetch_pump (f);
}

IlRowStore *
il_supabase_client_fetch_finish (IlSupabaseClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
