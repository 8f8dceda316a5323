/* il-task-start.h: thread work started once the main thread has drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Below GTK's redraw (G_PRIORITY_HIGH_IDLE + 20): a source at this priority
 * runs after the frame that is due, and after the handlers under way. */
#define IL_PRIORITY_AFTER_FRAME (G_PRIORITY_HIGH_IDLE + 30)

/* Like g_task_run_in_thread(), but from the main context's own thread the
 * worker is woken only once the main loop is done with what it is running
 * and the frame that is due: a worker woken in the middle of that work
 * takes the main thread's core on a busy two-core machine. Tasks start in
 * the order they were given. From another thread, runs at once. */
void il_task_run_in_thread_soon (GTask           *task,
                                 GTaskThreadFunc  task_func);

/* Tasks given to il_task_run_in_thread_soon() not started yet. */
guint il_task_get_n_waiting_to_start (void);

G_END_DECLS
