/* il-row-merge.c: one store from a cached store and freshly fetched rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input is usually in full-fetch order already, so the merge is a
 * walk over sorted runs; an input that is not (demo rows, tests) is sorted
 * first. The result is in the order a fresh full fetch gives, so anything
 * that iterates rows (CSV export) gives the same bytes.
 */
#include "config.h"

#include <string.h>

#include "il-row-merge.h"
#include "il-row-merge-private.h"
#include "il-row-store-private.h"

int
il_row_store_compare_rows (const IlRowStore *a,
                           guint             row_a,
                           const IlRowStore *b,
                           guint             row_b)
{
  gint64 ta = a->created_at[row_a];
  gint64 tb = b->created_at[row_b];

  if (ta != tb)
    {
      if (ta == IL_TIME_NONE)
        return 1;
      if (tb == IL_TIME_NONE)
        return -1;
      return ta < tb ? -1 : 1;
    }
  return il_uuid_compare (&a->metric_id[row_a], &b->metric_id[row_b]);
}

typedef struct
{
  guint8   source;
  guint32  row;
} Ref;

typedef struct
{
  const IlRowStore * const *sources;
} SortCtx;

static int
compare_refs (gconstpointer pa, gconstpointer pb, gpointer data)
{
  const Ref *a = pa;
  const Ref *b = pb;
  const SortCtx *ctx = data;

  return il_row_store_compare_rows (ctx->sources[a->source], a->row,
                                    ctx->sources[b->source], b->row);
}

gboolean
_il_row_merge_old_row_kept (const IlRowStore *old,
                            guint             row,
                            gint64            created_min,
                            const IlTimeSpan *refetched,
                            guint             n_refetched,
                            gboolean          refetched_null)
{
  gint64 t = old->created_at[row];

  if (t == IL_TIME_NONE)
    return created_min == IL_TIME_NONE && !refetched_null;
  if (created_min != IL_TIME_NONE && t < created_min)
    return FALSE;
  for (guint k = 0; k < n_refetched; k++)
    if (il_time_span_contains (&refetched[k], t))
      return FALSE;
  return TRUE;
}

/* The old bad rows that were not read again: those of a span read again
 * are in a fresh store's count already. Rows whose time is unknown stay. */
void
_il_row_merge_add_old_skipped (IlRowStore       *store,
                               const IlRowStore *old,
                               gint64            created_min,
                               const IlTimeSpan *refetched,
                               guint             n_refetched,
                               gboolean          refetched_null)
{
  g_autofree gint64 *kept = g_new (gint64, MAX (old->n_skipped, 1));
  guint n = 0;

  for (guint i = 0; i < old->n_skipped; i++)
    {
      gint64 t = old->skipped_at != NULL ? old->skipped_at[i] : IL_SKIPPED_AT_UNKNOWN;
      gboolean keep = TRUE;

      if (t == IL_TIME_NONE)
        keep = created_min == IL_TIME_NONE && !refetched_null;
      else if (t != IL_SKIPPED_AT_UNKNOWN)
        {
          if (created_min != IL_TIME_NONE && t < created_min)
            keep = FALSE;
          for (guint k = 0; keep && k < n_refetched; k++)
            keep = !il_time_span_contains (&refetched[k], t);
        }
      if (keep)
        kept[n++] = t;
    }
  il_row_store_add_skipped_at (store, kept, n, old->first_skip_reason);
}

/* Merges two sorted runs of refs. */
static GArray *
merge_runs (GArray *a, GArray *b, const SortCtx *ctx)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Ref), a->len + b->len);
  guint i = 0, j = 0;

  /* Usually the fresh rows come after most old ones: copy that prefix in bulk. */
  if (b->len > 0)
    {
      guint lo = 0, hi = a->len;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (compare_refs (&g_array_index (a, Ref, mid), &g_array_index (b, Ref, 0), (gpointer) ctx) <= 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      g_array_append_vals (out, a->data, lo);
      i = lo;
    }

  while (i < a->len && j < b->len)
    {
      const Ref *x = &g_array_index (a, Ref, i);
      const Ref *y = &g_array_index (b, Ref, j);

      if (compare_refs (x, y, (gpointer) ctx) <= 0)
        {
          g_array_append_vals (out, x, 1);
          i++;
        }
      else
        {
          g_array_append_vals (out, y, 1);
          j++;
        }
    }
  if (i < a->len)
    g_array_append_vals (out, &g_array_index (a, Ref, i), a->len - i);
  if (j < b->len)
    g_array_append_vals (out, &g_array_index (b, Ref, j), b->len - j);
  g_array_unref (a);
  g_array_unref (b);
  return out;
}

static void
sort_run (GArray *run, const SortCtx *ctx)
{
  for (guint i = 1; i < run->len; i++)
    if (compare_refs (&g_array_index (run, Ref, i - 1), &g_array_index (run, Ref, i), (gpointer) ctx) > 0)
      {
        g_array_sort_with_data (run, compare_refs, (gpointer) ctx);
        return;
      }
}

IlRowStore *
il_row_store_merge (const IlRowStore   *old,
                    gint64              created_min,
                    const IlTimeSpan   *refetched,
                    guint               n_refetched,
                    gboolean            refetched_null,
                    IlRowStore * const *fresh,
                    guint               n_fresh)
{
  if (old != NULL && n_fresh == 1)
    {
      IlRowStore *store = _il_row_store_try_extend (old, created_min, refetched, n_refetched,
                                                    refetched_null, fresh[0]);

      if (store != NULL)
        return store;
    }
  return _il_row_store_merge_copy (old, created_min, refetched, n_refetched, refetched_null,
                                   fresh, n_fresh);
}

