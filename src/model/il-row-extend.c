/* il-row-extend.c: merging by appending to the cached store's buffers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A refresh usually reads a few minutes again and finds some new rows after
 * the newest cached one. Copying a million cached rows into a new store to
 * add them writes a hundred megabytes of fresh memory, and faulting those
 * pages in is most of the cost; here the new store shares the cached
 * store's columns and writes only the new rows past their end.
 */
#include "config.h"

#include "il-row-merge-private.h"
#include "il-row-store-private.h"

/* The fresh ids, when none is repeated. */
static GHashTable *
index_fresh_ids (const IlRowStore *fresh,
                 guint64          *filter)
{
  GHashTable *ids = g_hash_table_new (_il_uuid_hash, _il_uuid_equal);

  for (guint r = 0; r < fresh->n_rows; r++)
    {
      if (!g_hash_table_insert (ids, &fresh->metric_id[r], GUINT_TO_POINTER (r + 1)))
        {
          g_hash_table_unref (ids);
          return NULL;
        }
      _il_id_filter_add (filter, &fresh->metric_id[r]);
    }
  return ids;
}

static int
compare_fresh_rows (gconstpointer a,
                    gconstpointer b,
                    gpointer      fresh)
{
  return il_row_store_compare_rows (fresh, *(const guint32 *) a, fresh, *(const guint32 *) b);
}

/* Whether the copying merge would put old's rows first, in old's order and
 * unchanged, and old's sessions in the order of their first rows, as it
 * numbers them; marks the fresh rows that only read an old row again. */
static gboolean
old_rows_stay (const IlRowStore *old,
               gint64            created_min,
               const IlTimeSpan *refetched,
               guint             n_refetched,
               gboolean          refetched_null,
               const IlRowStore *fresh,
               GHashTable       *fresh_ids,
               const guint64    *filter,
               guint8           *read_again)
{
  guint next_session = 0;

  for (guint r = 0; r < old->n_rows; r++)
    {
      gpointer found = NULL;

      if (r > 0 && il_row_store_compare_rows (old, r - 1, old, r) >= 0)
        return FALSE;
      if (old->session[r] > next_session)
        return FALSE;
      if (old->session[r] == next_session)
        next_session++;

      if (_il_id_filter_has (filter, &old->metric_id[r]))
        found = g_hash_table_lookup (fresh_ids, &old->metric_id[r]);
      if (found != NULL)
        {
          guint f = GPOINTER_TO_UINT (found) - 1;

          /* read again: only unchanged is the same row in the same place */
          if (!il_row_store_rows_equal (old, r, fresh, f))
            return FALSE;
          read_again[f] = TRUE;
        }
      else if (!_il_row_merge_old_row_kept (old, r, created_min, refetched, n_refetched, refetched_null))
        return FALSE;   /* deleted */
    }
  return next_session == old->n_sessions;
}

IlRowStore *
_il_row_store_try_extend (const IlRowStore *old,
                          gint64            created_min,
                          const IlTimeSpan *refetched,
                          guint             n_refetched,
                          gboolean          refetched_null,
                          const IlRowStore *fresh)
{
  g_autofree guint64 *filter = NULL;
  g_autoptr(GHashTable) fresh_ids = NULL;
  g_autoptr(GHashTable) new_sessions = NULL;
  g_autofree guint8 *read_again = NULL;
  g_autofree guint32 *rows = NULL;
  g_autofree guint8 *source_of = NULL;
  const IlRowStore *sources[1] = { fresh };
  IlRowStore *store;
  gsize metadata = 0;
  guint n_new = 0;

  if (!old->sealed || old->n_rows == 0)
    return NULL;

  filter = g_new0 (guint64, IL_ID_FILTER_BITS / 64);
  fresh_ids = index_fresh_ids (fresh, filter);
  if (fresh_ids == NULL)
    return NULL;
  read_again = g_new0 (guint8, MAX (fresh->n_rows, 1));
  if (!old_rows_stay (old, created_min, refetched, n_refetched, refetched_null,
                      fresh, fresh_ids, filter, read_again))
    return NULL;

  /* the rows that are new, in full-fetch order, all after the newest old one */
  rows = g_new (guint32, MAX (fresh->n_rows, 1));
  for (guint r = 0; r < fresh->n_rows; r++)
    if (!read_again[r])
      {
        rows[n_new++] = r;
        metadata += fresh->metadata_offset[r + 1] - fresh->metadata_offset[r];
      }
  for (guint i = 1; i < n_new; i++)
    if (il_row_store_compare_rows (fresh, rows[i - 1], fresh, rows[i]) > 0)
      {
        g_qsort_with_data (rows, n_new, sizeof (guint32), compare_fresh_rows, (gpointer) fresh);
        break;
      }
  if (n_new > 0 && il_row_store_compare_rows (old, old->n_rows - 1, fresh, rows[0]) >= 0)
    return NULL;

  store = _il_row_store_new_extending ((IlRowStore *) old);
  new_sessions = g_hash_table_new (_il_uuid_hash, _il_uuid_equal);
  for (guint i = 0; i < n_new; i++)
    {
      const IlUuid *session = &fresh->session_ids[fresh->session[rows[i]]];

      if (_il_row_store_find_session (store, session) == G_MAXUINT32)
        g_hash_table_add (new_sessions, (gpointer) session);
    }
  if (!_il_row_store_claim_tail (store, n_new, g_hash_table_size (new_sessions), metadata))
    {
      il_row_store_unref (store);
      return NULL;
    }
  /* as the copying merge counts bad rows: the fresh ones, then the old
   * ones not read again */
  il_row_store_add_skipped_at (store, fresh->skipped_at, fresh->n_skipped, fresh->first_skip_reason);
  _il_row_merge_add_old_skipped (store, old, created_min, refetched, n_refetched, refetched_null);
  source_of = g_new0 (guint8, MAX (n_new, 1));
  _il_row_store_append_from (store, sources, 1, source_of, rows, n_new);
  _il_row_store_end_extending (store);
  _il_row_store_seal_extended (store, old);
  return store;
}
