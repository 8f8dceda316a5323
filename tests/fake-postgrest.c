/* fake-postgrest.c: an in-process PostgREST for tests (see fake-postgrest.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-row-json.h"

#define TABLE_PATH "/rest/v1/interview_latency_metrics"

typedef enum
{
  FAULT_DELAY,
  FAULT_STATUS,
  FAULT_CUT,
  FAULT_BAD_ROW,
  FAULT_BAD_PAGE,
  FAULT_INSERT,
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
  gboolean      table_missing;
  gboolean      table_missing_legacy;
  GPtrArray    *faults;    /* Fault */

  guint         n_requests;
  GPtrArray    *log;
  IlFakePostgrestRpcFunc rpc_func;
  gpointer      rpc_data;
  guint         n_rpc_calls;
  char         *last_authorization;
};

/* ---- rows ------------------------------------------------------------- */

static void
row_texts_free (gpointer data)
{
  RowTexts *t = data;

  g_string_free (t->text, TRUE);
  g_free (t->offsets);
  g_free (t);
}

static void
fake_store_free (gpointer data)
{
  FakeStore *fs = data;

  il_row_store_unref (fs->store);
  g_ptr_array_unref (fs->texts);
  g_free (fs);
}

static void
fault_free (gpointer data)
{
  Fault *f = data;

  g_free (f->content_type);
  g_free (f->body);
  g_free (f->retry_after);
  g_clear_pointer (&f->rows, il_row_store_unref);
  g_free (f);
}

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
static int
default_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  IlFakePostgrest *self = data;
  gint64 ca = row_created (self, a);
  gint64 cb = row_created (self, b);

  if (ca != cb)
    {
      if (ca == IL_TIME_NONE)
        return 1;
      if (cb == IL_TIME_NONE)
        return -1;
      return ca < cb ? -1 : 1;
    }
  return il_uuid_compare (row_metric (self, a), row_metric (self, b));
}

static void
add_store_locked (IlFakePostgrest *self, IlRowStore *store)
{
  FakeStore *fs = g_new0 (FakeStore, 1);
  guint index = self->stores->len;

  fs->store = il_row_store_ref (store);
  fs->texts = g_ptr_array_new_with_free_func (row_texts_free);
  g_ptr_array_add (self->stores, fs);

  for (guint i = 0; i < store->n_rows; i++)
    {
      FakeRow r = { index, i };
      g_array_append_val (self->rows, r);
    }
  g_array_sort_with_data (self->rows, default_cmp, self);
}

/* Splits a JSON array of objects into the byte ranges of its elements. */
static void
split_array (RowTexts *t, guint n_rows)
{
  const char *s = t->text->str;
  gsize len = t->text->len;
  guint n = 0;
  int depth = 0;
  gboolean in_string = FALSE;

  t->offsets = g_new0 (guint64, 2 * (gsize) n_rows + 1);
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (depth == 1 && c == '{' && n < n_rows)
            t->offsets[2 * n] = i;
          depth++;
        }
      else if (c == '}' || c == ']')
        {
          depth--;
          if (depth == 1 && c == '}' && n < n_rows)
            {
              t->offsets[2 * n + 1] = i + 1;
              n++;
            }
        }
    }
  g_assert (n == n_rows);
}

static RowTexts *
get_texts (FakeStore *fs, guint mask)
{
  RowTexts *t;

  for (guint i = 0; i < fs->texts->len; i++)
    {
      t = g_ptr_array_index (fs->texts, i);
      if (t->mask == mask)
        return t;
    }
  t = g_new0 (RowTexts, 1);
  t->mask = mask;
  t->text = il_row_store_write_json (fs->store, NULL, fs->store->n_rows, mask);
  split_array (t, fs->store->n_rows);
  g_ptr_array_add (fs->texts, t);
  return t;
}

/* ---- query parsing ------------------------------------------------------ */

typedef enum
{
  COL_KIND_TIME,
  COL_KIND_UUID,
  COL_KIND_TEXT,
  COL_KIND_INT,
  COL_KIND_NUMBER,
} ColKind;

static const ColKind col_kinds[IL_N_COLUMNS] = {
  [IL_COL_METRIC_ID] = COL_KIND_UUID,
  [IL_COL_SESSION_ID] = COL_KIND_UUID,
  [IL_COL_TURN_NUMBER] = COL_KIND_INT,
  [IL_COL_STEP_NAME] = COL_KIND_TEXT,
  [IL_COL_LATENCY_MS] = COL_KIND_NUMBER,
  [IL_COL_STARTED_AT] = COL_KIND_TIME,
  [IL_COL_COMPLETED_AT] = COL_KIND_TIME,
  [IL_COL_STATUS] = COL_KIND_TEXT,
  [IL_COL_ERROR_MESSAGE] = COL_KIND_TEXT,
  [IL_COL_METADATA] = COL_KIND_TEXT,
  [IL_COL_CREATED_AT] = COL_KIND_TIME,
};

typedef enum { OP_EQ, OP_NEQ, OP_GT, OP_GTE, OP_LT, OP_LTE, OP_IS_NULL } Op;
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
  GPtrArray *children;
};

