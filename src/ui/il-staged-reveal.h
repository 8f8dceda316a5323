/* il-staged-reveal.h: content that was never drawn appears over a few frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first frame that draws a page full of new widgets pays for their text
 * shaping, glyph rasterizing and upload all at once, well over a frame's
 * 16 ms. Staged, such a widget is transparent until a later frame of its
 * window, which shows the queued widgets in order, a limited area per frame.
 *
 * Stages @widget when it is mapped (otherwise there is no frame to spare). */
void il_staged_reveal_add     (GtkWidget *widget);
/* Stages @root whole for the frame that lays it out, then in parts: the
 * largest widgets of its subtree that fit in a frame's share. */
void il_staged_reveal_subtree (GtkWidget *root);
/* Shows @stack's child @name, staged when it replaces another. */
void il_staged_reveal_stack_child (GtkStack   *stack,
                                   const char *name);
/* Whether widgets of @window's are still waiting to be shown. */
gboolean il_staged_reveal_pending (GtkWidget *window);

G_END_DECLS
