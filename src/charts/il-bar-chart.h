/* il-bar-chart.h: generic bar charts and histograms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-layout.h"

G_BEGIN_DECLS

/* Data of il_bar_chart. */
typedef struct
{
  guint               n_bars;        /* categories */
  const char * const *labels;        /* n_bars */
  guint               n_series;      /* 1, or 2-3 grouped series */
  const double       *values;        /* n_series x n_bars, row-major; NAN: no bar */
  const char * const *series_names;  /* n_series; a legend when n_series > 1 */
  const IlColor      *colors;        /* n_bars colours (one series), or NULL: palette */
  IlValueFormat       format;
  gboolean            horizontal;    /* bars grow to the right, labels on the left */
  gboolean            show_values;   /* values printed at the bar ends */
} IlBarChartData;

extern const IlChartClass il_bar_chart;

/* The frame a draw at width x height uses. */
void     il_bar_chart_get_frame (const IlBarChartData *data,
                                 const IlChartStyle   *style,
                                 int                   width,
                                 int                   height,
                                 IlChartFrame         *frame);
/* The rectangle of bar i of series s in that frame; FALSE when NAN. */
gboolean il_bar_chart_get_bar   (const IlBarChartData *data,
                                 const IlChartFrame   *frame,
                                 guint                 series,
                                 guint                 i,
                                 double               *x,
                                 double               *y,
                                 double               *w,
                                 double               *h);

/* Data of il_histogram_chart: bin i covers [min + i w, min + (i+1) w). */
typedef struct
{
  guint          n_bins;
  double         min;
  double         max;
  const guint64 *counts;
  IlValueFormat  x_format;           /* of the bin edges */
  const IlColor *color;              /* NULL: accent */
  const double  *edges;              /* n_bins + 1 ascending edges (il_histogram_bins_compute ()),
                                      * or NULL: even bins over min..max */
  gboolean       log_x;              /* a logarithmic x axis (when the first edge is > 0) */
  guint64        overflow;           /* values past the last edge (a clip at P99): a last,
                                      * paler bar labelled "≥ last edge" */
} IlHistogramChartData;

extern const IlChartClass il_histogram_chart;

/* Vertical frame: one band per bin, values are counts. */
void il_histogram_chart_get_frame (const IlHistogramChartData *data,
                                   const IlChartStyle         *style,
                                   int                         width,
                                   int                         height,
                                   IlChartFrame               *frame);

/* x in px of a value on the bins' axis in that frame. */
double il_histogram_chart_x_pos  (const IlHistogramChartData *data,
                                  const IlChartFrame         *frame,
                                  double                      value);
/* The bin under (x, y): 0 .. n_bins - 1, n_bins for the overflow bar, or -1. */
int    il_histogram_chart_bin_at (const IlHistogramChartData *data,
                                  const IlChartStyle         *style,
                                  int                         width,
                                  int                         height,
                                  double                      x,
                                  double                      y);

G_END_DECLS
