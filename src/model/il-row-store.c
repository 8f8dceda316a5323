/* il-row-store.c: the columnar store of interview_latency_metrics rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-row-store.h"
#include "il-free-aside.h"
#include "il-row-store-private.h"
#include "il-row-store-impl.h"

G_DEFINE_QUARK (il-model-error-quark, il_model_error)

static const char * const column_names[IL_N_COLUMNS] = {
  "metric_id",
  "session_id",
  "turn_number",
  "step_name",
  "latency_ms",
  "started_at",
  "completed_at",
  "status",
  "error_message",
  "metadata",
  "created_at",
};

const char *
il_column_name (IlColumn column)
{
  g_return_val_if_fail ((guint) column < IL_N_COLUMNS, NULL);

  return column_names[column];
}

/* ---- the store ------------------------------------------------------------ */

IlRowStore *
il_row_store_new (void)
{
  IlRowStore *self = g_new0 (IlRowStore, 1);
  IlRowStorePriv *priv = g_new0 (IlRowStorePriv, 1);

  priv->ref_count = 1;
  self->priv = priv;
  self->metadata_offset = g_new0 (guint64, 1);
  self->steps = il_string_pool_new ();
  self->statuses = il_string_pool_new ();
  self->messages = il_string_pool_new ();
  return self;
}

IlRowStore *
il_row_store_ref (IlRowStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&PRIV (self)->ref_count);
  return self;
}

/* The column buffers a store extending this one shares, in one order. */
static const gsize buffer_offsets[IL_N_SHARED_BUFFERS] = {
  G_STRUCT_OFFSET (IlRowStore, metric_id), G_STRUCT_OFFSET (IlRowStore, session),
  G_STRUCT_OFFSET (IlRowStore, turn_number), G_STRUCT_OFFSET (IlRowStore, step),
  G_STRUCT_OFFSET (IlRowStore, latency_ms), G_STRUCT_OFFSET (IlRowStore, started_at),
  G_STRUCT_OFFSET (IlRowStore, completed_at), G_STRUCT_OFFSET (IlRowStore, created_at),
  G_STRUCT_OFFSET (IlRowStore, started_offset), G_STRUCT_OFFSET (IlRowStore, completed_offset),
  G_STRUCT_OFFSET (IlRowStore, created_offset), G_STRUCT_OFFSET (IlRowStore, status),
  G_STRUCT_OFFSET (IlRowStore, error_message), G_STRUCT_OFFSET (IlRowStore, metadata_offset),
  G_STRUCT_OFFSET (IlRowStore, metadata_text), G_STRUCT_OFFSET (IlRowStore, session_ids),
};

void
_il_row_store_get_buffers (IlRowStore *self,
                           gpointer    buffers[IL_N_SHARED_BUFFERS])
{
  for (guint i = 0; i < IL_N_SHARED_BUFFERS; i++)
    buffers[i] = G_STRUCT_MEMBER (gpointer, self, buffer_offsets[i]);
}

void
_il_row_store_set_buffers (IlRowStore *self,
                           gpointer    buffers[IL_N_SHARED_BUFFERS])
{
  for (guint i = 0; i < IL_N_SHARED_BUFFERS; i++)
    G_STRUCT_MEMBER (gpointer, self, buffer_offsets[i]) = buffers[i];
}

static void
free_store (IlRowStore *self)
{
  IlRowStorePriv *priv = PRIV (self);

  if (priv->shared != NULL)
    _il_row_store_release_shared (self);
  else
    {
      gpointer buffers[IL_N_SHARED_BUFFERS];

      _il_row_store_get_buffers (self, buffers);
      for (guint i = 0; i < IL_N_SHARED_BUFFERS; i++)
        g_free (buffers[i]);
    }
  il_string_pool_free (self->steps);
  il_string_pool_free (self->statuses);
  il_string_pool_free (self->messages);
  g_free (self->first_skip_reason);
  g_free (self->skipped_at);
  g_free (self->by_step_latency);
  g_free (self->step_offsets);
  g_free (self->step_order);
  g_free (self->by_latency);
  g_free (self->by_session);
  g_free (self->session_offsets);
  g_free (priv->session_slots);
  g_free (priv);
  g_free (self);
}