static void
node_free (gpointer data)
{
  Node *n = data;

  if (n == NULL)
    return;
  g_free (n->s);
  g_clear_pointer (&n->children, g_ptr_array_unref);
  g_free (n);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

typedef struct
{
  guint status;
  char *code;
  char *message;
  char *details;
  char *hint;
} PgError;

static void
pg_error_set (PgError *e, guint status, const char *code, char *message,
              char *details, const char *hint)
{
  if (e->status != 0)
    {
      g_free (message);
      g_free (details);
      return;
    }
  e->status = status;
  e->code = g_strdup (code);
  e->message = message;
  e->details = details;
  e->hint = g_strdup (hint);
}

static int
column_from_name (const char *name)
{
  for (int c = 0; c < IL_N_COLUMNS; c++)
    if (strcmp (il_column_name (c), name) == 0)
      return c;
  return -1;
}

static void
error_unknown_column (PgError *e, const char *name)
{
  pg_error_set (e, 400, "42703",
                g_strdup_printf ("column interview_latency_metrics.%s does not exist", name),
                NULL, NULL);
}

/* "op.value" or "not.op.value" for column name -> node. */
static Node *
parse_condition (const char *name, const char *opval, PgError *e)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  const char *dot;
  g_autofree char *op = NULL;
  g_autofree char *value = NULL;
  int column = column_from_name (name);

  node->kind = NODE_CMP;
  if (column < 0)
    {
      error_unknown_column (e, name);
      return NULL;
    }
  node->column = column;

  if (g_str_has_prefix (opval, "not."))
    {
      node->negate = TRUE;
      opval += 4;
    }
  dot = strchr (opval, '.');
  if (dot == NULL)
    {
      pg_error_set (e, 400, "PGRST100",
                    g_strdup_printf ("\"failed to parse filter (%s)\" (line 1, column 1)", opval),
                    g_strdup ("unexpected end of input expecting operator"), NULL);
      return NULL;
    }
  op = g_strndup (opval, dot - opval);
  value = g_strdup (dot + 1);
  if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
    {
      char *unquoted = g_strndup (value + 1, strlen (value) - 2);
      g_free (value);
      value = unquoted;
    }

  if (strcmp (op, "is") == 0)
    {
      if (strcmp (value, "null") != 0)
        {
          pg_error_set (e, 400, "PGRST100",
                        g_strdup_printf ("\"failed to parse filter (is.%s)\" (line 1, column 4)", value),
                        g_strdup ("unexpected \"\" expecting null or trilean value"), NULL);
          return NULL;
        }
      node->op = OP_IS_NULL;
      return g_steal_pointer (&node);
    }
  if (strcmp (op, "eq") == 0) node->op = OP_EQ;
  else if (strcmp (op, "neq") == 0) node->op = OP_NEQ;
  else if (strcmp (op, "gt") == 0) node->op = OP_GT;
  else if (strcmp (op, "gte") == 0) node->op = OP_GTE;
  else if (strcmp (op, "lt") == 0) node->op = OP_LT;
  else if (strcmp (op, "lte") == 0) node->op = OP_LTE;
  else
    {
      pg_error_set (e, 400, "PGRST100",
                    g_strdup_printf ("\"failed to parse filter (%s)\" (line 1, column 1)", opval),
                    g_strdup ("unexpected operator"), NULL);
      return NULL;
    }

  switch (col_kinds[column])
    {
    case COL_KIND_TIME:
      {
        gint16 off;
        if (!il_timestamp_parse (value, -1, &node->t, &off))
          {
            pg_error_set (e, 400, "22007",
                          g_strdup_printf ("invalid input syntax for type timestamp with time zone: \"%s\"", value),
                          NULL, NULL);
            return NULL;
          }
      }
      break;
    case COL_KIND_UUID:
      if (!il_uuid_parse (value, -1, &node->u))
        {
          pg_error_set (e, 400, "22P02",
                        g_strdup_printf ("invalid input syntax for type uuid: \"%s\"", value),
                        NULL, NULL);
          return NULL;
        }
      break;
    case COL_KIND_INT:
    case COL_KIND_NUMBER:
      {
        char *end = NULL;
        node->d = g_ascii_strtod (value, &end);
        if (end == value || *end != '\0')
          {
            pg_error_set (e, 400, "22P02",
                          g_strdup_printf ("invalid input syntax for type numeric: \"%s\"", value),
                          NULL, NULL);
            return NULL;
          }
      }
      break;
    case COL_KIND_TEXT:
    default:
      node->s = g_strdup (value);
      break;
    }

  return g_steal_pointer (&node);
}

/* Splits "a,b(c,d),\"e,f\"" at top-level commas. */
static GPtrArray *
split_top (const char *s)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  int depth = 0;
  gboolean quoted = FALSE;
  const char *start = s;

  for (const char *p = s; ; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0 && !quoted))
        {
          g_ptr_array_add (parts, g_strndup (start, p - start));
          if (*p == '\0')
            break;
          start = p + 1;
        }
      else if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '(')
        depth++;
      else if (!quoted && *p == ')')
        depth--;
    }
  return parts;
}

static Node *parse_logic (NodeKind kind, gboolean negate, const char *list, PgError *e);

