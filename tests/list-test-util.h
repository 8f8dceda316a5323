/* list-test-util.h: a list item type and a list view in a window, for
 * tests of lists updated in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject parent_instance;
  int     value;
};

/* rows set up and bound by the factory of list_in_window() */
extern guint n_setup, n_bind;

/* a label per row, showing its item's value */
void       list_test_setup     (GtkSignalListItemFactory  *factory,
                                GtkListItem               *list_item);
void       list_test_bind      (GtkSignalListItemFactory  *factory,
                                GtkListItem               *list_item);

guint      check_rows          (GtkWidget                 *list,
                                GListModel                *model,
                                int                        offset);
GtkWidget *list_in_window_with (GListStore                *store,
                                GtkListItemFactory        *factory,
                                GtkWidget                **out_window);
GtkWidget *list_in_window      (GListStore                *store,
                                GtkWidget                **out_window);

G_END_DECLS
