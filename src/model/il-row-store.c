/* il-row-store.c: the columnar store of interview_latency_metrics rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <math.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "il-row-store.h"
#include "il-row-json.h"
#include "il-row-store-private.h"

G_DEFINE_QUARK (il-model-error-quark, il_model_error)

static const char * const column_names[IL_N_COLUMNS] = {
  "metric_id",
  "session_id",
  "turn_number",
  "step_name",
  "latency_ms",
  "started_at",
  "completed_at",
  "status",
  "error_message",
  "metadata",
  "created_at",
};

const char *
il_column_name (IlColumn column)
{
  g_return_val_if_fail ((guint) column < IL_N_COLUMNS, NULL);

  return column_names[column];
}

/* ---- uuid ------------------------------------------------------------ */

/* hex digit value + 1, 0 for anything else */
static const guint8 hex_table[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
  ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
  ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
  ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static inline int
hex_value (char c)
{
  return (int) hex_table[(guchar) c] - 1;
}

gboolean
il_uuid_parse (const char *str,
               gssize      len,
               IlUuid     *out)
{
  guint64 parts[2] = { 0, 0 };
  guint n_digits = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (len < 0)
    len = strlen (str);
  /* Only the canonical 8-4-4-4-12 form, as PostgreSQL writes it. */
  if (len != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      int v;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
          continue;
        }
      v = hex_value (str[i]);
      if (v < 0)
        return FALSE;
      parts[n_digits / 16] = (parts[n_digits / 16] << 4) | (guint64) v;
      n_digits++;
    }

  out->hi = parts[0];
  out->lo = parts[1];
  return TRUE;
}

void
il_uuid_format (const IlUuid *uuid,
                char          out[37])
{
  static const char digits[] = "0123456789abcdef";
  guint pos = 0;

  g_return_if_fail (uuid != NULL);

  for (guint i = 0; i < 32; i++)
    {
      guint64 word = i < 16 ? uuid->hi : uuid->lo;
      guint shift = (15 - (i % 16)) * 4;

      if (i == 8 || i == 12 || i == 16 || i == 20)
        out[pos++] = '-';
      out[pos++] = digits[(word >> shift) & 0xf];
    }
  out[pos] = '\0';
}

int
il_uuid_compare (const IlUuid *a,
                 const IlUuid *b)
{
  /* hi holds the first 8 bytes big-endian: this is PostgreSQL's uuid order. */
  if (a->hi != b->hi)
    return a->hi < b->hi ? -1 : 1;
  if (a->lo != b->lo)
    return a->lo < b->lo ? -1 : 1;
  return 0;
}

/* ---- timestamps -------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static inline gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static inline void
civil_from_days (gint64  z,
                 gint64 *y,
                 guint  *m,
                 guint  *d)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (gint64) yoe + era * 400 + (*m <= 2);
}

static inline gboolean
is_leap (gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline guint
days_in_month (gint64 y,
               guint  m)
{
  static const guint8 days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap (y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at *p; FALSE when any is not a digit. */