void
il_row_store_unref (IlRowStore *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&PRIV (self)->ref_count))
    return;
  /* handing a million rows' pages back to the system takes milliseconds */
  il_free_rows_aside (self, (GDestroyNotify) free_store, self->n_rows);
}

static void
resize_columns (IlRowStore *self,
                guint       capacity)
{
  IlRowStorePriv *priv = PRIV (self);

  g_assert (priv->shared == NULL);
  self->metric_id = g_renew (IlUuid, self->metric_id, capacity);
  self->session = g_renew (guint32, self->session, capacity);
  self->turn_number = g_renew (gint32, self->turn_number, capacity);
  self->step = g_renew (IlStrId, self->step, capacity);
  self->latency_ms = g_renew (double, self->latency_ms, capacity);
  self->started_at = g_renew (gint64, self->started_at, capacity);
  self->completed_at = g_renew (gint64, self->completed_at, capacity);
  self->created_at = g_renew (gint64, self->created_at, capacity);
  self->started_offset = g_renew (gint16, self->started_offset, capacity);
  self->completed_offset = g_renew (gint16, self->completed_offset, capacity);
  self->created_offset = g_renew (gint16, self->created_offset, capacity);
  self->status = g_renew (IlStrId, self->status, capacity);
  self->error_message = g_renew (IlStrId, self->error_message, capacity);
  self->metadata_offset = g_renew (guint64, self->metadata_offset, capacity + 1);
  priv->capacity = capacity;
}

static void
ensure_rows (IlRowStore *self,
             guint       n_more)
{
  IlRowStorePriv *priv = PRIV (self);
  guint needed;
  guint capacity;

  g_assert (n_more <= G_MAXUINT32 - self->n_rows);
  needed = self->n_rows + n_more;
  if (needed <= priv->capacity)
    return;

  /* Geometric growth; big blocks are mmapped, so untouched tail pages cost
   * no resident memory and realloc moves them by remapping. */
  capacity = MAX (priv->capacity, 1024);
  while (capacity < needed)
    capacity = capacity > G_MAXUINT32 / 2 ? G_MAXUINT32 - 1 : capacity * 2;
  resize_columns (self, capacity);
}

void
il_row_store_reserve (IlRowStore *self,
                      guint       n_rows,
                      gsize       metadata_bytes)
{
  IlRowStorePriv *priv;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->sealed);

  priv = PRIV (self);
  if (n_rows > 0)
    ensure_rows (self, n_rows);
  if (priv->metadata_len + metadata_bytes > priv->metadata_capacity)
    {
      g_assert (priv->shared == NULL);
      priv->metadata_capacity = priv->metadata_len + metadata_bytes;
      self->metadata_text = g_realloc (self->metadata_text, priv->metadata_capacity);
    }
}

static void
append_metadata (IlRowStore *self,
                 const char *text,
                 gsize       len)
{
  IlRowStorePriv *priv = PRIV (self);

  if (priv->metadata_len + len > priv->metadata_capacity)
    {
      gsize capacity = MAX (priv->metadata_capacity, 4096);

      g_assert (priv->shared == NULL);
      while (capacity < priv->metadata_len + len)
        capacity *= 2;
      self->metadata_text = g_realloc (self->metadata_text, capacity);
      priv->metadata_capacity = capacity;
    }
  if (len > 0)
    memcpy (self->metadata_text + priv->metadata_len, text, len);
  priv->metadata_len += len;
}

void
_il_row_store_session_table_rehash (IlRowStore *self,
                                    guint       n_slots)
{
  IlRowStorePriv *priv = PRIV (self);

  g_free (priv->session_slots);
  priv->session_slots = g_new0 (guint32, n_slots);
  priv->session_mask = n_slots - 1;
  for (guint s = 0; s < self->n_sessions; s++)
    {
      guint pos = _il_session_hash (&self->session_ids[s]) & priv->session_mask;

      while (priv->session_slots[pos] != 0)
        pos = (pos + 1) & priv->session_mask;
      priv->session_slots[pos] = s + 1;
    }
}

/* The index of @uuid in session_ids, G_MAXUINT32 when unknown; @pos: its
 * slot, or the empty slot it would take. */
