/* il-row-values.c: uuids and timestamps as the table holds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-row-store.h"

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
