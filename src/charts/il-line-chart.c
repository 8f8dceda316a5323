/* il-line-chart.c: generic line charts (time, numeric or categorical x)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-chart-private.h"
#include "il-line-chart.h"
#include "il-line-chart-private.h"

#define MAX_TOOLTIP_LINES 12

static gboolean
line_data_empty (const IlLineSeriesData *data)
{
  if (data == NULL || data->n_points == 0 || data->n_series == 0 || data->series == NULL)
    return TRUE;
  if (data->x == NULL && data->x_labels == NULL)
    return TRUE;
  for (guint s = 0; s < data->n_series; s++)
    for (guint i = 0; i < data->n_points; i++)
      if (isfinite (data->series[s].y[i]))
        return FALSE;
  return TRUE;
}

static void
line_layout (const IlLineSeriesData *data,
             IlChartText            *text,
             double                  width,
             double                  height,
             IlLineChartLayout      *layout)
{
  double lo = 0, hi = 0, lo_pos = INFINITY;
  double right = 0;

  memset (layout, 0, sizeof *layout);
  for (guint s = 0; s < data->n_series; s++)
    for (guint i = 0; i < data->n_points && !series_hidden (data, s); i++)
      {
        double v = data->series[s].y[i];

        if (isfinite (v))
          {
            lo = MIN (lo, v);
            hi = MAX (hi, v);
            if (v > 0)
              lo_pos = MIN (lo_pos, v);
          }
      }
  for (guint t = 0; t < data->n_targets; t++)
    if (data->targets[t].series < data->n_series && !series_hidden (data, data->targets[t].series)
        && isfinite (data->targets[t].value))
      hi = MAX (hi, data->targets[t].value);
  if (data->y_clip > 0 && hi > data->y_clip)
    hi = data->y_clip;

  if (data->n_series > 1)
    {
      g_autofree const char **names = g_new (const char *, MIN (data->n_series, 64u));

      for (guint s = 0; s < MIN (data->n_series, 64u); s++)
        names[s] = data->series[s].name ? data->series[s].name : "";
      layout->legend = TRUE;
      layout->legend_width = _il_chart_legend_width (text, MIN (data->n_series, 64u), names, width * 0.25);
      right = layout->legend_width + 12;
    }

  if (data->log_y && isfinite (lo_pos) && hi >= lo_pos)
    _il_chart_frame_compute_full (&layout->frame, text, width, height, FALSE,
                                  data->x_labels ? data->n_points : 1, NULL,
                                  lo_pos, hi, FALSE, TRUE, data->y_format, 0, right);
  else
    _il_chart_frame_compute (&layout->frame, text, width, height, FALSE,
                             data->x_labels ? data->n_points : 1, NULL,
                             lo, hi, TRUE, data->y_format, 0, right);
  layout->legend_x = layout->frame.x + layout->frame.width + 12;
  layout->legend_y = layout->frame.y;
  layout->legend_height = layout->frame.height;

  if (data->x_labels == NULL)
    {
      if (data->x_min < data->x_max)
        {
          layout->x_min = data->x_min;
          layout->x_max = data->x_max;
        }
      else
        {
          layout->x_min = data->x[0];
          layout->x_max = data->x[data->n_points - 1];
          if (!data->x_is_time && layout->x_max > layout->x_min)
            {
              /* room for the markers at both ends */
              double pad = (layout->x_max - layout->x_min) * 0.03;

              layout->x_min -= pad;
              layout->x_max += pad;
            }
        }
      if (!(layout->x_max > layout->x_min))
        {
          double pad = data->x_is_time ? 1800.0 * G_USEC_PER_SEC : 0.5;

          layout->x_min -= pad;
          layout->x_max += pad;
        }
    }
}

void
il_line_chart_get_layout (const IlLineSeriesData *data,
                          const IlChartStyle     *style,
                          int                     width,
                          int                     height,
                          IlLineChartLayout      *layout)
{
  IlChartText text;

  g_return_if_fail (data != NULL && layout != NULL);
  if (line_data_empty (data))
    {
      memset (layout, 0, sizeof *layout);
      return;
    }
  il_chart_text_init (&text, style);
  line_layout (data, &text, width, height, layout);
  il_chart_text_clear (&text);
}

