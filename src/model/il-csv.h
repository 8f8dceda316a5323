/* il-csv.h: RFC 4180 export of store rows (docs/figures.md, "CSV export")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-row-store.h"

G_BEGIN_DECLS

#define IL_CSV_ERROR (il_csv_error_quark ())
typedef enum
{
  IL_CSV_ERROR_PERMISSION_DENIED,
  IL_CSV_ERROR_NO_SPACE,
  IL_CSV_ERROR_FOLDER_MISSING,
  IL_CSV_ERROR_NOT_A_FILE,
  IL_CSV_ERROR_CANCELLED,
  IL_CSV_ERROR_FAILED,
} IlCsvError;
GQuark il_csv_error_quark (void);

/* Called every few tens of thousands of rows: rows written so far, of n_rows.
 * From il_csv_write() it runs on the writing thread; from il_csv_save_async()
 * it runs in the caller's thread-default main context (throttled). */
typedef void (*IlCsvProgressFunc) (guint    rows_done,
                                   guint    n_rows,
                                   gpointer user_data);

/* Writes the header and the given rows (row ids of the store; NULL means every
 * row of the store in store order, and n_rows is then ignored) to stream.
 * Does not close the stream. */
gboolean il_csv_write       (IlRowStore         *store,
                             const guint32      *rows,
                             guint               n_rows,
                             GOutputStream      *stream,
                             IlCsvProgressFunc   progress,
                             gpointer            progress_data,
                             GCancellable       *cancellable,
                             GError            **error);

/* Writes the rows to file atomically in a worker thread: on success the file
 * holds the complete CSV; on failure or cancel the previous file (if any) is
 * untouched and no partial file is left. rows is copied; the store is
 * referenced until the operation completes. */
void     il_csv_save_async  (IlRowStore         *store,
                             const guint32      *rows,
                             guint               n_rows,
                             GFile              *file,
                             IlCsvProgressFunc   progress,
                             gpointer            progress_data,
                             GDestroyNotify      progress_data_destroy,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
/* Returns the number of rows written, or -1 with error set (IL_CSV_ERROR,
 * with a message a user can act on). */
gint64   il_csv_save_finish (GAsyncResult       *result,
                             GError            **error);

/* The same, blocking (for --export-csv). */
gint64   il_csv_save        (IlRowStore         *store,
                             const guint32      *rows,
                             guint               n_rows,
                             GFile              *file,
                             GCancellable       *cancellable,
                             GError            **error);

/* Formats a latency as the shortest text that parses back to the same double.
 * buf must hold 32 bytes; returns the length. */
gsize    il_csv_format_double (double value,
                               char  *buf);

/* One field as it appears in the CSV (unquoted), newly allocated; NULL for
 * SQL null. Used for copying cells to the clipboard. */
char    *il_csv_format_cell   (IlRowStore *store,
                               guint       row,
                               IlColumn    column);

/* One row as a CSV record, without the line end, newly allocated. */
char    *il_csv_format_row    (IlRowStore *store,
                               guint       row);

/* Every row of @store as CSV lines (after the header line with @header). */
GBytes  *il_csv_format_rows   (IlRowStore *store,
                               gboolean    header);

G_END_DECLS
