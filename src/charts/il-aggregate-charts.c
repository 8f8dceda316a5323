/* il-aggregate-charts.c: the dashboard's charts over IlAggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each adapter turns the aggregates into the data of a generic renderer. What
 * it allocates grows with the number of steps or buckets, never with rows.
 * Here: the status pie, the trend lines and the heatmaps; the bars over steps
 * are in il-step-bar-charts.c, donut, percentile lines and histograms in
 * il-distribution-charts.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "il-aggregate-charts-private.h"
#include "il-box-plot-chart.h"
#include "il-timeline-chart.h"

void
_il_adapter_draw (IlAdapterBuild      build,
                  cairo_t            *cr,
                  gconstpointer       data,
                  const IlChartStyle *style,
                  int                 width,
                  int                 height)
{
  IlAdapter a = { 0 };

  if (build (data, style, &a))
    a.klass->draw (cr, a.data, style, width, height);
  else
    _il_chart_draw_empty (cr, style, width, height, a.empty_message);
  il_adapter_clear (&a);
}

char *
_il_adapter_query (IlAdapterBuild      build,
                   gconstpointer       data,
                   const IlChartStyle *style,
                   int                 width,
                   int                 height,
                   double              x,
                   double              y)
{
  IlAdapter a = { 0 };
  char *ret = NULL;

  if (build (data, style, &a))
    ret = a.klass->query (a.data, style, width, height, x, y);
  il_adapter_clear (&a);
  return ret;
}

/* ---- status pie ------------------------------------------------------------ */

static gboolean
status_pie_build (const IlAggregates *agg,
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

static void
status_pie_draw (cairo_t            *cr,
                 gconstpointer       data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height)
{
  _il_adapter_draw (status_pie_build, cr, data, style, width, height);
}

static char *
status_pie_query (gconstpointer       data,
                  const IlChartStyle *style,
                  int                 width,
                  int                 height,
                  double              x,
                  double              y)
{
  return _il_adapter_query (status_pie_build, data, style, width, height, x, y);
}

const IlChartClass il_status_pie_chart = { "status-pie", status_pie_draw, status_pie_query };

void
il_status_pie_chart_get_layout (const IlAggregates *agg,
                                const IlChartStyle *style,
                                int                 width,
                                int                 height,
                                IlDonutLayout      *layout)
{
  IlAdapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (status_pie_build (agg, style, &a))
    il_donut_chart_get_layout (a.data, style, width, height, layout);
  il_adapter_clear (&a);
}

/* ---- trend lines ------------------------------------------------------------ */

static gboolean
build_trend_lines (const IlAggregates *agg,
                   const IlTrend      *trend,
                   gboolean            counts,
                   IlAdapter            *a)
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
  /* a month in 15-minute buckets is a tangle: thin it to a legible line */
  a->u.lines.max_points = IL_TREND_MAX_POINTS;
  a->klass = &il_line_chart;
  a->data = &a->u.lines;
  return TRUE;
}

static gboolean
trend_line_build (const IlAggregates *agg,
                  const IlChartStyle *style,
                  IlAdapter            *a)
{
  if (!has_rows (agg))
    return FALSE;
  return build_trend_lines (agg, &agg->trend, FALSE, a);
}

static void
trend_line_draw (cairo_t            *cr,
                 gconstpointer       data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height)
{
  _il_adapter_draw (trend_line_build, cr, data, style, width, height);
}

static char *
trend_line_query (gconstpointer       data,
                  const IlChartStyle *style,
                  int                 width,
                  int                 height,
                  double              x,
                  double              y)
{
  return _il_adapter_query (trend_line_build, data, style, width, height, x, y);
}

const IlChartClass il_trend_line_chart = { "trend", trend_line_draw, trend_line_query };

void
il_trend_line_chart_get_layout (const IlAggregates *agg,
                                const IlChartStyle *style,
                                int                 width,
                                int                 height,
                                IlLineChartLayout  *layout)
{
  IlAdapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (trend_line_build (agg, style, &a))
    il_line_chart_get_layout (a.data, style, width, height, layout);
  il_adapter_clear (&a);
}

