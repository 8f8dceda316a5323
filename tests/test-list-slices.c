/* test-list-slices.c: a list store's new items added a few per main-loop turn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "il-list-slices.h"

static GPtrArray *
new_items (guint n,
           guint first)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

      g_object_set_data (item, "n", GUINT_TO_POINTER (first + i));
      g_ptr_array_add (items, item);
    }
  return items;
}

/* The numbers of @store's items, as "0 1 2". */
static char *
numbers (GListStore *store)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_string_append_printf (out, "%s%u", i > 0 ? " " : "", GPOINTER_TO_UINT (g_object_get_data (item, "n")));
    }
  return g_string_free (out, FALSE);
}

static void
turn (void)
{
  g_main_context_iteration (NULL, FALSE);
}

static void
test_slices (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GPtrArray) old = new_items (3, 100);
  g_autoptr(GPtrArray) items = new_items (5, 0);
  char *text;

  g_list_store_splice (store, 0, 0, old->pdata, old->len);
  il_list_store_replace_sliced (store, items, 2);
  /* the old items go at once, the first new ones come with them */
  text = numbers (store);
  g_assert_cmpstr (text, ==, "0 1");
  g_free (text);
  g_assert_true (il_list_store_slices_pending (store));

  turn ();
  text = numbers (store);
  g_assert_cmpstr (text, ==, "0 1 2 3");
  g_free (text);
  turn ();
  text = numbers (store);
  g_assert_cmpstr (text, ==, "0 1 2 3 4");
  g_free (text);
  g_assert_false (il_list_store_slices_pending (store));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5);
}

/* A new replacement drops the slices still waiting; so does the store's end. */
static void
test_replaced (void)
{
  GListStore *store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GPtrArray) first = new_items (6, 0);
  g_autoptr(GPtrArray) second = new_items (3, 10);
  g_autoptr(GPtrArray) third = new_items (9, 20);
  char *text;

  il_list_store_replace_sliced (store, first, 2);
  turn ();
  il_list_store_replace_sliced (store, second, 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  text = numbers (store);
  g_assert_cmpstr (text, ==, "10 11 12");
  g_free (text);

  /* few enough for one turn: nothing waits */
  il_list_store_replace_sliced (store, second, 4);
  g_assert_false (il_list_store_slices_pending (store));

  il_list_store_replace_sliced (store, third, 2);
  g_assert_true (il_list_store_slices_pending (store));
  g_object_unref (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/list-slices/slices", test_slices);
  g_test_add_func ("/list-slices/replaced", test_replaced);

  return g_test_run ();
}
