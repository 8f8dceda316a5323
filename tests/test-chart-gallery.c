/* test-chart-gallery.c: every renderer in light and dark, English and German
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All options on, at 400x300 and 900x500: the view and the text take the
 * style's colours. With IL_CHART_PNG_DIR set, each chart is written there.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "il-histogram-bins.h"

/* ---- dark style: every renderer, every option on ---------------------------------- */

typedef struct
{
  const IlChartClass *klass;
  gconstpointer       data;
  const char         *name;
} Chart;

/* Pixels that read as light text on a dark view. */
static guint
count_light_grey (Canvas *c)
{
  int w = cairo_image_surface_get_width (c->surface);
  int h = cairo_image_surface_get_height (c->surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = pixel (c, x, y);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (r > 120 && ABS (r - g) < 8 && ABS (r - b) < 8)
          n++;
      }
  return n;
}

static void
draw_gallery (const char *lang)
{
  const char *bar_labels[5] = { "llm_first_token_latency", "retrieval, reranking and context assembly",
                                "stt", "tts_first_byte", "vad" };
  double bar_values[5] = { 2529.4, 831, 120.5, 95000, 64 };
  IlBarChartData bars = { 0 };
  const char *rows[4] = { "stt", "llm_first_token", "tts_first_byte", "guardrails" };
  double cells[4 * 6];
  IlMatrixData matrix = { 0 };
  const char *slices[3] = { "success", "error", "skipped" };
  double slice_values[3] = { 9690, 210, 100 };
  IlDonutData donut = { 0 };
  static const char *pct_names[5] = { "P50", "P75", "P90", "P95", "P99" };
  double pa[5] = { 300, 420, 800, 1500, 35000 }, pb[5] = { 120, 150, 200, 260, 900 };
  IlLineSeries pseries[2] = { { "llm_first_token", pa }, { "stt", pb } };
  IlLineSeriesData percentiles = { 0 };
  double tx[200], ty[3 * 200];
  IlLineSeries tseries[3] = { { "stt", ty }, { "llm_first_token", ty + 200 }, { "tts", ty + 400 } };
  gboolean thidden[3] = { FALSE, TRUE, FALSE };
  IlLineSeriesData trend = { 0 };
  double hv[1000], edges[21];
  guint64 counts[20], over = 0;
  IlHistogramChartData histogram = { 0 };
  g_autoptr(Session) session = session_new (3);
  IlSessionChartData waterfall = { session->store, &session->detail };
  static const int sizes[2][2] = { { 400, 300 }, { 900, 500 } };

  bars.n_bars = 5;
  bars.labels = bar_labels;
  bars.n_series = 1;
  bars.values = bar_values;
  bars.format = IL_VALUE_FORMAT_MS;
  bars.horizontal = TRUE;
  bars.show_values = TRUE;

  for (guint i = 0; i < 24; i++)
    cells[i] = (i / 6 + 1) * 100 * (1 + (i % 6) * 0.2);
  matrix.n_rows = 4;
  matrix.n_cols = 6;
  matrix.row_labels = rows;
  matrix.col_first = 1;
  matrix.col_title = _("Turn");
  matrix.values = cells;
  matrix.format = IL_VALUE_FORMAT_MS;
  matrix.col_axis_title = TRUE;
  matrix.row_scale = TRUE;

  donut.n = 3;
  donut.labels = slices;
  donut.values = slice_values;
  donut.format = IL_VALUE_FORMAT_COUNT;

  percentiles.n_points = 5;
  percentiles.x_labels = pct_names;
  percentiles.n_series = 2;
  percentiles.series = pseries;
  percentiles.y_format = IL_VALUE_FORMAT_MS;
  percentiles.markers = TRUE;
  percentiles.y_clip = 2000;

  for (guint i = 0; i < 200; i++)
    {
      tx[i] = T0 + i * G_GINT64_CONSTANT (3600000000);
      for (guint k = 0; k < 3; k++)
        ty[k * 200 + i] = 200 * (k + 1) + 50 * sin (i / (5.0 + k));
    }
  trend.n_points = 200;
  trend.x = tx;
  trend.x_is_time = TRUE;
  trend.n_series = 3;
  trend.series = tseries;
  trend.y_format = IL_VALUE_FORMAT_MS;
  trend.hidden = thidden;
  trend.max_points = 100;

  for (guint k = 0; k < 1000; k++)
    hv[k] = 10 * pow (1000, pow (k / 999.0, 3));
  il_histogram_bins_compute (hv, 1000, 20, IL_HISTOGRAM_SPACING_LOG, il_histogram_bins_quantile (hv, 1000, 0.99),
                             edges, counts, &over);
  histogram.n_bins = 20;
  histogram.min = edges[0];
  histogram.max = edges[20];
  histogram.counts = counts;
  histogram.x_format = IL_VALUE_FORMAT_MS;
  histogram.edges = edges;
  histogram.log_x = TRUE;
  histogram.overflow = over;

  {
    const Chart charts[] = {
      { &il_bar_chart, &bars, "gallery-bars" },
      { &il_matrix_chart, &matrix, "gallery-matrix" },
      { &il_donut_chart, &donut, "gallery-donut" },
      { &il_line_chart, &percentiles, "gallery-percentiles" },
      { &il_line_chart, &trend, "gallery-trend" },
      { &il_histogram_chart, &histogram, "gallery-histogram" },
      { &il_waterfall_chart, &waterfall, "gallery-waterfall" },
    };

    for (guint dark = 0; dark < 2; dark++)
      for (guint k = 0; k < G_N_ELEMENTS (charts); k++)
        for (guint z = 0; z < 2; z++)
          {
            g_autofree char *name = g_strdup_printf ("%s-%s", charts[k].name, lang);
            IlChartStyle style;
            Canvas c;

            il_chart_style_init (&style, dark);
            style.full_category_labels = TRUE;
            style.exact_tooltips = TRUE;
            style.locale_numbers = TRUE;
            canvas_draw (&c, charts[k].klass, charts[k].data, &style, sizes[z][0], sizes[z][1], name);
            g_assert_cmphex (pixel (&c, 1, 1), ==, argb_of (&style.background));
            if (dark)
              {
                /* light text on the dark view */
                g_assert_cmpfloat (luminance_at (&c, 1, 1), <, 0.2);
                if (count_light_grey (&c) < 20)
                  g_error ("%s: no light text in the dark style", charts[k].name);
              }
            canvas_clear (&c);
          }
  }
}

