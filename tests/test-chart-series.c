/* test-chart-series.c: the renderers' opt-in options: lines, heatmap, histogram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hidden and capped series, log and clipped axes, a heatmap's axis title and
 * per-row colours, log and clipped histogram bins; each option is off when
 * zeroed. With IL_CHART_PNG_DIR set, the charts are also written there.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "il-histogram-bins.h"

static void
test_line_hidden_series (void)
{
  double x[10], a[10], b[10], d[10];
  IlLineSeries series[3] = { { "stt", a }, { "llm", b }, { "tts", d } };
  gboolean hidden[3] = { FALSE, TRUE, FALSE };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  IlChartText text;
  double row;
  Canvas c;
  char *tip;

  for (guint i = 0; i < 10; i++)
    {
      x[i] = T0 + i * G_GINT64_CONSTANT (3600000000);
      a[i] = 10 + i;
      b[i] = 1000 + i;
      d[i] = 20 + i;
    }
  data.n_points = 10;
  data.x = x;
  data.x_is_time = TRUE;
  data.n_series = 3;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 600, 300, &l);
  g_assert_cmpfloat (l.frame.ticks.max, >=, 1000);
  canvas_draw (&c, &il_line_chart, &data, &style, 600, 300, NULL);
  g_assert_cmpuint (count_color (&c, &style.series[1], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), >, 0);
  canvas_clear (&c);

  data.hidden = hidden;
  il_line_chart_get_layout (&data, &style, 600, 300, &l);
  /* the hidden series no longer sets the range */
  g_assert_cmpfloat (l.frame.ticks.max, <=, 30);
  canvas_draw (&c, &il_line_chart, &data, &style, 600, 300, "line-hidden");
  g_assert_cmpuint (count_color (&c, &style.series[1], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), ==, 0);
  g_assert_cmpuint (count_color (&c, &style.series[0], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), >, 0);

  il_chart_text_init (&text, &style);
  row = text.line_height + 4;
  il_chart_text_clear (&text);
  /* the faded entry: an outlined swatch, its inside left blank */
  g_assert_cmphex (pixel (&c, (int) l.legend_x + 5, (int) (l.legend_y + row * 1.5)), ==,
                   argb_of (&style.background));
  g_assert_cmphex (pixel (&c, (int) l.legend_x + 5, (int) (l.legend_y + row * 0.5)), ==,
                   argb_of (&style.series[0]));
  canvas_clear (&c);

  /* legend hit-test: entry rows map to series, elsewhere -1 */
  for (int s = 0; s < 3; s++)
    g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.legend_x + 20,
                                              l.legend_y + row * (s + 0.5)), ==, s);
  g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.legend_x + 20,
                                            l.legend_y + row * 3.5), ==, -1);
  g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.frame.x + 10,
                                            l.legend_y + row * 0.5), ==, -1);

  /* tooltips leave the hidden series out */
  tip = il_line_chart.query (&data, &style, 600, 300, il_line_chart_x_pos (&data, &l, 2),
                             l.frame.y + 10);
  g_assert_nonnull (tip);
  g_assert_null (strstr (tip, "llm"));
  g_assert_nonnull (strstr (tip, "stt"));
  g_free (tip);
}

static void
test_line_capped_points (void)
{
  const guint n = 2880, ns = 8;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n * ns);
  IlLineSeries series[8];
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  guint dense, capped;
  guint32 seed = 1;
  Canvas c;

  /* 30 days of 15-minute buckets, eight noisy series that overlap */
  for (guint i = 0; i < n; i++)
    x[i] = T0 + i * G_GINT64_CONSTANT (900000000);
  for (guint s = 0; s < ns; s++)
    {
      series[s].name = session_steps[s];
      series[s].y = y + s * n;
      for (guint i = 0; i < n; i++)
        {
          seed = seed * 1103515245 + 12345;
          y[s * n + i] = 400 + 40 * s + ((seed >> 16) % 400);
        }
    }
  data.n_points = n;
  data.x = x;
  data.x_is_time = TRUE;
  data.n_series = ns;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 900, 500, &l);
  canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, "line-2880-dense");
  dense = count_ink (&c, &style, (int) l.frame.x + 1, (int) l.frame.y,
                     (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height) - 1);
  canvas_clear (&c);

  data.max_points = 240;
  canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, "line-2880-capped");
  capped = count_ink (&c, &style, (int) l.frame.x + 1, (int) l.frame.y,
                      (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height) - 1);
  canvas_clear (&c);
  g_test_message ("ink in the plot: dense %u px, capped %u px", dense, capped);
  /* the min/max columns fill the band between the series; thin mean lines leave it readable */
  g_assert_cmpuint (capped * 3, <, dense);
  g_assert_cmpuint (capped, >, 0);

  /* a flat series draws its capped line exactly at its value */
  for (guint i = 0; i < n; i++)
    y[i] = 500;
  {
    gboolean hidden[8] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
    double py;

    data.hidden = hidden;
    il_line_chart_get_layout (&data, &style, 900, 500, &l);
    py = il_chart_frame_value_pos (&l.frame, 500);
    canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, NULL);
    g_assert_cmpuint (count_color (&c, &style.series[0], (int) l.frame.x + 20, (int) floor (py) - 1,
                                   (int) l.frame.x + 21, (int) floor (py) + 2), >, 0);
    canvas_clear (&c);
  }
}

