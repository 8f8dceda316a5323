/* fake-postgrest-rows.c: the fake PostgREST's answer to a GET of the table:
 * filters, order and paging over the rows' JSON texts, and the broken ways
 * a fault delivers it (cut short, a byte at a time)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"
#include "il-row-json.h"

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

void
fake_answer_rows (Pending *p)
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

      /* what a proxy that keeps only some parameters would pass on */
      if (p->drop_filters && strcmp (name, "select") != 0 && strcmp (name, "order") != 0
          && strcmp (name, "limit") != 0 && strcmp (name, "offset") != 0)
        continue;
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
      fake_send_pg_error (msg, &e);
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
    /* ... ordered by metric_id: a bound on it is where the index scan
     * starts, as (created_at, metric_id) makes it in a database */
    if (first < self->rows->len && row_created (self, &g_array_index (self->rows, FakeRow, first)) == IL_TIME_NONE)
      for (guint k = 0; k < filters->len; k++)
        {
          const Node *n = g_ptr_array_index (filters, k);

          if (n->kind == NODE_CMP && !n->negate && n->column == IL_COL_METRIC_ID
              && (n->op == OP_GT || n->op == OP_GTE))
            while (first < self->rows->len)
              {
                int c = il_uuid_compare (row_metric (self, &g_array_index (self->rows, FakeRow, first)), &n->u);

                if (c > 0 || (c == 0 && n->op == OP_GTE))
                  break;
                first++;
              }
        }
    last = self->rows->len;
    /* a lower bound on created_at excludes the nulls too */
    if (lo != G_MININT64)
      last = fake_first_at_or_after (self, G_MAXINT64);
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
  /* a database reads the rows before an offset and throws them away */
  skipped += MIN (offset, total);
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
      fake_send_pg_error (msg, &e);
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
  fake_set_json (msg, status, NULL, body->str, body->len);

out:
  g_free (e.code);
  g_free (e.message);
  g_free (e.details);
  g_free (e.hint);
}
