/* il-chart-text.h: labels through pango, measured and ellipsized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "il-chart-layout.h"

G_BEGIN_DECLS

/* One pango context and layout per draw, reused for every label. Its font
 * options do not depend on the target surface, so the margins measured by a
 * query (no surface) equal the ones of the draw. */
typedef struct
{
  PangoContext         *context;
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                base_size;
  double                line_height;   /* of the current size */
  const IlChartStyle   *style;         /* the draw's style, for its options */
} IlChartText;

void   il_chart_text_init      (IlChartText        *text,
                                const IlChartStyle *style);
void   il_chart_text_clear     (IlChartText        *text);
/* Scales the font (1.0 = style->font_size) and makes it bold or not. */
void   il_chart_text_set_size  (IlChartText        *text,
                                double              scale,
                                gboolean            bold);
/* Natural width in px of one line of text. */
double il_chart_text_width     (IlChartText        *text,
                                const char         *str);
/* Draws one line (newlines are shown as spaces), ellipsized at the end when
 * wider than max_width (<= 0: no limit). (x, y) is the anchor: xalign 0 puts
 * the left edge there, 1 the right edge; yalign likewise with the line box.
 * Returns the width drawn. */
double il_chart_text_draw      (IlChartText        *text,
                                cairo_t            *cr,
                                const char         *str,
                                double              x,
                                double              y,
                                double              max_width,
                                double              xalign,
                                double              yalign,
                                const IlColor      *color);

/* Like il_chart_text_draw(), wrapping at max_width into at most max_lines
 * lines, the last one ellipsized; yalign is relative to the lines drawn.
 * Returns the number of lines drawn (0 for nothing). */
int    il_chart_text_draw_lines (IlChartText        *text,
                                 cairo_t            *cr,
                                 const char         *str,
                                 double              x,
                                 double              y,
                                 double              max_width,
                                 int                 max_lines,
                                 double              xalign,
                                 double              yalign,
                                 const IlColor      *color);

/* The lines il_chart_text_draw_lines() draws for str: breaks after spaces
 * and after the separators of identifiers ("llm_first_" + "token"), never
 * inside a word; a word too long for a line is ellipsized. NULL-terminated,
 * free with g_strfreev(). */
char **il_chart_text_wrap       (IlChartText        *text,
                                 const char         *str,
                                 double              max_width,
                                 int                 max_lines);

/* ---- one number format for the charts ---------------------------------- */

/* A percentage in the locale's convention: "96.9%" (en), "96,9 %" (de);
 * decimals < 0: one. */
void il_chart_format_percent      (double              pct,
                                   int                 decimals,
                                   char               *buf,
                                   gsize               size);
/* A duration: as il_format_ms() under a minute, then "3 min 12 s", then
 * "56 h 50 min" (seconds, then minutes rounded). */
void il_chart_format_duration_ms  (double              ms,
                                   char               *buf,
                                   gsize               size);
/* The figure as stored, in ms with the locale's marks and the fewest
 * decimals (three at most) that keep it exact: "2,529.4 ms". */
void il_chart_format_exact_ms     (double              ms,
                                   char               *buf,
                                   gsize               size);
/* Whether a ms axis labels all its ticks in seconds (else in ms). */
gboolean il_chart_ms_axis_in_seconds (const IlAxisTicks *ticks);
/* A tick label of a ms axis, in the one unit (ms or s) of all its ticks. */
void il_chart_format_ms_axis_tick (double              ms,
                                   const IlAxisTicks  *ticks,
                                   char               *buf,
                                   gsize               size);
/* A value for a tooltip: exact when style->exact_tooltips, with the
 * locale's percent and durations when style->locale_numbers. */
void il_chart_format_tooltip      (const IlChartStyle *style,
                                   IlValueFormat       format,
                                   double              value,
                                   char               *buf,
                                   gsize               size);
/* A value drawn in a chart (rounded), following style->locale_numbers. */
void il_chart_format_value        (const IlChartStyle *style,
                                   IlValueFormat       format,
                                   double              value,
                                   char               *buf,
                                   gsize               size);
/* A tick label of a value axis, following style->locale_numbers. */
void il_chart_format_tick         (const IlChartStyle *style,
                                   IlValueFormat       format,
                                   const IlAxisTicks  *ticks,
                                   double              value,
                                   char               *buf,
                                   gsize               size);
G_END_DECLS
