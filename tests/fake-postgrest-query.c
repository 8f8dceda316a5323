/* fake-postgrest-query.c: the fake PostgREST's query language: filters
 * (and/or trees), order, and where a filter lets the "index" start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"

const ColKind fake_col_kinds[IL_N_COLUMNS] = {
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

void
fake_node_free (gpointer data)
{
  Node *n = data;

  if (n == NULL)
    return;
  g_free (n->s);
  g_strfreev (n->list);
  g_clear_pointer (&n->children, g_ptr_array_unref);
  g_free (n);
}

void
fake_pg_error_set (PgError *e, guint status, const char *code, char *message,
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

int
fake_column_from_name (const char *name)
{
  for (int c = 0; c < IL_N_COLUMNS; c++)
    if (strcmp (il_column_name (c), name) == 0)
      return c;
  return -1;
}

void
fake_error_unknown_column (PgError *e, const char *name)
{
  fake_pg_error_set (e, 400, "42703",
                g_strdup_printf ("column interview_latency_metrics.%s does not exist", name),
                NULL, NULL);
}

/* PostgREST's in-list: "(a,b,\"c,d\")": parentheses required; a value in
 * double quotes may hold , ( ) and escape \" and \\ with a backslash. */
static GStrv
parse_in_list (const char *value,
               PgError    *e)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cur = g_string_new (NULL);
  gsize len = strlen (value);
  gboolean quoted = FALSE, was_quoted = FALSE;

  if (len < 2 || value[0] != '(' || value[len - 1] != ')')
    {
      fake_pg_error_set (e, 400, "PGRST100",
                         g_strdup_printf ("\"failed to parse filter (in.%s)\" (line 1, column 4)", value),
                         g_strdup ("unexpected end of input expecting \"(\""), NULL);
      return NULL;
    }
  for (gsize i = 1; i < len - 1; i++)
    {
      char c = value[i];

      if (quoted && c == '\\' && i + 1 < len - 1)
        g_string_append_c (cur, value[++i]);
      else if (c == '"')
        {
          quoted = !quoted;
          was_quoted = TRUE;
        }
      else if (c == ',' && !quoted)
        {
          g_ptr_array_add (items, g_strdup (cur->str));
          g_string_truncate (cur, 0);
          was_quoted = FALSE;
        }
      else if (!quoted && (c == '(' || c == ')'))
        {
          fake_pg_error_set (e, 400, "PGRST100",
                             g_strdup_printf ("\"failed to parse filter (in.%s)\" (line 1, column %u)",
                                              value, (guint) i + 4),
                             g_strdup ("unexpected \"(\" or \")\": quote the value"), NULL);
          return NULL;
        }
      else
        g_string_append_c (cur, c);
    }
  if (quoted)
    {
      fake_pg_error_set (e, 400, "PGRST100",
                         g_strdup_printf ("\"failed to parse filter (in.%s)\" (line 1, column 1)", value),
                         g_strdup ("unexpected end of input expecting closing quote"), NULL);
      return NULL;
    }
  if (cur->len > 0 || was_quoted || items->len > 0)
    g_ptr_array_add (items, g_strdup (cur->str));
  g_ptr_array_add (items, NULL);
  return (GStrv) g_ptr_array_steal (items, NULL);
}

