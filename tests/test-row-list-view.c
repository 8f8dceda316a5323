/* test-row-list-view.c: a list view over a million-row model keeps its row
 * widgets across a replacement and only rebinds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "il-demo.h"
#include "il-row-list-model-private.h"

#define N_ROWS 1000000

typedef struct
{
  guint      n_setup;
  guint      n_bind;
  GPtrArray *list_items;
} Counts;

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *list_item,
       Counts                   *counts)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* the height of a Raw Data row */
  gtk_widget_set_size_request (label, -1, 30);
  gtk_list_item_set_child (list_item, label);
  g_ptr_array_add (counts->list_items, list_item);
  counts->n_setup++;
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *list_item,
      Counts                   *counts)
{
  IlRowItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = g_strdup_printf ("%u", il_row_item_get_row (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
  counts->n_bind++;
}

static void
teardown (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          Counts                   *counts)
{
  g_ptr_array_remove (counts->list_items, list_item);
}

/* Lets the view lay itself out. */
static void
wait_frames (void)
{
  gint64 end = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Every row widget with an item shows the model's row at its position. */
static guint
check_rows (IlRowListModel *model,
            Counts         *counts)
{
  guint n_bound = 0;

  for (guint i = 0; i < counts->list_items->len; i++)
    {
      GtkListItem *list_item = counts->list_items->pdata[i];
      IlRowItem *item = gtk_list_item_get_item (list_item);
      guint position = gtk_list_item_get_position (list_item);
      g_autofree char *text = NULL;

      if (item == NULL)
        continue;
      text = g_strdup_printf ("%u", il_row_list_model_get_row (model, position));
      g_assert_cmpuint (il_row_item_get_row (item), ==, il_row_list_model_get_row (model, position));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_item_get_child (list_item))), ==, text);
      n_bound++;
    }
  return n_bound;
}

static void
test_replace_rebinds (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (N_ROWS, 7, G_GINT64_CONSTANT (1790000000000000));
  g_autoptr(IlRowStore) reloaded = il_demo_generate (N_ROWS, 8, G_GINT64_CONSTANT (1790000000000000));
  IlRowListModel *model = il_row_list_model_new ();
  GtkSingleSelection *selection;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Counts counts = { 0, 0, g_ptr_array_new () };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;
  GtkAdjustment *vadj;
  guint n_setup, n_bound, created;
  double scroll;
  IlFilter filter;

  il_row_list_model_set_store (model, store, NULL);
  il_row_list_model_set_sort (model, IL_COL_STARTED_AT, TRUE);
  selection = gtk_single_selection_new (G_LIST_MODEL (model));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (setup), &counts);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), &counts);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown), &counts);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (selection)), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames ();

  /* scrolled into the middle, a row selected */
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) / 2);
  wait_frames ();
  gtk_single_selection_set_selected (selection, 3);
  wait_frames ();
  scroll = gtk_adjustment_get_value (vadj);
  g_assert_cmpfloat (scroll, >, 1000000);
  n_setup = counts.n_setup;
  n_bound = check_rows (model, &counts);
  g_assert_cmpuint (n_bound, >, 20);
  created = _il_row_list_model_get_n_items_created (model);

  /* a reload: another store, the same count */
  counts.n_bind = 0;
  il_row_list_model_set_store (model, reloaded, NULL);
  wait_frames ();
  g_assert_cmpuint (counts.n_setup, ==, n_setup);
  g_assert_cmpuint (counts.n_bind, >=, n_bound);
  g_assert_cmpuint (counts.n_bind, <=, 3 * n_bound);
  g_assert_cmpuint (check_rows (model, &counts), ==, n_bound);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, scroll);
  /* the selected item is the selected position's */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 3);
  g_assert_cmpuint (il_row_item_get_row (gtk_single_selection_get_selected_item (selection)), ==,
                    il_row_list_model_get_row (model, 3));

  /* a narrower range: fewer rows, still past the view */
  il_filter_init (&filter);
  filter.created_min = G_GINT64_CONSTANT (1790000000000000) - 20 * G_TIME_SPAN_DAY;
  il_row_list_model_set_filter (model, &filter);
  il_filter_clear (&filter);
  wait_frames ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, N_ROWS);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, scroll + 1000);
  g_assert_cmpuint (counts.n_setup, ==, n_setup);
  g_assert_cmpuint (check_rows (model, &counts), ==, n_bound);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, scroll);

  /* a sort by a column header */
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, FALSE);
  wait_frames ();
  g_assert_cmpuint (counts.n_setup, ==, n_setup);
  g_assert_cmpuint (check_rows (model, &counts), ==, n_bound);

  /* never an item per position of the million */
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model) - created, <, 2000);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (selection);
  g_ptr_array_unref (counts.list_items);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-list-view/replace-rebinds", test_replace_rebinds);

  return g_test_run ();
}
