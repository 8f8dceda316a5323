/* il-box-plot-chart.c: one box per step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-box-plot-chart.h"
#include "il-chart-private.h"

static gboolean
box_empty (const IlAggregates *agg)
{
  return agg == NULL || agg->n_steps == 0 || agg->key.total_records == 0;
}

static const char **
step_labels (const IlAggregates *agg)
{
  const char **labels = g_new (const char *, agg->n_steps);

  for (guint i = 0; i < agg->n_steps; i++)
    labels[i] = agg->steps[i].name ? agg->steps[i].name : "";
  return labels;
}

static void
box_layout (const IlAggregates *agg,
            IlChartText        *text,
            double              width,
            double              height,
            const char * const *labels,
            IlChartFrame       *frame)
{
  double lo = 0, hi = 0, lo_pos = INFINITY, box_lo = INFINITY, box_hi = 0;

  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];

      if (st->count == 0)
        continue;
      if (isfinite (st->min))
        lo = MIN (lo, st->min);
      if (isfinite (st->max))
        hi = MAX (hi, st->max);
      /* the lowest positive value drawn: zeros sit on a log axis' bottom */
      if (isfinite (st->min) && st->min > 0)
        lo_pos = MIN (lo_pos, st->min);
      if (isfinite (st->whisker_low) && st->whisker_low > 0)
        lo_pos = MIN (lo_pos, st->whisker_low);
      if (isfinite (st->q1) && st->q1 > 0)
        lo_pos = MIN (lo_pos, st->q1);
      if (isfinite (st->q1))
        box_lo = MIN (box_lo, st->q1);
      if (isfinite (st->q3))
        box_hi = MAX (box_hi, st->q3);
    }
  /* A few huge outliers (timeouts) would squash every box into the axis:
   * switch to a log scale when the values span more than three decades, or
   * two when every box would fill less than a tenth of a linear axis. Only
   * when every box sits above zero, so that no box is cut. */
  if (isfinite (lo_pos) && box_lo > 0
      && (hi / lo_pos > IL_BOX_PLOT_LOG_RATIO
          || (hi / lo_pos > IL_BOX_PLOT_LOG_RATIO / 10 && box_hi < hi * 0.1)))
    _il_chart_frame_compute_full (frame, text, width, height, FALSE, agg->n_steps, labels,
                                  lo_pos, hi, FALSE, TRUE, IL_VALUE_FORMAT_MS, 0, 0);
  else
    _il_chart_frame_compute (frame, text, width, height, FALSE, agg->n_steps, labels,
                             lo, hi, TRUE, IL_VALUE_FORMAT_MS, 0, 0);
}

void
il_box_plot_chart_get_frame (const IlAggregates *agg,
                             const IlChartStyle *style,
                             int                 width,
                             int                 height,
                             IlChartFrame       *frame)
{
  IlChartText text;
  g_autofree const char **labels = NULL;

  g_return_if_fail (frame != NULL);
  if (box_empty (agg))
    {
      memset (frame, 0, sizeof *frame);
      return;
    }
  il_chart_text_init (&text, style);
  labels = step_labels (agg);
  box_layout (agg, &text, width, height, labels, frame);
  il_chart_text_clear (&text);
}

guint
il_box_plot_thin_outlier (guint n_outliers,
                          guint max_drawn,
                          guint k)
{
  if (n_outliers <= max_drawn || max_drawn < 2)
    return k;
  /* evenly spaced ranks, the first and the last included */
  return (guint) round ((double) k * (n_outliers - 1) / (max_drawn - 1));
}