/* The ends of the sequential scale, through the public colour function. */
/* ---- heatmap: axis title and per-row colours ------------------------------------ */

static void
test_matrix_axis_title (void)
{
  const char *rows[2] = { "stt", "llm" };
  double values[6] = { 1, 2, 3, 1000, 2000, 3000 };
  IlMatrixData data = { 0 };
  IlMatrixLayout plain, titled;
  IlChartStyle style;
  IlChartText text;
  int cx;
  Canvas c;

  data.n_rows = 2;
  data.n_cols = 3;
  data.row_labels = rows;
  data.col_first = 1;
  data.col_title = "Turn";
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_chart_text_init (&text, &style);
  il_matrix_chart_get_layout (&data, &style, 400, 300, &plain);
  data.col_axis_title = TRUE;
  il_matrix_chart_get_layout (&data, &style, 400, 300, &titled);
  /* the title takes a line from the cells */
  g_assert_cmpfloat (titled.cell_height, <, plain.cell_height);
  g_assert_cmpfloat (titled.title_y, >=, titled.y + 2 * titled.cell_height + text.line_height);
  g_assert_cmpfloat (titled.title_y + text.line_height, <=, 300);
  cx = (int) (titled.x + 1.5 * titled.cell_width);

  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, "matrix-title");
  g_assert_cmpuint (count_ink (&c, &style, cx - 20, (int) titled.title_y, cx + 20,
                               (int) (titled.title_y + text.line_height)), >, 10);
  canvas_clear (&c);

  /* without the option the column numbers sit there, under the middle column only */
  data.col_axis_title = FALSE;
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  g_assert_cmpuint (count_ink (&c, &style, (int) (titled.x + titled.cell_width) + 2, (int) titled.title_y,
                               cx - 8, (int) (titled.title_y + text.line_height)), ==, 0);
  canvas_clear (&c);
  il_chart_text_clear (&text);
}

static void
test_matrix_row_scale (void)
{
  const char *rows[2] = { "stt", "llm" };
  double values[6] = { 1, 2, 3, 1000, 2000, 3000 };
  IlMatrixData data = { 0 };
  IlMatrixLayout l;
  IlChartStyle style;
  IlColor low, high, got;
  Canvas c;

  data.n_rows = 2;
  data.n_cols = 3;
  data.row_labels = rows;
  data.col_first = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;
  low = test_sequential_color (0);
  high = test_sequential_color (1);

  il_chart_style_init (&style, FALSE);
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  /* one scale: the fast row is all one colour */
  got = il_matrix_chart_cell_color (&data, &l, 0, 2);
  g_assert_cmpfloat_with_epsilon (got.r, low.r, 0.01);
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + 3)), ==,
                   pixel (&c, (int) (l.x + 0.5 * l.cell_width), (int) (l.y + 3)));
  canvas_clear (&c);

  data.row_scale = TRUE;
  got = il_matrix_chart_cell_color (&data, &l, 0, 2);
  g_assert_cmphex (argb_of (&got), ==, argb_of (&high));
  got = il_matrix_chart_cell_color (&data, &l, 0, 0);
  g_assert_cmphex (argb_of (&got), ==, argb_of (&low));
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, "matrix-row-scale");
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + 3)), ==, argb_of (&high));
  g_assert_cmphex (pixel (&c, (int) (l.x + 0.5 * l.cell_width), (int) (l.y + 3)), ==, argb_of (&low));
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + l.cell_height + 3)), ==,
                   argb_of (&high));
  canvas_clear (&c);
}

/* ---- long tails: log bins, a clip with an overflow bar, log and clipped lines ----- */

