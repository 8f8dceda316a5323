/* fake-postgrest.h: an in-process PostgREST (Supabase REST) server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves GET /rest/v1/interview_latency_metrics on http://127.0.0.1:<random
 * port> from the rows of an IlRowStore, as a real PostgREST does:
 *   select=a,b (unknown column: 400 42703), filters col=gte|gt|eq|lt|lte|neq.V,
 *   col=is.null, col=not.is.null, col=in.(...), col=like|ilike.PATTERN (text
 *   columns; on others 404 42883 as PostgreSQL has no such operator),
 *   or=(...) / and(...) (nested), order=col.asc|desc
 *   [.nullsfirst|.nullslast] on created_at / metric_id, limit, offset, Range
 *   header (items), Prefer: count=exact (200/206/416 + Content-Range), a
 *   max-rows cap, apikey checking with the gateway's 401 bodies, `+` in the
 *   query read as a space (so an unencoded timestamp offset gives 400 22007).
 * Other tables give 404 PGRST205. POST /rest/v1/rpc/NAME calls the hook set
 * with il_fake_postgrest_set_rpc (without one: 404 PGRST202).
 *
 * The server runs on its own thread and main context, so a test may block
 * (e.g. wait for a subprocess) while it serves. All functions are thread-safe.
 *
 * Faults are keyed by request number: 1 is the first request under /rest/v1/,
 * 0 means every request. Several faults may apply to one request.
 */
#pragma once

#include <glib.h>

#include "il-row-store.h"

G_BEGIN_DECLS

typedef struct _IlFakePostgrest IlFakePostgrest;

/* The transient faults of a gateway or proxy, for random_faults. */
typedef enum
{
  IL_FAKE_RANDOM_SHORT,      /* 200 with fewer rows than the page has */
  IL_FAKE_RANDOM_EMPTY,      /* 200 [] in the middle of the rows */
  IL_FAKE_RANDOM_HTML_500,   /* 500 with an HTML page */
  IL_FAKE_RANDOM_BAD_JSON,   /* 200 with truncated JSON */
  IL_FAKE_RANDOM_502,        /* 502 from the gateway */
  IL_FAKE_RANDOM_CUT,        /* connection closed mid-body */
  IL_FAKE_N_RANDOM
} IlFakeRandomFault;

/* @rows: the table's rows (any order; NULL = empty table; a ref is taken).
 * @key: the accepted apikey (NULL = any key, but an apikey header is still required). */
IlFakePostgrest *il_fake_postgrest_new            (IlRowStore      *rows,
                                                   const char      *key);
void             il_fake_postgrest_free           (IlFakePostgrest *self);

/* "http://127.0.0.1:PORT" (no trailing slash), valid until freed. */
const char      *il_fake_postgrest_get_url        (IlFakePostgrest *self);

/* "https://127.0.0.1:PORT2": a port that answers plain text to a TLS
 * handshake, so a client gets a TLS error at once. */
const char      *il_fake_postgrest_get_tls_error_url (IlFakePostgrest *self);

/* The server's max-rows (default 1000; 0 = no cap). */
void             il_fake_postgrest_set_max_rows   (IlFakePostgrest *self,
                                                   guint            max_rows);
/* Added to every request before it is answered (default 0). */
void             il_fake_postgrest_set_delay      (IlFakePostgrest *self,
                                                   guint            ms);
/* Answer 404 PGRST205 for our table (or the older 42P01 when @legacy). */
void             il_fake_postgrest_set_table_missing (IlFakePostgrest *self,
                                                      gboolean         missing,
                                                      gboolean         legacy);

/* Answers POST /rest/v1/rpc/NAME: args is the JSON body; returns the
 * response body and may set *status (200 by default). Runs on the server's
 * thread, so it may block (e.g. run psql). */
typedef char *(*IlFakePostgrestRpcFunc) (const char *name,
                                         const char *args,
                                         guint      *status,
                                         gpointer    data);
/* NULL (the default): every function is missing (404 PGRST202). */
void  il_fake_postgrest_set_rpc         (IlFakePostgrest        *self,
                                         IlFakePostgrestRpcFunc  func,
                                         gpointer                data);
guint il_fake_postgrest_get_n_rpc_calls (IlFakePostgrest        *self);
/* The last call's body (NULL before the first). */
char *il_fake_postgrest_dup_last_rpc_args (IlFakePostgrest       *self);

/* ---- Supabase Realtime (/realtime/v1/websocket) ---- */

/* Adds @rows to the table now (a ref is taken) and tells every Realtime
 * subscriber, one postgres_changes message per row. */
void  il_fake_postgrest_insert_rows       (IlFakePostgrest *self,
                                           IlRowStore      *rows);
/* FALSE: the endpoint answers 404, as a PostgREST without Supabase does
 * (default TRUE). */
void  il_fake_postgrest_set_realtime      (IlFakePostgrest *self,
                                           gboolean         available);
/* TRUE: heartbeats get no reply, as over a connection that died silently. */
void  il_fake_postgrest_realtime_mute     (IlFakePostgrest *self,
                                           gboolean         mute);
/* Closes every Realtime connection from the server's side. */
void  il_fake_postgrest_realtime_drop     (IlFakePostgrest *self);
void  il_fake_postgrest_get_realtime_counts (IlFakePostgrest *self,
                                             guint           *connects,
                                             guint           *joins,
                                             guint           *heartbeats);
