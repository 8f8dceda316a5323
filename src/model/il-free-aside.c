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

static void
free_in_pool (gpointer data,
              gpointer user_data)
{
  Aside *aside = data;

  aside->free_func (aside->data);
  g_free (aside);
}

static guint n_handed;

static void
push (gpointer data,
      gpointer user_data)
{
  static GThreadPool *pool;
  Aside *aside = g_new (Aside, 1);

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (free_in_pool, NULL, 1, FALSE, NULL));
  aside->data = data;
  aside->free_func = (GDestroyNotify) user_data;
  g_thread_pool_push (pool, aside, NULL);
}

void
il_free_aside (gpointer       data,
               GDestroyNotify free_func)
{
  g_return_if_fail (free_func != NULL);

  if (data == NULL)
    return;
  g_atomic_int_inc (&n_handed);
  il_run_after_frame (push, data, (gpointer) free_func);
}

void
il_free_rows_aside (gpointer       data,
                    GDestroyNotify free_func,
                    gsize          n_rows)
{
  g_return_if_fail (free_func != NULL);

  if (n_rows >= IL_FREE_ASIDE_ROWS)
    il_free_aside (data, free_func);
  else if (data != NULL)
    free_func (data);
}

guint
il_free_aside_get_n_handed (void)
{
  return (guint) g_atomic_int_get (&n_handed);
}
