/* il-line-chart.h: generic line charts (time, numeric or categorical x)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-layout.h"

G_BEGIN_DECLS

typedef struct
{
  const char   *name;
  const double *y;               /* n_points values; NAN breaks the line */
} IlLineSeries;

/* Data of il_line_chart. */
typedef struct
{
  guint               n_points;
  const double       *x;         /* ascending; microseconds since the epoch when x_is_time */
  const char * const *x_labels;  /* instead of x: categories (e.g. "P50" .. "P99") */
  gboolean            x_is_time;
  gboolean            local_time;  /* time labels in local time instead of UTC */
  double              x_min;     /* domain; x_min >= x_max: from x */
  double              x_max;
  IlValueFormat       x_format;  /* numeric x */
  const char         *x_title;   /* tooltip prefix of x, e.g. "Turn" */
  guint               n_series;
  const IlLineSeries *series;
  const IlColor      *colors;    /* n_series, or NULL: palette */
  IlValueFormat       y_format;
  gboolean            markers;   /* a dot on every point */
  const gboolean     *hidden;    /* n_series, or NULL: a hidden series is not drawn, leaves the
                                  * y range alone and shows faded in the legend */
  guint               max_points; /* 0: all; more points than this draw each series as a thin
                                   * line through the means of max_points even groups */
  gboolean            log_y;      /* a logarithmic y axis from the smallest positive value */
  double              y_clip;     /* > 0: the y axis ends there (e.g. the P99 of the data); points
                                   * above it show as marks on the top edge */
  guint                n_targets; /* dashed lines of bounds, in their series' colour; the y
                                   * range takes them in (those of hidden series excepted) */
  const IlChartTarget *targets;
} IlLineSeriesData;

extern const IlChartClass il_line_chart;

typedef struct
{
  IlChartFrame frame;            /* values along y; bands only with x_labels */
  double       x_min, x_max;     /* numeric / time domain */
  gboolean     legend;
  double       legend_x, legend_y, legend_width, legend_height;
} IlLineChartLayout;

void   il_line_chart_get_layout (const IlLineSeriesData *data,
                                 const IlChartStyle     *style,
                                 int                     width,
                                 int                     height,
                                 IlLineChartLayout      *layout);
/* The series whose legend entry lies under (x, y), or -1: a widget toggles
 * its hidden flag on a click. */
int    il_line_chart_legend_at  (const IlLineSeriesData *data,
                                 const IlChartStyle     *style,
                                 int                     width,
                                 int                     height,
                                 double                  x,
                                 double                  y);
/* x in px of point i. */
double il_line_chart_x_pos      (const IlLineSeriesData  *data,
                                 const IlLineChartLayout *layout,
                                 guint                    i);

G_END_DECLS