static void
test_histogram_log_and_overflow (void)
{
  double v[1000];
  double edges[21];
  guint64 counts[20], over = 0;
  IlHistogramChartData data = { 0 };
  IlChartStyle style;
  IlChartFrame f;
  IlColor pale;
  double clip;
  char *tip;
  int i;
  Canvas c;

  /* 10 ms .. 10 s, most of them short */
  for (guint k = 0; k < 1000; k++)
    v[k] = 10 * pow (1000, pow (k / 999.0, 3));
  clip = il_histogram_bins_quantile (v, 1000, 0.99);
  g_assert_true (il_histogram_bins_compute (v, 1000, 20, IL_HISTOGRAM_SPACING_LOG, clip, edges, counts, &over));
  g_assert_cmpuint (over, ==, 10);

  data.n_bins = 20;
  data.min = edges[0];
  data.max = edges[20];
  data.counts = counts;
  data.x_format = IL_VALUE_FORMAT_MS;
  data.edges = edges;
  data.log_x = TRUE;
  data.overflow = over;

  il_chart_style_init (&style, FALSE);
  il_histogram_chart_get_frame (&data, &style, 400, 300, &f);
  /* log axis: each bin is as wide as the next, the overflow bar has a 21st slot */
  g_assert_cmpfloat_with_epsilon (il_histogram_chart_x_pos (&data, &f, edges[10]), f.x + f.width * 10 / 21, 1e-6);
  g_assert_cmpfloat_with_epsilon (il_histogram_chart_x_pos (&data, &f, edges[20]), f.x + f.width * 20 / 21, 1e-6);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + f.width * 10.5 / 21,
                                              f.y + f.height - 1), ==, 10);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + f.width - 3,
                                              f.y + f.height - 1), ==, 20);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x - 3, f.y + 3), ==, -1);

  canvas_draw (&c, &il_histogram_chart, &data, &style, 400, 300, "histogram-log-clip");
  /* the overflow bar: the accent at 55% over the background */
  pale.r = style.accent.r * 0.55 + 0.45;
  pale.g = style.accent.g * 0.55 + 0.45;
  pale.b = style.accent.b * 0.55 + 0.45;
  pale.a = 1;
  {
    guint32 p = pixel (&c, (int) (f.x + f.width * 20.5 / 21), (int) (f.y + f.height - 2));
    guint32 e = argb_of (&pale);

    for (int shift = 0; shift <= 16; shift += 8)
      g_assert_cmpint (ABS ((int) ((p >> shift) & 0xff) - (int) ((e >> shift) & 0xff)), <=, 2);
  }
  /* its label "≥ …" sits under it */
  g_assert_cmpuint (count_ink (&c, &style, (int) (f.x + f.width * 20 / 21), (int) (f.y + f.height + 3),
                               400, (int) (f.y + f.height + 18)), >, 10);
  canvas_clear (&c);

  style.exact_tooltips = TRUE;
  tip = il_histogram_chart.query (&data, &style, 400, 300, f.x + f.width - 3, f.y + f.height - 1);
  {
    char want[128], x[64];

    il_chart_format_exact_ms (clip, x, sizeof x);
    g_snprintf (want, sizeof want, "<b>≥ %s</b>\nn = 10", x);
    g_assert_cmpstr (tip, ==, want);
  }
  g_free (tip);
  i = il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + 1, f.y + f.height - 1);
  g_assert_cmpint (i, ==, 0);
}

static void
test_line_log_and_clip (void)
{
  static const char *names[5] = { "P50", "P75", "P90", "P95", "P99" };
  double y[5] = { 300, 420, 800, 1500, 35000 };
  IlLineSeries series[1] = { { "llm", y } };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  double px;
  Canvas c;
  char *tip;

  data.n_points = 5;
  data.x_labels = names;
  data.n_series = 1;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_false (l.frame.ticks.log);
  g_assert_cmpfloat (l.frame.ticks.max, >=, 35000);

  data.log_y = TRUE;
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_true (l.frame.ticks.log);
  g_assert_cmpfloat (l.frame.ticks.min, ==, 100);
  g_assert_cmpfloat (l.frame.ticks.max, ==, 100000);
  canvas_draw (&c, &il_line_chart, &data, &style, 400, 300, "line-log");
  canvas_clear (&c);

  data.log_y = FALSE;
  data.y_clip = 2000;
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmpfloat (l.frame.ticks.max, ==, 2000);
  canvas_draw (&c, &il_line_chart, &data, &style, 400, 300, "line-clip");
  px = il_line_chart_x_pos (&data, &l, 4);
  /* the clipped point: a mark on the top edge; nothing drawn above the plot */
  g_assert_cmphex (pixel (&c, (int) px, (int) l.frame.y + 4), ==, argb_of (&style.series[0]));
  g_assert_cmpuint (count_ink (&c, &style, (int) px - 20, 0, (int) px + 20, (int) l.frame.y - 2), ==, 0);
  canvas_clear (&c);
  /* the tooltip keeps the value */
  style.exact_tooltips = TRUE;
  tip = il_line_chart.query (&data, &style, 400, 300, px, l.frame.y + 10);
  g_assert_nonnull (strstr (tip, "35,000 ms"));
  g_free (tip);
}

int
main (int   argc,
      char *argv[])
{
  chart_test_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-series/lines/hidden-series", test_line_hidden_series);
  g_test_add_func ("/chart-series/lines/capped-points", test_line_capped_points);
  g_test_add_func ("/chart-series/matrix/axis-title", test_matrix_axis_title);
  g_test_add_func ("/chart-series/matrix/row-scale", test_matrix_row_scale);
  g_test_add_func ("/chart-series/histogram/log-and-overflow", test_histogram_log_and_overflow);
  g_test_add_func ("/chart-series/lines/log-and-clip", test_line_log_and_clip);
  return g_test_run ();
}