static inline gboolean
read_digits (const char **p,
             const char  *end,
             guint        n,
             guint       *out)
{
  guint v = 0;

  if (end - *p < (gssize) n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char c = (*p)[i];

      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (guint) (c - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static inline gboolean
expect_char (const char **p,
             const char  *end,
             char         c)
{
  if (*p >= end || **p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

gboolean
il_timestamp_parse (const char *str,
                    gssize      len,
                    gint64     *out_us,
                    gint16     *out_offset_min)
{
  const char *p = str;
  const char *end;
  guint year, month, day, hour, minute, second;
  guint frac = 0;
  int offset = 0;
  gint64 us;

  if (str == NULL)
    return FALSE;
  if (len < 0)
    len = strlen (str);
  end = str + len;

  if (!read_digits (&p, end, 4, &year) ||
      !expect_char (&p, end, '-') ||
      !read_digits (&p, end, 2, &month) ||
      !expect_char (&p, end, '-') ||
      !read_digits (&p, end, 2, &day))
    return FALSE;
  if (p >= end || (*p != 'T' && *p != 't' && *p != ' '))
    return FALSE;
  p++;
  if (!read_digits (&p, end, 2, &hour) ||
      !expect_char (&p, end, ':') ||
      !read_digits (&p, end, 2, &minute) ||
      !expect_char (&p, end, ':') ||
      !read_digits (&p, end, 2, &second))
    return FALSE;

  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  if (p < end && *p == '.')
    {
      guint n = 0;

      p++;
      while (p < end && *p >= '0' && *p <= '9')
        {
          if (n == 6)
            return FALSE;   /* more precision than timestamptz has */
          frac = frac * 10 + (guint) (*p - '0');
          n++;
          p++;
        }
      if (n == 0)
        return FALSE;
      for (; n < 6; n++)
        frac *= 10;
    }

  if (p >= end)
    return FALSE;   /* no offset: ambiguous, not what PostgREST sends */
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      guint oh, om = 0;

      p++;
      if (!read_digits (&p, end, 2, &oh))
        return FALSE;
      if (p < end)
        {
          if (*p == ':')
            p++;
          if (!read_digits (&p, end, 2, &om))
            return FALSE;
        }
      if (oh > 23 || om > 59)
        return FALSE;
      offset = sign * (int) (oh * 60 + om);
    }
  else
    return FALSE;
  if (p != end)
    return FALSE;

  us = days_from_civil (year, month, day) * G_GINT64_CONSTANT (86400);
  us += hour * 3600 + minute * 60 + second;
  us -= (gint64) offset * 60;
  us = us * G_USEC_PER_SEC + frac;

  if (out_us != NULL)
    *out_us = us;
  if (out_offset_min != NULL)
    *out_offset_min = (gint16) offset;
  return TRUE;
}

static inline char *
put_digits (char  *p,
            guint  v,
            guint  n)
{
  for (guint i = n; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + v % 10);
      v /= 10;
    }
  return p + n;
}

gsize
il_timestamp_format (gint64  us,
                     gint16  offset_min,
                     char   *buf)
{
  gint64 local = us + (gint64) offset_min * 60 * G_USEC_PER_SEC;
  gint64 days, y;
  gint64 in_day;
  guint m, d, secs, frac;
  guint abs_off;
  char *p = buf;

  g_return_val_if_fail (buf != NULL, 0);

  days = local / (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400));
  in_day = local % (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400));
  if (in_day < 0)
    {
      in_day += G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
      days--;
    }
  civil_from_days (days, &y, &m, &d);
  secs = (guint) (in_day / G_USEC_PER_SEC);
  frac = (guint) (in_day % G_USEC_PER_SEC);

  if (y < 0 || y > 9999)
    {
      /* Outside what we parse; still write something readable. */
      p += g_snprintf (p, 12, "%" G_GINT64_FORMAT, y);
    }
  else
    p = put_digits (p, (guint) y, 4);
  *p++ = '-';
  p = put_digits (p, m, 2);
  *p++ = '-';
  p = put_digits (p, d, 2);
  *p++ = 'T';
  p = put_digits (p, secs / 3600, 2);
  *p++ = ':';
  p = put_digits (p, secs / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, secs % 60, 2);
  if (frac != 0)
    {
      guint n = 6;

      while (frac % 10 == 0)
        {
          frac /= 10;
          n--;
        }
      *p++ = '.';
      p = put_digits (p, frac, n);
    }
  *p++ = offset_min < 0 ? '-' : '+';
  abs_off = (guint) ABS ((int) offset_min);
  p = put_digits (p, abs_off / 60 % 100, 2);
  *p++ = ':';
  p = put_digits (p, abs_off % 60, 2);
  *p = '\0';

  return (gsize) (p - buf);
}

/* ---- string pool -------------------------------------------------------- */

struct _IlStringPool
{
  GPtrArray  *strings;   /* owned, NUL-terminated */
  GHashTable *index;     /* string (borrowed from strings) -> id + 1 */
  gsize       bytes;
};

IlStringPool *
il_string_pool_new (void)
{
  IlStringPool *pool = g_new0 (IlStringPool, 1);

  pool->strings = g_ptr_array_new_with_free_func (g_free);
  pool->index = g_hash_table_new (g_str_hash, g_str_equal);
  return pool;
}

void
il_string_pool_free (IlStringPool *pool)
{
  if (pool == NULL)
    return;
  g_hash_table_unref (pool->index);
  g_ptr_array_unref (pool->strings);
  g_free (pool);
}

static IlStrId
intern_nul_terminated (IlStringPool *pool,
                       const char   *str,
                       gsize         len)
{
  gpointer value;
  char *copy;

  if (g_hash_table_lookup_extended (pool->index, str, NULL, &value))
    return GPOINTER_TO_UINT (value) - 1;

  copy = g_strndup (str, len);
  g_ptr_array_add (pool->strings, copy);
  g_hash_table_insert (pool->index, copy, GUINT_TO_POINTER (pool->strings->len));
  pool->bytes += len + 1;
  return pool->strings->len - 1;
}

IlStrId
il_string_pool_intern (IlStringPool *pool,
                       const char   *str,
                       gssize        len)
{
  char stack_buf[256];
  g_autofree char *heap_buf = NULL;
  const char *key;

  g_return_val_if_fail (pool != NULL, IL_STR_NONE);

  if (str == NULL)
    return IL_STR_NONE;
  if (len < 0)
    return intern_nul_terminated (pool, str, strlen (str));

  /* The hash table wants a NUL-terminated key; str may be a slice. */
  if ((gsize) len < sizeof stack_buf)
    {
      memcpy (stack_buf, str, len);
      stack_buf[len] = '\0';
      key = stack_buf;
    }
  else
    key = heap_buf = g_strndup (str, len);

  return intern_nul_terminated (pool, key, strlen (key));
}

const char *
il_string_pool_get (const IlStringPool *pool,
                    IlStrId             id)
{
  g_return_val_if_fail (pool != NULL, NULL);

  if (id == IL_STR_NONE || id >= pool->strings->len)
    return NULL;
  return g_ptr_array_index (pool->strings, id);
}

gint64
il_string_pool_lookup (const IlStringPool *pool,
                       const char         *str)
{
  gpointer value;

  g_return_val_if_fail (pool != NULL, -1);

  if (str == NULL || !g_hash_table_lookup_extended (pool->index, str, NULL, &value))
    return -1;
  return (gint64) GPOINTER_TO_UINT (value) - 1;
}

guint
il_string_pool_get_size (const IlStringPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return pool->strings->len;
}

static gsize
string_pool_memory_size (const IlStringPool *pool)
{
  /* strings + pointer array + hash table (about 3 words per entry) */
  return sizeof *pool + pool->bytes + pool->strings->len * (sizeof (gpointer) * 4);
}

/* ---- batch ----------------------------------------------------------------- */

/* A page holds few distinct steps and statuses: a short list compared with
 * strcmp finds them faster than hashing each value again. */
#define INTERN_CACHE_SIZE 16
typedef struct
{
  guint        n;
  const char  *str[INTERN_CACHE_SIZE];   /* borrowed from the pool */
  IlStrId      id[INTERN_CACHE_SIZE];
} InternCache;

static inline IlStrId
cached_intern (IlStringPool *pool,
               InternCache  *cache,
               const char   *str)
{
  IlStrId id;

  if (str == NULL)
    return IL_STR_NONE;
  for (guint k = 0; k < cache->n; k++)
    if (cache->str[k][0] == str[0] && strcmp (cache->str[k], str) == 0)
      return cache->id[k];

  id = il_string_pool_intern (pool, str, -1);
  if (cache->n < INTERN_CACHE_SIZE)
    {
      cache->str[cache->n] = il_string_pool_get (pool, id);
      cache->id[cache->n] = id;
      cache->n++;
    }
  return id;
}

struct _IlRowBatch
{
  guint         n_rows;
  guint         capacity;

  IlUuid       *metric_id;
  IlUuid       *session_id;
  gint32       *turn_number;
  IlStrId      *step;
  double       *latency_ms;
  gint64       *started_at;
  gint64       *completed_at;
  gint64       *created_at;
  gint16       *started_offset;
  gint16       *completed_offset;
  gint16       *created_offset;
  IlStrId      *status;
  IlStrId      *error_message;
  guint32      *metadata_offset;   /* n_rows + 1 entries into metadata */
  GString      *metadata;

  IlStringPool *steps;
  IlStringPool *statuses;
  IlStringPool *messages;

  guint         n_skipped;
  char         *skip_reason;

  InternCache   step_cache;
  InternCache   status_cache;
  InternCache   message_cache;
};

IlRowBatch *
_il_row_batch_new (void)
{
  IlRowBatch *batch = g_new0 (IlRowBatch, 1);

  batch->metadata_offset = g_new (guint32, 1);
  batch->metadata_offset[0] = 0;
  batch->metadata = g_string_sized_new (1024);
  batch->steps = il_string_pool_new ();
  batch->statuses = il_string_pool_new ();
  batch->messages = il_string_pool_new ();
  return batch;
}

/* Room for n rows; a reused batch keeps its arrays (no free/alloc per page). */
static void
batch_reserve (IlRowBatch *batch,
               guint       n)
{
  if (n <= batch->capacity)
    return;
  batch->capacity = n;
  batch->metric_id = g_renew (IlUuid, batch->metric_id, n);
  batch->session_id = g_renew (IlUuid, batch->session_id, n);
  batch->turn_number = g_renew (gint32, batch->turn_number, n);
  batch->step = g_renew (IlStrId, batch->step, n);
  batch->latency_ms = g_renew (double, batch->latency_ms, n);
  batch->started_at = g_renew (gint64, batch->started_at, n);
  batch->completed_at = g_renew (gint64, batch->completed_at, n);
  batch->created_at = g_renew (gint64, batch->created_at, n);
  batch->started_offset = g_renew (gint16, batch->started_offset, n);
  batch->completed_offset = g_renew (gint16, batch->completed_offset, n);
  batch->created_offset = g_renew (gint16, batch->created_offset, n);
  batch->status = g_renew (IlStrId, batch->status, n);
  batch->error_message = g_renew (IlStrId, batch->error_message, n);
  batch->metadata_offset = g_renew (guint32, batch->metadata_offset, n + 1);
}

static void
string_pool_clear (IlStringPool *pool)
{
  g_hash_table_remove_all (pool->index);
  g_ptr_array_set_size (pool->strings, 0);
  pool->bytes = 0;
}

static void
batch_reset (IlRowBatch *batch)
{
  batch->n_rows = 0;
  batch->n_skipped = 0;
  g_clear_pointer (&batch->skip_reason, g_free);
  g_string_truncate (batch->metadata, 0);
  batch->metadata_offset[0] = 0;
  string_pool_clear (batch->steps);
  string_pool_clear (batch->statuses);
  string_pool_clear (batch->messages);
  batch->step_cache.n = 0;
  batch->status_cache.n = 0;
  batch->message_cache.n = 0;
}

void
il_row_batch_free (IlRowBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->metric_id);
  g_free (batch->session_id);
  g_free (batch->turn_number);
  g_free (batch->step);
  g_free (batch->latency_ms);
  g_free (batch->started_at);
  g_free (batch->completed_at);
  g_free (batch->created_at);
  g_free (batch->started_offset);
  g_free (batch->completed_offset);
  g_free (batch->created_offset);
  g_free (batch->status);
  g_free (batch->error_message);
  g_free (batch->metadata_offset);
  g_string_free (batch->metadata, TRUE);
  il_string_pool_free (batch->steps);
  il_string_pool_free (batch->statuses);
  il_string_pool_free (batch->messages);
  g_free (batch->skip_reason);
  g_free (batch);
}

