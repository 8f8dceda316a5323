/* il-incremental.h: a refresh that reads only what changed since the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-row-cache.h"
#include "il-supabase-client.h"

G_BEGIN_DECLS

/* How far back before the newest cached row a refresh reads again.
 * created_at is the inserting transaction's start time, not its commit
 * time: a transaction that ran for a while commits rows older than rows a
 * previous refresh already read. Five minutes covers any transaction the
 * logging code runs (single inserts of one turn's steps); rows committed
 * later than that with older times are still found, one refresh later, by
 * the count check of the older rows. */
#define IL_INCREMENTAL_DEFAULT_OVERLAP (5 * 60 * G_USEC_PER_SEC)

typedef struct
{
  gboolean full_fetch;     /* the cache could not serve: everything was fetched */
  gboolean unchanged;      /* the result is the cached store itself: nothing to redraw */
  guint    rows_before;    /* rows in the cached range before */
  guint    rows_after;
  guint    spans_refetched;  /* older slices read again because rows went away (or came back) */
} IlRefreshStats;

/**
 * il_incremental_refresh_async:
 * @client: the project's client
 * @cached: (nullable): the cached rows (from il_row_cache_load)
 * @meta: (nullable): what @cached covers; NULL with @cached NULL
 * @created_min: the range to return: created_at >= this (IL_TIME_NONE: every
 *   row, null created_at included), as il_supabase_client_fetch_async
 * @overlap_us: IL_INCREMENTAL_DEFAULT_OVERLAP unless testing
 *
 * Reads the rows from (newest cached created_at - @overlap_us) on, the
 * rows older than the cache's range when @created_min moved earlier, and one
 * exact count of the other cached rows; only when that count differs (rows
 * were deleted, or committed late) are the cached rows bisected into time
 * slices by count and the slices that differ read again. A refresh that finds
 * nothing new costs two requests. Without a usable cache, everything is
 * fetched with il_supabase_client_fetch_async.
 */
void        il_incremental_refresh_async  (IlSupabaseClient     *client,
                                           IlRowStore           *cached,
                                           const IlRowCacheMeta *meta,
                                           gint64                created_min,
                                           gint64                overlap_us,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Same, calling @progress on the main context with the rows read so far and
 * the total of the spans read (-1 while one of them is not known yet). */
void        il_incremental_refresh_progress_async (IlSupabaseClient     *client,
                                                   IlRowStore           *cached,
                                                   const IlRowCacheMeta *meta,
                                                   gint64                created_min,
                                                   gint64                overlap_us,
                                                   IlFetchProgressFunc   progress,
                                                   gpointer              progress_data,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns: (transfer full): the sealed store a full fetch of @created_min
 * would give (same rows, same order), or NULL with the fetch's error. @meta
 * is what to save with it. */
IlRowStore *il_incremental_refresh_finish (IlSupabaseClient     *client,
                                           GAsyncResult         *result,
                                           IlRowCacheMeta       *meta,
                                           IlRefreshStats       *stats,
                                           GError              **error);

G_END_DECLS