/* The trend with some steps hidden: the trend page's view. */
static gboolean
trend_view_build (const IlTrendView *view,
                  const IlChartStyle *style,
                  IlAdapter          *a)
{
  if (view == NULL || !trend_line_build (view->aggregates, style, a))
    return FALSE;
  /* the mean trend has one series per step, in step order */
  a->u.lines.hidden = view->hidden;
  a->u.lines.n_targets = view->n_targets;
  a->u.lines.targets = view->targets;
  return TRUE;
}

static void
trend_view_draw (cairo_t            *cr,
                 gconstpointer       data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height)
{
  IlAdapter a = { 0 };

  if (trend_view_build (data, style, &a))
    a.klass->draw (cr, a.data, style, width, height);
  else
    _il_chart_draw_empty (cr, style, width, height, a.empty_message);
  il_adapter_clear (&a);
}

static char *
trend_view_query (gconstpointer       data,
                  const IlChartStyle *style,
                  int                 width,
                  int                 height,
                  double              x,
                  double              y)
{
  IlAdapter a = { 0 };
  char *ret = NULL;

  if (trend_view_build (data, style, &a))
    ret = a.klass->query (a.data, style, width, height, x, y);
  il_adapter_clear (&a);
  return ret;
}

const IlChartClass il_trend_view_chart = { "trend", trend_view_draw, trend_view_query };

/**
 * il_trend_view_legend_at:
 * @view: the trend view
 * @style: the style of the draw
 * @width: width of the draw
 * @height: height of the draw
 * @x: x of the point
 * @y: y of the point
 *
 * Returns: the step whose legend entry lies under (x, y), or -1
 */
int
il_trend_view_legend_at (const IlTrendView  *view,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height,
                         double              x,
                         double              y)
{
  IlAdapter a = { 0 };
  int hit = -1;

  if (trend_view_build (view, style, &a))
    hit = il_line_chart_legend_at (a.data, style, width, height, x, y);
  il_adapter_clear (&a);
  return hit;
}

static gboolean
error_trend_build (const IlAggregates *agg,
                   const IlChartStyle *style,
                   IlAdapter            *a)
{
  a->empty_message = _("No errors in this range");
  if (!has_rows (agg) || agg->errors.total_errors == 0)
    return FALSE;
  return build_trend_lines (agg, &agg->error_trend, TRUE, a);
}

static void
error_trend_draw (cairo_t            *cr,
                  gconstpointer       data,
                  const IlChartStyle *style,
                  int                 width,
                  int                 height)
{
  _il_adapter_draw (error_trend_build, cr, data, style, width, height);
}

static char *
error_trend_query (gconstpointer       data,
                   const IlChartStyle *style,
                   int                 width,
                   int                 height,
                   double              x,
                   double              y)
{
  return _il_adapter_query (error_trend_build, data, style, width, height, x, y);
}

const IlChartClass il_error_trend_chart = { "error-trend", error_trend_draw, error_trend_query };

/* ---- heatmaps ------------------------------------------------------------- */

static gboolean
heatmap_build (const IlAggregates *agg,
               const IlChartStyle *style,
               IlAdapter            *a)
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
  a->u.matrix.col_axis_title = TRUE;
  a->u.matrix.values = h->mean;
  a->u.matrix.counts = h->count;
  a->u.matrix.format = IL_VALUE_FORMAT_MS;
  a->klass = &il_matrix_chart;
  a->data = &a->u.matrix;
  return TRUE;
}

static void
heatmap_draw (cairo_t            *cr,
              gconstpointer       data,
              const IlChartStyle *style,
              int                 width,
              int                 height)
{
  _il_adapter_draw (heatmap_build, cr, data, style, width, height);
}

static char *
heatmap_query (gconstpointer       data,
               const IlChartStyle *style,
               int                 width,
               int                 height,
               double              x,
               double              y)
{
  return _il_adapter_query (heatmap_build, data, style, width, height, x, y);
}