guint
il_row_batch_get_n_rows (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->n_rows;
}

guint
il_row_batch_get_n_skipped (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->n_skipped;
}

const char *
il_row_batch_get_skip_reason (const IlRowBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);
  return batch->skip_reason;
}

gboolean
il_row_batch_get_last_key (const IlRowBatch *batch,
                           gint64           *created_at,
                           gint16           *created_offset_min,
                           IlUuid           *metric_id)
{
  guint last;

  g_return_val_if_fail (batch != NULL, FALSE);

  if (batch->n_rows == 0)
    return FALSE;
  last = batch->n_rows - 1;
  if (created_at != NULL)
    *created_at = batch->created_at[last];
  if (created_offset_min != NULL)
    *created_offset_min = batch->created_offset[last];
  if (metric_id != NULL)
    *metric_id = batch->metric_id[last];
  return TRUE;
}

typedef enum
{
  BAD_MISSING,
  BAD_NULL,
  BAD_NOT_STRING,
  BAD_NOT_NUMBER,
  BAD_NOT_INTEGER,
  BAD_UUID,
  BAD_TIMESTAMP,
} BadKind;

static void
batch_skip (IlRowBatch *batch,
            guint       index,
            const char *field,
            BadKind     kind)
{
  batch->n_skipped++;
  if (batch->skip_reason != NULL)
    return;

  /* Row numbers are 0-based positions in the page's array. */
  switch (kind)
    {
    case BAD_MISSING:
      batch->skip_reason = g_strdup_printf (_("row %u: missing field \"%s\""), index, field);
      break;
    case BAD_NULL:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is null"), index, field);
      break;
    case BAD_NOT_STRING:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a string"), index, field);
      break;
    case BAD_NOT_NUMBER:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a number"), index, field);
      break;
    case BAD_NOT_INTEGER:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not an integer"), index, field);
      break;
    case BAD_UUID:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a valid uuid"), index, field);
      break;
    case BAD_TIMESTAMP:
      batch->skip_reason = g_strdup_printf (_("row %u: \"%s\" is not a valid timestamp"),
                                            index, field);
      break;
    default:
      g_assert_not_reached ();
    }
}

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
            BadKind     *bad)
{
  GType type;

  if (node == NULL)
    {
      *bad = BAD_MISSING;
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
      *bad = BAD_NULL;
      return FALSE;
    }
  *bad = BAD_NOT_STRING;
  return FALSE;
}

