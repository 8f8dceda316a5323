/* il-donut-chart.h: generic donut with a legend of values and percentages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-layout.h"

G_BEGIN_DECLS

/* Data of il_donut_chart. */
typedef struct
{
  guint               n;
  const char * const *labels;
  const double       *values;      /* >= 0; NAN and 0 draw no slice */
  const IlColor      *colors;      /* n, or NULL: palette */
  IlValueFormat       format;
  const char         *center_label;  /* under the total in the hole, e.g. "rows" */
} IlDonutData;

extern const IlChartClass il_donut_chart;

typedef struct
{
  double cx, cy, radius, inner;
  double legend_x, legend_y, legend_width, legend_height;
  double total;
} IlDonutLayout;

void   il_donut_chart_get_layout (const IlDonutData  *data,
                                  const IlChartStyle *style,
                                  int                 width,
                                  int                 height,
                                  IlDonutLayout      *layout);
/* Start and end angle (radians, clockwise from 12 o'clock) of slice i. */
void   il_donut_chart_get_slice  (const IlDonutData   *data,
                                  const IlDonutLayout *layout,
                                  guint                i,
                                  double              *start,
                                  double              *end);

G_END_DECLS