static void
box_draw (cairo_t            *cr,
          gconstpointer       user_data,
          const IlChartStyle *style,
          int                 width,
          int                 height)
{
  const IlAggregates *agg = user_data;
  g_autofree const char **labels = NULL;
  IlChartText text;
  IlChartFrame f;

  if (box_empty (agg))
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  labels = step_labels (agg);
  box_layout (agg, &text, width, height, labels, &f);
  _il_chart_frame_draw_grid (&f, cr, &text, style);
  _il_chart_frame_draw_labels (&f, cr, &text, style, labels);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];
      const IlColor *color = &style->series[i % G_N_ELEMENTS (style->series)];
      double cx = il_chart_frame_band_center (&f, i);
      double box_w = MAX (1, MIN (f.band * 0.6, 60));
      double x0 = round (cx - box_w / 2), x1 = MAX (x0 + 1, round (cx + box_w / 2));
      double sx = il_chart_snap (cx);
      double yq1, yq3, ymed, ywl, ywh, cap;
      guint n_drawn;

      if (st->count == 0 || !isfinite (st->median) || !isfinite (st->q1) || !isfinite (st->q3))
        continue;
      yq1 = round (il_chart_frame_value_pos (&f, st->q1));
      yq3 = round (il_chart_frame_value_pos (&f, st->q3));
      ymed = round (il_chart_frame_value_pos (&f, st->median));
      ywl = il_chart_snap (il_chart_frame_value_pos (&f, isfinite (st->whisker_low) ? st->whisker_low : st->q1));
      ywh = il_chart_snap (il_chart_frame_value_pos (&f, isfinite (st->whisker_high) ? st->whisker_high : st->q3));
      cap = MAX (1, round ((x1 - x0) / 4));

      /* whiskers and their caps */
      il_chart_set_color (cr, color);
      cairo_move_to (cr, sx, ywh);
      cairo_line_to (cr, sx, yq3);
      cairo_move_to (cr, sx, yq1);
      cairo_line_to (cr, sx, ywl);
      cairo_move_to (cr, sx - cap, ywh);
      cairo_line_to (cr, sx + cap, ywh);
      cairo_move_to (cr, sx - cap, ywl);
      cairo_line_to (cr, sx + cap, ywl);
      cairo_stroke (cr);

      /* the box: Q3 at the top, Q1 at the bottom */
      il_chart_set_color_alpha (cr, color, 0.35);
      cairo_rectangle (cr, x0, yq3, x1 - x0, MAX (1, yq1 - yq3));
      cairo_fill (cr);
      il_chart_set_color (cr, color);
      cairo_rectangle (cr, x0 + 0.5, yq3 + 0.5, MAX (0, x1 - x0 - 1), MAX (0, yq1 - yq3 - 1));
      cairo_stroke (cr);

      /* the median, 2 px in the text colour so it stands out of any box */
      il_chart_set_color (cr, &style->foreground);
      cairo_rectangle (cr, x0, ymed - 1, x1 - x0, 2);
      cairo_fill (cr);

      /* outliers, thinned */
      n_drawn = MIN (st->n_outliers, IL_BOX_PLOT_MAX_OUTLIERS);
      if (n_drawn > 0 && st->outliers != NULL)
        {
          double last_y = -INFINITY;

          il_chart_set_color_alpha (cr, color, 0.7);
          for (guint k = 0; k < n_drawn; k++)
            {
              double v = st->outliers[il_box_plot_thin_outlier (st->n_outliers, IL_BOX_PLOT_MAX_OUTLIERS, k)];
              double py;

              if (!isfinite (v))
                continue;
              /* ascending values: a dot on the same pixel row as the last one adds nothing */
              py = round (il_chart_frame_value_pos (&f, v));
              if (py == last_y)
                continue;
              last_y = py;
              cairo_new_sub_path (cr);
              cairo_arc (cr, cx, py, 2.5, 0, 2 * G_PI);
            }
          cairo_fill (cr);
        }
    }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
box_query (gconstpointer       user_data,
           const IlChartStyle *style,
           int                 width,
           int                 height,
           double              x,
           double              y)
{
  const IlAggregates *agg = user_data;
  const IlStepStats *st;
  g_autofree char *name = NULL;
  IlChartFrame f;
  GString *s;
  char a[64], b[64], n[64];
  int i;

  if (box_empty (agg))
    return NULL;
  il_box_plot_chart_get_frame (agg, style, width, height, &f);
  i = il_chart_frame_band_at (&f, x, y);
  if (i < 0)
    return NULL;
  st = &agg->steps[i];
  name = g_markup_escape_text (st->name ? st->name : "", -1);
  s = g_string_new (NULL);
  g_string_append_printf (s, "<b>%s</b>", name);
  if (st->count == 0)
    {
      g_string_append_printf (s, "\n%s", _("No rows"));
      return g_string_free (s, FALSE);
    }
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->median, a, sizeof a);
  g_string_append_printf (s, "\n%s %s", _("median"), a);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->q1, a, sizeof a);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->q3, b, sizeof b);
  g_string_append_printf (s, "\nQ1 %s\nQ3 %s", a, b);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->whisker_low, a, sizeof a);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->whisker_high, b, sizeof b);
  g_string_append_printf (s, "\n%s %s – %s", _("whiskers"), a, b);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->mean, a, sizeof a);
  g_string_append_printf (s, "\n%s %s", _("mean"), a);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->min, a, sizeof a);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, st->max, b, sizeof b);
  g_string_append_printf (s, "\n%s %s – %s", _("range"), a, b);
  il_format_count ((double) st->count, n, sizeof n);
  g_string_append_printf (s, "\nn = %s", n);
  if (st->n_outliers > 0)
    {
      il_format_count (st->n_outliers, n, sizeof n);
      g_string_append_printf (s, "\n%s %s", _("outliers"), n);
    }
  return g_string_free (s, FALSE);
}

