/* il-row-store-private.h: internals shared by the model's row files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* ---- string pool -------------------------------------------------------- */

/* Forgets every string, keeping the pool's memory for reuse. */
void        _il_string_pool_clear            (IlStringPool     *pool);
/* Bytes the pool holds, for il_row_store_get_memory_size. */
gsize       _il_string_pool_memory_size      (const IlStringPool *pool);
/* A GCompareDataFunc for ids of the pool passed as user data: the byte order
 * of their strings. */
int         _il_string_pool_compare_ids      (gconstpointer     a,
                                              gconstpointer     b,
                                              gpointer          pool);

/* ---- batch ---------------------------------------------------------------- */

/* A page holds few distinct steps and statuses: a short list compared with
 * strcmp finds them faster than hashing each value again. */
#define IL_INTERN_CACHE_SIZE 16
typedef struct
{
  guint        n;
  const char  *str[IL_INTERN_CACHE_SIZE];   /* borrowed from the pool */
  IlStrId      id[IL_INTERN_CACHE_SIZE];
} IlInternCache;

struct _IlRowBatch
{
  guint          n_rows;
  guint          capacity;

  IlUuid        *metric_id;
  IlUuid        *session_id;
  gint32        *turn_number;
  IlStrId       *step;
  double        *latency_ms;
  gint64        *started_at;
  gint64        *completed_at;
  gint64        *created_at;
  gint16        *started_offset;
  gint16        *completed_offset;
  gint16        *created_offset;
  IlStrId       *status;
  IlStrId       *error_message;
  guint32       *metadata_offset;   /* n_rows + 1 entries into metadata */
  GString       *metadata;

  IlStringPool  *steps;
  IlStringPool  *statuses;
  IlStringPool  *messages;

  guint          n_skipped;
  char          *skip_reason;
  GArray        *skipped_at;        /* gint64: each skipped row's created_at */

  IlInternCache  step_cache;
  IlInternCache  status_cache;
  IlInternCache  message_cache;
};

/* Why a row does not fit the schema. */
typedef enum
{
  IL_BAD_MISSING,
  IL_BAD_NULL,
  IL_BAD_NOT_STRING,
  IL_BAD_NOT_NUMBER,
  IL_BAD_NOT_INTEGER,
  IL_BAD_UUID,
  IL_BAD_TIMESTAMP,
} IlBadKind;

/* An empty batch, to be filled (and refilled) by _il_row_batch_parse_into. */
IlRowBatch *_il_row_batch_new                (void);
/* Empties the batch, keeping its memory. */
void        _il_row_batch_reset              (IlRowBatch       *batch);
/* Room for n rows; a reused batch keeps its arrays (no free/alloc per page). */
void        _il_row_batch_reserve            (IlRowBatch       *batch,
                                              guint             n);
/* str interned in pool through cache; IL_STR_NONE for NULL. */
IlStrId     _il_row_batch_intern             (IlStringPool     *pool,
                                              IlInternCache    *cache,
                                              const char       *str);
/* Counts row index (0-based in the page's array) as skipped because of field;
 * the first reason is kept. */
/* @created_at: the row's, IL_TIME_NONE for null, IL_SKIPPED_AT_UNKNOWN when
 * it could not be read: a refresh that reads the row's time again then
 * knows the old count included it. */
void        _il_row_batch_skip               (IlRowBatch       *batch,
                                              guint             index,
                                              const char       *field,
                                              IlBadKind         kind,
                                              gint64            created_at);
/* Counts array element index as skipped: kind (e.g. "a number") is not an object. */
void        _il_row_batch_skip_element       (IlRowBatch       *batch,
                                              guint             index,
                                              const char       *kind);
/* il_row_batch_parse_json into an existing batch, reusing its memory: a loader
 * that parses many pages then allocates nothing per page. */
gboolean    _il_row_batch_parse_into         (IlRowBatch       *batch,
                                              const char       *data,
                                              gssize            len,
                                              GError          **error);
/* The same through a json-glib tree: the decoder falls back on it for any page
 * it is not sure about, and tests compare the two. */
gboolean    _il_row_batch_parse_dom          (IlRowBatch       *batch,
                                              const char       *data,
                                              gssize            len,
                                              GError          **error);
/* The streaming decoder alone: TRUE when it decoded the whole page into batch
 * exactly as _il_row_batch_parse_dom would; FALSE when it is not sure (bad
 * JSON, a page that is not an array, rare escapes), batch then holds garbage. */
gboolean    _il_page_decode                  (IlRowBatch       *batch,
                                              const char       *data,
                                              gsize             len);
/* Tests: NULL when a and b hold the same rows, values (doubles bit for bit),
 * skip counts and reason; else what differs. */
char       *_il_row_batch_diff               (const IlRowBatch *a,
                                              const IlRowBatch *b);

/* ---- store ---------------------------------------------------------------- */

/* il_row_store_append_batch without consuming the batch. */
void        _il_row_store_append_batch_copy  (IlRowStore       *self,
                                              const IlRowBatch *batch);
/* Ends appending: gives back the growth slack and the session table. */
void        _il_row_store_trim               (IlRowStore       *self);

/* Sizes every column for exactly @n_rows rows, @metadata_len bytes of
 * metadata text and @n_sessions sessions, and sets the counts: a loader then
 * fills the columns in place (one copy) and seals. The pools stay empty. */
void        _il_row_store_alloc_exact        (IlRowStore       *self,
                                              guint             n_rows,
                                              gsize             metadata_len,
                                              guint             n_sessions);
/* Appends row @rows[i] of store @sources[@source_of[i]] for each i < @n, in
 * that order: strings and sessions are mapped once per source. */
void        _il_row_store_append_from        (IlRowStore              *self,
                                              const IlRowStore * const *sources,
                                              guint                     n_sources,
                                              const guint8             *source_of,
                                              const guint32            *rows,
                                              guint                     n);

/* Extending a sealed store in place: a store holding @old's rows in @old's
 * buffers, unsealed, with nothing appended yet; */
IlRowStore *_il_row_store_new_extending      (IlRowStore       *old);
/* then room for so many rows, new sessions and bytes of metadata text
 * appended by _il_row_store_append_from: FALSE when the buffers lack it
 * or a store extending @old (or a later one) was made already; */
gboolean    _il_row_store_claim_tail         (IlRowStore       *self,
                                              guint             n_more_rows,
                                              guint             n_more_sessions,
                                              gsize             more_metadata);
/* once the rows are in, _il_row_store_end_extending, then seal. */
void        _il_row_store_end_extending      (IlRowStore       *self);
/* The index of @uuid in session_ids while the store is being appended to;
 * G_MAXUINT32 when unknown. */
guint32     _il_row_store_find_session       (const IlRowStore *self,
                                              const IlUuid     *uuid);
/* Seals a store made by _il_row_store_new_extending from @prefix: indexes
 * merged from @prefix's with the new rows', equal to il_row_store_seal's. */
void        _il_row_store_seal_extended      (IlRowStore       *self,
                                              const IlRowStore *prefix);

G_END_DECLS
