/* il-chart-export.c: a chart to a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "il-atomic-file.h"
#include "il-chart.h"

G_DEFINE_QUARK (il-chart-error-quark, il_chart_error)

IlChartFormat
il_chart_format_from_path (const char *path)
{
  const char *dot;

  if (path == NULL)
    return IL_CHART_FORMAT_PNG;
  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return IL_CHART_FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return IL_CHART_FORMAT_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return IL_CHART_FORMAT_PDF;
  return IL_CHART_FORMAT_PNG;
}

typedef struct
{
  GOutputStream *stream;
  GError        *error;   /* the first write error, with its reason */
} Writer;

static cairo_status_t
write_func (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Writer *w = closure;

  if (w->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (w->stream, data, length, NULL, NULL, &w->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/**
 * il_chart_export:
 *
 * Renders the chart into @path. The file is replaced atomically: when
 * anything fails, no partial file is left and an existing file is kept.
 */
gboolean
il_chart_export (const IlChartClass *klass,
                 gconstpointer       data,
                 const IlChartStyle *style,
                 int                 width,
                 int                 height,
                 const char         *path,
                 IlChartFormat       format,
                 GError            **error)
{
  g_autoptr(GFile) file = NULL;
  IlAtomicFile *out = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  Writer w = { NULL, NULL };

  g_return_val_if_fail (klass != NULL && klass->draw != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width <= 0 || height <= 0 || width > 32767 || height > 32767)
    {
      g_set_error (error, IL_CHART_ERROR, IL_CHART_ERROR_INVALID_SIZE,
                   _("Cannot export a chart of %d × %d pixels"), width, height);
      return FALSE;
    }

  file = g_file_new_for_path (path);
  /* renamed over the target once complete, never a half-written chart */
  out = il_atomic_file_open (file, NULL, error);
  if (out == NULL)
    return FALSE;
  w.stream = il_atomic_file_get_stream (out);

  switch (format)
    {
    case IL_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_func, &w, width, height);
      break;
    case IL_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_func, &w, width, height);
      break;
    case IL_CHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  klass->draw (cr, data, style, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == IL_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_func, &w);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (w.error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error (&w.error, IL_CHART_ERROR, IL_CHART_ERROR_RENDER,
                 _("Could not render the chart: %s"), cairo_status_to_string (status));

  if (w.error != NULL)
    {
      il_atomic_file_abort (out);
      g_propagate_error (error, w.error);
      return FALSE;
    }

  return il_atomic_file_commit (out, NULL, error);
}
