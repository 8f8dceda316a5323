/* il-task-start.h: work handed to threads once the main thread has drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Below GTK's redraw (G_PRIORITY_HIGH_IDLE + 20): a source at this priority
 * runs after the frame that is due, and after the handlers under way. */
#define IL_PRIORITY_AFTER_FRAME (G_PRIORITY_HIGH_IDLE + 30)

typedef void (*IlAfterFrameFunc) (gpointer data,
                                  gpointer user_data);

/* Calls @func (@data, @user_data) once the main loop is done with what it
 * runs and the frame that is due, in the order given; from a thread that
 * is not running the main context, at once. For handing work to a thread:
 * a worker woken in the middle of the main thread's work takes its core on
 * a busy two-core machine. */
void  il_run_after_frame       (IlAfterFrameFunc func,
                                gpointer         data,
                                gpointer         user_data);
/* How many calls of @func wait for il_run_after_frame(). */
guint il_count_after_frame     (IlAfterFrameFunc func);

/* Puts the calling thread in Linux's SCHED_IDLE class, once per thread: it
 * runs only on a core no other thread wants, and a waking thread of any
 * other class (the main thread, the X server) preempts it at once, where
 * a merely nicer thread may finish its time slice first. Nicest niceness
 * where the class is refused; a no-op beyond Linux. A thread cannot leave
 * the class again without privileges: only threads that run nothing else
 * (an exclusive GThreadPool's, or a thread of one's own) may call it. */
void  il_thread_make_idle        (void);

/* g_task_run_in_thread() in a thread of an exclusive pool made idle
 * (il_thread_make_idle()): a worker at the main thread's priority that
 * wakes while a frame is drawn preempts it, and on two cores it has
 * nowhere else to go. For the data path's work (loads, parses,
 * aggregates), which no frame waits for and which holds no lock the main
 * thread takes for long; not for tasks that use
 * g_task_set_return_on_cancel(). */
void  il_task_run_in_background  (GTask           *task,
                                  GTaskThreadFunc  task_func);

/* il_task_run_in_background(), through il_run_after_frame(). */
void  il_task_run_in_thread_soon (GTask           *task,
                                  GTaskThreadFunc  task_func);
/* Tasks given to il_task_run_in_thread_soon() not started yet. */
guint il_task_get_n_waiting_to_start (void);

G_END_DECLS
