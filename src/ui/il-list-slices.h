/* il-list-slices.h: a list's new rows added over a few main-loop turns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Building a row widget of a column view costs 0.1 ms a cell (its widgets,
 * controllers, accessible objects), so a table of new rows stalls the frame
 * it arrives in.
 *
 * Replaces every item of @store by @items (GObjects, referenced): the first
 * @per_turn now, the next @per_turn at each later main-loop turn, so a view
 * builds a few rows at a time. A later call, or @store's end, drops what is
 * still waiting. */
void     il_list_store_replace_sliced (GListStore *store,
                                       GPtrArray  *items,
                                       guint       per_turn);
/* Whether items of @store are still waiting. */
gboolean il_list_store_slices_pending (GListStore *store);

G_END_DECLS
