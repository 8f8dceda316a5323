/* il-donut-chart.c: generic donut with a legend of values and percentages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-chart-private.h"
#include "il-donut-chart.h"

static double
slice_value (const IlDonutData *data,
             guint              i)
{
  double v = data->values[i];

  return isfinite (v) && v > 0 ? v : 0;
}

static double
donut_total (const IlDonutData *data)
{
  double total = 0;

  if (data == NULL || data->values == NULL)
    return 0;
  for (guint i = 0; i < data->n; i++)
    total += slice_value (data, i);
  return total;
}

static const IlColor *
slice_color (const IlDonutData  *data,
             const IlChartStyle *style,
             guint               i)
{
  if (data->colors != NULL)
    return &data->colors[i];
  return &style->series[i % G_N_ELEMENTS (style->series)];
}

static char **
legend_labels (const IlDonutData  *data,
               const IlChartStyle *style,
               double              total)
{
  char **labels = g_new0 (char *, data->n + 1);

  for (guint i = 0; i < data->n; i++)
    {
      char value[64], pct[64];

      il_chart_format_value (style, data->format, data->values[i], value, sizeof value);
      il_chart_format_value (style, IL_VALUE_FORMAT_PERCENT,
                             total > 0 ? slice_value (data, i) / total * 100 : NAN, pct, sizeof pct);
      labels[i] = g_strdup_printf ("%s  %s (%s)", data->labels ? data->labels[i] : "", value, pct);
    }
  return labels;
}

static void
donut_layout (const IlDonutData *data,
              IlChartText       *text,
              double             width,
              double             height,
              char             **labels,
              IlDonutLayout     *layout)
{
  double area_w, area_h;

  memset (layout, 0, sizeof *layout);
  layout->total = donut_total (data);
  layout->legend_width = _il_chart_legend_width (text, data->n, (const char * const *) labels,
                                                 MAX (0, width * 0.45));
  /* the pad on the left and the gap of three before the legend */
  area_w = MAX (1, width - layout->legend_width - 4 * IL_CHART_PAD);
  area_h = MAX (1, height - 2 * IL_CHART_PAD);
  layout->radius = MAX (1, MIN (area_w, area_h) / 2);
  layout->inner = layout->radius * 0.58;
  /* donut and legend side by side, the pair centred */
  layout->cx = IL_CHART_PAD + (area_w - 2 * layout->radius) / 2 + layout->radius;
  layout->cy = IL_CHART_PAD + area_h / 2;

  /* the legend is centred vertically beside the donut */
  layout->legend_x = layout->cx + layout->radius + IL_CHART_PAD * 3;
  layout->legend_height = MIN (area_h, (text->line_height + 4) * data->n);
  layout->legend_y = IL_CHART_PAD + (area_h - layout->legend_height) / 2;
}

void
il_donut_chart_get_layout (const IlDonutData  *data,
                           const IlChartStyle *style,
                           int                 width,
                           int                 height,
                           IlDonutLayout      *layout)
{
  IlChartText text;
  g_auto(GStrv) labels = NULL;

  g_return_if_fail (data != NULL && layout != NULL);
  il_chart_text_init (&text, style);
  labels = legend_labels (data, style, donut_total (data));
  donut_layout (data, &text, width, height, labels, layout);
  il_chart_text_clear (&text);
}

void
il_donut_chart_get_slice (const IlDonutData   *data,
                          const IlDonutLayout *layout,
                          guint                i,
                          double              *start,
                          double              *end)
{
  double acc = 0;

  for (guint k = 0; k < i; k++)
    acc += slice_value (data, k);
  *start = layout->total > 0 ? acc / layout->total * 2 * G_PI : 0;
  *end = layout->total > 0 ? (acc + slice_value (data, i)) / layout->total * 2 * G_PI : 0;
}

