/* il-chart-style.c: light and dark palettes in libadwaita's spirit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-chart.h"

static IlColor
hex (guint32 rgb,
     double  alpha)
{
  IlColor c = { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha };
  return c;
}

/**
 * il_chart_style_init:
 * @style: the style to fill
 * @dark: whether the dark variant is wanted
 *
 * Fills @style with libadwaita-like colours. The categorical palette has mid
 * tones that keep enough contrast against both a white and a #1e1e1e view.
 */
void
il_chart_style_init (IlChartStyle *style,
                     gboolean      dark)
{
  /* Tableau 10, nudged so that none is too pale on white nor too dark on #1e1e1e */
  static const guint32 series[10] = {
    0x3584e4, 0xf28e2b, 0x59a14f, 0xb07aa1, 0x76b7b2,
    0xedc948, 0x9c755f, 0xff9da7, 0x4e79a7, 0xe15759,
  };

  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = dark;
  style->font_family = "Cantarell, Sans";
  style->font_size = 12;
  if (dark)
    {
      style->background = hex (0x1e1e1e, 1);
      style->foreground = hex (0xffffff, 1);
      style->dim = hex (0xffffff, 0.55);
      style->grid = hex (0xffffff, 0.12);
      style->accent = hex (0x78aeed, 1);
    }
  else
    {
      style->background = hex (0xffffff, 1);
      style->foreground = hex (0x1e1e1e, 1);
      style->dim = hex (0x1e1e1e, 0.55);
      style->grid = hex (0x1e1e1e, 0.10);
      style->accent = hex (0x3584e4, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    style->series[i] = hex (series[i], 1);
  style->on_light = hex (0x1e1e1e, 1);
  style->on_dark = hex (0xffffff, 1);
  style->success = hex (0x2ec27e, 1);
  style->error = hex (0xe01b24, 1);
  style->warning = hex (0xe5a50a, 1);
  style->skipped = hex (0x9a9996, 1);
}

/**
 * il_chart_style_init_for_colors:
 * @style: the style to fill
 * @foreground: the widget's text colour
 * @background: (nullable): the view's background, or %NULL for the default
 *
 * Fills @style from the colours a widget is given, so that a dark theme set
 * any way gives dark charts.
 */
void
il_chart_style_init_for_colors (IlChartStyle  *style,
                                const IlColor *foreground,
                                const IlColor *background)
{
  gboolean dark;

  g_return_if_fail (style != NULL && foreground != NULL);

  dark = 0.2126 * foreground->r + 0.7152 * foreground->g + 0.0722 * foreground->b > 0.5;
  il_chart_style_init (style, dark);
  style->foreground = *foreground;
  style->foreground.a = 1;
  style->dim = style->foreground;
  style->dim.a = 0.55;
  style->grid = style->foreground;
  style->grid.a = dark ? 0.12 : 0.10;
  if (background != NULL)
    style->background = *background;
}
