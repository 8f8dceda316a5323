/* il-chart-common.c: background, empty state, frames and legends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-chart-private.h"

void
il_value_format (IlValueFormat  format,
                 double         value,
                 char          *buf,
                 gsize          size)
{
  switch (format)
    {
    case IL_VALUE_FORMAT_MS:
      il_format_ms (value, -1, buf, size);
      break;
    case IL_VALUE_FORMAT_COUNT:
      il_format_count (value, buf, size);
      break;
    case IL_VALUE_FORMAT_PERCENT:
      il_format_percent (value, 1, buf, size);
      break;
    case IL_VALUE_FORMAT_NUMBER:
    default:
      if (!isfinite (value))
        g_strlcpy (buf, "\342\200\223", size);
      else
        g_snprintf (buf, size, "%.4g", value);
      break;
    }
}

void
il_value_format_tick (IlValueFormat  format,
                      double         value,
                      double         step,
                      char          *buf,
                      gsize          size)
{
  switch (format)
    {
    case IL_VALUE_FORMAT_MS:
      il_format_ms_tick (value, step, buf, size);
      break;
    case IL_VALUE_FORMAT_PERCENT:
      il_format_percent (value, il_axis_decimals_for_step (step), buf, size);
      break;
    case IL_VALUE_FORMAT_COUNT:
      if (step >= 1)
        {
          il_format_count (value, buf, size);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case IL_VALUE_FORMAT_NUMBER:
    default:
      g_snprintf (buf, size, "%.*f", il_axis_decimals_for_step (step), value);
      break;
    }
}

void
_il_chart_paint_background (cairo_t            *cr,
                            const IlChartStyle *style,
                            int                 width,
                            int                 height)
{
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  il_chart_set_color (cr, &style->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
_il_chart_draw_empty (cairo_t            *cr,
                      const IlChartStyle *style,
                      int                 width,
                      int                 height,
                      const char         *message)
{
  IlChartText text;

  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  il_chart_text_set_size (&text, 1.4, TRUE);
  il_chart_text_draw (&text, cr, message ? message : _("No data"),
                      width / 2.0, height / 2.0, width - 2 * IL_CHART_PAD, 0.5, 0.5, &style->dim);
  il_chart_text_clear (&text);
}

const IlColor *
_il_chart_status_color (const IlChartStyle *style,
                        const char         *status)
{
  if (status == NULL)
    return &style->skipped;
  if (strcmp (status, "success") == 0)
    return &style->success;
  if (strcmp (status, "error") == 0)
    return &style->error;
  if (strcmp (status, "skipped") == 0)
    return &style->skipped;
  return &style->series[g_str_hash (status) % G_N_ELEMENTS (style->series)];
}

double
_il_color_luminance (const IlColor *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

IlColor
_il_chart_sequential_color (double t)
{
  /* viridis: perceptually even, readable on light and dark backgrounds */
  static const double stops[][3] = {
    { 0x44 / 255.0, 0x01 / 255.0, 0x54 / 255.0 },
    { 0x3b / 255.0, 0x52 / 255.0, 0x8b / 255.0 },
    { 0x21 / 255.0, 0x91 / 255.0, 0x8c / 255.0 },
    { 0x5e / 255.0, 0xc9 / 255.0, 0x62 / 255.0 },
    { 0xfd / 255.0, 0xe7 / 255.0, 0x25 / 255.0 },
  };
  IlColor c;
  double pos;
  guint i;
  double f;

  if (!isfinite (t))
    t = 0;
  t = CLAMP (t, 0, 1);
  pos = t * (G_N_ELEMENTS (stops) - 1);
  i = MIN ((guint) pos, G_N_ELEMENTS (stops) - 2);
  f = pos - i;
  c.r = stops[i][0] + f * (stops[i + 1][0] - stops[i][0]);
  c.g = stops[i][1] + f * (stops[i + 1][1] - stops[i][1]);
  c.b = stops[i][2] + f * (stops[i + 1][2] - stops[i][2]);
  c.a = 1;
  return c;
}

/* ---- frames ------------------------------------------------------------- */

double
il_chart_frame_value_pos (const IlChartFrame *frame,
                          double              value)
{
  double f = il_axis_fraction (&frame->ticks, value);

  if (frame->horizontal)
    return frame->x + f * frame->width;
  return frame->y + frame->height - f * frame->height;
}

