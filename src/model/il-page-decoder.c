/* il-page-decoder.c: PostgREST JSON pages straight into a row batch, no tree
 *
 * A page is a JSON array of row objects. This tokenizer reads it once, left to
 * right, and writes each field into the batch's columns; metadata is copied as
 * compact JSON text. It accepts only strict JSON and gives up on anything it
 * is not sure to read exactly as json-glib does (syntax errors, comments, a
 * root that is not an array, \u0000, lone surrogates, integers past 18 digits,
 * very deep nesting): such a page goes to the json-glib parser, so rows,
 * values, skip reasons and error messages are always json-glib's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <math.h>
#include <glib/gi18n.h>

#include "il-row-json.h"
#include "il-row-store-private.h"

/* Deeper than any metadata we have seen; json-glib recurses without a limit. */
#define MAX_DEPTH 64
/* Duplicate member names are looked for among this many per object. */
#define MAX_MEMBERS 64

typedef enum
{
  V_STRING,
  V_INT,
  V_DOUBLE,
  V_TRUE,
  V_FALSE,
  V_NULL,
  V_OBJECT,
  V_ARRAY,
} ValueType;

/* A string value: the raw bytes between the quotes when it holds no escape,
 * else the decoded text in a scratch buffer. Never holds a NUL byte. */
typedef struct
{
  const char *str;
  gsize       len;
} Str;

typedef struct
{
  const char *p;
  const char *end;
  gboolean    non_ascii;   /* UTF-8 validity is then checked once at the end */
  GString    *key;         /* decoded member names */
  GString    *text[3];     /* decoded step, status and error message */
  GString    *scratch;     /* decoded metadata strings */
} Decoder;

