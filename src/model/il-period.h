/* il-period.h: the figures of the period before the analysed range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A range of N days ends now and starts N x 24 h before; the previous period
 * is the N x 24 h before that: [now - 2N days, now - N days). Both are spans
 * of exact hours, so they do not depend on the time zone: a day that a clock
 * change makes 23 or 25 h long locally is still 24 h of data here. "All data"
 * has no previous period.
 */
#pragma once

#include "il-aggregates.h"

G_BEGIN_DECLS

/* [*from, *to): the previous period of the @days days ending at @now (UTC us). */
void il_period_previous_window (gint64  now,
                                guint   days,
                                gint64 *from,
                                gint64 *to);

typedef struct
{
  char    *name;
  guint64  count;
  double   mean, p50, p95, p99;
  double   error_rate_pct;
} IlPeriodStep;

typedef struct
{
  gint64        from, to;        /* created_at in [from, to), UTC us */
  IlKeyMetrics  key;
  IlPeriodStep *steps;           /* sorted by step name (byte order) */
  guint         n_steps;
} IlPeriodFigures;

/* The figures of the rows of @store that pass @filter (its created_at bounds
 * replaced by [@from, @to)), with the definitions of il_aggregates_compute().
 * @filter may be NULL (every row). Thread-safe: call it from a worker. */
IlPeriodFigures    *il_period_figures_compute   (IlRowStore            *store,
                                                 const IlFilter        *filter,
                                                 gint64                 from,
                                                 gint64                 to);
/* The same figures from aggregates already computed for [@from, @to). */
IlPeriodFigures    *il_period_figures_from_aggregates (const IlAggregates *agg,
                                                       gint64              from,
                                                       gint64              to);
IlPeriodFigures    *il_period_figures_copy      (const IlPeriodFigures *self);
void                il_period_figures_free      (IlPeriodFigures       *self);
/* NULL when the previous period has no row of that step. */
const IlPeriodStep *il_period_figures_find_step (const IlPeriodFigures *self,
                                                 const char            *name);

typedef enum
{
  IL_CHANGE_NONE,                /* nothing to compare (a side has no figure) */
  IL_CHANGE_SAME,
  IL_CHANGE_BETTER,
  IL_CHANGE_WORSE,
} IlChange;

/* How @current compares with @previous: *abs_change = current - previous,
 * *rel_change_pct = that over |previous| x 100 (NAN when previous is 0).
 * For latencies and error rates lower is better (@higher_is_better FALSE). */
IlChange il_period_compare (double    current,
                            double    previous,
                            gboolean  higher_is_better,
                            double   *abs_change,
                            double   *rel_change_pct);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlPeriodFigures, il_period_figures_free)

G_END_DECLS
