/* il-aggregate-charts-private.h: what the aggregate chart adapters share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An adapter's build function fills an IlAdapter with the data of a generic
 * renderer (klass, data), or returns FALSE for the empty state; its draw and
 * query functions hand the build function to _il_adapter_draw / _query.
 */
#pragma once

#include "il-aggregate-charts.h"
#include "il-chart-private.h"

G_BEGIN_DECLS

typedef struct
{
  const IlChartClass *klass;
  gconstpointer       data;
  const char         *empty_message;   /* when there is nothing to show */
  union
  {
    IlBarChartData       bars;
    IlLineSeriesData     lines;
    IlDonutData          donut;
    IlMatrixData         matrix;
    IlHistogramChartData histogram;
  } u;
  /* owned */
  const char  **labels;
  char        **strings;
  double       *values;
  double       *x;
  IlColor      *colors;
  IlLineSeries *series;
} IlAdapter;

static inline void
il_adapter_clear (IlAdapter *a)
{
  g_free (a->labels);
  g_strfreev (a->strings);
  g_free (a->values);
  g_free (a->x);
  g_free (a->colors);
  g_free (a->series);
}

static inline gboolean
has_rows (const IlAggregates *agg)
{
  return agg != NULL && agg->key.total_records > 0;
}

static inline const char **
step_names (const IlAggregates *agg)
{
  const char **labels = g_new (const char *, MAX (agg->n_steps, 1));

  for (guint i = 0; i < agg->n_steps; i++)
    labels[i] = agg->steps[i].name ? agg->steps[i].name : "";
  return labels;
}

typedef gboolean (*IlAdapterBuild) (const IlAggregates *agg,
                                    const IlChartStyle *style,
                                    IlAdapter          *a);

void  _il_adapter_draw  (IlAdapterBuild      build,
                         cairo_t            *cr,
                         gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height);
char *_il_adapter_query (IlAdapterBuild      build,
                         gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height,
                         double              x,
                         double              y);

G_END_DECLS
