/* test-chart-renderers.c: the axes, the style, and the renderers over plain
 * data (timeline, waterfall, bars, histogram, lines) drawn offscreen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "chart-test-util.h"

#define W 800
#define H 480
#define DAY_US G_GINT64_CONSTANT (86400000000)
#define HOUR_US G_GINT64_CONSTANT (3600000000)

static void
test_axis_nice (void)
{
  IlAxisTicks t;

  il_axis_nice_ticks (0, 950, 6, TRUE, &t);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat (t.max, ==, 1000);
  g_assert_cmpfloat (t.step, ==, 200);
  g_assert_cmpuint (t.n, ==, 6);

  il_axis_nice_ticks (12, 87, 5, FALSE, &t);
  g_assert_cmpfloat (t.step, ==, 20);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat (t.max, ==, 100);

  il_axis_nice_ticks (0.1, 0.34, 6, FALSE, &t);
  g_assert_cmpfloat_with_epsilon (t.step, 0.05, 1e-12);
  g_assert_cmpint (t.decimals, ==, 2);

  /* degenerate and absurd ranges still give a usable axis */
  il_axis_nice_ticks (0, 0, 6, TRUE, &t);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat (t.max, ==, 1);
  il_axis_nice_ticks (NAN, INFINITY, 6, TRUE, &t);
  g_assert_cmpfloat (t.max, >, t.min);
  il_axis_nice_ticks (5, 5, 6, FALSE, &t);
  g_assert_cmpfloat (t.max, >, t.min);
  il_axis_nice_ticks (0, 1e9, 11, TRUE, &t);
  g_assert_cmpfloat (t.step, ==, 1e8);
  g_assert_cmpfloat (t.max, ==, 1e9);
  g_assert_cmpuint (t.n, ==, 11);
}

static void
assert_format (void      (*func) (double, int, char *, gsize),
               double      value,
               const char *expected)
{
  char buf[64];

  func (value, -1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, expected);
}

/* Under a German locale every mark is German: printf's %f already used the
 * locale's decimal comma and the grouping added its own (gave "1,2,0 s"). */