IlRowStore *
_il_row_store_merge_copy (const IlRowStore   *old,
                          gint64              created_min,
                          const IlTimeSpan   *refetched,
                          guint               n_refetched,
                          gboolean            refetched_null,
                          IlRowStore * const *fresh,
                          guint               n_fresh)
{
  g_autofree const IlRowStore **sources = g_new0 (const IlRowStore *, n_fresh + 1);
  g_autoptr(GHashTable) fresh_ids = g_hash_table_new (_il_uuid_hash, _il_uuid_equal);
  g_autofree guint64 *filter = g_new0 (guint64, IL_ID_FILTER_BITS / 64);
  SortCtx ctx = { NULL };
  GArray *merged = NULL;
  IlRowStore *store = il_row_store_new ();
  g_autofree guint8 *source_of = NULL;
  g_autofree guint32 *rows = NULL;
  guint n_sources = 0;
  guint n = 0;

  g_return_val_if_fail (n_fresh < 250, NULL);
  g_return_val_if_fail (n_refetched == 0 || refetched != NULL, NULL);

  /* Later stores win over earlier ones, fresh over old. */
  for (guint f = n_fresh; f-- > 0;)
    {
      GArray *run = g_array_sized_new (FALSE, FALSE, sizeof (Ref), fresh[f]->n_rows);

      sources[n_sources] = fresh[f];
      ctx.sources = sources;
      for (guint r = 0; r < fresh[f]->n_rows; r++)
        {
          Ref ref = { n_sources, r };

          if (g_hash_table_contains (fresh_ids, &fresh[f]->metric_id[r]))
            continue;
          g_hash_table_add (fresh_ids, &fresh[f]->metric_id[r]);
          _il_id_filter_add (filter, &fresh[f]->metric_id[r]);
          g_array_append_val (run, ref);
        }
      sort_run (run, &ctx);
      merged = merged == NULL ? run : merge_runs (merged, run, &ctx);
      il_row_store_add_skipped_at (store, fresh[f]->skipped_at, fresh[f]->n_skipped, fresh[f]->first_skip_reason);
      n_sources++;
    }

  if (old != NULL)
    {
      GArray *run = g_array_sized_new (FALSE, FALSE, sizeof (Ref), old->n_rows);
      gboolean check_ids = g_hash_table_size (fresh_ids) > 0;

      sources[n_sources] = old;
      ctx.sources = sources;
      for (guint r = 0; r < old->n_rows; r++)
        {
          Ref ref = { n_sources, r };

          if (!_il_row_merge_old_row_kept (old, r, created_min, refetched, n_refetched, refetched_null))
            continue;
          if (check_ids
              && _il_id_filter_has (filter, &old->metric_id[r])
              && g_hash_table_contains (fresh_ids, &old->metric_id[r]))
            continue;
          g_array_append_val (run, ref);
        }
      sort_run (run, &ctx);
      merged = merged == NULL ? run : merge_runs (merged, run, &ctx);
      _il_row_merge_add_old_skipped (store, old, created_min, refetched, n_refetched, refetched_null);
      n_sources++;
    }

  if (merged != NULL)
    {
      n = merged->len;
      source_of = g_new (guint8, MAX (n, 1));
      rows = g_new (guint32, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          source_of[i] = g_array_index (merged, Ref, i).source;
          rows[i] = g_array_index (merged, Ref, i).row;
        }
      g_array_unref (merged);
      _il_row_store_append_from (store, sources, n_sources, source_of, rows, n);
    }
  _il_row_store_trim (store);
  il_row_store_seal (store);
  return store;
}

gboolean
il_row_store_rows_equal (const IlRowStore *a,
                         guint             row_a,
                         const IlRowStore *b,
                         guint             row_b)
{
  gsize len_a, len_b;
  const char *meta_a = il_row_store_get_metadata (a, row_a, &len_a);
  const char *meta_b = il_row_store_get_metadata (b, row_b, &len_b);

  return memcmp (&a->metric_id[row_a], &b->metric_id[row_b], sizeof (IlUuid)) == 0
         && memcmp (&a->session_ids[a->session[row_a]], &b->session_ids[b->session[row_b]], sizeof (IlUuid)) == 0
         && a->turn_number[row_a] == b->turn_number[row_b]
         && memcmp (&a->latency_ms[row_a], &b->latency_ms[row_b], sizeof (double)) == 0
         && a->started_at[row_a] == b->started_at[row_b]
         && a->completed_at[row_a] == b->completed_at[row_b]
         && a->created_at[row_a] == b->created_at[row_b]
         && a->started_offset[row_a] == b->started_offset[row_b]
         && a->completed_offset[row_a] == b->completed_offset[row_b]
         && a->created_offset[row_a] == b->created_offset[row_b]
         && g_strcmp0 (il_row_store_get_step_name (a, row_a), il_row_store_get_step_name (b, row_b)) == 0
         && g_strcmp0 (il_row_store_get_status (a, row_a), il_row_store_get_status (b, row_b)) == 0
         && g_strcmp0 (il_row_store_get_error_message (a, row_a), il_row_store_get_error_message (b, row_b)) == 0
         && len_a == len_b
         && (len_a == 0 || memcmp (meta_a, meta_b, len_a) == 0);
}
