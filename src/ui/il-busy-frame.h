/* il-busy-frame.h: frames that already draw much, so that work which can wait skips them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The next frame of @widget's window paints much: a chart's new render, say. */
void     il_busy_frame_mark (GtkWidget *widget);
/* From a tick of @window's frame clock: whether this frame is such a frame,
 * or one that shows staged widgets (il-staged-reveal.h). */
gboolean il_busy_frame_now  (GtkWidget *window);

G_END_DECLS
