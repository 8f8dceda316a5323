/* il-chart.h: what every chart renderer shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is a pure function of (data, cairo_t, style, width, height): widgets in
 * src/ui only wrap it, tests render it offscreen, export writes it to PNG/SVG/PDF.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} IlColor;

typedef struct
{
  gboolean    dark;
  const char *font_family;   /* e.g. "Cantarell" / "Sans" */
  double      font_size;     /* px, default 12 */
  IlColor     background;    /* view background (charts paint it) */
  IlColor     foreground;    /* text, axes */
  IlColor     dim;           /* secondary text, grid lines */
  IlColor     grid;
  IlColor     series[10];    /* categorical palette, readable on light and dark */
  IlColor     success;
  IlColor     error;
  IlColor     warning;
  IlColor     skipped;
  IlColor     accent;
  IlColor     on_light;      /* text on a light cell (heatmap); zero: #1e1e1e */
  IlColor     on_dark;       /* text on a dark cell; zero: white */

  /* Refinements a caller opts into; all FALSE keeps the former output. */
  gboolean    full_category_labels;  /* every category labelled or none; names get up to
                                      * 40% of the width, then two lines, then an ellipsis */
  gboolean    exact_tooltips;        /* tooltips show the stored value, not a rounded one */
  gboolean    locale_numbers;        /* percent per the locale, "3 min 12 s", one unit per axis */
} IlChartStyle;

/* The default light or dark style (libadwaita-like colors). */
void il_chart_style_init (IlChartStyle *style,
                          gboolean      dark);
/* A style for a widget whatever set its theme (GTK_THEME=Adwaita:dark, a
 * high-contrast theme): dark when the text colour is light; text, axes and
 * grid follow foreground, the view paints background (NULL: the default). */
void il_chart_style_init_for_colors (IlChartStyle  *style,
                                     const IlColor *foreground,
                                     const IlColor *background);

/* Draws the chart into [0, width] x [0, height], background included. Must
 * cope with empty data (draws an empty state), never allocates per row. */
typedef void  (*IlChartDrawFunc)  (cairo_t            *cr,
                                   gconstpointer       data,
                                   const IlChartStyle *style,
                                   int                 width,
                                   int                 height);
/* Tooltip text (newly allocated, may use Pango markup) for what lies under
 * (x, y) when drawn at width x height, or NULL. */
typedef char *(*IlChartQueryFunc) (gconstpointer       data,
                                   const IlChartStyle *style,
                                   int                 width,
                                   int                 height,
                                   double              x,
                                   double              y);

typedef struct
{
  const char       *name;     /* used in export file names, e.g. "box-plot" */
  IlChartDrawFunc   draw;
  IlChartQueryFunc  query;    /* may be NULL */
} IlChartClass;

typedef enum
{
  IL_CHART_FORMAT_PNG,
  IL_CHART_FORMAT_SVG,
  IL_CHART_FORMAT_PDF,
} IlChartFormat;

#define IL_CHART_ERROR (il_chart_error_quark ())
typedef enum
{
  IL_CHART_ERROR_INVALID_SIZE,   /* width or height out of range */
  IL_CHART_ERROR_RENDER,         /* cairo failed (out of memory, ...) */
  IL_CHART_ERROR_WRITE,          /* the file could not be written */
} IlChartError;
GQuark il_chart_error_quark (void);

/* Guesses the format from a file name's extension; PNG when unknown. */
IlChartFormat il_chart_format_from_path (const char *path);

/* Renders the chart to a file (cairo image/SVG/PDF surface). */
gboolean il_chart_export (const IlChartClass *klass,
                          gconstpointer       data,
                          const IlChartStyle *style,
                          int                 width,
                          int                 height,
                          const char         *path,
                          IlChartFormat       format,
                          GError            **error);

G_END_DECLS