static inline gboolean
get_uuid (JsonNode   *node,
          IlUuid     *out,
          BadKind    *bad)
{
  const char *str;

  if (!get_string (node, FALSE, &str, bad))
    return FALSE;
  if (!il_uuid_parse (str, -1, out))
    {
      *bad = BAD_UUID;
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
get_timestamp (JsonNode   *node,
               gboolean    nullable,
               gint64     *us,
               gint16     *offset,
               BadKind    *bad)
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
      *bad = BAD_TIMESTAMP;
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
get_number (JsonNode   *node,
            double     *out,
            BadKind    *bad)
{
  GType type;

  if (node == NULL)
    {
      *bad = BAD_MISSING;
      return FALSE;
    }
  type = node_type (node);
  if (type == G_TYPE_INVALID)
    {
      *bad = BAD_NULL;
      return FALSE;
    }
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    {
      *bad = BAD_NOT_NUMBER;
      return FALSE;
    }
  if (!isfinite (*out))
    {
      *bad = BAD_NOT_NUMBER;
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
get_int32 (JsonNode   *node,
           gint32     *out,
           BadKind    *bad)
{
  GType type;

  if (node == NULL)
    {
      *bad = BAD_MISSING;
      return FALSE;
    }
  type = node_type (node);
  if (type == G_TYPE_INVALID)
    {
      *bad = BAD_NULL;
      return FALSE;
    }
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < G_MININT32 || v > G_MAXINT32)
        {
          *bad = BAD_NOT_INTEGER;
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
          *bad = BAD_NOT_INTEGER;
          return FALSE;
        }
      *out = (gint32) d;
      return TRUE;
    }
  *bad = BAD_NOT_INTEGER;
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
static gboolean
batch_add_object (IlRowBatch  *batch,
                  JsonObject  *obj,
                  const char **field,
                  BadKind     *bad)
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
  G_STMT_START { if (!(expr)) { *field = column_names[col]; return FALSE; } } G_STMT_END

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
  CHECK (IL_COL_METADATA, (*bad = BAD_MISSING, f[IL_COL_METADATA] != NULL));
  CHECK (IL_COL_CREATED_AT, get_timestamp (f[IL_COL_CREATED_AT], TRUE, &batch->created_at[i],
                                           &batch->created_offset[i], bad));

#undef CHECK

  /* Only now that the row is known good do we touch shared per-batch state. */
  batch->step[i] = cached_intern (batch->steps, &batch->step_cache, step);
  batch->status[i] = cached_intern (batch->statuses, &batch->status_cache, status);
  batch->error_message[i] = cached_intern (batch->messages, &batch->message_cache, message);
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
_il_row_batch_parse_into (IlRowBatch  *batch,
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

  batch_reset (batch);

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
  batch_reserve (batch, n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *field = NULL;
      BadKind bad = BAD_MISSING;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          batch->n_skipped++;
          if (batch->skip_reason == NULL)
            batch->skip_reason = g_strdup_printf (_("row %u: %s instead of an object"),
                                                  i, node_kind_name (element));
          continue;
        }
      if (!batch_add_object (batch, json_node_get_object (element), &field, &bad))
        batch_skip (batch, i, field, bad);
    }

  return TRUE;
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

/* ---- the store ------------------------------------------------------------ */

typedef struct
{
  gint      ref_count;
  guint     capacity;
  gsize     metadata_len;
  gsize     metadata_capacity;

  /* session interning: open addressing, slots hold index + 1 (0 = empty) */
  guint32  *session_slots;
  guint     session_mask;
  guint     sessions_capacity;
} IlRowStorePriv;

#define PRIV(store) ((IlRowStorePriv *) (store)->priv)

IlRowStore *
il_row_store_new (void)
{
  IlRowStore *self = g_new0 (IlRowStore, 1);
  IlRowStorePriv *priv = g_new0 (IlRowStorePriv, 1);

  priv->ref_count = 1;
  self->priv = priv;
  self->metadata_offset = g_new0 (guint64, 1);
  self->steps = il_string_pool_new ();
  self->statuses = il_string_pool_new ();
  self->messages = il_string_pool_new ();
  return self;
}

IlRowStore *
il_row_store_ref (IlRowStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&PRIV (self)->ref_count);
  return self;
}

void
il_row_store_unref (IlRowStore *self)
{
  IlRowStorePriv *priv;

  g_return_if_fail (self != NULL);

  priv = PRIV (self);
  if (!g_atomic_int_dec_and_test (&priv->ref_count))
    return;

  g_free (self->metric_id);
  g_free (self->session);
  g_free (self->turn_number);
  g_free (self->step);
  g_free (self->latency_ms);
  g_free (self->started_at);
  g_free (self->completed_at);
  g_free (self->created_at);
  g_free (self->started_offset);
  g_free (self->completed_offset);
  g_free (self->created_offset);
  g_free (self->status);
  g_free (self->error_message);
  g_free (self->metadata_offset);
  g_free (self->metadata_text);
  g_free (self->session_ids);
  il_string_pool_free (self->steps);
  il_string_pool_free (self->statuses);
  il_string_pool_free (self->messages);
  g_free (self->first_skip_reason);
  g_free (self->by_step_latency);
  g_free (self->step_offsets);
  g_free (self->step_order);
  g_free (self->by_latency);
  g_free (self->by_session);
  g_free (self->session_offsets);
  g_free (priv->session_slots);
  g_free (priv);
  g_free (self);
}

static void
resize_columns (IlRowStore *self,
                guint       capacity)
{
  IlRowStorePriv *priv = PRIV (self);

  self->metric_id = g_renew (IlUuid, self->metric_id, capacity);
  self->session = g_renew (guint32, self->session, capacity);
  self->turn_number = g_renew (gint32, self->turn_number, capacity);
  self->step = g_renew (IlStrId, self->step, capacity);
  self->latency_ms = g_renew (double, self->latency_ms, capacity);
  self->started_at = g_renew (gint64, self->started_at, capacity);
  self->completed_at = g_renew (gint64, self->completed_at, capacity);
  self->created_at = g_renew (gint64, self->created_at, capacity);
  self->started_offset = g_renew (gint16, self->started_offset, capacity);
  self->completed_offset = g_renew (gint16, self->completed_offset, capacity);
  self->created_offset = g_renew (gint16, self->created_offset, capacity);
  self->status = g_renew (IlStrId, self->status, capacity);
  self->error_message = g_renew (IlStrId, self->error_message, capacity);
  self->metadata_offset = g_renew (guint64, self->metadata_offset, capacity + 1);
  priv->capacity = capacity;
}

static void
ensure_rows (IlRowStore *self,
             guint       n_more)
{
  IlRowStorePriv *priv = PRIV (self);
  guint needed;
  guint capacity;

  g_assert (n_more <= G_MAXUINT32 - self->n_rows);
  needed = self->n_rows + n_more;
  if (needed <= priv->capacity)
    return;

  /* Geometric growth; big blocks are mmapped, so untouched tail pages cost
   * no resident memory and realloc moves them by remapping. */
  capacity = MAX (priv->capacity, 1024);
  while (capacity < needed)
    capacity = capacity > G_MAXUINT32 / 2 ? G_MAXUINT32 - 1 : capacity * 2;
  resize_columns (self, capacity);
}

static void
append_metadata (IlRowStore *self,
                 const char *text,
                 gsize       len)
{
  IlRowStorePriv *priv = PRIV (self);

  if (priv->metadata_len + len > priv->metadata_capacity)
    {
      gsize capacity = MAX (priv->metadata_capacity, 4096);

      while (capacity < priv->metadata_len + len)
        capacity *= 2;
      self->metadata_text = g_realloc (self->metadata_text, capacity);
      priv->metadata_capacity = capacity;
    }
  if (len > 0)
    memcpy (self->metadata_text + priv->metadata_len, text, len);
  priv->metadata_len += len;
}

static inline guint
uuid_hash (const IlUuid *uuid)
{
  guint64 h = (uuid->hi ^ (uuid->lo * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)));

  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  h ^= h >> 32;
  return (guint) h;
}

static void
session_table_rehash (IlRowStore *self,
                      guint       n_slots)
{
  IlRowStorePriv *priv = PRIV (self);

  g_free (priv->session_slots);
  priv->session_slots = g_new0 (guint32, n_slots);
  priv->session_mask = n_slots - 1;
  for (guint s = 0; s < self->n_sessions; s++)
    {
      guint pos = uuid_hash (&self->session_ids[s]) & priv->session_mask;

      while (priv->session_slots[pos] != 0)
        pos = (pos + 1) & priv->session_mask;
      priv->session_slots[pos] = s + 1;
    }
}

static guint32
intern_session (IlRowStore   *self,
                const IlUuid *uuid)
{
  IlRowStorePriv *priv = PRIV (self);
  guint pos;

  if (priv->session_slots == NULL)
    session_table_rehash (self, 1024);

  pos = uuid_hash (uuid) & priv->session_mask;
  for (;;)
    {
      guint32 slot = priv->session_slots[pos];

      if (slot == 0)
        break;
      if (self->session_ids[slot - 1].hi == uuid->hi &&
          self->session_ids[slot - 1].lo == uuid->lo)
        return slot - 1;
      pos = (pos + 1) & priv->session_mask;
    }

  if (self->n_sessions == priv->sessions_capacity)
    {
      priv->sessions_capacity = MAX (priv->sessions_capacity * 2, 256);
      self->session_ids = g_renew (IlUuid, self->session_ids, priv->sessions_capacity);
    }
  self->session_ids[self->n_sessions] = *uuid;
  self->n_sessions++;

  if ((gsize) self->n_sessions * 2 > (gsize) priv->session_mask + 1)
    session_table_rehash (self, (priv->session_mask + 1) * 2);
  else
    priv->session_slots[pos] = self->n_sessions;

  return self->n_sessions - 1;
}

void
il_row_store_append_row (IlRowStore       *self,
                         const IlRowInput *row)
{
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->step_name != NULL);
  g_return_if_fail (row->status != NULL);
  g_return_if_fail (!self->sealed);

  ensure_rows (self, 1);
  i = self->n_rows;

  self->metric_id[i] = row->metric_id;
  self->session[i] = intern_session (self, &row->session_id);
  self->turn_number[i] = row->turn_number;
  self->step[i] = il_string_pool_intern (self->steps, row->step_name, -1);
  self->latency_ms[i] = row->latency_ms;
  self->started_at[i] = row->started_at;
  self->completed_at[i] = row->completed_at;
  self->created_at[i] = row->created_at;
  self->started_offset[i] = row->started_offset_min;
  self->completed_offset[i] = row->completed_offset_min;
  self->created_offset[i] = row->created_offset_min;
  self->status[i] = il_string_pool_intern (self->statuses, row->status, -1);
  self->error_message[i] = il_string_pool_intern (self->messages, row->error_message, -1);
  if (row->metadata != NULL)
    append_metadata (self, row->metadata, strlen (row->metadata));
  self->metadata_offset[i + 1] = PRIV (self)->metadata_len;

  self->n_rows++;
}

