/* il-busy-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the software renderer a frame that paints a large area (a chart's
 * new image, a page's widgets shown for the first time) takes ~10 ms on
 * its own; rows built in the same frame pushed it past 16 ms. Whoever
 * fills a list over frames asks here and skips such a frame.
 */
#include "config.h"

#include "il-busy-frame.h"
#include "il-staged-reveal.h"

static const char busy_key[] = "il-busy-frame";

void
il_busy_frame_mark (GtkWidget *widget)
{
  GtkWidget *root;
  GdkFrameClock *clock;
  gint64 next;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = GTK_WIDGET (gtk_widget_get_root (widget));
  clock = root != NULL ? gtk_widget_get_frame_clock (root) : NULL;
  if (clock == NULL)
    return;
  /* between frames the counter is the last frame's */
  next = gdk_frame_clock_get_frame_counter (clock) + 1;
  g_object_set_data (G_OBJECT (root), busy_key, GSIZE_TO_POINTER ((gsize) next));
}

gboolean
il_busy_frame_now (GtkWidget *window)
{
  GdkFrameClock *clock;
  gsize busy;

  g_return_val_if_fail (GTK_IS_WIDGET (window), FALSE);

  if (il_staged_reveal_pending (window))
    return TRUE;
  clock = gtk_widget_get_frame_clock (window);
  busy = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), busy_key));
  return clock != NULL && busy != 0 && (gint64) busy >= gdk_frame_clock_get_frame_counter (clock);
}
