/* widget-order.h: widgets sorted from the top down, for tests of list views
 * (whose children are not kept in that order)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

/* A GCompareFunc for a GPtrArray of sibling widgets: by their top edge. */
static inline int
compare_widget_y (gconstpointer a,
                  gconstpointer b)
{
  GtkWidget *wa = *(GtkWidget * const *) a, *wb = *(GtkWidget * const *) b;
  graphene_rect_t ra, rb;

  g_assert_true (gtk_widget_compute_bounds (wa, gtk_widget_get_parent (wa), &ra));
  g_assert_true (gtk_widget_compute_bounds (wb, gtk_widget_get_parent (wb), &rb));
  return ra.origin.y < rb.origin.y ? -1 : ra.origin.y > rb.origin.y;
}
