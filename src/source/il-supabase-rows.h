/* il-supabase-rows.h: rows on demand, filtered and ordered by PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-supabase-client.h"

G_BEGIN_DECLS

/* Which rows: a plain value; il_row_query_init() gives "every row". */
typedef struct
{
  gint64      created_min;     /* IL_TIME_NONE: no bound (null created_at included) */
  gint64      created_max;     /* IL_TIME_NONE: no bound */
  GStrv       steps;           /* NULL: every step; empty: none */
  GStrv       statuses;        /* NULL: every status; empty: none */
  double      min_latency_ms;  /* inclusive; -INFINITY: none */
  double      max_latency_ms;  /* inclusive; INFINITY: none */
  gboolean    by_session;
  IlUuid      session_id;
  gboolean    by_message;      /* error_message = message (NULL: is null) */
  char       *message;
  /* error_message in @messages (none: empty), or null when @messages_null */
  gboolean    by_messages;
  GStrv       messages;
  gboolean    messages_null;
  /* time_min <= a row's time < time_max, IL_TIME_NONE: no bound; the time
   * is created_at, or started_at when that is null (as error groups date
   * rows) */
  gint64      time_min;
  gint64      time_max;
  /* session_min <= session_id <= session_max */
  gboolean    by_session_range;
  IlUuid      session_min;
  IlUuid      session_max;
  /* overrides order_by: the order of a full fetch and of a store, created_at
   * ascending with nulls last, then metric_id */
  gboolean    fetch_order;
  /* the order: this column (not metadata), then metric_id, both ascending
   * or descending; SQL null sorts lowest. Default: started_at descending. */
  IlColumn    order_by;
  gboolean    descending;
} IlRowQuery;

void  il_row_query_init   (IlRowQuery       *query);
/* TRUE when the server can order by @column (every column but metadata). */
gboolean il_row_query_can_order_by (IlColumn column);
void  il_row_query_clear  (IlRowQuery       *query);
void  il_row_query_copy   (IlRowQuery       *dest,
                           const IlRowQuery *src);
/* The PostgREST query string after "interview_latency_metrics?", without
 * limit and offset: select, filters (eq./in./gte./lt./lte./is.null, and
 * one and=(...) holding the or() trees of the messages and the row time),
 * order. */
char *il_row_query_to_params (const IlRowQuery *query);

/* The number of matching rows (limit=0 with Prefer: count=exact: the
 * database counts, no row travels). */
void        il_supabase_client_count_rows_async  (IlSupabaseClient    *self,
                                                  const IlRowQuery    *query,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gint64      il_supabase_client_count_rows_finish (IlSupabaseClient    *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Fetches the matching rows from @offset, @limit of them, in the query's
 * order (fewer only at the end): pages the server cut short are completed
 * with further requests. With @count, also the number of matching rows. */
void        il_supabase_client_rows_async  (IlSupabaseClient    *self,
                                            const IlRowQuery    *query,
                                            guint64              offset,
                                            guint                limit,
                                            gboolean             count,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Returns: (transfer full): a sealed store of the rows in order, or NULL
 * with @error. *total: the count (-1 when not asked for). */
IlRowStore *il_supabase_client_rows_finish (IlSupabaseClient    *self,
                                            GAsyncResult        *result,
                                            gint64              *total,
                                            GError             **error);

/* A row's place in keyset order: (created_at, metric_id); created_at
 * IL_TIME_NONE for a null one. */
typedef struct
{
  gint64 created_at;
  IlUuid metric_id;
} IlRowKey;

/* Fetches @limit matching rows after @after (NULL: from the first) in
 * keyset order: with @null_part the rows whose created_at is null, by
 * metric_id; else the dated rows, by created_at then metric_id. Unlike an
 * offset, the cursor neither skips nor repeats a row when rows are
 * inserted or deleted between pages, and the database reads no row before
 * it. Fewer rows than @limit only at the end. A page whose last row is not
 * after @after (the cursor ignored on the way) is an error. */
void        il_supabase_client_rows_after_async  (IlSupabaseClient    *self,
                                                  const IlRowQuery    *query,
                                                  gboolean             null_part,
                                                  const IlRowKey      *after,
                                                  guint                limit,
                                                  gboolean             count,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* As il_supabase_client_rows_finish(); *last: the key of the page's last
 * row, skipped rows included (unset when the page is empty). */
IlRowStore *il_supabase_client_rows_after_finish (IlSupabaseClient    *self,
                                                  GAsyncResult        *result,
                                                  gint64              *total,
                                                  IlRowKey            *last,
                                                  GError             **error);

G_END_DECLS
