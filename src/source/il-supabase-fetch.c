/* il-supabase-fetch.c: every row of interview_latency_metrics, concurrently
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a fetch works: the analysed range [created_min, now] is cut into time
 * slices (the last one open-ended, so rows inserted during the fetch are
 * still read) plus, for "All data", a partition of rows whose created_at is
 * null. Each partition is paged with keyset pagination ordered by
 * (created_at, metric_id), which is unique, so rows inserted between pages
 * give neither duplicates nor gaps. Up to `concurrency` partitions run at
 * once on one SoupSession (keep-alive, bounded pool). Pages are parsed on
 * worker threads; the store is assembled in partition order and sealed on a
 * worker thread. Any failure after the retries fails the whole fetch, so the
 * caller keeps its previous store.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-supabase-client-private.h"

/* ---- fetch ------------------------------------------------------------- */

typedef struct
{
  guint      index;
  gboolean   null_part;     /* created_at is null, ordered by metric_id */
  gint64     lo;            /* IL_TIME_NONE: no lower bound */
  gint64     hi;            /* IL_TIME_NONE: open-ended */
  gboolean   has_key;
  gint64     last_t;
  IlUuid     last_id;
  gboolean   counted;       /* the first page asked for the count */
  gboolean   split;         /* split off another partition: not counted */
  gboolean   started;
  gint64     count;
  GPtrArray *batches;       /* IlRowBatch */
  guint64    rows;
  gboolean   done;
} Partition;

typedef struct
{
  IlSupabaseClient    *client;
  GTask               *task;
  GCancellable        *cancellable;     /* internal: cancelled on the first failure */
  GCancellable        *user_cancellable;
  gulong               cancel_id;
  gint64               created_min;
  GPtrArray           *partitions;      /* Partition */
  guint                n_planned;       /* partitions whose counts make the total */
  guint                running;         /* async operations in flight */
  GError              *error;
  IlFetchProgressFunc  progress;
  gpointer             progress_data;
  guint64              fetched;
  gint64               total;
  guint                n_counts;        /* partitions whose count is known */
  guint                max_page;        /* longest page received */
  gboolean             finishing;
} Fetch;

static void
partition_free (gpointer data)
{
  Partition *p = data;

  g_clear_pointer (&p->batches, g_ptr_array_unref);
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
  g_clear_error (&f->error);
  g_clear_object (&f->client);
  g_free (f);
}

static void fetch_pump (Fetch *f);

static void
fetch_fail (Fetch *f, GError *error)
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

