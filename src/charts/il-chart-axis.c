/* il-chart-axis.c: "nice" ticks, time ticks and human value labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-chart-axis.h"

void
il_axis_nice_ticks (double       lo,
                    double       hi,
                    guint        max_ticks,
                    gboolean     include_zero,
                    IlAxisTicks *out)
{
  double span, raw, mag, step = 1;
  static const double mults[] = { 1, 2, 5, 10 };

  g_return_if_fail (out != NULL);

  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (include_zero)
    {
      lo = MIN (lo, 0);
      hi = MAX (hi, 0);
    }
  if (hi - lo <= 1e-12 * MAX (fabs (hi), fabs (lo)) || hi - lo < 1e-300)
    {
      if (hi == 0 && lo == 0)
        hi = 1;
      else
        {
          double d = fabs (hi) * 0.1;
          if (include_zero && lo == 0)
            hi += d;
          else if (include_zero && hi == 0)
            lo -= d;
          else
            {
              lo -= d;
              hi += d;
            }
        }
    }

  max_ticks = CLAMP (max_ticks, 2, IL_AXIS_MAX_TICKS - 1);
  span = hi - lo;
  raw = span / (max_ticks - 1);
  mag = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mults); i++)
    {
      step = mults[i] * mag;
      if (step >= raw * (1 - 1e-9))
        break;
    }

  out->log = FALSE;
  out->step = step;
  out->min = floor (lo / step + 1e-9) * step;
  out->max = ceil (hi / step - 1e-9) * step;
  if (out->max <= out->min)
    out->max = out->min + step;
  out->n = (guint) CLAMP (round ((out->max - out->min) / step) + 1, 2, IL_AXIS_MAX_TICKS);
  out->decimals = il_axis_decimals_for_step (step);
}

void
il_axis_log_ticks (double       lo,
                   double       hi,
                   guint        max_ticks,
                   IlAxisTicks *out)
{
  static const double mults[] = { 1, 2, 5 };
  int d0, d1;
  guint per_decade;

  g_return_if_fail (out != NULL);
  g_return_if_fail (lo > 0 && hi >= lo);

  memset (out, 0, sizeof *out);
  out->log = TRUE;
  d0 = (int) floor (log10 (lo) + 1e-9);
  d1 = (int) ceil (log10 (hi) - 1e-9);
  if (d1 <= d0)
    d1 = d0 + 1;
  out->min = pow (10, d0);
  out->max = pow (10, d1);
  out->step = 0;
  max_ticks = CLAMP (max_ticks, 2, IL_AXIS_MAX_TICKS);
  per_decade = (guint) (d1 - d0) * 3 + 1 <= max_ticks ? 3 : 1;
  for (int d = d0; d <= d1 && out->n < IL_AXIS_MAX_TICKS; d++)
    for (guint m = 0; m < per_decade && out->n < IL_AXIS_MAX_TICKS; m++)
      {
        double v = mults[m] * pow (10, d);

        if (v > out->max * (1 + 1e-9))
          break;
        out->values[out->n++] = v;
      }
  out->decimals = il_axis_decimals_for_step (out->min);
}

double
il_axis_tick_value (const IlAxisTicks *ticks,
                    guint              i)
{
  double v;

  if (ticks->log)
    return ticks->values[MIN (i, IL_AXIS_MAX_TICKS - 1)];
  v = ticks->min + i * ticks->step;

  /* avoid "-0" and 0.30000000000000004 drifting into labels */
  if (fabs (v) < ticks->step * 1e-9)
    v = 0;
  return v;
}

double
il_axis_fraction (const IlAxisTicks *ticks,
                  double             value)
{
  if (ticks->log)
    {
      double l0 = log10 (ticks->min), l1 = log10 (ticks->max);

      if (!(value > ticks->min))
        return 0;
      return (log10 (value) - l0) / (l1 - l0);
    }
  return (value - ticks->min) / (ticks->max - ticks->min);
}

int
il_axis_decimals_for_step (double step)
{
  if (!(step > 0) || step >= 1)
    return 0;
  return CLAMP ((int) ceil (-log10 (step) - 1e-9), 0, 6);
}

/* ---- value labels ------------------------------------------------------- */

/* The locale's marks; thousands are grouped with ',' where the locale has no
 * separator (the C locale), so figures stay readable everywhere. Read with
 * nl_langinfo: charts draw in worker threads, and localeconv fills one
 * static struct for every thread. */
static void
locale_marks (const char **decimal_mark,
              const char **group_mark)
{
  const char *decimal = nl_langinfo (RADIXCHAR);
  const char *group = nl_langinfo (THOUSEP);

  *decimal_mark = decimal != NULL && *decimal ? decimal : ".";
  *group_mark = group != NULL && *group ? group : ",";
}

