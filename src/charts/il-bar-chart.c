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

      il_chart_format_value (text->style, data->format, hi, buf, sizeof buf);
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
  return total + data->overflow == 0;
}

static double
bin_edge (const IlHistogramChartData *data,
          guint                       i)
{
  if (data->edges != NULL)
    return data->edges[i];
  return data->min + (data->max - data->min) * i / data->n_bins;
}

static gboolean
histogram_log (const IlHistogramChartData *data)
{
  return data->log_x && bin_edge (data, 0) > 0 && bin_edge (data, data->n_bins) > bin_edge (data, 0);
}

static guint
histogram_slots (const IlHistogramChartData *data)
{
  return data->n_bins + (data->overflow > 0 ? 1 : 0);
}

/* The width the bins take: the overflow bar has a slot of its own. */
static double
bins_width (const IlHistogramChartData *data,
            const IlChartFrame         *frame)
{
  return frame->width * data->n_bins / histogram_slots (data);
}

double
il_histogram_chart_x_pos (const IlHistogramChartData *data,
                          const IlChartFrame         *frame,
                          double                      value)
{
  double lo, hi, f;

  g_return_val_if_fail (data != NULL && frame != NULL && data->n_bins > 0, 0);
  lo = bin_edge (data, 0);
  hi = bin_edge (data, data->n_bins);
  if (!(hi > lo))
    return frame->x;
  if (histogram_log (data))
    f = value > 0 ? (log (value) - log (lo)) / (log (hi) - log (lo)) : 0;
  else
    f = (value - lo) / (hi - lo);
  return frame->x + CLAMP (f, 0, 1) * bins_width (data, frame);
}

