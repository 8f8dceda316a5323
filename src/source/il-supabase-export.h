/* il-supabase-export.h: every matching row streamed from PostgREST to a CSV
 * file, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-csv.h"
#include "il-supabase-rows.h"

G_BEGIN_DECLS

/* Rows per request while exporting. */
#define IL_EXPORT_PAGE 1000

/* Writes the rows matching @query (its order is replaced by created_at
 * ascending, nulls first, then metric_id; with fetch_order the nulls come
 * last, as in a store) to @file, each row once even when rows are inserted
 * or deleted meanwhile (rows inserted before the cursor are not seen),
 * atomically: a failure or a cancel leaves no file and the old one intact.
 * Only one page is held at a time. @progress gets (rows written, rows
 * counted) on the caller's main context. */
void   il_supabase_export_async  (IlSupabaseClient    *client,
                                  const IlRowQuery    *query,
                                  GFile               *file,
                                  IlCsvProgressFunc    progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* Returns: the rows written, or -1 with @error (IL_CSV_ERROR for the file,
 * IL_SOURCE_ERROR for the server, G_IO_ERROR_CANCELLED). */
gint64 il_supabase_export_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
