/* bench-charts.c: full redraw of every chart at 1400x900 over 1,000,000 demo rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints the median of 20 redraws per chart; the target is < 8 ms each.
 * Usage: bench-charts [N_ROWS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "il-charts.h"
#include "il-demo.h"

#define WIDTH  1400
#define HEIGHT 900
#define RUNS   20

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
time_chart (const IlChartClass *klass,
            gconstpointer       data,
            const IlChartStyle *style,
            cairo_surface_t    *surface,
            int                 height)
{
  double times[RUNS];

  /* one warm-up draw loads fonts and glyph caches */
  for (int i = -1; i < RUNS; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();

      klass->draw (cr, data, style, WIDTH, height);
      cairo_surface_flush (surface);
      if (i >= 0)
        times[i] = (g_get_monotonic_time () - t0) / 1000.0;
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        g_error ("%s: %s", klass->name, cairo_status_to_string (cairo_status (cr)));
      cairo_destroy (cr);
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  static const IlChartClass *charts[] = {
    &il_box_plot_chart, &il_status_pie_chart, &il_trend_line_chart, &il_heatmap_chart,
    &il_step_mean_bars_chart, &il_time_share_donut_chart, &il_mean_median_p95_bars_chart,
    &il_daily_volume_bars_chart, &il_error_rate_bars_chart, &il_latency_histogram_chart,
    &il_percentile_profile_chart, &il_errors_by_step_bars_chart, &il_error_trend_chart,
    &il_error_dow_hour_chart, &il_status_latency_bars_chart, &il_turn_error_rate_chart,
    &il_session_total_histogram_chart,
  };
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) agg = NULL;
  g_autoptr(IlAggregates) agg_5min = NULL;
  IlAggregateOptions options;
  IlChartStyle style;
  cairo_surface_t *surface;
  double worst = 0;
  gint64 t0;

  g_setenv ("TZ", "UTC", FALSE);
  store = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, g_get_real_time ());
  il_aggregate_options_init (&options);
  t0 = g_get_monotonic_time ();
  agg = il_aggregates_compute (store, NULL, &options);
  printf ("rows %u, steps %u, statuses %u, sessions %u, aggregates %.1f ms\n", store->n_rows,
          agg->n_steps, agg->n_statuses, agg->n_sessions, (g_get_monotonic_time () - t0) / 1000.0);
  options.trend_bucket = IL_BUCKET_5_MIN;
  agg_5min = il_aggregates_compute (store, NULL, &options);

  il_chart_style_init (&style, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  printf ("%-26s %10s   (median of %d redraws at %dx%d)\n", "chart", "ms", RUNS, WIDTH, HEIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      double ms = time_chart (charts[i], agg, &style, surface, HEIGHT);

      worst = MAX (worst, ms);
      printf ("%-26s %10.2f\n", charts[i]->name, ms);
    }
  {
    double ms = time_chart (&il_trend_line_chart, agg_5min, &style, surface, HEIGHT);

    worst = MAX (worst, ms);
    printf ("%-26s %10.2f   (%u buckets)\n", "trend 5 min", ms, agg_5min->trend.n_buckets);
  }

  /* the session with the most rows, at its natural height as the widget scrolls it */
  if (agg->n_sessions > 0)
    {
      guint best = 0;
      g_autoptr(IlSessionDetail) detail = NULL;
      IlSessionChartData data;
      cairo_surface_t *tall;
      int height;
      double ms;

      for (guint i = 1; i < agg->n_sessions; i++)
        if (agg->sessions[i].n_rows > agg->sessions[best].n_rows)
          best = i;
      detail = il_session_detail_compute (store, NULL, agg->sessions[best].session);
      data.store = store;
      data.detail = detail;
      height = il_timeline_chart_get_natural_height (&data, &style);
      tall = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, height);
      ms = time_chart (&il_timeline_chart, &data, &style, tall, height);
      worst = MAX (worst, ms);
      printf ("%-26s %10.2f   (%u rows, %d px high)\n", "timeline", ms, detail->n_rows, height);
      cairo_surface_destroy (tall);
      ms = time_chart (&il_waterfall_chart, &data, &style, surface, HEIGHT);
      worst = MAX (worst, ms);
      printf ("%-26s %10.2f\n", "waterfall", ms);
    }

  printf ("slowest chart: %.2f ms (target < 8 ms)\n", worst);
  cairo_surface_destroy (surface);
  return 0;
}
