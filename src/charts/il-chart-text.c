/* il-chart-text.c: labels through pango, measured and ellipsized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

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
