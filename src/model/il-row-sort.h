/* il-row-sort.h: sorting row ids by a column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* Sorts the row ids by column, in place, the way the raw data table does
 * (SQL null sorts lowest). rows may be any subset of the store. */
void il_row_sort (IlRowStore *store,
                  guint32    *rows,
                  guint       n_rows,
                  IlColumn    column,
                  gboolean    descending);

G_END_DECLS
