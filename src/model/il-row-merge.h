/* il-row-merge.h: one store from a cached store and freshly fetched rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* A half-open span [lo, hi) of created_at; hi IL_TIME_NONE = no upper bound,
 * lo IL_TIME_NONE = no lower bound (rows with a null created_at are never in
 * a span). */
typedef struct
{
  gint64 lo;
  gint64 hi;
} IlTimeSpan;

static inline gboolean
il_time_span_contains (const IlTimeSpan *span,
                       gint64            t)
{
  return t != IL_TIME_NONE
         && (span->lo == IL_TIME_NONE || t >= span->lo)
         && (span->hi == IL_TIME_NONE || t < span->hi);
}

/* Rows in the order of a full fetch: created_at ascending, then metric_id,
 * rows with a null created_at last (by metric_id). */
int         il_row_store_compare_rows (const IlRowStore *a,
                                       guint             row_a,
                                       const IlRowStore *b,
                                       guint             row_b);

/* Every field of the two rows is the same, to the byte. */
gboolean    il_row_store_rows_equal   (const IlRowStore *a,
                                       guint             row_a,
                                       const IlRowStore *b,
                                       guint             row_b);

/**
 * il_row_store_merge:
 * @old: (nullable): the rows known so far
 * @created_min: rows of @old older than this are dropped; IL_TIME_NONE keeps
 *   every row, a null created_at included (otherwise those are dropped)
 * @refetched: spans that were read again: @old's rows in them are dropped
 * @n_refetched: length of @refetched
 * @refetched_null: the rows with a null created_at were read again
 * @fresh: stores fetched from the server; a row in them replaces the row of
 *   @old with the same metric_id, wherever it was
 * @n_fresh: length of @fresh (at most 250)
 *
 * Returns: (transfer full): a new sealed store in full-fetch order
 * (il_row_store_compare_rows), without duplicate metric_ids. The skipped
 * counts are those of @fresh plus @old's.
 */
IlRowStore *il_row_store_merge        (const IlRowStore        *old,
                                       gint64                   created_min,
                                       const IlTimeSpan        *refetched,
                                       guint                    n_refetched,
                                       gboolean                 refetched_null,
                                       IlRowStore * const      *fresh,
                                       guint                    n_fresh);

G_END_DECLS
