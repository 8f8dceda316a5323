/* il-bar-chart.c: generic bar charts and histograms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-bar-chart.h"
#include "il-chart-private.h"

static gboolean
bar_data_empty (const IlBarChartData *data)
{
  return data == NULL || data->n_bars == 0 || data->values == NULL;
}

static guint
n_series (const IlBarChartData *data)
{
  return CLAMP (data->n_series, 1, 10);
}

static void
bar_layout (const IlBarChartData *data,
            IlChartText          *text,
            double                width,
            double                height,
            IlChartFrame         *frame)
{
  double lo = 0, hi = 0;
  double top = 0, right = 0;
  guint ns = n_series (data);

  for (guint i = 0; i < ns * data->n_bars; i++)
    if (isfinite (data->values[i]))
      {
        lo = MIN (lo, data->values[i]);
        hi = MAX (hi, data->values[i]);
      }
  if (ns > 1)
    top += text->line_height + 6;
  if (data->show_values)
    {
      char buf[64];

      il_value_format (data->format, hi, buf, sizeof buf);
      if (data->horizontal)
        right += il_chart_text_width (text, buf) + 6;
      else
        top += text->line_height + 2;
    }
  _il_chart_frame_compute (frame, text, width, height, data->horizontal, data->n_bars,
                           data->labels, lo, hi, TRUE, data->format, top, right);
}

gboolean
il_bar_chart_get_bar (const IlBarChartData *data,
                      const IlChartFrame   *frame,
                      guint                 series,
                      guint                 i,
                      double               *x,
                      double               *y,
                      double               *w,
                      double               *h)
{
  guint ns = n_series (data);
  double v = data->values[series * data->n_bars + i];
  double group = MIN (frame->band * 0.8, 48.0 * ns);
  double thick = group / ns;
  double start = il_chart_frame_band_center (frame, i) - group / 2 + thick * series;
  double p0, p1;

  if (!isfinite (v))
    return FALSE;
  p0 = il_chart_frame_value_pos (frame, 0);
  p1 = il_chart_frame_value_pos (frame, v);
  /* whole pixels: crisp edges, and a tiny value still shows */
  start = round (start);
  thick = MAX (1, round (thick));
  p0 = round (p0);
  p1 = round (p1);
  if (frame->horizontal)
    {
      *x = MIN (p0, p1);
      *w = MAX (fabs (p1 - p0), v != 0 ? 1 : 0);
      *y = start;
      *h = thick;
    }
  else
    {
      *y = MIN (p0, p1);
      *h = MAX (fabs (p1 - p0), v != 0 ? 1 : 0);
      *x = start;
      *w = thick;
    }
  return TRUE;
}

void
il_bar_chart_get_frame (const IlBarChartData *data,
                        const IlChartStyle   *style,
                        int                   width,
                        int                   height,
                        IlChartFrame         *frame)
{
  IlChartText text;

  g_return_if_fail (data != NULL && frame != NULL);
  il_chart_text_init (&text, style);
  bar_layout (data, &text, width, height, frame);
  il_chart_text_clear (&text);
}

static const IlColor *
bar_color (const IlBarChartData *data,
           const IlChartStyle   *style,
           guint                 series,
           guint                 i)
{
  if (data->colors != NULL && n_series (data) == 1)
    return &data->colors[i];
  return &style->series[series % G_N_ELEMENTS (style->series)];
}

static void
draw_series_legend (cairo_t            *cr,
                    IlChartText        *text,
                    const IlChartStyle *style,
                    const char * const *names,
                    guint               n,
                    double              x,
                    double              y,
                    double              max_x)
{
  for (guint s = 0; s < n && x < max_x; s++)
    {
      const char *name = names ? names[s] : "";
      double w;

      il_chart_set_color (cr, &style->series[s % G_N_ELEMENTS (style->series)]);
      cairo_rectangle (cr, round (x), round (y + text->line_height / 2 - 5), 10, 10);
      cairo_fill (cr);
      w = il_chart_text_draw (text, cr, name, x + 16, y, MIN (200, max_x - x - 16), 0, 0,
                              &style->foreground);
      x += 16 + w + 16;
    }
}

