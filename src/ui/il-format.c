/* il-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "il-chart-axis.h"
#include "il-chart-text.h"
#include "il-csv.h"
#include "il-format.h"

#define DASH "—"

char *
il_format_count_str (guint64 value)
{
  char buf[64];

  /* Grouped like the charts' labels, so a tile and a chart agree. */
  il_format_integer (value, buf, sizeof buf);
  return g_strdup (buf);
}

char *
il_format_latency_ms (double ms)
{
  if (!isfinite (ms))
    return g_strdup (DASH);
  if (fabs (ms) < 10.0 && ms != 0.0 && fabs (ms) >= 0.05)
    return g_strdup_printf ("%.1f ms", ms);
  /* Round first so 999.6 ms shows as "1.0 s", not "1000 ms". */
  if (fabs (round (ms)) < 1000.0)
    return g_strdup_printf ("%.0f ms", ms == 0.0 ? 0.0 : ms);
  {
    char buf[64];

    /* Grouped: the total time of a month of rows runs to six figures of seconds. */
    il_format_seconds (ms / 1000.0, 1, buf, sizeof buf);
    return g_strdup (buf);
  }
}

/* A table column's value: always milliseconds, grouped, whole, so a
 * column never mixes "1.1 s" with "831 ms". */
char *
il_format_ms_column (double ms)
{
  return il_format_ms_fixed (ms, 0);
}

char *
il_format_ms_fixed (double ms,
                    int    decimals)
{
  char buf[64];
  double scale = pow (10, decimals);

  if (!isfinite (ms))
    return g_strdup (DASH);
  /* no "-0.0" for a value that rounds to zero */
  il_format_number (round (ms * scale) == 0.0 ? 0.0 : ms, decimals, buf, sizeof buf);
  return g_strdup_printf ("%s ms", buf);
}

char *
il_format_percent_str (double pct)
{
  char buf[64];

  if (!isfinite (pct))
    return g_strdup (DASH);
  /* the charts' format, so a tile and a chart agree: "96.9%", "96,9 %" */
  il_chart_format_percent (pct, 1, buf, sizeof buf);
  return g_strdup (buf);
}

char *
il_format_duration (double ms)
{
  char buf[64];

  if (!isfinite (ms))
    return g_strdup (DASH);
  il_chart_format_duration_ms (ms, buf, sizeof buf);
  return g_strdup (buf);
}

char *
il_format_exact_ms (double ms)
{
  char buf[64];

  if (!isfinite (ms))
    return g_strdup (DASH);
  il_chart_format_exact_ms (ms, buf, sizeof buf);
  return g_strdup (buf);
}

/* GLib 2.74 reads the zone file again at every g_date_time_to_local () when
 * TZ is unset (a stat and a parse: 30 us a cell): keep it until TZ changes. */
static GTimeZone *
dup_local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

static GDateTime *
to_date_time (gint64   us,
              gboolean local)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (us == G_MININT64)
    return NULL;
  utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC - (us % G_USEC_PER_SEC < 0 ? 1 : 0));
  if (utc == NULL)
    return NULL;
  if (!local)
    return g_date_time_ref (utc);
  zone = dup_local_zone ();
  return g_date_time_to_timezone (utc, zone);
}

