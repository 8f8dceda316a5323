/* il-row-store-shared.c: stores that share their column buffers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A refresh usually adds some rows after the newest cached one. The store
 * it makes shares the cached store's buffers and writes only the new rows,
 * past the rows the cached store reads; the buffers keep some slack for
 * that. Only the newest store over the buffers may append, and only one
 * at once.
 */
#include "config.h"

#include "il-row-store-private.h"
#include "il-row-store-impl.h"

G_LOCK_DEFINE_STATIC (shared_columns);

static void
shared_columns_unref (IlSharedColumns *shared)
{
  if (!g_atomic_int_dec_and_test (&shared->ref_count))
    return;
  for (guint i = 0; i < IL_N_SHARED_BUFFERS; i++)
    g_free (shared->buffers[i]);
  g_free (shared);
}

void
_il_row_store_release_shared (IlRowStore *self)
{
  IlRowStorePriv *priv = PRIV (self);
  IlSharedColumns *shared = priv->shared;

  /* A dropped refresh gives the tail back to the store it extended. */
  G_LOCK (shared_columns);
  if (priv->appended && !shared->busy
      && shared->n_rows == self->n_rows
      && shared->n_sessions == self->n_sessions
      && shared->metadata_len == priv->metadata_len)
    {
      shared->n_rows = priv->base_rows;
      shared->n_sessions = priv->base_sessions;
      shared->metadata_len = priv->base_metadata_len;
    }
  G_UNLOCK (shared_columns);
  shared_columns_unref (shared);
  priv->shared = NULL;
}

IlRowStore *
_il_row_store_new_extending (IlRowStore *old)
{
  IlRowStorePriv *old_priv = PRIV (old);
  IlRowStorePriv *priv;
  IlRowStore *self;
  guint n_slots = 1024;

  g_return_val_if_fail (old->sealed, NULL);

  G_LOCK (shared_columns);
  if (old_priv->shared == NULL)
    {
      /* The old store hands its buffers over; their addresses stay. */
      IlSharedColumns *shared = g_new0 (IlSharedColumns, 1);

      shared->ref_count = 1;
      shared->n_rows = old->n_rows;
      shared->n_sessions = old->n_sessions;
      shared->metadata_len = old_priv->metadata_len;
      shared->capacity = old_priv->capacity;
      shared->sessions_capacity = old_priv->sessions_capacity;
      shared->metadata_capacity = old_priv->metadata_capacity;
      _il_row_store_get_buffers (old, shared->buffers);
      old_priv->shared = shared;
    }
  G_UNLOCK (shared_columns);

  self = il_row_store_new ();
  priv = PRIV (self);
  g_free (self->metadata_offset);
  priv->shared = old_priv->shared;
  g_atomic_int_inc (&priv->shared->ref_count);
  _il_row_store_set_buffers (self, priv->shared->buffers);
  self->n_rows = old->n_rows;
  self->n_sessions = old->n_sessions;
  /* nothing may be appended before _il_row_store_claim_tail */
  priv->capacity = old->n_rows;
  priv->metadata_len = old_priv->metadata_len;
  priv->metadata_capacity = old_priv->metadata_len;
  priv->sessions_capacity = old->n_sessions;

  /* the same strings under the same ids */
  g_free (_il_row_store_remap_pool (self->steps, old->steps));
  g_free (_il_row_store_remap_pool (self->statuses, old->statuses));
  g_free (_il_row_store_remap_pool (self->messages, old->messages));
  g_assert (il_string_pool_get_size (self->steps) == il_string_pool_get_size (old->steps));
  g_assert (il_string_pool_get_size (self->statuses) == il_string_pool_get_size (old->statuses));
  g_assert (il_string_pool_get_size (self->messages) == il_string_pool_get_size (old->messages));

  while ((gsize) n_slots < (gsize) self->n_sessions * 2 + 2)
    n_slots *= 2;
  _il_row_store_session_table_rehash (self, n_slots);
  return self;
}

gboolean
_il_row_store_claim_tail (IlRowStore *self,
                          guint       n_more_rows,
                          guint       n_more_sessions,
                          gsize       more_metadata)
{
  IlRowStorePriv *priv = PRIV (self);
  IlSharedColumns *shared = priv->shared;
  gboolean claimed = FALSE;

  g_return_val_if_fail (shared != NULL && !self->sealed, FALSE);

  G_LOCK (shared_columns);
  if (!shared->busy
      && shared->n_rows == self->n_rows
      && shared->n_sessions == self->n_sessions
      && shared->metadata_len == priv->metadata_len
      && shared->capacity - self->n_rows >= n_more_rows
      && shared->sessions_capacity - self->n_sessions >= n_more_sessions
      && shared->metadata_capacity - priv->metadata_len >= more_metadata)
    {
      shared->busy = TRUE;
      priv->base_rows = self->n_rows;
      priv->base_sessions = self->n_sessions;
      priv->base_metadata_len = priv->metadata_len;
      priv->capacity = self->n_rows + n_more_rows;
      priv->sessions_capacity = self->n_sessions + n_more_sessions;
      priv->metadata_capacity = priv->metadata_len + more_metadata;
      claimed = TRUE;
    }
  G_UNLOCK (shared_columns);
  return claimed;
}

void
_il_row_store_end_extending (IlRowStore *self)
{
  IlRowStorePriv *priv = PRIV (self);
  IlSharedColumns *shared = priv->shared;

  g_return_if_fail (shared != NULL && shared->busy);

  G_LOCK (shared_columns);
  shared->n_rows = self->n_rows;
  shared->n_sessions = self->n_sessions;
  shared->metadata_len = priv->metadata_len;
  shared->busy = FALSE;
  priv->appended = TRUE;
  G_UNLOCK (shared_columns);
}
