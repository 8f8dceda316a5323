/* il-distribution-charts.c: time shares, percentile profile, turn error
 * rate and histograms over IlAggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "il-aggregate-charts-private.h"

/* ---- donut of time shares --------------------------------------------------- */

static gboolean
time_share_donut_build (const IlAggregates *agg,
                        const IlChartStyle *style,
                        IlAdapter            *a)
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

static void
time_share_donut_draw (cairo_t            *cr,
                       gconstpointer       data,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height)
{
  _il_adapter_draw (time_share_donut_build, cr, data, style, width, height);
}

static char *
time_share_donut_query (gconstpointer       data,
                        const IlChartStyle *style,
                        int                 width,
                        int                 height,
                        double              x,
                        double              y)
{
  return _il_adapter_query (time_share_donut_build, data, style, width, height, x, y);
}

const IlChartClass il_time_share_donut_chart = { "time-share", time_share_donut_draw, time_share_donut_query };

/* ---- lines over steps and turns ---------------------------------------------- */

static gboolean
percentile_profile_build (const IlAggregates *agg,
                          const IlChartStyle *style,
                          IlAdapter            *a)
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
  /* "clip at P99" of the distribution charts: the axis ends at the P99 of
   * every row, the slower points are marked on its top edge */
  if (agg->options.histogram_clip_p99 && isfinite (agg->p99_latency_ms) && agg->p99_latency_ms > 0)
    a->u.lines.y_clip = agg->p99_latency_ms;
  a->klass = &il_line_chart;
  a->data = &a->u.lines;
  return TRUE;
}

static void
percentile_profile_draw (cairo_t            *cr,
                         gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height)
{
  _il_adapter_draw (percentile_profile_build, cr, data, style, width, height);
}

static char *
percentile_profile_query (gconstpointer       data,
                          const IlChartStyle *style,
                          int                 width,
                          int                 height,
                          double              x,
                          double              y)
{
  return _il_adapter_query (percentile_profile_build, data, style, width, height, x, y);
}

const IlChartClass il_percentile_profile_chart = { "percentiles", percentile_profile_draw, percentile_profile_query };

/* The same on a log y axis: a 35 s P99 no longer flattens the P50s. */
static gboolean
percentile_profile_log_build (const IlAggregates *agg,
                              const IlChartStyle *style,
                              IlAdapter          *a)
{
  if (!percentile_profile_build (agg, style, a))
    return FALSE;
  a->u.lines.log_y = TRUE;
  return TRUE;
}

static void
percentile_profile_log_draw (cairo_t            *cr,
                             gconstpointer       data,
                             const IlChartStyle *style,
                             int                 width,
                             int                 height)
{
  _il_adapter_draw (percentile_profile_log_build, cr, data, style, width, height);
}

static char *
percentile_profile_log_query (gconstpointer       data,
                              const IlChartStyle *style,
                              int                 width,
                              int                 height,
                              double              x,
                              double              y)
{
  return _il_adapter_query (percentile_profile_log_build, data, style, width, height, x, y);
}

const IlChartClass il_percentile_profile_log_chart = { "percentiles-log", percentile_profile_log_draw,
                                                       percentile_profile_log_query };

static gboolean
turn_error_rate_build (const IlAggregates *agg,
                       const IlChartStyle *style,
                       IlAdapter            *a)
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

static void
turn_error_rate_draw (cairo_t            *cr,
                      gconstpointer       data,
                      const IlChartStyle *style,
                      int                 width,
                      int                 height)
{
  _il_adapter_draw (turn_error_rate_build, cr, data, style, width, height);
}

static char *
turn_error_rate_query (gconstpointer       data,
                       const IlChartStyle *style,
                       int                 width,
                       int                 height,
                       double              x,
                       double              y)
{
  return _il_adapter_query (turn_error_rate_build, data, style, width, height, x, y);
}

const IlChartClass il_turn_error_rate_chart = { "turn-error-rate", turn_error_rate_draw, turn_error_rate_query };

/* ---- histograms ------------------------------------------------------------- */

static gboolean
build_histogram (const IlAggregates *agg,
                 const IlHistogram  *h,
                 IlAdapter            *a)
{
  if (!has_rows (agg) || h->n_bins == 0 || h->counts == NULL)
    return FALSE;
  a->u.histogram.n_bins = h->n_bins;
  a->u.histogram.min = h->min;
  a->u.histogram.max = h->max;
  a->u.histogram.counts = h->counts;
  a->u.histogram.edges = h->edges;
  a->u.histogram.overflow = h->overflow;
  a->u.histogram.log_x = h->log_spacing;
  a->u.histogram.x_format = IL_VALUE_FORMAT_MS;
  a->klass = &il_histogram_chart;
  a->data = &a->u.histogram;
  return TRUE;
}

static gboolean
latency_histogram_build (const IlAggregates *agg,
                         const IlChartStyle *style,
                         IlAdapter            *a)
{
  return agg != NULL && build_histogram (agg, &agg->latency_histogram, a);
}

static void
latency_histogram_draw (cairo_t            *cr,
                        gconstpointer       data,
                        const IlChartStyle *style,
                        int                 width,
                        int                 height)
{
  _il_adapter_draw (latency_histogram_build, cr, data, style, width, height);
}

static char *
latency_histogram_query (gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height,
                         double              x,
                         double              y)
{
  return _il_adapter_query (latency_histogram_build, data, style, width, height, x, y);
}

const IlChartClass il_latency_histogram_chart = { "latency-histogram", latency_histogram_draw, latency_histogram_query };

static gboolean
session_total_histogram_build (const IlAggregates *agg,
                               const IlChartStyle *style,
                               IlAdapter            *a)
{
  return agg != NULL && build_histogram (agg, &agg->session_total_histogram, a);
}

static void
session_total_histogram_draw (cairo_t            *cr,
                              gconstpointer       data,
                              const IlChartStyle *style,
                              int                 width,
                              int                 height)
{
  _il_adapter_draw (session_total_histogram_build, cr, data, style, width, height);
}

static char *
session_total_histogram_query (gconstpointer       data,
                               const IlChartStyle *style,
                               int                 width,
                               int                 height,
                               double              x,
                               double              y)
{
  return _il_adapter_query (session_total_histogram_build, data, style, width, height, x, y);
}

const IlChartClass il_session_total_histogram_chart = { "session-totals", session_total_histogram_draw, session_total_histogram_query };
