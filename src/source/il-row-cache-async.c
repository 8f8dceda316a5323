/* il-row-cache-async.c: loading and saving the cache on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-row-cache.h"
#include "il-task-start.h"

/* ---- async ----------------------------------------------------------------------- */

typedef struct
{
  IlRowStore     *store;
  IlRowCacheMeta  meta;
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_clear_pointer (&job->store, il_row_store_unref);
  g_free (job);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CacheJob *job = data;
  GError *error = NULL;

  job->store = il_row_cache_load (IL_ROW_CACHE (source), &job->meta, &error);
  if (job->store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
il_row_cache_load_async (IlRowCache          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IL_IS_ROW_CACHE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_row_cache_load_async);
  g_task_set_task_data (task, g_new0 (CacheJob, 1), (GDestroyNotify) cache_job_free);
  il_task_run_in_background (task, load_thread);
}

IlRowStore *
il_row_cache_load_finish (IlRowCache      *self,
                          GAsyncResult    *result,
                          IlRowCacheMeta  *meta,
                          GError         **error)
{
  CacheJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  if (meta != NULL)
    *meta = job->meta;
  return g_steal_pointer (&job->store);
}

static void
save_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CacheJob *job = data;
  GError *error = NULL;

  if (il_row_cache_save (IL_ROW_CACHE (source), job->store, &job->meta, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
il_row_cache_save_async (IlRowCache           *self,
                         IlRowStore           *store,
                         const IlRowCacheMeta *meta,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheJob *job;

  g_return_if_fail (IL_IS_ROW_CACHE (self));
  g_return_if_fail (store != NULL && meta != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_row_cache_save_async);
  job = g_new0 (CacheJob, 1);
  job->store = il_row_store_ref (store);
  job->meta = *meta;
  g_task_set_task_data (task, job, (GDestroyNotify) cache_job_free);
  il_task_run_in_background (task, save_thread);
}

gboolean
il_row_cache_save_finish (IlRowCache    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