static void
test_gallery_dark (void)
{
  use_english ();
  draw_gallery ("en");
  if (use_german ())
    draw_gallery ("de");
  use_english ();
}

static void
test_style_for_colors (void)
{
  IlColor white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 }, view = { 0.14, 0.14, 0.14, 1 };
  IlChartStyle style;

  il_chart_style_init_for_colors (&style, &white, &view);
  g_assert_true (style.dark);
  g_assert_cmpfloat (style.background.r, ==, 0.14);
  g_assert_cmpfloat (style.foreground.r, ==, 1);
  g_assert_cmpfloat (style.dim.a, ==, 0.55);
  il_chart_style_init_for_colors (&style, &black, NULL);
  g_assert_false (style.dark);
  g_assert_cmpfloat (style.background.r, ==, 1);
  g_assert_cmpfloat (style.on_light.r, <, 0.2);
  g_assert_cmpfloat (style.on_dark.r, ==, 1);
}

static void
test_matrix_cell_text_from_style (void)
{
  const char *rows[1] = { "stt" };
  double values[2] = { 100, 900 };
  IlMatrixData data = { 0 };
  IlMatrixLayout l;
  IlChartStyle style;
  IlColor red = { 1, 0, 0, 1 };
  Canvas c;

  data.n_rows = 1;
  data.n_cols = 2;
  data.row_labels = rows;
  data.col_first = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, TRUE);
  style.on_dark = red;
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  /* the dark (low) cell's "100 ms" is written in the style's colour */
  {
    guint n = 0;

    for (int y = (int) l.y; y < (int) (l.y + l.cell_height); y++)
      for (int x = (int) l.x; x < (int) (l.x + l.cell_width); x++)
        {
          guint32 p = pixel (&c, x, y);

          if (((p >> 16) & 0xff) > 160 && ((p >> 8) & 0xff) < 60)
            n++;
        }
    g_assert_cmpuint (n, >, 5);
  }
  canvas_clear (&c);
}

int
main (int   argc,
      char *argv[])
{
  chart_test_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-gallery/for-colors", test_style_for_colors);
  g_test_add_func ("/chart-gallery/matrix-cell-text", test_matrix_cell_text_from_style);
  g_test_add_func ("/chart-gallery/gallery-dark", test_gallery_dark);
  return g_test_run ();
}
