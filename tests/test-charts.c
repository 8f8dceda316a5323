/* test-charts.c: every renderer drawn offscreen, pixels checked at known places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "il-charts.h"

#define W 800
#define H 480
#define T0 G_GINT64_CONSTANT (1793664000000000)   /* 2026-11-03T00:00:00Z */
#define DAY_US G_GINT64_CONSTANT (86400000000)
#define HOUR_US G_GINT64_CONSTANT (3600000000)

/* ---- hand-made aggregates ----------------------------------------------------- */

typedef struct
{
  IlAggregates agg;     /* first: a Fake is an IlAggregates */
  GPtrArray   *owned;
} Fake;

static gpointer
own (Fake    *f,
     gpointer p)
{
  g_ptr_array_add (f->owned, p);
  return p;
}

static void
fake_free (Fake *f)
{
  g_ptr_array_unref (f->owned);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

/* n_steps steps; step i has its median at base * (i + 1); long_name replaces
 * the name of step 0 when not NULL. n_steps 0 gives zero rows. */
static Fake *
fake_new (guint       n_steps,
          double      base,
          const char *long_name)
{
  Fake *f = g_new0 (Fake, 1);
  IlAggregates *a = &f->agg;
  const guint nb = 10, nt = 5;
  guint64 total = 0, errors = 0;

  f->owned = g_ptr_array_new_with_free_func (g_free);
  il_aggregate_options_init (&a->options);
  a->n_steps = n_steps;
  a->steps = own (f, g_new0 (IlStepStats, MAX (n_steps, 1)));
  for (guint i = 0; i < n_steps; i++)
    {
      IlStepStats *s = &a->steps[i];
      double m = base * (i + 1);

      s->step = i;
      s->name = own (f, i == 0 && long_name ? g_strdup (long_name) : g_strdup_printf ("step_%03u", i));
      s->count = 100 + i;
      s->median = s->p50 = m;
      s->mean = m * 1.05;
      s->q1 = m * 0.8;
      s->q3 = m * 1.2;
      s->whisker_low = m * 0.5;
      s->whisker_high = m * 1.6;
      s->min = m * 0.4;
      s->max = m * 2;
      s->std = m * 0.1;
      s->sum = s->mean * s->count;
      s->p75 = m * 1.2;
      s->p90 = m * 1.4;
      s->p95 = m * 1.5;
      s->p99 = m * 1.9;
      s->outliers = g_new (double, 2);
      s->outliers[0] = s->min;
      s->outliers[1] = s->max;
      s->n_outliers = 2;
      own (f, s->outliers);
      s->error_count = i % 3;
      s->success_count = s->count - s->error_count;
      s->error_rate_pct = 100.0 * s->error_count / s->count;
      s->success_rate_pct = 100 - s->error_rate_pct;
      total += s->count;
      errors += s->error_count;
    }
  for (guint i = 0; i < n_steps; i++)
    a->steps[i].share_of_total_time_pct = 100.0 / n_steps;
  a->slowest_step = n_steps ? (gint) n_steps - 1 : -1;
  a->key.total_records = total;
  a->key.avg_latency_ms = n_steps ? base : NAN;
  a->errors.total_errors = errors;
  a->errors.error_rate_pct = total ? 100.0 * errors / total : NAN;

  a->n_statuses = n_steps ? 3 : 0;
  a->statuses = own (f, g_new0 (IlStatusCount, 3));
  a->statuses[0] = (IlStatusCount) { 0, "success", total - errors - (total / 10), base };
  a->statuses[1] = (IlStatusCount) { 1, "skipped", total / 10, base / 2 };
  a->statuses[2] = (IlStatusCount) { 2, "error", errors, base * 2 };

  a->trend.bucket = IL_BUCKET_DAY;
  a->trend.bucket_us = DAY_US;
  a->trend.first_bucket_us = T0;
  a->trend.n_buckets = n_steps ? nb : 0;
  a->trend.n_steps = n_steps;
  a->trend.bucket_start = own (f, g_new (gint64, nb));
  a->trend.mean = own (f, g_new (double, (gsize) MAX (n_steps, 1) * nb));
  a->trend.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nb));
  for (guint b = 0; b < nb; b++)
    a->trend.bucket_start[b] = T0 + b * DAY_US;
  for (guint i = 0; i < n_steps; i++)
    for (guint b = 0; b < nb; b++)
      {
        /* step 0: a gap at bucket 3 and a lone point at bucket 5 */
        gboolean gap = i == 0 && (b == 3 || b == 4 || b == 6);
        a->trend.mean[i * nb + b] = gap ? NAN : base * (i + 1) + b;
        a->trend.count[i * nb + b] = gap ? 0 : 10;
      }
  a->error_trend = a->trend;
  a->error_trend.mean = NULL;
  a->error_trend.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nb));
  for (guint i = 0; i < n_steps * nb; i++)
    a->error_trend.count[i] = i % 4;

  a->heatmap.n_steps = n_steps;
  a->heatmap.turn_min = 1;
  a->heatmap.turn_max = nt;
  a->heatmap.n_turns = n_steps ? nt : 0;
  a->heatmap.mean = own (f, g_new (double, (gsize) MAX (n_steps, 1) * nt));
  a->heatmap.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nt));
  for (guint i = 0; i < n_steps; i++)
    for (guint t = 0; t < nt; t++)
      {
        gboolean empty = i == 0 && t == 2;
        a->heatmap.mean[i * nt + t] = empty ? NAN : base * (i + 1) * (1 + t * 0.1);
        a->heatmap.count[i * nt + t] = empty ? 0 : 7;
      }

  a->n_days = n_steps ? nb : 0;
  a->daily_volume = own (f, g_new (IlDayCount, nb));
  for (guint b = 0; b < nb; b++)
    a->daily_volume[b] = (IlDayCount) { T0 + b * DAY_US, 100 + b * 10 };

  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      a->error_dow_hour[d][h] = n_steps ? (d * 24 + h) % 5 : 0;

  a->n_turn_errors = n_steps ? nt : 0;
  a->turn_errors = own (f, g_new0 (IlTurnErrorRate, nt));
  for (guint t = 0; t < nt; t++)
    a->turn_errors[t] = (IlTurnErrorRate) { (gint32) t + 1, 100, t, (double) t };

  a->latency_histogram.n_bins = 50;
  a->latency_histogram.min = 0;
  a->latency_histogram.max = base * 2 * MAX (n_steps, 1);
  a->latency_histogram.counts = own (f, g_new0 (guint64, 50));
  for (guint i = 0; i < 50 && n_steps; i++)
    a->latency_histogram.counts[i] = (i * 7) % 23;
  a->session_total_histogram.n_bins = 30;
  a->session_total_histogram.min = base;
  a->session_total_histogram.max = base * 40;
  a->session_total_histogram.counts = own (f, g_new0 (guint64, 30));
  for (guint i = 0; i < 30 && n_steps; i++)
    a->session_total_histogram.counts[i] = 30 - i;
  return f;
}

