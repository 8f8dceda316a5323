/* il-row-json.c: rows as PostgREST JSON pages: writing them, and parsing them with json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <glib/gi18n.h>

#include "il-row-json.h"
#include "il-json-write-private.h"
#include "il-row-store-private.h"

/* ---- writing JSON ---------------------------------------------------------- */

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
      _il_json_append_int64 (out, (gint64) ip);
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
      _il_json_append_int64 (out, (gint64) d);
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
          _il_json_append_int64 (out, json_node_get_int (node));
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
          _il_json_append_int64 (out, store->turn_number[r]);
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

/* ---- parsing pages with json-glib -------------------------------------- */

/* Reads a member (node, NULL when missing) as a string; *str is NULL for
 * JSON null when nullable. */
/* One call tells null (G_TYPE_INVALID), string, int64, double, boolean and
 * containers (their boxed types) apart; the JSON_NODE_HOLDS_* macros would
 * each be another call into json-glib. */
static inline GType
node_type (JsonNode *node)
{
  return json_node_get_value_type (node);
}

static inline gboolean
get_string (JsonNode    *node,
            gboolean     nullable,
            const char **str,
            IlBadKind   *bad)
{
  GType type;

  if (node == NULL)
    {
      *bad = IL_BAD_MISSING;
      return FALSE;
    }
  type = node_type (node);
  if (type == G_TYPE_STRING)
    {
      *str = json_node_get_string (node);
      return TRUE;
    }
  if (type == G_TYPE_INVALID)
    {
      *str = NULL;
      if (nullable)
        return TRUE;
      *bad = IL_BAD_NULL;
      return FALSE;
    }
  *bad = IL_BAD_NOT_STRING;
  return FALSE;
}

static inline gboolean
get_uuid (JsonNode   *node,
          IlUuid     *out,
          IlBadKind  *bad)
{
  const char *str;

  if (!get_string (node, FALSE, &str, bad))
    return FALSE;
  if (!il_uuid_parse (str, -1, out))
    {
      *bad = IL_BAD_UUID;
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
get_timestamp (JsonNode   *node,
               gboolean    nullable,
               gint64     *us,
               gint16     *offset,
               IlBadKind  *bad)
{
  const char *str;

  if (!get_string (node, nullable, &str, bad))
    return FALSE;
  if (str == NULL)
    {
      *us = IL_TIME_NONE;
      *offset = 0;
      return TRUE;
    }
  if (!il_timestamp_parse (str, -1, us, offset))
    {
      *bad = IL_BAD_TIMESTAMP;
      return FALSE;
    }
  return TRUE;
}

/* The type of a member that must hold a value: G_TYPE_INVALID, with @bad
 * set, when it is missing or null. */
static inline GType
present_type (JsonNode  *node,
              IlBadKind *bad)
{
  GType type;

  if (node == NULL)
    {
      *bad = IL_BAD_MISSING;
      return G_TYPE_INVALID;
    }
  type = node_type (node);
  if (type == G_TYPE_INVALID)
    *bad = IL_BAD_NULL;
  return type;
}

static inline gboolean
get_number (JsonNode   *node,
            double     *out,
            IlBadKind  *bad)
{
  GType type = present_type (node, bad);

  if (type == G_TYPE_INVALID)
    return FALSE;
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    {
      *bad = IL_BAD_NOT_NUMBER;
      return FALSE;
    }
  if (!isfinite (*out))
    {
      *bad = IL_BAD_NOT_NUMBER;
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
get_int32 (JsonNode   *node,
           gint32     *out,
           IlBadKind  *bad)
{
  GType type = present_type (node, bad);

  if (type == G_TYPE_INVALID)
    return FALSE;
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < G_MININT32 || v > G_MAXINT32)
        {
          *bad = IL_BAD_NOT_INTEGER;
          return FALSE;
        }
      *out = (gint32) v;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      /* 3.0 is an integer written as a double; 3.5 is not. */
      double d = json_node_get_double (node);

      if (d != floor (d) || d < G_MININT32 || d > G_MAXINT32)
        {
          *bad = IL_BAD_NOT_INTEGER;
          return FALSE;
        }
      *out = (gint32) d;
      return TRUE;
    }
  *bad = IL_BAD_NOT_INTEGER;
  return FALSE;
}

/* The schema's fields, in IlColumn order. */
#define N_FIELDS IL_N_COLUMNS

static inline int
field_index (const char *name)
{
  /* dispatch on the first letter, then confirm: no hashing per member */
  switch (name[0])
    {
    case 'm':
      if (strcmp (name, "metric_id") == 0) return IL_COL_METRIC_ID;
      if (strcmp (name, "metadata") == 0) return IL_COL_METADATA;
      break;
    case 's':
      if (strcmp (name, "session_id") == 0) return IL_COL_SESSION_ID;
      if (strcmp (name, "step_name") == 0) return IL_COL_STEP_NAME;
      if (strcmp (name, "started_at") == 0) return IL_COL_STARTED_AT;
      if (strcmp (name, "status") == 0) return IL_COL_STATUS;
      break;
    case 't':
      if (strcmp (name, "turn_number") == 0) return IL_COL_TURN_NUMBER;
      break;
    case 'l':
      if (strcmp (name, "latency_ms") == 0) return IL_COL_LATENCY_MS;
      break;
    case 'c':
      if (strcmp (name, "completed_at") == 0) return IL_COL_COMPLETED_AT;
      if (strcmp (name, "created_at") == 0) return IL_COL_CREATED_AT;
      break;
    case 'e':
      if (strcmp (name, "error_message") == 0) return IL_COL_ERROR_MESSAGE;
      break;
    default:
      break;
    }
  return -1;   /* an extra column: ignored */
}

/* Parses one row object into slot batch->n_rows; FALSE (with field, bad set)
 * when the row does not fit the schema. */
/* A skipped row's created_at, as far as it can be read. */
static gint64
object_created_at (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "created_at");
  gint64 us;

  if (node == NULL)
    return IL_SKIPPED_AT_UNKNOWN;
  if (JSON_NODE_HOLDS_NULL (node))
    return IL_TIME_NONE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && il_timestamp_parse (json_node_get_string (node), -1, &us, NULL))
    return us;
  return IL_SKIPPED_AT_UNKNOWN;
}

