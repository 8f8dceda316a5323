/* il-chart-text.c: labels through pango, measured and ellipsized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "il-chart-text.h"

void
il_chart_text_init (IlChartText        *text,
                    const IlChartStyle *style)
{
  cairo_font_options_t *options;
  PangoFontMap *map = pango_cairo_font_map_get_default ();

  text->context = pango_font_map_create_context (map);
  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (text->context, options);
  cairo_font_options_destroy (options);

  text->style = style;
  text->layout = pango_layout_new (text->context);
  pango_layout_set_single_paragraph_mode (text->layout, TRUE);
  text->font = pango_font_description_from_string (style->font_family ? style->font_family : "Sans");
  text->base_size = style->font_size > 0 ? style->font_size : 12;
  il_chart_text_set_size (text, 1.0, FALSE);
}

void
il_chart_text_clear (IlChartText *text)
{
  g_clear_object (&text->layout);
  g_clear_object (&text->context);
  g_clear_pointer (&text->font, pango_font_description_free);
}

void
il_chart_text_set_size (IlChartText *text,
                        double       scale,
                        gboolean     bold)
{
  int h;

  pango_font_description_set_absolute_size (text->font, text->base_size * scale * PANGO_SCALE);
  pango_font_description_set_weight (text->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (text->layout, text->font);
  pango_layout_set_width (text->layout, -1);
  pango_layout_set_text (text->layout, "Ag", -1);
  pango_layout_get_pixel_size (text->layout, NULL, &h);
  text->line_height = h;
}

double
il_chart_text_width (IlChartText *text,
                     const char  *str)
{
  PangoRectangle logical;

  pango_layout_set_width (text->layout, -1);
  pango_layout_set_text (text->layout, str ? str : "", -1);
  pango_layout_get_extents (text->layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

double
il_chart_text_draw (IlChartText   *text,
                    cairo_t       *cr,
                    const char    *str,
                    double         x,
                    double         y,
                    double         max_width,
                    double         xalign,
                    double         yalign,
                    const IlColor *color)
{
  PangoRectangle logical;
  double w;

  if (str == NULL || *str == '\0')
    return 0;
  if (max_width > 0 && max_width < 4)
    return 0;

  pango_layout_set_text (text->layout, str, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (text->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (text->layout, -1);
      pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
    }
  pango_layout_get_extents (text->layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  if (max_width > 0)
    w = MIN (w, max_width);

  cairo_save (cr);
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
  /* a layout with a width aligns within it: move by the ink start */
  cairo_move_to (cr,
                 round (x - xalign * w) - (double) logical.x / PANGO_SCALE,
                 round (y - yalign * text->line_height));
  pango_cairo_show_layout (cr, text->layout);
  cairo_restore (cr);

  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_width (text->layout, -1);
  return w;
}

/* Step names are identifiers ("llm_first_token"): let lines break after
 * their separators (a zero-width space after each), never inside a word. */
static char *
with_break_points (const char *str)
{
  GString *out = g_string_sized_new (strlen (str) + 8);

  for (const char *p = str; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if ((*p == '_' || *p == '/' || *p == '.' || *p == '-' || *p == ':') && p[1] != '\0' && p[1] != ' ')
        g_string_append (out, "\u200B");
    }
  return g_string_free (out, FALSE);
}

/* Lays str out in at most max_lines lines of max_width; words longer than a
 * line are ellipsized, not cut with a hyphen. */
