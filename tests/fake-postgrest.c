/* fake-postgrest.c: an in-process PostgREST for tests (see fake-postgrest.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"
#include "il-row-json.h"

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
  g_free (f->location);
  g_clear_pointer (&f->rows, il_row_store_unref);
  g_free (f);
}

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

/* Called with the mutex held. */
static gboolean
is_bad_id (IlFakePostgrest *self,
           const IlUuid    *id)
{
  for (guint i = 0; self->bad_ids != NULL && i < self->bad_ids->len; i++)
    if (il_uuid_compare (&g_array_index (self->bad_ids, IlUuid, i), id) == 0)
      return TRUE;
  return FALSE;
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
  int                short_rows;     /* -1: none */
  guint              bad_tail;
  guint              trickle_ms;
  char              *redirect;
  guint64            skip_ns;        /* what the rows skipped cost */
  Fault             *status_fault;   /* copy */
  GPtrArray         *inserts;        /* IlRowStore */
} Pending;

static void
pending_free (Pending *p)
{
  g_clear_object (&p->msg);
  g_free (p->path);
  g_free (p->query);
  g_free (p->redirect);
  g_clear_pointer (&p->status_fault, fault_free);
  g_clear_pointer (&p->inserts, g_ptr_array_unref);
  g_free (p);
}

/* The object just appended (a copy of @obj) loses the offset of its
 * created_at: "2026-11-02T01:25:27.220000" is what a timestamp column
 * without time zone sends, and what our parser refuses. */
static void
strip_created_offset (GString *body, const char *obj, gsize len)
{
  static const char key[] = "\"created_at\":\"";
  const char *at = g_strstr_len (obj, len, key);
  gsize start;
  gsize end;
  gsize cut;

  if (at == NULL)
    return;
  start = body->len - len + (gsize) (at - obj) + strlen (key);
  end = start;
  while (end < body->len && body->str[end] != '"')
    end++;
  cut = end;
  if (cut > start && body->str[cut - 1] == 'Z')
    cut--;
  else if (cut >= start + 6 && (body->str[cut - 6] == '+' || body->str[cut - 6] == '-'))
    cut -= 6;
  g_string_erase (body, cut, end - cut);
}

typedef struct
{
  GIOStream    *stream;
  GBytes       *bytes;
  gsize         sent;
} Trickle;