/* An element of a logic list: "and(...)", "or(...)", "not.and(...)" or "col.op.val". */
static Node *
parse_item (const char *item, PgError *e)
{
  gboolean negate = FALSE;
  const char *p = item;
  const char *dot;
  g_autofree char *name = NULL;

  if (g_str_has_prefix (p, "not."))
    {
      negate = TRUE;
      p += 4;
    }
  if ((g_str_has_prefix (p, "and(") || g_str_has_prefix (p, "or(")) && g_str_has_suffix (p, ")"))
    {
      NodeKind kind = p[0] == 'a' ? NODE_AND : NODE_OR;
      const char *open = strchr (p, '(');
      g_autofree char *inner = g_strndup (open + 1, strlen (open + 1) - 1);

      return parse_logic (kind, negate, inner, e);
    }

  dot = strchr (item, '.');
  if (dot == NULL)
    {
      pg_error_set (e, 400, "PGRST100",
                    g_strdup_printf ("\"failed to parse logic tree (%s)\" (line 1, column 1)", item),
                    g_strdup ("unexpected end of input"), NULL);
      return NULL;
    }
  name = g_strndup (item, dot - item);
  return parse_condition (name, dot + 1, e);
}

static Node *
parse_logic (NodeKind kind, gboolean negate, const char *list, PgError *e)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  g_autoptr(GPtrArray) parts = split_top (list);

  node->kind = kind;
  node->negate = negate;
  node->children = g_ptr_array_new_with_free_func (node_free);
  for (guint i = 0; i < parts->len; i++)
    {
      Node *child = parse_item (g_ptr_array_index (parts, i), e);
      if (child == NULL)
        return NULL;
      g_ptr_array_add (node->children, child);
    }
  return g_steal_pointer (&node);
}

/* Three-valued logic: 1 true, 0 false, -1 unknown (SQL null). */
static int
tri_not (int v)
{
  return v < 0 ? -1 : !v;
}

static int
eval (IlFakePostgrest *self, const Node *n, const FakeRow *r)
{
  IlRowStore *st = row_store (self, r);
  guint i = r->row;
  int v;

  if (n->kind == NODE_AND || n->kind == NODE_OR)
    {
      gboolean unknown = FALSE;

      for (guint k = 0; k < n->children->len; k++)
        {
          int c = eval (self, g_ptr_array_index (n->children, k), r);
          if (c < 0)
            unknown = TRUE;
          else if (n->kind == NODE_AND && c == 0)
            return n->negate ? 1 : 0;
          else if (n->kind == NODE_OR && c == 1)
            return n->negate ? 0 : 1;
        }
      v = unknown ? -1 : (n->kind == NODE_AND);
      return n->negate ? tri_not (v) : v;
    }

  {
    gboolean is_null = FALSE;
    int cmp = 0;

    switch (n->column)
      {
      case IL_COL_CREATED_AT:
        is_null = st->created_at[i] == IL_TIME_NONE;
        cmp = st->created_at[i] < n->t ? -1 : st->created_at[i] > n->t;
        break;
      case IL_COL_STARTED_AT:
        cmp = st->started_at[i] < n->t ? -1 : st->started_at[i] > n->t;
        break;
      case IL_COL_COMPLETED_AT:
        cmp = st->completed_at[i] < n->t ? -1 : st->completed_at[i] > n->t;
        break;
      case IL_COL_METRIC_ID:
        cmp = il_uuid_compare (&st->metric_id[i], &n->u);
        break;
      case IL_COL_SESSION_ID:
        cmp = il_uuid_compare (&st->session_ids[st->session[i]], &n->u);
        break;
      case IL_COL_TURN_NUMBER:
        cmp = st->turn_number[i] < n->d ? -1 : st->turn_number[i] > n->d;
        break;
      case IL_COL_LATENCY_MS:
        cmp = st->latency_ms[i] < n->d ? -1 : st->latency_ms[i] > n->d;
        break;
      case IL_COL_STEP_NAME:
        cmp = g_strcmp0 (il_row_store_get_step_name (st, i), n->s);
        break;
      case IL_COL_STATUS:
        cmp = g_strcmp0 (il_row_store_get_status (st, i), n->s);
        break;
      case IL_COL_ERROR_MESSAGE:
        is_null = st->error_message[i] == IL_STR_NONE;
        if (!is_null)
          cmp = g_strcmp0 (il_row_store_get_error_message (st, i), n->s);
        break;
      case IL_COL_METADATA:
      default:
        {
          gsize len;
          is_null = il_row_store_get_metadata (st, i, &len) == NULL;
        }
        break;
      }

    if (n->op == OP_IS_NULL)
      v = is_null;
    else if (is_null)
      v = -1;
    else
      switch (n->op)
        {
        case OP_EQ: v = cmp == 0; break;
        case OP_NEQ: v = cmp != 0; break;
        case OP_GT: v = cmp > 0; break;
        case OP_GTE: v = cmp >= 0; break;
        case OP_LT: v = cmp < 0; break;
        case OP_LTE: v = cmp <= 0; break;
        case OP_IS_NULL:
        default: v = 0; break;
        }
    return n->negate ? tri_not (v) : v;
  }
}

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

static int
order_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  OrderCtx *ctx = data;
  IlFakePostgrest *self = ctx->self;
  const FakeRow *ra = a;
  const FakeRow *rb = b;

  for (guint k = 0; k < ctx->terms->len; k++)
    {
      OrderTerm *t = &g_array_index (ctx->terms, OrderTerm, k);
      IlRowStore *sa = row_store (self, ra);
      IlRowStore *sb = row_store (self, rb);
      int c = 0;

      if (t->column == IL_COL_CREATED_AT)
        {
          gint64 ca = sa->created_at[ra->row];
          gint64 cb = sb->created_at[rb->row];
          if (ca == IL_TIME_NONE || cb == IL_TIME_NONE)
            {
              if (ca != cb)
                return (ca == IL_TIME_NONE) == t->nulls_first ? -1 : 1;
              continue;
            }
          c = ca < cb ? -1 : ca > cb;
        }
      else if (t->column == IL_COL_STARTED_AT)
        c = sa->started_at[ra->row] < sb->started_at[rb->row] ? -1
            : sa->started_at[ra->row] > sb->started_at[rb->row];
      else
        c = il_uuid_compare (&sa->metric_id[ra->row], &sb->metric_id[rb->row]);
      if (c != 0)
        return t->desc ? -c : c;
    }
  return 0;
}