static guint32
find_session_slot (const IlRowStore *self,
                   const IlUuid     *uuid,
                   guint            *pos)
{
  const IlRowStorePriv *priv = PRIV (self);
  guint p;

  for (p = _il_session_hash (uuid) & priv->session_mask; priv->session_slots[p] != 0;
       p = (p + 1) & priv->session_mask)
    {
      guint32 s = priv->session_slots[p] - 1;

      if (self->session_ids[s].hi == uuid->hi && self->session_ids[s].lo == uuid->lo)
        break;
    }
  *pos = p;
  return priv->session_slots[p] != 0 ? priv->session_slots[p] - 1 : G_MAXUINT32;
}

guint32
_il_row_store_find_session (const IlRowStore *self,
                            const IlUuid     *uuid)
{
  guint pos;

  if (PRIV (self)->session_slots == NULL)
    return G_MAXUINT32;
  return find_session_slot (self, uuid, &pos);
}

static guint32
intern_session (IlRowStore   *self,
                const IlUuid *uuid)
{
  IlRowStorePriv *priv = PRIV (self);
  guint32 found;
  guint pos;

  if (priv->session_slots == NULL)
    _il_row_store_session_table_rehash (self, 1024);

  found = find_session_slot (self, uuid, &pos);
  if (found != G_MAXUINT32)
    return found;

  if (self->n_sessions == priv->sessions_capacity)
    {
      g_assert (priv->shared == NULL);
      priv->sessions_capacity = MAX (priv->sessions_capacity * 2, 256);
      self->session_ids = g_renew (IlUuid, self->session_ids, priv->sessions_capacity);
    }
  self->session_ids[self->n_sessions] = *uuid;
  self->n_sessions++;

  if ((gsize) self->n_sessions * 2 > (gsize) priv->session_mask + 1)
    _il_row_store_session_table_rehash (self, (priv->session_mask + 1) * 2);
  else
    priv->session_slots[pos] = self->n_sessions;

  return self->n_sessions - 1;
}

guint32
il_row_store_intern_session (IlRowStore   *self,
                             const IlUuid *session_id)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (session_id != NULL, 0);
  g_return_val_if_fail (!self->sealed, 0);

  return intern_session (self, session_id);
}

void
il_row_store_append_row (IlRowStore       *self,
                         const IlRowInput *row)
{
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->step_name != NULL);
  g_return_if_fail (row->status != NULL);
  g_return_if_fail (!self->sealed);

  ensure_rows (self, 1);
  i = self->n_rows;

  self->metric_id[i] = row->metric_id;
  self->session[i] = intern_session (self, &row->session_id);
  self->turn_number[i] = row->turn_number;
  self->step[i] = il_string_pool_intern (self->steps, row->step_name, -1);
  self->latency_ms[i] = row->latency_ms;
  self->started_at[i] = row->started_at;
  self->completed_at[i] = row->completed_at;
  self->created_at[i] = row->created_at;
  self->started_offset[i] = row->started_offset_min;
  self->completed_offset[i] = row->completed_offset_min;
  self->created_offset[i] = row->created_offset_min;
  self->status[i] = il_string_pool_intern (self->statuses, row->status, -1);
  self->error_message[i] = il_string_pool_intern (self->messages, row->error_message, -1);
  if (row->metadata != NULL)
    append_metadata (self, row->metadata, strlen (row->metadata));
  self->metadata_offset[i + 1] = PRIV (self)->metadata_len;

  self->n_rows++;
}

void
il_row_store_append_copy (IlRowStore       *self,
                          const IlRowStore *from,
                          guint             row)
{
  const char *metadata;
  gsize len;
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (from != NULL && row < from->n_rows);
  g_return_if_fail (!self->sealed);

  ensure_rows (self, 1);
  i = self->n_rows;
  self->metric_id[i] = from->metric_id[row];
  self->session[i] = intern_session (self, &from->session_ids[from->session[row]]);
  self->turn_number[i] = from->turn_number[row];
  self->step[i] = il_string_pool_intern (self->steps, il_row_store_get_step_name (from, row), -1);
  self->latency_ms[i] = from->latency_ms[row];
  self->started_at[i] = from->started_at[row];
  self->completed_at[i] = from->completed_at[row];
  self->created_at[i] = from->created_at[row];
  self->started_offset[i] = from->started_offset[row];
  self->completed_offset[i] = from->completed_offset[row];
  self->created_offset[i] = from->created_offset[row];
  self->status[i] = il_string_pool_intern (self->statuses, il_row_store_get_status (from, row), -1);
  self->error_message[i] = il_string_pool_intern (self->messages, il_row_store_get_error_message (from, row), -1);
  metadata = il_row_store_get_metadata (from, row, &len);
  if (metadata != NULL)
    append_metadata (self, metadata, len);
  self->metadata_offset[i + 1] = PRIV (self)->metadata_len;
  self->n_rows++;
}