static gboolean
trickle_cb (gpointer data)
{
  Trickle *t = data;
  gsize len;
  const char *s = g_bytes_get_data (t->bytes, &len);
  GOutputStream *out = g_io_stream_get_output_stream (t->stream);

  if (t->sent >= len
      || !g_output_stream_write_all (out, s + t->sent, 1, NULL, NULL, NULL)
      || !g_output_stream_flush (out, NULL, NULL))
    {
      g_io_stream_close (t->stream, NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  t->sent++;
  return G_SOURCE_CONTINUE;
}

static void
trickle_free (gpointer data)
{
  Trickle *t = data;

  g_object_unref (t->stream);
  g_bytes_unref (t->bytes);
  g_free (t);
}

/* Headers at once, then the body one byte every trickle_ms. */
static void
trickle (Pending *p, const char *body, gsize len)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (p->msg);
  Trickle *t;
  GSource *source;
  g_autofree char *head = NULL;

  if (stream == NULL)
    return;
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", len);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head), NULL, NULL, NULL);
  t = g_new0 (Trickle, 1);
  t->stream = g_steal_pointer (&stream);
  t->bytes = g_bytes_new (body, len);
  source = g_timeout_source_new (p->trickle_ms);
  g_source_set_callback (source, trickle_cb, t, trickle_free);
  g_source_attach (source, p->self->context);
  g_source_unref (source);
}

static void
answer_rows (Pending *p)
{
  IlFakePostgrest *self = p->self;
  SoupServerMessage *msg = p->msg;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  PgError e = { 0 };
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (fake_node_free);
  g_autoptr(GArray) order = NULL;
  g_autoptr(GArray) matched = g_array_new (FALSE, FALSE, sizeof (FakeRow));
  g_autoptr(GString) body = NULL;
  g_auto(GStrv) params = g_strsplit (p->query ? p->query : "", "&", -1);
  guint mask = IL_ALL_COLUMNS;
  guint64 limit = G_MAXUINT64;
  guint64 offset = 0;
  guint64 total = 0;
  guint64 n_out;
  guint64 skipped = 0;
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
      name = fake_decode_component (params[i], eq ? eq - params[i] : -1);
      value = eq ? fake_decode_component (eq + 1, -1) : g_strdup ("");
      if (name == NULL || value == NULL)
        {
          fake_pg_error_set (&e, 400, "PGRST100", g_strdup ("invalid percent-encoding"), NULL, NULL);
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
              c = fake_column_from_name (cols[k]);
              if (c < 0)
                {
                  fake_error_unknown_column (&e, cols[k]);
                  break;
                }
              mask |= 1u << c;
            }
        }
      else if (strcmp (name, "order") == 0)
        {
          g_clear_pointer (&order, g_array_unref);
          order = fake_parse_order (value, &e);
        }
      else if (strcmp (name, "limit") == 0 || strcmp (name, "offset") == 0)
        {
          guint64 v;
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &v, NULL))
            {
              fake_pg_error_set (&e, 400, "PGRST100",
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
              fake_pg_error_set (&e, 400, "PGRST100",
                            g_strdup_printf ("\"failed to parse logic tree (%s)\" (line 1, column 1)", value),
                            g_strdup ("unexpected end of input expecting \"(\""), NULL);
              break;
            }
          value[vlen - 1] = '\0';
          node = fake_parse_logic (kind, neg, value + 1, &e);
          if (node != NULL)
            g_ptr_array_add (filters, node);
        }
      else
        {
          Node *node = fake_parse_condition (name, value, &e);
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

  sorted = fake_order_is_default (order);

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

        if (fake_node_lower_bound (n, &v))
          lo = MAX (lo, v);
        if (n->kind == NODE_CMP && !n->negate && n->column == IL_COL_CREATED_AT
            && (n->op == OP_LT || n->op == OP_LTE)
            && (n->t < hi || (n->t == hi && n->op == OP_LT)))
          {
            hi = n->t;
            hi_inclusive = n->op == OP_LTE;
          }
      }
    first = lo == G_MININT64 ? 0 : fake_first_at_or_after (self, lo);
    /* created_at is null: the index holds the nulls last, in one range */
    for (guint k = 0; k < filters->len; k++)
      {
        const Node *n = g_ptr_array_index (filters, k);
        if (n->kind == NODE_CMP && !n->negate && n->column == IL_COL_CREATED_AT && n->op == OP_IS_NULL)
          first = MAX (first, fake_first_at_or_after (self, G_MAXINT64));
      }
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
        ok = fake_eval (self, g_ptr_array_index (filters, k), r) == 1;
      if (!ok)
        {
          /* read from the index range and thrown away, as a database does */
          if (matched->len == 0)
            skipped++;
          continue;
        }
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
      g_array_sort_with_data (matched, fake_order_cmp, &ctx);
      if (offset > 0)
        g_array_remove_range (matched, 0, MIN (offset, matched->len));
    }

  n_out = MIN ((guint64) matched->len, limit);
  self->rows_skipped += skipped;
  p->skip_ns = skipped * self->skip_cost_ns;
  if (p->short_rows >= 0)
    n_out = MIN (n_out, (guint64) p->short_rows);

  if (count && n_out == 0 && offset > 0 && offset >= total)
    {
      g_mutex_unlock (&self->mutex);
      fake_pg_error_set (&e, 416, "PGRST103", g_strdup ("Requested range not satisfiable"),
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
      if (k + p->bad_tail >= n_out)
        strip_created_offset (body, t->text->str + t->offsets[2 * r->row],
                              t->offsets[2 * r->row + 1] - t->offsets[2 * r->row]);
      if (p->bad_page || is_bad_id (self, &((FakeStore *) g_ptr_array_index (self->stores, r->store))
                                                ->store->metric_id[r->row]))
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
  if (p->trickle_ms > 0)
    {
      trickle (p, body->str, body->len);
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

  if (p->redirect != NULL)
    {
      g_autofree char *target = g_strconcat (p->redirect, p->query ? p->query : "", NULL);
      soup_server_message_set_redirect (msg, 302, target);
      return;
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
      fake_answer_rpc (self, msg, p->path);
      return;
    }

  if (strcmp (p->path, TABLE_PATH) != 0 || self->table_missing)
    {
      const char *name = g_str_has_prefix (p->path, "/rest/v1/") ? p->path + 9 : p->path;
      PgError e = { 0 };

      if (self->table_missing && self->table_missing_legacy)
        fake_pg_error_set (&e, 404, "42P01",
                      g_strdup_printf ("relation \"public.%s\" does not exist", name), NULL, NULL);
      else
        fake_pg_error_set (&e, 404, "PGRST205",
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
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

/* Holds the answer back for what the rows skipped before it cost. */
static void
respond_charged (Pending *p)
{
  respond (p);
  if (p->skip_ns >= 1000000)
    {
      GSource *source = g_timeout_source_new ((guint) MIN (p->skip_ns / 1000000, G_MAXUINT));

      soup_server_message_pause (p->msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (p->msg), g_object_unref);
      g_source_attach (source, p->self->context);
      g_source_unref (source);
    }
}

static gboolean
delayed_cb (gpointer data)
{
  Pending *p = data;

  soup_server_message_unpause (p->msg);
  respond_charged (p);
  return G_SOURCE_REMOVE;
}

static void
random_fault (IlFakePostgrest *self, Pending *p)
{
  IlFakeRandomFault kind = g_rand_int_range (self->random, 0, IL_FAKE_N_RANDOM);
  static const char html[] = "<html><body><h1>500 Internal Server Error</h1></body></html>";

  self->random_counts[kind]++;
  switch (kind)
    {
    case IL_FAKE_RANDOM_SHORT:
      p->short_rows = g_rand_int_range (self->random, 1, MAX (self->max_rows, 2));
      break;
    case IL_FAKE_RANDOM_EMPTY:
      p->short_rows = 0;
      break;
    case IL_FAKE_RANDOM_HTML_500:
    case IL_FAKE_RANDOM_BAD_JSON:
    case IL_FAKE_RANDOM_502:
      g_clear_pointer (&p->status_fault, fault_free);
      p->status_fault = g_new0 (Fault, 1);
      p->status_fault->status = kind == IL_FAKE_RANDOM_HTML_500 ? 500 : kind == IL_FAKE_RANDOM_502 ? 502 : 200;
      p->status_fault->content_type = g_strdup (kind == IL_FAKE_RANDOM_BAD_JSON ? NULL : "text/html");
      p->status_fault->body = g_strdup (kind == IL_FAKE_RANDOM_BAD_JSON ? "[{\"metric_id\":\"1f" : html);
      break;
    case IL_FAKE_RANDOM_CUT:
    case IL_FAKE_N_RANDOM:
    default:
      p->cut = TRUE;
      break;
    }
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
  p->short_rows = -1;
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
        case FAULT_SHORT:
          p->short_rows = (int) f->n;
          break;
        case FAULT_BAD_TAIL:
          p->bad_tail = f->n;
          break;
        case FAULT_TRICKLE:
          p->trickle_ms = f->ms;
          break;
        case FAULT_REDIRECT:
          g_free (p->redirect);
          p->redirect = g_strdup (f->location);
          break;
        case FAULT_INSERT:
        default:
          if (p->inserts == NULL)
            p->inserts = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_store_unref);
          g_ptr_array_add (p->inserts, il_row_store_ref (f->rows));
          break;
        }
    }
  if (self->random != NULL && g_rand_double (self->random) < self->random_rate)
    random_fault (self, p);
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

  respond_charged (p);
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
  g_clear_pointer (&self->bad_ids, g_array_unref);
  g_ptr_array_unref (self->stores);
  g_free (self->last_authorization);
  g_clear_pointer (&self->random, g_rand_free);
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
il_fake_postgrest_set_bad_rows (IlFakePostgrest *self,
                                const IlUuid    *ids,
                                guint            n_ids)
{
  g_mutex_lock (&self->mutex);
  if (self->bad_ids == NULL)
    self->bad_ids = g_array_new (FALSE, FALSE, sizeof (IlUuid));
  g_array_set_size (self->bad_ids, 0);
  g_array_append_vals (self->bad_ids, ids, n_ids);
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
il_fake_postgrest_set_skip_cost (IlFakePostgrest *self,
                                 guint            ns_per_row)
{
  g_mutex_lock (&self->mutex);
  self->skip_cost_ns = ns_per_row;
  g_mutex_unlock (&self->mutex);
}

guint64
il_fake_postgrest_get_rows_skipped (IlFakePostgrest *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->rows_skipped;
  g_mutex_unlock (&self->mutex);
  return n;
}
