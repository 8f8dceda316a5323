/* il-matrix-chart.c: generic heatmap (rows x columns, sequential colours)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-chart-private.h"
#include "il-matrix-chart.h"

#define LEGEND_BAR 12.0

static gboolean
matrix_empty (const IlMatrixData *data)
{
  return data == NULL || data->n_rows == 0 || data->n_cols == 0 || data->values == NULL;
}

static void
col_label (const IlMatrixData *data,
           guint               c,
           char               *buf,
           gsize               size)
{
  if (data->col_labels != NULL)
    g_strlcpy (buf, data->col_labels[c], size);
  else
    g_snprintf (buf, size, "%d", data->col_first + (int) c);
}

/* Short cell text: whole milliseconds, seconds with one decimal. */
static void
cell_format (IlValueFormat  format,
             double         value,
             char          *buf,
             gsize          size)
{
  if (format == IL_VALUE_FORMAT_MS && fabs (value) < 999.5)
    il_format_ms (value, 0, buf, size);
  else if (format == IL_VALUE_FORMAT_MS)
    il_format_ms (value, fabs (value) < 99950 ? 1 : 0, buf, size);
  else
    il_value_format (format, value, buf, size);
}

/* The ends of the colour scale: values, or words when each row has its own. */
static void
legend_label (const IlMatrixData *data,
              const IlChartStyle *style,
              gboolean            high,
              double              value,
              char               *buf,
              gsize               size)
{
  if (data->row_scale)
    g_strlcpy (buf, high ? _("Row maximum") : _("Row minimum"), size);
  else
    il_chart_format_value (style, data->format, value, buf, size);
}

static void
row_range (const IlMatrixData *data,
           guint               r,
           double             *lo,
           double             *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint c = 0; c < data->n_cols; c++)
    {
      double v = data->values[r * data->n_cols + c];

      if (isfinite (v))
        {
          *lo = MIN (*lo, v);
          *hi = MAX (*hi, v);
        }
    }
}

static void
matrix_layout (const IlMatrixData *data,
               IlChartText        *text,
               double              width,
               double              height,
               IlMatrixLayout     *layout)
{
  double lh = text->line_height;
  gboolean full = text->style != NULL && text->style->full_category_labels;
  double label_w = 0, col_w = 0, legend_w;
  double plot_w, plot_h;
  gboolean any = FALSE;
  char buf[64];

  memset (layout, 0, sizeof *layout);
  layout->vmin = INFINITY;
  layout->vmax = -INFINITY;
  for (guint i = 0; i < data->n_rows * data->n_cols; i++)
    if (isfinite (data->values[i]))
      {
        layout->vmin = MIN (layout->vmin, data->values[i]);
        layout->vmax = MAX (layout->vmax, data->values[i]);
        any = TRUE;
      }
  if (!any)
    {
      layout->vmin = 0;
      layout->vmax = 1;
    }

  plot_h = MAX (1, height - 2 * IL_CHART_PAD - lh - 6);
  if (data->col_axis_title && data->col_title != NULL && *data->col_title)
    plot_h = MAX (1, plot_h - lh - 2);
  layout->cell_height = plot_h / data->n_rows;
  layout->row_label_every = layout->cell_height < lh ? (guint) ceil (lh / layout->cell_height) : 1;
  if (full && layout->row_label_every > 1)
    layout->row_label_every = 0;   /* every row named, or none: a thinned set misleads */
  for (guint r = 0; layout->row_label_every > 0 && r < data->n_rows; r += layout->row_label_every)
    label_w = MAX (label_w, il_chart_text_width (text, data->row_labels ? data->row_labels[r] : ""));
  layout->row_label_width = MIN (label_w, MAX (40, width * (full ? 0.4 : 0.3)));

  legend_label (data, text->style, TRUE, layout->vmax, buf, sizeof buf);
  legend_w = LEGEND_BAR + 6 + il_chart_text_width (text, buf);
  legend_label (data, text->style, FALSE, layout->vmin, buf, sizeof buf);
  legend_w = MAX (legend_w, LEGEND_BAR + 6 + il_chart_text_width (text, buf));

  layout->x = IL_CHART_PAD + layout->row_label_width + 6;
  layout->y = IL_CHART_PAD;
  plot_w = MAX (1, width - layout->x - legend_w - 3 * IL_CHART_PAD);
  layout->cell_width = plot_w / data->n_cols;

  for (guint c = 0; c < data->n_cols; c += MAX (1, data->n_cols / 8))
    {
      col_label (data, c, buf, sizeof buf);
      col_w = MAX (col_w, il_chart_text_width (text, buf));
    }
  layout->col_label_every = (guint) MAX (1, ceil ((col_w + 8) / layout->cell_width));

  layout->title_y = layout->y + plot_h + lh + 6;
  layout->legend_x = layout->x + plot_w + 2 * IL_CHART_PAD;
  layout->legend_y = layout->y;
  layout->legend_height = plot_h;
}

