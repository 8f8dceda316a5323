/* il-free-aside.h: large blocks freed off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Blocks of at least this many rows' worth are worth freeing aside. */
#define IL_FREE_ASIDE_ROWS 65536

/* Calls @free_func (@data): at once for fewer than IL_FREE_ASIDE_ROWS
 * @n_rows, else on a background thread. Freeing megabytes that a worker
 * allocated makes glibc hand that worker's heap back to the system
 * (madvise), 5-8 ms for a million rows' index: the main thread cannot
 * spare it. From the main context's thread the free is handed over once
 * the main loop is done with what it runs (il-task-start.h), so no worker
 * is woken in the middle of it. */
void il_free_rows_aside (gpointer       data,
                         GDestroyNotify free_func,
                         gsize          n_rows);
/* Calls @free_func (@data) on the background thread, whatever its size:
 * for what may free a worker's memory or copy on its way out. */
void il_free_aside (gpointer       data,
                    GDestroyNotify free_func);
/* Blocks handed to the background so far (for tests). */
guint il_free_aside_get_n_handed (void);

G_END_DECLS
