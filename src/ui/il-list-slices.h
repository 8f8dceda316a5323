/* il-list-slices.h: in-place changes of a list store announced over frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Announces that the items at the positions in @changed show something new,
 * as il_list_store_announce() does, but over frames of @view's window (@view
 * is a GtkListView or GtkColumnView of @store): those in sight in @view
 * after @wait frames, then the others a slice per frame. GTK 4.8 binds each
 * announced row again in the frame, which for the 200 rows it keeps took
 * several frames' time, and the frames that draw the rest of a page anew
 * have no time left for it. Until their slice the rows show their old
 * contents: a scroll of @view announces those it brings into sight in the
 * next frame, a further call adds its positions to those waiting, and the
 * waiting positions follow any other change of @store (a row it covers is
 * bound or dropped then). A @view not shown is told over frames too, with
 * no sight to go first; with no window on screen, all at once. */
void  il_list_store_announce_sliced (GListStore *store,
                                     GtkBitset  *changed,
                                     GtkWidget  *view,
                                     guint       wait);
/* Announces at once what still waits. */
void  il_list_store_announce_flush  (GListStore *store);
/* How many positions still wait to be announced. */
guint il_list_store_get_n_unannounced (GListStore *store);

/* Tells il_list_store_announce_sliced() that the factories of @store's
 * view (GtkSignalListItemFactory) call il_list_item_mark_bound() in their
 * "bind" and il_list_item_mark_unbound() in their "unbind". A change is
 * then announced by binding the cells that show the item again, in place
 * ("unbind" then "bind" on their factories) with no "items-changed", so
 * neither the view nor the window is laid out anew; the positions of items
 * no row shows are dropped. */
void  il_list_store_track_rows      (GListStore  *store);
void  il_list_item_mark_bound       (GtkListItemFactory *factory,
                                     GtkListItem        *list_item);
void  il_list_item_mark_unbound     (GtkListItemFactory *factory,
                                     GtkListItem        *list_item);
/* How many cells @item is bound to (a column view binds a cell a column). */
guint il_list_item_get_n_bound      (gpointer     item);

G_END_DECLS