static char *
partition_query (Fetch *f, Partition *p)
{
  IlSupabaseClient *self = f->client;
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);
  char id[37];

  _il_supabase_append_param (q, "select", IL_SUPABASE_ALL_COLUMNS);
  if (p->null_part)
    {
      _il_supabase_append_param (q, "created_at", "is.null");
      if (p->has_key)
        {
          g_autofree char *v = NULL;
          il_uuid_format (&p->last_id, id);
          v = g_strconcat ("gt.", id, NULL);
          _il_supabase_append_param (q, "metric_id", v);
        }
      _il_supabase_append_param (q, "order", "metric_id.asc");
    }
  else
    {
      if (p->lo != IL_TIME_NONE)
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
      if (p->has_key)
        {
          g_autofree char *t = _il_supabase_format_time (p->last_t);
          g_autofree char *v = NULL;
          il_uuid_format (&p->last_id, id);
          v = g_strdup_printf ("(created_at.gt.%s,and(created_at.eq.%s,metric_id.gt.%s))", t, t, id);
          _il_supabase_append_param (q, "or", v);
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
  gint64     raw_t;
  IlUuid     raw_id;
} PageJob;

/* When a page has bad rows, the last object may be one of them: take the
 * cursor from the JSON itself so that bad rows are neither fetched twice
 * nor (on a page of only bad rows) the end of the fetch. Rare, so a second
 * parse is fine. */
static gboolean
raw_last_key (GBytes *body, gint64 *t, IlUuid *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;
  JsonArray *array;
  JsonObject *obj;
  JsonNode *created;
  JsonNode *metric;
  gint16 off;

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
    {
      *t = IL_TIME_NONE;
      return TRUE;
    }
  return JSON_NODE_HOLDS_VALUE (created)
         && json_node_get_value_type (created) == G_TYPE_STRING
         && il_timestamp_parse (json_node_get_string (created), -1, t, &off);
}

static void
page_job_free (PageJob *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
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
    job->has_raw_key = raw_last_key (job->body, &job->raw_t, &job->raw_id);
  g_task_return_pointer (task, batch, (GDestroyNotify) il_row_batch_free);
}

static void
report_progress (Fetch *f)
{
  if (f->progress != NULL)
    f->progress (f->fetched, f->n_planned > 0 && f->n_counts == f->n_planned ? f->total : -1, f->progress_data);
}

static void partition_next_page (Fetch *f, Partition *p);
static Partition *partition_new (guint index, gint64 lo, gint64 hi, gboolean null_part);

/* Time slices hold unequal numbers of rows. When a lane is idle and nothing
 * is left to start, a partition that just got a full page gives the second
 * half of its remaining time range to a new partition. Between two pages
 * nothing is in flight for it, so the ranges never overlap. */
static void
maybe_split (Fetch *f, Partition *p, guint n_objects)
{
  IlSupabaseClient *self = f->client;
  guint active = 0;
  guint index = 0;
  gint64 upper;
  gint64 mid;
  Partition *q;

  if (p->null_part || n_objects < f->max_page || self->concurrency < 2)
    return;
  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *o = g_ptr_array_index (f->partitions, i);
      if (!o->started)
        return;
      if (!o->done)
        active++;
      if (o == p)
        index = i;
    }
  if (active >= self->concurrency)
    return;

  upper = p->hi != IL_TIME_NONE ? p->hi : g_get_real_time ();
  if (upper - p->last_t < 2 * G_USEC_PER_SEC)
    return;
  mid = p->last_t + (upper - p->last_t) / 2;

  q = partition_new (p->index, mid, p->hi, FALSE);
  q->split = TRUE;
  p->hi = mid;
  g_ptr_array_insert (f->partitions, index + 1, q);
  g_debug ("Split a partition: %u partitions now", f->partitions->len);
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
      fetch_fail (f, cancelled);
    }

  if (batch == NULL && f->error == NULL)
    {
      g_autoptr(GError) mapped = NULL;

      if (error->domain == IL_MODEL_ERROR && error->code == IL_MODEL_ERROR_NOT_AN_ARRAY)
        _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent data that is not a list of rows (%s). Check that the URL points to the Supabase project API."),
                   error->message);
      else
        _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent a page that is not valid JSON (%s). Try again; if it persists, check any proxy between you and Supabase."),
                   error->message);
      fetch_fail (f, mapped);
      page_job_free (job);
      fetch_pump (f);
      return;
    }
  if (f->error != NULL)
    {
      page_job_free (job);
      fetch_pump (f);
      return;
    }

  if (p->counted && job->count >= 0)
    {
      f->total = (f->n_counts == 0 ? 0 : f->total) + job->count;
      f->n_counts++;
    }
  p->counted = FALSE;

  n_objects = il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch);
  if (n_objects == 0)
    p->done = TRUE;
  else
    {
      gint16 off;
      guint n_rows = il_row_batch_get_n_rows (batch);

      /* A page that is shorter than one already received was not cut by
       * the server's max-rows (which is at least that long): nothing more
       * matched when it was read. A full or unknown page needs another. */
      if (n_objects < f->max_page && n_objects < self->page_size)
        p->done = TRUE;
      f->max_page = MAX (f->max_page, n_objects);

      if (job->has_raw_key && (job->raw_t == IL_TIME_NONE) == p->null_part)
        {
          p->last_t = job->raw_t;
          p->last_id = job->raw_id;
        }
      else if (!il_row_batch_get_last_key (batch, &p->last_t, &off, &p->last_id))
        {
          g_autoptr(GError) mapped = NULL;
          /* Every row of the page was bad: we cannot tell where the next page starts. */
          _il_supabase_set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                     _("No row of a page could be read, so the fetch cannot go on (%s). Compare the table with the schema in the README."),
                     il_row_batch_get_skip_reason (batch) ? il_row_batch_get_skip_reason (batch) : "");
          fetch_fail (f, mapped);
          page_job_free (job);
          fetch_pump (f);
          return;
        }
      p->has_key = TRUE;
      p->rows += n_rows;
      f->fetched += n_rows;
      g_ptr_array_add (p->batches, g_steal_pointer (&batch));
    }
  page_job_free (job);

  report_progress (f);

  if (!p->done)
    {
      maybe_split (f, p, n_objects);
      partition_next_page (f, p);
    }
  fetch_pump (f);
}

