/* il-free-aside.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-free-aside.h"
#include "il-task-start.h"

typedef struct
{
  gpointer       data;
  GDestroyNotify free_func;
} Aside;

/* touched only on the main context's thread */
static GArray *waiting;
static guint push_source;

static void
free_in_pool (gpointer data,
              gpointer user_data)
{
  Aside *aside = data;

  aside->free_func (aside->data);
  g_free (aside);
}

static GThreadPool *
pool (void)
{
  static GThreadPool *p;

  if (g_once_init_enter (&p))
    g_once_init_leave (&p, g_thread_pool_new (free_in_pool, NULL, 1, FALSE, NULL));
  return p;
}

static void
push (gpointer       data,
      GDestroyNotify free_func)
{
  Aside *aside = g_new (Aside, 1);

  aside->data = data;
  aside->free_func = free_func;
  g_thread_pool_push (pool (), aside, NULL);
}

static gboolean
push_waiting (gpointer user_data)
{
  g_autoptr(GArray) frees = g_steal_pointer (&waiting);

  push_source = 0;
  for (guint i = 0; frees != NULL && i < frees->len; i++)
    {
      Aside *a = &g_array_index (frees, Aside, i);

      push (a->data, a->free_func);
    }
  return G_SOURCE_REMOVE;
}

void
il_free_aside (gpointer       data,
               GDestroyNotify free_func)
{
  Aside a = { data, free_func };

  g_return_if_fail (free_func != NULL);

  if (data == NULL)
    return;
  if (!g_main_context_is_owner (g_main_context_default ()))
    {
      push (data, free_func);
      return;
    }
  if (waiting == NULL)
    waiting = g_array_new (FALSE, FALSE, sizeof (Aside));
  g_array_append_val (waiting, a);
  if (push_source == 0)
    {
      push_source = g_idle_add_full (IL_PRIORITY_AFTER_FRAME, push_waiting, NULL, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, push_source),
                                "[interview-latency] frees aside");
    }
}

void
il_free_rows_aside (gpointer       data,
                    GDestroyNotify free_func,
                    gsize          n_rows)
{
  if (n_rows >= IL_FREE_ASIDE_ROWS)
    il_free_aside (data, free_func);
  else if (data != NULL)
    free_func (data);
}
