/* il-shm-keep.h: one shared-memory segment kept for a window's frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When @window is realized on X11 with GTK's cairo renderer, keeps cairo's
 * segment for copying frames to the window alive for the window's life,
 * sized for a frame of its whole monitor. Nothing elsewhere. */
void     il_shm_keep_install   (GtkWindow *window);
/* Whether @window holds a segment now. */
gboolean il_shm_keep_is_active (GtkWindow *window);

G_END_DECLS
