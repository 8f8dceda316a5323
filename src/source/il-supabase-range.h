/* il-supabase-range.h: counting and fetching one span of created_at, for
 * refreshes that read only what changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-supabase-client.h"

G_BEGIN_DECLS

/* Which rows of a span [lo, hi) a request covers. */
typedef enum
{
  IL_RANGE_DATED,            /* created_at in [lo, hi) (lo/hi IL_TIME_NONE: unbounded) */
  IL_RANGE_NULL_ONLY,        /* created_at is null; lo and hi are ignored */
  IL_RANGE_DATED_AND_NULL,   /* both (counting only) */
} IlRangeRows;

/* One request (Prefer: count=exact, limit=0): the exact number of rows. */
void        il_supabase_client_count_async        (IlSupabaseClient    *self,
                                                   gint64               lo,
                                                   gint64               hi,
                                                   IlRangeRows          rows,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Returns: the count, or -1 with IL_SOURCE_ERROR or G_IO_ERROR_CANCELLED. */
gint64      il_supabase_client_count_finish       (IlSupabaseClient    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Every row of the span, one page after another with keyset paging. The
 * first page also asks for the exact count, so a span that fits in one
 * page costs one request. @rows: IL_RANGE_DATED or IL_RANGE_NULL_ONLY. */
void        il_supabase_client_fetch_range_async  (IlSupabaseClient    *self,
                                                   gint64               lo,
                                                   gint64               hi,
                                                   IlRangeRows          rows,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Same, calling @progress on the main context after every page with the
 * rows received so far and the range's total (-1 until known). */
void        il_supabase_client_fetch_range_progress_async (IlSupabaseClient    *self,
                                                           gint64               lo,
                                                           gint64               hi,
                                                           IlRangeRows          rows,
                                                           IlFetchProgressFunc  progress,
                                                           gpointer             progress_data,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* Returns: (transfer full): a new sealed store in full-fetch order, or
 * NULL with an error. */
IlRowStore *il_supabase_client_fetch_range_finish (IlSupabaseClient    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
