/* il-charts.h: every chart renderer, for the widgets in src/ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data pointer of each class:
 *   il_box_plot_chart, il_status_pie_chart, il_trend_line_chart, il_heatmap_chart
 *   and every adapter in il-aggregate-charts.h: const IlAggregates *
 *   il_timeline_chart, il_waterfall_chart: const IlSessionChartData *
 *   il_bar_chart: IlBarChartData, il_histogram_chart: IlHistogramChartData,
 *   il_line_chart: IlLineSeriesData, il_donut_chart: IlDonutData,
 *   il_matrix_chart: IlMatrixData
 */
#pragma once

#include "il-chart.h"
#include "il-chart-axis.h"
#include "il-chart-layout.h"
#include "il-aggregate-charts.h"
#include "il-bar-chart.h"
#include "il-box-plot-chart.h"
#include "il-donut-chart.h"
#include "il-line-chart.h"
#include "il-matrix-chart.h"
#include "il-timeline-chart.h"