double
il_chart_frame_band_center (const IlChartFrame *frame,
                            guint               i)
{
  if (frame->horizontal)
    return frame->y + frame->band * (i + 0.5);
  return frame->x + frame->band * (i + 0.5);
}

int
il_chart_frame_band_at (const IlChartFrame *frame,
                        double              x,
                        double              y)
{
  double pos;
  int i;

  if (frame->n_bands == 0 || !(frame->band > 0))
    return -1;
  /* the category labels beside the plot count too: a name cut to fit is
   * read whole in the tooltip there */
  if (frame->horizontal
      ? (x < 0 || x >= frame->x + frame->width || y < frame->y || y >= frame->y + frame->height)
      : (x < frame->x || x >= frame->x + frame->width || y < frame->y))
    return -1;
  pos = frame->horizontal ? (y - frame->y) : (x - frame->x);
  i = (int) floor (pos / frame->band);
  return i >= 0 && (guint) i < frame->n_bands ? i : -1;
}

static double
max_tick_label_width (const IlChartFrame *frame,
                      IlChartText        *text)
{
  double w = 0;

  for (guint i = 0; i < frame->ticks.n; i++)
    {
      char buf[64];

      double v = il_axis_tick_value (&frame->ticks, i);

      il_chart_format_tick (text->style, frame->format, &frame->ticks, v, buf, sizeof buf);
      w = MAX (w, il_chart_text_width (text, buf));
    }
  return w;
}

void
_il_chart_frame_compute (IlChartFrame       *frame,
                         IlChartText        *text,
                         double              width,
                         double              height,
                         gboolean            horizontal,
                         guint               n_bands,
                         const char * const *labels,
                         double              vmin,
                         double              vmax,
                         gboolean            include_zero,
                         IlValueFormat       format,
                         double              top_reserved,
                         double              right_reserved)
{
  _il_chart_frame_compute_full (frame, text, width, height, horizontal, n_bands, labels,
                                vmin, vmax, include_zero, FALSE, format, top_reserved, right_reserved);
}

