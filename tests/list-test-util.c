/* list-test-util.c: a list item type and a list view in a window, for
 * tests of lists updated in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "list-test-util.h"

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

static void
test_item_class_init (TestItemClass *klass)
{
}

static void
test_item_init (TestItem *self)
{
}

guint n_setup, n_bind;

void
list_test_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  n_setup++;
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

void
list_test_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  TestItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = g_strdup_printf ("%d", item->value);

  n_bind++;
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* The row widgets of @list, each checked to show offset + its item's position. */
guint
check_rows (GtkWidget  *list,
            GListModel *model,
            int         offset)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (row)));
      int value = atoi (text);

      g_assert_cmpint (value, >=, offset);
      g_assert_cmpint (value, <, offset + (int) g_list_model_get_n_items (model));
      n++;
    }
  return n;
}

/* A list view of @store with @factory in a presented 300x300 window, scrolled. */
GtkWidget *
list_in_window_with (GListStore          *store,
                     GtkListItemFactory  *factory,
                     GtkWidget          **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list;

  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 300);
  gtk_window_present (GTK_WINDOW (window));
  *out_window = window;
  return list;
}

/* The same, its rows labels of the items' values. */
GtkWidget *
list_in_window (GListStore  *store,
                GtkWidget  **out_window)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (list_test_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (list_test_bind), NULL);
  return list_in_window_with (store, factory, out_window);
}
