/* il-row-json.c: rows as PostgREST JSON pages, and the parallel page loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <glib/gi18n.h>

#include "il-row-json.h"
#include "il-row-store-private.h"

/* ---- writing JSON ---------------------------------------------------------- */

static inline void
append_int64 (GString *out,
              gint64   v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

void
il_json_escape_string_len (GString    *out,
                           const char *s,
                           gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  gsize run = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (s != NULL || len == 0);

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];
      const char *esc = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      /* flush the plain run before this character */
      if (i > run)
        g_string_append_len (out, s + run, i - run);
      run = i + 1;

      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
      if (esc != NULL)
        g_string_append (out, esc);
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], '\0' };

          g_string_append_len (out, u, 6);
        }
    }
  if (len > run)
    g_string_append_len (out, s + run, len - run);
  g_string_append_c (out, '"');
}

void
il_json_escape_string (GString    *out,
                       const char *s)
{
  g_return_if_fail (out != NULL);

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  il_json_escape_string_len (out, s, strlen (s));
}

/* Fast path for the common "12.25": if d == m / 10^k exactly in double
 * arithmetic for some k <= 6, then "m/10^k" written in decimal reads back as d
 * (a correctly rounded division of exact values equals strtod's rounding of the
 * same decimal), and the smallest such k gives the shortest text. */
static gboolean
write_short_fraction (GString *out,
                      double   d)
{
  static const double pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
  double a = fabs (d);

  for (guint k = 1; k < G_N_ELEMENTS (pow10); k++)
    {
      double scaled = nearbyint (a * pow10[k]);
      guint64 m, ip, fp;
      char frac[8];

      if (scaled / pow10[k] != a)
        continue;
      m = (guint64) scaled;
      ip = m / (guint64) pow10[k];
      fp = m % (guint64) pow10[k];
      if (fp == 0)
        return FALSE;   /* integral: handled by the caller */
      for (guint j = k; j > 0; j--)
        {
          frac[j - 1] = (char) ('0' + fp % 10);
          fp /= 10;
        }
      frac[k] = '\0';
      /* trim trailing zeros (they cannot occur for the smallest k, but be safe) */
      for (guint j = k; j > 1 && frac[j - 1] == '0'; j--)
        frac[j - 1] = '\0';
      if (d < 0)
        g_string_append_c (out, '-');
      append_int64 (out, (gint64) ip);
      g_string_append_c (out, '.');
      g_string_append (out, frac);
      return TRUE;
    }
  return FALSE;
}

