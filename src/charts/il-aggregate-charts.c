/* il-aggregate-charts.c: the dashboard's charts over IlAggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each adapter turns the aggregates into the data of a generic renderer. What
 * it allocates grows with the number of steps or buckets, never with rows.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "il-aggregate-charts.h"
#include "il-chart-private.h"

typedef struct
{
  const IlChartClass *klass;
  gconstpointer       data;
  const char         *empty_message;   /* when there is nothing to show */
  union
  {
    IlBarChartData       bars;
    IlLineSeriesData     lines;
    IlDonutData          donut;
    IlMatrixData         matrix;
    IlHistogramChartData histogram;
  } u;
  /* owned */
  const char  **labels;
  char        **strings;
  double       *values;
  double       *x;
  IlColor      *colors;
  IlLineSeries *series;
} Adapter;

static void
adapter_clear (Adapter *a)
{
  g_free (a->labels);
  g_strfreev (a->strings);
  g_free (a->values);
  g_free (a->x);
  g_free (a->colors);
  g_free (a->series);
}

static gboolean
has_rows (const IlAggregates *agg)
{
  return agg != NULL && agg->key.total_records > 0;
}

static const char **
step_names (const IlAggregates *agg)
{
  const char **labels = g_new (const char *, MAX (agg->n_steps, 1));

  for (guint i = 0; i < agg->n_steps; i++)
    labels[i] = agg->steps[i].name ? agg->steps[i].name : "";
  return labels;
}

