/* il-heap-keep.h: the heap a window's frames are painted in, kept in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* After each of @window's frames, when it is painted with GTK's cairo
 * renderer, makes sure that the heap memory the next frame's images are
 * likely to get is resident, faulting it in on a background thread, and
 * keeps other threads out of the main thread's heap. Only with glibc's
 * allocator on Linux; nothing elsewhere. */
void     il_heap_keep_install       (GtkWindow *window);
/* How many ranges were made resident for @window so far, and the last. */
guint    il_heap_keep_get_populated (GtkWindow *window,
                                     guintptr  *start,
                                     gsize     *length);

G_END_DECLS