static IlStrId *
remap_pool (IlStringPool *to,
            IlStringPool *from)
{
  guint n = il_string_pool_get_size (from);
  IlStrId *map = g_new (IlStrId, n + 1);

  for (guint i = 0; i < n; i++)
    map[i] = il_string_pool_intern (to, il_string_pool_get (from, i), -1);
  return map;
}

static inline IlStrId
map_id (const IlStrId *map,
        IlStrId        id)
{
  return id == IL_STR_NONE ? IL_STR_NONE : map[id];
}

void
il_row_store_append_batch (IlRowStore *self,
                           IlRowBatch *batch)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (batch != NULL);

  _il_row_store_append_batch_copy (self, batch);
  il_row_batch_free (batch);
}

void
_il_row_store_append_batch_copy (IlRowStore       *self,
                                 const IlRowBatch *batch)
{
  g_autofree IlStrId *step_map = NULL;
  g_autofree IlStrId *status_map = NULL;
  g_autofree IlStrId *message_map = NULL;
  guint base, n;
  guint64 metadata_base;

  g_return_if_fail (self != NULL);
  g_return_if_fail (batch != NULL);
  g_return_if_fail (!self->sealed);

  n = batch->n_rows;
  il_row_store_add_skipped (self, batch->n_skipped, batch->skip_reason);
  /* An empty page (or one of only bad rows) has no columns to copy from. */
  if (n == 0)
    return;
  ensure_rows (self, n);
  base = self->n_rows;

  step_map = remap_pool (self->steps, batch->steps);
  status_map = remap_pool (self->statuses, batch->statuses);
  message_map = remap_pool (self->messages, batch->messages);

  memcpy (self->metric_id + base, batch->metric_id, n * sizeof (IlUuid));
  memcpy (self->turn_number + base, batch->turn_number, n * sizeof (gint32));
  memcpy (self->latency_ms + base, batch->latency_ms, n * sizeof (double));
  memcpy (self->started_at + base, batch->started_at, n * sizeof (gint64));
  memcpy (self->completed_at + base, batch->completed_at, n * sizeof (gint64));
  memcpy (self->created_at + base, batch->created_at, n * sizeof (gint64));
  memcpy (self->started_offset + base, batch->started_offset, n * sizeof (gint16));
  memcpy (self->completed_offset + base, batch->completed_offset, n * sizeof (gint16));
  memcpy (self->created_offset + base, batch->created_offset, n * sizeof (gint16));

  metadata_base = PRIV (self)->metadata_len;
  append_metadata (self, batch->metadata->str, batch->metadata->len);

  for (guint i = 0; i < n; i++)
    {
      self->session[base + i] = intern_session (self, &batch->session_id[i]);
      self->step[base + i] = step_map[batch->step[i]];
      self->status[base + i] = status_map[batch->status[i]];
      self->error_message[base + i] = map_id (message_map, batch->error_message[i]);
      self->metadata_offset[base + i + 1] = metadata_base + batch->metadata_offset[i + 1];
    }

  self->n_rows += n;
}

