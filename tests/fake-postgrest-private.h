/* fake-postgrest-private.h: what the fake PostgREST's server
 * (fake-postgrest.c), its table answer (fake-postgrest-rows.c), its query
 * language (fake-postgrest-query.c) and the rest of fake-postgrest-*.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "fake-postgrest.h"

G_BEGIN_DECLS

#define TABLE_PATH "/rest/v1/interview_latency_metrics"

typedef enum
{
  FAULT_DELAY,
  FAULT_STATUS,
  FAULT_CUT,
  FAULT_BAD_ROW,
  FAULT_BAD_PAGE,
  FAULT_INSERT,
  FAULT_SHORT,
  FAULT_BAD_TAIL,
  FAULT_TRICKLE,
  FAULT_REDIRECT,
  FAULT_DELETE_OLDEST,
  FAULT_DROP_FILTERS,
} FaultKind;

typedef struct
{
  FaultKind   kind;
  guint       request_no;
  guint       ms;
  guint       status;
  char       *content_type;
  char       *body;
  char       *retry_after;
  IlRowStore *rows;
  guint       n;            /* FAULT_SHORT, FAULT_BAD_TAIL, FAULT_DELETE_OLDEST */
  char       *location;     /* FAULT_REDIRECT */
} Fault;

/* Per-row compact JSON objects of one store for one column mask. */
typedef struct
{
  guint    mask;
  GString *text;
  guint64 *offsets;   /* 2 * n_rows: start and end of each object */
} RowTexts;

typedef struct
{
  IlRowStore *store;
  GPtrArray  *texts;  /* RowTexts, one per mask used */
} FakeStore;

typedef struct
{
  guint   store;      /* index into stores */
  guint32 row;
} FakeRow;

struct _IlFakePostgrest
{
  GMutex        mutex;
  GCond         cond;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  char         *tls_error_url;
  GSocketService *not_tls;
  char         *key;

  GPtrArray    *stores;    /* FakeStore */
  GArray       *rows;      /* FakeRow, in default order */

  guint         max_rows;
  guint         delay_ms;
  GArray       *bad_ids;   /* IlUuid: rows always sent unfit for the schema */
  gboolean      table_missing;
  gboolean      table_missing_legacy;
  GPtrArray    *faults;    /* Fault */

  guint64       skip_cost_ns;
  guint64       rows_skipped;
  GRand        *random;    /* random transient faults, NULL = none */
  double        random_rate;
  guint         random_counts[IL_FAKE_N_RANDOM];

  guint         n_requests;
  GPtrArray    *log;
  char         *last_authorization;

  IlFakePostgrestRpcFunc rpc_func;   /* fake-postgrest-functions.c */
  gpointer      rpc_data;
  guint         n_rpc_calls;
  char         *last_rpc_args;

  /* fake-postgrest-realtime.c; the subscribers belong to the server thread */
  GPtrArray    *rt_subscribers;
  gboolean      rt_off;
  gboolean      rt_mute;
  guint         rt_connects;
  guint         rt_joins;
  guint         rt_heartbeats;
  char         *rt_last_join;
  char         *rt_last_query;
};

static inline IlRowStore *
row_store (IlFakePostgrest *self, const FakeRow *r)
{
  return ((FakeStore *) g_ptr_array_index (self->stores, r->store))->store;
}

static inline gint64
row_created (IlFakePostgrest *self, const FakeRow *r)
{
  return row_store (self, r)->created_at[r->row];
}

static inline const IlUuid *
row_metric (IlFakePostgrest *self, const FakeRow *r)
{
  return &row_store (self, r)->metric_id[r->row];
}

/* Default order: created_at asc nulls last, metric_id asc. */

/* ---- the query language ---- */

typedef enum
{
  COL_KIND_TIME,
  COL_KIND_UUID,
  COL_KIND_TEXT,
  COL_KIND_INT,
  COL_KIND_NUMBER,
} ColKind;