IlStrId *
_il_row_store_remap_pool (IlStringPool *to,
                          IlStringPool *from)
{
  guint n = il_string_pool_get_size (from);
  IlStrId *map = g_new (IlStrId, n + 1);

  for (guint i = 0; i < n; i++)
    map[i] = il_string_pool_intern (to, il_string_pool_get (from, i), -1);
  return map;
}

static inline IlStrId
map_id (const IlStrId *map,
        IlStrId        id)
{
  return id == IL_STR_NONE ? IL_STR_NONE : map[id];
}

void
il_row_store_append_batch (IlRowStore *self,
                           IlRowBatch *batch)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (batch != NULL);

  _il_row_store_append_batch_copy (self, batch);
  il_row_batch_free (batch);
}

void
_il_row_store_append_batch_copy (IlRowStore       *self,
                                 const IlRowBatch *batch)
{
  g_autofree IlStrId *step_map = NULL;
  g_autofree IlStrId *status_map = NULL;
  g_autofree IlStrId *message_map = NULL;
  guint base, n;
  guint64 metadata_base;

  g_return_if_fail (self != NULL);
  g_return_if_fail (batch != NULL);
  g_return_if_fail (!self->sealed);

  n = batch->n_rows;
  il_row_store_add_batch_skipped (self, batch);
  /* An empty page (or one of only bad rows) has no columns to copy from. */
  if (n == 0)
    return;
  ensure_rows (self, n);
  base = self->n_rows;

  step_map = _il_row_store_remap_pool (self->steps, batch->steps);
  status_map = _il_row_store_remap_pool (self->statuses, batch->statuses);
  message_map = _il_row_store_remap_pool (self->messages, batch->messages);

  memcpy (self->metric_id + base, batch->metric_id, n * sizeof (IlUuid));
  memcpy (self->turn_number + base, batch->turn_number, n * sizeof (gint32));
  memcpy (self->latency_ms + base, batch->latency_ms, n * sizeof (double));
  memcpy (self->started_at + base, batch->started_at, n * sizeof (gint64));
  memcpy (self->completed_at + base, batch->completed_at, n * sizeof (gint64));
  memcpy (self->created_at + base, batch->created_at, n * sizeof (gint64));
  memcpy (self->started_offset + base, batch->started_offset, n * sizeof (gint16));
  memcpy (self->completed_offset + base, batch->completed_offset, n * sizeof (gint16));
  memcpy (self->created_offset + base, batch->created_offset, n * sizeof (gint16));

  metadata_base = PRIV (self)->metadata_len;
  append_metadata (self, batch->metadata->str, batch->metadata->len);

  for (guint i = 0; i < n; i++)
    {
      self->session[base + i] = intern_session (self, &batch->session_id[i]);
      self->step[base + i] = step_map[batch->step[i]];
      self->status[base + i] = status_map[batch->status[i]];
      self->error_message[base + i] = map_id (message_map, batch->error_message[i]);
      self->metadata_offset[base + i + 1] = metadata_base + batch->metadata_offset[i + 1];
    }

  self->n_rows += n;
}

void
il_row_store_add_skipped_at (IlRowStore   *self,
                             const gint64 *created_at,
                             guint         n_skipped,
                             const char   *first_reason)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->sealed);
  g_return_if_fail (n_skipped <= G_MAXUINT - self->n_skipped);

  if (n_skipped == 0)
    return;
  self->skipped_at = g_renew (gint64, self->skipped_at, self->n_skipped + n_skipped);
  for (guint i = 0; i < n_skipped; i++)
    self->skipped_at[self->n_skipped + i] = created_at != NULL ? created_at[i] : IL_SKIPPED_AT_UNKNOWN;
  self->n_skipped += n_skipped;
  if (self->first_skip_reason == NULL && first_reason != NULL)
    self->first_skip_reason = g_strdup (first_reason);
}

