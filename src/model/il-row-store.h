/* il-row-store.h: the columnar store of interview_latency_metrics rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An interned string id; IL_STR_NONE stands for SQL null. */
typedef guint32 IlStrId;
#define IL_STR_NONE  G_MAXUINT32
/* A timestamp that is SQL null (only created_at may be). */
#define IL_TIME_NONE G_MININT64
/* The created_at of a skipped row whose created_at could not be read. */
#define IL_SKIPPED_AT_UNKNOWN (G_MININT64 + 1)

#define IL_MODEL_ERROR (il_model_error_quark ())
typedef enum
{
  IL_MODEL_ERROR_INVALID_JSON,   /* the page is not JSON at all */
  IL_MODEL_ERROR_NOT_AN_ARRAY,   /* JSON, but not an array of objects */
} IlModelError;
GQuark il_model_error_quark (void);

/* The table's columns, in schema order. */
typedef enum
{
  IL_COL_METRIC_ID,
  IL_COL_SESSION_ID,
  IL_COL_TURN_NUMBER,
  IL_COL_STEP_NAME,
  IL_COL_LATENCY_MS,
  IL_COL_STARTED_AT,
  IL_COL_COMPLETED_AT,
  IL_COL_STATUS,
  IL_COL_ERROR_MESSAGE,
  IL_COL_METADATA,
  IL_COL_CREATED_AT,
  IL_N_COLUMNS
} IlColumn;

const char *il_column_name (IlColumn column);

/* ---- uuid ------------------------------------------------------------ */

typedef struct
{
  guint64 hi;
  guint64 lo;
} IlUuid;

gboolean il_uuid_parse   (const char   *str,
                          gssize        len,
                          IlUuid       *out);
/* Lower-case canonical 8-4-4-4-12 form, NUL-terminated. */
void     il_uuid_format  (const IlUuid *uuid,
                          char          out[37]);
int      il_uuid_compare (const IlUuid *a,
                          const IlUuid *b);

/* ---- timestamps -------------------------------------------------------- */

/* Parses "2026-10-29T06:57:55.806386+00:00" (fraction of 0-6 digits, offset
 * "+HH:MM", "+HHMM", "+HH" or "Z"; a space instead of 'T' is accepted) into
 * microseconds since the Unix epoch (UTC) and the offset in minutes as received. */
gboolean il_timestamp_parse  (const char *str,
                              gssize      len,
                              gint64     *out_us,
                              gint16     *out_offset_min);
/* Writes the timestamp the way PostgREST does: local time at the given offset,
 * fraction with trailing zeros trimmed (none when zero), offset "+HH:MM".
 * Returns the length; buf must hold at least 40 bytes. */
gsize    il_timestamp_format (gint64      us,
                              gint16      offset_min,
                              char       *buf);

/* ---- string pool -------------------------------------------------------- */

typedef struct _IlStringPool IlStringPool;

IlStringPool *il_string_pool_new      (void);
void          il_string_pool_free     (IlStringPool *pool);
IlStrId       il_string_pool_intern   (IlStringPool *pool,
                                       const char   *str,
                                       gssize        len);
/* Returns NULL for IL_STR_NONE. */
const char   *il_string_pool_get      (const IlStringPool *pool,
                                       IlStrId             id);
/* -1 when the string was never interned. */
gint64        il_string_pool_lookup   (const IlStringPool *pool,
                                       const char         *str);
guint         il_string_pool_get_size (const IlStringPool *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlStringPool, il_string_pool_free)

/* ---- one row, as plain values (for generators and tests) ----------------- */

typedef struct
{
  IlUuid      metric_id;
  IlUuid      session_id;
  gint32      turn_number;
  const char *step_name;       /* not NULL */
  double      latency_ms;
  gint64      started_at;      /* us since epoch, UTC */
  gint64      completed_at;
  const char *status;          /* not NULL */
  const char *error_message;   /* NULL = SQL null */
  const char *metadata;        /* compact JSON text, NULL = SQL null */
  gint64      created_at;      /* IL_TIME_NONE = SQL null */
  gint16      started_offset_min;   /* UTC offsets as received, usually 0 */
  gint16      completed_offset_min;
  gint16      created_offset_min;
} IlRowInput;

/* ---- batch: the rows of one PostgREST page, parsed on any thread ---------- */

typedef struct _IlRowBatch IlRowBatch;

/* Parses one PostgREST response body. A body that is
 * not JSON, or not an array of objects, fails as a whole with IL_MODEL_ERROR.
 * A row that does not fit the schema is skipped and counted, with the first
 * reason kept; the rest of the page is kept. Thread-safe: uses no shared state. */
IlRowBatch *il_row_batch_parse_json       (const char  *data,
                                           gssize       len,
                                           GError     **error);
guint       il_row_batch_get_n_rows       (const IlRowBatch *batch);
guint       il_row_batch_get_n_skipped    (const IlRowBatch *batch);
/* Bytes of metadata text its rows hold. */
gsize       il_row_batch_get_metadata_size (const IlRowBatch *batch);
/* e.g. "row 17: missing field \"latency_ms\""; NULL when nothing was skipped. */
const char *il_row_batch_get_skip_reason  (const IlRowBatch *batch);
/* The (created_at, metric_id) of the batch's last row, for keyset paging.
 * created_at may be IL_TIME_NONE. FALSE when the batch has no rows. */
