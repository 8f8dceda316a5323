/* il-json-scanner.c: a strict JSON tokenizer over a byte buffer
 *
 * It accepts only strict JSON and says so (FALSE) on anything else, and on
 * what it is not sure to read exactly as json-glib does (\u0000, lone
 * surrogates, integers past 18 digits, very deep nesting): the caller then
 * asks json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "il-json-scanner-private.h"
#include "il-json-write-private.h"
#include "il-row-json.h"

/* Duplicate member names are looked for among this many per object. */
#define MAX_MEMBERS 64

/* Byte classes inside a string: 0 plain, 1 quote, 2 backslash, 3 control, 4 non-ASCII. */
const guint8 _il_json_string_class[256] = {
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
gboolean
_il_json_read_escaped (IlJsonScanner *d,
                       GString       *out)
{
  const char *p = d->p;
  const char *end = d->end;

  while (p < end)
    {
      const char *run = p;
      guint8 cls = 0;

      while (p < end && (cls = _il_json_string_class[(guchar) *p]) != 1 && cls != 2 && cls != 3)
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

/* A JSON number, strict grammar, d->p at '-' or a digit. Integers are what
 * json-glib makes of them (int64, "-0" is 0); other numbers are doubles read
 * as strtod reads the same text. */
static gboolean
read_number (IlJsonScanner *d,
             IlJsonType    *type,
             gint64        *int_value,
             double        *double_value)
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
  if (!_il_json_at_delimiter (d))
    return FALSE;

  if (!is_float)
    {
      /* json-glib reads the digits into a guint64, then negates as int64 */
      if (n_int > 18)
        return FALSE;
      *type = IL_JSON_INT;
      *int_value = negative ? -(gint64) mantissa : (gint64) mantissa;
      return TRUE;
    }

  *type = IL_JSON_DOUBLE;
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


static gboolean skip_container (IlJsonScanner *d, int depth);

/* Reads a scalar, or skips (and checks) an object or array. */
gboolean
_il_json_read_value (IlJsonScanner *d,
                     GString       *scratch,
                     int            depth,
                     IlJsonType    *type,
                     IlJsonStr     *str,
                     gint64        *int_value,
                     double        *double_value)
{
  if (d->p >= d->end)
    return FALSE;
  switch (*d->p)
    {
    case '"':
      d->p++;
      *type = IL_JSON_STRING;
      return _il_json_read_string (d, scratch, str);
    case '{':
      *type = IL_JSON_OBJECT;
      return skip_container (d, depth);
    case '[':
      *type = IL_JSON_ARRAY;
      return skip_container (d, depth);
    case 't':
      *type = IL_JSON_TRUE;
      return _il_json_read_literal (d, "true", 4);
    case 'f':
      *type = IL_JSON_FALSE;
      return _il_json_read_literal (d, "false", 5);
    case 'n':
      *type = IL_JSON_NULL;
      return _il_json_read_literal (d, "null", 4);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (d, type, int_value, double_value);
    default:
      return FALSE;
    }
}

/* Skips an object or array at d->p, checking its syntax all the way down. */
static gboolean
skip_container (IlJsonScanner *d,
                int            depth)
{
  char close = *d->p == '{' ? '}' : ']';
  IlJsonType type;
  IlJsonStr str;
  gint64 i;
  double x;
  gboolean closed;

  if (depth >= IL_JSON_MAX_DEPTH)
    return FALSE;
  d->p++;
  _il_json_skip_ws (d);
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
          if (!_il_json_read_string (d, d->key, &str))
            return FALSE;
          _il_json_skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return FALSE;
          d->p++;
          _il_json_skip_ws (d);
        }
      if (!_il_json_read_value (d, d->scratch, depth + 1, &type, &str, &i, &x))
        return FALSE;
      if (!_il_json_next_item (d, close, &closed))
        return FALSE;
      if (closed)
        return TRUE;
    }
}

/* ---- a value as compact text, as il_json_write_node writes json-glib's tree */

/* Writes a string: raw bytes need no escaping (no quote, backslash or control
 * character got through read_string), decoded ones are escaped again. */
static inline void
write_str (GString         *out,
           const IlJsonStr *str,
           const char      *raw_start)
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
copy_value (IlJsonScanner *d,
            GString       *out,
            int            depth)
{
  gsize key_start[MAX_MEMBERS];
  gsize key_len[MAX_MEMBERS];
  guint n_keys = 0;
  char close;

  if (d->p >= d->end)
    return COPY_UNSURE;

  if (*d->p != '{' && *d->p != '[')
    {
      IlJsonType type;
      IlJsonStr str;
      gint64 i;
      double x;
      const char *raw = d->p + 1;

      if (!_il_json_read_value (d, d->scratch, depth, &type, &str, &i, &x))
        return COPY_UNSURE;
      switch (type)
        {
        case IL_JSON_STRING: write_str (out, &str, raw); break;
        case IL_JSON_INT: _il_json_append_int64 (out, i); break;
        case IL_JSON_DOUBLE: il_json_write_double (out, x, TRUE); break;
        case IL_JSON_TRUE: g_string_append (out, "true"); break;
        case IL_JSON_FALSE: g_string_append (out, "false"); break;
        case IL_JSON_NULL: g_string_append (out, "null"); break;
        case IL_JSON_OBJECT:
        case IL_JSON_ARRAY:
        default: g_assert_not_reached ();
        }
      return COPY_OK;
    }

  if (depth >= IL_JSON_MAX_DEPTH)
    return COPY_UNSURE;
  close = *d->p == '{' ? '}' : ']';
  g_string_append_c (out, *d->p);
  d->p++;
  _il_json_skip_ws (d);
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
          IlJsonStr key;
          const char *raw;
          gsize start = out->len;

          if (d->p >= d->end || *d->p != '"')
            return COPY_UNSURE;
          raw = ++d->p;
          if (!_il_json_read_string (d, d->scratch, &key))
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
          _il_json_skip_ws (d);
          if (d->p >= d->end || *d->p != ':')
            return COPY_UNSURE;
          d->p++;
          _il_json_skip_ws (d);
          g_string_append_c (out, ':');
        }
      r = copy_value (d, out, depth + 1);
      if (r != COPY_OK)
        return r;
      _il_json_skip_ws (d);
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
      _il_json_skip_ws (d);
      g_string_append_c (out, ',');
    }
}

gboolean
_il_json_copy_compact (IlJsonScanner *d,
                       GString       *out)
{
  const char *start = d->p;
  gsize out_start = out->len;
  g_autoptr(JsonParser) parser = NULL;
  IlJsonType type;
  IlJsonStr str;
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
  if (!_il_json_read_value (d, d->scratch, 1, &type, &str, &i, &x))
    return FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, start, d->p - start, NULL) ||
      json_parser_get_root (parser) == NULL)
    return FALSE;
  g_string_truncate (out, out_start);
  il_json_write_node (out, json_parser_get_root (parser));
  return TRUE;
}