static void
frame_compute (IlChartFrame       *frame,
               IlChartText        *text,
               double              width,
               double              height,
               gboolean            horizontal,
               guint               n_bands,
               const char * const *labels,
               double              vmin,
               double              vmax,
               gboolean            include_zero,
               gboolean            log_scale,
               IlValueFormat       format,
               double              top_reserved,
               double              right_reserved,
               guint               label_lines)
{
  double lh = text->line_height;
  double top, bottom, left, right;
  gboolean full = text->style != NULL && text->style->full_category_labels;

  memset (frame, 0, sizeof *frame);
  frame->label_lines = label_lines;
  frame->horizontal = horizontal;
  frame->n_bands = n_bands;
  frame->format = format;
  frame->label_every = 1;

  top = IL_CHART_PAD + top_reserved;
  bottom = IL_CHART_PAD + lh * MAX (frame->label_lines, 1) + 6;

  if (!horizontal)
    {
      double plot_h;
      guint max_ticks;
      double min_label = 3 * lh;

      top += lh / 2;
      plot_h = MAX (1, height - top - bottom);
      max_ticks = (guint) CLAMP (plot_h / (lh * 2.2) + 1, 2, 11);
      if (log_scale && vmin > 0 && vmax >= vmin)
        il_axis_log_ticks (vmin, vmax, max_ticks, &frame->ticks);
      else
        il_axis_nice_ticks (vmin, vmax, max_ticks, include_zero, &frame->ticks);
      left = IL_CHART_PAD + max_tick_label_width (frame, text) + 6;
      right = IL_CHART_PAD + right_reserved;
      frame->x = left;
      frame->y = top;
      frame->width = MAX (1, width - left - right);
      frame->height = plot_h;
      frame->band = frame->width / MAX (n_bands, 1);
      if (frame->band < min_label)
        frame->label_every = (guint) ceil (min_label / frame->band);
      frame->label_width = frame->band * frame->label_every - 4;
      if (full && frame->label_every > 1)
        {
          /* a thinned set reads as the wrong names under the bars */
          frame->label_every = 0;
          frame->label_width = 0;
        }
      else if (full && labels != NULL && label_lines < 2)
        {
          double widest = 0;

          for (guint i = 0; i < n_bands; i++)
            widest = MAX (widest, il_chart_text_width (text, labels[i]));
          if (widest > frame->label_width)
            {
              /* names wrap onto a second line: lay the frame out again with it */
              frame_compute (frame, text, width, height, horizontal, n_bands, labels,
                             vmin, vmax, include_zero, log_scale, format,
                             top_reserved, right_reserved, 2);
              return;
            }
        }
    }
  else
    {
      double plot_h = MAX (1, height - top - bottom);
      double label_w = 0;
      double est, plot_w;
      guint max_ticks;
      char buf[64];

      frame->band = plot_h / MAX (n_bands, 1);
      if (frame->band < lh)
        frame->label_every = full ? 0 : (guint) ceil (lh / frame->band);
      if (labels != NULL && frame->label_every > 0)
        for (guint i = 0; i < n_bands; i += frame->label_every)
          label_w = MAX (label_w, il_chart_text_width (text, labels[i]));
      if (full)
        {
          /* names wider than their share wrap onto two lines where rows have the room */
          if (label_w > MAX (40, width * 0.4) && frame->band >= 2 * lh)
            frame->label_lines = 2;
          label_w = MIN (label_w, MAX (40, width * 0.4));
        }
      else
        label_w = MIN (label_w, MAX (40, width * 0.3));
      frame->label_width = label_w;
      left = IL_CHART_PAD + label_w + 6;

      il_value_format (format, MAX (fabs (vmin), fabs (vmax)), buf, sizeof buf);
      est = il_chart_text_width (text, buf);
      right = IL_CHART_PAD + right_reserved + est / 2;
      plot_w = MAX (1, width - left - right);
      max_ticks = (guint) CLAMP (plot_w / (est + 24) + 1, 2, 11);
      if (log_scale && vmin > 0 && vmax >= vmin)
        il_axis_log_ticks (vmin, vmax, max_ticks, &frame->ticks);
      else
        il_axis_nice_ticks (vmin, vmax, max_ticks, include_zero, &frame->ticks);

      frame->x = left;
      frame->y = top;
      frame->width = plot_w;
      frame->height = plot_h;
    }
}

void
_il_chart_frame_compute_full (IlChartFrame       *frame,
                              IlChartText        *text,
                              double              width,
                              double              height,
                              gboolean            horizontal,
                              guint               n_bands,
                              const char * const *labels,
                              double              vmin,
                              double              vmax,
                              gboolean            include_zero,
                              gboolean            log_scale,
                              IlValueFormat       format,
                              double              top_reserved,
                              double              right_reserved)
{
  frame_compute (frame, text, width, height, horizontal, n_bands, labels, vmin, vmax,
                 include_zero, log_scale, format, top_reserved, right_reserved, 1);
}

void
_il_chart_frame_draw_grid (const IlChartFrame *frame,
                           cairo_t            *cr,
                           IlChartText        *text,
                           const IlChartStyle *style)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  il_chart_set_color (cr, &style->grid);
  for (guint i = 0; i < frame->ticks.n; i++)
    {
      double p = il_chart_snap (il_chart_frame_value_pos (frame, il_axis_tick_value (&frame->ticks, i)));

      if (frame->horizontal)
        {
          cairo_move_to (cr, p, frame->y);
          cairo_line_to (cr, p, frame->y + frame->height);
        }
      else
        {
          cairo_move_to (cr, frame->x, p);
          cairo_line_to (cr, frame->x + frame->width, p);
        }
    }
  cairo_stroke (cr);

  /* the axis the bars stand on */
  il_chart_set_color (cr, &style->dim);
  if (frame->horizontal)
    {
      double p = il_chart_snap (frame->x);
      cairo_move_to (cr, p, frame->y);
      cairo_line_to (cr, p, frame->y + frame->height);
    }
  else
    {
      double p = il_chart_snap (frame->y + frame->height);
      cairo_move_to (cr, frame->x, p);
      cairo_line_to (cr, frame->x + frame->width, p);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; i < frame->ticks.n; i++)
    {
      double v = il_axis_tick_value (&frame->ticks, i);
      double p = il_chart_frame_value_pos (frame, v);
      char buf[64];

      il_chart_format_tick (style, frame->format, &frame->ticks, v, buf, sizeof buf);
      if (frame->horizontal)
        il_chart_text_draw (text, cr, buf, p, frame->y + frame->height + 4, 0, 0.5, 0, &style->dim);
      else
        il_chart_text_draw (text, cr, buf, frame->x - 6, p, 0, 1, 0.5, &style->dim);
    }
}