gboolean    il_row_batch_get_last_key     (const IlRowBatch *batch,
                                           gint64           *created_at,
                                           gint16           *created_offset_min,
                                           IlUuid           *metric_id);
void        il_row_batch_free             (IlRowBatch *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRowBatch, il_row_batch_free)

/* ---- the store ------------------------------------------------------------
 *
 * Columns are public and read-only for readers. A store is filled on one
 * thread (append), then sealed; once sealed it never changes and any number
 * of threads may read it at once. It is reference counted.
 */
typedef struct _IlRowStore IlRowStore;
struct _IlRowStore
{
  /*< public, read-only >*/
  guint          n_rows;

  IlUuid        *metric_id;
  guint32       *session;          /* index into session_ids */
  gint32        *turn_number;
  IlStrId       *step;             /* id in steps */
  double        *latency_ms;
  gint64        *started_at;
  gint64        *completed_at;
  gint64        *created_at;       /* IL_TIME_NONE for null */
  gint16        *started_offset;   /* minutes */
  gint16        *completed_offset;
  gint16        *created_offset;
  IlStrId       *status;           /* id in statuses */
  IlStrId       *error_message;    /* id in messages, IL_STR_NONE for null */
  guint64       *metadata_offset;  /* n_rows + 1 entries into metadata_text; */
  char          *metadata_text;    /*   an empty slice means null */

  IlUuid        *session_ids;
  guint          n_sessions;

  IlStringPool  *steps;            /* ids are dense: 0 .. n_steps-1 */
  IlStringPool  *statuses;
  IlStringPool  *messages;

  guint          n_skipped;        /* rows rejected while loading */
  char          *first_skip_reason;
  /* n_skipped entries: each skipped row's created_at (IL_TIME_NONE: null,
   * IL_SKIPPED_AT_UNKNOWN: unreadable), so a merge that reads a span again
   * drops the old count of that span's bad rows instead of adding it twice */
  gint64        *skipped_at;

  /* Indexes, valid once sealed. */
  gboolean       sealed;
  guint32       *by_step_latency;  /* row ids sorted by (step name order, latency) */
  guint32       *step_offsets;     /* n_steps + 1 entries into by_step_latency */
  IlStrId       *step_order;       /* step ids sorted by name (g_strcmp0/byte order) */
  guint32       *by_latency;       /* row ids sorted by latency */
  guint32       *by_session;       /* row ids sorted by (session, started_at, metric_id) */
  guint32       *session_offsets;  /* n_sessions + 1 entries into by_session */

  /*< private >*/
  gpointer       priv;
};

IlRowStore *il_row_store_new           (void);
IlRowStore *il_row_store_ref           (IlRowStore       *self);
void        il_row_store_unref         (IlRowStore       *self);

/* Appends the batch's rows (in order) and its skip counts; the batch is consumed. */
void        il_row_store_append_batch  (IlRowStore       *self,
                                        IlRowBatch       *batch);
void        il_row_store_append_row    (IlRowStore       *self,
                                        const IlRowInput *row);
/* Appends a copy of row @row of @from. */
void        il_row_store_append_copy   (IlRowStore       *self,
                                        const IlRowStore *from,
                                        guint             row);
/* Makes room for @n_rows more rows and @metadata_bytes more metadata text,
 * so that appending them never grows a column. Growing one copies it
 * under the allocator's lock, which other threads' allocations (the main
 * thread's frames among them) can end up waiting for. */
void        il_row_store_reserve       (IlRowStore       *self,
                                        guint             n_rows,
                                        gsize             metadata_bytes);
/* The index of @session_id in session_ids, adding it when new (a store of
 * names without rows, e.g. the sessions of a database summary). */
guint32     il_row_store_intern_session (IlRowStore      *self,
                                        const IlUuid     *session_id);
/* Counts rows that a caller rejected before they reached the store (their
 * created_at unknown). */
void        il_row_store_add_skipped   (IlRowStore       *self,
                                        guint             n_skipped,
                                        const char       *first_reason);
/* Same, with each row's created_at (NULL: all unknown). */
void        il_row_store_add_skipped_at (IlRowStore      *self,
                                         const gint64    *created_at,
                                         guint            n_skipped,
                                         const char      *first_reason);
/* Counts the rows the batch rejected (the batch is not consumed). */
void        il_row_store_add_batch_skipped (IlRowStore       *self,
                                            const IlRowBatch *batch);
/* Builds the indexes; the store is read-only afterwards. Idempotent. */
void        il_row_store_seal          (IlRowStore       *self);

/* Compact JSON text of the row's metadata, or NULL (with *len = 0) when null. */
const char *il_row_store_get_metadata  (const IlRowStore *self,
                                        guint             row,
                                        gsize            *len);
static inline const char *
il_row_store_get_step_name (const IlRowStore *self, guint row)
{
  return il_string_pool_get (self->steps, self->step[row]);
}
static inline const char *
il_row_store_get_status (const IlRowStore *self, guint row)
{
  return il_string_pool_get (self->statuses, self->status[row]);
}
static inline const char *
il_row_store_get_error_message (const IlRowStore *self, guint row)
{
  return il_string_pool_get (self->messages, self->error_message[row]);
}

/* Bytes the store holds (columns, pools, indexes), for benchmarks. */
gsize       il_row_store_get_memory_size (const IlRowStore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRowStore, il_row_store_unref)

G_END_DECLS
