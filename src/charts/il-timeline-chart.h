/* il-timeline-chart.h: a session's rows on a time axis, and its waterfall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"
#include "il-chart-layout.h"

G_BEGIN_DECLS

/* Data of il_timeline_chart and il_waterfall_chart. */
typedef struct
{
  IlRowStore      *store;
  IlSessionDetail *detail;   /* rows ordered by started_at */
} IlSessionChartData;

/* One bar per row from started_at to completed_at, a row per bar, grouped
 * by turn, coloured by status; x in seconds from the session start. */
extern const IlChartClass il_timeline_chart;
/* Cumulative latency step by step, in start order. */
extern const IlChartClass il_waterfall_chart;

typedef struct
{
  double      x, y, width, height;   /* bar area */
  double      row_height;
  double      seconds;               /* span of the x axis: a nice tick >= the session's */
  IlAxisTicks ticks;                 /* seconds */
  double      turn_width;            /* label columns left of the bars */
  double      label_width;
} IlTimelineLayout;

/* Height at which every row gets a readable line (the widget scrolls).
 * From one thread only (it keeps the last font's axis height). */
int    il_timeline_chart_get_natural_height (const IlSessionChartData *data,
                                             const IlChartStyle       *style);
void   il_timeline_chart_get_layout         (const IlSessionChartData *data,
                                             const IlChartStyle       *style,
                                             int                       width,
                                             int                       height,
                                             IlTimelineLayout         *layout);
/* x in px of a timestamp (us since the epoch). */
double il_timeline_chart_x_for_time         (const IlSessionChartData *data,
                                             const IlTimelineLayout   *layout,
                                             gint64                    time_us);
/* Vertical centre of the bar of the i-th row of the session. */
double il_timeline_chart_row_y              (const IlTimelineLayout   *layout,
                                             guint                     i);

/* The waterfall: bands are the session's rows, values cumulative ms. */
void   il_waterfall_chart_get_frame         (const IlSessionChartData *data,
                                             const IlChartStyle       *style,
                                             int                       width,
                                             int                       height,
                                             IlChartFrame             *frame);

G_END_DECLS