void
_il_chart_frame_draw_labels (const IlChartFrame *frame,
                             cairo_t            *cr,
                             IlChartText        *text,
                             const IlChartStyle *style,
                             const char * const *labels)
{
  if (labels == NULL || frame->label_every == 0)
    return;
  for (guint i = 0; i < frame->n_bands; i += frame->label_every)
    {
      double c = il_chart_frame_band_center (frame, i);

      if (frame->label_lines > 1 && frame->horizontal)
        il_chart_text_draw_lines (text, cr, labels[i], frame->x - 6, c, frame->label_width,
                                  MAX (1, (int) (frame->band / text->line_height)) >= 2 ? 2 : 1,
                                  1, 0.5, &style->foreground);
      else if (frame->label_lines > 1)
        il_chart_text_draw_lines (text, cr, labels[i], c, frame->y + frame->height + 4,
                                  frame->label_width, 2, 0.5, 0, &style->foreground);
      else if (frame->horizontal)
        il_chart_text_draw (text, cr, labels[i], frame->x - 6, c, frame->label_width, 1, 0.5,
                            &style->foreground);
      else
        il_chart_text_draw (text, cr, labels[i], c, frame->y + frame->height + 4,
                            frame->label_width, 0.5, 0, &style->foreground);
    }
}

/* ---- legends ------------------------------------------------------------ */

#define SWATCH 10.0

double
_il_chart_legend_width (IlChartText        *text,
                        guint               n,
                        const char * const *labels,
                        double              max_width)
{
  double w = 0;

  /* measuring hundreds of names buys nothing: they are ellipsized anyway */
  for (guint i = 0; i < MIN (n, 64u); i++)
    w = MAX (w, il_chart_text_width (text, labels[i]));
  return MIN (SWATCH + 6 + w, max_width);
}

int
_il_chart_legend (cairo_t            *cr,
                  IlChartText        *text,
                  const IlChartStyle *style,
                  double              x,
                  double              y,
                  double              width,
                  double              height,
                  guint               n,
                  const char * const *labels,
                  const IlColor      *colors,
                  const gboolean     *dimmed,
                  double              px,
                  double              py)
{
  double row = text->line_height + 4;
  guint max_rows = (guint) MAX (0, floor (height / row));
  guint shown = n <= max_rows ? n : (max_rows > 0 ? max_rows - 1 : 0);

  if (cr == NULL)
    {
      int i;

      if (px < x || px >= x + width || py < y)
        return -1;
      i = (int) floor ((py - y) / row);
      return (guint) i < shown ? i : -1;
    }

  for (guint i = 0; i < shown; i++)
    {
      double cy = y + row * (i + 0.5);
      gboolean dim = dimmed != NULL && dimmed[i];

      if (dim)
        {
          /* an outline: the entry is there to be turned back on */
          il_chart_set_color (cr, &colors[i]);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, round (x) + 0.5, round (cy - SWATCH / 2) + 0.5, SWATCH - 1, SWATCH - 1);
          cairo_stroke (cr);
        }
      else
        {
          il_chart_set_color (cr, &colors[i]);
          cairo_rectangle (cr, round (x), round (cy - SWATCH / 2), SWATCH, SWATCH);
          cairo_fill (cr);
        }
      il_chart_text_draw (text, cr, labels[i], x + SWATCH + 6, cy, width - SWATCH - 6, 0, 0.5,
                          dim ? &style->dim : &style->foreground);
    }
  if (shown < n && max_rows > 0)
    {
      g_autofree char *more = g_strdup_printf (_("+%u more"), n - shown);

      il_chart_text_draw (text, cr, more, x + SWATCH + 6, y + row * (shown + 0.5),
                          width - SWATCH - 6, 0, 0.5, &style->dim);
    }
  return -1;
}
