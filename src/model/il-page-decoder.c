/* il-page-decoder.c: PostgREST JSON pages straight into a row batch, no tree
 *
 * A page is a JSON array of row objects. The decoder reads it once, left to
 * right, and writes each field into the batch's columns; metadata is copied as
 * compact JSON text. It gives up on anything the scanner is not sure to read
 * exactly as json-glib does (syntax errors, comments, a root that is not an
 * array, \u0000, lone surrogates, integers past 18 digits, very deep nesting,
 * invalid UTF-8): such a page goes to the json-glib parser, so rows, values,
 * skip reasons and error messages are always json-glib's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <math.h>
#include <glib/gi18n.h>

#include "il-json-scanner-private.h"
#include "il-row-store-private.h"

/* The fields of one row object as read so far: bad[col] is 0 when the field
 * was read and fits, else 1 + its IlBadKind; a repeated member overwrites
 * (json-glib keeps the last value). */
typedef struct
{
  guint8     bad[IL_N_COLUMNS];
  IlJsonStr  step;
  IlJsonStr  status;
  IlJsonStr  message;       /* str NULL: SQL null */
} RowState;

static inline int
field_index (const char *name,
             gsize       len)
{
#define IS(lit) (len == sizeof lit - 1 && memcmp (name, lit, sizeof lit - 1) == 0)
  switch (len > 0 ? name[0] : 0)
    {
    case 'm':
      if (IS ("metric_id")) return IL_COL_METRIC_ID;
      if (IS ("metadata")) return IL_COL_METADATA;
      break;
    case 's':
      if (IS ("session_id")) return IL_COL_SESSION_ID;
      if (IS ("step_name")) return IL_COL_STEP_NAME;
      if (IS ("started_at")) return IL_COL_STARTED_AT;
      if (IS ("status")) return IL_COL_STATUS;
      break;
    case 't':
      if (IS ("turn_number")) return IL_COL_TURN_NUMBER;
      break;
    case 'l':
      if (IS ("latency_ms")) return IL_COL_LATENCY_MS;
      break;
    case 'c':
      if (IS ("completed_at")) return IL_COL_COMPLETED_AT;
      if (IS ("created_at")) return IL_COL_CREATED_AT;
      break;
    case 'e':
      if (IS ("error_message")) return IL_COL_ERROR_MESSAGE;
      break;
    default:
      break;
    }
#undef IS
  return -1;
}

static inline guint8
bad (IlBadKind kind)
{
  return (guint8) (kind + 1);
}

/* What the json-glib parser says of a value that is not a string. */
static inline guint8
string_or_null (IlJsonType type,
                gboolean   nullable)
{
  if (type == IL_JSON_NULL)
    return nullable ? 0 : bad (IL_BAD_NULL);
  return bad (IL_BAD_NOT_STRING);
}