#define DEFINE_ADAPTER(name, file_name)                                              \
  static void                                                                        \
  name##_draw (cairo_t            *cr,                                               \
               gconstpointer       data,                                             \
               const IlChartStyle *style,                                            \
               int                 width,                                            \
               int                 height)                                           \
  {                                                                                  \
    Adapter a = { 0 };                                                               \
    if (name##_build (data, style, &a))                                              \
      a.klass->draw (cr, a.data, style, width, height);                              \
    else                                                                             \
      _il_chart_draw_empty (cr, style, width, height, a.empty_message);              \
    adapter_clear (&a);                                                              \
  }                                                                                  \
  static char *                                                                      \
  name##_query (gconstpointer       data,                                            \
                const IlChartStyle *style,                                           \
                int                 width,                                           \
                int                 height,                                          \
                double              x,                                               \
                double              y)                                               \
  {                                                                                  \
    Adapter a = { 0 };                                                               \
    char *ret = NULL;                                                                \
    if (name##_build (data, style, &a))                                              \
      ret = a.klass->query (a.data, style, width, height, x, y);                     \
    adapter_clear (&a);                                                              \
    return ret;                                                                      \
  }                                                                                  \
  const IlChartClass il_##name##_chart = { file_name, name##_draw, name##_query };

/* ---- status pie ------------------------------------------------------------ */

static gboolean
status_pie_build (const IlAggregates *agg,
                  const IlChartStyle *style,
                  Adapter            *a)
{
  if (!has_rows (agg) || agg->n_statuses == 0)
    return FALSE;
  a->labels = g_new (const char *, agg->n_statuses);
  a->values = g_new (double, agg->n_statuses);
  a->colors = g_new (IlColor, agg->n_statuses);
  for (guint i = 0; i < agg->n_statuses; i++)
    {
      a->labels[i] = agg->statuses[i].name ? agg->statuses[i].name : "";
      a->values[i] = (double) agg->statuses[i].count;
      a->colors[i] = *_il_chart_status_color (style, agg->statuses[i].name);
    }
  a->u.donut.n = agg->n_statuses;
  a->u.donut.labels = a->labels;
  a->u.donut.values = a->values;
  a->u.donut.colors = a->colors;
  a->u.donut.format = IL_VALUE_FORMAT_COUNT;
  a->u.donut.center_label = _("rows");
  a->klass = &il_donut_chart;
  a->data = &a->u.donut;
  return TRUE;
}

DEFINE_ADAPTER (status_pie, "status-pie")

void
il_status_pie_chart_get_layout (const IlAggregates *agg,
                                const IlChartStyle *style,
                                int                 width,
                                int                 height,
                                IlDonutLayout      *layout)
{
  Adapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (status_pie_build (agg, style, &a))
    il_donut_chart_get_layout (a.data, style, width, height, layout);
  adapter_clear (&a);
}

/* ---- trend lines ------------------------------------------------------------ */

static gboolean
build_trend_lines (const IlAggregates *agg,
                   const IlTrend      *trend,
                   gboolean            counts,
                   Adapter            *a)
{
  guint nb = trend->n_buckets;
  guint ns = MIN (trend->n_steps, agg->n_steps);
  guint k = 0;

  if (nb == 0 || ns == 0 || trend->bucket_start == NULL
      || (counts ? trend->count == NULL : trend->mean == NULL))
    return FALSE;

  a->x = g_new (double, nb);
  for (guint b = 0; b < nb; b++)
    a->x[b] = (double) trend->bucket_start[b] + trend->bucket_us / 2.0;
  a->series = g_new0 (IlLineSeries, ns);
  if (counts)
    a->values = g_new (double, (gsize) ns * nb);

  for (guint s = 0; s < ns; s++)
    {
      if (counts)
        {
          guint64 total = 0;
          double *y = a->values + (gsize) k * nb;

          for (guint b = 0; b < nb; b++)
            {
              y[b] = trend->count[(gsize) s * nb + b];
              total += trend->count[(gsize) s * nb + b];
            }
          /* a step that never failed has no error line */
          if (total == 0)
            continue;
          a->series[k].y = y;
        }
      else
        a->series[k].y = trend->mean + (gsize) s * nb;
      a->series[k].name = agg->steps[s].name ? agg->steps[s].name : "";
      k++;
    }
  if (k == 0)
    return FALSE;

  a->u.lines.n_points = nb;
  a->u.lines.x = a->x;
  a->u.lines.x_is_time = TRUE;
  a->u.lines.local_time = agg->options.local_time;
  a->u.lines.x_min = (double) trend->bucket_start[0];
  a->u.lines.x_max = (double) trend->bucket_start[nb - 1] + trend->bucket_us;
  a->u.lines.n_series = k;
  a->u.lines.series = a->series;
  a->u.lines.y_format = counts ? IL_VALUE_FORMAT_COUNT : IL_VALUE_FORMAT_MS;
  a->u.lines.markers = counts || nb <= 60;
  a->klass = &il_line_chart;
  a->data = &a->u.lines;
  return TRUE;
}

static gboolean
trend_line_build (const IlAggregates *agg,
                  const IlChartStyle *style,
                  Adapter            *a)
{
  if (!has_rows (agg))
    return FALSE;
  return build_trend_lines (agg, &agg->trend, FALSE, a);
}

DEFINE_ADAPTER (trend_line, "trend")

void
il_trend_line_chart_get_layout (const IlAggregates *agg,
                                const IlChartStyle *style,
                                int                 width,
                                int                 height,
                                IlLineChartLayout  *layout)
{
  Adapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (trend_line_build (agg, style, &a))
    il_line_chart_get_layout (a.data, style, width, height, layout);
  adapter_clear (&a);
}

static gboolean
error_trend_build (const IlAggregates *agg,
                   const IlChartStyle *style,
                   Adapter            *a)
{
  a->empty_message = _("No errors in this range");
  if (!has_rows (agg) || agg->errors.total_errors == 0)
    return FALSE;
  return build_trend_lines (agg, &agg->error_trend, TRUE, a);
}

DEFINE_ADAPTER (error_trend, "error-trend")

/* ---- heatmaps ------------------------------------------------------------- */

static gboolean
heatmap_build (const IlAggregates *agg,
               const IlChartStyle *style,
               Adapter            *a)
{
  const IlHeatmap *h;

  if (!has_rows (agg))
    return FALSE;
  h = &agg->heatmap;
  if (h->n_steps == 0 || h->n_turns == 0 || h->mean == NULL)
    return FALSE;
  a->labels = step_names (agg);
  a->u.matrix.n_rows = MIN (h->n_steps, agg->n_steps);
  a->u.matrix.n_cols = h->n_turns;
  a->u.matrix.row_labels = a->labels;
  a->u.matrix.col_first = h->turn_min;
  a->u.matrix.col_title = _("Turn");
  a->u.matrix.values = h->mean;
  a->u.matrix.counts = h->count;
  a->u.matrix.format = IL_VALUE_FORMAT_MS;
  a->klass = &il_matrix_chart;
  a->data = &a->u.matrix;
  return TRUE;
}

DEFINE_ADAPTER (heatmap, "heatmap")

/* The cell layout of a matrix adapter, for tests and hit-testing. */
static void
matrix_adapter_get_layout (gboolean          (*build) (const IlAggregates *,
                                                       const IlChartStyle *,
                                                       Adapter            *),
                           const IlAggregates *agg,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height,
                           IlMatrixLayout     *layout)
{
  Adapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (build (agg, style, &a))
    il_matrix_chart_get_layout (a.data, style, width, height, layout);
  adapter_clear (&a);
}

void
il_heatmap_chart_get_layout (const IlAggregates *agg,
                             const IlChartStyle *style,
                             int                 width,
                             int                 height,
                             IlMatrixLayout     *layout)
{
  matrix_adapter_get_layout (heatmap_build, agg, style, width, height, layout);
}

static gboolean
error_dow_hour_build (const IlAggregates *agg,
                      const IlChartStyle *style,
                      Adapter            *a)
{
  const char *days[7] = {
    C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
    C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"),
  };

  a->empty_message = _("No errors in this range");
  if (!has_rows (agg) || agg->errors.total_errors == 0)
    return FALSE;
  a->labels = g_new (const char *, 7);
  memcpy (a->labels, days, sizeof days);
  a->values = g_new (double, 7 * 24);
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      a->values[d * 24 + h] = (double) agg->error_dow_hour[d][h];
  a->u.matrix.n_rows = 7;
  a->u.matrix.n_cols = 24;
  a->u.matrix.row_labels = a->labels;
  a->u.matrix.col_first = 0;
  a->u.matrix.col_title = _("Hour");
  a->u.matrix.values = a->values;
  a->u.matrix.format = IL_VALUE_FORMAT_COUNT;
  a->klass = &il_matrix_chart;
  a->data = &a->u.matrix;
  return TRUE;
}

DEFINE_ADAPTER (error_dow_hour, "error-day-hour")

void
il_error_dow_hour_chart_get_layout (const IlAggregates *agg,
                                    const IlChartStyle *style,
                                    int                 width,
                                    int                 height,
                                    IlMatrixLayout     *layout)
{
  matrix_adapter_get_layout (error_dow_hour_build, agg, style, width, height, layout);
}

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
           Adapter            *a,
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
                      Adapter            *a)
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

