/* il-histogram-bins.h: histogram bins with log or clipped spacing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  IL_HISTOGRAM_SPACING_LINEAR,   /* equal widths */
  IL_HISTOGRAM_SPACING_LOG,      /* equal ratios: a long tail keeps the short values apart */
} IlHistogramSpacing;

/* Bins n_bins + 1 ascending edges over the finite values of the ascending
 * array sorted (n values) and counts them: bin i covers [edges[i],
 * edges[i + 1]), the last one closed. With clip > 0 the bins end at clip and
 * the values above it are counted in *overflow (may be NULL); a log spacing
 * starts at the smallest positive value, values <= 0 count in bin 0.
 * Returns FALSE (and leaves the arrays alone) when there is nothing to bin. */
gboolean il_histogram_bins_compute  (const double       *sorted,
                                     gsize               n,
                                     guint               n_bins,
                                     IlHistogramSpacing  spacing,
                                     double              clip,
                                     double             *edges,
                                     guint64            *counts,
                                     guint64            *overflow);
/* The nearest-rank quantile q (0..1] of the ascending array, e.g. 0.99 for
 * a clip at P99; NAN when empty. */
double   il_histogram_bins_quantile (const double       *sorted,
                                     gsize               n,
                                     double              q);

G_END_DECLS