/* The query string of the last handshake (raw). */
char *il_fake_postgrest_dup_realtime_query (IlFakePostgrest *self);
/* The payload of the last phx_join, as JSON. */
char *il_fake_postgrest_dup_realtime_join (IlFakePostgrest *self);

/* ---- faults, by request number (1-based; 0 = every request) ---- */

/* Waits @ms before answering. */
void il_fake_postgrest_fault_delay       (IlFakePostgrest *self,
                                          guint            request_no,
                                          guint            ms);
/* Answers @status with @body (Content-Type @content_type, default
 * application/json) instead of the rows; @retry_after (may be NULL) sets the
 * Retry-After header. E.g. (429, NULL, "{}", "1"), (200, NULL, "[{\"a\":", NULL),
 * (502, "text/html", "<html>Bad gateway</html>", NULL). */
void il_fake_postgrest_fault_status      (IlFakePostgrest *self,
                                          guint            request_no,
                                          guint            status,
                                          const char      *content_type,
                                          const char      *body,
                                          const char      *retry_after);
/* Sends the headers (with the full Content-Length) and half of the body,
 * then closes the connection. */
void il_fake_postgrest_fault_cut         (IlFakePostgrest *self,
                                          guint            request_no);
/* Puts an object that does not fit the schema first in the page. */
void il_fake_postgrest_fault_bad_row     (IlFakePostgrest *self,
                                          guint            request_no);
/* Makes every row of the page unfit for the schema (a string turn_number),
 * keeping metric_id and created_at intact. */
void il_fake_postgrest_fault_bad_page    (IlFakePostgrest *self,
                                          guint            request_no);
/* From now on, the rows with these metric_ids are always sent with a
 * turn_number that does not fit the schema (created_at intact), as a table
 * with a bad row in it; @n_ids 0 ends that. */
void il_fake_postgrest_set_bad_rows      (IlFakePostgrest *self,
                                          const IlUuid    *ids,
                                          guint            n_ids);
/* Adds @rows to the table just before answering (a ref is taken). */
void il_fake_postgrest_fault_insert_rows (IlFakePostgrest *self,
                                          guint            request_no,
                                          IlRowStore      *rows);
/* Answers as if the request had no filters (select, order, limit and offset
 * only), as a proxy that drops the others would; @request_no 0: every one. */
void il_fake_postgrest_fault_drop_filters  (IlFakePostgrest *self,
                                            guint            request_no);
/* Deletes the @n oldest dated rows just before answering, as a retention
 * job would. */
void il_fake_postgrest_fault_delete_oldest (IlFakePostgrest *self,
                                            guint            request_no,
                                            guint            n);
/* Answers 200 with at most @n_rows of the page's rows (0: `[]`), headers
 * consistent with the shorter page, as a gateway that lost rows would. */
void il_fake_postgrest_fault_short       (IlFakePostgrest *self,
                                          guint            request_no,
                                          guint            n_rows);
/* The last @n_rows rows of the page send created_at without its offset,
 * which the client cannot parse but the server accepts back as a filter
 * value (read as UTC, like PostgreSQL with TimeZone=UTC). */
void il_fake_postgrest_fault_bad_tail    (IlFakePostgrest *self,
                                          guint            request_no,
                                          guint            n_rows);
/* Sends the headers, then the body one byte every @ms_per_byte. */
void il_fake_postgrest_fault_trickle     (IlFakePostgrest *self,
                                          guint            request_no,
                                          guint            ms_per_byte);
/* Answers 302 with Location @location followed by the request's query. */
void il_fake_postgrest_fault_redirect    (IlFakePostgrest *self,
                                          guint            request_no,
                                          const char      *location);
/* Each request gets, with probability @rate, one transient fault picked at
 * random (seeded); 0 turns them off and resets the counts. */
void il_fake_postgrest_set_random_faults (IlFakePostgrest *self,
                                          guint32          seed,
                                          double           rate);
guint il_fake_postgrest_get_random_count (IlFakePostgrest   *self,
                                          IlFakeRandomFault  kind);
void il_fake_postgrest_clear_faults      (IlFakePostgrest *self);

/* ---- cost ---- */

/* Rows the server reads and throws away before the first row it returns
 * (the index range starts at the plain created_at bound, never inside an
 * or=), as PostgreSQL does; each costs @ns_per_row of delay (default 0). */
void    il_fake_postgrest_set_skip_cost    (IlFakePostgrest *self,
                                            guint            ns_per_row);
guint64 il_fake_postgrest_get_rows_skipped (IlFakePostgrest *self);

/* ---- what the server saw ---- */

/* Requests to /rest/v1/ so far. */
guint      il_fake_postgrest_get_n_requests (IlFakePostgrest *self);
/* Each request's "path?query" as received (raw, percent-encoded), in order. */
GPtrArray *il_fake_postgrest_dup_log        (IlFakePostgrest *self);
/* The last request's Authorization header (NULL when none). */
char      *il_fake_postgrest_dup_last_authorization (IlFakePostgrest *self);
/* Rows currently in the table (inserted ones included). */
guint      il_fake_postgrest_get_n_rows     (IlFakePostgrest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlFakePostgrest, il_fake_postgrest_free)

G_END_DECLS
