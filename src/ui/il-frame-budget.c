/* il-frame-budget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the software renderer a frame that paints a large area (a chart's
 * new image, a page's widgets shown for the first time) takes ~10 ms by
 * itself, and a row of six text cells ~0.3 ms to bind again and lay out.
 * Lists that each kept to their own rows a frame still met in one frame
 * (a session's rows table, the sessions list filling and rebinding) and
 * together with such a paint took it past 16 ms.
 */
#include "config.h"

#include "il-frame-budget.h"
#include "il-staged-reveal.h"

/* New chart images one frame shows, in pixels of the window: one frame
 * painted three of a session's charts at once for 13-19 ms. */
#define FRAME_AREA (640 * 480)

typedef struct
{
  gint64         frame;   /* the frame the budget is for */
  guint          taken;
  gint64         area;    /* of new images shown in the frame */
  gint64         busy;    /* frames up to this one take no rows */
  gint64         forced;  /* the last frame a waiting list took its share in */
  GdkFrameClock *clock;   /* weak: the one whose after-paint it follows */
} Budget;

static const char budget_key[] = "il-frame-budget";

static void
budget_free (gpointer data)
{
  Budget *b = data;

  if (b->clock != NULL)
    g_object_remove_weak_pointer (G_OBJECT (b->clock), (gpointer *) &b->clock);
  g_free (b);
}

/* After a frame's paint, what is taken goes into the next frame. */
static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  Budget *b = g_object_get_data (G_OBJECT (window), budget_key);

  if (b != NULL)
    {
      b->frame = gdk_frame_clock_get_frame_counter (clock) + 1;
      b->taken = 0;
      b->area = 0;
    }
}

/* @window's budget, for the frame under way or the next one; NULL when it
 * has no frame clock. */
static Budget *
get_budget (GtkWidget     *window,
            GdkFrameClock **out_clock)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Budget *b;
  gint64 counter;

  if (clock == NULL)
    return NULL;
  b = g_object_get_data (G_OBJECT (window), budget_key);
  if (b == NULL)
    {
      b = g_new0 (Budget, 1);
      b->busy = -1;
      b->forced = -1;
      g_object_set_data_full (G_OBJECT (window), budget_key, b, budget_free);
    }
  /* a window realized again has a new clock */
  if (b->clock != clock)
    {
      if (b->clock != NULL)
        g_object_remove_weak_pointer (G_OBJECT (b->clock), (gpointer *) &b->clock);
      b->clock = clock;
      g_object_add_weak_pointer (G_OBJECT (clock), (gpointer *) &b->clock);
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), window, 0);
    }
  counter = gdk_frame_clock_get_frame_counter (clock);
  if (counter > b->frame)
    {
      b->frame = counter;
      b->taken = 0;
      b->area = 0;
    }
  if (out_clock != NULL)
    *out_clock = clock;
  return b;
}

void
il_frame_budget_mark_busy (GtkWidget *widget)
{
  GtkWidget *root;
  GdkFrameClock *clock;
  Budget *b;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = GTK_WIDGET (gtk_widget_get_root (widget));
  if (root == NULL || (b = get_budget (root, &clock)) == NULL)
    return;
  /* between frames the counter is the last frame's */
  b->busy = MAX (b->busy, gdk_frame_clock_get_frame_counter (clock) + 1);
}

gboolean
il_frame_budget_is_busy (GtkWidget *window)
{
  Budget *b;

  g_return_val_if_fail (GTK_IS_WIDGET (window), FALSE);

  if (il_staged_reveal_pending (window))
    return TRUE;
  b = get_budget (window, NULL);
  return b != NULL && b->busy >= b->frame;
}

gboolean
il_frame_budget_take_area (GtkWidget *widget)
{
  GtkWidget *root;
  graphene_rect_t bounds, window, inside;
  gint64 area = 0;
  Budget *b;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), TRUE);

  root = GTK_WIDGET (gtk_widget_get_root (widget));
  if (root == NULL || (b = get_budget (root, NULL)) == NULL)
    return TRUE;
  /* what of it the window shows: a chart scrolled out of sight costs nothing */
  graphene_rect_init (&window, 0, 0, gtk_widget_get_width (root), gtk_widget_get_height (root));
  if (gtk_widget_compute_bounds (widget, root, &bounds) && graphene_rect_intersection (&bounds, &window, &inside))
    area = (gint64) (inside.size.width * inside.size.height);
  if (b->area > 0 && b->area + area > FRAME_AREA)
    return FALSE;
  b->area += area;
  if (area > 0)
    b->busy = MAX (b->busy, b->frame);
  return TRUE;
}

guint
il_frame_budget_take (GtkWidget *window,
                      guint      n_rows,
                      guint      row_cost,
                      guint     *n_waited)
{
  Budget *b;
  guint granted;

  g_return_val_if_fail (GTK_IS_WIDGET (window), 0);
  g_return_val_if_fail (row_cost > 0, 0);
  g_return_val_if_fail (n_waited != NULL, 0);

  b = get_budget (window, NULL);
  if (b == NULL)
    {
      *n_waited = 0;
      return n_rows;
    }
  /* Lists that waited long take a frame's worth each, in turn: all at
   * once made frames of 10-14 ms of layout. */
  if (*n_waited >= IL_FRAME_BUDGET_MAX_WAIT && b->forced < b->frame)
    {
      granted = MIN (n_rows, MAX (1, IL_FRAME_BUDGET_ROWS / row_cost));
      b->forced = b->frame;
    }
  else if (il_frame_budget_is_busy (window))
    granted = 0;
  else
    granted = MIN (n_rows, (IL_FRAME_BUDGET_ROWS - MIN (b->taken, IL_FRAME_BUDGET_ROWS)) / row_cost);
  b->taken += granted * row_cost;
  *n_waited = granted > 0 ? 0 : *n_waited + 1;
  return granted;
}