static GArray *
parse_order (const char *value, PgError *e)
{
  g_autoptr(GArray) terms = g_array_new (FALSE, FALSE, sizeof (OrderTerm));
  g_auto(GStrv) items = g_strsplit (value, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], ".", -1);
      OrderTerm t = { 0 };
      int column = column_from_name (parts[0]);

      if (column != IL_COL_CREATED_AT && column != IL_COL_METRIC_ID && column != IL_COL_STARTED_AT)
        {
          if (column < 0)
            error_unknown_column (e, parts[0]);
          else
            pg_error_set (e, 400, "PGRST100", g_strdup ("fake: ordering by this column is not supported"), NULL, NULL);
          return NULL;
        }
      t.column = column;
      for (guint k = 1; parts[k] != NULL; k++)
        {
          if (strcmp (parts[k], "asc") == 0)
            t.desc = FALSE;
          else if (strcmp (parts[k], "desc") == 0)
            t.desc = TRUE;
          else if (strcmp (parts[k], "nullsfirst") == 0)
            t.nulls_first = TRUE;
          else if (strcmp (parts[k], "nullslast") == 0)
            t.nulls_first = FALSE;
          else
            {
              pg_error_set (e, 400, "PGRST100",
                            g_strdup_printf ("\"failed to parse order (%s)\" (line 1, column 1)", items[i]),
                            g_strdup ("unexpected order direction"), NULL);
              return NULL;
            }
          if (strcmp (parts[k], "desc") == 0 && parts[k + 1] == NULL)
            t.nulls_first = TRUE;
        }
      g_array_append_val (terms, t);
    }
  return g_steal_pointer (&terms);
}

static gboolean
order_is_default (GArray *terms)
{
  OrderTerm *t;

  if (terms == NULL || terms->len == 0)
    return TRUE;
  t = &g_array_index (terms, OrderTerm, 0);
  if (t->column != IL_COL_CREATED_AT || t->desc || t->nulls_first)
    return FALSE;
  if (terms->len == 1)
    return FALSE;   /* ties would come in metric_id order anyway, but be strict */
  t = &g_array_index (terms, OrderTerm, 1);
  return terms->len == 2 && t->column == IL_COL_METRIC_ID && !t->desc;
}

/* A lower bound on created_at implied by the node (a row below it cannot
 * match); FALSE when there is none. */
static gboolean
node_lower_bound (const Node *n, gint64 *lo)
{
  if (n->negate)
    return FALSE;
  if (n->kind == NODE_CMP)
    {
      if (n->column != IL_COL_CREATED_AT)
        return FALSE;
      if (n->op == OP_GTE || n->op == OP_GT || n->op == OP_EQ)
        {
          *lo = n->t;
          return TRUE;
        }
      return FALSE;
    }
  if (n->kind == NODE_AND)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < n->children->len; i++)
        {
          gint64 v;
          if (node_lower_bound (g_ptr_array_index (n->children, i), &v))
            {
              *lo = any ? MAX (*lo, v) : v;
              any = TRUE;
            }
        }
      return any;
    }
  /* OR: the smallest of the children's bounds, if every child has one */
  for (guint i = 0; i < n->children->len; i++)
    {
      gint64 v;
      if (!node_lower_bound (g_ptr_array_index (n->children, i), &v))
        return FALSE;
      *lo = i == 0 ? v : MIN (*lo, v);
    }
  return n->children->len > 0;
}

/* First index whose created_at is >= lo (nulls sort last). */
static guint
first_at_or_after (IlFakePostgrest *self, gint64 lo)
{
  guint a = 0, b = self->rows->len;

  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      gint64 t = row_created (self, &g_array_index (self->rows, FakeRow, mid));

      if (t != IL_TIME_NONE && t < lo)
        a = mid + 1;
      else
        b = mid;
    }
  return a;
}

static char *
decode_component (const char *s, gssize len)
{
  g_autofree char *copy = g_strndup (s, len < 0 ? strlen (s) : (gsize) len);

  /* PostgREST (like HTML forms) reads '+' as a space. */
  for (char *p = copy; *p; p++)
    if (*p == '+')
      *p = ' ';
  return g_uri_unescape_string (copy, NULL);
}

/* ---- responses -------------------------------------------------------- */

static void
set_json (SoupServerMessage *msg, guint status, const char *content_type, const char *body, gsize len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type ? content_type : "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, body, len);
}

static void
json_field (GString *out, const char *name, const char *value, gboolean comma)
{
  if (comma)
    g_string_append_c (out, ',');
  il_json_escape_string (out, name);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    il_json_escape_string (out, value);
}

static void
send_pg_error (SoupServerMessage *msg, const PgError *e)
{
  g_autoptr(GString) body = g_string_new ("{");

  json_field (body, "code", e->code, FALSE);
  json_field (body, "details", e->details, TRUE);
  json_field (body, "hint", e->hint, TRUE);
  json_field (body, "message", e->message, TRUE);
  g_string_append_c (body, '}');
  set_json (msg, e->status, NULL, body->str, body->len);
}

