/* il-staged-reveal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-staged-reveal.h"

/* What one frame shows at most, in pixels of allocation, and what each
 * widget counts for beyond its area (its text, icons, CSS): about one chart
 * card, or the six tiles' figures with the first line of a page. */
#define FRAME_COST (640 * 480)
#define WIDGET_COST (160 * 160)

typedef struct
{
  GtkWidget *widget;   /* owned */
  double     opacity;  /* its own, given back */
  gint64     frame;    /* the frame clock's counter when staged */
  gboolean   split;    /* shown in parts, cut once it is laid out */
  double     y, x;     /* where it is in its window, for the order */
  gint64     cost;     /* what showing it costs, of a frame's FRAME_COST */
} Staged;

typedef struct
{
  GArray *staged;      /* of Staged */
  guint   tick_id;
} Queue;

static const char queue_key[] = "il-staged-reveal";

static void
queue_free (gpointer data)
{
  Queue *queue = data;

  for (guint i = 0; i < queue->staged->len; i++)
    g_object_unref (g_array_index (queue->staged, Staged, i).widget);
  g_array_unref (queue->staged);
  g_free (queue);
}

static void
show_staged (Queue *queue,
             guint  i)
{
  Staged *staged = &g_array_index (queue->staged, Staged, i);

  gtk_widget_set_opacity (staged->widget, staged->opacity);
  g_object_unref (staged->widget);
  g_array_remove_index (queue->staged, i);
}

/* Where @widget is in its window (FALSE: nowhere), and how much of it lies
 * inside the window: a list's rows below the fold cost nothing to show. */
static gboolean
place (GtkWidget       *widget,
       graphene_rect_t *bounds,
       gint64          *area)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t window, inside;

  *area = 0;
  if (root == NULL || !gtk_widget_compute_bounds (widget, root, bounds))
    return FALSE;
  graphene_rect_init (&window, 0, 0, gtk_widget_get_width (root), gtk_widget_get_height (root));
  if (graphene_rect_intersection (bounds, &window, &inside))
    *area = (gint64) (inside.size.width * inside.size.height);
  return TRUE;
}

static gint64
area (GtkWidget *widget)
{
  graphene_rect_t bounds;
  gint64 inside;

  place (widget, &bounds, &inside);
  return inside;
}

/* Appends the parts of @widget to @parts: itself when it fits in a frame
 * or cannot be cut, else the parts of its visible children. */
static void
collect_parts (GtkWidget *widget,
               GPtrArray *parts)
{
  gboolean cut = FALSE;

  if (area (widget) > FRAME_COST)
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (gtk_widget_get_visible (child))
        {
          collect_parts (child, parts);
          cut = TRUE;
        }
  if (!cut)
    g_ptr_array_add (parts, widget);
}

/* Replaces the staged widget @i by its parts, each staged in its place. */
static void
split_staged (Queue *queue,
              guint  i)
{
  Staged whole = g_array_index (queue->staged, Staged, i);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  collect_parts (whole.widget, parts);
  g_array_remove_index (queue->staged, i);
  for (guint j = 0; j < parts->len; j++)
    {
      Staged part = whole;

      part.widget = g_object_ref (parts->pdata[j]);
      part.opacity = part.widget == whole.widget ? whole.opacity : gtk_widget_get_opacity (part.widget);
      part.split = FALSE;
      gtk_widget_set_opacity (part.widget, 0);
      g_array_insert_val (queue->staged, i + j, part);
    }
  if (g_ptr_array_find (parts, whole.widget, NULL))
    g_object_unref (whole.widget);
  else
    {
      gtk_widget_set_opacity (whole.widget, whole.opacity);
      g_object_unref (whole.widget);
    }
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const Staged *sa = a, *sb = b;

  if (sa->y != sb->y)
    return sa->y < sb->y ? -1 : 1;
  if (sa->x != sb->x)
    return sa->x < sb->x ? -1 : 1;
  return 0;
}

static gboolean
on_tick (GtkWidget     *root,
         GdkFrameClock *clock,
         gpointer       data)
{
  Queue *queue = g_object_get_data (G_OBJECT (root), queue_key);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gint64 cost = 0;

  /* Staged before the frame that laid it out: that frame drew it
   * transparent, this one can cut it and show it. */
  for (guint i = 0; i < queue->staged->len;)
    {
      Staged *staged = &g_array_index (queue->staged, Staged, i);

      if (staged->frame < frame - 1 && staged->split)
        split_staged (queue, i);
      else
        i++;
    }
  /* Top to bottom, as the eye reads; a widget out of sight first, it costs
   * nothing to show. */
  for (guint i = 0; i < queue->staged->len; i++)
    {
      Staged *staged = &g_array_index (queue->staged, Staged, i);
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (staged->widget) && place (staged->widget, &bounds, &staged->cost))
        {
          staged->y = bounds.origin.y;
          staged->x = bounds.origin.x;
          staged->cost += WIDGET_COST;
        }
      else
        {
          staged->y = staged->x = -G_MAXDOUBLE;
          staged->cost = 0;
        }
    }
  g_array_sort (queue->staged, compare_position);

  for (guint i = 0; i < queue->staged->len;)
    {
      Staged *staged = &g_array_index (queue->staged, Staged, i);

      if (staged->frame >= frame - 1)
        {
          i++;
          continue;
        }
      if (cost > 0 && cost + staged->cost > FRAME_COST)
        break;
      cost += staged->cost;
      show_staged (queue, i);
    }
  if (queue->staged->len > 0)
    return G_SOURCE_CONTINUE;
  queue->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stage (GtkWidget *widget,
       gboolean   split)
{
  GtkWidget *root;
  Queue *queue;
  Staged staged = { NULL, };

  if (!gtk_widget_get_mapped (widget))
    return;
  root = GTK_WIDGET (gtk_widget_get_root (widget));
  queue = g_object_get_data (G_OBJECT (root), queue_key);
  if (queue == NULL)
    {
      queue = g_new0 (Queue, 1);
      queue->staged = g_array_new (FALSE, FALSE, sizeof (Staged));
      g_object_set_data_full (G_OBJECT (root), queue_key, queue, queue_free);
    }
  for (guint i = 0; i < queue->staged->len; i++)
    if (g_array_index (queue->staged, Staged, i).widget == widget)
      return;

  staged.widget = g_object_ref (widget);
  staged.opacity = gtk_widget_get_opacity (widget);
  staged.frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (widget));
  staged.split = split;
  g_array_append_val (queue->staged, staged);
  gtk_widget_set_opacity (widget, 0);
  if (queue->tick_id == 0)
    queue->tick_id = gtk_widget_add_tick_callback (root, on_tick, NULL, NULL);
}

void
il_staged_reveal_add (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  stage (widget, FALSE);
}

void
il_staged_reveal_subtree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  stage (root, TRUE);
}

void
il_staged_reveal_stack_child (GtkStack   *stack,
                              const char *name)
{
  GtkWidget *shown;

  g_return_if_fail (GTK_IS_STACK (stack));

  shown = gtk_stack_get_visible_child (stack);
  gtk_stack_set_visible_child_name (stack, name);
  if (gtk_stack_get_visible_child (stack) != shown)
    il_staged_reveal_subtree (gtk_stack_get_visible_child (stack));
}

gboolean
il_staged_reveal_pending (GtkWidget *window)
{
  Queue *queue;

  g_return_val_if_fail (GTK_IS_WIDGET (window), FALSE);

  queue = g_object_get_data (G_OBJECT (window), queue_key);
  return queue != NULL && queue->staged->len > 0;
}
