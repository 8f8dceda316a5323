/* il-csv-save.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-csv-save.h"
#include "il-format.h"
#include "il-toast.h"

typedef struct
{
  GtkWidget           *widget;
  IlCsvSaveChosenFunc  chosen;
  gpointer             user_data;
} ChooseData;

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     ChooseData      *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        data->chosen (data->widget, file, data->user_data);
    }

  g_object_unref (data->widget);
  g_free (data);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
il_csv_save_choose (GtkWidget           *widget,
                    const char          *title,
                    const char          *name,
                    IlCsvSaveChosenFunc  chosen,
                    gpointer             user_data)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  ChooseData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chosen != NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);

  data = g_new0 (ChooseData, 1);
  data->widget = g_object_ref (widget);
  data->chosen = chosen;
  data->user_data = user_data;
  /* The dialog holds itself until it answers. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  GtkWidget         *widget;
  GFile             *file;
  IlCsvSaveKind      kind;
  IlCsvSaveDoneFunc  done;
  gpointer           user_data;
} WriteData;

char *
il_csv_save_describe (IlCsvSaveKind  kind,
                      gint64         n_rows,
                      GFile         *file,
                      const GError  *error)
{
  g_autofree char *name = g_file_get_basename (file);

  if (n_rows >= 0)
    {
      g_autofree char *count = il_format_count_str ((guint64) n_rows);

      if (kind == IL_CSV_SAVE_ERROR_ROWS)
        /* translators: the first %s is a number of rows, the second a file name */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s error row written to “%s”",
                                             "%s error rows written to “%s”", (gulong) n_rows),
                                count, name);
      /* translators: the first %s is a number of rows, the second a file name */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row written to “%s”",
                                           "%s rows written to “%s”", (gulong) n_rows),
                              count, name);
    }
  return g_strdup_printf (_("Nothing was written. %s"), error != NULL ? error->message : "");
}

static void
on_save_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  WriteData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 n;

  n = il_csv_save_finish (result, &error);
  message = il_csv_save_describe (data->kind, n, data->file, error);

  il_show_toast (data->widget, message);
  if (data->done != NULL)
    data->done (data->widget, n, message, data->user_data);

  g_object_unref (data->file);
  g_object_unref (data->widget);
  g_free (data);
}

void
il_csv_save_write (GtkWidget         *widget,
                   IlCsvSaveKind      kind,
                   IlRowStore        *store,
                   const guint32     *rows,
                   guint              n_rows,
                   GFile             *file,
                   IlCsvProgressFunc  progress,
                   gpointer           progress_data,
                   GCancellable      *cancellable,
                   IlCsvSaveDoneFunc  done,
                   gpointer           user_data)
{
  WriteData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (store != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->widget = g_object_ref (widget);
  data->file = g_object_ref (file);
  data->kind = kind;
  data->done = done;
  data->user_data = user_data;
  /* The progress callback's data lives as long as the operation. */
  il_csv_save_async (store, rows, n_rows, file,
                     progress, progress_data != NULL ? g_object_ref (progress_data) : NULL,
                     progress_data != NULL ? g_object_unref : NULL,
                     cancellable, on_save_done, data);
}
