/* test-task-start.c: work handed to threads once the main thread is done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* SCHED_IDLE */
#include <errno.h>
#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "il-free-aside.h"
#include "il-task-start.h"

static gint n_started;

static void
run_for_a_while (void)
{
  gint64 end = g_get_monotonic_time () + 50000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
count_start (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_atomic_int_inc (&n_started);
  g_task_return_int (task, GPOINTER_TO_INT (task_data));
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  int *sum = user_data;

  *sum += (int) g_task_propagate_int (G_TASK (result), NULL);
}

static void
start (int *sum,
       int  value)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_done, sum);

  g_task_set_task_data (task, GINT_TO_POINTER (value), NULL);
  il_task_run_in_thread_soon (task, count_start);
}

typedef struct
{
  int  sum;
  gint started_at_frame;   /* tasks started when the "frame" ran */
  gint waiting_in_handler;
  gint started_in_handler;
} Run;

/* stands for GTK's redraw, queued by the handler as a widget would */
static gboolean
frame (gpointer data)
{
  Run *run = data;

  run->started_at_frame = g_atomic_int_get (&n_started);
  return G_SOURCE_REMOVE;
}

static gboolean
handler (gpointer data)
{
  Run *run = data;

  start (&run->sum, 1);
  start (&run->sum, 20);
  start (&run->sum, 300);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, frame, run, NULL);
  /* time enough for a worker woken here to have begun */
  g_usleep (30000);
  run->waiting_in_handler = (gint) il_task_get_n_waiting_to_start ();
  run->started_in_handler = g_atomic_int_get (&n_started);
  return G_SOURCE_REMOVE;
}

/* From a handler the tasks wait for the end of the dispatch and the frame
 * that is due; then each runs once. */