const IlChartClass il_box_plot_chart = { "box-plot", box_draw, box_query };

/* ---- with targets -------------------------------------------------------- */

static void
box_view_draw (cairo_t            *cr,
               gconstpointer       user_data,
               const IlChartStyle *style,
               int                 width,
               int                 height)
{
  const IlBoxPlotView *view = user_data;
  static const double dash[] = { 5, 3 };
  IlChartFrame f;
  IlChartText text;
  double lo, hi;

  box_draw (cr, view != NULL ? view->aggregates : NULL, style, width, height);
  if (view == NULL || box_empty (view->aggregates) || view->n_targets == 0)
    return;

  il_box_plot_chart_get_frame (view->aggregates, style, width, height, &f);
  il_chart_text_init (&text, style);
  lo = MIN (il_chart_frame_value_pos (&f, f.ticks.min), il_chart_frame_value_pos (&f, f.ticks.max));
  hi = MAX (il_chart_frame_value_pos (&f, f.ticks.min), il_chart_frame_value_pos (&f, f.ticks.max));
  cairo_save (cr);
  for (guint t = 0; t < view->n_targets; t++)
    {
      const IlChartTarget *target = &view->targets[t];
      double cx, x0, x1, py;

      if (target->series >= f.n_bands || !isfinite (target->value))
        continue;
      cx = il_chart_frame_band_center (&f, target->series);
      x0 = round (cx - f.band * 0.45);
      x1 = round (cx + f.band * 0.45);
      il_chart_set_color (cr, target->breached ? &style->error : &style->foreground);
      if (target->value < f.ticks.min && !f.ticks.log)
        py = hi + 1;
      else if (target->value > f.ticks.max || (f.ticks.log && target->value <= 0))
        py = -1;
      else
        py = il_chart_snap (il_chart_frame_value_pos (&f, target->value));
      if (py < 0 || py > hi)
        {
          /* beyond the axis: a triangle on the edge, pointing where it lies */
          double edge = py < 0 ? lo : hi;
          double dir = py < 0 ? -1 : 1;

          cairo_move_to (cr, cx, edge + dir);
          cairo_line_to (cr, cx - 5, edge - dir * 7);
          cairo_line_to (cr, cx + 5, edge - dir * 7);
          cairo_close_path (cr);
          cairo_fill (cr);
          continue;
        }
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x0, py);
      cairo_line_to (cr, x1, py);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      {
        char label[64];

        il_value_format (IL_VALUE_FORMAT_MS, target->value, label, sizeof label);
        il_chart_text_draw (&text, cr, label, x1, py - 2, 0, 1.0, 1.0,
                            target->breached ? &style->error : &style->foreground);
      }
    }
  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
box_view_query (gconstpointer       user_data,
                const IlChartStyle *style,
                int                 width,
                int                 height,
                double              x,
                double              y)
{
  const IlBoxPlotView *view = user_data;
  IlChartFrame f;
  GString *s;
  char *base;
  int band;

  if (view == NULL)
    return NULL;
  base = box_query (view->aggregates, style, width, height, x, y);
  if (base == NULL || view->n_targets == 0)
    return base;
  il_box_plot_chart_get_frame (view->aggregates, style, width, height, &f);
  band = il_chart_frame_band_at (&f, x, y);
  s = g_string_new (base);
  g_free (base);
  for (guint t = 0; t < view->n_targets; t++)
    {
      char v[64];

      if ((int) view->targets[t].series != band)
        continue;
      il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, view->targets[t].value, v, sizeof v);
      /* Translators: a line of the box plot's tooltip, "target ≤ 800 ms (breached)" */
      g_string_append_printf (s, "\n%s ≤ %s%s", _("target"), v,
                              view->targets[t].breached ? _(" (breached)") : "");
    }
  return g_string_free (s, FALSE);
}

const IlChartClass il_box_plot_view_chart = { "box-plot", box_view_draw, box_view_query };
