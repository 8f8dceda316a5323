/* test-row-reaper.c: rows a list view lets go are finalized when the main
 * loop is idle, not in the change that removes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "widget-test-util.h"

#include "il-row-reaper.h"

static guint n_labels, n_finalized;

static void
on_label_finalized (gpointer  data,
                    GObject  *where_the_object_was)
{
  n_finalized++;
}

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  n_labels++;
  g_object_weak_ref (G_OBJECT (label), on_label_finalized, NULL);
  gtk_list_item_set_child (list_item, label);
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), gtk_string_object_get_string (item));
}

static GtkListItemFactory *
new_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  return factory;
}

/* A store of @n strings, "0" to "n-1". */
static GListStore *
new_store (guint n)
{
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      g_autoptr(GtkStringObject) item = gtk_string_object_new (text);

      g_list_store_append (store, item);
    }
  return store;
}

/* A column view of @store with two columns, or a list view, in a presented
 * window tall enough for every row. */
static GtkWidget *
view_in_window (GListStore  *store,
                gboolean     columns,
                GtkWidget  **out_window)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store))));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;

  if (columns)
    {
      view = gtk_column_view_new (model);
      for (guint c = 0; c < 2; c++)
        {
          g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new ("Column", new_factory ());

          gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
        }
    }
  else
    view = gtk_list_view_new (model, new_factory ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 600);
  gtk_window_present (GTK_WINDOW (window));
  run_frames (10);
  *out_window = window;
  return view;
}

/* Runs the loop until the rows have made @n labels. */
static void
wait_labels (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (n_labels < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the loop until @view has nothing left to finalize. */
static void
wait_reaped (GtkWidget *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (il_row_reaper_get_n_waiting (view) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
check_view (gboolean columns)
{
  guint n_columns = columns ? 2 : 1;
  /* a column view's row: the row, a cell a column and the cell's label;
   * a list view's: the row and its label */
  guint per_row = columns ? 1 + 2 * n_columns : 2;
  g_autoptr(GListStore) store = new_store (50);
  g_autoptr(GtkStringObject) added = gtk_string_object_new ("new");
  GtkWidget *window;
  GtkWidget *view;
  guint before;

  n_labels = n_finalized = 0;
  view = view_in_window (store, columns, &window);
  /* GTK 4.8 builds rows for up to 200 items, in sight or not */
  wait_labels (50 * n_columns);
  g_assert_cmpuint (n_labels, ==, 50 * n_columns);

  /* twenty rows go: nothing of them is finalized in the change */
  il_row_reaper_splice (store, 30, 20, NULL, 0, view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 30);
  g_assert_cmpuint (n_finalized, ==, 0);
  g_assert_cmpuint (il_row_reaper_get_n_waiting (view), ==, 20 * per_row);
  if (columns)
    {
      /* GTK's columns still list the cells that wait: moving, hiding,
       * sizing and measuring them is safe */
      GListModel *cols = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
      g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (cols, 0);
      int min, nat;

      gtk_column_view_insert_column (GTK_COLUMN_VIEW (view), 1, first);
      gtk_column_view_column_set_visible (first, FALSE);
      gtk_column_view_column_set_visible (first, TRUE);
      gtk_column_view_column_set_fixed_width (first, 120);
      gtk_column_view_column_set_fixed_width (first, -1);
      gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
      g_assert_cmpuint (il_row_reaper_get_n_waiting (view), ==, 20 * per_row);
    }
  /* then, with the main loop idle, all of it: the labels left are those
   * of the rows kept (hiding and showing a column built its cells anew) */
  wait_reaped (view);
  g_assert_cmpuint (n_labels - n_finalized, ==, 30 * n_columns);
  run_frames (5);
  g_assert_cmpuint (n_labels - n_finalized, ==, 30 * n_columns);

  /* removals and additions at once: the removed ones wait the same way */
  before = n_finalized;
  il_row_reaper_splice (store, 0, 10, (gpointer *) &added, 1, view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 21);
  g_assert_cmpuint (n_finalized, ==, before);
  g_assert_cmpuint (il_row_reaper_get_n_waiting (view), ==, 10 * per_row);

  /* additions only: nothing held, nothing waits */
  il_row_reaper_splice (store, 21, 0, (gpointer *) &added, 1, view);
  g_assert_cmpuint (il_row_reaper_get_n_waiting (view), ==, 10 * per_row);

  /* a view that goes with rows still waiting takes them along */
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (5);
  g_assert_cmpuint (n_finalized, ==, n_labels);
}

static void
test_column_view (void)
{
  check_view (TRUE);
}

static void
test_list_view (void)
{
  check_view (FALSE);
}

/* With no view, a plain splice. */
static void
test_no_view (void)
{
  g_autoptr(GListStore) store = new_store (10);

  il_row_reaper_splice (store, 2, 3, NULL, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 7);
  {
    g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (store), 2);

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "5");
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-reaper/column-view", test_column_view);
  g_test_add_func ("/row-reaper/list-view", test_list_view);
  g_test_add_func ("/row-reaper/no-view", test_no_view);

  return g_test_run ();
}