void
il_matrix_chart_get_layout (const IlMatrixData *data,
                            const IlChartStyle *style,
                            int                 width,
                            int                 height,
                            IlMatrixLayout     *layout)
{
  IlChartText text;

  g_return_if_fail (data != NULL && layout != NULL);
  if (matrix_empty (data))
    {
      memset (layout, 0, sizeof *layout);
      return;
    }
  il_chart_text_init (&text, style);
  matrix_layout (data, &text, width, height, layout);
  il_chart_text_clear (&text);
}

IlColor
il_matrix_chart_color (const IlMatrixLayout *layout,
                       double                value)
{
  double span = layout->vmax - layout->vmin;

  return _il_chart_sequential_color (span > 0 ? (value - layout->vmin) / span : 0.5);
}

IlColor
il_matrix_chart_cell_color (const IlMatrixData   *data,
                            const IlMatrixLayout *layout,
                            guint                 row,
                            guint                 col)
{
  double lo, hi, v;

  g_return_val_if_fail (data != NULL && layout != NULL, _il_chart_sequential_color (0));
  g_return_val_if_fail (row < data->n_rows && col < data->n_cols, _il_chart_sequential_color (0));
  v = data->values[row * data->n_cols + col];
  if (!data->row_scale)
    return il_matrix_chart_color (layout, v);
  row_range (data, row, &lo, &hi);
  return _il_chart_sequential_color (hi > lo ? (v - lo) / (hi - lo) : 0.5);
}

