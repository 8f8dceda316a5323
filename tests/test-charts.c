/* test-charts.c: the renderers over aggregates drawn offscreen, pixels
 * checked at known places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "chart-test-fake.h"
#include "chart-test-util.h"

#define W 800
#define H 480
#define DAY_US G_GINT64_CONSTANT (86400000000)

/* ---- the charts over aggregates ------------------------------------------------ */

static const IlChartClass *aggregate_charts[] = {
  &il_box_plot_chart, &il_status_pie_chart, &il_trend_line_chart, &il_heatmap_chart,
  &il_step_mean_bars_chart, &il_time_share_donut_chart, &il_mean_median_p95_bars_chart,
  &il_daily_volume_bars_chart, &il_error_rate_bars_chart, &il_latency_histogram_chart,
  &il_percentile_profile_chart, &il_percentile_profile_log_chart, &il_heatmap_row_scale_chart,
  &il_errors_by_step_bars_chart, &il_error_trend_chart,
  &il_error_dow_hour_chart, &il_status_latency_bars_chart, &il_turn_error_rate_chart,
  &il_session_total_histogram_chart,
};

static void
test_box_plot_pixels (void)
{
  g_autoptr(Fake) f = fake_new (3, 400, NULL);
  IlChartStyle style;
  IlChartFrame frame;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_box_plot_chart, &f->agg, &style, W, H, NULL);
  il_box_plot_chart_get_frame (&f->agg, &style, W, H, &frame);
  g_assert_cmpuint (frame.n_bands, ==, 3);
  /* 0 .. 2400 ms (max of step 2 is 3 x 400 x 2) */
  g_assert_cmpfloat (frame.ticks.min, ==, 0);
  g_assert_cmpfloat (frame.ticks.max, >=, 2400);

  for (guint i = 0; i < 3; i++)
    {
      const IlStepStats *s = &f->agg.steps[i];
      int cx = (int) il_chart_frame_band_center (&frame, i);
      double ym = il_chart_frame_value_pos (&frame, s->median);
      double yq3 = il_chart_frame_value_pos (&frame, s->q3);
      double yq1 = il_chart_frame_value_pos (&frame, s->q1);
      double ywh = il_chart_frame_value_pos (&frame, s->whisker_high);

      /* the median line is in the text colour exactly at the median's y */
      assert_pixel_near (&c, cx + 3, (int) floor (ym), &style.foreground, 0);
      /* inside the box, between median and Q3: the step colour, translucent */
      {
        IlColor mixed = style.series[i];
        mixed.r = 1 - 0.35 * (1 - mixed.r);
        mixed.g = 1 - 0.35 * (1 - mixed.g);
        mixed.b = 1 - 0.35 * (1 - mixed.b);
        assert_pixel_near (&c, cx + 5, (int) ((ym + yq3) / 2), &mixed, 3);
        assert_pixel_near (&c, cx + 5, (int) ((ym + yq1) / 2), &mixed, 3);
      }
      /* the whisker above the box */
      assert_pixel_near (&c, (int) floor (cx), (int) ((yq3 + ywh) / 2), &style.series[i], 0);
      /* the outlier at the max is a dot of the step colour */
      assert_pixel_near (&c, cx, (int) round (il_chart_frame_value_pos (&frame, s->max)), &style.series[i], 90);
    }
  canvas_clear (&c);
}

static void
test_box_plot_query (void)
{
  g_autoptr(Fake) f = fake_new (2, 400, NULL);
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;
  IlChartStyle style;
  IlChartFrame frame;
  IlStepStats *s;

  s = &f->agg.steps[1];
  s->name = "llm_total";
  s->median = 812.4;
  s->q1 = 700;
  s->q3 = 950.25;
  s->whisker_low = 300;
  s->whisker_high = 1300;
  s->mean = 830;
  s->min = 120;
  s->max = 1600;
  s->count = 12345;

  il_chart_style_init (&style, FALSE);
  il_box_plot_chart_get_frame (&f->agg, &style, W, H, &frame);
  text = il_box_plot_chart.query (&f->agg, &style, W, H, il_chart_frame_band_center (&frame, 1),
                                  frame.y + frame.height / 2);
  g_assert_cmpstr (text, ==,
                   "<b>llm_total</b>\nmedian 812.4 ms\nQ1 700 ms\nQ3 950.2 ms\nwhiskers 300 ms – 1.3 s\n"
                   "mean 830 ms\nrange 120 ms – 1.6 s\nn = 12,345\noutliers 2");
  /* on the step's name under the plot (cut or wrapped to fit): the whole name */
  g_clear_pointer (&text, g_free);
  text = il_box_plot_chart.query (&f->agg, &style, W, H, il_chart_frame_band_center (&frame, 1),
                                  frame.y + frame.height + 8);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "<b>llm_total</b>\n"));
  /* outside the plot: nothing */
  none = il_box_plot_chart.query (&f->agg, &style, W, H, 1, 1);
  g_assert_null (none);
}

