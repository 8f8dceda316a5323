/* chart-test-util.h: drawing offscreen and reading pixels, for the chart tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-charts.h"
#include "il-chart-text.h"

#define T0 G_GINT64_CONSTANT (1793664000000000)   /* 2026-11-03T00:00:00Z */

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
} Canvas;

/* Draws into a new image surface; with IL_CHART_PNG_DIR set, also writes
 * it there as png_name-WxH-light|dark.png (png_name may be NULL). */
void     canvas_draw  (Canvas             *c,
                       const IlChartClass *klass,
                       gconstpointer       data,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height,
                       const char         *png_name);
void     canvas_clear (Canvas             *c);
guint32  pixel        (Canvas             *c,
                       int                 x,
                       int                 y);
/* The colour an opaque fill of c leaves. */
guint32  argb_of      (const IlColor      *c);
/* Fails the test when a channel of pixel (x, y) is off by more than tolerance. */
void     assert_pixel_near (Canvas             *c,
                            int                 x,
                            int                 y,
                            const IlColor      *expected,
                            int                 tolerance);
/* Pixels of the whole canvas that differ from the background. */
guint    count_non_background (Canvas             *c,
                               const IlChartStyle *style);
/* Pixels in [x0, x1) x [y0, y1) that differ from the background. */
guint    count_ink    (Canvas             *c,
                       const IlChartStyle *style,
                       int                 x0,
                       int                 y0,
                       int                 x1,
                       int                 y1);
/* Pixels in [x0, x1) x [y0, y1) of exactly that colour. */
guint    count_color  (Canvas             *c,
                       const IlColor      *color,
                       int                 x0,
                       int                 y0,
                       int                 x1,
                       int                 y1);
double   luminance_at (Canvas             *c,
                       int                 x,
                       int                 y);
/* The sequential (heatmap) scale at t in [0, 1]. */
IlColor  test_sequential_color (double t);

typedef struct
{
  IlRowStore      *store;
  IlSessionDetail  detail;
  guint32         *rows;
  double          *cumulative;
} Session;

extern const char *session_steps[9];

/* n_turns turns of the nine steps, each row 100 ms + its index. */
Session *session_new  (guint               n_turns);
void     session_free (Session            *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

/* Switch numbers and messages to German (FALSE: no de_DE.UTF-8) or English. */
gboolean use_german   (void);
void     use_english  (void);
/* Binds the build's translations; call first in main (). */
void     chart_test_init_i18n (void);