char *
il_format_time (gint64   us,
                gboolean local)
{
  g_autoptr(GDateTime) dt = to_date_time (us, local);

  if (dt == NULL)
    return g_strdup (DASH);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

char *
il_format_clock (gint64   us,
                 gboolean local)
{
  g_autoptr(GDateTime) dt = to_date_time (us, local);

  if (dt == NULL)
    return g_strdup (DASH);
  return g_date_time_format (dt, "%H:%M");
}

char *
il_format_time_ms (gint64   us,
                   gboolean local)
{
  g_autoptr(GDateTime) dt = to_date_time (us, local);
  g_autofree char *secs = NULL;
  gint64 frac;

  if (dt == NULL)
    return g_strdup (DASH);
  secs = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
  frac = us % G_USEC_PER_SEC;
  if (frac < 0)
    frac += G_USEC_PER_SEC;
  return g_strdup_printf ("%s%s%03d", secs, localeconv ()->decimal_point,
                          (int) (frac / 1000));
}

/* Pads "2,529.4 ms" to three decimals with figure spaces (a punctuation
 * space for a missing mark), so right-aligned tabular figures line up on
 * the decimal point. */
static char *
pad_decimals (char *text)
{
  const char *mark = localeconv ()->decimal_point;
  const char *unit = g_strrstr (text, " ms");
  const char *dot;
  GString *out;
  int decimals = 0;

  if (unit == NULL || mark == NULL || *mark == '\0')
    return text;
  out = g_string_new_len (text, unit - text);
  dot = g_strrstr_len (text, unit - text, mark);
  if (dot == NULL)
    g_string_append (out, "\u2008");
  else
    decimals = (int) (unit - dot - strlen (mark));
  for (; decimals < 3; decimals++)
    g_string_append (out, "\u2007");
  g_string_append (out, unit);
  g_free (text);
  return g_string_free (out, FALSE);
}

char *
il_format_latency_cell (double ms)
{
  return pad_decimals (il_format_exact_ms (ms));
}

char *
il_format_cell (IlRowStore *store,
                guint       row,
                IlColumn    column)
{
  switch (column)
    {
    case IL_COL_LATENCY_MS:
      return il_format_latency_cell (store->latency_ms[row]);
    case IL_COL_TURN_NUMBER:
      if (store->turn_number[row] < 0)
        return il_csv_format_cell (store, row, column);
      return il_format_count_str ((guint64) store->turn_number[row]);
    case IL_COL_STARTED_AT:
      return il_format_time_ms (store->started_at[row], TRUE);
    case IL_COL_COMPLETED_AT:
      return il_format_time_ms (store->completed_at[row], TRUE);
    case IL_COL_CREATED_AT:
      if (store->created_at[row] == IL_TIME_NONE)
        return NULL;
      return il_format_time_ms (store->created_at[row], TRUE);
    case IL_COL_METRIC_ID:
    case IL_COL_SESSION_ID:
    case IL_COL_STEP_NAME:
    case IL_COL_STATUS:
    case IL_COL_ERROR_MESSAGE:
    case IL_COL_METADATA:
    case IL_N_COLUMNS:
    default:
      return il_csv_format_cell (store, row, column);
    }
}

/* ngettext takes an unsigned long; the form for a huge count is "many" */
#define PLURAL_N(n) ((gulong) MIN ((n), (guint64) G_MAXULONG))

char *
il_format_rows (guint64 n)
{
  g_autofree char *count = il_format_count_str (n);

  /* translators: %s is a grouped number, "12,000" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", PLURAL_N (n)), count);
}

char *
il_format_errors (guint64 n)
{
  g_autofree char *count = il_format_count_str (n);

  /* translators: %s is a grouped number, "12,000" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s error", "%s errors", PLURAL_N (n)), count);
}

char *
il_format_turns (guint64 n)
{
  g_autofree char *count = il_format_count_str (n);

  /* translators: %s is a grouped number, "12,000" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s turn", "%s turns", PLURAL_N (n)), count);
}

char *
il_format_sessions (guint64 n)
{
  g_autofree char *count = il_format_count_str (n);

  /* translators: %s is a grouped number, "12,000" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s session", "%s sessions", PLURAL_N (n)), count);
}

char *
il_format_keep_part_ends (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " · ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *space = strrchr (parts[i], ' ');

      if (space != NULL)
        {
          char *glued = g_strdup_printf ("%.*s\u00a0%s", (int) (space - parts[i]), parts[i], space + 1);

          g_free (parts[i]);
          parts[i] = glued;
        }
    }
  return g_strjoinv (" · ", parts);
}

char *
il_format_unbreakable (char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *c = text; *c != '\0'; c++)
    if (*c == ' ')
      g_string_append (out, "\u00a0");
    else
      g_string_append_c (out, *c);
  g_free (text);
  return g_string_free (out, FALSE);
}
