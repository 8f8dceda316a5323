/* il-supabase-export.c: every matching row streamed from PostgREST to a CSV
 * file, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is fetched, formatted and written (asynchronously) before the next
 * is asked for, so memory holds one page whatever the number of rows. The
 * file is opened and committed in a worker thread: the main loop never waits
 * on the disk.
 *
 * Pages follow a keyset cursor, never an offset: a retention job deleting
 * old rows meanwhile would make an offset skip rows that are still there,
 * an insert before the cursor would repeat one, and the database would read
 * every row before an offset again for each page. The rows come in two
 * parts, those whose created_at is null (by metric_id) and the dated ones
 * (by created_at, metric_id).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-atomic-file.h"
#include "il-supabase-export.h"

typedef struct
{
  IlSupabaseClient  *client;
  IlRowQuery         query;
  GFile             *file;
  IlAtomicFile      *out;
  IlCsvProgressFunc  progress;
  gpointer           progress_data;
  guint64            written;
  gboolean           parts[2];   /* null_part of each part, in the file's order */
  guint              n_parts;
  guint              part;       /* the one being read */
  gboolean           has_key;    /* where the part's next page starts */
  IlRowKey           key;
  gboolean           header;     /* written */
  gboolean           counted;
  gint64             total;
  gboolean           last;       /* the page being written is the last */
  GBytes            *pending;    /* what the stream is writing */
} Export;

static void
export_free (gpointer data)
{
  Export *e = data;

  if (e->out != NULL)
    il_atomic_file_abort (e->out);   /* not committed: nothing is left behind */
  g_clear_pointer (&e->pending, g_bytes_unref);
  g_clear_object (&e->client);
  g_clear_object (&e->file);
  il_row_query_clear (&e->query);
  g_free (e);
}

static void fetch_next (GTask *task);
static void page_written (GTask *task);

/* Ends the export with @error, dropping the reference each step holds. */
static void
export_fail (GTask  *task,
             GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
commit_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *e = task_data;
  GError *error = NULL;
  IlAtomicFile *out = g_steal_pointer (&e->out);

  if (!il_atomic_file_commit (out, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) e->written);
}

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Export *e = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&e->pending, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      export_fail (task, error);
      return;
    }
  page_written (task);
}

static void
page_written (GTask *task)
{
  Export *e = g_task_get_task_data (task);

  if (e->progress != NULL)
    e->progress ((guint) MIN (e->written, G_MAXUINT), (guint) MIN (MAX (e->total, (gint64) e->written), G_MAXUINT),
                 e->progress_data);
  if (e->last)
    {
      g_task_run_in_thread (task, commit_thread);
      g_object_unref (task);
      return;
    }
  fetch_next (task);
}

static void
page_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Export *e = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 total = -1;
  IlRowKey last;
  g_autoptr(IlRowStore) page = il_supabase_client_rows_after_finish (IL_SUPABASE_CLIENT (object), result, &total,
                                                                     &last, &error);
  g_autoptr(GBytes) bytes = NULL;
  guint n;

  if (page == NULL)
    {
      export_fail (task, error);
      return;
    }
  if (!e->counted)
    e->total = total;
  e->counted = TRUE;
  /* a page that skipped rows the schema rejects still counts their places */
  n = page->n_rows + page->n_skipped;
  e->has_key = n > 0;
  if (n > 0)
    e->key = last;
  /* a short page is the part's end: a cut answer was completed already */
  if (n < IL_EXPORT_PAGE)
    {
      e->part++;
      e->has_key = FALSE;
    }
  e->last = e->part == e->n_parts;
  if (page->n_rows == 0 && e->header)
    {
      page_written (task);
      return;
    }
  bytes = il_csv_format_rows (page, !e->header);
  e->header = TRUE;
  e->written += page->n_rows;
  /* the stream reads the buffer until it calls back */
  e->pending = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (il_atomic_file_get_stream (e->out), g_bytes_get_data (e->pending, NULL),
                                   g_bytes_get_size (e->pending), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), write_done, task);
}

static void
fetch_next (GTask *task)
{
  Export *e = g_task_get_task_data (task);

  /* one part counts itself on its first page; two are counted first */
  il_supabase_client_rows_after_async (e->client, &e->query, e->parts[e->part], e->has_key ? &e->key : NULL,
                                       IL_EXPORT_PAGE, !e->counted,
                                       g_task_get_cancellable (task), page_done, task);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Export *e = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 n = il_supabase_client_count_rows_finish (IL_SUPABASE_CLIENT (object), result, &error);

  if (n < 0)
    {
      export_fail (task, error);
      return;
    }
  e->total = n;
  e->counted = TRUE;
  fetch_next (task);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Export *e = task_data;
  GError *error = NULL;

  e->out = il_atomic_file_open (e->file, cancellable, &error);
  if (e->out == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Export *e = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      export_fail (task, error);
      return;
    }
  if (e->n_parts > 1)
    il_supabase_client_count_rows_async (e->client, &e->query, g_task_get_cancellable (task), count_done, task);
  else
    fetch_next (task);
}

void
il_supabase_export_async (IlSupabaseClient    *client,
                          const IlRowQuery    *query,
                          GFile               *file,
                          IlCsvProgressFunc    progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) opener = NULL;
  Export *e;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (client));
  g_return_if_fail (query != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_export_async);
  e = g_new0 (Export, 1);
  e->client = g_object_ref (client);
  il_row_query_copy (&e->query, query);
  e->query.order_by = IL_COL_CREATED_AT;
  e->query.descending = FALSE;
  /* rows whose created_at is null are in range only without bounds; they
   * sort first in created_at order, last in a store's */
  if (query->created_min == IL_TIME_NONE && query->created_max == IL_TIME_NONE)
    {
      e->parts[0] = !query->fetch_order;
      e->parts[1] = query->fetch_order;
      e->n_parts = 2;
    }
  else
    e->n_parts = 1;
  e->file = g_object_ref (file);
  e->progress = progress;
  e->progress_data = progress_data;
  e->total = -1;
  g_task_set_task_data (task, e, export_free);

  /* a task of its own: the export's task returns only once */
  opener = g_task_new (NULL, cancellable, open_done, task);
  g_task_set_task_data (opener, e, NULL);
  g_task_run_in_thread (opener, open_thread);
}

gint64
il_supabase_export_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