static void
layout_lines (IlChartText *text,
              const char  *str,
              double       max_width,
              int          max_lines)
{
  g_autofree char *breakable = with_break_points (str);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* no "to-ken" when a word has to be split */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (text->layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (text->layout, breakable, -1);
  pango_layout_set_width (text->layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_wrap (text->layout, PANGO_WRAP_WORD);
  pango_layout_set_height (text->layout, -max_lines);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
}

static void
reset_layout (IlChartText *text)
{
  pango_layout_set_attributes (text->layout, NULL);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (text->layout, -1);
  pango_layout_set_alignment (text->layout, PANGO_ALIGN_LEFT);
  pango_layout_set_width (text->layout, -1);
}

char **
il_chart_text_wrap (IlChartText *text,
                    const char  *str,
                    double       max_width,
                    int          max_lines)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *laid;

  if (str != NULL && *str != '\0' && max_width >= 4 && max_lines >= 1)
    {
      layout_lines (text, str, max_width, max_lines);
      laid = pango_layout_get_text (text->layout);
      for (GSList *l = pango_layout_get_lines_readonly (text->layout); l != NULL; l = l->next)
        {
          PangoLayoutLine *line = l->data;
          g_autofree char *part = g_strndup (laid + line->start_index, line->length);
          GString *clean = g_string_new (NULL);

          /* the ellipsis is in the glyphs, not the text: mark it */
          for (const char *p = part; *p != '\0'; p = g_utf8_next_char (p))
            if (g_utf8_get_char (p) != 0x200B)
              g_string_append_unichar (clean, g_utf8_get_char (p));
          g_ptr_array_add (lines, g_string_free (clean, FALSE));
        }
      reset_layout (text);
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

int
il_chart_text_draw_lines (IlChartText   *text,
                          cairo_t       *cr,
                          const char    *str,
                          double         x,
                          double         y,
                          double         max_width,
                          int            max_lines,
                          double         xalign,
                          double         yalign,
                          const IlColor *color)
{
  PangoRectangle logical;
  int lines;

  if (max_lines <= 1 || max_width <= 0)
    return il_chart_text_draw (text, cr, str, x, y, max_width, xalign, yalign, color) > 0 ? 1 : 0;
  if (str == NULL || *str == '\0' || max_width < 4)
    return 0;

  layout_lines (text, str, max_width, max_lines);
  pango_layout_set_alignment (text->layout, xalign >= 0.75 ? PANGO_ALIGN_RIGHT
                                           : xalign <= 0.25 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
  pango_layout_get_extents (text->layout, NULL, &logical);
  lines = pango_layout_get_line_count (text->layout);

  cairo_save (cr);
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
  /* the alignment happens within the layout's width */
  cairo_move_to (cr, round (x - xalign * max_width),
                 round (y - yalign * (double) logical.height / PANGO_SCALE));
  pango_cairo_show_layout (cr, text->layout);
  cairo_restore (cr);

  reset_layout (text);
  return lines;
}

/* ---- one number format for the charts ---------------------------------- */

void
il_chart_format_percent (double  pct,
                         int     decimals,
                         char   *buf,
                         gsize   size)
{
  char num[64];

  if (!isfinite (pct))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  il_format_number (pct, decimals < 0 ? 1 : decimals, num, sizeof num);
  /* TRANSLATORS: a percentage; %s is the number. Put a (no-break) space
   * before %% where your language does, e.g. "%s %%" in German. */
  g_snprintf (buf, size, C_("percent", "%s%%"), num);
}

void
il_chart_format_duration_ms (double  ms,
                             char   *buf,
                             gsize   size)
{
  char a[64], b[32];

  if (!isfinite (ms) || fabs (ms) < 59999.5)
    {
      il_format_ms (ms, -1, buf, size);
      return;
    }
  if (fabs (ms) < 3599500)
    {
      guint64 s = (guint64) round (fabs (ms) / 1000);

      g_snprintf (a, sizeof a, "%s%" G_GUINT64_FORMAT, ms < 0 ? "-" : "", s / 60);
      g_snprintf (b, sizeof b, "%" G_GUINT64_FORMAT, s % 60);
      /* TRANSLATORS: a duration, minutes and seconds: "3 min 12 s" */
      g_snprintf (buf, size, C_("duration", "%s min %s s"), a, b);
    }
  else
    {
      guint64 m = (guint64) round (fabs (ms) / 60000);
      char h[48];

      il_format_integer (m / 60, h, sizeof h);
      g_snprintf (a, sizeof a, "%s%s", ms < 0 ? "-" : "", h);
      g_snprintf (b, sizeof b, "%" G_GUINT64_FORMAT, m % 60);
      /* TRANSLATORS: a duration, hours and minutes: "56 h 50 min" */
      g_snprintf (buf, size, C_("duration", "%s h %s min"), a, b);
    }
}

/* The fewest decimals (at most three) that print @v exactly. */
static int
exact_decimals (double v)
{
  for (int d = 0; d < 3; d++)
    {
      double scaled = v * pow (10, d);

      if (fabs (scaled - round (scaled)) <= 1e-9 * MAX (1, fabs (scaled)))
        return d;
    }
  return 3;
}

void
il_chart_format_exact_ms (double  ms,
                          char   *buf,
                          gsize   size)
{
  char num[64];

  if (!isfinite (ms))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  il_format_number (ms, exact_decimals (ms), num, sizeof num);
  g_snprintf (buf, size, "%s ms", num);
}

gboolean
il_chart_ms_axis_in_seconds (const IlAxisTicks *ticks)
{
  double top = MAX (fabs (ticks->min), fabs (ticks->max));

  /* log decades below 100 ms would read "0.001 s": such an axis stays in ms */
  if (ticks->log)
    return top >= 1000 && ticks->min >= 100;
  return top >= 1000;
}

void
il_chart_format_ms_axis_tick (double             ms,
                              const IlAxisTicks *ticks,
                              char              *buf,
                              gsize              size)
{
  gboolean seconds = il_chart_ms_axis_in_seconds (ticks);
  char num[64];
  int decimals;

  if (!isfinite (ms))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  if (ticks->log)
    decimals = exact_decimals (seconds ? ms / 1000 : ms);
  else
    decimals = il_axis_decimals_for_step (seconds ? ticks->step / 1000 : ticks->step);
  il_format_number (seconds ? ms / 1000 : ms, decimals, num, sizeof num);
  g_snprintf (buf, size, seconds ? "%s s" : "%s ms", num);
}

void
il_chart_format_tooltip (const IlChartStyle *style,
                         IlValueFormat       format,
                         double              value,
                         char               *buf,
                         gsize               size)
{
  gboolean exact = style != NULL && style->exact_tooltips;
  gboolean locale = style != NULL && style->locale_numbers;

  if (format == IL_VALUE_FORMAT_MS && exact && isfinite (value))
    {
      char num[64];

      il_chart_format_exact_ms (value, num, sizeof num);
      if (locale && fabs (value) >= 59999.5)
        {
          char dur[64];

          il_chart_format_duration_ms (value, dur, sizeof dur);
          g_snprintf (buf, size, "%s (%s)", num, dur);
        }
      else
        g_strlcpy (buf, num, size);
    }
  else if (format == IL_VALUE_FORMAT_MS && locale)
    il_chart_format_duration_ms (value, buf, size);
  else if (format == IL_VALUE_FORMAT_PERCENT && locale)
    il_chart_format_percent (value, exact ? exact_decimals (value) : 1, buf, size);
  else if (format == IL_VALUE_FORMAT_NUMBER && locale)
    il_format_number (value, exact_decimals (value), buf, size);
  else
    il_value_format (format, value, buf, size);
}

void
il_chart_format_tick (const IlChartStyle *style,
                      IlValueFormat       format,
                      const IlAxisTicks  *ticks,
                      double              value,
                      char               *buf,
                      gsize               size)
{
  double step = ticks->log ? value : ticks->step;

  if (style == NULL || !style->locale_numbers)
    il_value_format_tick (format, value, step, buf, size);
  else if (format == IL_VALUE_FORMAT_MS)
    il_chart_format_ms_axis_tick (value, ticks, buf, size);
  else if (format == IL_VALUE_FORMAT_PERCENT)
    il_chart_format_percent (value, il_axis_decimals_for_step (step), buf, size);
  else if (format == IL_VALUE_FORMAT_NUMBER)
    il_format_number (value, il_axis_decimals_for_step (step), buf, size);
  else
    il_value_format_tick (format, value, step, buf, size);
}

void
il_chart_format_value (const IlChartStyle *style,
                       IlValueFormat       format,
                       double              value,
                       char               *buf,
                       gsize               size)
{
  if (style == NULL || !style->locale_numbers)
    il_value_format (format, value, buf, size);
  else if (format == IL_VALUE_FORMAT_MS)
    il_chart_format_duration_ms (value, buf, size);
  else if (format == IL_VALUE_FORMAT_PERCENT)
    il_chart_format_percent (value, 1, buf, size);
  else
    il_value_format (format, value, buf, size);
}