void
il_row_store_add_skipped (IlRowStore *self,
                          guint       n_skipped,
                          const char *first_reason)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->sealed);

  if (n_skipped == 0)
    return;
  self->n_skipped += n_skipped;
  if (self->first_skip_reason == NULL && first_reason != NULL)
    self->first_skip_reason = g_strdup (first_reason);
}

const char *
il_row_store_get_metadata (const IlRowStore *self,
                           guint             row,
                           gsize            *len)
{
  guint64 start, end;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  start = self->metadata_offset[row];
  end = self->metadata_offset[row + 1];
  if (len != NULL)
    *len = end - start;
  if (start == end)
    return NULL;
  return self->metadata_text + start;
}

/* ---- sealing: indexes ------------------------------------------------------ */

/* Maps a double to an unsigned key with the same order (negatives first). */
static inline guint64
double_key (double d)
{
  const guint64 sign = G_GUINT64_CONSTANT (0x8000000000000000);
  guint64 bits;

  memcpy (&bits, &d, sizeof bits);
  return (bits & sign) ? ~bits : bits | sign;
}

/* Row ids sorted by latency, ties in row order: an LSD radix sort (stable)
 * over 16-bit digits, skipping digits on which all keys agree. */
static guint32 *
sort_by_latency (const IlRowStore *self)
{
  guint n = self->n_rows;
  g_autofree guint64 *keys = g_new (guint64, MAX (n, 1));
  g_autofree guint64 *keys_tmp = g_new (guint64, MAX (n, 1));
  guint32 *rows = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *rows_tmp = g_new (guint32, MAX (n, 1));
  g_autofree guint *counts = g_new (guint, 65536);
  guint64 all_or = 0, all_and = G_MAXUINT64;

  for (guint i = 0; i < n; i++)
    {
      keys[i] = double_key (self->latency_ms[i]);
      rows[i] = i;
      all_or |= keys[i];
      all_and &= keys[i];
    }

  for (guint shift = 0; shift < 64; shift += 16)
    {
      guint64 *tk;
      guint32 *tr;
      guint sum = 0;

      if ((((all_or ^ all_and) >> shift) & 0xffff) == 0)
        continue;

      memset (counts, 0, 65536 * sizeof (guint));
      for (guint i = 0; i < n; i++)
        counts[(keys[i] >> shift) & 0xffff]++;
      for (guint d = 0; d < 65536; d++)
        {
          guint c = counts[d];

          counts[d] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        {
          guint pos = counts[(keys[i] >> shift) & 0xffff]++;

          keys_tmp[pos] = keys[i];
          rows_tmp[pos] = rows[i];
        }
      tk = keys; keys = keys_tmp; keys_tmp = tk;
      tr = rows; rows = rows_tmp; rows_tmp = tr;
    }

  return rows;
}

static int
compare_step_names (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const IlStringPool *steps = user_data;

  return strcmp (il_string_pool_get (steps, *(const IlStrId *) a),
                 il_string_pool_get (steps, *(const IlStrId *) b));
}

static int
compare_session_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const IlRowStore *self = user_data;
  guint32 ra = *(const guint32 *) a;
  guint32 rb = *(const guint32 *) b;

  if (self->started_at[ra] != self->started_at[rb])
    return self->started_at[ra] < self->started_at[rb] ? -1 : 1;
  return il_uuid_compare (&self->metric_id[ra], &self->metric_id[rb]);
}