/* Timeouts 1000x above the boxes: a log axis keeps the boxes readable. */
static void
test_box_plot_log (void)
{
  g_autoptr(Fake) f = fake_new (3, 10, NULL);
  IlChartStyle style;
  IlChartFrame frame;
  IlAxisTicks t;
  Canvas c;

  il_axis_log_ticks (3, 45000, 8, &t);
  g_assert_true (t.log);
  g_assert_cmpfloat (t.min, ==, 1);
  g_assert_cmpfloat (t.max, ==, 100000);
  g_assert_cmpuint (t.n, ==, 6);
  g_assert_cmpfloat (il_axis_tick_value (&t, 3), ==, 1000);
  g_assert_cmpfloat_with_epsilon (il_axis_fraction (&t, 100), 0.4, 1e-12);
  g_assert_cmpfloat (il_axis_fraction (&t, 0), ==, 0);
  il_axis_log_ticks (10, 900, 20, &t);
  g_assert_cmpuint (t.n, ==, 7);   /* 10 20 50 100 200 500 1000 */
  g_assert_cmpfloat (il_axis_tick_value (&t, 4), ==, 200);

  f->agg.steps[2].max = 30000;   /* min of step 0 is 4: ratio 7500 */
  f->agg.steps[2].outliers[1] = 30000;
  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_box_plot_chart, &f->agg, &style, W, H, NULL);
  il_box_plot_chart_get_frame (&f->agg, &style, W, H, &frame);
  g_assert_true (frame.ticks.log);
  g_assert_cmpfloat (frame.ticks.min, ==, 1);
  g_assert_cmpfloat (frame.ticks.max, ==, 100000);
  for (guint i = 0; i < 3; i++)
    {
      const IlStepStats *s = &f->agg.steps[i];
      double ym = il_chart_frame_value_pos (&frame, s->median);

      /* log10 positions: the median of step 0 (10 ms) is one fifth up the axis */
      if (i == 0)
        g_assert_cmpfloat_with_epsilon (ym, frame.y + frame.height * 0.8, 1e-9);
      assert_pixel_near (&c, (int) il_chart_frame_band_center (&frame, i) + 3, (int) floor (ym),
                         &style.foreground, 0);
    }
  canvas_clear (&c);

  /* a zero minimum stays linear: a log axis cannot show it */
  f->agg.steps[0].q1 = 0;
  il_box_plot_chart_get_frame (&f->agg, &style, W, H, &frame);
  g_assert_false (frame.ticks.log);
}

static void
test_box_plot_thinning (void)
{
  /* few: all of them */
  g_assert_cmpuint (il_box_plot_thin_outlier (10, 300, 7), ==, 7);
  /* many: min, max and evenly spaced ones */
  g_assert_cmpuint (il_box_plot_thin_outlier (100000, 300, 0), ==, 0);
  g_assert_cmpuint (il_box_plot_thin_outlier (100000, 300, 299), ==, 99999);
  g_assert_cmpuint (il_box_plot_thin_outlier (100000, 300, 150), ==, (guint) round (150.0 * 99999 / 299));
}

/* A dense trend (a month of 15-minute buckets) is drawn thinned to
 * IL_TREND_MAX_POINTS, as the line renderer does it. */