static void
test_axis_format_locale (void)
{
  char buf[64];

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no de_DE.UTF-8 locale (build-aux/install-deps.sh generates it)");
      return;
    }

  assert_format (il_format_ms, 1200, "1,2 s");
  assert_format (il_format_ms, 812.4, "812,4 ms");
  assert_format (il_format_ms, 1e9, "1.000.000 s");
  il_format_count (1234567, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.234.567");
  il_format_percent (93.25, -1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "93,2%");
  il_format_ms_tick (1500, 500, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1,5 s");

  setlocale (LC_NUMERIC, "C");
}

static void
test_axis_format (void)
{
  char buf[64];

  assert_format (il_format_ms, 850, "850 ms");
  assert_format (il_format_ms, 812.4, "812.4 ms");
  assert_format (il_format_ms, 0, "0 ms");
  assert_format (il_format_ms, 1200, "1.2 s");
  assert_format (il_format_ms, 12500, "12.5 s");
  assert_format (il_format_ms, 2000, "2 s");
  assert_format (il_format_ms, 1e9, "1,000,000 s");
  assert_format (il_format_ms, NAN, "\342\200\223");
  assert_format (il_format_ms, -5, "-5 ms");
  il_format_count (12345, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "12,345");
  il_format_count (1234567, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1,234,567");
  il_format_count (999, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "999");
  il_format_percent (93.25, -1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "93.2%");
  il_format_ms_tick (1500, 500, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.5 s");
  il_format_ms_tick (400, 200, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "400 ms");
  il_format_ms_tick (3000, 1000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "3 s");
}

static void
test_axis_time (void)
{
  IlTimeTicks t;
  char buf[64];

  /* one hour from 14:00 */
  il_axis_time_ticks (T0 + 14 * HOUR_US, T0 + 15 * HOUR_US, 7, FALSE, &t);
  g_assert_cmpint (t.step_us, ==, 10 * 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (t.n, ==, 7);
  il_axis_time_label (&t, t.values[0], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "14:00");
  il_axis_time_label (&t, t.values[1], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "14:10");

  /* a month: weeks, labelled by date */
  il_axis_time_ticks (T0, T0 + 29 * DAY_US, 10, FALSE, &t);
  g_assert_cmpint (t.step_us, ==, 7 * DAY_US);
  g_assert_cmpint (t.values[0], ==, T0);
  il_axis_time_label (&t, t.values[0], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "Nov 3");
  il_axis_time_label (&t, t.values[1], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "Nov 10");

  /* a year: months */
  il_axis_time_ticks (T0, T0 + 365 * DAY_US, 10, FALSE, &t);
  g_assert_cmpint (t.step_us, ==, 0);
  g_assert_cmpuint (t.n_months, ==, 2);
  il_axis_time_label (&t, t.values[0], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "Jan 2027");

  /* minutes in a 5-minute span */
  il_axis_time_ticks (T0, T0 + 5 * 60 * G_USEC_PER_SEC, 6, FALSE, &t);
  g_assert_cmpint (t.step_us, ==, 60 * G_USEC_PER_SEC);
  il_axis_time_label (&t, t.values[1], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "00:01");
  il_axis_time_label (&t, t.values[0], buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "Nov 3");
}

static void
test_style (void)
{
  IlChartStyle light, dark;

  il_chart_style_init (&light, FALSE);
  il_chart_style_init (&dark, TRUE);
  g_assert_cmphex (argb_of (&light.background), ==, 0xffffffff);
  g_assert_cmphex (argb_of (&dark.background), ==, 0xff1e1e1e);
  g_assert_false (light.dark);
  g_assert_true (dark.dark);
  g_assert_cmpfloat (light.font_size, ==, 12);
  /* every series colour differs from both backgrounds by a clear margin */
  for (guint i = 0; i < 10; i++)
    {
      double l = 0.2126 * light.series[i].r + 0.7152 * light.series[i].g + 0.0722 * light.series[i].b;
      g_assert_cmpfloat (l, <, 0.9);
      g_assert_cmpfloat (l, >, 0.2);
    }
}


static void
test_timeline (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  IlSessionDetail detail = { 0 };
  IlSessionChartData data = { store, &detail };
  guint32 rows[4] = { 0, 1, 2, 3 };
  double cumulative[4];
  static const char *steps[4] = { "stt", "llm", "tts", "llm" };
  static const char *statuses[4] = { "success", "error", "success", "skipped" };
  IlChartStyle style;
  IlTimelineLayout l;
  IlChartFrame wf;
  Canvas c;
  double sum = 0;
  int natural;

  for (guint i = 0; i < 4; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 42;
      in.turn_number = i < 3 ? 1 : 2;
      in.step_name = steps[i];
      in.status = statuses[i];
      in.error_message = i == 1 ? "boom <b>\nline 2" : NULL;
      in.started_at = T0 + i * 2 * G_USEC_PER_SEC;
      in.latency_ms = 1500;
      in.completed_at = in.started_at + 1500 * 1000;
      in.created_at = in.completed_at;
      il_row_store_append_row (store, &in);
      sum += 1500;
      cumulative[i] = sum;
    }
  il_row_store_seal (store);
  detail.rows = rows;
  detail.n_rows = 4;
  detail.cumulative_ms = cumulative;
  detail.start = T0;
  detail.end = T0 + 7500 * 1000;
  detail.total_latency_ms = sum;

  il_chart_style_init (&style, FALSE);
  natural = il_timeline_chart_get_natural_height (&data, &style);
  canvas_draw (&c, &il_timeline_chart, &data, &style, W, natural, NULL);
  il_timeline_chart_get_layout (&data, &style, W, natural, &l);
  g_assert_cmpfloat (l.seconds, ==, 8);   /* 7.5 s rounds up to a nice tick */
  g_assert_cmpfloat (l.row_height, ==, 22);
  g_assert_cmpfloat_with_epsilon (il_timeline_chart_x_for_time (&data, &l, T0), l.x, 1e-9);
  g_assert_cmpfloat_with_epsilon (il_timeline_chart_x_for_time (&data, &l, T0 + 4 * G_USEC_PER_SEC),
                                  l.x + l.width / 2, 1e-9);
  for (guint i = 0; i < 4; i++)
    {
      double x0 = il_timeline_chart_x_for_time (&data, &l, store->started_at[i]);
      double x1 = il_timeline_chart_x_for_time (&data, &l, store->completed_at[i]);
      const IlColor *expected = i == 1 ? &style.error : i == 3 ? &style.skipped : &style.success;
      int y = (int) il_timeline_chart_row_y (&l, i);

      assert_pixel_near (&c, (int) ((x0 + x1) / 2), y, expected, 0);
      assert_pixel_near (&c, (int) x0 + 1, y, expected, 0);
      assert_pixel_near (&c, (int) x1 - 2, y, expected, 0);
      /* right of the bar: no bar */
      assert_pixel_near (&c, (int) x1 + 3, y, &style.background, 0);
    }
  canvas_clear (&c);

  {
    g_autofree char *text = il_timeline_chart.query (&data, &style, W, natural, l.x + 5,
                                                     il_timeline_chart_row_y (&l, 1));
    g_assert_cmpstr (text, ==, "<b>llm</b>\nTurn 1 · error\n+2.000 s → +3.500 s\nlatency 1.5 s\n"
                               "boom &lt;b&gt;\nline 2");
  }

  /* a squeezed height still draws every row */
  canvas_draw (&c, &il_timeline_chart, &data, &style, 300, 40, NULL);
  canvas_clear (&c);

  /* waterfall: bar i spans cumulative[i - 1] .. cumulative[i] */
  canvas_draw (&c, &il_waterfall_chart, &data, &style, W, H, NULL);
  il_waterfall_chart_get_frame (&data, &style, W, H, &wf);
  for (guint i = 0; i < 4; i++)
    {
      double x0 = round (il_chart_frame_value_pos (&wf, i ? cumulative[i - 1] : 0));
      double x1 = round (il_chart_frame_value_pos (&wf, cumulative[i]));
      int y = (int) il_chart_frame_band_center (&wf, i);
      const IlColor *expected = i == 1 ? &style.error : i == 3 ? &style.skipped : &style.success;

      assert_pixel_near (&c, (int) ((x0 + x1) / 2), y, expected, 0);
      assert_pixel_near (&c, (int) x1 + 2, y, &style.background, 0);
    }
  canvas_clear (&c);

  /* no session selected / no rows */
  detail.n_rows = 0;
  canvas_draw (&c, &il_timeline_chart, &data, &style, W, H, NULL);
  g_assert_cmpuint (count_non_background (&c, &style), >, 0);
  canvas_clear (&c);
  data.detail = NULL;
  canvas_draw (&c, &il_waterfall_chart, &data, &style, W, H, NULL);
  canvas_clear (&c);
  g_assert_null (il_timeline_chart.query (&data, &style, W, H, 100, 100));
}

static void
test_timeline_500 (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  g_autofree guint32 *rows = g_new (guint32, 500);
  g_autofree double *cumulative = g_new (double, 500);
  g_autofree char *long_name = g_strnfill (300, 'x');
  IlSessionDetail detail = { 0 };
  IlSessionChartData data = { store, &detail };
  IlChartStyle style;
  IlTimelineLayout l;
  Canvas c;
  int natural;

  for (guint i = 0; i < 500; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 7;
      in.turn_number = i / 5;
      in.step_name = i % 7 == 0 ? long_name : "step";
      in.status = i % 11 == 0 ? "error" : "success";
      in.started_at = T0 + i * 100000;
      in.latency_ms = i % 50 == 0 ? 0 : 250;
      in.completed_at = in.started_at + (gint64) (in.latency_ms * 1000);
      in.created_at = IL_TIME_NONE;
      il_row_store_append_row (store, &in);
      rows[i] = i;
      cumulative[i] = (i ? cumulative[i - 1] : 0) + in.latency_ms;
    }
  il_row_store_seal (store);
  detail.rows = rows;
  detail.n_rows = 500;
  detail.cumulative_ms = cumulative;
  detail.start = T0;
  detail.end = T0 + 499 * 100000 + 250000;

  il_chart_style_init (&style, TRUE);
  natural = il_timeline_chart_get_natural_height (&data, &style);
  g_assert_cmpint (natural, >=, 500 * 22);
  canvas_draw (&c, &il_timeline_chart, &data, &style, 1000, natural, NULL);
  il_timeline_chart_get_layout (&data, &style, 1000, natural, &l);
  /* long names are ellipsized: the bars start right of the labels, inside the width */
  g_assert_cmpfloat (l.label_width, <=, 250);
  g_assert_cmpfloat (l.x + l.width, <=, 1000);
  assert_pixel_near (&c, (int) il_timeline_chart_x_for_time (&data, &l, T0 + 499 * 100000) + 1,
                     (int) il_timeline_chart_row_y (&l, 499), &style.success, 0);
  canvas_clear (&c);
  canvas_draw (&c, &il_waterfall_chart, &data, &style, 1000, 600, NULL);
  canvas_clear (&c);
}

/* ---- generic renderers ---------------------------------------------------------- */

static void
test_bars_grouped (void)
{
  static const char *labels[] = { "a", "b" };
  static const char *names[] = { "Mean", "Median", "P95" };
  static const double values[] = { 100, 200, 150, 250, 300, 400 };
  IlBarChartData data = { 2, labels, 3, values, names, NULL, IL_VALUE_FORMAT_MS, FALSE, FALSE };
  IlChartStyle style;
  IlChartFrame frame;
  g_autofree char *text = NULL;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_bar_chart, &data, &style, W, H, NULL);
  il_bar_chart_get_frame (&data, &style, W, H, &frame);
  for (guint s = 0; s < 3; s++)
    for (guint i = 0; i < 2; i++)
      {
        double x, y, w, h;

        g_assert_true (il_bar_chart_get_bar (&data, &frame, s, i, &x, &y, &w, &h));
        g_assert_cmpfloat (fabs (y - round (il_chart_frame_value_pos (&frame, values[s * 2 + i]))), <, 1e-9);
        assert_pixel_near (&c, (int) (x + w / 2), (int) (y + 1), &style.series[s], 0);
        assert_pixel_near (&c, (int) (x + w / 2), (int) (y - 2), &style.background, 0);
      }
  canvas_clear (&c);

  text = il_bar_chart.query (&data, &style, W, H, il_chart_frame_band_center (&frame, 1), frame.y + 5);
  g_assert_cmpstr (text, ==, "<b>b</b>\nMean 200 ms\nMedian 250 ms\nP95 400 ms");
}

static void
test_histogram (void)
{
  static const guint64 counts[4] = { 1, 0, 5, 2 };
  IlHistogramChartData data = { 4, 0, 1000, counts, IL_VALUE_FORMAT_MS, NULL };
  IlChartStyle style;
  IlChartFrame frame;
  g_autofree char *text = NULL;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_histogram_chart, &data, &style, W, H, NULL);
  il_histogram_chart_get_frame (&data, &style, W, H, &frame);
  g_assert_cmpuint (frame.n_bands, ==, 4);
  assert_pixel_near (&c, (int) il_chart_frame_band_center (&frame, 2),
                     (int) il_chart_frame_value_pos (&frame, 5) + 1, &style.accent, 0);
  assert_pixel_near (&c, (int) il_chart_frame_band_center (&frame, 1),
                     (int) il_chart_frame_value_pos (&frame, 0) - 3, &style.background, 0);
  canvas_clear (&c);
  text = il_histogram_chart.query (&data, &style, W, H, il_chart_frame_band_center (&frame, 2), frame.y + 3);
  g_assert_cmpstr (text, ==, "<b>500 ms – 750 ms</b>\nn = 5");
}

static void
test_line_categorical (void)
{
  static const char *labels[] = { "P50", "P75", "P90" };
  static const double y[] = { 100, NAN, 300 };
  IlLineSeries series = { "only", y };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  Canvas c;

  data.n_points = 3;
  data.x_labels = labels;
  data.n_series = 1;
  data.series = &series;
  data.y_format = IL_VALUE_FORMAT_MS;
  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_line_chart, &data, &style, W, H, NULL);
  il_line_chart_get_layout (&data, &style, W, H, &l);
  g_assert_false (l.legend);
  /* both points are lone ones around a gap: dots */
  assert_pixel_near (&c, (int) il_line_chart_x_pos (&data, &l, 0), (int) il_chart_frame_value_pos (&l.frame, 100),
                     &style.series[0], 10);
  assert_pixel_near (&c, (int) il_line_chart_x_pos (&data, &l, 2), (int) il_chart_frame_value_pos (&l.frame, 300),
                     &style.series[0], 10);
  /* between them: nothing */
  assert_pixel_near (&c, (int) il_line_chart_x_pos (&data, &l, 1), (int) il_chart_frame_value_pos (&l.frame, 230),
                     &style.background, 0);
  canvas_clear (&c);
}

static void
assert_dense_picture (Canvas                  *c,
                      const IlLineSeriesData  *data,
                      const IlLineChartLayout *l,
                      const IlChartStyle      *style)
{
  double px = il_line_chart_x_pos (data, l, 2500);

  assert_pixel_near (c, (int) floor (px), (int) il_chart_frame_value_pos (&l->frame, 900), &style->series[0], 0);
  assert_pixel_near (c, (int) floor (px), (int) il_chart_frame_value_pos (&l->frame, 1000), &style->series[0], 0);
  assert_pixel_near (c, (int) floor (il_line_chart_x_pos (data, l, 1000)),
                     (int) il_chart_frame_value_pos (&l->frame, 100), &style->series[0], 0);
  /* the gap: nothing of the line's colour around its level */
  for (int dy = -3; dy <= 3; dy++)
    g_assert_cmphex (pixel (c, (int) floor (il_line_chart_x_pos (data, l, 3500)),
                            (int) il_chart_frame_value_pos (&l->frame, 100) + dy),
                     !=, argb_of (&style->series[0]));
}

/* More points than pixels: a spike survives the reduction, a gap stays empty. */
static void
test_line_dense (void)
{
  g_autofree double *x = g_new (double, 5000);
  g_autofree double *y = g_new (double, 5000);
  IlLineSeries series = { "dense", y };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  Canvas c;

  for (guint i = 0; i < 5000; i++)
    {
      x[i] = (double) T0 + i * 300.0 * G_USEC_PER_SEC;
      y[i] = i >= 3000 && i < 4000 ? NAN : 100;
    }
  y[2500] = 1000;
  data.n_points = 5000;
  data.x = x;
  data.x_is_time = TRUE;
  data.n_series = 1;
  data.series = &series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_line_chart, &data, &style, W, H, NULL);
  il_line_chart_get_layout (&data, &style, W, H, &l);
  assert_dense_picture (&c, &data, &l, &style);
  canvas_clear (&c);

  /* through a recording surface (as for SVG/PDF) the boxes come from cairo
   * paths instead of the raster overlay: the spike and the gap all the same */
  {
    cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *rcr = cairo_create (rec);

    il_line_chart.draw (rcr, &data, &style, W, H);
    g_assert_cmpint (cairo_status (rcr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (rcr);
    c.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
    c.cr = cairo_create (c.surface);
    cairo_set_source_surface (c.cr, rec, 0, 0);
    cairo_paint (c.cr);
    cairo_surface_flush (c.surface);
    assert_dense_picture (&c, &data, &l, &style);
    canvas_clear (&c);
    cairo_surface_destroy (rec);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/axis/nice", test_axis_nice);
  g_test_add_func ("/charts/axis/format", test_axis_format);
  g_test_add_func ("/charts/axis/format-locale", test_axis_format_locale);
  g_test_add_func ("/charts/axis/time", test_axis_time);
  g_test_add_func ("/charts/style", test_style);
  g_test_add_func ("/charts/timeline/pixels", test_timeline);
  g_test_add_func ("/charts/timeline/500-rows", test_timeline_500);
  g_test_add_func ("/charts/bars/grouped", test_bars_grouped);
  g_test_add_func ("/charts/histogram", test_histogram);
  g_test_add_func ("/charts/lines/categorical", test_line_categorical);
  g_test_add_func ("/charts/lines/dense", test_line_dense);

  return g_test_run ();
}
