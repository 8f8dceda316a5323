/* il-row-list-model-private.h: what tests read of the row list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-list-model.h"

G_BEGIN_DECLS

/* How many IlRowItems this model has constructed (for tests). */
guint           _il_row_list_model_get_n_items_created (IlRowListModel *self);
/* How many times it sorted a whole store on the calling thread (for tests). */
guint           _il_row_list_model_get_n_sorts         (IlRowListModel *self);
/* How many replacements took rows filtered in a prepare's thread (for tests). */
guint           _il_row_list_model_get_n_filtered_in_thread (IlRowListModel *self);

G_END_DECLS