void
il_json_write_double (GString  *out,
                      double    d,
                      gboolean  force_fraction)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize start = out->len;

  if (!isfinite (d))
    {
      /* JSON has no inf/nan; null is what PostgreSQL's to_json would refuse too */
      g_string_append (out, "null");
      return;
    }

  if (d == floor (d) && fabs (d) < 1e15)
    {
      /* integral values: exact as an integer, no precision games */
      append_int64 (out, (gint64) d);
      if (d == 0 && signbit (d))
        g_string_insert_c (out, start, '-');
    }
  else if (fabs (d) < 1e9 && write_short_fraction (out, d))
    ;
  else
    {
      /* the shortest of %.15g, %.16g, %.17g that reads back as d */
      for (int prec = 15; prec <= 17; prec++)
        {
          char fmt[8];

          g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
          g_ascii_formatd (buf, sizeof buf, fmt, d);
          if (prec == 17 || g_ascii_strtod (buf, NULL) == d)
            break;
        }
      g_string_append (out, buf);
    }

  if (force_fraction && strpbrk (out->str + start, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void write_node (GString *out, JsonNode *node);

static void
write_member (JsonObject  *object,
              const char  *name,
              JsonNode    *node,
              gpointer     user_data)
{
  GString *out = user_data;

  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  il_json_escape_string (out, name);
  g_string_append_c (out, ':');
  write_node (out, node);
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      g_string_append_c (out, '{');
      /* foreach_member keeps the members' order, JsonObjectIter would not */
      json_object_foreach_member (json_node_get_object (node), write_member, out);
      g_string_append_c (out, '}');
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          il_json_escape_string (out, json_node_get_string (node));
        else if (type == G_TYPE_INT64)
          append_int64 (out, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          il_json_write_double (out, json_node_get_double (node), TRUE);
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

void
il_json_write_node (GString  *out,
                    JsonNode *node)
{
  g_return_if_fail (out != NULL);

  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  write_node (out, node);
}

static inline void
write_key (GString    *out,
           gboolean   *first,
           const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\":");
}

static inline void
write_timestamp (GString *out,
                 gint64   us,
                 gint16   offset)
{
  char buf[48];
  gsize len;

  if (us == IL_TIME_NONE)
    {
      g_string_append (out, "null");
      return;
    }
  buf[0] = '"';
  len = il_timestamp_format (us, offset, buf + 1);
  buf[len + 1] = '"';
  g_string_append_len (out, buf, len + 2);
}

static inline void
write_uuid (GString      *out,
            const IlUuid *uuid)
{
  char buf[39];

  buf[0] = '"';
  il_uuid_format (uuid, buf + 1);
  buf[37] = '"';
  g_string_append_len (out, buf, 38);
}

GString *
il_row_store_write_json (const IlRowStore *store,
                         const guint32    *rows,
                         guint             n_rows,
                         guint             column_mask)
{
  GString *out;

  g_return_val_if_fail (store != NULL, NULL);

  out = g_string_sized_new (64 + (gsize) n_rows * 400);
  g_string_append_c (out, '[');

  for (guint k = 0; k < n_rows; k++)
    {
      guint r = rows != NULL ? rows[k] : k;
      gboolean first = TRUE;

      g_return_val_if_fail (r < store->n_rows, out);

      if (k > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');

      if (column_mask & (1u << IL_COL_METRIC_ID))
        {
          write_key (out, &first, "metric_id");
          write_uuid (out, &store->metric_id[r]);
        }
      if (column_mask & (1u << IL_COL_SESSION_ID))
        {
          write_key (out, &first, "session_id");
          write_uuid (out, &store->session_ids[store->session[r]]);
        }
      if (column_mask & (1u << IL_COL_TURN_NUMBER))
        {
          write_key (out, &first, "turn_number");
          append_int64 (out, store->turn_number[r]);
        }
      if (column_mask & (1u << IL_COL_STEP_NAME))
        {
          write_key (out, &first, "step_name");
          il_json_escape_string (out, il_row_store_get_step_name (store, r));
        }
      if (column_mask & (1u << IL_COL_LATENCY_MS))
        {
          write_key (out, &first, "latency_ms");
          il_json_write_double (out, store->latency_ms[r], FALSE);
        }
      if (column_mask & (1u << IL_COL_STARTED_AT))
        {
          write_key (out, &first, "started_at");
          write_timestamp (out, store->started_at[r], store->started_offset[r]);
        }
      if (column_mask & (1u << IL_COL_COMPLETED_AT))
        {
          write_key (out, &first, "completed_at");
          write_timestamp (out, store->completed_at[r], store->completed_offset[r]);
        }
      if (column_mask & (1u << IL_COL_STATUS))
        {
          write_key (out, &first, "status");
          il_json_escape_string (out, il_row_store_get_status (store, r));
        }
      if (column_mask & (1u << IL_COL_ERROR_MESSAGE))
        {
          write_key (out, &first, "error_message");
          il_json_escape_string (out, il_row_store_get_error_message (store, r));
        }
      if (column_mask & (1u << IL_COL_METADATA))
        {
          gsize len;
          const char *text = il_row_store_get_metadata (store, r, &len);

          write_key (out, &first, "metadata");
          if (text == NULL)
            g_string_append (out, "null");
          else
            g_string_append_len (out, text, len);
        }
      if (column_mask & (1u << IL_COL_CREATED_AT))
        {
          write_key (out, &first, "created_at");
          write_timestamp (out, store->created_at[r], store->created_offset[r]);
        }

      g_string_append_c (out, '}');
    }

  g_string_append_c (out, ']');
  return out;
}

/* ---- parallel loading ------------------------------------------------------ */

typedef struct
{
  GPtrArray   *pages;
  guint        n_pages;
  guint        window;      /* how far workers may run ahead of the consumer */

  GMutex       lock;
  GCond        cond;
  guint        next;        /* next page to parse */
  guint        consumed;    /* pages the consumer has taken */
  gboolean     cancelled;
  IlRowBatch **batches;
  GError     **errors;
  gboolean    *done;
  GPtrArray   *spare;       /* appended batches, for the workers to refill */
} LoadState;

static gboolean
parse_page (IlRowBatch  *batch,
            GBytes      *page,
            GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (page, &len);

  return _il_row_batch_parse_into (batch, data != NULL ? data : "", len, error);
}

static gpointer
load_worker (gpointer data)
{
  LoadState *state = data;

  for (;;)
    {
      IlRowBatch *batch;
      GError *error = NULL;
      guint i;

      g_mutex_lock (&state->lock);
      /* Bounded look-ahead keeps parsed-but-unappended batches (memory) small. */
      while (!state->cancelled && state->next < state->n_pages &&
             state->next >= state->consumed + state->window)
        g_cond_wait (&state->cond, &state->lock);
      if (state->cancelled || state->next >= state->n_pages)
        {
          g_mutex_unlock (&state->lock);
          return NULL;
        }
      i = state->next++;
      /* Reuse the memory of batches already appended: allocating and freeing
       * ~100 KiB per page costs malloc consolidations. */
      batch = NULL;
      if (state->spare->len > 0)
        batch = g_ptr_array_steal_index_fast (state->spare, state->spare->len - 1);
      g_mutex_unlock (&state->lock);

      if (batch == NULL)
        batch = _il_row_batch_new ();
      if (!parse_page (batch, g_ptr_array_index (state->pages, i), &error))
        g_clear_pointer (&batch, il_row_batch_free);

      g_mutex_lock (&state->lock);
      state->batches[i] = batch;
      state->errors[i] = error;
      state->done[i] = TRUE;
      g_cond_broadcast (&state->cond);
      g_mutex_unlock (&state->lock);
    }
}

static void
append_page (IlRowStore       *store,
             guint             page,
             const IlRowBatch *batch)
{
  /* Name the page in the first reason; appending keeps an existing one. */
  if (store->first_skip_reason == NULL && il_row_batch_get_skip_reason (batch) != NULL)
    store->first_skip_reason = g_strdup_printf (_("page %u, %s"), page,
                                                il_row_batch_get_skip_reason (batch));
  _il_row_store_append_batch_copy (store, batch);
}

static void
propagate_page_error (GError **error,
                      GError  *page_error,
                      guint    page)
{
  g_propagate_prefixed_error (error, page_error, _("Page %u: "), page);
}

IlRowStore *
il_row_store_load_pages (GPtrArray  *pages,
                         guint       n_threads,
                         GError    **error)
{
  g_autoptr(IlRowStore) store = NULL;
  LoadState state = { 0 };
  g_autofree GThread **threads = NULL;
  GError *page_error = NULL;
  guint failed_page = 0;

  g_return_val_if_fail (pages != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = il_row_store_new ();
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MIN (n_threads, MAX (pages->len, 1));

  if (n_threads <= 1)
    {
      g_autoptr(IlRowBatch) batch = _il_row_batch_new ();

      for (guint i = 0; i < pages->len; i++)
        {
          if (!parse_page (batch, g_ptr_array_index (pages, i), &page_error))
            {
              propagate_page_error (error, page_error, i);
              return NULL;
            }
          append_page (store, i, batch);
        }
      il_row_store_seal (store);
      return g_steal_pointer (&store);
    }

  state.pages = pages;
  state.n_pages = pages->len;
  state.window = 4 * n_threads;
  g_mutex_init (&state.lock);
  g_cond_init (&state.cond);
  state.batches = g_new0 (IlRowBatch *, state.n_pages);
  state.errors = g_new0 (GError *, state.n_pages);
  state.done = g_new0 (gboolean, state.n_pages);
  state.spare = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_batch_free);

  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("il-load", load_worker, &state);

  /* This thread appends in page order while the workers parse. */
  for (guint i = 0; i < state.n_pages; i++)
    {
      IlRowBatch *batch;

      g_mutex_lock (&state.lock);
      while (!state.done[i])
        g_cond_wait (&state.cond, &state.lock);
      batch = g_steal_pointer (&state.batches[i]);
      if (batch == NULL)
        {
          page_error = g_steal_pointer (&state.errors[i]);
          failed_page = i;
          state.cancelled = TRUE;
        }
      state.consumed = i + 1;
      g_cond_broadcast (&state.cond);
      g_mutex_unlock (&state.lock);

      if (batch == NULL)
        break;
      append_page (store, i, batch);

      g_mutex_lock (&state.lock);
      g_ptr_array_add (state.spare, batch);
      g_mutex_unlock (&state.lock);
    }

  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < state.n_pages; i++)
    {
      g_clear_pointer (&state.batches[i], il_row_batch_free);
      g_clear_error (&state.errors[i]);
    }
  g_free (state.batches);
  g_free (state.errors);
  g_free (state.done);
  g_ptr_array_unref (state.spare);
  g_mutex_clear (&state.lock);
  g_cond_clear (&state.cond);

  if (page_error != NULL)
    {
      propagate_page_error (error, page_error, failed_page);
      return NULL;
    }

  il_row_store_seal (store);
  return g_steal_pointer (&store);
}
