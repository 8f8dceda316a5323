/* il-scroll-passthrough.c: a table inside a scrolled page leaves the wheel to the page
 *
 * A table of bounded height in a page that scrolls would otherwise take every
 * wheel turn over it, and whatever lies below it can only be reached by moving
 * the pointer to a margin. Until the user clicks into the table (focus inside
 * it), the wheel scrolls the page; afterwards it scrolls the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-scroll-passthrough.h"

static GtkScrolledWindow *
outer_scroller (GtkScrolledWindow *inner)
{
  GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (inner));

  while (w != NULL && !GTK_IS_SCROLLED_WINDOW (w))
    w = gtk_widget_get_parent (w);
  return w != NULL ? GTK_SCROLLED_WINDOW (w) : NULL;
}

gboolean
_il_scroll_passthrough_scroll (GtkScrolledWindow *inner,
                               double             dy)
{
  GtkScrolledWindow *outer;
  GtkAdjustment *adj;
  double page, value;

  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (inner), FALSE);

  if (gtk_widget_has_focus (GTK_WIDGET (inner))
      || gtk_widget_get_focus_child (GTK_WIDGET (inner)) != NULL
      || (outer = outer_scroller (inner)) == NULL)
    return FALSE;

  adj = gtk_scrolled_window_get_vadjustment (outer);
  page = gtk_adjustment_get_page_size (adj);
  /* the step GtkScrolledWindow takes for one wheel notch */
  value = gtk_adjustment_get_value (adj) + dy * pow (page, 2.0 / 3.0);
  gtk_adjustment_set_value (adj, CLAMP (value, gtk_adjustment_get_lower (adj),
                                        gtk_adjustment_get_upper (adj) - page));
  return TRUE;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           GtkScrolledWindow        *inner)
{
  if (dy == 0)
    return FALSE;
  return _il_scroll_passthrough_scroll (inner, dy);
}

void
il_scroll_passthrough_attach (GtkScrolledWindow *inner)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (inner));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  /* before the table's own scrolling sees the event */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), inner, 0);
  gtk_widget_add_controller (GTK_WIDGET (inner), controller);
}
