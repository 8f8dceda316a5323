/* il-list-update.h: a list store's items updated in place, so a list view keeps their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Puts what position @position shows into @item (of the store's item type);
 * returns TRUE when that changed what its row shows. */
typedef gboolean (*IlListUpdateFunc) (gpointer item,
                                      guint    position,
                                      gpointer user_data);

/* Makes @store hold @n_items items, each filled by @update. The items already
 * there take the new contents in place; only the positions whose row shows
 * something new are announced, with the same item objects, so a GtkListView
 * or GtkColumnView keeps their row widgets and only binds them again (GTK 4.8
 * destroys and rebuilds the row of an item it does not find again, which
 * costs several times more). Positions whose row shows the same are not
 * announced at all. */
void il_list_store_update (GListStore       *store,
                           guint             n_items,
                           IlListUpdateFunc  update,
                           gpointer          user_data);

G_END_DECLS
