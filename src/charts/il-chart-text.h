/* il-chart-text.h: labels through pango, measured and ellipsized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "il-chart.h"

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

G_END_DECLS