/* Byte classes inside a string: 0 plain, 1 quote, 2 backslash, 3 control, 4 non-ASCII. */
static const guint8 string_class[256] = {
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* The four characters json-glib's scanner skips (and JSON allows). */
static inline void
skip_ws (Decoder *d)
{
  while (d->p < d->end &&
         (*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t'))
    d->p++;
}

/* After a number or a literal: json-glib would glue letters, digits, dots or
 * a comment start onto the token, so only a separator is certain. */
static inline gboolean
at_delimiter (const Decoder *d)
{
  if (d->p >= d->end)
    return TRUE;
  switch (*d->p)
    {
    case ' ': case '\n': case '\r': case '\t': case ',': case ']': case '}':
      return TRUE;
    default:
      return FALSE;
    }
}

static inline int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at p (json-glib reads exactly four); -1 if not all hex. */
static inline int
read_hex4 (const char *p,
           const char *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int h = hex_digit (p[i]);

      if (h < 0)
        return -1;
      v = (v << 4) | h;
    }
  return v;
}

/* Decodes the escapes from d->p (at a backslash) to the closing quote into
 * out, which already holds the plain prefix. */
static gboolean
decode_escaped (Decoder *d,
                GString *out)
{
  const char *p = d->p;
  const char *end = d->end;

  while (p < end)
    {
      const char *run = p;
      guint8 cls = 0;

      while (p < end && (cls = string_class[(guchar) *p]) != 1 && cls != 2 && cls != 3)
        {
          if (cls == 4)
            d->non_ascii = TRUE;
          p++;
        }
      g_string_append_len (out, run, p - run);
      if (p >= end)
        return FALSE;
      if (*p == '"')
        {
          d->p = p + 1;
          return TRUE;
        }
      if (*p != '\\')
        return FALSE;   /* a raw control character: json-glib keeps it, JSON does not */
      p++;
      if (p >= end)
        return FALSE;
      switch (*p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int u = read_hex4 (p, end);
            gunichar c;

            /* \u0000 would cut json-glib's string short; a lone or reversed
             * surrogate is read in ways JSON does not define: json-glib's call. */
            if (u <= 0 || (u >= 0xdc00 && u <= 0xdfff))
              return FALSE;
            p += 4;
            c = (gunichar) u;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                int lo;

                if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                  return FALSE;
                lo = read_hex4 (p + 2, end);
                if (lo < 0xdc00 || lo > 0xdfff)
                  return FALSE;
                p += 6;
                c = 0x10000 + (((gunichar) u - 0xd800) << 10) + ((gunichar) lo - 0xdc00);
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return FALSE;   /* octal and unknown escapes: not JSON */
        }
    }
  return FALSE;
}

/* Reads a string with d->p just past its opening quote. */
static inline gboolean
read_string (Decoder *d,
             GString *scratch,
             Str     *out)
{
  const char *start = d->p;
  const char *p = start;
  const char *end = d->end;
  guint8 cls = 0;

  while (p < end && (cls = string_class[(guchar) *p]) == 0)
    p++;
  while (p < end && cls == 4)
    {
      d->non_ascii = TRUE;
      p++;
      while (p < end && (cls = string_class[(guchar) *p]) == 0)
        p++;
    }
  if (p >= end || cls == 3)
    return FALSE;
  if (cls == 1)
    {
      out->str = start;
      out->len = p - start;
      d->p = p + 1;
      return TRUE;
    }

  g_string_truncate (scratch, 0);
  g_string_append_len (scratch, start, p - start);
  d->p = p;
  if (!decode_escaped (d, scratch))
    return FALSE;
  out->str = scratch->str;
  out->len = scratch->len;
  return TRUE;
}

/* A JSON number, strict grammar, d->p at '-' or a digit. Integers are what
 * json-glib makes of them (int64, "-0" is 0); other numbers are doubles read
 * as strtod reads the same text. */
static gboolean
read_number (Decoder   *d,
             ValueType *type,
             gint64    *int_value,
             double    *double_value)
{
  static const double pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  const char *p = d->p;
  const char *end = d->end;
  const char *digits;
  gboolean negative = FALSE;
  gboolean is_float = FALSE;
  guint64 mantissa = 0;
  int n_sig = 0;          /* significant digits in mantissa */
  int exp10 = 0;
  int n_int;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  if (p >= end || *p < '0' || *p > '9')
    return FALSE;
  if (*p == '0')
    {
      p++;
      if (p < end && *p >= '0' && *p <= '9')
        return FALSE;   /* json-glib reads "01" as octal */
    }
  else
    while (p < end && *p >= '0' && *p <= '9')
      {
        if (n_sig < 19)
          {
            mantissa = mantissa * 10 + (guint64) (*p - '0');
            n_sig++;
          }
        else
          exp10++;
        p++;
      }
  n_int = (int) (p - digits);

  if (p < end && *p == '.')
    {
      is_float = TRUE;
      p++;
      if (p >= end || *p < '0' || *p > '9')
        return FALSE;
      while (p < end && *p >= '0' && *p <= '9')
        {
          if (mantissa == 0 && *p == '0')
            exp10--;   /* leading zeros of 0.000123 */
          else if (n_sig < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              n_sig++;
              exp10--;
            }
          p++;
        }
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      int e = 0;
      int sign = 1;

      is_float = TRUE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        {
          sign = *p == '-' ? -1 : 1;
          p++;
        }
      if (p >= end || *p < '0' || *p > '9')
        return FALSE;
      while (p < end && *p >= '0' && *p <= '9')
        {
          if (e < 100000)
            e = e * 10 + (*p - '0');
          p++;
        }
      exp10 += sign * e;
    }

  d->p = p;
  if (!at_delimiter (d))
    return FALSE;

  if (!is_float)
    {
      /* json-glib reads the digits into a guint64, then negates as int64 */
      if (n_int > 18)
        return FALSE;
      *type = V_INT;
      *int_value = negative ? -(gint64) mantissa : (gint64) mantissa;
      return TRUE;
    }

  *type = V_DOUBLE;
  if (n_sig <= 15 && exp10 >= -22 && exp10 <= 22)
    {
      /* both operands exact: one correctly rounded operation, as strtod */
      double m = (double) mantissa;

      *double_value = exp10 >= 0 ? m * pow10[exp10] : m / pow10[-exp10];
    }
  else
    {
      char buf[64];
      gsize n = (gsize) (p - digits);
      g_autofree char *heap = NULL;
      char *text = buf;

      if (n >= sizeof buf)
        text = heap = g_malloc (n + 1);
      memcpy (text, digits, n);
      text[n] = '\0';
      *double_value = g_ascii_strtod (text, NULL);
    }
  if (negative)
    *double_value = -*double_value;
  return TRUE;
}

static inline gboolean
read_literal (Decoder    *d,
              const char *word,
              gsize       len)
{
  if ((gsize) (d->end - d->p) < len || memcmp (d->p, word, len) != 0)
    return FALSE;
  d->p += len;
  return at_delimiter (d);
}

static gboolean skip_container (Decoder *d, int depth);

/* Reads a scalar, or skips (and checks) an object or array. */
static gboolean
read_value (Decoder   *d,
            GString   *scratch,
            int        depth,
            ValueType *type,
            Str       *str,
            gint64    *int_value,
            double    *double_value)
{
  if (d->p >= d->end)
    return FALSE;
  switch (*d->p)
    {
    case '"':
      d->p++;
      *type = V_STRING;
      return read_string (d, scratch, str);
    case '{':
      *type = V_OBJECT;
      return skip_container (d, depth);
    case '[':
      *type = V_ARRAY;
      return skip_container (d, depth);
    case 't':
      *type = V_TRUE;
      return read_literal (d, "true", 4);
    case 'f':
      *type = V_FALSE;
      return read_literal (d, "false", 5);
    case 'n':
      *type = V_NULL;
      return read_literal (d, "null", 4);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (d, type, int_value, double_value);
    default:
      return FALSE;
    }
}

/* Skips an object or array at d->p, checking its syntax all the way down. */
static gboolean
skip_container (Decoder *d,
                int      depth)
{
  char close = *d->p == '{' ? '}' : ']';
  ValueType type;
  Str str;
  gint64 i;
  double x;

  if (depth >= MAX_DEPTH)
    return FALSE;
  d->p++;
  skip_ws (d);
  if (d->p < d->end && *d->p == close)
    {
      d->p++;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (d->p >= d->end || *d->p != '"')
            return FALSE;
          d->p++;
          if (!read_string (d, d->key, &str))
            return FALSE;
          skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return FALSE;
          d->p++;
          skip_ws (d);
        }
      if (!read_value (d, d->scratch, depth + 1, &type, &str, &i, &x))
        return FALSE;
      skip_ws (d);
      if (d->p >= d->end)
        return FALSE;
      if (*d->p == close)
        {
          d->p++;
          return TRUE;
        }
      if (*d->p != ',')
        return FALSE;
      d->p++;
      skip_ws (d);
    }
}

/* ---- metadata: compact text, as il_json_write_node writes json-glib's tree - */

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

/* Writes a string: raw bytes need no escaping (no quote, backslash or control
 * character got through read_string), decoded ones are escaped again. */
static inline void
write_str (GString    *out,
           const Str  *str,
           const char *raw_start)
{
  if (str->str == raw_start)
    {
      g_string_append_c (out, '"');
      g_string_append_len (out, str->str, str->len);
      g_string_append_c (out, '"');
    }
  else
    il_json_escape_string_len (out, str->str, str->len);
}

typedef enum
{
  COPY_OK,
  COPY_UNSURE,      /* not strict JSON, or too deep: the page goes to json-glib */
  COPY_DUPLICATE,   /* a repeated member name: this value goes to json-glib */
} CopyResult;

static CopyResult
copy_value (Decoder *d,
            GString *out,
            int      depth)
{
  gsize key_start[MAX_MEMBERS];
  gsize key_len[MAX_MEMBERS];
  guint n_keys = 0;
  char close;

  if (d->p >= d->end)
    return COPY_UNSURE;

  if (*d->p != '{' && *d->p != '[')
    {
      ValueType type;
      Str str;
      gint64 i;
      double x;
      const char *raw = d->p + 1;

      if (!read_value (d, d->scratch, depth, &type, &str, &i, &x))
        return COPY_UNSURE;
      switch (type)
        {
        case V_STRING: write_str (out, &str, raw); break;
        case V_INT: append_int64 (out, i); break;
        case V_DOUBLE: il_json_write_double (out, x, TRUE); break;
        case V_TRUE: g_string_append (out, "true"); break;
        case V_FALSE: g_string_append (out, "false"); break;
        case V_NULL: g_string_append (out, "null"); break;
        case V_OBJECT:
        case V_ARRAY:
        default: g_assert_not_reached ();
        }
      return COPY_OK;
    }

  if (depth >= MAX_DEPTH)
    return COPY_UNSURE;
  close = *d->p == '{' ? '}' : ']';
  g_string_append_c (out, *d->p);
  d->p++;
  skip_ws (d);
  if (d->p < d->end && *d->p == close)
    {
      d->p++;
      g_string_append_c (out, close);
      return COPY_OK;
    }
  for (;;)
    {
      CopyResult r;

      if (close == '}')
        {
          Str key;
          const char *raw;
          gsize start = out->len;

          if (d->p >= d->end || *d->p != '"')
            return COPY_UNSURE;
          raw = ++d->p;
          if (!read_string (d, d->scratch, &key))
            return COPY_UNSURE;
          write_str (out, &key, raw);
          /* The escaped text is canonical, so equal names write equal bytes.
           * json-glib keeps a repeated name's first place and last value. */
          if (n_keys == MAX_MEMBERS)
            return COPY_DUPLICATE;
          for (guint k = 0; k < n_keys; k++)
            if (key_len[k] == out->len - start &&
                memcmp (out->str + key_start[k], out->str + start, key_len[k]) == 0)
              return COPY_DUPLICATE;
          key_start[n_keys] = start;
          key_len[n_keys] = out->len - start;
          n_keys++;
          skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return COPY_UNSURE;
          d->p++;
          skip_ws (d);
          g_string_append_c (out, ':');
        }
      r = copy_value (d, out, depth + 1);
      if (r != COPY_OK)
        return r;
      skip_ws (d);
      if (d->p >= d->end)
        return COPY_UNSURE;
      if (*d->p == close)
        {
          d->p++;
          g_string_append_c (out, close);
          return COPY_OK;
        }
      if (*d->p != ',')
        return COPY_UNSURE;
      d->p++;
      skip_ws (d);
      g_string_append_c (out, ',');
    }
}

/* The metadata value at d->p into out; FALSE when unsure. */
static gboolean
copy_metadata (Decoder *d,
               GString *out)
{
  const char *start = d->p;
  gsize out_start = out->len;
  g_autoptr(JsonParser) parser = NULL;
  ValueType type;
  Str str;
  gint64 i;
  double x;

  switch (copy_value (d, out, 1))
    {
    case COPY_OK:
      return TRUE;
    case COPY_UNSURE:
      return FALSE;
    case COPY_DUPLICATE:
    default:
      break;
    }

  /* Rare: let json-glib build this one value, as the whole page would. */
  d->p = start;
  if (!read_value (d, d->scratch, 1, &type, &str, &i, &x))
    return FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, start, d->p - start, NULL) ||
      json_parser_get_root (parser) == NULL)
    return FALSE;
  g_string_truncate (out, out_start);
  il_json_write_node (out, json_parser_get_root (parser));
  return TRUE;
}

