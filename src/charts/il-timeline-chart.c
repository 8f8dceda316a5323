/* il-timeline-chart.c: a session's rows on a time axis, and its waterfall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-chart-private.h"
#include "il-timeline-chart.h"

#define ROW_HEIGHT 22.0
#define MAX_MEASURED 500

static gboolean
session_empty (const IlSessionChartData *data)
{
  return data == NULL || data->store == NULL || data->detail == NULL || data->detail->n_rows == 0
         || data->detail->rows == NULL;
}

static const char *
empty_message (const IlSessionChartData *data)
{
  if (data == NULL || data->detail == NULL)
    return _("No session selected");
  return NULL;
}

static double
axis_top (IlChartText *text)
{
  return IL_CHART_PAD + text->line_height + 6;
}

static void
timeline_layout (const IlSessionChartData *data,
                 IlChartText              *text,
                 double                    width,
                 double                    height,
                 IlTimelineLayout         *l)
{
  const IlSessionDetail *d = data->detail;
  const IlRowStore *store = data->store;
  gint32 max_turn = 0;
  double label_w = 0, avail, est, span;
  gboolean full = text->style != NULL && text->style->full_category_labels;
  g_autofree char *turn = NULL;
  char buf[64];

  memset (l, 0, sizeof *l);
  for (guint i = 0; i < d->n_rows; i++)
    {
      guint row = d->rows[i];

      max_turn = MAX (max_turn, ABS (store->turn_number[row]));
      if (i < MAX_MEASURED)
        label_w = MAX (label_w, il_chart_text_width (text, il_row_store_get_step_name (store, row)));
    }
  turn = g_strdup_printf (_("Turn %d"), max_turn);
  l->turn_width = il_chart_text_width (text, turn);
  l->label_width = MIN (label_w, MAX (40, width * (full ? 0.4 : 0.25)));

  l->y = axis_top (text);
  avail = MAX (1, height - l->y - IL_CHART_PAD);
  l->row_height = MIN (ROW_HEIGHT, avail / d->n_rows);
  if (full && l->row_height < text->line_height)
    l->label_width = 0;   /* a name on every row or on none: a thinned set misleads */
  l->height = l->row_height * d->n_rows;

  span = MAX (0, (double) (d->end - d->start) / G_USEC_PER_SEC);
  l->x = IL_CHART_PAD + l->turn_width + 8 + l->label_width + 8;
  il_format_seconds (MAX (span, 1), 1, buf, sizeof buf);
  est = il_chart_text_width (text, buf);
  l->width = MAX (1, width - l->x - IL_CHART_PAD - est / 2);
  il_axis_nice_ticks (0, span > 0 ? span : 1, (guint) CLAMP (l->width / (est + 30) + 1, 2, 11),
                      TRUE, &l->ticks);
  /* the axis ends on a nice tick */
  l->seconds = l->ticks.max;
}

int
il_timeline_chart_get_natural_height (const IlSessionChartData *data,
                                      const IlChartStyle       *style)
{
  /* Asked on every session shown, from the main thread: the axis's height
   * of the last font is kept, finding it takes a font lookup (~2 ms). */
  static char *last_family;
  static double last_size = -1;
  static double last_top;
  double top;

  g_return_val_if_fail (style != NULL, 0);
  if (style->font_size == last_size && g_strcmp0 (style->font_family, last_family) == 0)
    top = last_top;
  else
    {
      IlChartText text;

      il_chart_text_init (&text, style);
      top = axis_top (&text);
      il_chart_text_clear (&text);
      g_free (last_family);
      last_family = g_strdup (style->font_family);
      last_size = style->font_size;
      last_top = top;
    }
  if (session_empty (data))
    return (int) ceil (top + ROW_HEIGHT * 4 + IL_CHART_PAD);
  return (int) ceil (top + ROW_HEIGHT * data->detail->n_rows + IL_CHART_PAD);
}

void
il_timeline_chart_get_layout (const IlSessionChartData *data,
                              const IlChartStyle       *style,
                              int                       width,
                              int                       height,
                              IlTimelineLayout         *layout)
{
  IlChartText text;

  g_return_if_fail (layout != NULL);
  if (session_empty (data))
    {
      memset (layout, 0, sizeof *layout);
      return;
    }
  il_chart_text_init (&text, style);
  timeline_layout (data, &text, width, height, layout);
  il_chart_text_clear (&text);
}

double
il_timeline_chart_x_for_time (const IlSessionChartData *data,
                              const IlTimelineLayout   *l,
                              gint64                    time_us)
{
  double s = (double) (time_us - data->detail->start) / G_USEC_PER_SEC;

  return l->x + s / l->seconds * l->width;
}

double
il_timeline_chart_row_y (const IlTimelineLayout *l,
                         guint                   i)
{
  return l->y + (i + 0.5) * l->row_height;
}

