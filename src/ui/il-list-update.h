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
 * costs several times more). New items at the end go in through
 * il_list_store_append_sliced() with @view; the rows of items that go are
 * finalized later (il_row_reaper_splice()). */
void  il_list_store_update        (GListStore       *store,
                                   guint             n_items,
                                   IlListUpdateFunc  update,
                                   gpointer          user_data,
                                   GtkWidget        *view);

/* il_list_store_update(), but the changed rows are announced over frames
 * (il_list_store_announce_sliced() with @wait) and new items go in
 * @per_frame a frame (il_list_store_append_sliced()). */
void  il_list_store_update_sliced (GListStore       *store,
                                   guint             n_items,
                                   IlListUpdateFunc  update,
                                   gpointer          user_data,
                                   GtkWidget        *view,
                                   guint             per_frame,
                                   guint             wait);

/* gtk_string_list_splice() of @n_removals strings at @position with
 * @additions (NULL-terminated), only when they differ: a drop-down whose
 * model changes builds its button's contents and its list's rows anew.
 * Returns whether @list changed. */
gboolean il_string_list_replace   (GtkStringList      *list,
                                   guint               position,
                                   guint               n_removals,
                                   const char * const *additions);

/* Announces that the items at the positions in @changed show something new
 * (items-changed with the same items, merged into a few runs). */
void  il_list_store_announce      (GListStore       *store,
                                   GtkBitset        *changed);

/* Appends @items to @store. A list view builds a row for each of the first
 * 200 items (GTK 4.8), so while the store holds fewer, up to @per_frame go
 * in with each frame of @view (0: 16, for rows of about six cells; a cell
 * costs ~0.1 ms), as many as the frame's budget has room for
 * (il-frame-budget.h), the first of them now; past 200 the rest go in at
 * once. */
void  il_list_store_append_sliced (GListStore       *store,
                                   GPtrArray        *items,
                                   GtkWidget        *view,
                                   guint             per_frame);
/* Makes the item for @index (a new reference). */
typedef gpointer (*IlListCreateFunc) (guint    index,
                                      gpointer user_data);
/* il_list_store_append_sliced() of the items @create makes for @first to
 * @first + @n_items - 1, each made only in the frame it goes in (past the
 * rows with widgets, a few thousand a frame). @user_data must stay valid
 * until they are all in, or until il_list_store_cancel(). */
void  il_list_store_append_created (GListStore       *store,
                                    guint             first,
                                    guint             n_items,
                                    IlListCreateFunc  create,
                                    gpointer          user_data,
                                    GtkWidget        *view,
                                    guint             per_frame);
/* Appends what still waits at once. */
void  il_list_store_flush         (GListStore       *store);
/* How many items still wait. */
guint il_list_store_get_n_waiting (GListStore       *store);
/* Drops what still waits (the store is about to be filled anew). */
void  il_list_store_cancel        (GListStore       *store);

G_END_DECLS
