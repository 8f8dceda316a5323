/* il-chart-private.h: helpers shared by the renderers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "il-chart.h"
#include "il-chart-axis.h"
#include "il-chart-layout.h"
#include "il-chart-text.h"

G_BEGIN_DECLS

#define IL_CHART_PAD 8.0

static inline double
il_chart_snap (double v)
{
  return floor (v) + 0.5;
}

static inline void
il_chart_set_color (cairo_t       *cr,
                    const IlColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static inline void
il_chart_set_color_alpha (cairo_t       *cr,
                          const IlColor *c,
                          double         alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

void           _il_chart_paint_background (cairo_t            *cr,
                                           const IlChartStyle *style,
                                           int                 width,
                                           int                 height);
/* Background plus a centred message ("No data" when NULL). */
void           _il_chart_draw_empty       (cairo_t            *cr,
                                           const IlChartStyle *style,
                                           int                 width,
                                           int                 height,
                                           const char         *message);
/* success / error / skipped colours; other statuses a stable series colour. */
const IlColor *_il_chart_status_color     (const IlChartStyle *style,
                                           const char         *status);
/* Relative luminance (0 black .. 1 white). */
double         _il_color_luminance        (const IlColor      *c);
/* A point on a sequential scale (viridis), t in [0, 1]. */
IlColor        _il_chart_sequential_color (double              t);

/* Lays out a frame in [0, width] x [0, height] minus the reserved space on
 * the top and on the right; labels are measured for horizontal frames. */
void           _il_chart_frame_compute    (IlChartFrame       *frame,
                                           IlChartText        *text,
                                           double              width,
                                           double              height,
                                           gboolean            horizontal,
                                           guint               n_bands,
                                           const char * const *labels,
                                           double              vmin,
                                           double              vmax,
                                           gboolean            include_zero,
                                           IlValueFormat       format,
                                           double              top_reserved,
                                           double              right_reserved);
/* Same, with a logarithmic value axis when log_scale (vmin must be > 0). */
void           _il_chart_frame_compute_full (IlChartFrame       *frame,
                                             IlChartText        *text,
                                             double              width,
                                             double              height,
                                             gboolean            horizontal,
                                             guint               n_bands,
                                             const char * const *labels,
                                             double              vmin,
                                             double              vmax,
                                             gboolean            include_zero,
                                             gboolean            log_scale,
                                             IlValueFormat       format,
                                             double              top_reserved,
                                             double              right_reserved);
void           _il_chart_frame_draw_grid  (const IlChartFrame *frame,
                                           cairo_t            *cr,
                                           IlChartText        *text,
                                           const IlChartStyle *style);
void           _il_chart_frame_draw_labels (const IlChartFrame *frame,
                                            cairo_t            *cr,
                                            IlChartText        *text,
                                            const IlChartStyle *style,
                                            const char * const *labels);

/* A legend of colour swatches, one row per entry, in a box at (x, y) with
 * the given width; rows that do not fit become "+N more". Returns the index
 * of the entry at (px, py) when hit-testing (draw with cr NULL), else -1.
 * Entries whose dimmed[i] is set (dimmed may be NULL) are drawn faded. */
int            _il_chart_legend           (cairo_t            *cr,
                                           IlChartText        *text,
                                           const IlChartStyle *style,
                                           double              x,
                                           double              y,
                                           double              width,
                                           double              height,
                                           guint               n,
                                           const char * const *labels,
                                           const IlColor      *colors,
                                           const gboolean     *dimmed,
                                           double              px,
                                           double              py);
/* Width a vertical legend of these labels wants, capped at max_width. */
double         _il_chart_legend_width     (IlChartText        *text,
                                           guint               n,
                                           const char * const *labels,
                                           double              max_width);

G_END_DECLS