static gboolean
read_field (IlJsonScanner *d,
            IlRowBatch    *batch,
            RowState      *row,
            int            col,
            gsize          metadata_start)
{
  guint i = batch->n_rows;
  GString *scratch = d->scratch;
  IlJsonType type;
  IlJsonStr str = { NULL, 0 };
  gint64 iv = 0;
  double x = 0;

  if (col == IL_COL_METADATA)
    {
      row->bad[col] = 0;
      g_string_truncate (batch->metadata, metadata_start);
      if (d->p < d->end && *d->p == 'n')
        return _il_json_read_literal (d, "null", 4);   /* null: an empty slice */
      return _il_json_copy_compact (d, batch->metadata);
    }

  if (col == IL_COL_STEP_NAME)
    scratch = d->text[0];
  else if (col == IL_COL_STATUS)
    scratch = d->text[1];
  else if (col == IL_COL_ERROR_MESSAGE)
    scratch = d->text[2];
  if (!_il_json_read_value (d, scratch, 1, &type, &str, &iv, &x))
    return FALSE;

  switch (col)
    {
    case IL_COL_METRIC_ID:
    case IL_COL_SESSION_ID:
      if (type != IL_JSON_STRING)
        row->bad[col] = string_or_null (type, FALSE);
      else if (!il_uuid_parse (str.str, str.len, col == IL_COL_METRIC_ID ? &batch->metric_id[i]
                                                                         : &batch->session_id[i]))
        row->bad[col] = bad (IL_BAD_UUID);
      else
        row->bad[col] = 0;
      break;

    case IL_COL_TURN_NUMBER:
      if (type == IL_JSON_NULL)
        row->bad[col] = bad (IL_BAD_NULL);
      else if (type == IL_JSON_INT && iv >= G_MININT32 && iv <= G_MAXINT32)
        {
          batch->turn_number[i] = (gint32) iv;
          row->bad[col] = 0;
        }
      else if (type == IL_JSON_DOUBLE && x == floor (x) && x >= G_MININT32 && x <= G_MAXINT32)
        {
          /* 3.0 is an integer written as a double; 3.5 is not */
          batch->turn_number[i] = (gint32) x;
          row->bad[col] = 0;
        }
      else
        row->bad[col] = bad (IL_BAD_NOT_INTEGER);
      break;

    case IL_COL_LATENCY_MS:
      if (type == IL_JSON_NULL)
        row->bad[col] = bad (IL_BAD_NULL);
      else if (type == IL_JSON_INT)
        {
          batch->latency_ms[i] = (double) iv;
          row->bad[col] = 0;
        }
      else if (type == IL_JSON_DOUBLE && isfinite (x))
        {
          batch->latency_ms[i] = x;
          row->bad[col] = 0;
        }
      else
        row->bad[col] = bad (IL_BAD_NOT_NUMBER);
      break;

    case IL_COL_STARTED_AT:
    case IL_COL_COMPLETED_AT:
    case IL_COL_CREATED_AT:
      {
        gint64 *us = col == IL_COL_STARTED_AT ? &batch->started_at[i]
                   : col == IL_COL_COMPLETED_AT ? &batch->completed_at[i]
                   : &batch->created_at[i];
        gint16 *offset = col == IL_COL_STARTED_AT ? &batch->started_offset[i]
                       : col == IL_COL_COMPLETED_AT ? &batch->completed_offset[i]
                       : &batch->created_offset[i];

        if (type == IL_JSON_STRING)
          row->bad[col] = il_timestamp_parse (str.str, str.len, us, offset)
                          ? 0 : bad (IL_BAD_TIMESTAMP);
        else
          {
            row->bad[col] = string_or_null (type, col == IL_COL_CREATED_AT);
            *us = IL_TIME_NONE;
            *offset = 0;
          }
      }
      break;

    case IL_COL_STEP_NAME:
    case IL_COL_STATUS:
    case IL_COL_ERROR_MESSAGE:
      {
        IlJsonStr *out = col == IL_COL_STEP_NAME ? &row->step
                 : col == IL_COL_STATUS ? &row->status
                 : &row->message;

        if (type == IL_JSON_STRING)
          {
            *out = str;
            row->bad[col] = 0;
          }
        else
          {
            out->str = NULL;
            out->len = 0;
            row->bad[col] = string_or_null (type, col == IL_COL_ERROR_MESSAGE);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* A string as a pool id, through the batch's cache of recent ones. */
static IlStrId
intern_str (IlStringPool    *pool,
            IlInternCache   *cache,
            const IlJsonStr *str)
{
  char stack_buf[128];
  g_autofree char *heap = NULL;
  char *copy = stack_buf;

  if (str->str == NULL)
    return IL_STR_NONE;
  for (guint k = 0; k < cache->n; k++)
    if (strncmp (cache->str[k], str->str, str->len) == 0 && cache->str[k][str->len] == '\0')
      return cache->id[k];

  if (str->len >= sizeof stack_buf)
    copy = heap = g_malloc (str->len + 1);
  memcpy (copy, str->str, str->len);
  copy[str->len] = '\0';
  return _il_row_batch_intern (pool, cache, copy);
}

/* Reads past a value no column takes (a member we do not know, or an array
 * element that is not an object), checking its syntax. */
static inline gboolean
skip_value (IlJsonScanner *d,
            IlJsonType    *type)
{
  IlJsonStr str;
  gint64 iv;
  double x;

  return _il_json_read_value (d, d->scratch, 1, type, &str, &iv, &x);
}

/* One row object, d->p at its '{'. */
static gboolean
read_row (IlJsonScanner *d,
          IlRowBatch    *batch,
          guint          index)
{
  RowState row;
  gsize metadata_start = batch->metadata->len;
  gboolean closed;
  guint i;

  if (batch->n_rows == batch->capacity)
    _il_row_batch_reserve (batch, MAX (batch->capacity * 2, 256));
  i = batch->n_rows;

  memset (row.bad, bad (IL_BAD_MISSING), sizeof row.bad);

  d->p++;
  _il_json_skip_ws (d);
  if (d->p < d->end && *d->p == '}')
    d->p++;
  else
    for (;;)
      {
        IlJsonStr key;
        int col;

        if (d->p >= d->end || *d->p != '"')
          return FALSE;
        d->p++;
        if (!_il_json_read_string (d, d->key, &key))
          return FALSE;
        /* compared decoded: an escaped name may still spell a column */
        col = field_index (key.str, key.len);
        _il_json_skip_ws (d);
        if (d->p >= d->end || *d->p != ':')
          return FALSE;
        d->p++;
        _il_json_skip_ws (d);

        if (col >= 0)
          {
            if (!read_field (d, batch, &row, col, metadata_start))
              return FALSE;
          }
        else
          {
            IlJsonType type;

            if (!skip_value (d, &type))
              return FALSE;
          }

        if (!_il_json_next_item (d, '}', &closed))
          return FALSE;
        if (closed)
          break;
      }

  /* The first field that does not fit, in column order, names the reason. */
  for (int col = 0; col < IL_N_COLUMNS; col++)
    if (row.bad[col] != 0)
      {
        g_string_truncate (batch->metadata, metadata_start);
        _il_row_batch_skip (batch, index, il_column_name (col), (IlBadKind) (row.bad[col] - 1),
                            row.bad[IL_COL_CREATED_AT] == 0 ? batch->created_at[i] : IL_SKIPPED_AT_UNKNOWN);
        return TRUE;
      }

  batch->step[i] = intern_str (batch->steps, &batch->step_cache, &row.step);
  batch->status[i] = intern_str (batch->statuses, &batch->status_cache, &row.status);
  batch->error_message[i] = intern_str (batch->messages, &batch->message_cache, &row.message);
  batch->metadata_offset[i + 1] = (guint32) batch->metadata->len;
  batch->n_rows++;
  return TRUE;
}

static const char *
kind_name (IlJsonType type)
{
  switch (type)
    {
    case IL_JSON_OBJECT:
      return _("an object");
    case IL_JSON_NULL:
      return _("null");
    case IL_JSON_STRING:
      return _("a string");
    case IL_JSON_TRUE:
    case IL_JSON_FALSE:
      return _("a boolean");
    case IL_JSON_INT:
    case IL_JSON_DOUBLE:
      return _("a number");
    case IL_JSON_ARRAY:
    default:
      return _("an array");
    }
}

static gboolean
decode_page (IlJsonScanner *d,
             IlRowBatch    *batch)
{
  gboolean closed;
  guint index = 0;

  _il_json_skip_ws (d);
  if (d->p >= d->end || *d->p != '[')
    return FALSE;   /* not an array, or a BOM: json-glib says what it is */
  d->p++;
  _il_json_skip_ws (d);
  if (d->p < d->end && *d->p == ']')
    d->p++;
  else
    for (;; index++)
      {
        if (d->p >= d->end)
          return FALSE;
        if (*d->p == '{')
          {
            if (!read_row (d, batch, index))
              return FALSE;
          }
        else
          {
            IlJsonType type;

            if (!skip_value (d, &type))
              return FALSE;
            _il_row_batch_skip_element (batch, index, kind_name (type));
          }
        if (!_il_json_next_item (d, ']', &closed))
          return FALSE;
        if (closed)
          break;
      }

  _il_json_skip_ws (d);
  if (d->p != d->end)
    return FALSE;   /* more after the array: json-glib's rules are its own */
  return TRUE;
}

gboolean
_il_page_decode (IlRowBatch *batch,
                 const char *data,
                 gsize       len)
{
  IlJsonScanner d = { 0 };
  gboolean ok;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  _il_row_batch_reset (batch);
  if (len == 0)
    return FALSE;

  d.p = data;
  d.end = data + len;
  d.key = g_string_new (NULL);
  d.scratch = g_string_new (NULL);
  for (guint k = 0; k < G_N_ELEMENTS (d.text); k++)
    d.text[k] = g_string_new (NULL);

  ok = decode_page (&d, batch);
  /* json-glib refuses a page that is not UTF-8 as a whole */
  if (ok && d.non_ascii && !g_utf8_validate (data, len, NULL))
    ok = FALSE;

  g_string_free (d.key, TRUE);
  g_string_free (d.scratch, TRUE);
  for (guint k = 0; k < G_N_ELEMENTS (d.text); k++)
    g_string_free (d.text[k], TRUE);
  return ok;
}

gboolean
_il_row_batch_parse_into (IlRowBatch  *batch,
                          const char  *data,
                          gssize       len,
                          GError     **error)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len < 0)
    len = strlen (data);
  if (_il_page_decode (batch, data, len))
    return TRUE;
  return _il_row_batch_parse_dom (batch, data, len, error);
}

IlRowBatch *
il_row_batch_parse_json (const char  *data,
                         gssize       len,
                         GError     **error)
{
  g_autoptr(IlRowBatch) batch = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  batch = _il_row_batch_new ();
  if (!_il_row_batch_parse_into (batch, data, len, error))
    return NULL;
  return g_steal_pointer (&batch);
}

