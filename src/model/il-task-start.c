/* il-task-start.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* SCHED_IDLE */
#include "config.h"

#include "il-task-start.h"

#include <sched.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

typedef struct
{
  IlAfterFrameFunc func;
  gpointer         data;
  gpointer         user_data;
} Call;

/* both touched only on the main context's thread */
static GArray *waiting;
static guint run_source;

static gboolean
run_waiting (gpointer unused)
{
  g_autoptr(GArray) calls = g_steal_pointer (&waiting);

  run_source = 0;
  for (guint i = 0; calls != NULL && i < calls->len; i++)
    {
      Call *c = &g_array_index (calls, Call, i);

      c->func (c->data, c->user_data);
    }
  return G_SOURCE_REMOVE;
}

void
il_run_after_frame (IlAfterFrameFunc func,
                    gpointer         data,
                    gpointer         user_data)
{
  Call c = { func, data, user_data };

  g_return_if_fail (func != NULL);

  if (!g_main_context_is_owner (g_main_context_default ()))
    {
      func (data, user_data);
      return;
    }
  if (waiting == NULL)
    waiting = g_array_new (FALSE, FALSE, sizeof (Call));
  g_array_append_val (waiting, c);
  if (run_source == 0)
    {
      run_source = g_idle_add_full (IL_PRIORITY_AFTER_FRAME, run_waiting, NULL, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, run_source),
                                "[interview-latency] after the frame");
    }
}

guint
il_count_after_frame (IlAfterFrameFunc func)
{
  guint n = 0;

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    n += g_array_index (waiting, Call, i).func == func;
  return n;
}

void
il_thread_make_idle (void)
{
#ifdef __linux__
  static GPrivate made_idle;
  struct sched_param param = { 0 };

  if (g_private_get (&made_idle) != NULL)
    return;
  g_private_set (&made_idle, GINT_TO_POINTER (1));
  /* 0: the calling thread, on Linux, where niceness is per thread too */
  if (sched_setscheduler (0, SCHED_IDLE, &param) != 0)
    setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19);
#endif
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

static gboolean
release_task (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  GSource *source;

  il_thread_make_idle ();
  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  /* The main context may have taken the result while the function still
   * worked: this reference is then the task's last, and finalizing it here
   * would finalize its source object here too, while the main thread still
   * uses it (its GSettings bindings, say). It goes where the task returns. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, release_task, job->task, NULL);
  g_source_set_static_name (source, "[interview-latency] background task released");
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);
  g_free (job);
}

/* Exclusive, so its threads (made idle) run nothing else. Four, though a
 * machine has two cores: a cache write waiting on the disk must not hold
 * up a load's parses. */
static GThreadPool *
background_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (run_job, NULL, CLAMP ((int) g_get_num_processors (), 4, 8),
                                                 TRUE, NULL));
  return pool;
}

void
il_task_run_in_background (GTask           *task,
                           GTaskThreadFunc  task_func)
{
  Job *job;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (task_func != NULL);

  job = g_new (Job, 1);
  job->task = g_object_ref (task);
  job->func = task_func;
  g_thread_pool_push (background_pool (), job, NULL);
}

static void
start_task (gpointer data,
            gpointer user_data)
{
  GTask *task = data;
  GTaskThreadFunc task_func = (GTaskThreadFunc) user_data;

  il_task_run_in_background (task, task_func);
  g_object_unref (task);
}

void
il_task_run_in_thread_soon (GTask           *task,
                            GTaskThreadFunc  task_func)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (task_func != NULL);

  il_run_after_frame (start_task, g_object_ref (task), (gpointer) task_func);
}

guint
il_task_get_n_waiting_to_start (void)
{
  return il_count_after_frame (start_task);
}