static void
timeline_draw (cairo_t            *cr,
               gconstpointer       user_data,
               const IlChartStyle *style,
               int                 width,
               int                 height)
{
  const IlSessionChartData *data = user_data;
  const IlSessionDetail *d;
  const IlRowStore *store;
  IlChartText text;
  IlTimelineLayout l;
  double bar_h, last_turn_label = -INFINITY, last_step_label = -INFINITY;
  char buf[64];

  if (session_empty (data))
    {
      _il_chart_draw_empty (cr, style, width, height, empty_message (data));
      return;
    }
  d = data->detail;
  store = data->store;

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  timeline_layout (data, &text, width, height, &l);

  /* time grid and labels on top, so they stay visible in a scrolled window */
  cairo_set_line_width (cr, 1);
  il_chart_set_color (cr, &style->grid);
  for (guint i = 0; i < l.ticks.n; i++)
    {
      double px = il_chart_snap (l.x + il_axis_fraction (&l.ticks, il_axis_tick_value (&l.ticks, i)) * l.width);

      cairo_move_to (cr, px, l.y);
      cairo_line_to (cr, px, l.y + l.height);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < l.ticks.n; i++)
    {
      double v = il_axis_tick_value (&l.ticks, i);

      il_format_seconds (v, l.ticks.decimals, buf, sizeof buf);
      il_chart_text_draw (&text, cr, buf, l.x + il_axis_fraction (&l.ticks, v) * l.width,
                          IL_CHART_PAD, 0, 0.5, 0, &style->dim);
    }

  bar_h = MAX (1, round (l.row_height * 0.7));
  for (guint i = 0; i < d->n_rows; i++)
    {
      guint row = d->rows[i];
      double cy = il_timeline_chart_row_y (&l, i);
      double x0 = il_timeline_chart_x_for_time (data, &l, store->started_at[row]);
      double x1 = il_timeline_chart_x_for_time (data, &l, store->completed_at[row]);
      gboolean new_turn = i == 0 || store->turn_number[row] != store->turn_number[d->rows[i - 1]];

      if (new_turn && i > 0)
        {
          double sy = il_chart_snap (l.y + i * l.row_height);

          il_chart_set_color (cr, &style->dim);
          cairo_move_to (cr, IL_CHART_PAD, sy);
          cairo_line_to (cr, l.x + l.width, sy);
          cairo_stroke (cr);
        }
      if (new_turn && cy - last_turn_label >= text.line_height)
        {
          g_autofree char *turn = g_strdup_printf (_("Turn %d"), store->turn_number[row]);

          il_chart_text_draw (&text, cr, turn, IL_CHART_PAD, cy, l.turn_width + 4, 0, 0.5, &style->dim);
          last_turn_label = cy;
        }
      if (l.label_width > 0 && cy - last_step_label >= text.line_height)
        {
          il_chart_text_draw (&text, cr, il_row_store_get_step_name (store, row),
                              l.x - 8, cy, l.label_width, 1, 0.5, &style->foreground);
          last_step_label = cy;
        }

      if (x1 < x0)
        {
          double t = x0;
          x0 = x1;
          x1 = t;
        }
      x0 = round (x0);
      x1 = MAX (x0 + 1, round (x1));
      il_chart_set_color (cr, _il_chart_status_color (style, il_row_store_get_status (store, row)));
      cairo_rectangle (cr, x0, round (cy - bar_h / 2), x1 - x0, bar_h);
      cairo_fill (cr);
    }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
timeline_query (gconstpointer       user_data,
                const IlChartStyle *style,
                int                 width,
                int                 height,
                double              x,
                double              y)
{
  const IlSessionChartData *data = user_data;
  const IlRowStore *store;
  IlTimelineLayout l;
  g_autofree char *step = NULL;
  g_autofree char *status = NULL;
  GString *s;
  const char *message;
  char a[64], b[64], lat[64];
  guint row;
  int i;

  if (session_empty (data))
    return NULL;
  il_timeline_chart_get_layout (data, style, width, height, &l);
  if (y < l.y || y >= l.y + l.height || x < IL_CHART_PAD || x > l.x + l.width)
    return NULL;
  i = (int) floor ((y - l.y) / l.row_height);
  if (i < 0 || (guint) i >= data->detail->n_rows)
    return NULL;
  store = data->store;
  row = data->detail->rows[i];

  step = g_markup_escape_text (il_row_store_get_step_name (store, row), -1);
  status = g_markup_escape_text (il_row_store_get_status (store, row), -1);
  il_format_seconds ((double) (store->started_at[row] - data->detail->start) / G_USEC_PER_SEC, 3, a, sizeof a);
  il_format_seconds ((double) (store->completed_at[row] - data->detail->start) / G_USEC_PER_SEC, 3, b, sizeof b);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, store->latency_ms[row], lat, sizeof lat);
  s = g_string_new (NULL);
  g_string_append_printf (s, "<b>%s</b>\n%s %d · %s\n+%s → +%s\n%s %s", step, _("Turn"),
                          store->turn_number[row], status, a, b, _("latency"), lat);
  message = il_row_store_get_error_message (store, row);
  if (message != NULL)
    {
      g_autofree char *shortened = g_utf8_substring (message, 0, MIN (g_utf8_strlen (message, -1), 200));
      g_autofree char *escaped = g_markup_escape_text (shortened, -1);

      g_string_append_printf (s, "\n%s", escaped);
    }
  return g_string_free (s, FALSE);
}

