/* il-format.h: human formatting of the dashboard's figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function returns a newly allocated string; NAN gives "—".
 */
#pragma once

#include <glib.h>

#include "il-row-store.h"

G_BEGIN_DECLS

/* (il_format_count/percent are the charts layer's buffer variants.)
 * 12345 -> "12,345" with the locale's thousands separator ("12345" in C). */
char *il_format_count_str      (guint64 value);
/* < 1000 ms: "850 ms" (no decimals); else seconds
 * with one decimal: "1.2 s", "12.5 s". Under 10 ms one decimal: "4.5 ms". */
char *il_format_latency_ms (double  ms);
/* 97.5 -> "97.5%", 100 -> "100.0%". */
/* "1,112 ms": one unit for every cell of a table column. */
char *il_format_ms_column  (double  ms);
/* Milliseconds with a fixed number of decimals, grouped: "341.0 ms",
 * "2,152.4 ms", so a column's figures line up on the decimal point. */
char *il_format_ms_fixed   (double  ms,
                            int     decimals);
char *il_format_percent_str (double  pct);
/* A duration in ms: "850 ms", "12.5 s", "3 min 5 s", "2 h 3 min". */
char *il_format_duration   (double  ms);
/* The stored figure in ms, exact, with the locale's marks: "2,529.4 ms". */
char *il_format_exact_ms   (double  ms);
/* The same in a right-aligned table cell: padded with figure spaces to
 * three decimals, so the column lines up on the decimal point. */
char *il_format_latency_cell (double ms);
/* A timestamp (us since the epoch) as "2025-11-28 14:32:05", in UTC or local
 * time; IL_TIME_NONE (G_MININT64) gives "—". */
char *il_format_time       (gint64  us,
                            gboolean local);
/* As il_format_time with milliseconds after the locale's decimal mark:
 * "2025-11-28 14:32:05.500" ("…05,500" in German). */
char *il_format_time_ms    (gint64  us,
                            gboolean local);
/* A stored cell as the tables show it: times local with milliseconds,
 * latencies exact with the locale's marks, counts grouped, text as stored;
 * NULL for SQL null. (The CSV keeps il_csv_format_cell's C-locale text.) */
char *il_format_cell       (IlRowStore       *store,
                            guint             row,
                            IlColumn          column);
/* A count with its noun, grouped and in the plural the locale needs:
 * "1 row", "12,000 rows", "1 error", "3 turns", "4,216 sessions". */
char *il_format_rows       (guint64 n);
char *il_format_errors     (guint64 n);
char *il_format_turns      (guint64 n);
char *il_format_sessions   (guint64 n);
/* @text with the last space of each " · " part made non-breaking, so a
 * wrapped label never leaves one word of a part alone on a line ("98.6%"
 * above "success"). */
char *il_format_keep_part_ends (const char *text);
/* @text (taken) with its spaces non-breaking: a figure and its unit, "3 min
 * 28 s", stay on one line. */
char *il_format_unbreakable (char *text);
/* The clock time only, "14:32". */
char *il_format_clock      (gint64  us,
                            gboolean local);

G_END_DECLS
