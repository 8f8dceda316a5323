/* il-chart-widget-export.c: a chart widget written to a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "il-chart-widget-private.h"
#include "il-toast.h"

#define EXPORT_FALLBACK_WIDTH  800

static const struct {
  const char   *suffix;
  IlChartFormat format;
} formats[] = {
  { ".png", IL_CHART_FORMAT_PNG },
  { ".svg", IL_CHART_FORMAT_SVG },
  { ".pdf", IL_CHART_FORMAT_PDF },
};

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  IlChartWidget *self = IL_CHART_WIDGET (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *message = NULL;
  IlChartFormat format = IL_CHART_FORMAT_PNG;
  gboolean has_suffix = FALSE;
  GtkFileFilter *filter;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    goto out;

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix))
      {
        format = formats[i].format;
        has_suffix = TRUE;
      }

  /* No known extension: use the chosen filter's format and add its suffix. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  if (!has_suffix)
    {
      const char *id = filter != NULL ? g_object_get_data (G_OBJECT (filter), "il-format") : NULL;
      guint i = id != NULL ? (guint) atoi (id) : 0;
      char *with_suffix;

      if (i >= G_N_ELEMENTS (formats))
        i = 0;
      format = formats[i].format;
      with_suffix = g_strconcat (path, formats[i].suffix, NULL);
      g_free (path);
      path = with_suffix;
    }

  if (il_chart_widget_export_to_file (self, path, format, &error))
    {
      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file path */
      message = g_strdup_printf (_("Chart exported to %s"), display);
    }
  else
    message = g_strdup (error->message);

  il_show_toast (GTK_WIDGET (self), message);

out:
  g_clear_object (&self->chooser);
  g_object_unref (self);
}

/**
 * il_chart_widget_export:
 * @self: a chart widget
 *
 * Asks where to save the chart (PNG, SVG or PDF) and writes it at the
 * widget's current size; the result is announced with a toast.
 */
void
il_chart_widget_export (IlChartWidget *self)
{
  static const char *names[] = { N_("PNG Image"), N_("SVG Image"), N_("PDF Document") };
  static const char *patterns[] = { "*.png", "*.svg", "*.pdf" };
  GtkRoot *root;
  g_autofree char *suggested = NULL;

  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Export Chart"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _(names[i]));
      gtk_file_filter_add_pattern (filter, patterns[i]);
      g_object_set_data_full (G_OBJECT (filter), "il-format", g_strdup_printf ("%u", i), g_free);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
      g_object_unref (filter);
    }

  suggested = g_strdup_printf ("%s.png", self->klass != NULL && self->klass->name != NULL
                                           ? self->klass->name : "chart");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * il_chart_widget_export_to_file:
 * @self: a chart widget
 * @path: the file to write
 * @format: PNG, SVG or PDF
 * @error: return location for an #IL_CHART_ERROR
 *
 * Renders what the widget shows, at its current size, into @path.
 *
 * Returns: %TRUE on success
 */
gboolean
il_chart_widget_export_to_file (IlChartWidget  *self,
                                const char     *path,
                                IlChartFormat   format,
                                GError        **error)
{
  int width, height;

  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = EXPORT_FALLBACK_WIDTH;
      height = MAX (self->natural_height, 1);
    }

  _il_chart_widget_refresh_style (self);
  return il_chart_export (self->klass, self->data, &self->style,
                          width, height, path, format, error);
}