/* ---- pixels --------------------------------------------------------------------- */

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
} Canvas;

static void
canvas_draw (Canvas             *c,
             const IlChartClass *klass,
             gconstpointer       data,
             const IlChartStyle *style,
             int                 width,
             int                 height)
{
  c->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  c->cr = cairo_create (c->surface);
  klass->draw (c->cr, data, style, width, height);
  g_assert_cmpint (cairo_status (c->cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (c->surface);
}

static void
canvas_clear (Canvas *c)
{
  cairo_destroy (c->cr);
  cairo_surface_destroy (c->surface);
}

static guint32
pixel (Canvas *c,
       int     x,
       int     y)
{
  const guint8 *data = cairo_image_surface_get_data (c->surface);
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (c->surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (c->surface));
  memcpy (&argb, data + y * cairo_image_surface_get_stride (c->surface) + x * 4, 4);
  return argb;
}

/* The colour a fully opaque fill of c leaves. */
static guint32
argb_of (const IlColor *c)
{
  return 0xff000000u | ((guint32) round (c->r * 255) << 16) | ((guint32) round (c->g * 255) << 8)
         | (guint32) round (c->b * 255);
}

static void
assert_pixel_near (Canvas        *c,
                   int            x,
                   int            y,
                   const IlColor *expected,
                   int            tolerance)
{
  guint32 p = pixel (c, x, y);
  guint32 e = argb_of (expected);

  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((p >> shift) & 0xff) - (int) ((e >> shift) & 0xff)) > tolerance)
      g_error ("pixel (%d, %d) is #%06x, expected #%06x", x, y, p & 0xffffff, e & 0xffffff);
}

