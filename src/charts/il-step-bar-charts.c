/* il-step-bar-charts.c: the bar charts over IlAggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "il-aggregate-charts-private.h"

/* ---- bars over steps -------------------------------------------------------- */

int
il_step_speed_class (double mean,
                     double median_of_means)
{
  double ratio;

  if (!(median_of_means > 0))
    return mean > 0 && isfinite (median_of_means) ? 2 : 1;
  ratio = mean / median_of_means;
  if (ratio < 0.5)
    return 0;
  if (ratio <= 1.5)
    return 1;
  return 2;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

double
il_step_means_median (const IlAggregates *agg)
{
  g_autofree double *means = NULL;
  guint n = 0;

  if (agg == NULL || agg->n_steps == 0)
    return NAN;
  means = g_new (double, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    if (isfinite (agg->steps[i].mean))
      means[n++] = agg->steps[i].mean;
  qsort (means, n, sizeof (double), compare_doubles);
  return il_quantile_sorted (means, n, 0.5);
}

static void
step_bars (const IlAggregates *agg,
           IlAdapter            *a,
           IlValueFormat       format,
           gboolean            horizontal)
{
  a->labels = step_names (agg);
  a->u.bars.n_bars = agg->n_steps;
  a->u.bars.labels = a->labels;
  a->u.bars.n_series = 1;
  a->u.bars.values = a->values;
  a->u.bars.colors = a->colors;
  a->u.bars.format = format;
  a->u.bars.horizontal = horizontal;
  a->u.bars.show_values = TRUE;
  a->klass = &il_bar_chart;
  a->data = &a->u.bars;
}

static gboolean
step_mean_bars_build (const IlAggregates *agg,
                      const IlChartStyle *style,
                      IlAdapter            *a)
{
  double median;

  if (!has_rows (agg) || agg->n_steps == 0)
    return FALSE;
  median = il_step_means_median (agg);
  a->values = g_new (double, agg->n_steps);
  a->colors = g_new (IlColor, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      a->values[i] = agg->steps[i].mean;
      switch (il_step_speed_class (agg->steps[i].mean, median))
        {
        case 0:
          a->colors[i] = style->success;
          break;
        case 1:
          a->colors[i] = style->warning;
          break;
        default:
          a->colors[i] = style->error;
          break;
        }
    }
  step_bars (agg, a, IL_VALUE_FORMAT_MS, TRUE);
  return TRUE;
}

static void
step_mean_bars_draw (cairo_t            *cr,
                     gconstpointer       data,
                     const IlChartStyle *style,
                     int                 width,
                     int                 height)
{
  _il_adapter_draw (step_mean_bars_build, cr, data, style, width, height);
}

static char *
step_mean_bars_query (gconstpointer       data,
                      const IlChartStyle *style,
                      int                 width,
                      int                 height,
                      double              x,
                      double              y)
{
  return _il_adapter_query (step_mean_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_step_mean_bars_chart = { "step-means", step_mean_bars_draw, step_mean_bars_query };

/* The plot frame of a bar adapter, for tests and hit-testing. */
static void
bar_adapter_get_frame (gboolean          (*build) (const IlAggregates *,
                                                   const IlChartStyle *,
                                                   IlAdapter            *),
                       const IlAggregates *agg,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height,
                       IlChartFrame       *frame)
{
  IlAdapter a = { 0 };

  memset (frame, 0, sizeof *frame);
  if (build (agg, style, &a))
    il_bar_chart_get_frame (a.data, style, width, height, frame);
  il_adapter_clear (&a);
}

void
il_step_mean_bars_chart_get_frame (const IlAggregates *agg,
                                   const IlChartStyle *style,
                                   int                 width,
                                   int                 height,
                                   IlChartFrame       *frame)
{
  bar_adapter_get_frame (step_mean_bars_build, agg, style, width, height, frame);
}

static gboolean
error_rate_bars_build (const IlAggregates *agg,
                       const IlChartStyle *style,
                       IlAdapter            *a)
{
  if (!has_rows (agg) || agg->n_steps == 0)
    return FALSE;
  a->values = g_new (double, agg->n_steps);
  a->colors = g_new (IlColor, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      double r = agg->steps[i].error_rate_pct;

      a->values[i] = r;
      a->colors[i] = r > 5 ? style->error : r > 1 ? style->warning : style->success;
    }
  step_bars (agg, a, IL_VALUE_FORMAT_PERCENT, TRUE);
  return TRUE;
}

static void
error_rate_bars_draw (cairo_t            *cr,
                      gconstpointer       data,
                      const IlChartStyle *style,
                      int                 width,
                      int                 height)
{
  _il_adapter_draw (error_rate_bars_build, cr, data, style, width, height);
}

static char *
error_rate_bars_query (gconstpointer       data,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height,
                       double              x,
                       double              y)
{
  return _il_adapter_query (error_rate_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_error_rate_bars_chart = { "error-rate", error_rate_bars_draw, error_rate_bars_query };

void
il_error_rate_bars_chart_get_frame (const IlAggregates *agg,
                                    const IlChartStyle *style,
                                    int                 width,
                                    int                 height,
                                    IlChartFrame       *frame)
{
  bar_adapter_get_frame (error_rate_bars_build, agg, style, width, height, frame);
}

static gboolean
errors_by_step_bars_build (const IlAggregates *agg,
                           const IlChartStyle *style,
                           IlAdapter            *a)
{
  a->empty_message = _("No errors in this range");
  if (!has_rows (agg) || agg->n_steps == 0 || agg->errors.total_errors == 0)
    return FALSE;
  a->values = g_new (double, agg->n_steps);
  a->colors = g_new (IlColor, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      a->values[i] = (double) agg->steps[i].error_count;
      a->colors[i] = style->error;
    }
  step_bars (agg, a, IL_VALUE_FORMAT_COUNT, TRUE);
  return TRUE;
}

static void
errors_by_step_bars_draw (cairo_t            *cr,
                          gconstpointer       data,
                          const IlChartStyle *style,
                          int                 width,
                          int                 height)
{
  _il_adapter_draw (errors_by_step_bars_build, cr, data, style, width, height);
}

static char *
errors_by_step_bars_query (gconstpointer       data,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height,
                           double              x,
                           double              y)
{
  return _il_adapter_query (errors_by_step_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_errors_by_step_bars_chart = { "errors-by-step", errors_by_step_bars_draw, errors_by_step_bars_query };

static gboolean
mean_median_p95_bars_build (const IlAggregates *agg,
                            const IlChartStyle *style,
                            IlAdapter            *a)
{
  guint n;

  if (!has_rows (agg) || agg->n_steps == 0)
    return FALSE;
  n = agg->n_steps;
  a->values = g_new (double, 3 * n);
  for (guint i = 0; i < n; i++)
    {
      a->values[i] = agg->steps[i].mean;
      a->values[n + i] = agg->steps[i].median;
      a->values[2 * n + i] = agg->steps[i].p95;
    }
  a->strings = g_new0 (char *, 4);
  a->strings[0] = g_strdup (_("Mean"));
  a->strings[1] = g_strdup (_("Median"));
  a->strings[2] = g_strdup (_("P95"));
  step_bars (agg, a, IL_VALUE_FORMAT_MS, FALSE);
  a->u.bars.n_series = 3;
  a->u.bars.series_names = (const char * const *) a->strings;
  a->u.bars.show_values = FALSE;
  return TRUE;
}

static void
mean_median_p95_bars_draw (cairo_t            *cr,
                           gconstpointer       data,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height)
{
  _il_adapter_draw (mean_median_p95_bars_build, cr, data, style, width, height);
}

static char *
mean_median_p95_bars_query (gconstpointer       data,
                            const IlChartStyle *style,
                            int                 width,
                            int                 height,
                            double              x,
                            double              y)
{
  return _il_adapter_query (mean_median_p95_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_mean_median_p95_bars_chart = { "mean-median-p95", mean_median_p95_bars_draw, mean_median_p95_bars_query };

static gboolean
daily_volume_bars_build (const IlAggregates *agg,
                         const IlChartStyle *style,
                         IlAdapter            *a)
{
  if (!has_rows (agg) || agg->n_days == 0 || agg->daily_volume == NULL)
    return FALSE;
  a->strings = g_new0 (char *, agg->n_days + 1);
  a->labels = g_new (const char *, agg->n_days);
  a->values = g_new (double, agg->n_days);
  for (guint i = 0; i < agg->n_days; i++)
    {
      gint64 secs = agg->daily_volume[i].day_start / G_USEC_PER_SEC;
      g_autoptr(GDateTime) dt = agg->options.local_time ? g_date_time_new_from_unix_local (secs)
                                                        : g_date_time_new_from_unix_utc (secs);

      a->strings[i] = dt ? g_date_time_format (dt, C_("axis day", "%b %-d")) : g_strdup ("");
      a->labels[i] = a->strings[i];
      a->values[i] = (double) agg->daily_volume[i].count;
    }
  a->u.bars.n_bars = agg->n_days;
  a->u.bars.labels = a->labels;
  a->u.bars.n_series = 1;
  a->u.bars.values = a->values;
  a->u.bars.format = IL_VALUE_FORMAT_COUNT;
  a->u.bars.show_values = agg->n_days <= 14;
  a->klass = &il_bar_chart;
  a->data = &a->u.bars;
  return TRUE;
}

static void
daily_volume_bars_draw (cairo_t            *cr,
                        gconstpointer       data,
                        const IlChartStyle *style,
                        int                 width,
                        int                 height)
{
  _il_adapter_draw (daily_volume_bars_build, cr, data, style, width, height);
}

static char *
daily_volume_bars_query (gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height,
                         double              x,
                         double              y)
{
  return _il_adapter_query (daily_volume_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_daily_volume_bars_chart = { "daily-volume", daily_volume_bars_draw, daily_volume_bars_query };

static gboolean
status_latency_bars_build (const IlAggregates *agg,
                           const IlChartStyle *style,
                           IlAdapter            *a)
{
  if (!has_rows (agg) || agg->n_statuses == 0)
    return FALSE;
  a->labels = g_new (const char *, agg->n_statuses);
  a->values = g_new (double, agg->n_statuses);
  a->colors = g_new (IlColor, agg->n_statuses);
  for (guint i = 0; i < agg->n_statuses; i++)
    {
      a->labels[i] = agg->statuses[i].name ? agg->statuses[i].name : "";
      a->values[i] = agg->statuses[i].mean_latency_ms;
      a->colors[i] = *_il_chart_status_color (style, agg->statuses[i].name);
    }
  a->u.bars.n_bars = agg->n_statuses;
  a->u.bars.labels = a->labels;
  a->u.bars.n_series = 1;
  a->u.bars.values = a->values;
  a->u.bars.colors = a->colors;
  a->u.bars.format = IL_VALUE_FORMAT_MS;
  a->u.bars.show_values = TRUE;
  a->klass = &il_bar_chart;
  a->data = &a->u.bars;
  return TRUE;
}

static void
status_latency_bars_draw (cairo_t            *cr,
                          gconstpointer       data,
                          const IlChartStyle *style,
                          int                 width,
                          int                 height)
{
  _il_adapter_draw (status_latency_bars_build, cr, data, style, width, height);
}

static char *
status_latency_bars_query (gconstpointer       data,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height,
                           double              x,
                           double              y)
{
  return _il_adapter_query (status_latency_bars_build, data, style, width, height, x, y);
}

const IlChartClass il_status_latency_bars_chart = { "status-latency", status_latency_bars_draw, status_latency_bars_query };
