/* test-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>

#include "il-csv.h"
#include "il-format.h"

#define CHECK(expr, expected) G_STMT_START { \
    g_autofree char *s_ = (expr);              \
    g_assert_cmpstr (s_, ==, (expected));       \
  } G_STMT_END

static void
test_count (void)
{
  CHECK (il_format_count_str (0), "0");
  CHECK (il_format_count_str (999), "999");
  /* C.UTF-8 has no thousands separator: grouped with ',' like the charts */
  CHECK (il_format_count_str (50000), "50,000");
  CHECK (il_format_count_str (G_MAXUINT64), "18,446,744,073,709,551,615");
}

static void
test_count_grouped (void)
{
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("en_US.UTF-8 locale not available");
      return;
    }
  CHECK (il_format_count_str (12000), "12,000");
  CHECK (il_format_count_str (1234567), "1,234,567");
  setlocale (LC_NUMERIC, "C.UTF-8");
}

static void
test_latency (void)
{
  CHECK (il_format_latency_ms (850), "850 ms");
  CHECK (il_format_latency_ms (849.6), "850 ms");
  CHECK (il_format_latency_ms (999.4), "999 ms");
  CHECK (il_format_latency_ms (999.6), "1.0 s");
  CHECK (il_format_latency_ms (1200), "1.2 s");
  CHECK (il_format_latency_ms (12500), "12.5 s");
  CHECK (il_format_latency_ms (201647800), "201,647.8 s");
  CHECK (il_format_latency_ms (4.5), "4.5 ms");
  CHECK (il_format_latency_ms (0), "0 ms");
  CHECK (il_format_latency_ms (NAN), "—");

  /* a table column keeps one unit */
  CHECK (il_format_ms_column (1112.4), "1,112 ms");
  CHECK (il_format_ms_column (831.2), "831 ms");
  CHECK (il_format_ms_column (30000), "30,000 ms");
  CHECK (il_format_ms_column (-0.2), "0 ms");
  CHECK (il_format_ms_column (NAN), "—");
  CHECK (il_format_latency_ms (INFINITY), "—");
}

static void
test_percent (void)
{
  CHECK (il_format_percent_str (97.5), "97.5%");
  CHECK (il_format_percent_str (100), "100.0%");
  CHECK (il_format_percent_str (0), "0.0%");
  CHECK (il_format_percent_str (NAN), "—");
}

static void
test_duration (void)
{
  CHECK (il_format_duration (850), "850 ms");
  CHECK (il_format_duration (12500), "12.5 s");
  CHECK (il_format_duration (185000), "3 min 5 s");
  CHECK (il_format_duration (192000), "3 min 12 s");
  CHECK (il_format_duration (7380000), "2 h 3 min");
  CHECK (il_format_duration (204600000), "56 h 50 min");
  CHECK (il_format_duration (NAN), "—");
}

static void
test_exact (void)
{
  CHECK (il_format_exact_ms (68.982), "68.982 ms");
  CHECK (il_format_exact_ms (2529.4), "2,529.4 ms");
  CHECK (il_format_exact_ms (831), "831 ms");
  CHECK (il_format_exact_ms (NAN), "—");

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("de_DE.UTF-8 locale not available");
      return;
    }
  /* a German reader must not see 68.982 as sixty-eight thousand */
  CHECK (il_format_exact_ms (68.982), "68,982 ms");
  CHECK (il_format_exact_ms (2529.4), "2.529,4 ms");
  CHECK (il_format_duration (12500), "12,5 s");
  setlocale (LC_NUMERIC, "C.UTF-8");
}

static void
test_time (void)
{
  /* 2025-11-28T14:32:05.5Z */
  gint64 us = G_GINT64_CONSTANT (1764340325500000);

  CHECK (il_format_time (us, FALSE), "2025-11-28 14:32:05");
  CHECK (il_format_clock (us, FALSE), "14:32");
  CHECK (il_format_time (G_MININT64, FALSE), "—");
  CHECK (il_format_time (-500000, FALSE), "1969-12-31 23:59:59");
  CHECK (il_format_time_ms (us, FALSE), "2025-11-28 14:32:05.500");
  CHECK (il_format_time_ms (-500000, FALSE), "1969-12-31 23:59:59.500");
  CHECK (il_format_time_ms (G_MININT64, FALSE), "—");
}

/* Every count carries its plural form and its grouping. */
static void
test_plural (void)
{
  CHECK (il_format_rows (1), "1 row");
  CHECK (il_format_rows (0), "0 rows");
  CHECK (il_format_rows (200000), "200,000 rows");
  CHECK (il_format_errors (1), "1 error");
  CHECK (il_format_errors (4216), "4,216 errors");
  CHECK (il_format_turns (1), "1 turn");
  CHECK (il_format_turns (3), "3 turns");
  CHECK (il_format_sessions (1), "1 session");
  CHECK (il_format_sessions (3051), "3,051 sessions");
}

