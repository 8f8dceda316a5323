/* il-task-start.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-task-start.h"

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Start;

/* both touched only on the main context's thread */
static GArray *waiting;
static guint start_source;

static gboolean
start_waiting (gpointer user_data)
{
  g_autoptr(GArray) starts = g_steal_pointer (&waiting);

  start_source = 0;
  for (guint i = 0; starts != NULL && i < starts->len; i++)
    {
      Start *s = &g_array_index (starts, Start, i);

      g_task_run_in_thread (s->task, s->func);
      g_object_unref (s->task);
    }
  return G_SOURCE_REMOVE;
}

void
il_task_run_in_thread_soon (GTask           *task,
                            GTaskThreadFunc  task_func)
{
  Start s = { NULL, task_func };

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (task_func != NULL);

  if (!g_main_context_is_owner (g_main_context_default ()))
    {
      g_task_run_in_thread (task, task_func);
      return;
    }
  if (waiting == NULL)
    waiting = g_array_new (FALSE, FALSE, sizeof (Start));
  s.task = g_object_ref (task);
  g_array_append_val (waiting, s);
  if (start_source == 0)
    {
      start_source = g_idle_add_full (IL_PRIORITY_AFTER_FRAME, start_waiting, NULL, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, start_source),
                                "[interview-latency] thread starts");
    }
}

guint
il_task_get_n_waiting_to_start (void)
{
  return waiting != NULL ? waiting->len : 0;
}
