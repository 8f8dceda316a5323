/* bench-util.h: the median of repeated runs, shared by the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>

/* qsort order for doubles, smallest first. */
static inline int
bench_cmp_double (const void *a,
                  const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The largest of @v's @n values (0 when @n is 0). */
static inline double
bench_max (const double *v,
           int           n)
{
  double max = 0;

  for (int i = 0; i < n; i++)
    if (v[i] > max)
      max = v[i];
  return max;
}

/* Sorts @v in place and gives its median (the mean of the middle two when @n is even). */
static inline double
bench_median (double *v,
              int     n)
{
  qsort (v, n, sizeof (double), bench_cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