const IlChartClass il_timeline_chart = { "timeline", timeline_draw, timeline_query };

/* ---- waterfall -------------------------------------------------------------- */

static const char **
row_labels (const IlSessionChartData *data)
{
  const char **labels = g_new (const char *, data->detail->n_rows);

  for (guint i = 0; i < data->detail->n_rows; i++)
    labels[i] = il_row_store_get_step_name (data->store, data->detail->rows[i]);
  return labels;
}

static void
waterfall_layout (const IlSessionChartData *data,
                  IlChartText              *text,
                  double                    width,
                  double                    height,
                  const char * const       *labels,
                  IlChartFrame             *frame)
{
  const IlSessionDetail *d = data->detail;
  double total = d->cumulative_ms ? d->cumulative_ms[d->n_rows - 1] : d->total_latency_ms;

  _il_chart_frame_compute (frame, text, width, height, TRUE, d->n_rows, labels,
                           0, isfinite (total) ? total : 0, TRUE, IL_VALUE_FORMAT_MS, 0, 0);
}

void
il_waterfall_chart_get_frame (const IlSessionChartData *data,
                              const IlChartStyle       *style,
                              int                       width,
                              int                       height,
                              IlChartFrame             *frame)
{
  IlChartText text;
  g_autofree const char **labels = NULL;

  g_return_if_fail (frame != NULL);
  if (session_empty (data))
    {
      memset (frame, 0, sizeof *frame);
      return;
    }
  il_chart_text_init (&text, style);
  labels = row_labels (data);
  waterfall_layout (data, &text, width, height, labels, frame);
  il_chart_text_clear (&text);
}

static void
waterfall_draw (cairo_t            *cr,
                gconstpointer       user_data,
                const IlChartStyle *style,
                int                 width,
                int                 height)
{
  const IlSessionChartData *data = user_data;
  const IlSessionDetail *d;
  g_autofree const char **labels = NULL;
  IlChartText text;
  IlChartFrame f;
  double prev = 0, thick;

  if (session_empty (data) || data->detail->cumulative_ms == NULL)
    {
      _il_chart_draw_empty (cr, style, width, height, empty_message (data));
      return;
    }
  d = data->detail;

  cairo_save (cr);
  _il_chart_paint_background (cr, style, width, height);
  il_chart_text_init (&text, style);
  labels = row_labels (data);
  waterfall_layout (data, &text, width, height, labels, &f);
  _il_chart_frame_draw_grid (&f, cr, &text, style);
  _il_chart_frame_draw_labels (&f, cr, &text, style, labels);

  thick = MAX (1, round (MIN (f.band * 0.7, 24)));
  for (guint i = 0; i < d->n_rows; i++)
    {
      double cum = d->cumulative_ms[i];
      double x0, x1, cy;

      if (!isfinite (cum))
        continue;
      x0 = round (il_chart_frame_value_pos (&f, prev));
      x1 = round (il_chart_frame_value_pos (&f, cum));
      cy = il_chart_frame_band_center (&f, i);
      il_chart_set_color (cr, _il_chart_status_color (style, il_row_store_get_status (data->store, d->rows[i])));
      cairo_rectangle (cr, MIN (x0, x1), round (cy - thick / 2), MAX (1, fabs (x1 - x0)), thick);
      cairo_fill (cr);
      prev = cum;
    }

  il_chart_text_clear (&text);
  cairo_restore (cr);
}

static char *
waterfall_query (gconstpointer       user_data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height,
                 double              x,
                 double              y)
{
  const IlSessionChartData *data = user_data;
  g_autofree char *step = NULL;
  IlChartFrame f;
  char lat[64], cum[64];
  guint row;
  int i;

  if (session_empty (data) || data->detail->cumulative_ms == NULL)
    return NULL;
  il_waterfall_chart_get_frame (data, style, width, height, &f);
  i = il_chart_frame_band_at (&f, x, y);
  if (i < 0)
    return NULL;
  row = data->detail->rows[i];
  step = g_markup_escape_text (il_row_store_get_step_name (data->store, row), -1);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, data->store->latency_ms[row], lat, sizeof lat);
  il_chart_format_tooltip (style, IL_VALUE_FORMAT_MS, data->detail->cumulative_ms[i], cum, sizeof cum);
  return g_strdup_printf ("<b>%s</b>\n+%s\n%s %s", step, lat, _("cumulative"), cum);
}

const IlChartClass il_waterfall_chart = { "waterfall", waterfall_draw, waterfall_query };