static void
test_trend_dense (void)
{
  g_autoptr(Fake) f = fake_new (2, 400, NULL);
  const guint nb = 2880;
  IlLineSeries series[2] = { { 0 } };
  IlLineSeriesData lines = { 0 };
  double *x = own (f, g_new (double, nb));
  IlChartStyle style;
  Canvas adapter, thinned, full;
  guint differ_thinned = 0, differ_full = 0;

  f->agg.trend.n_buckets = nb;
  f->agg.trend.bucket_us = DAY_US / 96;
  f->agg.trend.bucket_start = own (f, g_new (gint64, nb));
  f->agg.trend.mean = own (f, g_new (double, 2 * nb));
  for (guint b = 0; b < nb; b++)
    {
      f->agg.trend.bucket_start[b] = T0 + b * f->agg.trend.bucket_us;
      x[b] = (double) f->agg.trend.bucket_start[b] + f->agg.trend.bucket_us / 2.0;
      f->agg.trend.mean[b] = 400 + (b % 7) * 50;
      f->agg.trend.mean[nb + b] = 900 + (b % 11) * 40;
    }
  for (guint s = 0; s < 2; s++)
    {
      series[s].name = f->agg.steps[s].name;
      series[s].y = f->agg.trend.mean + (gsize) s * nb;
    }
  lines.n_points = nb;
  lines.x = x;
  lines.x_is_time = TRUE;
  lines.x_min = (double) f->agg.trend.bucket_start[0];
  lines.x_max = (double) f->agg.trend.bucket_start[nb - 1] + f->agg.trend.bucket_us;
  lines.n_series = 2;
  lines.series = series;
  lines.y_format = IL_VALUE_FORMAT_MS;
  lines.max_points = IL_TREND_MAX_POINTS;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&adapter, &il_trend_line_chart, &f->agg, &style, W, H, NULL);
  canvas_draw (&thinned, &il_line_chart, &lines, &style, W, H, NULL);
  lines.max_points = 0;
  canvas_draw (&full, &il_line_chart, &lines, &style, W, H, NULL);
  for (int y = 0; y < H; y++)
    for (int px = 0; px < W; px++)
      {
        differ_thinned += pixel (&adapter, px, y) != pixel (&thinned, px, y);
        differ_full += pixel (&adapter, px, y) != pixel (&full, px, y);
      }
  g_assert_cmpuint (differ_thinned, ==, 0);
  g_assert_cmpuint (differ_full, >, 500);
  canvas_clear (&adapter);
  canvas_clear (&thinned);
  canvas_clear (&full);
}

/* The log profile spreads the same values over another axis. */
static void
test_percentile_profile_log (void)
{
  g_autoptr(Fake) f = fake_new (3, 400, NULL);
  IlChartStyle style;
  Canvas lin, lg;
  guint differ = 0;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&lin, &il_percentile_profile_chart, &f->agg, &style, W, H, NULL);
  canvas_draw (&lg, &il_percentile_profile_log_chart, &f->agg, &style, W, H, NULL);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      differ += pixel (&lin, x, y) != pixel (&lg, x, y);
  g_assert_cmpuint (differ, >, 500);
  canvas_clear (&lin);
  canvas_clear (&lg);
}

static void
test_heatmap_pixels (void)
{
  g_autoptr(Fake) f = fake_new (3, 400, NULL);
  IlChartStyle style;
  IlMatrixLayout l;
  Canvas c;

  il_chart_style_init (&style, TRUE);
  canvas_draw (&c, &il_heatmap_chart, &f->agg, &style, W, H, NULL);
  il_heatmap_chart_get_layout (&f->agg, &style, W, H, &l);
  g_assert_cmpfloat (l.vmin, ==, 400);
  g_assert_cmpfloat_with_epsilon (l.vmax, 1200 * 1.4, 1e-9);

  /* step 0 turn 3 has no rows: its centre keeps the background */
  assert_pixel_near (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + 0.5 * l.cell_height),
                     &style.background, 0);
  /* a filled cell has its scale colour (away from the printed value) */
  for (guint r = 0; r < 3; r++)
    for (guint t = 0; t < 5; t++)
      {
        double v = f->agg.heatmap.mean[r * 5 + t];
        IlColor expected;

        if (isnan (v))
          continue;
        expected = il_matrix_chart_color (&l, v);
        assert_pixel_near (&c, (int) (l.x + t * l.cell_width) + 3, (int) (l.y + r * l.cell_height) + 3,
                           &expected, 1);
      }
  /* "Turn" is drawn as the title of the column axis, centred under the cells */
  {
    guint32 bg = argb_of (&style.background);
    guint ink = 0;

    for (int y = (int) l.title_y; y < (int) l.title_y + 12 && y < H; y++)
      for (int x = (int) (l.x + 2 * l.cell_width); x < (int) (l.x + 3 * l.cell_width); x++)
        ink += pixel (&c, x, y) != bg;
    g_assert_cmpuint (ink, >, 20);
  }
  /* each step over its own range: step 2's fastest cell takes the low end */
  {
    Canvas rc;
    IlColor low = il_matrix_chart_color (&l, l.vmin);
    int x = (int) l.x + 3, y = (int) (l.y + 2 * l.cell_height) + 3;

    canvas_draw (&rc, &il_heatmap_row_scale_chart, &f->agg, &style, W, H, NULL);
    g_assert_cmpuint (pixel (&rc, x, y), !=, pixel (&c, x, y));
    assert_pixel_near (&rc, x, y, &low, 1);
    canvas_clear (&rc);
  }
  canvas_clear (&c);

  /* the query names the cell */
  {
    g_autofree char *empty = il_heatmap_chart.query (&f->agg, &style, W, H, l.x + 2.5 * l.cell_width,
                                                     l.y + 0.5 * l.cell_height);
    g_autofree char *full = il_heatmap_chart.query (&f->agg, &style, W, H, l.x + 0.5 * l.cell_width,
                                                    l.y + 1.5 * l.cell_height);
    g_assert_cmpstr (empty, ==, "<b>step_000</b>\nTurn 3\nNo rows");
    g_assert_cmpstr (full, ==, "<b>step_001</b>\nTurn 1\n800 ms\nn = 7");
  }
}