DEFINE_ADAPTER (step_mean_bars, "step-means")

/* The plot frame of a bar adapter, for tests and hit-testing. */
static void
bar_adapter_get_frame (gboolean          (*build) (const IlAggregates *,
                                                   const IlChartStyle *,
                                                   Adapter            *),
                       const IlAggregates *agg,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height,
                       IlChartFrame       *frame)
{
  Adapter a = { 0 };

  memset (frame, 0, sizeof *frame);
  if (build (agg, style, &a))
    il_bar_chart_get_frame (a.data, style, width, height, frame);
  adapter_clear (&a);
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
                       Adapter            *a)
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

DEFINE_ADAPTER (error_rate_bars, "error-rate")

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
                           Adapter            *a)
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

DEFINE_ADAPTER (errors_by_step_bars, "errors-by-step")

static gboolean
mean_median_p95_bars_build (const IlAggregates *agg,
                            const IlChartStyle *style,
                            Adapter            *a)
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

DEFINE_ADAPTER (mean_median_p95_bars, "mean-median-p95")

static gboolean
daily_volume_bars_build (const IlAggregates *agg,
                         const IlChartStyle *style,
                         Adapter            *a)
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

      a->strings[i] = dt ? g_date_time_format (dt, "%b %-d") : g_strdup ("");
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

DEFINE_ADAPTER (daily_volume_bars, "daily-volume")

static gboolean
status_latency_bars_build (const IlAggregates *agg,
                           const IlChartStyle *style,
                           Adapter            *a)
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

DEFINE_ADAPTER (status_latency_bars, "status-latency")

/* ---- donut of time shares --------------------------------------------------- */

