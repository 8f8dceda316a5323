/* widget-test-util.h: small helpers for tests of widgets, list and column views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-text-cell.h"

/* An "items-changed" handler that counts the emissions in @n_changes. */
static inline void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *n_changes)
{
  (*n_changes)++;
}

/* The first widget of @type in @widget's tree, @widget included, depth first. */
static inline GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A GCompareFunc for a GPtrArray of sibling widgets: by their top edge (a
 * list view does not keep its children in that order). */
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

/* Runs the loop, frames included, until @model holds @n items (a first
 * fill's rows come a few per frame). */
static inline void
wait_n_items (GListModel *model,
              guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (model) != n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the loop for @n frames' time (20 ms each). */
static inline void
run_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 end = g_get_monotonic_time () + 20000;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
}

static inline void
count_frame_phase (GdkFrameClock *clock,
                   guint         *n)
{
  (*n)++;
}

/* Whether @window goes 300 ms without a frame within @max_seconds (its last
 * frames may take a while on a loaded machine). A frame that only runs tick
 * callbacks counts too: it has an after-paint, but no layout or paint. */
static inline gboolean
frames_stop (GtkWidget *window,
             guint      max_seconds)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 deadline = g_get_monotonic_time () + max_seconds * G_USEC_PER_SEC;
  guint n;

  g_signal_connect (clock, "layout", G_CALLBACK (count_frame_phase), &n);
  g_signal_connect (clock, "paint", G_CALLBACK (count_frame_phase), &n);
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_phase), &n);
  do
    {
      gint64 end = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

      n = 0;
      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
  while (n > 0 && g_get_monotonic_time () < deadline);
  g_signal_handlers_disconnect_by_func (clock, count_frame_phase, &n);
  return n == 0;
}

/* The texts of the text cells under @widget, depth first (a row's cells in
 * column order). */
static inline void
collect_cell_texts (GtkWidget *widget,
                    GPtrArray *texts)
{
  if (IL_IS_TEXT_CELL (widget))
    {
      g_ptr_array_add (texts, (gpointer) il_text_cell_get_text (IL_TEXT_CELL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cell_texts (child, texts);
}