static void
test_status_pie_pixels (void)
{
  g_autoptr(Fake) f = fake_new (3, 400, NULL);
  g_autofree char *text = NULL;
  IlChartStyle style;
  IlDonutLayout l;
  Canvas c;
  double total = 0, acc = 0;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_status_pie_chart, &f->agg, &style, W, H, NULL);
  il_status_pie_chart_get_layout (&f->agg, &style, W, H, &l);
  for (guint i = 0; i < 3; i++)
    total += f->agg.statuses[i].count;
  g_assert_cmpfloat (l.total, ==, total);

  for (guint i = 0; i < 3; i++)
    {
      double a = (acc + f->agg.statuses[i].count / 2.0) / total * 2 * G_PI - G_PI / 2;
      double r = (l.radius + l.inner) / 2;
      const IlColor *expected = i == 0 ? &style.success : i == 1 ? &style.skipped : &style.error;

      acc += f->agg.statuses[i].count;
      if (f->agg.statuses[i].count * 50 < total)
        continue;   /* too thin to sample */
      assert_pixel_near (&c, (int) (l.cx + r * cos (a)), (int) (l.cy + r * sin (a)), expected, 2);
    }
  /* the hole is background */
  assert_pixel_near (&c, (int) l.cx + (int) (l.inner * 0.8), (int) l.cy, &style.background, 0);
  canvas_clear (&c);

  /* 12 o'clock + a little: the first slice, success */
  text = il_status_pie_chart.query (&f->agg, &style, W, H, l.cx + 3, l.cy - (l.radius + l.inner) / 2);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "<b>success</b>\n"));
}

static void
test_step_mean_bars_pixels (void)
{
  g_autoptr(Fake) f = fake_new (4, 100, NULL);
  IlChartStyle style;
  IlChartFrame frame;
  Canvas c;
  double median;

  /* means 105, 210, 315, 420: median of means 262.5 -> 105 fast, 210 and 315 medium, 420 slow */
  f->agg.steps[3].mean = 900;
  il_chart_style_init (&style, FALSE);
  median = il_step_means_median (&f->agg);
  g_assert_cmpfloat_with_epsilon (median, 262.5, 1e-9);
  g_assert_cmpint (il_step_speed_class (105, median), ==, 0);
  g_assert_cmpint (il_step_speed_class (315, median), ==, 1);
  g_assert_cmpint (il_step_speed_class (900, median), ==, 2);

  canvas_draw (&c, &il_step_mean_bars_chart, &f->agg, &style, W, H, NULL);
  il_step_mean_bars_chart_get_frame (&f->agg, &style, W, H, &frame);
  g_assert_true (frame.horizontal);
  for (guint i = 0; i < 4; i++)
    {
      double end = round (il_chart_frame_value_pos (&frame, f->agg.steps[i].mean));
      int cy = (int) il_chart_frame_band_center (&frame, i);
      const IlColor *expected = i == 0 ? &style.success : i == 3 ? &style.error : &style.warning;

      /* the bar ends at the mean's x: its colour just before, background right after */
      assert_pixel_near (&c, (int) end - 1, cy, expected, 0);
      assert_pixel_near (&c, (int) end + 1, cy, &style.background, 0);
      assert_pixel_near (&c, (int) frame.x + 2, cy, expected, 0);
    }
  canvas_clear (&c);
}