double
il_line_chart_x_pos (const IlLineSeriesData  *data,
                     const IlLineChartLayout *layout,
                     guint                    i)
{
  if (data->x_labels != NULL)
    return il_chart_frame_band_center (&layout->frame, i);
  return layout->frame.x
         + (data->x[i] - layout->x_min) / (layout->x_max - layout->x_min) * layout->frame.width;
}

static void
draw_x_axis (const IlLineSeriesData  *data,
             const IlLineChartLayout *layout,
             cairo_t                 *cr,
             IlChartText             *text,
             const IlChartStyle      *style)
{
  const IlChartFrame *f = &layout->frame;
  double label_y = f->y + f->height + 4;
  char buf[64];

  if (data->x_labels != NULL)
    {
      _il_chart_frame_draw_labels (f, cr, text, style, data->x_labels);
      return;
    }

  if (data->x_is_time)
    {
      IlTimeTicks tt;
      double est = il_chart_text_width (text, "Nov 30") + 24;

      il_axis_time_ticks ((gint64) layout->x_min, (gint64) layout->x_max,
                          (guint) CLAMP (f->width / est, 2, IL_AXIS_MAX_TICKS),
                          data->local_time, &tt);
      for (guint i = 0; i < tt.n; i++)
        {
          double px = f->x + (tt.values[i] - layout->x_min) / (layout->x_max - layout->x_min) * f->width;

          il_axis_time_label (&tt, tt.values[i], buf, sizeof buf);
          il_chart_text_draw (text, cr, buf, px, label_y, 0, 0.5, 0, &style->dim);
        }
    }
  else
    {
      IlAxisTicks xt;
      double est;

      il_value_format (data->x_format, layout->x_max, buf, sizeof buf);
      est = il_chart_text_width (text, buf) + 24;
      il_axis_nice_ticks (layout->x_min, layout->x_max, (guint) CLAMP (f->width / est + 1, 2, 11),
                          FALSE, &xt);
      for (guint i = 0; i < xt.n; i++)
        {
          double v = il_axis_tick_value (&xt, i);
          double px;

          if (v < layout->x_min - 1e-9 || v > layout->x_max + 1e-9)
            continue;
          px = f->x + (v - layout->x_min) / (layout->x_max - layout->x_min) * f->width;
          il_chart_format_tick (style, data->x_format, &xt, v, buf, sizeof buf);
          il_chart_text_draw (text, cr, buf, px, label_y, 0, 0.5, 0, &style->dim);
        }
    }
}

/* cairo composites a stroke or fill over its whole bounding box: a line
 * across the plot in one piece costs as much as painting the plot. Pieces
 * of CHUNK px keep each operation small (120 px measured best). */
#define CHUNK 120.0

typedef struct
{
  cairo_t  *cr;
  gboolean  in_run;
  guint     run_len;
  double    chunk_x0;
  double    last_x, last_y;
} Pen;

static void
pen_point (Pen    *pen,
           double  x,
           double  y)
{
  if (!pen->in_run)
    {
      cairo_move_to (pen->cr, x, y);
      pen->chunk_x0 = x;
      pen->in_run = TRUE;
      pen->run_len = 1;
    }
  else
    {
      cairo_line_to (pen->cr, x, y);
      pen->run_len++;
      if (x - pen->chunk_x0 > CHUNK)
        {
          cairo_stroke (pen->cr);
          cairo_move_to (pen->cr, x, y);
          pen->chunk_x0 = x;
        }
    }
  pen->last_x = x;
  pen->last_y = y;
}

static void
pen_break (Pen *pen)
{
  if (!pen->in_run)
    return;
  if (pen->run_len == 1)
    {
      /* a lone point between gaps: a line cannot show it, a dot does */
      cairo_new_path (pen->cr);
      cairo_arc (pen->cr, pen->last_x, pen->last_y, 3, 0, 2 * G_PI);
      cairo_fill (pen->cr);
    }
  else
    cairo_stroke (pen->cr);
  pen->in_run = FALSE;
}

/* More points than anyone can read: one thin line through the means of
 * max_points even groups of points (a group's NANs are skipped; a group of
 * NANs only breaks the line). */
