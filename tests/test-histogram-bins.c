/* test-histogram-bins.c: log and clipped histogram bins from sorted values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "il-histogram-bins.h"

static void
test_linear (void)
{
  double v[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  double edges[4];
  guint64 counts[3], over = 99;

  g_assert_true (il_histogram_bins_compute (v, 10, 3, IL_HISTOGRAM_SPACING_LINEAR, 0, edges, counts, &over));
  g_assert_cmpfloat (edges[0], ==, 1);
  g_assert_cmpfloat (edges[1], ==, 4);
  g_assert_cmpfloat (edges[2], ==, 7);
  g_assert_cmpfloat (edges[3], ==, 10);
  g_assert_cmpuint (counts[0], ==, 3);
  g_assert_cmpuint (counts[1], ==, 3);
  g_assert_cmpuint (counts[2], ==, 4);   /* the last bin is closed */
  g_assert_cmpuint (over, ==, 0);
}

static void
test_log (void)
{
  double v[5] = { 0, 1, 10, 100, 1000 };
  double edges[4];
  guint64 counts[3];

  g_assert_true (il_histogram_bins_compute (v, 5, 3, IL_HISTOGRAM_SPACING_LOG, 0, edges, counts, NULL));
  g_assert_cmpfloat (edges[0], ==, 1);
  g_assert_cmpfloat_with_epsilon (edges[1], 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (edges[2], 100, 1e-9);
  g_assert_cmpfloat (edges[3], ==, 1000);
  /* 0 has no place on a log axis: it counts in the first bin */
  g_assert_cmpuint (counts[0], ==, 2);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[2], ==, 2);
}

static void
test_clip (void)
{
  double v[100];
  double edges[6];
  guint64 counts[5], over = 0, total = 0;
  double p99;

  for (guint i = 0; i < 100; i++)
    v[i] = i + 1;
  p99 = il_histogram_bins_quantile (v, 100, 0.99);
  g_assert_cmpfloat (p99, ==, 99);
  g_assert_cmpfloat (il_histogram_bins_quantile (v, 100, 0.5), ==, 50);
  g_assert_true (isnan (il_histogram_bins_quantile (v, 0, 0.5)));

  g_assert_true (il_histogram_bins_compute (v, 100, 5, IL_HISTOGRAM_SPACING_LINEAR, 50, edges, counts, &over));
  g_assert_cmpfloat (edges[5], ==, 50);
  g_assert_cmpuint (over, ==, 50);
  for (guint i = 0; i < 5; i++)
    total += counts[i];
  g_assert_cmpuint (total, ==, 50);
  g_assert_cmpuint (counts[4], ==, 10);   /* 41 .. 50: the last bin is closed */
}

static void
test_empty (void)
{
  double v[2] = { NAN, NAN };
  double edges[3] = { 7, 7, 7 };
  guint64 counts[2] = { 7, 7 };

  g_assert_false (il_histogram_bins_compute (v, 0, 2, IL_HISTOGRAM_SPACING_LINEAR, 0, edges, counts, NULL));
  g_assert_false (il_histogram_bins_compute (v, 2, 2, IL_HISTOGRAM_SPACING_LINEAR, 0, edges, counts, NULL));
  g_assert_false (il_histogram_bins_compute (v, 2, 0, IL_HISTOGRAM_SPACING_LINEAR, 0, edges, counts, NULL));
  g_assert_cmpfloat (edges[0], ==, 7);
  g_assert_cmpuint (counts[0], ==, 7);

  /* one distinct value still makes bins */
  v[0] = v[1] = 5;
  g_assert_true (il_histogram_bins_compute (v, 2, 2, IL_HISTOGRAM_SPACING_LOG, 0, edges, counts, NULL));
  g_assert_cmpfloat (edges[0], ==, 5);
  g_assert_cmpfloat (edges[2], ==, 10);
  g_assert_cmpuint (counts[0], ==, 2);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* 200,000 latencies with a long tail: evenly spaced bins put most of them
 * in the first bin, log bins and a clip at P99 spread them out. */
static void
test_long_tail (void)
{
  const gsize n = 200000;
  g_autofree double *v = g_new (double, n);
  double edges[51];
  guint64 counts[50], over;
  guint32 seed = 7;

  for (gsize i = 0; i < n; i++)
    {
      double z = -6;

      /* log-normal: 300 ms typical, a tail to tens of seconds */
      for (guint k = 0; k < 12; k++)
        {
          seed = seed * 1664525 + 1013904223;
          z += (seed >> 8) / 16777216.0;
        }
      v[i] = 300 * exp (z);
    }
  qsort (v, n, sizeof *v, cmp_double);

  g_assert_true (il_histogram_bins_compute (v, n, 50, IL_HISTOGRAM_SPACING_LINEAR, 0, edges, counts, NULL));
  g_test_message ("linear: first bin %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT, counts[0], n);
  g_assert_cmpuint (counts[0], >, n / 2);

  g_assert_true (il_histogram_bins_compute (v, n, 50, IL_HISTOGRAM_SPACING_LOG, 0, edges, counts, NULL));
  g_test_message ("log: first bin %" G_GUINT64_FORMAT, counts[0]);
  for (guint i = 0; i < 50; i++)
    g_assert_cmpuint (counts[i], <, n / 10);

  g_assert_true (il_histogram_bins_compute (v, n, 50, IL_HISTOGRAM_SPACING_LINEAR,
                                            il_histogram_bins_quantile (v, n, 0.99), edges, counts, &over));
  g_test_message ("clipped at P99: first bin %" G_GUINT64_FORMAT ", overflow %" G_GUINT64_FORMAT,
                  counts[0], over);
  g_assert_cmpuint (over, <=, n / 100);
  g_assert_cmpuint (counts[0], <, n / 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/histogram-bins/linear", test_linear);
  g_test_add_func ("/histogram-bins/log", test_log);
  g_test_add_func ("/histogram-bins/clip", test_clip);
  g_test_add_func ("/histogram-bins/empty", test_empty);
  g_test_add_func ("/histogram-bins/long-tail", test_long_tail);
  return g_test_run ();
}
