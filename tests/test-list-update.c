/* test-list-update.c: list items updated in place keep their row widgets;
 * the rows out of sight are bound again after the ones on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <gtk/gtk.h>

#include "il-list-update.h"

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject parent_instance;
  int     value;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

static void
test_item_class_init (TestItemClass *klass)
{
}

static void
test_item_init (TestItem *self)
{
}

static guint n_setup, n_bind;

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *list_item)
{
  n_setup++;
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *list_item)
{
  TestItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = g_strdup_printf ("%d", item->value);

  n_bind++;
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* Item i gets offset + i; changes it unless the offset is the same. */
static gboolean
set_value (gpointer item,
           guint    position,
           gpointer user_data)
{
  TestItem *it = item;
  int value = GPOINTER_TO_INT (user_data) + (int) position;

  if (it->value == value)
    return FALSE;
  it->value = value;
  return TRUE;
}

static void
run_frames (void)
{
  for (guint i = 0; i < 30; i++)
    {
      gint64 end = g_get_monotonic_time () + 20000;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
}

/* The row widgets of @list, each checked to show offset + its item's position. */
static guint
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

static void
test_rows_kept (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list;
  guint n_rows, setups;

  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 300);
  gtk_window_present (GTK_WINDOW (window));

  /* a first fill: 16 rows now, 16 more in each frame up to the 200 rows
   * that get widgets, then the rest */
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (0), list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 16);
  g_assert_cmpuint (n_setup, <=, 16);
  run_frames ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1000);
  n_rows = check_rows (list, G_LIST_MODEL (store), 0);
  /* GTK 4.8 keeps 200 rows around the top one, whatever the height */
  g_assert_cmpuint (n_rows, >=, 150);
  g_assert_cmpuint (n_setup, ==, n_rows);
  setups = n_setup;

  /* every item shows something new: every row is bound again, none built */
  n_bind = 0;
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
  g_assert_cmpuint (n_bind, ==, n_rows);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 5000), ==, n_rows);
  run_frames ();
  g_assert_cmpuint (n_setup, ==, setups);

  /* the same contents: nothing is bound */
  n_bind = 0;
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
  run_frames ();
  g_assert_cmpuint (n_bind, ==, 0);

  /* only the last items change: the rows above stay as they are */
  {
    g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), 100);

    item->value = -1;
    n_bind = 0;
    il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
    g_assert_cmpint (item->value, ==, 5100);
    /* GTK 4.8 binds the rows after a change again, for their positions */
    g_assert_cmpuint (n_bind, ==, n_rows - 100);
  }

  /* fewer items, then more: the items kept take the new values in place */
  il_list_store_update (store, 10, set_value, GINT_TO_POINTER (7000), list);
  run_frames ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 7000), ==, 10);
  il_list_store_update (store, 30, set_value, GINT_TO_POINTER (9000), list);
  run_frames ();
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 9000), ==, 30);

  /* an update while the fill still goes on starts from what is in */
  il_list_store_update (store, 0, set_value, GINT_TO_POINTER (0), list);
  il_list_store_update (store, 500, set_value, GINT_TO_POINTER (100), list);
  il_list_store_update (store, 400, set_value, GINT_TO_POINTER (200), list);
  /* the 16 in, and 16 more of the new ones */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 32);
  run_frames ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 400);
  check_rows (list, G_LIST_MODEL (store), 200);
  {
    g_autoptr(TestItem) last = g_list_model_get_item (G_LIST_MODEL (store), 399);

    g_assert_cmpint (last->value, ==, 599);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames ();
  g_object_unref (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/list-update/rows-kept", test_rows_kept);

  return g_test_run ();
}