void
il_row_store_seal (IlRowStore *self)
{
  IlRowStorePriv *priv;
  guint n, n_steps;
  g_autofree guint32 *step_rank = NULL;
  g_autofree guint32 *fill = NULL;

  g_return_if_fail (self != NULL);

  if (self->sealed)
    return;
  priv = PRIV (self);
  n = self->n_rows;
  n_steps = il_string_pool_get_size (self->steps);

  /* Give back the growth slack. */
  resize_columns (self, MAX (n, 1));
  self->metadata_text = g_realloc (self->metadata_text, MAX (priv->metadata_len, 1));
  priv->metadata_capacity = MAX (priv->metadata_len, 1);
  self->session_ids = g_renew (IlUuid, self->session_ids, MAX (self->n_sessions, 1));
  priv->sessions_capacity = MAX (self->n_sessions, 1);
  g_clear_pointer (&priv->session_slots, g_free);
  priv->session_mask = 0;

  /* steps in name order */
  self->step_order = g_new (IlStrId, MAX (n_steps, 1));
  for (guint s = 0; s < n_steps; s++)
    self->step_order[s] = s;
  g_qsort_with_data (self->step_order, n_steps, sizeof (IlStrId),
                     compare_step_names, self->steps);
  step_rank = g_new (guint32, MAX (n_steps, 1));
  for (guint r = 0; r < n_steps; r++)
    step_rank[self->step_order[r]] = r;

  self->by_latency = sort_by_latency (self);

  /* by (step rank, latency): a stable partition of by_latency */
  self->step_offsets = g_new0 (guint32, n_steps + 1);
  for (guint i = 0; i < n; i++)
    self->step_offsets[step_rank[self->step[i]] + 1]++;
  for (guint r = 0; r < n_steps; r++)
    self->step_offsets[r + 1] += self->step_offsets[r];
  fill = g_memdup2 (self->step_offsets, (n_steps + 1) * sizeof (guint32));
  self->by_step_latency = g_new (guint32, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      guint32 row = self->by_latency[k];

      self->by_step_latency[fill[step_rank[self->step[row]]]++] = row;
    }
  g_clear_pointer (&fill, g_free);

  /* by (session, started_at, metric_id): partition by session, sort each part */
  self->session_offsets = g_new0 (guint32, self->n_sessions + 1);
  for (guint i = 0; i < n; i++)
    self->session_offsets[self->session[i] + 1]++;
  for (guint s = 0; s < self->n_sessions; s++)
    self->session_offsets[s + 1] += self->session_offsets[s];
  fill = g_memdup2 (self->session_offsets, (self->n_sessions + 1) * sizeof (guint32));
  self->by_session = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    self->by_session[fill[self->session[i]]++] = i;
  for (guint s = 0; s < self->n_sessions; s++)
    {
      guint start = self->session_offsets[s];
      guint len = self->session_offsets[s + 1] - start;

      if (len > 1)
        g_qsort_with_data (self->by_session + start, len, sizeof (guint32),
                           compare_session_rows, self);
    }

  self->sealed = TRUE;
}