static void
test_error_rate_colors (void)
{
  g_autoptr(Fake) f = fake_new (3, 100, NULL);
  IlChartStyle style;
  IlChartFrame frame;
  Canvas c;

  f->agg.steps[0].error_rate_pct = 0.5;
  f->agg.steps[1].error_rate_pct = 3;
  f->agg.steps[2].error_rate_pct = 12;
  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_error_rate_bars_chart, &f->agg, &style, W, H, NULL);
  il_error_rate_bars_chart_get_frame (&f->agg, &style, W, H, &frame);
  assert_pixel_near (&c, (int) frame.x + 2, (int) il_chart_frame_band_center (&frame, 0), &style.success, 0);
  assert_pixel_near (&c, (int) frame.x + 2, (int) il_chart_frame_band_center (&frame, 1), &style.warning, 0);
  assert_pixel_near (&c, (int) frame.x + 2, (int) il_chart_frame_band_center (&frame, 2), &style.error, 0);
  canvas_clear (&c);
}

static void
test_trend_line_pixels (void)
{
  g_autoptr(Fake) f = fake_new (2, 400, NULL);
  g_autofree char *text = NULL;
  IlChartStyle style;
  IlLineChartLayout l;
  Canvas c;
  IlLineSeriesData probe = { 0 };
  double x[10];

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_trend_line_chart, &f->agg, &style, W, H, NULL);
  il_trend_line_chart_get_layout (&f->agg, &style, W, H, &l);
  g_assert_true (l.legend);
  g_assert_cmpfloat (l.x_min, ==, (double) T0);
  g_assert_cmpfloat (l.x_max, ==, (double) (T0 + 10 * DAY_US));

  for (guint b = 0; b < 10; b++)
    x[b] = (double) (T0 + b * DAY_US + DAY_US / 2);
  probe.x = x;
  probe.n_points = 10;
  for (guint s = 0; s < 2; s++)
    for (guint b = 0; b < 10; b++)
      {
        double v = f->agg.trend.mean[s * 10 + b];
        double px = il_line_chart_x_pos (&probe, &l, b);
        double py = il_chart_frame_value_pos (&l.frame, v);

        if (isnan (v))
          {
            /* a gap: the middle of the bucket is not drawn in the line colour */
            guint32 p = pixel (&c, (int) px, (int) il_chart_frame_value_pos (&l.frame, 400 + b));
            g_assert_cmphex (p, !=, argb_of (&style.series[0]));
            continue;
          }
        /* every point, the lone one at bucket 5 too, is drawn in the step colour */
        assert_pixel_near (&c, (int) floor (px), (int) floor (py), &style.series[s], 60);
      }
  canvas_clear (&c);

  text = il_trend_line_chart.query (&f->agg, &style, W, H, il_line_chart_x_pos (&probe, &l, 3),
                                    l.frame.y + 10);
  /* bucket 3: step 0 has a gap, step 1 a value of 803 ms */
  g_assert_cmpstr (text, ==, "<b>2026-11-06 12:00 UTC</b>\n"
                             "<span foreground=\"#f28e2b\">\342\227\217</span> step_001 803 ms");
}

/* Normal data: each chart draws plenty, in both styles; zero rows: an empty state. */
static void
test_all_normal_and_empty (void)
{
  g_autoptr(Fake) normal = fake_new (6, 300, NULL);
  g_autoptr(Fake) empty = fake_new (0, 300, NULL);

  for (guint dark = 0; dark < 2; dark++)
    {
      IlChartStyle style;

      il_chart_style_init (&style, dark);
      for (guint i = 0; i < G_N_ELEMENTS (aggregate_charts); i++)
        {
          const IlChartClass *k = aggregate_charts[i];
          Canvas c;
          guint n;

          canvas_draw (&c, k, &normal->agg, &style, W, H, NULL);
          n = count_non_background (&c, &style);
          if (n < W * H / 100)
            g_error ("%s draws only %u pixels", k->name, n);
          canvas_clear (&c);

          canvas_draw (&c, k, &empty->agg, &style, W, H, NULL);
          n = count_non_background (&c, &style);
          /* "No data": some text in the middle, nothing else */
          if (n == 0 || n > W * H / 50)
            g_error ("%s empty state has %u pixels", k->name, n);
          g_assert_cmphex (pixel (&c, 5, 5), ==, argb_of (&style.background));
          canvas_clear (&c);

          canvas_draw (&c, k, NULL, &style, W, H, NULL);
          canvas_clear (&c);
          g_assert_null (k->query (&empty->agg, &style, W, H, W / 2, H / 2));
          g_assert_null (k->query (NULL, &style, W, H, W / 2, H / 2));
          g_assert_nonnull (k->name);
        }
    }
}

