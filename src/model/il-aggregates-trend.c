/* il-aggregates-trend.c: trend quantiles per (step, time bucket)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step's rows are already sorted by latency (by_step_latency), so one
 * pass per step meets every cell's rows in ascending order: the quantile of
 * a cell of c rows needs only its ranks floor(h) and floor(h) + 1, with
 * h = (c - 1) p, as numpy interpolates. No sorting, no per-cell arrays.
 */
#include "config.h"

#include <math.h>

#include "il-aggregates-private.h"

static double
statistic_p (IlTrendStatistic statistic)
{
  switch (statistic)
    {
    case IL_TREND_P50: return 0.50;
    case IL_TREND_P90: return 0.90;
    case IL_TREND_P95: return 0.95;
    case IL_TREND_P99: return 0.99;
    case IL_TREND_MEAN:
    default:
      g_return_val_if_reached (0.5);
    }
}

/**
 * il_bucket_size_for_span:
 * @span_us: the time range, in microseconds
 *
 * Returns: the bucket that keeps a trend over that range legible
 */
IlBucketSize
il_bucket_size_for_span (gint64 span_us)
{
  /* at most about 100 points a series: more is a tangle of lines */
  if (span_us <= 6 * US_PER_HOUR)
    return IL_BUCKET_5_MIN;
  if (span_us <= 1 * US_PER_DAY)
    return IL_BUCKET_15_MIN;
  if (span_us <= 4 * US_PER_DAY)
    return IL_BUCKET_HOUR;
  return IL_BUCKET_DAY;
}

typedef struct
{
  IlAggregates *agg;
  const Ctx    *ctx;
  const gint   *store_to_index;
  guint         k_begin, k_end;   /* the steps (store order) of this half */
} Half;

/* The steps of one half: each writes only its own steps' cells. */
static void
quantiles_of_steps (gpointer data)
{
  Half *half = data;
  IlAggregates *agg = half->agg;
  const Ctx *ctx = half->ctx;
  const IlRowStore *store = ctx->store;
  IlTrend *trend = &agg->trend;
  double p = statistic_p (agg->options.trend_statistic);
  guint n_trend = trend->n_buckets;
  g_autofree guint32 *seen = g_new (guint32, MAX (n_trend, 1));
  g_autofree double *low = g_new (double, MAX (n_trend, 1));
  TzCache tzc = CACHE_EMPTY;

  for (guint k = half->k_begin; k < half->k_end; k++)
    {
      IlStrId sid = store->step_order[k];
      gint idx = half->store_to_index[sid];
      const guint32 *rows = store->by_step_latency + store->step_offsets[k];
      gsize n = store->step_offsets[k + 1] - store->step_offsets[k];
      const guint32 *count;
      double *value;

      if (idx < 0)
        continue;
      count = trend->count + (gsize) idx * n_trend;
      value = trend->mean + (gsize) idx * n_trend;
      memset (seen, 0, sizeof (guint32) * n_trend);

      for (gsize i = 0; i < n; i++)
        {
          guint32 r = rows[i];
          gint64 c = store->created_at[r];
          gint64 b;
          double h, x = store->latency_ms[r];
          guint32 lo, rank;

          if (c == IL_TIME_NONE || !row_passes (ctx, r))
            continue;
          b = floor_div (to_local (ctx->tz, &tzc, c), ctx->trend_w) - ctx->trend_first;
          if (b < 0 || b >= (gint64) n_trend)
            continue;

          rank = seen[b]++;
          h = (double) (count[b] - 1) * p;
          lo = (guint32) floor (h);
          if (rank == lo)
            {
              low[b] = x;
              if (lo + 1 >= count[b])
                value[b] = x;
            }
          else if (rank == lo + 1)
            value[b] = il_lerp (low[b], x, h - (double) lo);
        }
    }
}

void
_il_aggregates_trend_quantiles (IlAggregates *agg,
                                const Ctx    *ctx,
                                const gint   *store_to_index)
{
  const IlRowStore *store = ctx->store;
  Half halves[2] = { { agg, ctx, store_to_index, 0, 0 }, { agg, ctx, store_to_index, 0, ctx->n_steps } };
  guint mid = 0;

  /* two halves of about as many rows each, on two threads */
  while (mid < ctx->n_steps && store->step_offsets[mid + 1] <= store->n_rows / 2)
    mid++;
  halves[0].k_end = halves[1].k_begin = mid;
  _il_aggregates_run_pair (quantiles_of_steps, &halves[0], quantiles_of_steps, &halves[1],
                           store->n_rows >= PARALLEL_MIN_ROWS && g_get_num_processors () > 1);
}