/* "op.value" or "not.op.value" for column name -> node. */
Node *
fake_parse_condition (const char *name, const char *opval, PgError *e)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  const char *dot;
  g_autofree char *op = NULL;
  g_autofree char *value = NULL;
  int column = fake_column_from_name (name);

  node->kind = NODE_CMP;
  if (column < 0)
    {
      fake_error_unknown_column (e, name);
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
      fake_pg_error_set (e, 400, "PGRST100",
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
          fake_pg_error_set (e, 400, "PGRST100",
                        g_strdup_printf ("\"failed to parse filter (is.%s)\" (line 1, column 4)", value),
                        g_strdup ("unexpected \"\" expecting null or trilean value"), NULL);
          return NULL;
        }
      node->op = OP_IS_NULL;
      return g_steal_pointer (&node);
    }
  if (strcmp (op, "in") == 0)
    {
      node->op = OP_IN;
      node->list = parse_in_list (value, e);
      if (node->list == NULL)
        return NULL;
      if (fake_col_kinds[column] != COL_KIND_TEXT)
        {
          fake_pg_error_set (e, 400, "PGRST100", g_strdup ("fake: in. is only supported on text columns"),
                             NULL, NULL);
          return NULL;
        }
      return g_steal_pointer (&node);
    }
  if (strcmp (op, "like") == 0 || strcmp (op, "ilike") == 0)
    {
      /* PostgreSQL has ~~ and ~~* for text only; PostgREST answers the
       * missing operator (42883) with 404 */
      if (fake_col_kinds[column] != COL_KIND_TEXT)
        {
          const char *type = fake_col_kinds[column] == COL_KIND_UUID ? "uuid"
                             : fake_col_kinds[column] == COL_KIND_TIME ? "timestamp with time zone"
                             : fake_col_kinds[column] == COL_KIND_INT ? "integer" : "numeric";

          fake_pg_error_set (e, 404, "42883",
                             g_strdup_printf ("operator does not exist: %s %s unknown", type,
                                              op[0] == 'i' ? "~~*" : "~~"),
                             NULL,
                             "No operator matches the given name and argument types. "
                             "You might need to add explicit type casts.");
          return NULL;
        }
      node->op = op[0] == 'i' ? OP_ILIKE : OP_LIKE;
      node->s = g_strdup (value);
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
      fake_pg_error_set (e, 400, "PGRST100",
                    g_strdup_printf ("\"failed to parse filter (%s)\" (line 1, column 1)", opval),
                    g_strdup ("unexpected operator"), NULL);
      return NULL;
    }

  switch (fake_col_kinds[column])
    {
    case COL_KIND_TIME:
      {
        gint16 off;
        g_autofree char *utc = g_strconcat (value, "Z", NULL);
        if (!il_timestamp_parse (value, -1, &node->t, &off)
            && !il_timestamp_parse (utc, -1, &node->t, &off))
          {
            fake_pg_error_set (e, 400, "22007",
                          g_strdup_printf ("invalid input syntax for type timestamp with time zone: \"%s\"", value),
                          NULL, NULL);
            return NULL;
          }
      }
      break;
    case COL_KIND_UUID:
      if (!il_uuid_parse (value, -1, &node->u))
        {
          fake_pg_error_set (e, 400, "22P02",
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
            fake_pg_error_set (e, 400, "22P02",
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
      else if (quoted && *p == '\\' && p[1] != '\0')
        p++;   /* \" and \\ inside quotes */
      else if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '(')
        depth++;
      else if (!quoted && *p == ')')
        depth--;
    }
  return parts;
}

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

      return fake_parse_logic (kind, negate, inner, e);
    }

  dot = strchr (item, '.');
  if (dot == NULL)
    {
      fake_pg_error_set (e, 400, "PGRST100",
                    g_strdup_printf ("\"failed to parse logic tree (%s)\" (line 1, column 1)", item),
                    g_strdup ("unexpected end of input"), NULL);
      return NULL;
    }
  name = g_strndup (item, dot - item);
  return fake_parse_condition (name, dot + 1, e);
}

Node *
fake_parse_logic (NodeKind kind, gboolean negate, const char *list, PgError *e)
{
  g_autoptr(Node) node = g_new0 (Node, 1);
  g_autoptr(GPtrArray) parts = split_top (list);

  node->kind = kind;
  node->negate = negate;
  node->children = g_ptr_array_new_with_free_func (fake_node_free);
  for (guint i = 0; i < parts->len; i++)
    {
      Node *child = parse_item (g_ptr_array_index (parts, i), e);
      if (child == NULL)
        return NULL;
      g_ptr_array_add (node->children, child);
    }
  return g_steal_pointer (&node);
}

/* LIKE as PostgREST sends it: its * is %, _ any one character, \ escapes
 * the next; ILIKE folds ASCII case (enough for the tests' texts). */
static gboolean
fake_like (const char *pattern,
           const char *text,
           gboolean    fold)
{
  for (; *pattern != '\0'; pattern++)
    {
      if (*pattern == '*' || *pattern == '%')
        {
          for (const char *t = text; ; t++)
            {
              if (fake_like (pattern + 1, t, fold))
                return TRUE;
              if (*t == '\0')
                return FALSE;
            }
        }
      if (*text == '\0')
        return FALSE;
      if (*pattern == '_')
        {
          text = g_utf8_next_char (text);
          continue;
        }
      if (*pattern == '\\' && pattern[1] != '\0')
        pattern++;
      if (fold ? g_ascii_tolower (*pattern) != g_ascii_tolower (*text) : *pattern != *text)
        return FALSE;
      text++;
    }
  return *text == '\0';
}

/* Three-valued logic: 1 true, 0 false, -1 unknown (SQL null). */
static int
tri_not (int v)
{
  return v < 0 ? -1 : !v;
}