static void
page_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  Partition *p = NULL;
  PageJob *job;
  g_autoptr(GTask) task = NULL;

  p = req->part;

  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        fetch_fail (f, error);
      f->running--;
      _il_supabase_request_free (req);
      fetch_pump (f);
      return;
    }

  /* A captive portal or the dashboard's address answers 200 with a web page. */
  if (_il_supabase_looks_like_html (req->msg, body))
    {
      g_autoptr(GError) html = NULL;

      _il_supabase_set_error (f->client, &html, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("The server sent a web page instead of data. Check that the URL is the project URL (https://<project>.supabase.co) and that no login page or proxy is in the way."));
      fetch_fail (f, html);
      f->running--;
      _il_supabase_request_free (req);
      fetch_pump (f);
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
  g_task_run_in_thread (task, parse_thread);
}

static void
partition_next_page (Fetch *f, Partition *p)
{
  IlSupabaseRequest *req;
  gboolean count = !p->has_key && !p->split;   /* the first page also asks for the count */

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

  for (guint i = 0; i < partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (partitions, i);

      for (guint k = 0; k < p->batches->len; k++)
        {
          IlRowBatch *batch = g_steal_pointer (&p->batches->pdata[k]);

          /* a page of only bad rows: just count them */
          if (il_row_batch_get_n_rows (batch) == 0)
            {
              il_row_store_add_skipped (store, il_row_batch_get_n_skipped (batch),
                                        il_row_batch_get_skip_reason (batch));
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
static void
fetch_pump (Fetch *f)
{
  IlSupabaseClient *self = f->client;
  gboolean all_done = TRUE;
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

  for (guint i = 0; i < f->partitions->len; i++)
    if (!((Partition *) g_ptr_array_index (f->partitions, i))->done)
      all_done = FALSE;

  if (all_done && f->running == 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, assembled_cb, f);

      f->finishing = TRUE;
      f->total = (gint64) f->fetched;
      f->n_counts = f->n_planned = MAX (f->n_planned, 1);
      report_progress (f);
      g_task_set_task_data (task, g_ptr_array_ref (f->partitions), (GDestroyNotify) g_ptr_array_unref);
      g_task_run_in_thread (task, assemble_thread);
    }
}

static Partition *
partition_new (guint index, gint64 lo, gint64 hi, gboolean null_part)
{
  Partition *p = g_new0 (Partition, 1);

  p->index = index;
  p->lo = lo;
  p->hi = hi;
  p->null_part = null_part;
  p->count = -1;
  p->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_batch_free);
  return p;
}

/* Time slices over [lo, now], the last one open-ended. */
static void
fetch_plan (Fetch *f, gint64 lo)
{
  IlSupabaseClient *self = f->client;
  gint64 now = g_get_real_time ();
  /* one slice per lane: maybe_split() rebalances unequal slices */
  guint k = self->concurrency;

  if (lo == IL_TIME_NONE || now <= lo || (now - lo) < (gint64) k * G_USEC_PER_SEC)
    k = 1;

  for (guint i = 0; i < k; i++)
    {
      gint64 a = i == 0 ? lo : lo + (gint64) ((double) (now - lo) * i / k);
      gint64 b = i + 1 == k ? IL_TIME_NONE : lo + (gint64) ((double) (now - lo) * (i + 1) / k);
      g_ptr_array_add (f->partitions, partition_new (i, a, b, FALSE));
    }
  if (f->created_min == IL_TIME_NONE)
    g_ptr_array_add (f->partitions, partition_new (k, IL_TIME_NONE, IL_TIME_NONE, TRUE));
  f->n_planned = f->partitions->len;
}

/* "All data" with concurrency: the earliest created_at bounds the slices. */
static void
probe_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  gint64 lo = IL_TIME_NONE;

  f->running--;
  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        fetch_fail (f, error);
      _il_supabase_request_free (req);
      fetch_pump (f);
      return;
    }
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    gsize len;
    const char *data = g_bytes_get_data (body, &len);
    JsonNode *root;

    if (json_parser_load_from_data (parser, data, len, NULL)
        && (root = json_parser_get_root (parser)) != NULL
        && JSON_NODE_HOLDS_ARRAY (root)
        && json_array_get_length (json_node_get_array (root)) > 0)
      {
        JsonNode *row = json_array_get_element (json_node_get_array (root), 0);
        if (JSON_NODE_HOLDS_OBJECT (row))
          {
            JsonObject *obj = json_node_get_object (row);
            JsonNode *created = json_object_get_member (obj, "created_at");
            gint16 off;

            if (created != NULL && JSON_NODE_HOLDS_VALUE (created)
                && json_node_get_value_type (created) == G_TYPE_STRING
                && !il_timestamp_parse (json_node_get_string (created), -1, &lo, &off))
              lo = IL_TIME_NONE;
          }
      }
  }
  _il_supabase_request_free (req);

  if (lo == IL_TIME_NONE)
    {
      /* No dated rows (or an odd answer): one partition does it all. */
      g_ptr_array_add (f->partitions, partition_new (0, IL_TIME_NONE, IL_TIME_NONE, FALSE));
      g_ptr_array_add (f->partitions, partition_new (1, IL_TIME_NONE, IL_TIME_NONE, TRUE));
      f->n_planned = f->partitions->len;
    }
  else
    {
      fetch_plan (f, lo);
      /* fetch_plan set the first slice's lower bound to lo; keep it unbounded
       * below so nothing earlier than the probe is lost. */
      ((Partition *) g_ptr_array_index (f->partitions, 0))->lo = IL_TIME_NONE;
    }
  fetch_pump (f);
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
  f->total = -1;
  f->cancellable = g_cancellable_new ();
  f->partitions = g_ptr_array_new_with_free_func (partition_free);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  if (cancellable != NULL)
    {
      f->user_cancellable = g_object_ref (cancellable);
      f->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                            g_object_ref (f->cancellable), g_object_unref);
    }

  if (created_min == IL_TIME_NONE && self->concurrency > 1)
    {
      GString *q = g_string_new (IL_SUPABASE_TABLE "?");
      IlSupabaseRequest *req;

      _il_supabase_append_param (q, "select", "created_at");
      _il_supabase_append_param (q, "created_at", "not.is.null");
      _il_supabase_append_param (q, "order", "created_at.asc,metric_id.asc");
      _il_supabase_append_param (q, "limit", "1");
      req = _il_supabase_request_new (self, g_string_free (q, FALSE), FALSE, f->cancellable, probe_done, f);
      f->running++;
      _il_supabase_request_send (req);
      return;
    }

  fetch_plan (f, created_min);
  fetch_pump (f);
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