/* Appends @int_len ASCII digits to @out with @group_mark every three. */
static gsize
append_grouped (char       *out,
                const char *digits,
                gsize       int_len,
                const char *group_mark)
{
  gsize group_len = strlen (group_mark);
  gsize o = 0;

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        {
          memcpy (out + o, group_mark, group_len);
          o += group_len;
        }
      out[o++] = digits[i];
    }
  return o;
}

gsize
il_format_integer (guint64  value,
                   char    *buf,
                   gsize    size)
{
  const char *decimal_mark, *group_mark;
  char digits[32];
  char out[128];
  gsize o;

  locale_marks (&decimal_mark, &group_mark);
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  o = append_grouped (out, digits, strlen (digits), group_mark);
  out[o] = '\0';
  return g_strlcpy (buf, out, size);
}

/* Prints |value| with the given decimals, grouped and with the decimal mark of
 * the locale. printf's %f already uses the locale's decimal mark, so the digits
 * are made with g_ascii_formatd() and every mark is placed here: mixing the two
 * gave "51,8,3" under a German locale. */
static void
format_grouped (double  value,
                int     decimals,
                char   *buf,
                gsize   size)
{
  const char *decimal_mark, *group_mark;
  char format[16];
  char digits[64];
  char out[160];
  const char *dot;
  gsize int_len, o = 0;
  gboolean neg = value < 0;

  if (!isfinite (value))
    {
      g_strlcpy (buf, "\342\200\223", size);   /* en dash */
      return;
    }
  locale_marks (&decimal_mark, &group_mark);
  if (fabs (value) >= 1e15)
    {
      g_ascii_formatd (digits, sizeof digits, "%.3g", value);
      dot = strchr (digits, '.');
      if (dot != NULL)
        g_snprintf (buf, size, "%.*s%s%s", (int) (dot - digits), digits, decimal_mark, dot + 1);
      else
        g_strlcpy (buf, digits, size);
      return;
    }
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (digits, sizeof digits, format, fabs (value));
  /* "-0" after rounding is just 0 */
  if (neg && strspn (digits, "0.") == strlen (digits))
    neg = FALSE;
  dot = strchr (digits, '.');
  int_len = dot ? (gsize) (dot - digits) : strlen (digits);

  if (neg)
    out[o++] = '-';
  o += append_grouped (out + o, digits, int_len, group_mark);
  if (dot)
    {
      gsize decimal_len = strlen (decimal_mark);
      gsize rest = strlen (dot + 1);

      memcpy (out + o, decimal_mark, decimal_len);
      o += decimal_len;
      memcpy (out + o, dot + 1, rest);
      o += rest;
    }
  out[o] = '\0';
  g_strlcpy (buf, out, size);
}

void
il_format_number (double  value,
                  int     decimals,
                  char   *buf,
                  gsize   size)
{
  format_grouped (value, decimals, buf, size);
}

void
il_format_count (double  count,
                 char   *buf,
                 gsize   size)
{
  format_grouped (round (count), 0, buf, size);
}

void
il_format_percent (double  pct,
                   int     decimals,
                   char   *buf,
                   gsize   size)
{
  char num[64];

  if (!isfinite (pct))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  format_grouped (pct, decimals < 0 ? 1 : decimals, num, sizeof num);
  g_snprintf (buf, size, "%s%%", num);
}

void
il_format_seconds (double  s,
                   int     decimals,
                   char   *buf,
                   gsize   size)
{
  char num[64];

  if (!isfinite (s))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  if (decimals < 0)
    decimals = (fabs (s) < 100 && fabs (s - round (s)) >= 0.05) ? 1 : 0;
  format_grouped (s, decimals, num, sizeof num);
  g_snprintf (buf, size, "%s s", num);
}

void
il_format_ms (double  ms,
              int     decimals,
              char   *buf,
              gsize   size)
{
  char num[64];

  if (!isfinite (ms))
    {
      g_strlcpy (buf, "\342\200\223", size);
      return;
    }
  if (fabs (round (ms * 10) / 10) >= 1000)
    {
      il_format_seconds (ms / 1000, decimals, buf, size);
      return;
    }
  if (decimals < 0)
    decimals = fabs (ms - round (ms)) >= 0.05 ? 1 : 0;
  format_grouped (ms, decimals, num, sizeof num);
  g_snprintf (buf, size, "%s ms", num);
}

void
il_format_ms_tick (double  ms,
                   double  step_ms,
                   char   *buf,
                   gsize   size)
{
  if (fabs (ms) >= 1000 - step_ms * 1e-6)
    il_format_seconds (ms / 1000, il_axis_decimals_for_step (step_ms / 1000), buf, size);
  else
    il_format_ms (ms, il_axis_decimals_for_step (step_ms), buf, size);
}

/* ---- time ticks ----------------------------------------------------------- */

#define T_SEC  G_GINT64_CONSTANT (1000000)
#define T_MIN  (60 * T_SEC)
#define T_HOUR (60 * T_MIN)
#define T_DAY  (24 * T_HOUR)

