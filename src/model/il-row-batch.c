/* il-row-batch.c: the rows of one page, column by column, before they join a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "il-row-store.h"
#include "il-row-store-private.h"

IlStrId
_il_row_batch_intern (IlStringPool  *pool,
                      IlInternCache *cache,
                      const char    *str)
{
  IlStrId id;

  if (str == NULL)
    return IL_STR_NONE;
  for (guint k = 0; k < cache->n; k++)
    if (cache->str[k][0] == str[0] && strcmp (cache->str[k], str) == 0)
      return cache->id[k];

  id = il_string_pool_intern (pool, str, -1);
  if (cache->n < IL_INTERN_CACHE_SIZE)
    {
      cache->str[cache->n] = il_string_pool_get (pool, id);
      cache->id[cache->n] = id;
      cache->n++;
    }
  return id;
}

IlRowBatch *
_il_row_batch_new (void)
{
  IlRowBatch *batch = g_new0 (IlRowBatch, 1);

  batch->metadata_offset = g_new (guint32, 1);
  batch->metadata_offset[0] = 0;
  batch->metadata = g_string_sized_new (1024);
  batch->skipped_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  batch->steps = il_string_pool_new ();
  batch->statuses = il_string_pool_new ();
  batch->messages = il_string_pool_new ();
  return batch;
}

void
_il_row_batch_reserve (IlRowBatch *batch,
                       guint       n)
{
  if (n <= batch->capacity)
    return;
  batch->capacity = n;
  batch->metric_id = g_renew (IlUuid, batch->metric_id, n);
  batch->session_id = g_renew (IlUuid, batch->session_id, n);
  batch->turn_number = g_renew (gint32, batch->turn_number, n);
  batch->step = g_renew (IlStrId, batch->step, n);
  batch->latency_ms = g_renew (double, batch->latency_ms, n);
  batch->started_at = g_renew (gint64, batch->started_at, n);
  batch->completed_at = g_renew (gint64, batch->completed_at, n);
  batch->created_at = g_renew (gint64, batch->created_at, n);
  batch->started_offset = g_renew (gint16, batch->started_offset, n);
  batch->completed_offset = g_renew (gint16, batch->completed_offset, n);
  batch->created_offset = g_renew (gint16, batch->created_offset, n);
  batch->status = g_renew (IlStrId, batch->status, n);
  batch->error_message = g_renew (IlStrId, batch->error_message, n);
  batch->metadata_offset = g_renew (guint32, batch->metadata_offset, n + 1);
}

void
_il_row_batch_reset (IlRowBatch *batch)
{
  batch->n_rows = 0;
  batch->n_skipped = 0;
  g_clear_pointer (&batch->skip_reason, g_free);
  g_array_set_size (batch->skipped_at, 0);
  g_string_truncate (batch->metadata, 0);
  batch->metadata_offset[0] = 0;
  _il_string_pool_clear (batch->steps);
  _il_string_pool_clear (batch->statuses);
  _il_string_pool_clear (batch->messages);
  batch->step_cache.n = 0;
  batch->status_cache.n = 0;
  batch->message_cache.n = 0;
}

void
il_row_batch_free (IlRowBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->metric_id);
  g_free (batch->session_id);
  g_free (batch->turn_number);
  g_free (batch->step);
  g_free (batch->latency_ms);
  g_free (batch->started_at);
  g_free (batch->completed_at);
  g_free (batch->created_at);
  g_free (batch->started_offset);
  g_free (batch->completed_offset);
  g_free (batch->created_offset);
  g_free (batch->status);
  g_free (batch->error_message);
  g_free (batch->metadata_offset);
  g_string_free (batch->metadata, TRUE);
  il_string_pool_free (batch->steps);
  il_string_pool_free (batch->statuses);
  il_string_pool_free (batch->messages);
  g_free (batch->skip_reason);
  g_array_unref (batch->skipped_at);
  g_free (batch);
}

guint
il_row_batch_get_n_rows (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->n_rows;
}

guint
il_row_batch_get_n_skipped (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->n_skipped;
}

gsize
il_row_batch_get_metadata_size (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->metadata_offset != NULL ? batch->metadata_offset[batch->n_rows] : 0;
}

const char *
il_row_batch_get_skip_reason (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);
  return batch->skip_reason;
}

gboolean
il_row_batch_get_last_key (const IlRowBatch *batch,
                           gint64           *created_at,
                           gint16           *created_offset_min,
                           IlUuid           *metric_id)
{
  guint last;

  g_return_val_if_fail (batch != NULL, FALSE);

  if (batch->n_rows == 0)
    return FALSE;
  last = batch->n_rows - 1;
  if (created_at != NULL)
    *created_at = batch->created_at[last];
  if (created_offset_min != NULL)
    *created_offset_min = batch->created_offset[last];
  if (metric_id != NULL)
    *metric_id = batch->metric_id[last];
  return TRUE;
}

void
_il_row_batch_skip (IlRowBatch *batch,
                    guint       index,
                    const char *field,
                    IlBadKind   kind,
                    gint64      created_at)
{
  batch->n_skipped++;
  g_array_append_val (batch->skipped_at, created_at);
  if (batch->skip_reason != NULL)
    return;

  /* Row numbers are 0-based positions in the page's array. */
  switch (kind)
    {
    case IL_BAD_MISSING:
      batch->skip_reason = g_strdup_printf (_("row %u: missing field \"%s\""), index, field);
      break;
    case IL_BAD_NULL:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is null"), index, field);
      break;
    case IL_BAD_NOT_STRING:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a string"), index, field);
      break;
    case IL_BAD_NOT_NUMBER:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a number"), index, field);
      break;
    case IL_BAD_NOT_INTEGER:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not an integer"), index, field);
      break;
    case IL_BAD_UUID:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a valid uuid"), index, field);
      break;
    case IL_BAD_TIMESTAMP:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a valid timestamp"),
                                            index, field);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_il_row_batch_skip_element (IlRowBatch *batch,
                            guint       index,
                            const char *kind)
{
  gint64 unknown = IL_SKIPPED_AT_UNKNOWN;

  batch->n_skipped++;
  g_array_append_val (batch->skipped_at, unknown);
  if (batch->skip_reason == NULL)
    batch->skip_reason = g_strdup_printf (_("row %u: %s instead of an object"), index, kind);
}