int
fake_eval (IlFakePostgrest *self, const Node *n, const FakeRow *r)
{
  IlRowStore *st = row_store (self, r);
  guint i = r->row;
  int v;

  if (n->kind == NODE_AND || n->kind == NODE_OR)
    {
      gboolean unknown = FALSE;

      for (guint k = 0; k < n->children->len; k++)
        {
          int c = fake_eval (self, g_ptr_array_index (n->children, k), r);
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
    else if (n->op == OP_LIKE || n->op == OP_ILIKE)
      {
        const char *text = n->column == IL_COL_STEP_NAME ? il_row_store_get_step_name (st, i)
                           : n->column == IL_COL_STATUS ? il_row_store_get_status (st, i)
                           : n->column == IL_COL_ERROR_MESSAGE ? il_row_store_get_error_message (st, i)
                           : NULL;

        v = text == NULL ? -1 : fake_like (n->s, text, n->op == OP_ILIKE);
      }
    else if (n->op == OP_IN)
      {
        const char *text = n->column == IL_COL_STEP_NAME ? il_row_store_get_step_name (st, i)
                           : n->column == IL_COL_STATUS ? il_row_store_get_status (st, i)
                           : n->column == IL_COL_ERROR_MESSAGE ? il_row_store_get_error_message (st, i)
                           : NULL;

        v = text == NULL ? -1 : g_strv_contains ((const char * const *) n->list, text);
      }
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
        case OP_IN:
        case OP_LIKE:
        case OP_ILIKE:
        default: v = 0; break;
        }
    return n->negate ? tri_not (v) : v;
  }
}

int
fake_order_cmp (gconstpointer a, gconstpointer b, gpointer data)
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
      else if (t->column == IL_COL_ERROR_MESSAGE)
        {
          const char *ma = il_row_store_get_error_message (sa, ra->row);
          const char *mb = il_row_store_get_error_message (sb, rb->row);

          if (ma == NULL || mb == NULL)
            {
              if (ma != mb)
                return (ma == NULL) == t->nulls_first ? -1 : 1;
              continue;
            }
          c = strcmp (ma, mb);
        }
      else if (t->column == IL_COL_STARTED_AT)
        c = sa->started_at[ra->row] < sb->started_at[rb->row] ? -1
            : sa->started_at[ra->row] > sb->started_at[rb->row];
      else if (t->column == IL_COL_COMPLETED_AT)
        c = sa->completed_at[ra->row] < sb->completed_at[rb->row] ? -1
            : sa->completed_at[ra->row] > sb->completed_at[rb->row];
      else if (t->column == IL_COL_LATENCY_MS)
        c = sa->latency_ms[ra->row] < sb->latency_ms[rb->row] ? -1
            : sa->latency_ms[ra->row] > sb->latency_ms[rb->row];
      else if (t->column == IL_COL_TURN_NUMBER)
        c = sa->turn_number[ra->row] < sb->turn_number[rb->row] ? -1
            : sa->turn_number[ra->row] > sb->turn_number[rb->row];
      /* text in byte order (a real server follows the column's collation) */
      else if (t->column == IL_COL_STEP_NAME)
        c = strcmp (il_row_store_get_step_name (sa, ra->row), il_row_store_get_step_name (sb, rb->row));
      else if (t->column == IL_COL_STATUS)
        c = strcmp (il_row_store_get_status (sa, ra->row), il_row_store_get_status (sb, rb->row));
      else if (t->column == IL_COL_SESSION_ID)
        c = il_uuid_compare (&sa->session_ids[sa->session[ra->row]], &sb->session_ids[sb->session[rb->row]]);
      else
        c = il_uuid_compare (&sa->metric_id[ra->row], &sb->metric_id[rb->row]);
      if (c != 0)
        return t->desc ? -c : c;
    }
  return 0;
}

GArray *
fake_parse_order (const char *value, PgError *e)
{
  g_autoptr(GArray) terms = g_array_new (FALSE, FALSE, sizeof (OrderTerm));
  g_auto(GStrv) items = g_strsplit (value, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], ".", -1);
      OrderTerm t = { 0 };
      int column = fake_column_from_name (parts[0]);

      if (column < 0 || column == IL_COL_METADATA)
        {
          if (column < 0)
            fake_error_unknown_column (e, parts[0]);
          else
            fake_pg_error_set (e, 400, "PGRST100", g_strdup ("fake: ordering by this column is not supported"), NULL, NULL);
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
              fake_pg_error_set (e, 400, "PGRST100",
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

gboolean
fake_order_is_default (GArray *terms)
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
gboolean
fake_node_lower_bound (const Node *n, gint64 *lo)
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
          if (fake_node_lower_bound (g_ptr_array_index (n->children, i), &v))
            {
              *lo = any ? MAX (*lo, v) : v;
              any = TRUE;
            }
        }
      return any;
    }
  /* PostgreSQL gets no index range out of an OR (the keyset's
   * or=(created_at.gt.T,and(...))): only a plain bound limits the scan. */
  return FALSE;
}

/* First index whose created_at is >= lo (nulls sort last). */
guint
fake_first_at_or_after (IlFakePostgrest *self, gint64 lo)
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

char *
fake_decode_component (const char *s, gssize len)
{
  g_autofree char *copy = g_strndup (s, len < 0 ? strlen (s) : (gsize) len);

  /* PostgREST (like HTML forms) reads '+' as a space. */
  for (char *p = copy; *p; p++)
    if (*p == '+')
      *p = ' ';
  return g_uri_unescape_string (copy, NULL);
}
