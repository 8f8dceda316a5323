/* il-row-list-model.h: a GListModel over the filtered rows of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-filter.h"

G_BEGIN_DECLS

/* One row, created lazily by the model when a view asks for it. While it is
 * alive, the model returns this same object for its position and rewrites it
 * in place when the rows are replaced (see IlRowListModel). */
#define IL_TYPE_ROW_ITEM (il_row_item_get_type ())
G_DECLARE_FINAL_TYPE (IlRowItem, il_row_item, IL, ROW_ITEM, GObject)

/* An item of @store's @row; a NULL store stands for a row still loading. */
IlRowItem  *il_row_item_new       (IlRowStore *store,
                                   guint       row);
/* NULL while the row is loading. */
IlRowStore *il_row_item_get_store (IlRowItem *self);
/* The row id in the store. */
guint       il_row_item_get_row   (IlRowItem *self);
/* The cell as text (the CSV field, unquoted); NULL for SQL null. */
char       *il_row_item_dup_text  (IlRowItem *self,
                                   IlColumn   column);

/* A GListModel of IlRowItem over row ids of a store.
 *
 * Items are created only for the positions a consumer asks for; the model
 * knows each one still alive by its position. Every replacement of the rows
 * (set_store, set_rows, set_filter, set_sort) emits ::changing, then rewrites
 * each live item in place to the row now at its position, then announces:
 * - a change of count at the end of the list: items-changed (new, old - new, 0)
 *   or (old, 0, new - old); live items beyond the new count are forgotten and
 *   keep their old row;
 * - items-changed (p, n, n) for each run of live positions below the new
 *   count, with the same item objects (a GtkListView rebinds its rows instead
 *   of building new ones);
 * then ::changed, once. Positions without a live item are not announced: an
 * item asked for there afterwards has the new row. A held item therefore
 * stands for a position, not for a row: keep a row id to find a row again.
 * With staging (set_staged) the new count is the one shown, and the rest
 * comes as items-changed (old, 0, added) or (n, removed, 0) from the main
 * loop. */
#define IL_TYPE_ROW_LIST_MODEL (il_row_list_model_get_type ())
G_DECLARE_FINAL_TYPE (IlRowListModel, il_row_list_model, IL, ROW_LIST_MODEL, GObject)

IlRowListModel *il_row_list_model_new        (void);

/* Shows the rows of store passing filter (NULL: every row); keeps the sort.
 * One replacement. */
void            il_row_list_model_set_store  (IlRowListModel *self,
                                              IlRowStore     *store,
                                              const IlFilter *filter);
IlRowStore     *il_row_list_model_get_store  (IlRowListModel *self);
/* Staged growth and shrink (off by default): when a replacement adds more
 * than @step positions to a count below @limit, n_items grows by @step now
 * and by @step every 20 ms in the main loop until @limit, then to the whole
 * count; a view builds its new row widgets a few at a time. When it takes
 * the count below @limit by more than 4 * @step, the positions past @limit
 * go at once and the others 4 * @step every 20 ms, from the end; items asked
 * for there meanwhile are placeholders (no store). get_rows, get_row and
 * find_row see the new rows only, all of them. */
void            il_row_list_model_set_staged (IlRowListModel *self,
                                              guint           step,
                                              guint           limit);
/* Makes n_items cover @position now (before selecting it while staged). */
void            il_row_list_model_show_through (IlRowListModel *self,
                                                guint           position);
/* Sorts store by the model's sort and filters it by @filter (NULL: every
 * row) in a thread. The next set_store of that store, with the sort unchanged,
 * takes the sort instead of sorting on the calling thread, and with an equal
 * filter the shown rows too. Nothing shown changes. */
void            il_row_list_model_prepare_store_async  (IlRowListModel      *self,
                                                        IlRowStore          *store,
                                                        const IlFilter      *filter,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        il_row_list_model_prepare_store_finish (IlRowListModel      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* Shows exactly these rows (copied), in this order unless a sort is set;
 * the filter is cleared (a later one applies to them). One replacement. */
void            il_row_list_model_set_rows   (IlRowListModel *self,
                                              IlRowStore     *store,
                                              const guint32  *rows,
                                              guint           n_rows);
/* Replaces the filter (copied); one replacement. */
void            il_row_list_model_set_filter (IlRowListModel *self,
                                              const IlFilter *filter);

/* Sorts by column (IL_N_COLUMNS: store order). Ties keep store order, in
 * both directions; SQL null sorts lowest. One replacement (none when the
 * sort is the same). */
void            il_row_list_model_set_sort   (IlRowListModel *self,
                                              IlColumn        column,
                                              gboolean        descending);
IlColumn        il_row_list_model_get_sort_column (IlRowListModel *self);
gboolean        il_row_list_model_get_sort_descending (IlRowListModel *self);

/* The row ids shown, in display order (owned by the model). */
const guint32  *il_row_list_model_get_rows   (IlRowListModel *self,
                                              guint          *n_rows);
/* The row id at position, without creating an item; G_MAXUINT when out of range. */
guint           il_row_list_model_get_row    (IlRowListModel *self,
                                              guint           position);

/* The position of a row id, G_MAXUINT when not shown (a linear scan). */
guint           il_row_list_model_find_row   (IlRowListModel *self,
                                              guint           row);


G_END_DECLS
