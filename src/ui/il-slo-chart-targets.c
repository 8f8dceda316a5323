/* il-slo-chart-targets.c: the latency targets of a view, as charts draw them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-slo-chart-targets.h"

IlSloChartTargets *
il_slo_chart_targets_new (IlSloView  *view,
                          IlSnapshot *snapshot)
{
  IlSloChartTargets *self = g_new0 (IlSloChartTargets, 1);
  const IlAggregates *agg;
  gsize n_flags = 0, used = 0;

  if (view == NULL || snapshot == NULL || view->snapshot != snapshot)
    return self;

  agg = il_snapshot_get_aggregates (snapshot);
  self->view = il_slo_view_ref (view);
  self->targets = g_new0 (IlChartTarget, MAX (view->results->len, 1));
  for (guint i = 0; i < view->results->len; i++)
    if (view->buckets->pdata[i] != NULL)
      n_flags += ((IlSloBuckets *) view->buckets->pdata[i])->n_buckets;
  self->flags = g_new0 (gboolean, MAX (n_flags, 1));

  for (guint i = 0; i < view->results->len; i++)
    {
      const IlSloResult *r = &g_array_index (view->results, IlSloResult, i);
      const IlSloBuckets *b = view->buckets->pdata[i];
      IlChartTarget *t;
      gint step;

      if (r->statistic == IL_SLO_ERROR_RATE || r->status == IL_SLO_NO_DATA)
        continue;
      step = il_slo_find_step (agg, r->step);
      if (step < 0)
        continue;
      t = &self->targets[self->n_targets++];
      t->series = (guint) step;
      t->value = r->bound;
      t->breached = r->status == IL_SLO_BREACHED;
      if (b != NULL && b->n_buckets == agg->trend.n_buckets)
        {
          gboolean *flags = self->flags + used;

          for (guint k = 0; k < b->n_buckets; k++)
            flags[k] = b->status[k] == IL_SLO_BREACHED;
          used += b->n_buckets;
          t->breached_points = flags;
        }
    }
  return self;
}

void
il_slo_chart_targets_free (IlSloChartTargets *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->view, il_slo_view_unref);
  g_free (self->targets);
  g_free (self->flags);
  g_free (self);
}
