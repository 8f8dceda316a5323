/* il-chart-axis.h: "nice" ticks, time ticks and human value labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_AXIS_MAX_TICKS 32

/* Ticks at min, min + step, ... max; min and max are multiples of step that
 * cover the data range. Computed once per draw. */
typedef struct
{
  double min;
  double max;
  double step;
  guint  n;
  int    decimals;       /* digits after the point needed to tell ticks apart */
  gboolean log;          /* logarithmic: ticks in values[], step unused */
  double values[IL_AXIS_MAX_TICKS];
} IlAxisTicks;

void   il_axis_nice_ticks     (double       lo,
                               double       hi,
                               guint        max_ticks,
                               gboolean     include_zero,
                               IlAxisTicks *out);
/* Log scale over [lo, hi] (both > 0): decades, with 2 and 5 between them
 * when there are few decades. */
void   il_axis_log_ticks      (double       lo,
                               double       hi,
                               guint        max_ticks,
                               IlAxisTicks *out);
double il_axis_tick_value     (const IlAxisTicks *ticks,
                               guint              i);
/* 0 at ticks->min, 1 at ticks->max (values under a log axis' min clamp to 0). */
double il_axis_fraction       (const IlAxisTicks *ticks,
                               double             value);

/* Time ticks in microseconds since the epoch, aligned in UTC (or local time). */
typedef struct
{
  gint64  start;         /* domain */
  gint64  end;
  gint64  step_us;       /* 0 for calendar months */
  guint   n_months;      /* month step when step_us is 0 */
  guint   n;
  gint64  values[IL_AXIS_MAX_TICKS];
  gboolean local;
} IlTimeTicks;

void il_axis_time_ticks       (gint64       start,
                               gint64       end,
                               guint        max_ticks,
                               gboolean     local,
                               IlTimeTicks *out);
/* "14:00" for steps under a day, "Nov 3" for days, "Nov 2026" for months. */
void il_axis_time_label       (const IlTimeTicks *ticks,
                               gint64             value,
                               char              *buf,
                               gsize              size);

/* Value labels a human reads: "850 ms", "812.4 ms", "1.2 s", "12.5 s",
 * "1,000,000 s". decimals < 0 picks them (one at most, none when whole). */
void il_format_ms             (double       ms,
                               int          decimals,
                               char        *buf,
                               gsize        size);
/* A tick label: the decimals follow the tick step in the unit shown. */
void il_format_ms_tick        (double       ms,
                               double       step_ms,
                               char        *buf,
                               gsize        size);
/* Seconds: "0 s", "2.5 s", "1,234 s". */
void il_format_seconds        (double       s,
                               int          decimals,
                               char        *buf,
                               gsize        size);
/* An exact integer with the locale's thousands separator (',' where the
 * locale has none): "12,345"; returns the length as g_strlcpy() does. */
gsize il_format_integer       (guint64      value,
                               char        *buf,
                               gsize        size);
/* A number with the locale's marks and the given decimals: "12,345.6". */
void il_format_number         (double       value,
                               int          decimals,
                               char        *buf,
                               gsize        size);
/* "12,345" */
void il_format_count          (double       count,
                               char        *buf,
                               gsize        size);
/* "93.2%" (decimals < 0: one) */
void il_format_percent        (double       pct,
                               int          decimals,
                               char        *buf,
                               gsize        size);
/* Decimals a tick step needs when labels are in the unit of the step. */
int  il_axis_decimals_for_step (double step);

G_END_DECLS
