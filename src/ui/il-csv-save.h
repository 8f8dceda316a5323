/* il-csv-save.h: the one way rows are saved as CSV from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-csv.h"

G_BEGIN_DECLS

typedef enum
{
  IL_CSV_SAVE_ROWS,         /* "N rows written to …" */
  IL_CSV_SAVE_ERROR_ROWS,   /* "N error rows written to …" */
} IlCsvSaveKind;

/* Called with the chosen file (only when the user accepted one). */
typedef void (*IlCsvSaveChosenFunc) (GtkWidget *widget,
                                     GFile     *file,
                                     gpointer   user_data);

/* Called once the file is written or not: @n_rows written, or -1, and the
 * message the toast showed. */
typedef void (*IlCsvSaveDoneFunc)   (GtkWidget  *widget,
                                     gint64      n_rows,
                                     const char *message,
                                     gpointer    user_data);

/* A modal save dialog over @widget's window with a CSV filter, suggesting
 * @name. @widget is kept alive while the dialog is open. */
void il_csv_save_choose (GtkWidget           *widget,
                         const char          *title,
                         const char          *name,
                         IlCsvSaveChosenFunc  chosen,
                         gpointer             user_data);

/* What the toast says once @file is written (@n_rows) or not (-1, @error). */
char *il_csv_save_describe (IlCsvSaveKind  kind,
                            gint64         n_rows,
                            GFile         *file,
                            const GError  *error);

/* Writes @rows of @store (NULL: every row) to @file atomically in a thread,
 * then toasts the outcome over @widget and calls @done. @progress_data is a
 * GObject (or NULL), kept alive while writing. */
void il_csv_save_write  (GtkWidget           *widget,
                         IlCsvSaveKind        kind,
                         IlRowStore          *store,
                         const guint32       *rows,
                         guint                n_rows,
                         GFile               *file,
                         IlCsvProgressFunc    progress,
                         gpointer             progress_data,
                         GCancellable        *cancellable,
                         IlCsvSaveDoneFunc    done,
                         gpointer             user_data);

G_END_DECLS