typedef enum { OP_EQ, OP_NEQ, OP_GT, OP_GTE, OP_LT, OP_LTE, OP_IS_NULL, OP_IN, OP_LIKE, OP_ILIKE } Op;
typedef enum { NODE_CMP, NODE_AND, NODE_OR } NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  gboolean   negate;
  IlColumn   column;
  Op         op;
  gint64     t;
  IlUuid     u;
  double     d;
  char      *s;
  GStrv      list;      /* OP_IN's values */
  GPtrArray *children;
};

typedef struct
{
  guint status;
  char *code;
  char *message;
  char *details;
  char *hint;
} PgError;

typedef struct
{
  IlColumn column;
  gboolean desc;
  gboolean nulls_first;
} OrderTerm;

typedef struct
{
  IlFakePostgrest *self;
  GArray          *terms;
} OrderCtx;

void      fake_add_fault            (IlFakePostgrest  *self,
                                     Fault            *f);

/* A request waiting for its answer. */
typedef struct
{
  IlFakePostgrest   *self;
  SoupServerMessage *msg;
  char              *path;
  char              *query;
  gboolean           cut;
  gboolean           bad_row;
  gboolean           bad_page;
  int                short_rows;     /* -1: none */
  guint              bad_tail;
  guint              trickle_ms;
  char              *redirect;
  guint64            skip_ns;        /* what the rows skipped cost */
  Fault             *status_fault;   /* copy */
  GPtrArray         *inserts;        /* IlRowStore */
  guint              delete_oldest;  /* dated rows */
  gboolean           drop_filters;
} Pending;

/* fake-postgrest.c */
void      fake_set_json             (SoupServerMessage *msg,
                                     guint             status,
                                     const char       *content_type,
                                     const char       *body,
                                     gsize             len);
void      fake_send_pg_error        (SoupServerMessage *msg,
                                     const PgError    *e);

/* GET of the table, after the key checks (fake-postgrest-rows.c). */
void      fake_answer_rows          (Pending          *p);

extern const ColKind fake_col_kinds[IL_N_COLUMNS];

void      fake_node_free            (gpointer          data);
void      fake_pg_error_set         (PgError          *e,
                                     guint             status,
                                     const char       *code,
                                     char             *message,
                                     char             *details,
                                     const char       *hint);
int       fake_column_from_name     (const char       *name);
void      fake_error_unknown_column (PgError          *e,
                                     const char       *name);
Node     *fake_parse_condition      (const char       *name,
                                     const char       *opval,
                                     PgError          *e);
Node     *fake_parse_logic          (NodeKind          kind,
                                     gboolean          negate,
                                     const char       *list,
                                     PgError          *e);
int       fake_eval                 (IlFakePostgrest  *self,
                                     const Node       *n,
                                     const FakeRow    *r);
int       fake_order_cmp            (gconstpointer     a,
                                     gconstpointer     b,
                                     gpointer          data);
GArray   *fake_parse_order          (const char       *value,
                                     PgError          *e);
gboolean  fake_order_is_default     (GArray           *terms);
gboolean  fake_node_lower_bound     (const Node       *n,
                                     gint64           *lo);
guint     fake_first_at_or_after    (IlFakePostgrest  *self,
                                     gint64            lo);
char     *fake_decode_component     (const char       *s,
                                     gssize            len);

/* POST /rest/v1/rpc/NAME, after the key checks (fake-postgrest-functions.c). */
void      fake_answer_rpc           (IlFakePostgrest   *self,
                                     SoupServerMessage *msg,
                                     const char        *path);

/* fake-postgrest.c */
void      fake_add_store_locked     (IlFakePostgrest   *self,
                                     IlRowStore        *store);
/* fake-postgrest-realtime.c, on the server thread */
void      fake_realtime_setup       (IlFakePostgrest   *self);
void      fake_realtime_teardown    (IlFakePostgrest   *self);
void      fake_realtime_broadcast   (IlFakePostgrest   *self,
                                     guint              n_rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, fake_node_free)

G_END_DECLS
