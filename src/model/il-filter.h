/* il-filter.h: which rows of a store the dashboard looks at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* A plain value type; il_filter_init() gives "every row". */
typedef struct
{
  /* created_at bounds: created_min <= created_at < created_max. IL_TIME_NONE
   * means unbounded. With any bound set, rows whose created_at is null are out. */
  gint64       created_min;
  gint64       created_max;
  /* Steps / statuses to keep, as sets of ids of the store's pools (GHashTable of
   * GUINT_TO_POINTER (id + 1)); NULL keeps all. An empty set keeps none. */
  GHashTable  *steps;
  GHashTable  *statuses;
  /* latency bounds, inclusive; -INFINITY / INFINITY for none */
  double       min_latency_ms;
  double       max_latency_ms;
} IlFilter;

void      il_filter_init     (IlFilter         *filter);
/* Frees the sets and resets to "every row". */
void      il_filter_clear    (IlFilter         *filter);
void      il_filter_copy     (IlFilter         *dest,
                              const IlFilter   *src);
/* Whether both keep the same rows of any store: the same bounds and sets. */
gboolean  il_filter_equal    (const IlFilter   *a,
                              const IlFilter   *b);
gboolean  il_filter_matches  (const IlFilter   *filter,
                              const IlRowStore *store,
                              guint             row);
/* Row ids passing the filter, in store order. */
guint32  *il_filter_apply    (const IlFilter   *filter,
                              const IlRowStore *store,
                              guint            *n_rows);

G_END_DECLS