/* ---- rows ------------------------------------------------------------------ */

/* The fields of one row object as read so far: bad[col] is 0 when the field
 * was read and fits, else 1 + its IlBadKind; a repeated member overwrites
 * (json-glib keeps the last value). */
typedef struct
{
  guint8  bad[IL_N_COLUMNS];
  Str     step;
  Str     status;
  Str     message;        /* str NULL: SQL null */
  gboolean has_metadata;
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

/* What json-glib's get_string would say of a value that is not a string. */
static inline guint8
string_or_null (ValueType type,
                gboolean  nullable)
{
  if (type == V_NULL)
    return nullable ? 0 : bad (IL_BAD_NULL);
  return bad (IL_BAD_NOT_STRING);
}

static gboolean
read_field (Decoder    *d,
            IlRowBatch *batch,
            RowState   *row,
            int         col,
            gsize       metadata_start)
{
  guint i = batch->n_rows;
  GString *scratch = d->scratch;
  ValueType type;
  Str str = { NULL, 0 };
  gint64 iv = 0;
  double x = 0;

  if (col == IL_COL_METADATA)
    {
      row->has_metadata = TRUE;
      row->bad[col] = 0;
      g_string_truncate (batch->metadata, metadata_start);
      if (d->p < d->end && *d->p == 'n')
        return read_literal (d, "null", 4);   /* null: an empty slice */
      return copy_metadata (d, batch->metadata);
    }

  if (col == IL_COL_STEP_NAME)
    scratch = d->text[0];
  else if (col == IL_COL_STATUS)
    scratch = d->text[1];
  else if (col == IL_COL_ERROR_MESSAGE)
    scratch = d->text[2];
  if (!read_value (d, scratch, 1, &type, &str, &iv, &x))
    return FALSE;

  switch (col)
    {
    case IL_COL_METRIC_ID:
    case IL_COL_SESSION_ID:
      if (type != V_STRING)
        row->bad[col] = string_or_null (type, FALSE);
      else if (!il_uuid_parse (str.str, str.len, col == IL_COL_METRIC_ID ? &batch->metric_id[i]
                                                                         : &batch->session_id[i]))
        row->bad[col] = bad (IL_BAD_UUID);
      else
        row->bad[col] = 0;
      break;

    case IL_COL_TURN_NUMBER:
      if (type == V_NULL)
        row->bad[col] = bad (IL_BAD_NULL);
      else if (type == V_INT && iv >= G_MININT32 && iv <= G_MAXINT32)
        {
          batch->turn_number[i] = (gint32) iv;
          row->bad[col] = 0;
        }
      else if (type == V_DOUBLE && x == floor (x) && x >= G_MININT32 && x <= G_MAXINT32)
        {
          /* 3.0 is an integer written as a double; 3.5 is not */
          batch->turn_number[i] = (gint32) x;
          row->bad[col] = 0;
        }
      else
        row->bad[col] = bad (IL_BAD_NOT_INTEGER);
      break;

    case IL_COL_LATENCY_MS:
      if (type == V_NULL)
        row->bad[col] = bad (IL_BAD_NULL);
      else if (type == V_INT)
        {
          batch->latency_ms[i] = (double) iv;
          row->bad[col] = 0;
        }
      else if (type == V_DOUBLE && isfinite (x))
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

        if (type == V_STRING)
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
        Str *out = col == IL_COL_STEP_NAME ? &row->step
                 : col == IL_COL_STATUS ? &row->status
                 : &row->message;

        if (type == V_STRING)
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
intern_str (IlStringPool  *pool,
            IlInternCache *cache,
            const Str     *str)
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

/* One row object, d->p at its '{'. */
static gboolean
read_row (Decoder    *d,
          IlRowBatch *batch,
          guint       index)
{
  RowState row;
  gsize metadata_start = batch->metadata->len;
  guint i;

  if (batch->n_rows == batch->capacity)
    _il_row_batch_reserve (batch, MAX (batch->capacity * 2, 256));
  i = batch->n_rows;

  memset (row.bad, bad (IL_BAD_MISSING), sizeof row.bad);
  row.has_metadata = FALSE;

  d->p++;
  skip_ws (d);
  if (d->p < d->end && *d->p == '}')
    d->p++;
  else
    for (;;)
      {
        Str key;
        int col;

        if (d->p >= d->end || *d->p != '"')
          return FALSE;
        d->p++;
        if (!read_string (d, d->key, &key))
          return FALSE;
        /* compared decoded: an escaped name may still spell a column */
        col = field_index (key.str, key.len);
        skip_ws (d);
        if (d->p >= d->end || *d->p != ':')
          return FALSE;
        d->p++;
        skip_ws (d);

        if (col >= 0)
          {
            if (!read_field (d, batch, &row, col, metadata_start))
              return FALSE;
          }
        else
          {
            ValueType type;
            Str str;
            gint64 iv;
            double x;

            if (!read_value (d, d->scratch, 1, &type, &str, &iv, &x))
              return FALSE;
          }

        skip_ws (d);
        if (d->p >= d->end)
          return FALSE;
        if (*d->p == '}')
          {
            d->p++;
            break;
          }
        if (*d->p != ',')
          return FALSE;
        d->p++;
        skip_ws (d);
      }

  /* The first field that does not fit, in column order, names the reason. */
  for (int col = 0; col < IL_N_COLUMNS; col++)
    if (row.bad[col] != 0)
      {
        g_string_truncate (batch->metadata, metadata_start);
        _il_row_batch_skip (batch, index, il_column_name (col), (IlBadKind) (row.bad[col] - 1));
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
kind_name (ValueType type)
{
  switch (type)
    {
    case V_OBJECT:
      return _("an object");
    case V_NULL:
      return _("null");
    case V_STRING:
      return _("a string");
    case V_TRUE:
    case V_FALSE:
      return _("a boolean");
    case V_INT:
    case V_DOUBLE:
      return _("a number");
    case V_ARRAY:
    default:
      return _("an array");
    }
}

static gboolean
decode_page (Decoder    *d,
             IlRowBatch *batch)
{
  guint index = 0;

  skip_ws (d);
  if (d->p >= d->end || *d->p != '[')
    return FALSE;   /* not an array, or a BOM: json-glib says what it is */
  d->p++;
  skip_ws (d);
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
            ValueType type;
            Str str;
            gint64 iv;
            double x;

            if (!read_value (d, d->scratch, 1, &type, &str, &iv, &x))
              return FALSE;
            _il_row_batch_skip_element (batch, index, kind_name (type));
          }
        skip_ws (d);
        if (d->p >= d->end)
          return FALSE;
        if (*d->p == ']')
          {
            d->p++;
            break;
          }
        if (*d->p != ',')
          return FALSE;
        d->p++;
        skip_ws (d);
      }

  skip_ws (d);
  if (d->p != d->end)
    return FALSE;   /* more after the array: json-glib's rules are its own */
  return TRUE;
}

gboolean
_il_page_decode (IlRowBatch *batch,
                 const char *data,
                 gsize       len)
{
  Decoder d = { 0 };
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
