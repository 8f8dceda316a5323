/* il-box-plot-chart.h: one box per step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"
#include "il-chart-layout.h"

G_BEGIN_DECLS

/* At most this many outliers are drawn per step (min, max and evenly spaced ones). */
#define IL_BOX_PLOT_MAX_OUTLIERS 300

/* The value axis turns logarithmic when every Q1 is above zero and
 * max / (smallest positive min, low whisker or Q1) exceeds this, or a tenth of it while the
 * highest Q3 is under a tenth of the max (boxes squashed by outliers).
 * Values at or below the axis' min sit on it. */
#define IL_BOX_PLOT_LOG_RATIO 1000.0

/* Data: const IlAggregates * (steps[].q1/median/q3/whiskers/outliers). */
extern const IlChartClass il_box_plot_chart;

/* The box plot with bounds drawn across the bands of their steps. */
typedef struct
{
  const IlAggregates  *aggregates;
  guint                n_targets;  /* series = step index */
  const IlChartTarget *targets;
} IlBoxPlotView;

/* Data: const IlBoxPlotView *. A bound outside the value axis is a triangle
 * on the edge it lies beyond. */
extern const IlChartClass il_box_plot_view_chart;

/* The frame a draw at width x height uses: bands are steps, values go up. */
void  il_box_plot_chart_get_frame   (const IlAggregates *aggregates,
                                     const IlChartStyle *style,
                                     int                 width,
                                     int                 height,
                                     IlChartFrame       *frame);
/* Index into outliers of the k-th drawn one, k < MIN (n, max). */
guint il_box_plot_thin_outlier      (guint               n_outliers,
                                     guint               max_drawn,
                                     guint               k);

G_END_DECLS