static void
draw_capped_series (cairo_t                 *cr,
                    const IlLineSeriesData  *data,
                    const IlLineChartLayout *layout,
                    const double            *y)
{
  const IlChartFrame *f = &layout->frame;
  Pen pen = { cr, FALSE, 0, 0, 0, 0 };
  guint groups = data->max_points;

  cairo_new_path (cr);
  for (guint g = 0; g < groups; g++)
    {
      guint i0 = (guint) ((guint64) g * data->n_points / groups);
      guint i1 = (guint) ((guint64) (g + 1) * data->n_points / groups);
      double sx = 0, sy = 0;
      guint n = 0;

      for (guint i = i0; i < i1; i++)
        if (isfinite (y[i]))
          {
            sx += il_line_chart_x_pos (data, layout, i);
            sy += y[i];
            n++;
          }
      if (n == 0)
        pen_break (&pen);
      else
        pen_point (&pen, sx / n, il_chart_frame_value_pos (f, sy / n));
    }
  pen_break (&pen);
}

/* Draws one series as a polyline, in pieces, with dots for lone points. */
static void
draw_series (cairo_t                 *cr,
             const IlLineSeriesData  *data,
             const IlLineChartLayout *layout,
             const double            *y)
{
  const IlChartFrame *f = &layout->frame;
  Pen pen = { cr, FALSE, 0, 0, 0, 0 };
  double mx0 = -INFINITY;

  if (_il_line_chart_is_dense (data, layout))
    {
      _il_line_chart_draw_dense_series (cr, data, layout, y);
      return;
    }

  cairo_new_path (cr);
  for (guint i = 0; i < data->n_points; i++)
    {
      if (!isfinite (y[i]))
        {
          pen_break (&pen);
          continue;
        }
      pen_point (&pen, il_line_chart_x_pos (data, layout, i), il_chart_frame_value_pos (f, y[i]));
    }
  pen_break (&pen);

  if (!data->markers)
    return;
  cairo_new_path (cr);
  for (guint i = 0; i < data->n_points; i++)
    {
      double px;

      if (!isfinite (y[i]))
        continue;
      px = il_line_chart_x_pos (data, layout, i);
      if (px - mx0 > CHUNK)
        {
          cairo_fill (cr);
          mx0 = px;
        }
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, il_chart_frame_value_pos (f, y[i]), 3, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

/* The values of series s, those past the clip held at it (into buf) so that
 * the line runs to the mark on the top edge. */
static const double *
clamped_y (const IlLineSeriesData *data,
           guint                   s,
           double                 *buf)
{
  const double *y = data->series[s].y;

  if (buf == NULL)
    return y;
  for (guint i = 0; i < data->n_points; i++)
    buf[i] = y[i] > data->y_clip ? data->y_clip : y[i];
  return buf;
}

/* An upward triangle on the top edge above every point past the clip. */
static void
draw_clip_marks (cairo_t                 *cr,
                 const IlLineSeriesData  *data,
                 const IlLineChartLayout *layout,
                 const IlChartStyle      *style)
{
  const IlChartFrame *f = &layout->frame;

  for (guint s = 0; s < data->n_series; s++)
    {
      if (series_hidden (data, s))
        continue;
      cairo_new_path (cr);
      for (guint i = 0; i < data->n_points; i++)
        {
          double px;

          if (!(data->series[s].y[i] > data->y_clip))
            continue;
          px = il_line_chart_x_pos (data, layout, i);
          cairo_move_to (cr, px, f->y - 1);
          cairo_line_to (cr, px + 5, f->y + 7);
          cairo_line_to (cr, px - 5, f->y + 7);
          cairo_close_path (cr);
        }
      il_chart_set_color (cr, series_color (data, style, s));
      cairo_fill (cr);
    }
}

/* Each target: a dashed line in its series' colour with its value at the
 * right end, and a ring in the error colour on every point that breached it. */
static void
draw_targets (cairo_t                 *cr,
              const IlLineSeriesData  *data,
              const IlLineChartLayout *layout,
              IlChartText             *text,
              const IlChartStyle      *style)
{
  const IlChartFrame *f = &layout->frame;
  static const double dash[] = { 6, 4 };

  for (guint t = 0; t < data->n_targets; t++)
    {
      const IlChartTarget *target = &data->targets[t];
      const double *y;
      char label[64];
      double py;

      if (target->series >= data->n_series || series_hidden (data, target->series)
          || !isfinite (target->value))
        continue;
      if (data->y_clip > 0 && target->value > data->y_clip)
        continue;
      py = il_chart_snap (il_chart_frame_value_pos (f, target->value));
      cairo_save (cr);
      il_chart_set_color (cr, series_color (data, style, target->series));
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, f->x, py);
      cairo_line_to (cr, f->x + f->width, py);
      cairo_stroke (cr);
      cairo_restore (cr);
      il_value_format (data->y_format, target->value, label, sizeof label);
      il_chart_text_draw (text, cr, label, f->x + f->width - 4, py - 2, 0, 1.0, 1.0,
                          series_color (data, style, target->series));

      if (target->breached_points == NULL)
        continue;
      y = data->series[target->series].y;
      cairo_save (cr);
      il_chart_set_color (cr, &style->error);
      cairo_set_line_width (cr, 2);
      cairo_new_path (cr);
      for (guint i = 0; i < data->n_points; i++)
        {
          double px;

          if (!target->breached_points[i] || !isfinite (y[i]))
            continue;
          px = il_line_chart_x_pos (data, layout, i);
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, il_chart_frame_value_pos (f, data->y_clip > 0 ? MIN (y[i], data->y_clip) : y[i]),
                     6, 0, 2 * G_PI);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
line_draw (cairo_t            *cr,
           gconstpointer       user_data,
           const IlChartStyle *style,
           int                 width,
           int                 height)
{
  const IlLineSeriesData *data = user_data;
  IlChartText text;
  IlLineChartLayout layout;
  const IlChartFrame *f = &layout.frame;
  g_autofree double *clamped = NULL;

  if (line_data_empty (data))
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }
  if (data->y_clip > 0)
    clamped = g_new (double, data->n_points);

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  line_layout (data, &text, width, height, &layout);
  _il_chart_frame_draw_grid (f, cr, &text, style);
  draw_x_axis (data, &layout, cr, &text, style);

  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_save (cr);
  if (data->y_clip > 0)
    {
      /* the axis ends at the clip: lines leave the plot through its top edge */
      cairo_rectangle (cr, f->x - 4, f->y - 1, f->width + 8, f->height + 5);
      cairo_clip (cr);
    }
  if (data->max_points > 0 && data->n_points > data->max_points && data->x_labels == NULL)
    {
      cairo_set_line_width (cr, 1);
      for (guint s = 0; s < data->n_series; s++)
        if (!series_hidden (data, s))
          {
            il_chart_set_color (cr, series_color (data, style, s));
            draw_capped_series (cr, data, &layout, clamped_y (data, s, clamped));
          }
    }
  else if (!_il_line_chart_is_dense (data, &layout)
           || !_il_line_chart_draw_dense_raster (cr, data, &layout, style))
    for (guint s = 0; s < data->n_series; s++)
      if (!series_hidden (data, s))
        {
          il_chart_set_color (cr, series_color (data, style, s));
          draw_series (cr, data, &layout, clamped_y (data, s, clamped));
        }
  cairo_restore (cr);
  if (data->y_clip > 0 && !_il_line_chart_is_dense (data, &layout))
    draw_clip_marks (cr, data, &layout, style);
  draw_targets (cr, data, &layout, &text, style);

  if (layout.legend)
    {
      guint n = data->n_series;
      g_autofree const char **names = g_new (const char *, n);
      g_autofree IlColor *colors = g_new (IlColor, n);

      for (guint s = 0; s < n; s++)
        {
          names[s] = data->series[s].name ? data->series[s].name : "";
          colors[s] = *series_color (data, style, s);
        }
      _il_chart_legend (cr, &text, style, layout.legend_x, layout.legend_y, layout.legend_width,
                        layout.legend_height, n, names, colors, data->hidden, 0, 0);
    }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static int
nearest_point (const IlLineSeriesData  *data,
               const IlLineChartLayout *layout,
               double                   x)
{
  guint lo = 0, hi = data->n_points - 1;

  if (data->x_labels != NULL)
    {
      double b = layout->frame.band;
      int i = (int) floor ((x - layout->frame.x) / b);
      return CLAMP (i, 0, (int) data->n_points - 1);
    }
  /* x ascending: binary search, then the closer neighbour */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (il_line_chart_x_pos (data, layout, mid) < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0 && fabs (il_line_chart_x_pos (data, layout, lo - 1) - x) <= fabs (il_line_chart_x_pos (data, layout, lo) - x))
    lo--;
  return lo;
}

static char *
line_query (gconstpointer       user_data,
            const IlChartStyle *style,
            int                 width,
            int                 height,
            double              x,
            double              y)
{
  const IlLineSeriesData *data = user_data;
  IlLineChartLayout layout;
  const IlChartFrame *f = &layout.frame;
  GString *s;
  guint shown = 0, hidden = 0;
  int i;

  if (line_data_empty (data))
    return NULL;
  il_line_chart_get_layout (data, style, width, height, &layout);
  if (x < f->x - 4 || x > f->x + f->width + 4 || y < f->y || y > f->y + f->height)
    return NULL;
  i = nearest_point (data, &layout, x);

  s = g_string_new ("<b>");
  if (data->x_labels != NULL)
    {
      g_autofree char *label = g_markup_escape_text (data->x_labels[i], -1);
      g_string_append (s, label);
    }
  else if (data->x_is_time)
    {
      gint64 us = (gint64) data->x[i];
      g_autoptr(GDateTime) dt = data->local_time ? g_date_time_new_from_unix_local (us / G_USEC_PER_SEC)
                                                 : g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      g_autofree char *when = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : NULL;

      g_string_append (s, when ? when : "");
      if (!data->local_time)
        g_string_append (s, " UTC");
    }
  else
    {
      char buf[64];

      il_chart_format_value (style, data->x_format, data->x[i], buf, sizeof buf);
      if (data->x_title)
        {
          g_autofree char *title = g_markup_escape_text (data->x_title, -1);
          g_string_append_printf (s, "%s ", title);
        }
      g_string_append (s, buf);
    }
  g_string_append (s, "</b>");

  for (guint k = 0; k < data->n_series; k++)
    {
      double v = data->series[k].y[i];
      const IlColor *c = series_color (data, style, k);
      g_autofree char *name = NULL;
      char buf[64];

      if (!isfinite (v) || series_hidden (data, k))
        continue;
      if (shown == MAX_TOOLTIP_LINES)
        {
          hidden++;
          continue;
        }
      shown++;
      name = g_markup_escape_text (data->series[k].name ? data->series[k].name : "", -1);
      il_chart_format_tooltip (style, data->y_format, v, buf, sizeof buf);
      g_string_append_printf (s, "\n<span foreground=\"#%02x%02x%02x\">\342\227\217</span> %s%s%s",
                              (int) round (c->r * 255), (int) round (c->g * 255), (int) round (c->b * 255),
                              name, *name ? " " : "", buf);
    }
  if (hidden > 0)
    g_string_append_printf (s, "\n%s", _("…"));
  if (shown == 0)
    g_string_append_printf (s, "\n%s", _("No data"));
  return g_string_free (s, FALSE);
}

int
il_line_chart_legend_at (const IlLineSeriesData *data,
                         const IlChartStyle     *style,
                         int                     width,
                         int                     height,
                         double                  x,
                         double                  y)
{
  g_autofree const char **names = NULL;
  IlLineChartLayout layout;
  IlChartText text;
  int hit;

  g_return_val_if_fail (data != NULL, -1);
  if (line_data_empty (data))
    return -1;
  il_chart_text_init (&text, style);
  line_layout (data, &text, width, height, &layout);
  if (!layout.legend)
    {
      il_chart_text_clear (&text);
      return -1;
    }
  names = g_new (const char *, data->n_series);
  for (guint s = 0; s < data->n_series; s++)
    names[s] = data->series[s].name ? data->series[s].name : "";
  hit = _il_chart_legend (NULL, &text, style, layout.legend_x, layout.legend_y, layout.legend_width,
                          layout.legend_height, data->n_series, names, NULL, NULL, x, y);
  il_chart_text_clear (&text);
  return hit;
}

const IlChartClass il_line_chart = { "lines", line_draw, line_query };