/* Every point of a normal chart can be queried; the middle of most charts answers. */
static void
test_all_query (void)
{
  g_autoptr(Fake) f = fake_new (6, 300, NULL);
  IlChartStyle style;
  guint answered = 0;

  il_chart_style_init (&style, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (aggregate_charts); i++)
    {
      const IlChartClass *k = aggregate_charts[i];
      gboolean any = FALSE;

      for (int y = 0; y < H; y += 37)
        for (int x = 0; x < W; x += 41)
          {
            g_autofree char *text = k->query (&f->agg, &style, W, H, x, y);

            if (text != NULL)
              {
                /* valid markup, always */
                g_assert_true (pango_parse_markup (text, -1, 0, NULL, NULL, NULL, NULL));
                any = TRUE;
              }
          }
      if (!any)
        g_error ("%s never answers a query", k->name);
      answered++;
    }
  g_assert_cmpuint (answered, ==, G_N_ELEMENTS (aggregate_charts));
}

static void
assert_survives (Fake       *f,
                 const char *what)
{
  static const int sizes[][2] = { { W, H }, { 1400, 900 }, { 120, 80 }, { 1, 1 } };

  for (guint dark = 0; dark < 2; dark++)
    {
      IlChartStyle style;

      il_chart_style_init (&style, dark);
      for (guint i = 0; i < G_N_ELEMENTS (aggregate_charts); i++)
        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
          {
            const IlChartClass *k = aggregate_charts[i];
            Canvas c;

            canvas_draw (&c, k, &f->agg, &style, sizes[s][0], sizes[s][1], NULL);
            if (cairo_status (c.cr) != CAIRO_STATUS_SUCCESS)
              g_error ("%s (%s): %s", k->name, what, cairo_status_to_string (cairo_status (c.cr)));
            canvas_clear (&c);
            g_free (k->query (&f->agg, &style, sizes[s][0], sizes[s][1], sizes[s][0] / 2.0, sizes[s][1] / 2.0));
          }
    }
}

static void
test_all_one_step (void)
{
  g_autoptr(Fake) f = fake_new (1, 300, NULL);

  assert_survives (f, "one step");
}

static void
test_all_one_row (void)
{
  g_autoptr(Fake) f = fake_new (1, 300, NULL);
  IlStepStats *s = &f->agg.steps[0];

  /* one row: every figure is the value, std NAN, nothing around it */
  s->count = 1;
  s->median = s->mean = s->q1 = s->q3 = s->min = s->max = s->whisker_low = s->whisker_high = 300;
  s->p50 = s->p75 = s->p90 = s->p95 = s->p99 = 300;
  s->std = NAN;
  s->n_outliers = 0;
  f->agg.key.total_records = 1;
  f->agg.trend.n_buckets = 1;
  f->agg.error_trend.n_buckets = 1;
  f->agg.heatmap.n_turns = 1;
  f->agg.n_days = 1;
  f->agg.n_statuses = 1;
  f->agg.n_turn_errors = 1;
  assert_survives (f, "one row");
}

static void
test_all_500_steps (void)
{
  g_autoptr(Fake) f = fake_new (500, 3, NULL);

  assert_survives (f, "500 steps");
}

static void
test_all_long_name (void)
{
  g_autofree char *name = g_strnfill (300, 'w');
  g_autoptr(Fake) f = fake_new (4, 300, name);
  IlChartStyle style;
  IlChartFrame frame;

  assert_survives (f, "300-char name");

  /* the label column never takes more than 30% of the width */
  il_chart_style_init (&style, FALSE);
  il_step_mean_bars_chart_get_frame (&f->agg, &style, W, H, &frame);
  g_assert_cmpfloat (frame.label_width, <=, W * 0.3);
  g_assert_cmpfloat (frame.x + frame.width, <=, W);
  g_assert_cmpfloat (frame.width, >, W * 0.4);
}