static GDateTime *
date_time_from_us (gint64   us,
                   gboolean local)
{
  gint64 secs = us >= 0 ? us / T_SEC : -((-us + T_SEC - 1) / T_SEC);
  GDateTime *dt = local ? g_date_time_new_from_unix_local (secs)
                        : g_date_time_new_from_unix_utc (secs);

  if (dt == NULL)   /* out of GDateTime's range */
    dt = g_date_time_new_from_unix_utc (0);
  return dt;
}

static gint64
date_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * T_SEC + g_date_time_get_microsecond (dt);
}

void
il_axis_time_ticks (gint64       start,
                    gint64       end,
                    guint        max_ticks,
                    gboolean     local,
                    IlTimeTicks *out)
{
  static const gint64 steps[] = {
    1 * T_SEC, 2 * T_SEC, 5 * T_SEC, 10 * T_SEC, 15 * T_SEC, 30 * T_SEC,
    1 * T_MIN, 2 * T_MIN, 5 * T_MIN, 10 * T_MIN, 15 * T_MIN, 30 * T_MIN,
    1 * T_HOUR, 2 * T_HOUR, 3 * T_HOUR, 6 * T_HOUR, 12 * T_HOUR,
    1 * T_DAY, 2 * T_DAY, 7 * T_DAY, 14 * T_DAY,
  };
  static const guint months[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
  gint64 span;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  if (end < start)
    {
      gint64 t = start;
      start = end;
      end = t;
    }
  if (end == start)
    end = start + T_SEC;
  out->start = start;
  out->end = end;
  out->local = local;
  max_ticks = CLAMP (max_ticks, 2, IL_AXIS_MAX_TICKS);
  span = end - start;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (span / steps[i] + 1 <= (gint64) max_ticks)
        {
          out->step_us = steps[i];
          break;
        }
    }
  if (out->step_us == 0)
    {
      out->n_months = months[G_N_ELEMENTS (months) - 1];
      for (guint i = 0; i < G_N_ELEMENTS (months); i++)
        if (span / (months[i] * 30 * T_DAY) + 1 <= (gint64) max_ticks)
          {
            out->n_months = months[i];
            break;
          }
    }

  if (out->step_us != 0 && out->step_us < T_DAY)
    {
      g_autoptr(GDateTime) dt = date_time_from_us (start, local);
      gint64 offset = local ? g_date_time_get_utc_offset (dt) : 0;
      gint64 first = start + offset;

      /* floor division that also works before 1970 */
      first = (first / out->step_us) * out->step_us;
      if (first < start + offset)
        first += out->step_us;
      first -= offset;
      for (gint64 t = first; t <= end && out->n < IL_AXIS_MAX_TICKS; t += out->step_us)
        out->values[out->n++] = t;
    }
  else
    {
      g_autoptr(GDateTime) s = date_time_from_us (start, local);
      g_autoptr(GDateTime) dt = NULL;
      int year = g_date_time_get_year (s);
      int month = g_date_time_get_month (s);
      int day = g_date_time_get_day_of_month (s);
      GTimeZone *tz = local ? g_time_zone_new_local () : g_time_zone_new_utc ();

      if (out->step_us == 0)
        dt = g_date_time_new (tz, year, month, 1, 0, 0, 0);
      else
        dt = g_date_time_new (tz, year, month, day, 0, 0, 0);
      g_time_zone_unref (tz);

      while (dt != NULL && out->n < IL_AXIS_MAX_TICKS)
        {
          gint64 t = date_time_to_us (dt);
          GDateTime *next;

          if (t > end)
            break;
          if (t >= start)
            out->values[out->n++] = t;
          if (out->step_us == 0)
            next = g_date_time_add_months (dt, out->n_months);
          else
            next = g_date_time_add_days (dt, out->step_us / T_DAY);
          g_date_time_unref (dt);
          dt = next;
        }
    }
}

void
il_axis_time_label (const IlTimeTicks *ticks,
                    gint64             value,
                    char              *buf,
                    gsize              size)
{
  g_autoptr(GDateTime) dt = date_time_from_us (value, ticks->local);
  g_autofree char *text = NULL;
  const char *format;

  /* TRANSLATORS: g_date_time_format () formats of the time axes, in your
   * language's order: "Nov 2026", "Nov 2" (German "Nov. 2026", "2. Nov.") */
  if (ticks->step_us == 0)
    format = C_("axis month", "%b %Y");
  else if (ticks->step_us >= T_DAY)
    format = C_("axis day", "%b %-d");
  else if (g_date_time_get_hour (dt) == 0 && g_date_time_get_minute (dt) == 0
           && g_date_time_get_second (dt) == 0)
    format = C_("axis day", "%b %-d");
  else if (ticks->step_us < T_MIN)
    format = "%H:%M:%S";
  else
    format = "%H:%M";

  text = g_date_time_format (dt, format);
  g_strlcpy (buf, text ? text : "", size);
}
