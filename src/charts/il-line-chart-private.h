/* il-line-chart-private.h: what the line chart's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-private.h"
#include "il-line-chart.h"

G_BEGIN_DECLS

static inline gboolean
series_hidden (const IlLineSeriesData *data,
               guint                   s)
{
  return data->hidden != NULL && data->hidden[s];
}

static inline const IlColor *
series_color (const IlLineSeriesData *data,
              const IlChartStyle     *style,
              guint                   s)
{
  if (data->colors != NULL)
    return &data->colors[s];
  return &style->series[s % G_N_ELEMENTS (style->series)];
}

/* More points than pixel columns: drawn as columns of min..max boxes. */
gboolean _il_line_chart_is_dense           (const IlLineSeriesData  *data,
                                            const IlLineChartLayout *layout);
/* One dense series as cairo boxes in the current colour. */
void     _il_line_chart_draw_dense_series  (cairo_t                 *cr,
                                            const IlLineSeriesData  *data,
                                            const IlLineChartLayout *layout,
                                            const double            *y);
/* Every visible dense series through one raster overlay; FALSE when the
 * target is not a plain image surface (then draw them one by one). */
gboolean _il_line_chart_draw_dense_raster  (cairo_t                 *cr,
                                            const IlLineSeriesData  *data,
                                            const IlLineChartLayout *layout,
                                            const IlChartStyle      *style);

G_END_DECLS