static void
cut_connection (SoupServerMessage *msg, const char *body, gsize len)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *head = NULL;
  GOutputStream *out;

  if (stream == NULL)
    return;
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nContent-Range: 0-999/*\r\n\r\n", len);
  out = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

typedef struct
{
  IlFakePostgrest   *self;
  SoupServerMessage *msg;
  char              *path;
  char              *query;
  gboolean           cut;
  gboolean           bad_row;
  gboolean           bad_page;
  Fault             *status_fault;   /* copy */
  GPtrArray         *inserts;        /* IlRowStore */
} Pending;

static void
pending_free (Pending *p)
{
  g_clear_object (&p->msg);
  g_free (p->path);
  g_free (p->query);
  g_clear_pointer (&p->status_fault, fault_free);
  g_clear_pointer (&p->inserts, g_ptr_array_unref);
  g_free (p);
}

static void
answer_rows (Pending *p)
{
  IlFakePostgrest *self = p->self;
  SoupServerMessage *msg = p->msg;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  PgError e = { 0 };
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (node_free);
  g_autoptr(GArray) order = NULL;
  g_autoptr(GArray) matched = g_array_new (FALSE, FALSE, sizeof (FakeRow));
  g_autoptr(GString) body = NULL;
  g_auto(GStrv) params = g_strsplit (p->query ? p->query : "", "&", -1);
  guint mask = IL_ALL_COLUMNS;
  guint64 limit = G_MAXUINT64;
  guint64 offset = 0;
  guint64 total = 0;
  guint64 n_out;
  gboolean count = FALSE;
  gboolean sorted;
  guint first, last;
  const char *prefer = soup_message_headers_get_one (req, "Prefer");
  const char *range = soup_message_headers_get_one (req, "Range");
  char content_range[96];
  guint status;

  count = prefer != NULL && strstr (prefer, "count=exact") != NULL;

  for (guint i = 0; params[i] != NULL && e.status == 0; i++)
    {
      const char *eq = strchr (params[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (params[i][0] == '\0')
        continue;
      name = decode_component (params[i], eq ? eq - params[i] : -1);
      value = eq ? decode_component (eq + 1, -1) : g_strdup ("");
      if (name == NULL || value == NULL)
        {
          pg_error_set (&e, 400, "PGRST100", g_strdup ("invalid percent-encoding"), NULL, NULL);
          break;
        }

      if (strcmp (name, "select") == 0)
        {
          g_auto(GStrv) cols = g_strsplit (value, ",", -1);

          mask = 0;
          for (guint k = 0; cols[k] != NULL; k++)
            {
              int c;

              if (strcmp (cols[k], "*") == 0)
                {
                  mask = IL_ALL_COLUMNS;
                  continue;
                }
              c = column_from_name (cols[k]);
              if (c < 0)
                {
                  error_unknown_column (&e, cols[k]);
                  break;
                }
              mask |= 1u << c;
            }
        }
      else if (strcmp (name, "order") == 0)
        {
          g_clear_pointer (&order, g_array_unref);
          order = parse_order (value, &e);
        }
      else if (strcmp (name, "limit") == 0 || strcmp (name, "offset") == 0)
        {
          guint64 v;
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &v, NULL))
            {
              pg_error_set (&e, 400, "PGRST100",
                            g_strdup_printf ("\"failed to parse %s parameter (%s)\"", name, value),
                            NULL, NULL);
              break;
            }
          if (name[0] == 'l')
            limit = v;
          else
            offset = v;
        }
      else if (strcmp (name, "apikey") == 0)
        continue;
      else if (strcmp (name, "or") == 0 || strcmp (name, "and") == 0
               || strcmp (name, "not.or") == 0 || strcmp (name, "not.and") == 0)
        {
          gboolean neg = g_str_has_prefix (name, "not.");
          NodeKind kind = strstr (name, "or") ? NODE_OR : NODE_AND;
          gsize vlen = strlen (value);
          Node *node;

          if (vlen < 2 || value[0] != '(' || value[vlen - 1] != ')')
            {
              pg_error_set (&e, 400, "PGRST100",
                            g_strdup_printf ("\"failed to parse logic tree (%s)\" (line 1, column 1)", value),
                            g_strdup ("unexpected end of input expecting \"(\""), NULL);
              break;
            }
          value[vlen - 1] = '\0';
          node = parse_logic (kind, neg, value + 1, &e);
          if (node != NULL)
            g_ptr_array_add (filters, node);
        }
      else
        {
          Node *node = parse_condition (name, value, &e);
          if (node != NULL)
            g_ptr_array_add (filters, node);
        }
    }

  if (e.status == 0 && range != NULL)
    {
      guint64 a = 0, b = G_MAXUINT64;
      char *end = NULL;

      a = g_ascii_strtoull (range, &end, 10);
      if (end != NULL && *end == '-')
        {
          if (end[1] != '\0')
            b = g_ascii_strtoull (end + 1, NULL, 10);
          offset = a;
          if (b != G_MAXUINT64)
            limit = MIN (limit, b >= a ? b - a + 1 : 0);
        }
    }

  if (e.status != 0)
    {
      send_pg_error (msg, &e);
      goto out;
    }

  g_mutex_lock (&self->mutex);

  if (self->max_rows > 0)
    limit = MIN (limit, self->max_rows);

  sorted = order_is_default (order);

  /* Rows are kept in (created_at, metric_id) order: skip what the filters'
   * bounds on created_at exclude, so big tables stay cheap to serve. */
  {
    gint64 lo = G_MININT64;
    gint64 hi = G_MAXINT64;
    gboolean hi_inclusive = FALSE;

    for (guint k = 0; k < filters->len; k++)
      {
        const Node *n = g_ptr_array_index (filters, k);
        gint64 v;

        if (node_lower_bound (n, &v))
          lo = MAX (lo, v);
        if (n->kind == NODE_CMP && !n->negate && n->column == IL_COL_CREATED_AT
            && (n->op == OP_LT || n->op == OP_LTE)
            && (n->t < hi || (n->t == hi && n->op == OP_LT)))
          {
            hi = n->t;
            hi_inclusive = n->op == OP_LTE;
          }
      }
    first = lo == G_MININT64 ? 0 : first_at_or_after (self, lo);
    last = self->rows->len;
    if (hi != G_MAXINT64)
      {
        /* created_at < hi (or <= hi) also excludes nulls */
        guint a = first, b = self->rows->len;
        while (a < b)
          {
            guint mid = a + (b - a) / 2;
            gint64 t = row_created (self, &g_array_index (self->rows, FakeRow, mid));
            if (t != IL_TIME_NONE && (t < hi || (hi_inclusive && t == hi)))
              a = mid + 1;
            else
              b = mid;
          }
        last = a;
      }
  }

  for (guint i = first; i < last; i++)
    {
      const FakeRow *r = &g_array_index (self->rows, FakeRow, i);
      gboolean ok = TRUE;

      for (guint k = 0; k < filters->len && ok; k++)
        ok = eval (self, g_ptr_array_index (filters, k), r) == 1;
      if (!ok)
        continue;
      total++;
      if (sorted && total <= offset)
        continue;
      g_array_append_val (matched, *r);
      /* Rows come in the requested order: stop once the page is full,
       * unless the total is wanted. */
      if (sorted && !count && matched->len >= limit)
        break;
    }

  if (!sorted)
    {
      OrderCtx ctx = { self, order };
      g_array_sort_with_data (matched, order_cmp, &ctx);
      if (offset > 0)
        g_array_remove_range (matched, 0, MIN (offset, matched->len));
    }

  n_out = MIN ((guint64) matched->len, limit);

  if (count && n_out == 0 && offset > 0 && offset >= total)
    {
      g_mutex_unlock (&self->mutex);
      pg_error_set (&e, 416, "PGRST103", g_strdup ("Requested range not satisfiable"),
                    g_strdup_printf ("An offset of %" G_GUINT64_FORMAT " was requested, but there are only %"
                                     G_GUINT64_FORMAT " rows.", offset, total),
                    NULL);
      g_snprintf (content_range, sizeof content_range, "*/%" G_GUINT64_FORMAT, total);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Range", content_range);
      send_pg_error (msg, &e);
      goto out;
    }

  body = g_string_sized_new (64 + n_out * 400);
  g_string_append_c (body, '[');
  if (p->bad_row)
    g_string_append (body, "{\"metric_id\":\"not-a-uuid\",\"latency_ms\":\"fast\"}");
  for (guint64 k = 0; k < n_out; k++)
    {
      const FakeRow *r = &g_array_index (matched, FakeRow, k);
      RowTexts *t = get_texts (g_ptr_array_index (self->stores, r->store), mask);

      if (body->len > 1)
        g_string_append_c (body, ',');
      g_string_append_len (body, t->text->str + t->offsets[2 * r->row],
                           t->offsets[2 * r->row + 1] - t->offsets[2 * r->row]);
      if (p->bad_page)
        {
          /* a later duplicate member wins: every row gets a bad turn_number */
          g_string_truncate (body, body->len - 1);
          g_string_append (body, ",\"turn_number\":\"seven\"}");
        }
    }
  g_string_append_c (body, ']');
  g_mutex_unlock (&self->mutex);

  if (n_out == 0)
    g_snprintf (content_range, sizeof content_range, "*/");
  else
    g_snprintf (content_range, sizeof content_range, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/",
                offset, offset + n_out - 1);
  if (count)
    g_snprintf (content_range + strlen (content_range), sizeof content_range - strlen (content_range),
                "%" G_GUINT64_FORMAT, total);
  else
    g_strlcat (content_range, "*", sizeof content_range);

  status = count && offset + n_out < total ? 206 : 200;

  if (p->cut)
    {
      cut_connection (msg, body->str, body->len);
      goto out;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Range", content_range);
  set_json (msg, status, NULL, body->str, body->len);

out:
  g_free (e.code);
  g_free (e.message);
  g_free (e.details);
  g_free (e.hint);
}

/* A function call (POST, JSON body of named arguments): what the hook
 * answers, or PostgREST's 404 PGRST202 for a function it does not know. */
static void
answer_rpc (Pending *p)
{
  IlFakePostgrest *self = p->self;
  const char *name = p->path + strlen ("/rest/v1/rpc/");
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (p->msg));
  g_autofree char *args = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *answer = NULL;
  IlFakePostgrestRpcFunc func;
  gpointer data;
  guint status = 200;

  g_mutex_lock (&self->mutex);
  func = self->rpc_func;
  data = self->rpc_data;
  self->n_rpc_calls++;
  g_mutex_unlock (&self->mutex);

  if (func == NULL)
    {
      answer = g_strdup_printf ("{\"code\":\"PGRST202\",\"details\":\"Searched for the function "
                                "public.%s with parameters created_min or with a single unnamed "
                                "json/jsonb parameter, but no matches were found in the schema "
                                "cache.\",\"hint\":null,\"message\":\"Could not find the function "
                                "public.%s(created_min) in the schema cache\"}", name, name);
      set_json (p->msg, 404, NULL, answer, strlen (answer));
      return;
    }
  answer = func (name, args, &status, data);
  set_json (p->msg, status, NULL, answer, strlen (answer));
}

