/* il-supabase-client.h: reads interview_latency_metrics from a Supabase
 * (PostgREST) project, every row, concurrently, surviving faults (SPEC section 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-row-store.h"
#include "il-source-error.h"

G_BEGIN_DECLS

#define IL_SUPABASE_TABLE "interview_latency_metrics"

#define IL_TYPE_SUPABASE_CLIENT (il_supabase_client_get_type ())
G_DECLARE_FINAL_TYPE (IlSupabaseClient, il_supabase_client, IL, SUPABASE_CLIENT, GObject)

/* Called on the main context of the caller of _fetch_async. */
typedef void (*IlFetchProgressFunc) (guint64  rows_fetched,
                                     gint64   rows_total,   /* -1 when unknown */
                                     gpointer user_data);

typedef enum
{
  IL_CONNECTION_CONNECTED,
  IL_CONNECTION_NO_ROWS_VISIBLE,   /* 200 [] : RLS without a policy, or an empty table */
  IL_CONNECTION_KEY_REJECTED,
  IL_CONNECTION_TABLE_MISSING,
  IL_CONNECTION_UNREACHABLE,       /* DNS, refused, timeout */
  IL_CONNECTION_TLS_ERROR,
  IL_CONNECTION_FAILED,            /* anything else; see message */
} IlConnectionState;

typedef struct
{
  IlConnectionState  state;
  gint64             rows_visible;   /* exact count when the server gave it, else -1 */
  char              *message;        /* translated, user-actionable, never the key */
} IlConnectionCheck;

void il_connection_check_free (IlConnectionCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlConnectionCheck, il_connection_check_free)

typedef struct
{
  guint   requests;        /* HTTP requests sent, retries included */
  guint64 bytes_received;  /* response bodies */
  guint   retries;
  guint   slow_pages;      /* pages that took over a second: no usable index */
  guint   slowest_page_ms;
} IlFetchStats;

/* One line of the diagnostics (issue 7). */
typedef struct
{
  char     *title;    /* translated */
  gboolean  ok;
  char     *detail;   /* translated, never the key */
} IlDiagnostic;

void il_diagnostic_free (IlDiagnostic *diag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlDiagnostic, il_diagnostic_free)

/* @base_url: as accepted by il_supabase_url_normalize (it is normalized here;
 * when it is invalid every request fails with that error). */
IlSupabaseClient *il_supabase_client_new             (const char       *base_url,
                                                      const char       *key);
const char       *il_supabase_client_get_base_url    (IlSupabaseClient *self);

/* Rows per request (default 1000). */
void              il_supabase_client_set_page_size   (IlSupabaseClient *self,
                                                      guint             page_size);
guint             il_supabase_client_get_page_size   (IlSupabaseClient *self);
/* Partitions fetched at once (default 6, as many connections as a browser
 * opens to one host; 1 = one page after another). */
void              il_supabase_client_set_concurrency (IlSupabaseClient *self,
                                                      guint             concurrency);
guint             il_supabase_client_get_concurrency (IlSupabaseClient *self);
/* Per-request timeout in seconds (default 30). */
void              il_supabase_client_set_timeout     (IlSupabaseClient *self,
                                                      guint             seconds);
guint             il_supabase_client_get_timeout     (IlSupabaseClient *self);
/* The longest one request may take, body included (default 120 s): the
 * timeout above only notices silence, not a body that trickles in. */
void              il_supabase_client_set_deadline    (IlSupabaseClient *self,
                                                      guint             seconds);
guint             il_supabase_client_get_deadline    (IlSupabaseClient *self);
/* Retries of 429/502/503/504 and network errors (default 3), and the first
 * backoff delay in ms, doubled each time (default 500; tests use 1). */
void              il_supabase_client_set_max_retries (IlSupabaseClient *self,
                                                      guint             max_retries);
guint             il_supabase_client_get_max_retries (IlSupabaseClient *self);
void              il_supabase_client_set_retry_base_delay (IlSupabaseClient *self,
                                                           guint             ms);
/* Stats of the last fetch (or of the running one). */
void              il_supabase_client_get_stats       (IlSupabaseClient *self,
                                                      IlFetchStats     *stats);

/* Returns: (transfer full) (nullable): advice on the last fetch (pages so
 * slow that the table lacks an index), translated, or NULL. */
char             *il_supabase_client_dup_advice      (IlSupabaseClient *self);

/* Fetches every row with created_at >= @created_min (IL_TIME_NONE: every
 * row, null created_at included) into a new store. */
void              il_supabase_client_fetch_async     (IlSupabaseClient    *self,
                                                      gint64               created_min,
                                                      IlFetchProgressFunc  progress,
                                                      gpointer             progress_data,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Returns: (transfer full): a new sealed store, or NULL with IL_SOURCE_ERROR
 * or G_IO_ERROR_CANCELLED. Never a partial store. */
IlRowStore       *il_supabase_client_fetch_finish    (IlSupabaseClient    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* A cheap request (select=metric_id, limit=1, exact count). Never fails:
 * the outcome is in the returned state (cancellation gives NULL + error). */
void               il_supabase_client_check_async    (IlSupabaseClient    *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
IlConnectionCheck *il_supabase_client_check_finish   (IlSupabaseClient    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The original's checks: URL and key set and the key's kind, exact count,
 * an unfiltered sample of 5 rows, a single-column query.
 * Returns: (transfer full) (element-type IlDiagnostic) */
void               il_supabase_client_diagnose_async  (IlSupabaseClient    *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray         *il_supabase_client_diagnose_finish (IlSupabaseClient    *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