static guint
count_non_background (Canvas             *c,
                      const IlChartStyle *style)
{
  guint32 bg = argb_of (&style->background);
  int w = cairo_image_surface_get_width (c->surface);
  int h = cairo_image_surface_get_height (c->surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixel (c, x, y) != bg)
        n++;
  return n;
}

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
test_box_plot_pixels (void)
{
  g_autoptr(Fake) f = fake_new (3, 400, NULL);
  IlChartStyle style;
  IlChartFrame frame;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_box_plot_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_box_plot_chart, &f->agg, &style, W, H);
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
  canvas_draw (&adapter, &il_trend_line_chart, &f->agg, &style, W, H);
  canvas_draw (&thinned, &il_line_chart, &lines, &style, W, H);
  lines.max_points = 0;
  canvas_draw (&full, &il_line_chart, &lines, &style, W, H);
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
  canvas_draw (&lin, &il_percentile_profile_chart, &f->agg, &style, W, H);
  canvas_draw (&lg, &il_percentile_profile_log_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_heatmap_chart, &f->agg, &style, W, H);
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

    canvas_draw (&rc, &il_heatmap_row_scale_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_status_pie_chart, &f->agg, &style, W, H);
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

  canvas_draw (&c, &il_step_mean_bars_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_error_rate_bars_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_trend_line_chart, &f->agg, &style, W, H);
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
  canvas_draw (&c, &il_timeline_chart, &data, &style, W, natural);
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
  canvas_draw (&c, &il_timeline_chart, &data, &style, 300, 40);
  canvas_clear (&c);

  /* waterfall: bar i spans cumulative[i - 1] .. cumulative[i] */
  canvas_draw (&c, &il_waterfall_chart, &data, &style, W, H);
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
  canvas_draw (&c, &il_timeline_chart, &data, &style, W, H);
  g_assert_cmpuint (count_non_background (&c, &style), >, 0);
  canvas_clear (&c);
  data.detail = NULL;
  canvas_draw (&c, &il_waterfall_chart, &data, &style, W, H);
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
  canvas_draw (&c, &il_timeline_chart, &data, &style, 1000, natural);
  il_timeline_chart_get_layout (&data, &style, 1000, natural, &l);
  /* long names are ellipsized: the bars start right of the labels, inside the width */
  g_assert_cmpfloat (l.label_width, <=, 250);
  g_assert_cmpfloat (l.x + l.width, <=, 1000);
  assert_pixel_near (&c, (int) il_timeline_chart_x_for_time (&data, &l, T0 + 499 * 100000) + 1,
                     (int) il_timeline_chart_row_y (&l, 499), &style.success, 0);
  canvas_clear (&c);
  canvas_draw (&c, &il_waterfall_chart, &data, &style, 1000, 600);
  canvas_clear (&c);
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

          canvas_draw (&c, k, &normal->agg, &style, W, H);
          n = count_non_background (&c, &style);
          if (n < W * H / 100)
            g_error ("%s draws only %u pixels", k->name, n);
          canvas_clear (&c);

          canvas_draw (&c, k, &empty->agg, &style, W, H);
          n = count_non_background (&c, &style);
          /* "No data": some text in the middle, nothing else */
          if (n == 0 || n > W * H / 50)
            g_error ("%s empty state has %u pixels", k->name, n);
          g_assert_cmphex (pixel (&c, 5, 5), ==, argb_of (&style.background));
          canvas_clear (&c);

          canvas_draw (&c, k, NULL, &style, W, H);
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

            canvas_draw (&c, k, &f->agg, &style, sizes[s][0], sizes[s][1]);
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
  canvas_draw (&c, &il_bar_chart, &data, &style, W, H);
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
  canvas_draw (&c, &il_histogram_chart, &data, &style, W, H);
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
  canvas_draw (&c, &il_line_chart, &data, &style, W, H);
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
  canvas_draw (&c, &il_line_chart, &data, &style, W, H);
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
  g_test_add_func ("/charts/axis/nice", test_axis_nice);
  g_test_add_func ("/charts/axis/format", test_axis_format);
  g_test_add_func ("/charts/axis/format-locale", test_axis_format_locale);
  g_test_add_func ("/charts/axis/time", test_axis_time);
  g_test_add_func ("/charts/style", test_style);
  g_test_add_func ("/charts/box-plot/pixels", test_box_plot_pixels);
  g_test_add_func ("/charts/box-plot/query", test_box_plot_query);
  g_test_add_func ("/charts/box-plot/thinning", test_box_plot_thinning);
  g_test_add_func ("/charts/box-plot/log", test_box_plot_log);
  g_test_add_func ("/charts/heatmap/pixels", test_heatmap_pixels);
  g_test_add_func ("/charts/status-pie/pixels", test_status_pie_pixels);
  g_test_add_func ("/charts/step-mean-bars/pixels", test_step_mean_bars_pixels);
  g_test_add_func ("/charts/error-rate-bars/colors", test_error_rate_colors);
  g_test_add_func ("/charts/trend-line/pixels", test_trend_line_pixels);
  g_test_add_func ("/charts/timeline/pixels", test_timeline);
  g_test_add_func ("/charts/timeline/500-rows", test_timeline_500);
  g_test_add_func ("/charts/all/normal-and-empty", test_all_normal_and_empty);
  g_test_add_func ("/charts/all/query", test_all_query);
  g_test_add_func ("/charts/all/one-step", test_all_one_step);
  g_test_add_func ("/charts/all/one-row", test_all_one_row);
  g_test_add_func ("/charts/all/500-steps", test_all_500_steps);
  g_test_add_func ("/charts/all/long-name", test_all_long_name);
  g_test_add_func ("/charts/all/extremes", test_all_extremes);
  g_test_add_func ("/charts/all/names", test_export_class_names);
  g_test_add_func ("/charts/bars/grouped", test_bars_grouped);
  g_test_add_func ("/charts/histogram", test_histogram);
  g_test_add_func ("/charts/lines/categorical", test_line_categorical);
  g_test_add_func ("/charts/lines/dense", test_line_dense);
  g_test_add_func ("/charts/matrix/day-hour", test_matrix_dow_hour);
  g_test_add_func ("/charts/lookup", test_lookup);

  return g_test_run ();
}