static void
respond (Pending *p)
{
  IlFakePostgrest *self = p->self;
  SoupServerMessage *msg = p->msg;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *apikey = soup_message_headers_get_one (req, "apikey");
  g_autofree char *query_key = NULL;

  if (apikey == NULL && p->query != NULL)
    {
      /* The gateway also takes ?apikey= (we never send it, but be faithful). */
      g_autoptr(GHashTable) form = soup_form_decode (p->query);
      query_key = g_strdup (g_hash_table_lookup (form, "apikey"));
      apikey = query_key;
    }

  if (p->inserts != NULL)
    {
      g_mutex_lock (&self->mutex);
      for (guint i = 0; i < p->inserts->len; i++)
        add_store_locked (self, g_ptr_array_index (p->inserts, i));
      g_mutex_unlock (&self->mutex);
    }

  if (apikey == NULL)
    {
      static const char body[] = "{\"message\":\"No API key found in request\","
                                 "\"hint\":\"No `apikey` request header or url param was found.\"}";
      set_json (msg, 401, NULL, body, strlen (body));
      return;
    }
  if (self->key != NULL && strcmp (apikey, self->key) != 0)
    {
      static const char body[] = "{\"message\":\"Invalid API key\","
                                 "\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}";
      set_json (msg, 401, NULL, body, strlen (body));
      return;
    }

  if (p->status_fault != NULL)
    {
      Fault *f = p->status_fault;

      if (f->retry_after != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", f->retry_after);
      set_json (msg, f->status, f->content_type, f->body ? f->body : "", f->body ? strlen (f->body) : 0);
      return;
    }

  if (g_str_has_prefix (p->path, "/rest/v1/rpc/"))
    {
      answer_rpc (p);
      return;
    }

  if (strcmp (p->path, TABLE_PATH) != 0 || self->table_missing)
    {
      const char *name = g_str_has_prefix (p->path, "/rest/v1/") ? p->path + 9 : p->path;
      PgError e = { 0 };

      if (self->table_missing && self->table_missing_legacy)
        pg_error_set (&e, 404, "42P01",
                      g_strdup_printf ("relation \"public.%s\" does not exist", name), NULL, NULL);
      else
        pg_error_set (&e, 404, "PGRST205",
                      g_strdup_printf ("Could not find the table 'public.%s' in the schema cache", name),
                      NULL, NULL);
      send_pg_error (msg, &e);
      g_free (e.code);
      g_free (e.message);
      g_free (e.hint);
      return;
    }

  answer_rows (p);
}

static gboolean
delayed_cb (gpointer data)
{
  Pending *p = data;

  soup_server_message_unpause (p->msg);
  respond (p);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  IlFakePostgrest *self = data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  Pending *p = g_new0 (Pending, 1);
  guint delay;
  guint n;

  p->self = self;
  p->msg = g_object_ref (msg);
  p->path = g_strdup (g_uri_get_path (uri));
  p->query = g_strdup (g_uri_get_query (uri));

  g_mutex_lock (&self->mutex);
  n = ++self->n_requests;
  g_ptr_array_add (self->log, p->query ? g_strdup_printf ("%s?%s", p->path, p->query) : g_strdup (p->path));
  g_free (self->last_authorization);
  self->last_authorization = g_strdup (soup_message_headers_get_one (req, "Authorization"));
  delay = self->delay_ms;
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);

      if (f->request_no != 0 && f->request_no != n)
        continue;
      switch (f->kind)
        {
        case FAULT_DELAY:
          delay += f->ms;
          break;
        case FAULT_STATUS:
          if (p->status_fault == NULL)
            {
              p->status_fault = g_new0 (Fault, 1);
              p->status_fault->status = f->status;
              p->status_fault->content_type = g_strdup (f->content_type);
              p->status_fault->body = g_strdup (f->body);
              p->status_fault->retry_after = g_strdup (f->retry_after);
            }
          break;
        case FAULT_CUT:
          p->cut = TRUE;
          break;
        case FAULT_BAD_ROW:
          p->bad_row = TRUE;
          break;
        case FAULT_BAD_PAGE:
          p->bad_page = TRUE;
          break;
        case FAULT_INSERT:
        default:
          if (p->inserts == NULL)
            p->inserts = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_store_unref);
          g_ptr_array_add (p->inserts, il_row_store_ref (f->rows));
          break;
        }
    }
  g_mutex_unlock (&self->mutex);

  if (delay > 0)
    {
      GSource *source = g_timeout_source_new (delay);

      soup_server_message_pause (msg);
      /* freed by the source, also when the server stops before it fires */
      g_source_set_callback (source, delayed_cb, p, (GDestroyNotify) pending_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
      return;
    }

  respond (p);
  pending_free (p);
}