static gboolean
batch_add_object (IlRowBatch  *batch,
                  JsonObject  *obj,
                  const char **field,
                  IlBadKind   *bad)
{
  guint i = batch->n_rows;
  const char *step, *status, *message;
  JsonNode *f[N_FIELDS] = { NULL, };
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  /* One pass over the members instead of one hash lookup per field; the
   * object's table holds each name once, so this sees what get_member would. */
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, &node))
    {
      int k = field_index (name);

      if (k >= 0)
        f[k] = node;
    }

#define CHECK(col, expr) \
  G_STMT_START { if (!(expr)) { *field = il_column_name (col); return FALSE; } } G_STMT_END

  CHECK (IL_COL_METRIC_ID, get_uuid (f[IL_COL_METRIC_ID], &batch->metric_id[i], bad));
  CHECK (IL_COL_SESSION_ID, get_uuid (f[IL_COL_SESSION_ID], &batch->session_id[i], bad));
  CHECK (IL_COL_TURN_NUMBER, get_int32 (f[IL_COL_TURN_NUMBER], &batch->turn_number[i], bad));
  CHECK (IL_COL_STEP_NAME, get_string (f[IL_COL_STEP_NAME], FALSE, &step, bad));
  CHECK (IL_COL_LATENCY_MS, get_number (f[IL_COL_LATENCY_MS], &batch->latency_ms[i], bad));
  CHECK (IL_COL_STARTED_AT, get_timestamp (f[IL_COL_STARTED_AT], FALSE, &batch->started_at[i],
                                           &batch->started_offset[i], bad));
  CHECK (IL_COL_COMPLETED_AT, get_timestamp (f[IL_COL_COMPLETED_AT], FALSE, &batch->completed_at[i],
                                             &batch->completed_offset[i], bad));
  CHECK (IL_COL_STATUS, get_string (f[IL_COL_STATUS], FALSE, &status, bad));
  CHECK (IL_COL_ERROR_MESSAGE, get_string (f[IL_COL_ERROR_MESSAGE], TRUE, &message, bad));
  CHECK (IL_COL_METADATA, (*bad = IL_BAD_MISSING, f[IL_COL_METADATA] != NULL));
  CHECK (IL_COL_CREATED_AT, get_timestamp (f[IL_COL_CREATED_AT], TRUE, &batch->created_at[i],
                                           &batch->created_offset[i], bad));

#undef CHECK

  /* Only now that the row is known good do we touch shared per-batch state. */
  batch->step[i] = _il_row_batch_intern (batch->steps, &batch->step_cache, step);
  batch->status[i] = _il_row_batch_intern (batch->statuses, &batch->status_cache, status);
  batch->error_message[i] = _il_row_batch_intern (batch->messages, &batch->message_cache, message);
  if (!JSON_NODE_HOLDS_NULL (f[IL_COL_METADATA]))
    il_json_write_node (batch->metadata, f[IL_COL_METADATA]);
  batch->metadata_offset[i + 1] = (guint32) batch->metadata->len;
  batch->n_rows++;
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static const char *
node_kind_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return _("a string");
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return _("a boolean");
      return _("a number");
    case JSON_NODE_ARRAY:
    default:
      return _("an array");
    }
}

/* A whole page fails only when it is not JSON or not an array. An array
 * element that is not an object is a bad row like any other: skipped and
 * counted, so one bad row never loses a page. */
gboolean
_il_row_batch_parse_dom (IlRowBatch  *batch,
                         const char  *data,
                         gssize       len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _il_row_batch_reset (batch);

  if (len < 0)
    len = strlen (data);
  if (len == 0 || is_blank (data, len))
    {
      g_set_error_literal (error, IL_MODEL_ERROR, IL_MODEL_ERROR_INVALID_JSON,
                           _("The server sent an empty response instead of rows"));
      return FALSE;
    }

  /* not json_parser_new_immutable (): sealing walks every node again */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, IL_MODEL_ERROR, IL_MODEL_ERROR_INVALID_JSON,
                   _("The server's response is not valid JSON: %s"), local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, IL_MODEL_ERROR, IL_MODEL_ERROR_INVALID_JSON,
                           _("The server sent an empty response instead of rows"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, IL_MODEL_ERROR, IL_MODEL_ERROR_NOT_AN_ARRAY,
                   _("The server's response is not a list of rows (expected a JSON array, got %s)"),
                   node_kind_name (root));
      return FALSE;
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  _il_row_batch_reserve (batch, n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *field = NULL;
      IlBadKind bad = IL_BAD_MISSING;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          _il_row_batch_skip_element (batch, i, node_kind_name (element));
          continue;
        }
      if (!batch_add_object (batch, json_node_get_object (element), &field, &bad))
        _il_row_batch_skip (batch, i, field, bad, object_created_at (json_node_get_object (element)));
    }

  return TRUE;
}
