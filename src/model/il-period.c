/* il-period.c: the figures of the period before the analysed range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "il-period.h"

#include <math.h>

#define US_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

void
il_period_previous_window (gint64  now,
                           guint   days,
                           gint64 *from,
                           gint64 *to)
{
  g_return_if_fail (from != NULL && to != NULL);

  *to = now - (gint64) days * US_PER_DAY;
  *from = now - 2 * (gint64) days * US_PER_DAY;
}

/**
 * il_period_figures_compute:
 * @store: a sealed store
 * @filter: (nullable): the other filters of the range (steps, statuses, latency)
 * @from: first created_at, inclusive
 * @to: last created_at, exclusive
 *
 * The same rows are already in the store when it was fetched for twice the
 * range, so this is a filter over them, not another fetch.
 *
 * Returns: (transfer full): the figures of [@from, @to)
 */
IlPeriodFigures *
il_period_figures_compute (IlRowStore     *store,
                           const IlFilter *filter,
                           gint64          from,
                           gint64          to)
{
  g_autoptr(IlAggregates) agg = NULL;
  IlAggregateOptions options;
  IlFilter period;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (from <= to, NULL);

  if (filter != NULL)
    il_filter_copy (&period, filter);
  else
    il_filter_init (&period);
  period.created_min = from;
  period.created_max = to;
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &period, &options);
  il_filter_clear (&period);

  return il_period_figures_from_aggregates (agg, from, to);
}

/**
 * il_period_figures_from_aggregates:
 * @agg: figures of the rows of [@from, @to), however they were computed
 *
 * Returns: (transfer full): the part of @agg a comparison needs; the database
 * summary of the previous period gives them as well as the rows do.
 */
IlPeriodFigures *
il_period_figures_from_aggregates (const IlAggregates *agg,
                                   gint64              from,
                                   gint64              to)
{
  IlPeriodFigures *self;

  g_return_val_if_fail (agg != NULL, NULL);

  self = g_new0 (IlPeriodFigures, 1);
  self->from = from;
  self->to = to;
  self->key = agg->key;
  self->n_steps = agg->n_steps;
  self->steps = g_new0 (IlPeriodStep, MAX (agg->n_steps, 1));
  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];
      IlPeriodStep *out = &self->steps[i];

      out->name = g_strdup (st->name);
      out->count = st->count;
      out->mean = st->mean;
      out->p50 = st->p50;
      out->p95 = st->p95;
      out->p99 = st->p99;
      out->error_rate_pct = st->error_rate_pct;
    }

  return self;
}

IlPeriodFigures *
il_period_figures_copy (const IlPeriodFigures *self)
{
  IlPeriodFigures *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->steps = g_memdup2 (self->steps, sizeof (IlPeriodStep) * MAX (self->n_steps, 1));
  for (guint i = 0; i < self->n_steps; i++)
    copy->steps[i].name = g_strdup (self->steps[i].name);
  return copy;
}

void
il_period_figures_free (IlPeriodFigures *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_steps; i++)
    g_free (self->steps[i].name);
  g_free (self->steps);
  g_free (self);
}

const IlPeriodStep *
il_period_figures_find_step (const IlPeriodFigures *self,
                             const char            *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_steps; i++)
    if (g_strcmp0 (self->steps[i].name, name) == 0)
      return &self->steps[i];
  return NULL;
}

IlChange
il_period_compare (double    current,
                   double    previous,
                   gboolean  higher_is_better,
                   double   *abs_change,
                   double   *rel_change_pct)
{
  double d = current - previous;

  if (abs_change != NULL)
    *abs_change = isfinite (d) ? d : NAN;
  if (rel_change_pct != NULL)
    *rel_change_pct = isfinite (d) && previous != 0 ? d / fabs (previous) * 100.0 : NAN;

  if (!isfinite (d))
    return IL_CHANGE_NONE;
  if (d == 0)
    return IL_CHANGE_SAME;
  return (d > 0) == !!higher_is_better ? IL_CHANGE_BETTER : IL_CHANGE_WORSE;
}
