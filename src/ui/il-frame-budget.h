/* il-frame-budget.h: the rows a frame of a window still has room for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lists that build or bind their rows over frames (il-list-update.h,
 * il-list-slices.h) share one budget per frame of their window, counted in
 * rows bound again; a new row counts for IL_FRAME_BUDGET_NEW_ROW. What is
 * taken between two frames goes into the next one. */
#define IL_FRAME_BUDGET_NEW_ROW 2
/* Rows bound again in one frame by all lists of a window: ~8 ms. */
#define IL_FRAME_BUDGET_ROWS 24
/* Frames a list waits at most for its share before it takes a frame's
 * worth anyway; one list a frame does. */
#define IL_FRAME_BUDGET_MAX_WAIT 6

/* The next frame of @widget's window paints much already (a chart's new
 * render, a new session's figures): it takes no rows. */
void     il_frame_budget_mark_busy (GtkWidget *widget);
/* Whether this frame of @window (or the next one, between frames) is
 * busy: marked, or showing staged widgets (il-staged-reveal.h). */
gboolean il_frame_budget_is_busy   (GtkWidget *window);
/* Whether @widget, a chart with a new image, may show it in this frame of
 * its window (or the next one, between frames): a frame shows new images
 * over about a quarter of a 1400x900 window, and at least one. Showing it
 * makes the frame busy. */
gboolean il_frame_budget_take_area (GtkWidget *widget);
/* Takes room for up to @n_rows rows of @row_cost each (1 for a row bound
 * again, IL_FRAME_BUDGET_NEW_ROW for a new one) from what is left of the
 * frame's budget and returns how many: 0 in a busy frame. @n_waited is the
 * caller's count of frames in a row that gave it none, kept up to date
 * here: after IL_FRAME_BUDGET_MAX_WAIT of them it gets a frame's worth
 * (at least one row), busy frame or not, unless another list took its
 * forced share of this frame already. */
guint    il_frame_budget_take      (GtkWidget *window,
                                    guint      n_rows,
                                    guint      row_cost,
                                    guint     *n_waited);

G_END_DECLS