const IlChartClass il_heatmap_chart = { "heatmap", heatmap_draw, heatmap_query };

/* The same heatmap with each step coloured over its own range, so a fast
 * step's slow turns stand out beside a slow step. */
static gboolean
heatmap_row_scale_build (const IlAggregates *agg,
                         const IlChartStyle *style,
                         IlAdapter          *a)
{
  if (!heatmap_build (agg, style, a))
    return FALSE;
  a->u.matrix.row_scale = TRUE;
  return TRUE;
}

static void
heatmap_row_scale_draw (cairo_t            *cr,
                        gconstpointer       data,
                        const IlChartStyle *style,
                        int                 width,
                        int                 height)
{
  _il_adapter_draw (heatmap_row_scale_build, cr, data, style, width, height);
}

static char *
heatmap_row_scale_query (gconstpointer       data,
                         const IlChartStyle *style,
                         int                 width,
                         int                 height,
                         double              x,
                         double              y)
{
  return _il_adapter_query (heatmap_row_scale_build, data, style, width, height, x, y);
}

const IlChartClass il_heatmap_row_scale_chart = { "heatmap-row-scale", heatmap_row_scale_draw,
                                                  heatmap_row_scale_query };

/* The cell layout of a matrix adapter, for tests and hit-testing. */
static void
matrix_adapter_get_layout (gboolean          (*build) (const IlAggregates *,
                                                       const IlChartStyle *,
                                                       IlAdapter            *),
                           const IlAggregates *agg,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height,
                           IlMatrixLayout     *layout)
{
  IlAdapter a = { 0 };

  memset (layout, 0, sizeof *layout);
  if (build (agg, style, &a))
    il_matrix_chart_get_layout (a.data, style, width, height, layout);
  il_adapter_clear (&a);
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
                      IlAdapter            *a)
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

static void
error_dow_hour_draw (cairo_t            *cr,
                     gconstpointer       data,
                     const IlChartStyle *style,
                     int                 width,
                     int                 height)
{
  _il_adapter_draw (error_dow_hour_build, cr, data, style, width, height);
}

static char *
error_dow_hour_query (gconstpointer       data,
                      const IlChartStyle *style,
                      int                 width,
                      int                 height,
                      double              x,
                      double              y)
{
  return _il_adapter_query (error_dow_hour_build, data, style, width, height, x, y);
}

const IlChartClass il_error_dow_hour_chart = { "error-day-hour", error_dow_hour_draw, error_dow_hour_query };

void
il_error_dow_hour_chart_get_layout (const IlAggregates *agg,
                                    const IlChartStyle *style,
                                    int                 width,
                                    int                 height,
                                    IlMatrixLayout     *layout)
{
  matrix_adapter_get_layout (error_dow_hour_build, agg, style, width, height, layout);
}

/* ---- by name ------------------------------------------------------------------ */

static const IlChartClass * const charts[] = {
  &il_status_pie_chart,
  &il_trend_line_chart,
  &il_heatmap_chart,
  &il_heatmap_row_scale_chart,
  &il_box_plot_chart,
  &il_step_mean_bars_chart,
  &il_time_share_donut_chart,
  &il_mean_median_p95_bars_chart,
  &il_daily_volume_bars_chart,
  &il_error_rate_bars_chart,
  &il_latency_histogram_chart,
  &il_percentile_profile_chart,
  &il_percentile_profile_log_chart,
  &il_errors_by_step_bars_chart,
  &il_error_trend_chart,
  &il_error_dow_hour_chart,
  &il_status_latency_bars_chart,
  &il_turn_error_rate_chart,
  &il_session_total_histogram_chart,
  /* over one session's detail, not the aggregates */
  &il_timeline_chart,
  &il_waterfall_chart,
};

/**
 * il_chart_lookup:
 * @name: a chart name
 *
 * Returns: (nullable): the chart a page shows called @name
 */
const IlChartClass *
il_chart_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    if (g_str_equal (charts[i]->name, name))
      return charts[i];
  return NULL;
}
