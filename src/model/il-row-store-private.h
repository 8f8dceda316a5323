/* il-row-store-private.h: internals shared by the model's row files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* An empty batch, to be filled (and refilled) by _il_row_batch_parse_into. */
IlRowBatch *_il_row_batch_new                (void);
/* il_row_batch_parse_json into an existing batch, reusing its memory: a loader
 * that parses many pages then allocates nothing per page but json-glib's tree. */
gboolean    _il_row_batch_parse_into         (IlRowBatch       *batch,
                                              const char       *data,
                                              gssize            len,
                                              GError          **error);
/* il_row_store_append_batch without consuming the batch. */
void        _il_row_store_append_batch_copy  (IlRowStore       *self,
                                              const IlRowBatch *batch);

G_END_DECLS