static void
histogram_layout (const IlHistogramChartData *data,
                  IlChartText                *text,
                  double                      width,
                  double                      height,
                  IlChartFrame               *frame)
{
  guint64 hi = data->overflow;

  for (guint i = 0; i < data->n_bins; i++)
    hi = MAX (hi, data->counts[i]);
  _il_chart_frame_compute (frame, text, width, height, FALSE, histogram_slots (data), NULL,
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

static int
bin_at (const IlHistogramChartData *data,
        const IlChartFrame         *frame,
        double                      x,
        double                      y)
{
  guint lo = 0, hi = data->n_bins - 1;

  if (x < frame->x || x >= frame->x + frame->width || y < frame->y || y >= frame->y + frame->height)
    return -1;
  if (x >= frame->x + bins_width (data, frame))
    return data->overflow > 0 ? (int) data->n_bins : (int) data->n_bins - 1;
  /* the last bin whose left edge is at or left of x */
  while (lo < hi)
    {
      guint mid = (lo + hi + 1) / 2;

      if (il_histogram_chart_x_pos (data, frame, bin_edge (data, mid)) <= x)
        lo = mid;
      else
        hi = mid - 1;
    }
  return (int) lo;
}

int
il_histogram_chart_bin_at (const IlHistogramChartData *data,
                           const IlChartStyle         *style,
                           int                         width,
                           int                         height,
                           double                      x,
                           double                      y)
{
  IlChartFrame frame;

  g_return_val_if_fail (data != NULL, -1);
  if (histogram_empty (data))
    return -1;
  il_histogram_chart_get_frame (data, style, width, height, &frame);
  return bin_at (data, &frame, x, y);
}

static void
histogram_bar (cairo_t            *cr,
               const IlChartFrame *frame,
               double              x0,
               double              x1,
               guint64             count)
{
  double base = round (il_chart_frame_value_pos (frame, 0));
  double top;

  if (count == 0)
    return;
  x0 = round (x0);
  x1 = round (x1);
  top = round (il_chart_frame_value_pos (frame, (double) count));
  /* a 1 px gap between bins when there is room for it */
  if (x1 - x0 >= 4)
    x1 -= 1;
  cairo_rectangle (cr, x0, MIN (top, base - 1), MAX (1, x1 - x0), MAX (1, base - top));
}

static void
histogram_x_axis (const IlHistogramChartData *data,
                  const IlChartFrame         *frame,
                  cairo_t                    *cr,
                  IlChartText                *text,
                  const IlChartStyle         *style)
{
  double lo = bin_edge (data, 0), hi = bin_edge (data, data->n_bins);
  double label_y = frame->y + frame->height + 4;
  double right = frame->x + frame->width;
  IlAxisTicks xt;
  char buf[64];
  double est;
  guint max_ticks;

  if (!isfinite (lo))
    lo = 0;
  if (!isfinite (hi) || !(hi > lo))
    hi = lo + 1;

  il_value_format (data->x_format, hi, buf, sizeof buf);
  est = il_chart_text_width (text, buf) + 24;
  max_ticks = (guint) CLAMP (bins_width (data, frame) / est + 1, 2, 11);
  if (histogram_log (data))
    il_axis_log_ticks (lo, hi, max_ticks, &xt);
  else
    il_axis_nice_ticks (lo, hi, max_ticks, FALSE, &xt);

  if (data->overflow > 0)
    {
      g_autofree char *label = NULL;
      double cx = frame->x + (bins_width (data, frame) + frame->width) / 2;

      if (style->locale_numbers && data->x_format == IL_VALUE_FORMAT_MS)
        {
          /* in the unit of the ticks beside it */
          char num[64];
          gboolean seconds = il_chart_ms_axis_in_seconds (&xt);

          il_format_number (seconds ? hi / 1000 : hi, seconds ? 1 : 0, num, sizeof num);
          g_snprintf (buf, sizeof buf, seconds ? "%s s" : "%s ms", num);
        }
      else
        il_chart_format_value (style, data->x_format, hi, buf, sizeof buf);
      /* TRANSLATORS: the last bar of a histogram: the values from this one up */
      label = g_strdup_printf (_("≥ %s"), buf);
      est = il_chart_text_width (text, label);
      il_chart_text_draw (text, cr, label, MIN (cx, frame->x + frame->width - est / 2), label_y,
                          0, 0.5, 0, &style->foreground);
      right = MIN (cx, frame->x + frame->width - est / 2) - est / 2 - 6;
    }
  for (guint i = 0; i < xt.n; i++)
    {
      double v = il_axis_tick_value (&xt, i);
      double px, w;

      if (v < lo - 1e-9 * fabs (hi - lo) || v > hi + 1e-9 * fabs (hi - lo))
        continue;
      px = il_histogram_chart_x_pos (data, frame, v);
      il_chart_format_tick (style, data->x_format, &xt, v, buf, sizeof buf);
      w = il_chart_text_width (text, buf);
      if (px + w / 2 > right)
        continue;
      il_chart_text_draw (text, cr, buf, px, label_y, 0, 0.5, 0, &style->dim);
    }
}

static void
histogram_draw (cairo_t            *cr,
                gconstpointer       user_data,
                const IlChartStyle *style,
                int                 width,
                int                 height)
{
  const IlHistogramChartData *data = user_data;
  const IlColor *color;
  IlChartText text;
  IlChartFrame frame;

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

  color = data->color ? data->color : &style->accent;
  il_chart_set_color (cr, color);
  for (guint i = 0; i < data->n_bins; i++)
    histogram_bar (cr, &frame, il_histogram_chart_x_pos (data, &frame, bin_edge (data, i)),
                   il_histogram_chart_x_pos (data, &frame, bin_edge (data, i + 1)), data->counts[i]);
  cairo_fill (cr);
  if (data->overflow > 0)
    {
      /* paler: a bin without a width, everything past the clip */
      il_chart_set_color_alpha (cr, color, 0.55);
      histogram_bar (cr, &frame, frame.x + bins_width (data, &frame) + 2, frame.x + frame.width,
                     data->overflow);
      cairo_fill (cr);
    }

  histogram_x_axis (data, &frame, cr, &text, style);

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
  int i;

  if (histogram_empty (data))
    return NULL;
  il_histogram_chart_get_frame (data, style, width, height, &frame);
  i = bin_at (data, &frame, x, y);
  if (i < 0)
    return NULL;
  if ((guint) i == data->n_bins)
    {
      g_autofree char *label = NULL;

      il_chart_format_tooltip (style, data->x_format, bin_edge (data, data->n_bins), from, sizeof from);
      il_format_count ((double) data->overflow, n, sizeof n);
      label = g_strdup_printf (_("≥ %s"), from);
      return g_strdup_printf ("<b>%s</b>\nn = %s", label, n);
    }
  il_chart_format_tooltip (style, data->x_format, bin_edge (data, i), from, sizeof from);
  il_chart_format_tooltip (style, data->x_format, bin_edge (data, i + 1), to, sizeof to);
  il_format_count ((double) data->counts[i], n, sizeof n);
  return g_strdup_printf ("<b>%s – %s</b>\nn = %s", from, to, n);
}

const IlChartClass il_histogram_chart = { "histogram", histogram_draw, histogram_query };
