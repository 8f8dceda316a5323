/* il-remote-rows.h: a GListModel of rows that stay on the server until shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-row-list-model.h"
#include "il-supabase-rows.h"

G_BEGIN_DECLS

/* Rows fetched per request, and the most pages held at once: the memory a
 * model uses stays the same whatever the table's size. */
#define IL_REMOTE_ROWS_PAGE      200
#define IL_REMOTE_ROWS_MAX_PAGES 25

#define IL_TYPE_REMOTE_ROWS (il_remote_rows_get_type ())
G_DECLARE_FINAL_TYPE (IlRemoteRows, il_remote_rows, IL, REMOTE_ROWS, GObject)

/* A GListModel of IlRowItem over the rows matching @query (copied). It asks
 * the count and the first page at once; n_items is 0 until the count comes
 * ("total"). An item whose page is not there yet has no store; its page is
 * fetched and items-changed re-announces its positions when it arrives.
 * Pages far from what is asked for are dropped again. */
IlRemoteRows     *il_remote_rows_new          (IlSupabaseClient *client,
                                               const IlRowQuery *query);
const IlRowQuery *il_remote_rows_get_query    (IlRemoteRows     *self);
IlSupabaseClient *il_remote_rows_get_client   (IlRemoteRows     *self);
/* Matching rows, -1 until the server said. */
gint64            il_remote_rows_get_total    (IlRemoteRows     *self);
/* Why the last request failed, else NULL ("error" is notified). */
const GError     *il_remote_rows_get_error    (IlRemoteRows     *self);
/* TRUE while a request runs. */
gboolean          il_remote_rows_is_loading   (IlRemoteRows     *self);
/* Pages held now (for tests). */
guint             il_remote_rows_get_n_pages  (IlRemoteRows     *self);

G_END_DECLS