static void
test_all_extremes (void)
{
  g_autoptr(Fake) zero = fake_new (3, 0, NULL);
  g_autoptr(Fake) huge = fake_new (3, 1e9, NULL);

  assert_survives (zero, "0 ms");
  assert_survives (huge, "1e9 ms");
}

static void
test_matrix_dow_hour (void)
{
  g_autoptr(Fake) f = fake_new (3, 100, NULL);
  g_autofree char *text = NULL;
  IlChartStyle style;
  IlMatrixLayout l;

  il_chart_style_init (&style, FALSE);
  il_error_dow_hour_chart_get_layout (&f->agg, &style, W, H, &l);
  /* Monday first: row 0; hour 13 of Tuesday */
  text = il_error_dow_hour_chart.query (&f->agg, &style, W, H, l.x + 13.5 * l.cell_width, l.y + 1.5 * l.cell_height);
  g_assert_cmpstr (text, ==, "<b>Tue</b>\nHour 13\n2");
}

static void
test_export_class_names (void)
{
  /* export file names must be unique */
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (aggregate_charts); i++)
    {
      g_assert_false (g_hash_table_contains (seen, aggregate_charts[i]->name));
      g_hash_table_add (seen, (gpointer) aggregate_charts[i]->name);
      g_assert_nonnull (aggregate_charts[i]->query);
    }
}

/* A page's .ui names its charts: every name finds its class, once. */
static void
test_lookup (void)
{
  const char *names[] = {
    "status-pie", "trend", "error-trend", "heatmap", "error-day-hour", "step-means", "error-rate",
    "errors-by-step", "mean-median-p95", "daily-volume", "status-latency", "time-share",
    "percentiles", "turn-error-rate", "latency-histogram", "session-totals", "box-plot",
    "timeline", "waterfall",
  };

  g_assert_true (il_chart_lookup ("trend") == &il_trend_line_chart);
  g_assert_true (il_chart_lookup ("box-plot") == &il_box_plot_chart);
  g_assert_true (il_chart_lookup ("session-totals") == &il_session_total_histogram_chart);
  g_assert_true (il_chart_lookup ("waterfall") == &il_waterfall_chart);
  g_assert_null (il_chart_lookup ("no-such-chart"));
  g_assert_null (il_chart_lookup (""));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const IlChartClass *klass = il_chart_lookup (names[i]);

      g_assert_nonnull (klass);
      g_assert_cmpstr (klass->name, ==, names[i]);
      for (guint j = 0; j < i; j++)
        g_assert_true (il_chart_lookup (names[j]) != klass);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/percentile-profile-log", test_percentile_profile_log);
  g_test_add_func ("/charts/trend-dense", test_trend_dense);
  g_test_add_func ("/charts/box-plot/pixels", test_box_plot_pixels);
  g_test_add_func ("/charts/box-plot/query", test_box_plot_query);
  g_test_add_func ("/charts/box-plot/thinning", test_box_plot_thinning);
  g_test_add_func ("/charts/box-plot/log", test_box_plot_log);
  g_test_add_func ("/charts/heatmap/pixels", test_heatmap_pixels);
  g_test_add_func ("/charts/status-pie/pixels", test_status_pie_pixels);
  g_test_add_func ("/charts/step-mean-bars/pixels", test_step_mean_bars_pixels);
  g_test_add_func ("/charts/error-rate-bars/colors", test_error_rate_colors);
  g_test_add_func ("/charts/trend-line/pixels", test_trend_line_pixels);
  g_test_add_func ("/charts/all/normal-and-empty", test_all_normal_and_empty);
  g_test_add_func ("/charts/all/query", test_all_query);
  g_test_add_func ("/charts/all/one-step", test_all_one_step);
  g_test_add_func ("/charts/all/one-row", test_all_one_row);
  g_test_add_func ("/charts/all/500-steps", test_all_500_steps);
  g_test_add_func ("/charts/all/long-name", test_all_long_name);
  g_test_add_func ("/charts/all/extremes", test_all_extremes);
  g_test_add_func ("/charts/all/names", test_export_class_names);
  g_test_add_func ("/charts/matrix/day-hour", test_matrix_dow_hour);
  g_test_add_func ("/charts/lookup", test_lookup);

  return g_test_run ();
}
