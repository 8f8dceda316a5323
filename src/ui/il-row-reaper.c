/* il-row-reaper.c: row widgets a list lets go, finalized later a few at a time
 *
 * Items removed from a list view's model take their row widgets with them.
 * GTK 4.8 tears a row's cells down as it leaves the list and finalizes row,
 * cells and their children at once: forty rows of an eight-column table
 * cost 7-9 ms, most of it in finalizing. A list held around such a removal
 * keeps the widgets it let go and finalizes them when the main loop is
 * idle, about a millisecond at a time, instead of in the frame that removes
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-row-reaper.h"

#define WAITING_KEY "il-row-reaper-waiting"
/* Main-thread time one idle dispatch spends finalizing rows. */
#define SLICE_US 1000

typedef struct
{
  GPtrArray *widgets;  /* refs to widgets no longer in the list */
  guint      idle_id;
} Waiting;

static void
waiting_free (gpointer data)
{
  Waiting *w = data;

  g_clear_handle_id (&w->idle_id, g_source_remove);
  g_ptr_array_unref (w->widgets);
  g_free (w);
}

static gboolean
finalize_some (gpointer data)
{
  Waiting *w = data;
  gint64 until = g_get_monotonic_time () + SLICE_US;

  /* the last first: nothing to move down */
  do
    g_ptr_array_remove_index (w->widgets, w->widgets->len - 1);
  while (w->widgets->len > 0 && g_get_monotonic_time () < until);
  if (w->widgets->len > 0)
    return G_SOURCE_CONTINUE;
  w->idle_id = 0;
  return G_SOURCE_REMOVE;
}

/* The widget whose children are the rows: a column view's inner list. */
static GtkWidget *
rows_parent (GtkWidget *view)
{
  if (!GTK_IS_COLUMN_VIEW (view))
    return view;
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return view;
}

/* The row's cells and their children leave with it, each finalized on its
 * own once the row lets go of it. */
static void
hold_tree (GPtrArray *held,
           GtkWidget *widget)
{
  g_ptr_array_add (held, g_object_ref (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    hold_tree (held, child);
}

/* References to the rows of @view and everything in them. */
static GPtrArray *
hold (GtkWidget *view)
{
  GPtrArray *held = g_ptr_array_new ();
  GtkWidget *parent;

  parent = rows_parent (view);
  for (GtkWidget *row = gtk_widget_get_first_child (parent); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    hold_tree (held, row);
  return held;
}

/* Drops the references of @held; widgets the list let go meanwhile are
 * finalized when the main loop is idle, or with @view. */
static void
release (GtkWidget *view,
         GPtrArray *held)
{
  GtkWidget *parent;
  Waiting *w;

  parent = rows_parent (view);
  w = g_object_get_data (G_OBJECT (parent), WAITING_KEY);
  for (guint i = 0; i < held->len; i++)
    {
      GtkWidget *widget = held->pdata[i];

      /* still in the list */
      if (gtk_widget_is_ancestor (widget, parent))
        {
          g_object_unref (widget);
          continue;
        }
      if (w == NULL)
        {
          w = g_new0 (Waiting, 1);
          w->widgets = g_ptr_array_new_with_free_func (g_object_unref);
          g_object_set_data_full (G_OBJECT (parent), WAITING_KEY, w, waiting_free);
        }
      g_ptr_array_add (w->widgets, widget);
    }
  g_ptr_array_unref (held);

  if (w != NULL && w->widgets->len > 0 && w->idle_id == 0)
    w->idle_id = g_idle_add (finalize_some, w);
}

/* g_list_store_splice() on the model of @view (a GtkListView or a
 * GtkColumnView, or NULL), the rows it lets go finalized later. */
void
il_row_reaper_splice (GListStore *store,
                      guint       position,
                      guint       n_removals,
                      gpointer   *additions,
                      guint       n_additions,
                      GtkWidget  *view)
{
  GPtrArray *held;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (view == NULL || GTK_IS_WIDGET (view));

  /* rows go only with removed items */
  if (view == NULL || n_removals == 0)
    {
      g_list_store_splice (store, position, n_removals, additions, n_additions);
      return;
    }
  held = hold (view);
  g_list_store_splice (store, position, n_removals, additions, n_additions);
  release (view, held);
}

/* Widgets @view let go that are still to be finalized. */
guint
il_row_reaper_get_n_waiting (GtkWidget *view)
{
  Waiting *w;

  g_return_val_if_fail (GTK_IS_WIDGET (view), 0);

  w = g_object_get_data (G_OBJECT (rows_parent (view)), WAITING_KEY);
  return w != NULL ? w->widgets->len : 0;
}