gsize
il_row_store_get_memory_size (const IlRowStore *self)
{
  const IlRowStorePriv *priv;
  gsize n, size;
  gsize per_row;

  g_return_val_if_fail (self != NULL, 0);

  priv = PRIV (self);
  n = self->sealed ? self->n_rows : priv->capacity;

  per_row = sizeof (IlUuid) + sizeof (guint32) + sizeof (gint32) + sizeof (IlStrId) +
            sizeof (double) + 3 * sizeof (gint64) + 3 * sizeof (gint16) +
            2 * sizeof (IlStrId) + sizeof (guint64);
  size = sizeof *self + sizeof *priv;
  size += n * per_row + sizeof (guint64);
  size += priv->metadata_capacity;
  size += (gsize) priv->sessions_capacity * sizeof (IlUuid);
  if (priv->session_slots != NULL)
    size += ((gsize) priv->session_mask + 1) * sizeof (guint32);
  size += string_pool_memory_size (self->steps);
  size += string_pool_memory_size (self->statuses);
  size += string_pool_memory_size (self->messages);
  if (self->first_skip_reason != NULL)
    size += strlen (self->first_skip_reason) + 1;

  if (self->sealed)
    {
      /* by_latency, by_step_latency, by_session */
      size += 3 * (gsize) self->n_rows * sizeof (guint32);
      size += (il_string_pool_get_size (self->steps) + 1) * sizeof (guint32) * 2;
      size += ((gsize) self->n_sessions + 1) * sizeof (guint32);
    }

  return size;
}