/* Table cells follow the locale; the CSV text stays C. */
static void
test_cell (void)
{
  IlRowStore *store = il_row_store_new ();
  IlRowInput in = { 0 };

  in.metric_id.lo = 1;
  in.session_id.lo = 42;
  in.turn_number = 1234;
  in.step_name = "tts";
  in.status = "success";
  in.latency_ms = 2529.4;
  in.started_at = G_GINT64_CONSTANT (1764340325500000);
  in.completed_at = in.started_at + 2529400;
  in.created_at = IL_TIME_NONE;
  il_row_store_append_row (store, &in);
  in.latency_ms = 831;
  il_row_store_append_row (store, &in);
  in.latency_ms = 68.982;
  il_row_store_append_row (store, &in);

  CHECK (il_format_cell (store, 1, IL_COL_LATENCY_MS), "831\u2008\u2007\u2007\u2007 ms");
  CHECK (il_format_cell (store, 2, IL_COL_LATENCY_MS), "68.982 ms");
  /* padded with figure spaces to line up on the decimal point */
  CHECK (il_format_cell (store, 0, IL_COL_LATENCY_MS), "2,529.4\u2007\u2007 ms");
  CHECK (il_format_cell (store, 0, IL_COL_TURN_NUMBER), "1,234");
  CHECK (il_format_cell (store, 0, IL_COL_STARTED_AT), "2025-11-28 14:32:05.500");
  CHECK (il_format_cell (store, 0, IL_COL_COMPLETED_AT), "2025-11-28 14:32:08.029");
  CHECK (il_format_cell (store, 0, IL_COL_STEP_NAME), "tts");
  g_assert_null (il_format_cell (store, 0, IL_COL_CREATED_AT));

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_autofree char *csv = il_csv_format_cell (store, 0, IL_COL_LATENCY_MS);

      CHECK (il_format_cell (store, 0, IL_COL_LATENCY_MS), "2.529,4\u2007\u2007 ms");
      CHECK (il_format_cell (store, 0, IL_COL_TURN_NUMBER), "1.234");
      CHECK (il_format_cell (store, 0, IL_COL_STARTED_AT), "2025-11-28 14:32:05,500");
      g_assert_cmpstr (csv, ==, "2529.4");
      setlocale (LC_NUMERIC, "C.UTF-8");
    }
  il_row_store_unref (store);
}

/* A column of means keeps its decimals: "400.0 ms" next to "2,152.4 ms". */
static void
test_ms_fixed (void)
{
  CHECK (il_format_ms_fixed (400.0, 1), "400.0 ms");
  CHECK (il_format_ms_fixed (2152.4, 1), "2,152.4 ms");
  CHECK (il_format_ms_fixed (-0.04, 1), "0.0 ms");
  CHECK (il_format_ms_fixed (1112.4, 0), "1,112 ms");
  CHECK (il_format_ms_fixed (NAN, 1), "—");
  /* what a table's latency cell shows: the exact figure, padded */
  CHECK (il_format_latency_cell (831), "831\u2008\u2007\u2007\u2007 ms");
  CHECK (il_format_latency_cell (68.982), "68.982 ms");
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      CHECK (il_format_ms_fixed (2152.4, 1), "2.152,4 ms");
      CHECK (il_format_ms_fixed (400.0, 1), "400,0 ms");
      setlocale (LC_NUMERIC, "C.UTF-8");
    }
}

/* A wrapped summary breaks between its parts or inside them, never before
 * a part's last word. */
static void
test_keep_part_ends (void)
{
  CHECK (il_format_keep_part_ends ("Started 2026-12-05 17:43:13 \u00b7 74 rows in 11 turns \u00b7 98.6% success"),
         "Started 2026-12-05\u00a017:43:13 \u00b7 74 rows in 11\u00a0turns \u00b7 98.6%\u00a0success");
  CHECK (il_format_keep_part_ends ("1 error"), "1\u00a0error");
  CHECK (il_format_keep_part_ends ("one"), "one");
  CHECK (il_format_keep_part_ends (""), "");
  CHECK (il_format_unbreakable (g_strdup ("3 min 28 s")), "3\u00a0min\u00a028\u00a0s");
  CHECK (il_format_unbreakable (g_strdup ("96,9 %")), "96,9\u00a0%");
  CHECK (il_format_unbreakable (g_strdup ("")), "");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/count/grouped", test_count_grouped);
  g_test_add_func ("/format/latency", test_latency);
  g_test_add_func ("/format/percent", test_percent);
  g_test_add_func ("/format/duration", test_duration);
  g_test_add_func ("/format/exact", test_exact);
  g_test_add_func ("/format/ms-fixed", test_ms_fixed);
  g_test_add_func ("/format/keep-part-ends", test_keep_part_ends);
  g_test_add_func ("/format/time", test_time);
  g_test_add_func ("/format/cell", test_cell);
  g_test_add_func ("/format/plural", test_plural);

  return g_test_run ();
}