static gboolean
time_share_donut_build (const IlAggregates *agg,
                        const IlChartStyle *style,
                        Adapter            *a)
{
  if (!has_rows (agg) || agg->n_steps == 0)
    return FALSE;
  a->labels = step_names (agg);
  a->values = g_new (double, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    a->values[i] = agg->steps[i].sum;
  a->u.donut.n = agg->n_steps;
  a->u.donut.labels = a->labels;
  a->u.donut.values = a->values;
  a->u.donut.format = IL_VALUE_FORMAT_MS;
  a->u.donut.center_label = _("total");
  a->klass = &il_donut_chart;
  a->data = &a->u.donut;
  return TRUE;
}

DEFINE_ADAPTER (time_share_donut, "time-share")

/* ---- lines over steps and turns ---------------------------------------------- */

static gboolean
percentile_profile_build (const IlAggregates *agg,
                          const IlChartStyle *style,
                          Adapter            *a)
{
  static const char *names[5] = { "P50", "P75", "P90", "P95", "P99" };
  guint n;

  if (!has_rows (agg) || agg->n_steps == 0)
    return FALSE;
  n = agg->n_steps;
  a->values = g_new (double, 5 * n);
  a->series = g_new0 (IlLineSeries, n);
  for (guint i = 0; i < n; i++)
    {
      const IlStepStats *st = &agg->steps[i];
      double *y = a->values + 5 * i;

      y[0] = st->p50;
      y[1] = st->p75;
      y[2] = st->p90;
      y[3] = st->p95;
      y[4] = st->p99;
      a->series[i].name = st->name ? st->name : "";
      a->series[i].y = y;
    }
  a->u.lines.n_points = 5;
  a->u.lines.x_labels = names;
  a->u.lines.n_series = n;
  a->u.lines.series = a->series;
  a->u.lines.y_format = IL_VALUE_FORMAT_MS;
  a->u.lines.markers = TRUE;
  a->klass = &il_line_chart;
  a->data = &a->u.lines;
  return TRUE;
}

DEFINE_ADAPTER (percentile_profile, "percentiles")

static gboolean
turn_error_rate_build (const IlAggregates *agg,
                       const IlChartStyle *style,
                       Adapter            *a)
{
  if (!has_rows (agg) || agg->n_turn_errors == 0 || agg->turn_errors == NULL)
    return FALSE;
  a->x = g_new (double, agg->n_turn_errors);
  a->values = g_new (double, agg->n_turn_errors);
  for (guint i = 0; i < agg->n_turn_errors; i++)
    {
      a->x[i] = agg->turn_errors[i].turn;
      a->values[i] = agg->turn_errors[i].error_rate_pct;
    }
  a->series = g_new0 (IlLineSeries, 1);
  a->series[0].name = _("Error rate");
  a->series[0].y = a->values;
  a->colors = g_new (IlColor, 1);
  a->colors[0] = style->error;
  a->u.lines.n_points = agg->n_turn_errors;
  a->u.lines.x = a->x;
  a->u.lines.x_format = IL_VALUE_FORMAT_NUMBER;
  a->u.lines.x_title = _("Turn");
  a->u.lines.n_series = 1;
  a->u.lines.series = a->series;
  a->u.lines.colors = a->colors;
  a->u.lines.y_format = IL_VALUE_FORMAT_PERCENT;
  a->u.lines.markers = TRUE;
  a->klass = &il_line_chart;
  a->data = &a->u.lines;
  return TRUE;
}

DEFINE_ADAPTER (turn_error_rate, "turn-error-rate")

/* ---- histograms ------------------------------------------------------------- */

static gboolean
build_histogram (const IlAggregates *agg,
                 const IlHistogram  *h,
                 Adapter            *a)
{
  if (!has_rows (agg) || h->n_bins == 0 || h->counts == NULL)
    return FALSE;
  a->u.histogram.n_bins = h->n_bins;
  a->u.histogram.min = h->min;
  a->u.histogram.max = h->max;
  a->u.histogram.counts = h->counts;
  a->u.histogram.x_format = IL_VALUE_FORMAT_MS;
  a->klass = &il_histogram_chart;
  a->data = &a->u.histogram;
  return TRUE;
}

static gboolean
latency_histogram_build (const IlAggregates *agg,
                         const IlChartStyle *style,
                         Adapter            *a)
{
  return agg != NULL && build_histogram (agg, &agg->latency_histogram, a);
}

DEFINE_ADAPTER (latency_histogram, "latency-histogram")

static gboolean
session_total_histogram_build (const IlAggregates *agg,
                               const IlChartStyle *style,
                               Adapter            *a)
{
  return agg != NULL && build_histogram (agg, &agg->session_total_histogram, a);
}

DEFINE_ADAPTER (session_total_histogram, "session-totals")
