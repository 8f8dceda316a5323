/* il-list-update.h: a list store's items updated in place, so a list view keeps their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Puts what position @position shows into @item (of the store's item type);
 * returns TRUE when that changed what its row shows. */
typedef gboolean (*IlListUpdateFunc) (gpointer item,
                                      guint    position,
                                      gpointer user_data);

/* Makes @store hold @n_items items, each filled by @update. The items already
 * there take the new contents in place and only the positions whose row shows
 * something new are announced, with the same item objects: a GtkListView or
 * GtkColumnView then keeps their row widgets and only binds them again (GTK
 * 4.8 destroys and rebuilds the row of an item it does not find again, which
 * costs several times more). See il_list_store_announce() for @vadj. */
void il_list_store_update   (GListStore       *store,
                             guint             n_items,
                             IlListUpdateFunc  update,
                             gpointer          user_data,
                             GtkAdjustment    *vadj);

/* Announces that the items at the positions in @changed show something new
 * (items-changed with the same items). With @vadj, the vertical adjustment of
 * the view, the rows on screen are announced at once and the others (GTK 4.8
 * keeps up to 200 row widgets, most of them out of sight) a few at a time in
 * idle callbacks, so no single main-loop iteration binds and measures them
 * all. */
void il_list_store_announce (GListStore       *store,
                             GtkBitset        *changed,
                             GtkAdjustment    *vadj);

G_END_DECLS
