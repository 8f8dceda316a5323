/* il-aggregate-charts.h: the dashboard's charts over IlAggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every class below takes `const IlAggregates *` as its data (NULL or zero
 * rows draw the empty state). They are thin adapters over the generic
 * renderers (bars, lines, donut, matrix, histogram): the layout getters give
 * the geometry a draw at width x height uses.
 */
#pragma once

#include "il-aggregates.h"
#include "il-bar-chart.h"
#include "il-donut-chart.h"
#include "il-line-chart.h"
#include "il-matrix-chart.h"

G_BEGIN_DECLS

/* Trend lines with more buckets than this are drawn thinned. */
#define IL_TREND_MAX_POINTS 240

extern const IlChartClass il_status_pie_chart;        /* donut of statuses[] counts */
extern const IlChartClass il_trend_line_chart;        /* trend: mean per step per bucket */
extern const IlChartClass il_heatmap_chart;           /* heatmap: mean per step x turn */
extern const IlChartClass il_heatmap_row_scale_chart; /* the same, each step over its own range */

extern const IlChartClass il_step_mean_bars_chart;    /* horizontal, coloured by speed */
extern const IlChartClass il_time_share_donut_chart;  /* sum of latency per step */
extern const IlChartClass il_mean_median_p95_bars_chart;
extern const IlChartClass il_daily_volume_bars_chart;
extern const IlChartClass il_error_rate_bars_chart;   /* red > 5%, amber > 1% */
extern const IlChartClass il_latency_histogram_chart;
extern const IlChartClass il_percentile_profile_chart;
extern const IlChartClass il_percentile_profile_log_chart;   /* on a log y axis */
extern const IlChartClass il_errors_by_step_bars_chart;
extern const IlChartClass il_error_trend_chart;
extern const IlChartClass il_error_dow_hour_chart;    /* 7 x 24, Monday first */
extern const IlChartClass il_status_latency_bars_chart;
extern const IlChartClass il_turn_error_rate_chart;
extern const IlChartClass il_session_total_histogram_chart;

/* The mean trend with steps hidden by the user. */
typedef struct
{
  const IlAggregates *aggregates;
  const gboolean     *hidden;       /* aggregates->n_steps, or NULL */
  guint               n_targets;    /* bounds per step (series = step index) */
  const IlChartTarget *targets;
} IlTrendView;

extern const IlChartClass il_trend_view_chart;        /* data: IlTrendView */

/* The step whose legend entry is under (x, y) in a draw at width x height,
 * or -1. */
int  il_trend_view_legend_at            (const IlTrendView  *view,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         double              x,
                                         double              y);

/* The chart of that name (an IlChartClass.name, e.g. "status-pie", "trend",
 * "box-plot", "timeline") among the charts the pages show, or NULL. What a
 * page's .ui names in an IlChartWidget's "chart" property. */
const IlChartClass *il_chart_lookup (const char *name);

/* Speed class of a step mean against the median of the step means:
 * 0 fast (< 0.5x), 1 medium (<= 1.5x), 2 slow. */
int  il_step_speed_class                (double mean,
                                         double median_of_means);
/* Median of the finite step means (NAN when none). */
double il_step_means_median             (const IlAggregates *aggregates);

void il_status_pie_chart_get_layout     (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlDonutLayout      *layout);
void il_trend_line_chart_get_layout     (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlLineChartLayout  *layout);
void il_heatmap_chart_get_layout        (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlMatrixLayout     *layout);
void il_step_mean_bars_chart_get_frame  (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlChartFrame       *frame);
void il_error_rate_bars_chart_get_frame (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlChartFrame       *frame);
void il_error_dow_hour_chart_get_layout (const IlAggregates *aggregates,
                                         const IlChartStyle *style,
                                         int                 width,
                                         int                 height,
                                         IlMatrixLayout     *layout);

G_END_DECLS