void
il_row_store_add_skipped (IlRowStore *self,
                          guint       n_skipped,
                          const char *first_reason)
{
  il_row_store_add_skipped_at (self, NULL, n_skipped, first_reason);
}

void
il_row_store_add_batch_skipped (IlRowStore       *self,
                                const IlRowBatch *batch)
{
  g_return_if_fail (batch != NULL);
  g_assert (batch->skipped_at->len == batch->n_skipped);

  il_row_store_add_skipped_at (self, (const gint64 *) (gpointer) batch->skipped_at->data, batch->n_skipped,
                               batch->skip_reason);
}

const char *
il_row_store_get_metadata (const IlRowStore *self,
                           guint             row,
                           gsize            *len)
{
  guint64 start, end;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  start = self->metadata_offset[row];
  end = self->metadata_offset[row + 1];
  if (len != NULL)
    *len = end - start;
  if (start == end)
    return NULL;
  return self->metadata_text + start;
}

void
_il_row_store_trim (IlRowStore *self)
{
  IlRowStorePriv *priv = PRIV (self);
  guint rows = ROWS_WITH_SLACK (self->n_rows);
  gsize metadata = METADATA_WITH_SLACK (priv->metadata_len);
  guint sessions = SESSIONS_WITH_SLACK (self->n_sessions);

  g_clear_pointer (&priv->session_slots, g_free);
  priv->session_mask = 0;
  /* Shared buffers never move; a store's own ones only shrink, to their
   * rows and some slack: growing would copy them. Even an empty store's
   * columns are not NULL. */
  if (priv->shared != NULL)
    return;
  if (priv->capacity > rows || priv->capacity == 0)
    resize_columns (self, MIN (MAX (priv->capacity, 1), rows));
  if (priv->metadata_capacity > metadata || priv->metadata_capacity == 0)
    {
      priv->metadata_capacity = MIN (MAX (priv->metadata_capacity, 1), metadata);
      self->metadata_text = g_realloc (self->metadata_text, priv->metadata_capacity);
    }
  if (priv->sessions_capacity > sessions || priv->sessions_capacity == 0)
    {
      priv->sessions_capacity = MIN (MAX (priv->sessions_capacity, 1), sessions);
      self->session_ids = g_renew (IlUuid, self->session_ids, priv->sessions_capacity);
    }
}

gsize
il_row_store_get_memory_size (const IlRowStore *self)
{
  const IlRowStorePriv *priv;
  gsize n, size;
  gsize per_row;

  g_return_val_if_fail (self != NULL, 0);

  priv = PRIV (self);
  n = self->sealed ? self->n_rows : priv->capacity;

  per_row = sizeof (IlUuid) + sizeof (guint32) + sizeof (gint32) + sizeof (IlStrId) +
            sizeof (double) + 3 * sizeof (gint64) + 3 * sizeof (gint16) +
            2 * sizeof (IlStrId) + sizeof (guint64);
  size = sizeof *self + sizeof *priv;
  /* a sealed store's slack is never written: it costs no memory */
  size += n * per_row + sizeof (guint64);
  size += self->sealed ? priv->metadata_len : priv->metadata_capacity;
  size += (gsize) (self->sealed ? self->n_sessions : priv->sessions_capacity) * sizeof (IlUuid);
  if (priv->session_slots != NULL)
    size += ((gsize) priv->session_mask + 1) * sizeof (guint32);
  size += _il_string_pool_memory_size (self->steps);
  size += _il_string_pool_memory_size (self->statuses);
  size += _il_string_pool_memory_size (self->messages);
  if (self->first_skip_reason != NULL)
    size += strlen (self->first_skip_reason) + 1;

  if (self->sealed)
    {
      /* by_latency, by_step_latency, by_session */
      size += 3 * (gsize) self->n_rows * sizeof (guint32);
      size += (il_string_pool_get_size (self->steps) + 1) * sizeof (guint32) * 2;
      size += ((gsize) self->n_sessions + 1) * sizeof (guint32);
    }

  return size;
}