static void
matrix_draw (cairo_t            *cr,
             gconstpointer       user_data,
             const IlChartStyle *style,
             int                 width,
             int                 height)
{
  const IlMatrixData *data = user_data;
  IlChartText text;
  IlMatrixLayout l;
  double text_w;
  gboolean print_values;
  /* cell text follows the cell's colour, not the theme; the style may set both */
  static const IlColor default_on_light = { 0.118, 0.118, 0.118, 1 };
  static const IlColor default_on_dark = { 1, 1, 1, 1 };
  const IlColor *on_light = style->on_light.a > 0 ? &style->on_light : &default_on_light;
  const IlColor *on_dark = style->on_dark.a > 0 ? &style->on_dark : &default_on_dark;
  char buf[64];

  if (matrix_empty (data))
    {
      _il_chart_draw_empty (cr, style, width, height, NULL);
      return;
    }

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  matrix_layout (data, &text, width, height, &l);

  /* the widest label decides, once, whether values fit in the cells */
  il_chart_text_set_size (&text, 0.9, FALSE);
  cell_format (data->format, l.vmax, buf, sizeof buf);
  text_w = il_chart_text_width (&text, buf);
  cell_format (data->format, l.vmin, buf, sizeof buf);
  text_w = MAX (text_w, il_chart_text_width (&text, buf));
  print_values = l.cell_width >= text_w + 6 && l.cell_height >= text.line_height + 2;

  cairo_set_line_width (cr, 1);
  for (guint r = 0; r < data->n_rows; r++)
    {
      double y0 = round (l.y + r * l.cell_height);
      double y1 = round (l.y + (r + 1) * l.cell_height);
      double gap_y = y1 - y0 >= 4 ? 1 : 0;
      double row_lo = 0, row_hi = 0;

      if (data->row_scale)
        row_range (data, r, &row_lo, &row_hi);
      for (guint c = 0; c < data->n_cols; c++)
        {
          double v = data->values[r * data->n_cols + c];
          double x0 = round (l.x + c * l.cell_width);
          double x1 = round (l.x + (c + 1) * l.cell_width);
          double gap_x = x1 - x0 >= 4 ? 1 : 0;
          IlColor color;

          if (!isfinite (v))
            {
              /* empty: background with a thin outline, never a colour */
              if (x1 - x0 >= 4 && y1 - y0 >= 4)
                {
                  il_chart_set_color (cr, &style->grid);
                  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, x1 - x0 - gap_x - 1, y1 - y0 - gap_y - 1);
                  cairo_stroke (cr);
                }
              continue;
            }
          if (data->row_scale)
            color = _il_chart_sequential_color (row_hi > row_lo ? (v - row_lo) / (row_hi - row_lo) : 0.5);
          else
            color = il_matrix_chart_color (&l, v);
          il_chart_set_color (cr, &color);
          cairo_rectangle (cr, x0, y0, MAX (1, x1 - x0 - gap_x), MAX (1, y1 - y0 - gap_y));
          cairo_fill (cr);
          if (print_values)
            {
              cell_format (data->format, v, buf, sizeof buf);
              il_chart_text_draw (&text, cr, buf, (x0 + x1 - gap_x) / 2, (y0 + y1 - gap_y) / 2,
                                  x1 - x0 - 2, 0.5, 0.5,
                                  _il_color_luminance (&color) > 0.45 ? on_light : on_dark);
            }
        }
    }

  il_chart_text_set_size (&text, 1.0, FALSE);
  for (guint r = 0; l.row_label_every > 0 && r < data->n_rows; r += l.row_label_every)
    il_chart_text_draw (&text, cr, data->row_labels ? data->row_labels[r] : "",
                        l.x - 6, l.y + (r + 0.5) * l.cell_height, l.row_label_width, 1, 0.5,
                        &style->foreground);
  for (guint c = 0; c < data->n_cols; c += l.col_label_every)
    {
      col_label (data, c, buf, sizeof buf);
      il_chart_text_draw (&text, cr, buf, l.x + (c + 0.5) * l.cell_width,
                          l.y + data->n_rows * l.cell_height + 4, 0, 0.5, 0, &style->dim);
    }

  if (data->col_axis_title && data->col_title != NULL && *data->col_title)
    il_chart_text_draw (&text, cr, data->col_title, l.x + data->n_cols * l.cell_width / 2, l.title_y,
                        data->n_cols * l.cell_width, 0.5, 0, &style->foreground);

  /* colour scale: high at the top */
  {
    cairo_pattern_t *p = cairo_pattern_create_linear (0, l.legend_y + l.legend_height, 0, l.legend_y);

    for (guint i = 0; i <= 8; i++)
      {
        IlColor c = _il_chart_sequential_color (i / 8.0);
        cairo_pattern_add_color_stop_rgb (p, i / 8.0, c.r, c.g, c.b);
      }
    cairo_set_source (cr, p);
    cairo_rectangle (cr, round (l.legend_x), round (l.legend_y), LEGEND_BAR, round (l.legend_height));
    cairo_fill (cr);
    cairo_pattern_destroy (p);

    legend_label (data, style, TRUE, l.vmax, buf, sizeof buf);
    il_chart_text_draw (&text, cr, buf, l.legend_x + LEGEND_BAR + 6, l.legend_y, 0, 0, 0, &style->dim);
    legend_label (data, style, FALSE, l.vmin, buf, sizeof buf);
    il_chart_text_draw (&text, cr, buf, l.legend_x + LEGEND_BAR + 6, l.legend_y + l.legend_height,
                        0, 0, 1, &style->dim);
  }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
matrix_query (gconstpointer       user_data,
              const IlChartStyle *style,
              int                 width,
              int                 height,
              double              x,
              double              y)
{
  const IlMatrixData *data = user_data;
  g_autofree char *row = NULL;
  g_autofree char *title = NULL;
  IlMatrixLayout l;
  GString *s;
  char col[64], value[64];
  int r, c;
  double v;

  if (matrix_empty (data))
    return NULL;
  il_matrix_chart_get_layout (data, style, width, height, &l);
  if (x < l.x || y < l.y)
    return NULL;
  c = (int) floor ((x - l.x) / l.cell_width);
  r = (int) floor ((y - l.y) / l.cell_height);
  if (c < 0 || r < 0 || (guint) c >= data->n_cols || (guint) r >= data->n_rows)
    return NULL;

  row = g_markup_escape_text (data->row_labels ? data->row_labels[r] : "", -1);
  col_label (data, c, col, sizeof col);
  title = g_markup_escape_text (data->col_title ? data->col_title : "", -1);
  s = g_string_new (NULL);
  g_string_append_printf (s, "<b>%s</b>\n%s%s%s", row, title, *title ? " " : "", col);
  v = data->values[r * data->n_cols + c];
  if (!isfinite (v))
    g_string_append_printf (s, "\n%s", _("No rows"));
  else
    {
      il_chart_format_tooltip (style, data->format, v, value, sizeof value);
      g_string_append_printf (s, "\n%s", value);
      if (data->counts != NULL)
        {
          char n[64];

          il_format_count (data->counts[r * data->n_cols + c], n, sizeof n);
          g_string_append_printf (s, "\nn = %s", n);
        }
    }
  return g_string_free (s, FALSE);
}

const IlChartClass il_matrix_chart = { "matrix", matrix_draw, matrix_query };