static gboolean
str_equal (const IlStringPool *a,
           IlStrId             ia,
           const IlStringPool *b,
           IlStrId             ib)
{
  return g_strcmp0 (il_string_pool_get (a, ia), il_string_pool_get (b, ib)) == 0;
}

char *
_il_row_batch_diff (const IlRowBatch *a,
                    const IlRowBatch *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  if (a->n_rows != b->n_rows)
    return g_strdup_printf ("%u rows vs %u", a->n_rows, b->n_rows);
  if (a->n_skipped != b->n_skipped)
    return g_strdup_printf ("%u skipped vs %u", a->n_skipped, b->n_skipped);
  if (g_strcmp0 (a->skip_reason, b->skip_reason) != 0)
    return g_strdup_printf ("skip reason \"%s\" vs \"%s\"", a->skip_reason, b->skip_reason);

  for (guint i = 0; i < a->n_rows; i++)
    {
      const char *what = NULL;
      guint32 ma = a->metadata_offset[i], mb = b->metadata_offset[i];
      guint32 la = a->metadata_offset[i + 1] - ma, lb = b->metadata_offset[i + 1] - mb;

      if (memcmp (&a->metric_id[i], &b->metric_id[i], sizeof (IlUuid)) != 0)
        what = "metric_id";
      else if (memcmp (&a->session_id[i], &b->session_id[i], sizeof (IlUuid)) != 0)
        what = "session_id";
      else if (a->turn_number[i] != b->turn_number[i])
        what = "turn_number";
      else if (!str_equal (a->steps, a->step[i], b->steps, b->step[i]))
        what = "step_name";
      else if (memcmp (&a->latency_ms[i], &b->latency_ms[i], sizeof (double)) != 0)
        what = "latency_ms";
      else if (a->started_at[i] != b->started_at[i] || a->started_offset[i] != b->started_offset[i])
        what = "started_at";
      else if (a->completed_at[i] != b->completed_at[i] ||
               a->completed_offset[i] != b->completed_offset[i])
        what = "completed_at";
      else if (!str_equal (a->statuses, a->status[i], b->statuses, b->status[i]))
        what = "status";
      else if ((a->error_message[i] == IL_STR_NONE) != (b->error_message[i] == IL_STR_NONE) ||
               !str_equal (a->messages, a->error_message[i], b->messages, b->error_message[i]))
        what = "error_message";
      else if (la != lb || memcmp (a->metadata->str + ma, b->metadata->str + mb, la) != 0)
        return g_strdup_printf ("row %u: metadata %.*s vs %.*s", i,
                                (int) la, a->metadata->str + ma, (int) lb, b->metadata->str + mb);
      else if (a->created_at[i] != b->created_at[i] || a->created_offset[i] != b->created_offset[i])
        what = "created_at";
      if (what != NULL)
        return g_strdup_printf ("row %u: %s differs", i, what);
    }
  return NULL;
}
