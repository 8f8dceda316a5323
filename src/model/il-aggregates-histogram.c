/* il-aggregates-histogram.c: the latency histogram from the sorted indexes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-aggregates-private.h"

/* First position in rows (sorted by latency) whose value is >= x. */
static gsize
lower_bound (const double  *latency,
             const guint32 *rows,
             gsize          n,
             double         x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (latency[rows[mid]] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* With every row passing, the histogram comes from the sorted indexes: one
 * binary search per bin edge. Same counts as hist_bin (bin i holds
 * edge i <= x < edge i+1, the last bin closed). */
void
_il_aggregates_histogram_from_sorted (IlHistogram    *out,
                                      const HistSpec *spec,
                                      const Ctx      *ctx)
{
  const IlRowStore *store = ctx->store;
  const guint32 *rows = store->by_latency;
  gsize n = store->n_rows, prev = 0;

  if (ctx->hist_step >= 0)
    {
      n = 0;
      for (guint k = 0; k < ctx->n_steps; k++)
        if (store->step_order[k] == ctx->hist_step)
          {
            rows = store->by_step_latency + store->step_offsets[k];
            n = store->step_offsets[k + 1] - store->step_offsets[k];
          }
    }
  for (guint b = 0; b < spec->n; b++)
    {
      gsize next = b + 1 < spec->n ? lower_bound (store->latency_ms, rows, n, hist_edge (spec, b + 1)) : n;

      out->counts[b] = next - prev;
      prev = next;
    }
}

/* A log spacing or a clip at P99: a long tail no longer puts most rows in
 * the first bin. The values binned are those of the linear histogram, taken
 * ascending from the sorted indexes. */
void
_il_aggregates_histogram_shaped (IlHistogram              *out,
                                 const IlAggregateOptions *options,
                                 const Ctx                *ctx)
{
  const IlRowStore *store = ctx->store;
  const guint32 *rows = store->by_latency;
  gsize n = store->n_rows, m = 0;
  g_autofree double *values = NULL;
  g_autofree guint64 *counts = NULL;
  g_autofree double *edges = NULL;
  guint64 overflow = 0;
  double clip = 0;

  if (ctx->hist_step >= 0)
    {
      n = 0;
      for (guint k = 0; k < ctx->n_steps; k++)
        if (store->step_order[k] == ctx->hist_step)
          {
            rows = store->by_step_latency + store->step_offsets[k];
            n = store->step_offsets[k + 1] - store->step_offsets[k];
          }
    }
  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (row_passes (ctx, rows[i]))
      values[m++] = store->latency_ms[rows[i]];
  if (options->histogram_clip_p99)
    clip = il_quantile_sorted (values, m, 0.99);

  counts = g_new0 (guint64, out->n_bins);
  edges = g_new (double, out->n_bins + 1);
  if (!il_histogram_bins_compute (values, m, out->n_bins, options->histogram_spacing,
                                  isnan (clip) ? 0 : clip, edges, counts, &overflow))
    return;   /* nothing to bin: the linear histogram stays */

  g_free (out->counts);
  out->counts = g_steal_pointer (&counts);
  out->edges = g_steal_pointer (&edges);
  out->min = out->edges[0];
  out->max = out->edges[out->n_bins];
  out->overflow = overflow;
  out->log_spacing = options->histogram_spacing == IL_HISTOGRAM_SPACING_LOG;
}
