/* il-json-scanner-private.h: a strict JSON tokenizer over a byte buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any metadata we have seen; json-glib recurses without a limit. */
#define IL_JSON_MAX_DEPTH 64

typedef enum
{
  IL_JSON_STRING,
  IL_JSON_INT,
  IL_JSON_DOUBLE,
  IL_JSON_TRUE,
  IL_JSON_FALSE,
  IL_JSON_NULL,
  IL_JSON_OBJECT,
  IL_JSON_ARRAY,
} IlJsonType;

/* A string value: the raw bytes between the quotes when it holds no escape,
 * else the decoded text in a scratch buffer. Never holds a NUL byte. */
typedef struct
{
  const char *str;
  gsize       len;
} IlJsonStr;

typedef struct
{
  const char *p;
  const char *end;
  gboolean    non_ascii;   /* UTF-8 validity is then checked once at the end */
  GString    *key;         /* decoded member names */
  GString    *scratch;     /* decoded strings read and dropped */
  GString    *text[3];     /* decoded strings a caller keeps a while */
} IlJsonScanner;

extern const guint8 _il_json_string_class[256];

/* The four characters json-glib's scanner skips (and JSON allows). */
static inline void
_il_json_skip_ws (IlJsonScanner *d)
{
  while (d->p < d->end &&
         (*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t'))
    d->p++;
}

/* After a number or a literal: json-glib would glue letters, digits, dots or
 * a comment start onto the token, so only a separator is certain. */
static inline gboolean
_il_json_at_delimiter (const IlJsonScanner *d)
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

/* Reads the literal word (true, false, null) at d->p. */
static inline gboolean
_il_json_read_literal (IlJsonScanner *d,
                       const char    *word,
                       gsize          len)
{
  if ((gsize) (d->end - d->p) < len || memcmp (d->p, word, len) != 0)
    return FALSE;
  d->p += len;
  return _il_json_at_delimiter (d);
}

/* After a member or an element: steps past the comma that leads to the next
 * one, or past @close with *closed set. Anything else is not ours to read. */
static inline gboolean
_il_json_next_item (IlJsonScanner *d,
                    char           close,
                    gboolean      *closed)
{
  _il_json_skip_ws (d);
  if (d->p >= d->end)
    return FALSE;
  if (*d->p == close)
    {
      d->p++;
      *closed = TRUE;
      return TRUE;
    }
  if (*d->p != ',')
    return FALSE;
  d->p++;
  _il_json_skip_ws (d);
  *closed = FALSE;
  return TRUE;
}

/* Decodes the escapes from d->p (at a backslash) to the closing quote into
 * out, which already holds the plain prefix. */
gboolean _il_json_read_escaped (IlJsonScanner *d,
                                GString       *out);

/* Reads a string with d->p just past its opening quote; escaped ones are
 * decoded into scratch. */
static inline gboolean
_il_json_read_string (IlJsonScanner *d,
                      GString       *scratch,
                      IlJsonStr     *out)
{
  const char *start = d->p;
  const char *p = start;
  const char *end = d->end;
  guint8 cls = 0;

  while (p < end && (cls = _il_json_string_class[(guchar) *p]) == 0)
    p++;
  while (p < end && cls == 4)
    {
      d->non_ascii = TRUE;
      p++;
      while (p < end && (cls = _il_json_string_class[(guchar) *p]) == 0)
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
  if (!_il_json_read_escaped (d, scratch))
    return FALSE;
  out->str = scratch->str;
  out->len = scratch->len;
  return TRUE;
}

/* Reads the value at d->p: a scalar, or an object or array, skipped after
 * checking it all the way down. FALSE when it is not strict JSON (or nests
 * deeper than IL_JSON_MAX_DEPTH); escaped strings are decoded into scratch. */
gboolean _il_json_read_value   (IlJsonScanner *d,
                                GString       *scratch,
                                int            depth,
                                IlJsonType    *type,
                                IlJsonStr     *str,
                                gint64        *int_value,
                                double        *double_value);

/* Appends the value at d->p to out as compact JSON text, exactly as
 * il_json_write_node writes json-glib's tree of the same text. FALSE when
 * unsure (not strict JSON, too deep). */
gboolean _il_json_copy_compact (IlJsonScanner *d,
                                GString       *out);

G_END_DECLS