static void
bar_draw (cairo_t            *cr,
          gconstpointer       user_data,
          const IlChartStyle *style,
          int                 width,
          int                 height)
{
  const IlBarChartData *data = user_data;
  IlChartText text;
  IlChartFrame frame;
  guint ns;

  if (bar_data_empty (data))
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  bar_layout (data, &text, width, height, &frame);
  _il_chart_frame_draw_grid (&frame, cr, &text, style);
  _il_chart_frame_draw_labels (&frame, cr, &text, style, data->labels);

  ns = n_series (data);
  if (ns > 1)
    draw_series_legend (cr, &text, style, data->series_names, ns, frame.x, IL_CHART_PAD,
                        width - IL_CHART_PAD);

  for (guint s = 0; s < ns; s++)
    for (guint i = 0; i < data->n_bars; i++)
      {
        double x, y, w, h;

        if (!il_bar_chart_get_bar (data, &frame, s, i, &x, &y, &w, &h))
          continue;
        il_chart_set_color (cr, bar_color (data, style, s, i));
        cairo_rectangle (cr, x, y, w, h);
        cairo_fill (cr);
      }

  if (data->show_values)
    for (guint s = 0; s < ns; s++)
      for (guint i = 0; i < data->n_bars; i++)
        {
          double x, y, w, h;
          char buf[64];

          if (!il_bar_chart_get_bar (data, &frame, s, i, &x, &y, &w, &h))
            continue;
          il_chart_format_value (style, data->format, data->values[s * data->n_bars + i], buf, sizeof buf);
          if (frame.horizontal)
            {
              if (h + 2 >= text.line_height * 0.8)
                il_chart_text_draw (&text, cr, buf, x + w + 4, y + h / 2, 0, 0, 0.5,
                                    &style->foreground);
            }
          else if (il_chart_text_width (&text, buf) <= frame.band * 0.98 / ns + 4)
            il_chart_text_draw (&text, cr, buf, x + w / 2, y - 2, 0, 0.5, 1, &style->foreground);
        }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
bar_query (gconstpointer       user_data,
           const IlChartStyle *style,
           int                 width,
           int                 height,
           double              x,
           double              y)
{
  const IlBarChartData *data = user_data;
  g_autofree char *label = NULL;
  IlChartFrame frame;
  GString *s;
  int i;

  if (bar_data_empty (data))
    return NULL;
  il_bar_chart_get_frame (data, style, width, height, &frame);
  i = il_chart_frame_band_at (&frame, x, y);
  if (i < 0)
    return NULL;

  label = g_markup_escape_text (data->labels ? data->labels[i] : "", -1);
  s = g_string_new (NULL);
  g_string_append_printf (s, "<b>%s</b>", label);
  for (guint k = 0; k < n_series (data); k++)
    {
      char buf[64];

      il_chart_format_tooltip (style, data->format, data->values[k * data->n_bars + i], buf, sizeof buf);
      if (n_series (data) > 1 && data->series_names != NULL)
        {
          g_autofree char *name = g_markup_escape_text (data->series_names[k], -1);
          g_string_append_printf (s, "\n%s %s", name, buf);
        }
      else
        g_string_append_printf (s, "\n%s", buf);
    }
  return g_string_free (s, FALSE);
}

const IlChartClass il_bar_chart = { "bars", bar_draw, bar_query };

/* ---- histogram ------------------------------------------------------------ */

static gboolean
histogram_empty (const IlHistogramChartData *data)
{
  guint64 total = 0;

  if (data == NULL || data->n_bins == 0 || data->counts == NULL)
    return TRUE;
  for (guint i = 0; i < data->n_bins; i++)
    total += data->counts[i];
  return total == 0;
}

static void
histogram_layout (const IlHistogramChartData *data,
                  IlChartText                *text,
                  double                      width,
                  double                      height,
                  IlChartFrame               *frame)
{
  guint64 hi = 0;

  for (guint i = 0; i < data->n_bins; i++)
    hi = MAX (hi, data->counts[i]);
  _il_chart_frame_compute (frame, text, width, height, FALSE, data->n_bins, NULL,
                           0, (double) hi, TRUE, IL_VALUE_FORMAT_COUNT, 0, 0);
}

void
il_histogram_chart_get_frame (const IlHistogramChartData *data,
                              const IlChartStyle         *style,
                              int                         width,
                              int                         height,
                              IlChartFrame               *frame)
{
  IlChartText text;

  g_return_if_fail (data != NULL && frame != NULL);
  il_chart_text_init (&text, style);
  histogram_layout (data, &text, width, height, frame);
  il_chart_text_clear (&text);
}

static void
histogram_draw (cairo_t            *cr,
                gconstpointer       user_data,
                const IlChartStyle *style,
                int                 width,
                int                 height)
{
  const IlHistogramChartData *data = user_data;
  IlChartText text;
  IlChartFrame frame;
  IlAxisTicks xt;
  double lo, hi, base;

  if (histogram_empty (data))
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  histogram_layout (data, &text, width, height, &frame);
  _il_chart_frame_draw_grid (&frame, cr, &text, style);

  base = round (il_chart_frame_value_pos (&frame, 0));
  il_chart_set_color (cr, data->color ? data->color : &style->accent);
  for (guint i = 0; i < data->n_bins; i++)
    {
      double x0 = round (frame.x + frame.band * i);
      double x1 = round (frame.x + frame.band * (i + 1));
      double top;

      if (data->counts[i] == 0)
        continue;
      top = round (il_chart_frame_value_pos (&frame, (double) data->counts[i]));
      /* a 1 px gap between bins when there is room for it */
      if (x1 - x0 >= 4)
        x1 -= 1;
      cairo_rectangle (cr, x0, MIN (top, base - 1), MAX (1, x1 - x0), MAX (1, base - top));
    }
  cairo_fill (cr);

  /* the x axis shows the bin edges as values, not as categories */
  lo = isfinite (data->min) ? data->min : 0;
  hi = isfinite (data->max) && data->max > lo ? data->max : lo + 1;
  {
    char buf[64];
    double est;
    guint max_ticks;

    il_value_format (data->x_format, hi, buf, sizeof buf);
    est = il_chart_text_width (&text, buf) + 24;
    max_ticks = (guint) CLAMP (frame.width / est + 1, 2, 11);
    il_axis_nice_ticks (lo, hi, max_ticks, FALSE, &xt);
    for (guint i = 0; i < xt.n; i++)
      {
        double v = il_axis_tick_value (&xt, i);
        double px;

        if (v < lo - 1e-9 * fabs (hi - lo) || v > hi + 1e-9 * fabs (hi - lo))
          continue;
        px = frame.x + (v - lo) / (hi - lo) * frame.width;
        il_value_format_tick (data->x_format, v, xt.step, buf, sizeof buf);
        il_chart_text_draw (&text, cr, buf, px, frame.y + frame.height + 4, 0, 0.5, 0, &style->dim);
      }
  }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
histogram_query (gconstpointer       user_data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height,
                 double              x,
                 double              y)
{
  const IlHistogramChartData *data = user_data;
  IlChartFrame frame;
  char from[64], to[64], n[64];
  double w;
  int i;

  if (histogram_empty (data))
    return NULL;
  il_histogram_chart_get_frame (data, style, width, height, &frame);
  i = il_chart_frame_band_at (&frame, x, y);
  if (i < 0)
    return NULL;
  w = (data->max - data->min) / data->n_bins;
  il_value_format (data->x_format, data->min + w * i, from, sizeof from);
  il_value_format (data->x_format, data->min + w * (i + 1), to, sizeof to);
  il_format_count ((double) data->counts[i], n, sizeof n);
  return g_strdup_printf ("<b>%s – %s</b>\nn = %s", from, to, n);
}

const IlChartClass il_histogram_chart = { "histogram", histogram_draw, histogram_query };