void
_il_row_store_alloc_exact (IlRowStore *self,
                           guint       n_rows,
                           gsize       metadata_len,
                           guint       n_sessions)
{
  IlRowStorePriv *priv = PRIV (self);

  g_assert (!self->sealed && self->n_rows == 0 && self->n_sessions == 0);

  resize_columns (self, ROWS_WITH_SLACK (n_rows));
  priv->metadata_capacity = METADATA_WITH_SLACK (metadata_len);
  self->metadata_text = g_realloc (self->metadata_text, priv->metadata_capacity);
  priv->metadata_len = metadata_len;
  priv->sessions_capacity = SESSIONS_WITH_SLACK (n_sessions);
  self->session_ids = g_renew (IlUuid, self->session_ids, priv->sessions_capacity);
  self->n_rows = n_rows;
  self->n_sessions = n_sessions;
}

void
_il_row_store_append_from (IlRowStore              *self,
                           const IlRowStore * const *sources,
                           guint                     n_sources,
                           const guint8             *source_of,
                           const guint32            *rows,
                           guint                     n)
{
  g_autofree IlStrId **step_maps = g_new0 (IlStrId *, n_sources);
  g_autofree IlStrId **status_maps = g_new0 (IlStrId *, n_sources);
  g_autofree IlStrId **message_maps = g_new0 (IlStrId *, n_sources);
  g_autofree guint32 **session_maps = g_new0 (guint32 *, n_sources);
  gsize metadata_len = 0;
  guint base;

  g_assert (!self->sealed);

  for (guint i = 0; i < n; i++)
    {
      const IlRowStore *src = sources[source_of[i]];
      metadata_len += src->metadata_offset[rows[i] + 1] - src->metadata_offset[rows[i]];
    }
  /* one growth step for everything, with the slack a sealed store keeps */
  if (self->n_rows + n > PRIV (self)->capacity)
    resize_columns (self, ROWS_WITH_SLACK (self->n_rows + n));
  if (PRIV (self)->metadata_len + metadata_len > PRIV (self)->metadata_capacity)
    {
      g_assert (PRIV (self)->shared == NULL);
      PRIV (self)->metadata_capacity = METADATA_WITH_SLACK (PRIV (self)->metadata_len + metadata_len);
      self->metadata_text = g_realloc (self->metadata_text, PRIV (self)->metadata_capacity);
    }

  /* Sessions are mapped lazily: a source may contribute few rows. */
  for (guint s = 0; s < n_sources; s++)
    {
      step_maps[s] = _il_row_store_remap_pool (self->steps, sources[s]->steps);
      status_maps[s] = _il_row_store_remap_pool (self->statuses, sources[s]->statuses);
      message_maps[s] = _il_row_store_remap_pool (self->messages, sources[s]->messages);
      session_maps[s] = g_new (guint32, MAX (sources[s]->n_sessions, 1));
      memset (session_maps[s], 0xff, sizeof (guint32) * MAX (sources[s]->n_sessions, 1));
    }

  base = self->n_rows;
  for (guint i = 0; i < n; i++)
    {
      guint s = source_of[i];
      const IlRowStore *src = sources[s];
      guint r = rows[i];
      guint k = base + i;
      guint32 session = src->session[r];
      gsize len = src->metadata_offset[r + 1] - src->metadata_offset[r];

      if (session_maps[s][session] == G_MAXUINT32)
        session_maps[s][session] = intern_session (self, &src->session_ids[session]);
      self->metric_id[k] = src->metric_id[r];
      self->session[k] = session_maps[s][session];
      self->turn_number[k] = src->turn_number[r];
      self->step[k] = step_maps[s][src->step[r]];
      self->latency_ms[k] = src->latency_ms[r];
      self->started_at[k] = src->started_at[r];
      self->completed_at[k] = src->completed_at[r];
      self->created_at[k] = src->created_at[r];
      self->started_offset[k] = src->started_offset[r];
      self->completed_offset[k] = src->completed_offset[r];
      self->created_offset[k] = src->created_offset[r];
      self->status[k] = status_maps[s][src->status[r]];
      self->error_message[k] = map_id (message_maps[s], src->error_message[r]);
      if (len > 0)
        append_metadata (self, src->metadata_text + src->metadata_offset[r], len);
      self->metadata_offset[k + 1] = PRIV (self)->metadata_len;
    }
  self->n_rows += n;

  for (guint s = 0; s < n_sources; s++)
    {
      g_free (step_maps[s]);
      g_free (status_maps[s]);
      g_free (message_maps[s]);
      g_free (session_maps[s]);
    }
}