static void
donut_draw (cairo_t            *cr,
            gconstpointer       user_data,
            const IlChartStyle *style,
            int                 width,
            int                 height)
{
  const IlDonutData *data = user_data;
  g_auto(GStrv) labels = NULL;
  g_autofree IlColor *colors = NULL;
  IlChartText text;
  IlDonutLayout layout;
  double acc = 0;
  char total[64];

  if (donut_total (data) <= 0)
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  labels = legend_labels (data, style, donut_total (data));
  donut_layout (data, &text, width, height, labels, &layout);

  colors = g_new (IlColor, data->n);
  for (guint i = 0; i < data->n; i++)
    {
      double v = slice_value (data, i);
      double a0 = acc / layout.total * 2 * G_PI - G_PI / 2;
      double a1 = (acc + v) / layout.total * 2 * G_PI - G_PI / 2;

      colors[i] = *slice_color (data, style, i);
      acc += v;
      if (v <= 0)
        continue;
      il_chart_set_color (cr, &colors[i]);
      cairo_new_path (cr);
      cairo_arc (cr, layout.cx, layout.cy, layout.radius, a0, a1);
      cairo_arc_negative (cr, layout.cx, layout.cy, layout.inner, a1, a0);
      cairo_close_path (cr);
      cairo_fill_preserve (cr);
      /* a thin gap in the background colour between slices */
      if (v < layout.total)
        {
          cairo_set_line_width (cr, 1.5);
          il_chart_set_color (cr, &style->background);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }

  /* as the legend: "56 h 1 min" rather than "201,673 s" */
  il_chart_format_value (style, data->format, layout.total, total, sizeof total);
  if (layout.inner * 2 > il_chart_text_width (&text, total) + 8)
    {
      il_chart_text_set_size (&text, 1.3, TRUE);
      il_chart_text_draw (&text, cr, total, layout.cx, layout.cy, layout.inner * 1.8, 0.5,
                          data->center_label ? 0.8 : 0.5, &style->foreground);
      il_chart_text_set_size (&text, 1.0, FALSE);
      if (data->center_label)
        il_chart_text_draw (&text, cr, data->center_label, layout.cx, layout.cy + 2,
                            layout.inner * 1.6, 0.5, 0, &style->dim);
    }

  _il_chart_legend (cr, &text, style, layout.legend_x, layout.legend_y, layout.legend_width,
                    MAX (layout.legend_height, text.line_height + 4), data->n,
                    (const char * const *) labels, colors, NULL, 0, 0);

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
donut_query (gconstpointer       user_data,
             const IlChartStyle *style,
             int                 width,
             int                 height,
             double              x,
             double              y)
{
  const IlDonutData *data = user_data;
  g_auto(GStrv) labels = NULL;
  g_autofree char *name = NULL;
  IlChartText text;
  IlDonutLayout layout;
  double dx, dy, r;
  int hit = -1;
  char value[64], pct[64];

  if (donut_total (data) <= 0)
    return NULL;
  il_chart_text_init (&text, style);
  labels = legend_labels (data, style, donut_total (data));
  donut_layout (data, &text, width, height, labels, &layout);
  hit = _il_chart_legend (NULL, &text, style, layout.legend_x, layout.legend_y, layout.legend_width,
                          MAX (layout.legend_height, text.line_height + 4), data->n,
                          (const char * const *) labels, NULL, NULL, x, y);
  il_chart_text_clear (&text);

  dx = x - layout.cx;
  dy = y - layout.cy;
  r = sqrt (dx * dx + dy * dy);
  if (hit < 0 && r >= layout.inner && r <= layout.radius)
    {
      /* clockwise from 12 o'clock, like the slices */
      double a = atan2 (dy, dx) + G_PI / 2;

      if (a < 0)
        a += 2 * G_PI;
      for (guint i = 0; i < data->n; i++)
        {
          double a0, a1;

          il_donut_chart_get_slice (data, &layout, i, &a0, &a1);
          if (a1 > a0 && a >= a0 && a < a1)
            {
              hit = i;
              break;
            }
        }
    }
  if (hit < 0)
    return NULL;

  name = g_markup_escape_text (data->labels ? data->labels[hit] : "", -1);
  il_chart_format_tooltip (style, data->format, data->values[hit], value, sizeof value);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_PERCENT, slice_value (data, hit) / layout.total * 100, pct, sizeof pct);
  return g_strdup_printf ("<b>%s</b>\n%s\n%s", name, value, pct);
}

const IlChartClass il_donut_chart = { "donut", donut_draw, donut_query };