/* ---- thread ----------------------------------------------------------- */

static gboolean
not_tls_incoming (GSocketService     *service,
                  GSocketConnection  *connection,
                  GObject            *source,
                  gpointer            data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  IlFakePostgrest *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "postgrest-fake/12", NULL);
  soup_server_add_handler (self->server, "/rest/v1", handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake-postgrest: cannot listen on 127.0.0.1: %s", error->message);

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    self->not_tls = g_socket_service_new ();
    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->not_tls), addr, G_SOCKET_TYPE_STREAM,
                                        G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
      g_error ("fake-postgrest: cannot listen on 127.0.0.1: %s", error->message);
    g_signal_connect (self->not_tls, "incoming", G_CALLBACK (not_tls_incoming), NULL);
    g_socket_service_start (self->not_tls);
    self->tls_error_url = g_strdup_printf ("https://127.0.0.1:%u",
                                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  }

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->mutex);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_socket_service_stop (self->not_tls);
  g_socket_listener_close (G_SOCKET_LISTENER (self->not_tls));
  g_clear_object (&self->not_tls);
  /* Let pending sources (delayed answers) be dropped and freed. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

IlFakePostgrest *
il_fake_postgrest_new (IlRowStore *rows,
                       const char *key)
{
  IlFakePostgrest *self = g_new0 (IlFakePostgrest, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->key = g_strdup (key);
  self->stores = g_ptr_array_new_with_free_func (fake_store_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (FakeRow));
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->max_rows = 1000;
  if (rows != NULL)
    add_store_locked (self, rows);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->mutex);
  self->thread = g_thread_new ("fake-postgrest", server_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
il_fake_postgrest_free (IlFakePostgrest *self)
{
  GSource *source;

  if (self == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->faults);
  g_ptr_array_unref (self->log);
  g_array_unref (self->rows);
  g_ptr_array_unref (self->stores);
  g_free (self->last_authorization);
  g_free (self->url);
  g_free (self->tls_error_url);
  g_free (self->key);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
il_fake_postgrest_get_url (IlFakePostgrest *self)
{
  return self->url;
}

const char *
il_fake_postgrest_get_tls_error_url (IlFakePostgrest *self)
{
  return self->tls_error_url;
}

void
il_fake_postgrest_set_max_rows (IlFakePostgrest *self,
                                guint            max_rows)
{
  g_mutex_lock (&self->mutex);
  self->max_rows = max_rows;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_set_delay (IlFakePostgrest *self,
                             guint            ms)
{
  g_mutex_lock (&self->mutex);
  self->delay_ms = ms;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_set_table_missing (IlFakePostgrest *self,
                                     gboolean         missing,
                                     gboolean         legacy)
{
  g_mutex_lock (&self->mutex);
  self->table_missing = missing;
  self->table_missing_legacy = legacy;
  g_mutex_unlock (&self->mutex);
}

static void
add_fault (IlFakePostgrest *self, Fault *f)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->faults, f);
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_fault_delay (IlFakePostgrest *self,
                               guint            request_no,
                               guint            ms)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_DELAY;
  f->request_no = request_no;
  f->ms = ms;
  add_fault (self, f);
}

void
il_fake_postgrest_fault_status (IlFakePostgrest *self,
                                guint            request_no,
                                guint            status,
                                const char      *content_type,
                                const char      *body,
                                const char      *retry_after)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_STATUS;
  f->request_no = request_no;
  f->status = status;
  f->content_type = g_strdup (content_type);
  f->body = g_strdup (body);
  f->retry_after = g_strdup (retry_after);
  add_fault (self, f);
}

void
il_fake_postgrest_fault_cut (IlFakePostgrest *self,
                             guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_CUT;
  f->request_no = request_no;
  add_fault (self, f);
}

void
il_fake_postgrest_fault_bad_row (IlFakePostgrest *self,
                                 guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_BAD_ROW;
  f->request_no = request_no;
  add_fault (self, f);
}

void
il_fake_postgrest_fault_bad_page (IlFakePostgrest *self,
                                  guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_BAD_PAGE;
  f->request_no = request_no;
  add_fault (self, f);
}

void
il_fake_postgrest_fault_insert_rows (IlFakePostgrest *self,
                                     guint            request_no,
                                     IlRowStore      *rows)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_INSERT;
  f->request_no = request_no;
  f->rows = il_row_store_ref (rows);
  add_fault (self, f);
}

void
il_fake_postgrest_clear_faults (IlFakePostgrest *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->faults, 0);
  g_mutex_unlock (&self->mutex);
}

guint
il_fake_postgrest_get_n_requests (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_requests;
  g_mutex_unlock (&self->mutex);
  return n;
}

GPtrArray *
il_fake_postgrest_dup_log (IlFakePostgrest *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->log, i)));
  g_mutex_unlock (&self->mutex);
  return copy;
}

char *
il_fake_postgrest_dup_last_authorization (IlFakePostgrest *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->last_authorization);
  g_mutex_unlock (&self->mutex);
  return s;
}

guint
il_fake_postgrest_get_n_rows (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->rows->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

void
il_fake_postgrest_set_rpc (IlFakePostgrest        *self,
                           IlFakePostgrestRpcFunc  func,
                           gpointer                data)
{
  g_mutex_lock (&self->mutex);
  self->rpc_func = func;
  self->rpc_data = data;
  g_mutex_unlock (&self->mutex);
}

guint
il_fake_postgrest_get_n_rpc_calls (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_rpc_calls;
  g_mutex_unlock (&self->mutex);
  return n;
}
