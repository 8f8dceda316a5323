/* il-histogram-bins.c: histogram bins with log or clipped spacing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-histogram-bins.h"

double
il_histogram_bins_quantile (const double *sorted,
                            gsize         n,
                            double        q)
{
  gsize rank;

  g_return_val_if_fail (sorted != NULL || n == 0, NAN);
  if (n == 0 || !(q > 0))
    return NAN;
  rank = (gsize) ceil (MIN (q, 1) * n);
  return sorted[MAX (rank, 1) - 1];
}

gboolean
il_histogram_bins_compute (const double       *sorted,
                           gsize               n,
                           guint               n_bins,
                           IlHistogramSpacing  spacing,
                           double              clip,
                           double             *edges,
                           guint64            *counts,
                           guint64            *overflow)
{
  double lo = NAN, hi = NAN;
  guint64 over = 0;
  guint bin = 0;

  g_return_val_if_fail (sorted != NULL || n == 0, FALSE);
  g_return_val_if_fail (edges != NULL && counts != NULL, FALSE);

  if (n_bins == 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (isfinite (sorted[i]) && (spacing == IL_HISTOGRAM_SPACING_LINEAR || sorted[i] > 0))
      {
        if (isnan (lo))
          lo = sorted[i];
        hi = sorted[i];
      }
  if (isnan (lo))
    return FALSE;
  if (clip > 0 && isfinite (clip) && clip < hi)
    hi = MAX (clip, lo);
  if (!(hi > lo))
    hi = spacing == IL_HISTOGRAM_SPACING_LOG ? lo * 2 : lo + 1;

  for (guint i = 0; i <= n_bins; i++)
    {
      double t = (double) i / n_bins;

      edges[i] = spacing == IL_HISTOGRAM_SPACING_LOG ? lo * pow (hi / lo, t) : lo + (hi - lo) * t;
    }
  /* the ends exactly, not lo * pow () rounded */
  edges[0] = lo;
  edges[n_bins] = hi;
  for (guint i = 0; i < n_bins; i++)
    counts[i] = 0;

  /* one pass: the values are ascending, so the bin only moves forward */
  for (gsize i = 0; i < n; i++)
    {
      double v = sorted[i];

      if (!isfinite (v))
        continue;
      if (v > hi)
        {
          over++;
          continue;
        }
      while (bin + 1 < n_bins && v >= edges[bin + 1])
        bin++;
      counts[bin]++;
    }
  if (overflow != NULL)
    *overflow = over;
  return TRUE;
}
