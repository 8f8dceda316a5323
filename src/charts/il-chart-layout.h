/* il-chart-layout.h: plot areas shared by the renderers, exposed so that
 * tests and widgets can map values to pixels exactly as a draw does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart.h"
#include "il-chart-axis.h"

G_BEGIN_DECLS

typedef enum
{
  IL_VALUE_FORMAT_MS,        /* "812.4 ms", "1.2 s" */
  IL_VALUE_FORMAT_COUNT,     /* "12,345" */
  IL_VALUE_FORMAT_PERCENT,   /* "4.2%" */
  IL_VALUE_FORMAT_NUMBER,    /* "0.25" */
} IlValueFormat;

/* Exact value for tooltips and value labels. */
void il_value_format      (IlValueFormat format,
                           double        value,
                           char         *buf,
                           gsize         size);
/* Axis label: decimals follow the tick step. */
void il_value_format_tick (IlValueFormat format,
                           double        value,
                           double        step,
                           char         *buf,
                           gsize         size);

/* A bound drawn over a chart: a dashed line at @value across the plot (line
 * charts) or across its band (box plots). */
typedef struct
{
  guint           series;        /* the series or band (step) it belongs to */
  double          value;         /* in the value axis' unit */
  gboolean        breached;      /* over the whole range: the error colour */
  const gboolean *breached_points;  /* line charts: n_points flags, a ring on each
                                     * point where it was breached; NULL: none */
} IlChartTarget;

/* A plot area with categories (bands) along one axis and values along the other. */
typedef struct
{
  double      x, y, width, height;  /* plot area in px */
  gboolean    horizontal;           /* values along x, categories along y */
  guint       n_bands;
  double      band;                 /* px per category */
  IlAxisTicks ticks;                /* value axis */
  IlValueFormat format;
  guint       label_every;          /* category labels drawn every n bands; 0: none */
  double      label_width;          /* max width of one category label */
  guint       label_lines;          /* lines a category label may wrap onto (0, 1: one) */
} IlChartFrame;

/* Pixel (y when vertical, x when horizontal) of a value. */
double il_chart_frame_value_pos   (const IlChartFrame *frame,
                                   double              value);
/* Centre (x when vertical, y when horizontal) of band i. */
double il_chart_frame_band_center (const IlChartFrame *frame,
                                   guint               i);
/* Band under a point of the plot area or of its category labels, or -1. */
int    il_chart_frame_band_at     (const IlChartFrame *frame,
                                   double              x,
                                   double              y);

G_END_DECLS