static void
test_after_handler_and_frame (void)
{
  Run run = { 0, -1, -1, -1 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  n_started = 0;
  g_idle_add (handler, &run);
  while (run.sum != 321)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (run.waiting_in_handler, ==, 3);
  g_assert_cmpint (run.started_in_handler, ==, 0);
  g_assert_cmpint (run.started_at_frame, ==, 0);
  g_assert_cmpint (g_atomic_int_get (&n_started), ==, 3);
  g_assert_cmpuint (il_task_get_n_waiting_to_start (), ==, 0);
}

/* Outside the main loop (or from another thread) nothing would start them
 * later: they start at once. */
static void
test_outside_loop_at_once (void)
{
  int sum = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  n_started = 0;
  start (&sum, 5);
  g_assert_cmpuint (il_task_get_n_waiting_to_start (), ==, 0);
  while (g_atomic_int_get (&n_started) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  while (sum != 5)
    g_main_context_iteration (NULL, TRUE);
}

static void
append_a (gpointer data,
          gpointer user_data)
{
  g_string_append_printf (data, "a%s", (const char *) user_data);
}

static void
append_b (gpointer data,
          gpointer user_data)
{
  g_string_append_printf (data, "b%s", (const char *) user_data);
}

typedef struct
{
  GString *order;
  guint    n_a, n_b;
  char    *at_frame;
} OrderRun;

static gboolean
order_frame (gpointer data)
{
  OrderRun *run = data;

  run->at_frame = g_strdup (run->order->str);
  return G_SOURCE_REMOVE;
}

static gboolean
order_handler (gpointer data)
{
  OrderRun *run = data;

  il_run_after_frame (append_a, run->order, "1");
  il_run_after_frame (append_b, run->order, "2");
  il_run_after_frame (append_a, run->order, "3");
  g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, order_frame, run, NULL);
  run->n_a = il_count_after_frame (append_a);
  run->n_b = il_count_after_frame (append_b);
  return G_SOURCE_REMOVE;
}

/* Calls wait for the handler and the frame, then run in the order given. */
static void
test_order (void)
{
  OrderRun run = { g_string_new (NULL), 0, 0, NULL };

  g_idle_add (order_handler, &run);
  while (run.order->len < 6)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (run.order->str, ==, "a1b2a3");
  g_assert_cmpstr (run.at_frame, ==, "");
  g_assert_cmpuint (run.n_a, ==, 2);
  g_assert_cmpuint (run.n_b, ==, 1);
  g_assert_cmpuint (il_count_after_frame (append_a), ==, 0);
  /* from outside the loop: at once */
  il_run_after_frame (append_b, run.order, "4");
  g_assert_cmpstr (run.order->str, ==, "a1b2a3b4");
  g_string_free (run.order, TRUE);
  g_free (run.at_frame);
}

typedef struct
{
  GThread *thread;   /* the one that freed */
  gint     n_freed;
} Freed;

static void
note_free (gpointer data)
{
  Freed *f = data;

  f->thread = g_thread_self ();
  g_atomic_int_inc (&f->n_freed);
}

typedef struct
{
  Freed small, large;
  gint  freed_in_handler;
} FreeRun;

static gboolean
free_in_handler (gpointer data)
{
  FreeRun *run = data;

  il_free_rows_aside (&run->small, note_free, IL_FREE_ASIDE_ROWS - 1);
  il_free_rows_aside (&run->large, note_free, IL_FREE_ASIDE_ROWS);
  g_usleep (30000);
  run->freed_in_handler = g_atomic_int_get (&run->large.n_freed);
  return G_SOURCE_REMOVE;
}

/* A small block is freed at once; a large one on another thread, once
 * the handler that let it go has returned. */
static void
test_free_aside (void)
{
  FreeRun run = { { NULL, 0 }, { NULL, 0 }, -1 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_idle_add (free_in_handler, &run);
  while (g_atomic_int_get (&run.large.n_freed) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpint (run.freed_in_handler, ==, 0);
  g_assert_cmpint (run.small.n_freed, ==, 1);
  g_assert_true (run.small.thread == g_thread_self ());
  g_assert_cmpint (g_atomic_int_get (&run.large.n_freed), ==, 1);
  g_assert_true (run.large.thread != g_thread_self ());
  /* nothing is freed twice */
  run_for_a_while ();
  g_assert_cmpint (g_atomic_int_get (&run.large.n_freed), ==, 1);
}

static int
thread_niceness (void)
{
#ifdef __linux__
  int niceness;

  errno = 0;
  niceness = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
  g_assert_cmpint (errno, ==, 0);
  return niceness;
#else
  return 0;
#endif
}

typedef struct
{
  GThread *thread;
  int      niceness;
  int      policy;
  gpointer source, data;
  GCancellable *cancellable;
} Seen;

static void
note_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Seen *seen = g_new0 (Seen, 1);

  seen->thread = g_thread_self ();
  seen->niceness = thread_niceness ();
#ifdef __linux__
  seen->policy = sched_getscheduler (0);
#endif
  seen->source = source_object;
  seen->data = task_data;
  seen->cancellable = cancellable;
  g_task_return_pointer (task, seen, g_free);
}

static void
on_seen (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray *all = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (all, g_task_propagate_pointer (G_TASK (result), NULL));
}

/* Background tasks, more than the pool has threads, run in threads of the
 * idle class, and return to the main context; GLib's own pool, which runs
 * GIO's work too, keeps the main thread's class and niceness. */
static void
test_background (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  int main_niceness = thread_niceness ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  Seen *glib_pool;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GTask) task = g_task_new (source, cancellable, on_seen, all);

      g_task_set_task_data (task, GUINT_TO_POINTER (i + 1), NULL);
      il_task_run_in_background (task, note_thread);
    }
  while (all->len < 12)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  for (guint i = 0; i < all->len; i++)
    {
      Seen *seen = g_ptr_array_index (all, i);

      g_assert_true (seen->thread != g_thread_self ());
#ifdef __linux__
      g_assert_cmpint (seen->policy, ==, SCHED_IDLE);
#endif
      g_assert_true (seen->source == source);
      g_assert_true (seen->cancellable == cancellable);
      g_assert_cmpuint (GPOINTER_TO_UINT (seen->data), >=, 1);
      g_assert_cmpuint (GPOINTER_TO_UINT (seen->data), <=, 12);
    }
  g_assert_cmpint (thread_niceness (), ==, main_niceness);
#ifdef __linux__
  g_assert_cmpint (sched_getscheduler (0), ==, SCHED_OTHER);
#endif

  /* the same, soon: through the same pool */
  {
    g_autoptr(GTask) task = g_task_new (source, NULL, on_seen, all);

    il_task_run_in_thread_soon (task, note_thread);
  }
  while (all->len < 13)
    g_main_context_iteration (NULL, TRUE);
#ifdef __linux__
  g_assert_cmpint (((Seen *) g_ptr_array_index (all, 12))->policy, ==, SCHED_IDLE);
#endif

  {
    g_autoptr(GTask) task = g_task_new (source, NULL, on_seen, all);

    g_task_run_in_thread (task, note_thread);
  }
  while (all->len < 14)
    g_main_context_iteration (NULL, TRUE);
  glib_pool = g_ptr_array_index (all, 13);
  g_assert_cmpint (glib_pool->niceness, ==, main_niceness);
#ifdef __linux__
  g_assert_cmpint (glib_pool->policy, ==, SCHED_OTHER);
#endif
}

static void
return_then_work (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_boolean (task, TRUE);
  /* work after the return (freeing what it used), while the main thread
   * takes the result and drops its references */
  g_usleep (50 * 1000);
}

static void
on_returned (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(gboolean *) user_data = g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
note_finalizing_thread (gpointer  data,
                        GObject  *where_the_object_was)
{
  g_atomic_pointer_set ((GThread **) data, g_thread_self ());
}

/* The task's last reference is never dropped in the worker, even when its
 * function returns long after the main thread took the result: finalizing
 * the task there would finalize its source object there, while the main
 * thread may still be using it (a GSettings binding to it, say). */
static void
test_background_releases_in_main (void)
{
  GObject *source = g_object_new (G_TYPE_OBJECT, NULL);
  GThread *finalized_in = NULL;
  gboolean returned = FALSE;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_weak_ref (source, note_finalizing_thread, &finalized_in);
  {
    g_autoptr(GTask) task = g_task_new (source, NULL, on_returned, &returned);

    il_task_run_in_background (task, return_then_work);
  }
  g_object_unref (source);
  while (g_atomic_pointer_get (&finalized_in) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (returned);
  g_assert_true (g_atomic_pointer_get (&finalized_in) == g_thread_self ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-start/order", test_order);
  g_test_add_func ("/task-start/after-handler-and-frame", test_after_handler_and_frame);
  g_test_add_func ("/task-start/outside-loop-at-once", test_outside_loop_at_once);
  g_test_add_func ("/task-start/free-aside", test_free_aside);
  g_test_add_func ("/task-start/background", test_background);
  g_test_add_func ("/task-start/background-releases-in-main", test_background_releases_in_main);

  return g_test_run ();
}
