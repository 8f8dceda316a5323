/* il-aggregates.c: every figure the dashboard shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How this stays within a few tens of milliseconds at 1,000,000 rows:
 *  - phase 0 evaluates the filter once into a bitmap (none for "every row") and
 *    finds the time and turn ranges, so that every bucket array can be dense;
 *  - phase 1 is one sequential pass over the columns that fills every sum and
 *    count (per step, status, session, trend bucket, heatmap cell, day);
 *  - phase 2 is a second sequential pass for what needs the means (the sample
 *    standard deviation, two-pass like pandas) and, in a filtered view, the
 *    min/max (latency histogram);
 *  - quantiles need no sort: the sealed store keeps every step's rows sorted by
 *    latency, so a quantile is a rank in that index (after dropping the rows the
 *    bitmap rejects); with every row passing, the histogram is 49 binary searches
 *    in the same index;
 *  - error rows are copied out during phase 1, so the error figures touch no
 *    column at random;
 *  - phases 0 to 2 run on two threads over the two halves of the store, each with
 *    its own accumulators, merged afterwards. Nothing is allocated per row.
 */
#include "config.h"

#include "il-aggregates-private.h"

/**
 * il_bucket_size_get_us:
 * @size: a bucket size
 *
 * Returns: the width of a bucket in microseconds (a day is 24 h)
 */
gint64
il_bucket_size_get_us (IlBucketSize size)
{
  switch (size)
    {
    case IL_BUCKET_5_MIN:
      return 5 * US_PER_MIN;
    case IL_BUCKET_15_MIN:
      return 15 * US_PER_MIN;
    case IL_BUCKET_HOUR:
      return US_PER_HOUR;
    case IL_BUCKET_DAY:
      return US_PER_DAY;
    default:
      g_return_val_if_reached (US_PER_DAY);
    }
}

/**
 * il_aggregate_options_init:
 * @options: options to reset
 *
 * Daily trend buckets in UTC, histogram of every step.
 */
void
il_aggregate_options_init (IlAggregateOptions *options)
{
  g_return_if_fail (options != NULL);

  options->trend_bucket = IL_BUCKET_DAY;
  options->local_time = FALSE;
  options->histogram_step = IL_STR_NONE;
  options->trend_bucket_auto = FALSE;
  options->trend_statistic = IL_TREND_MEAN;
  options->histogram_spacing = IL_HISTOGRAM_SPACING_LINEAR;
  options->histogram_clip_p99 = FALSE;
}

/**
 * il_quantile_sorted:
 * @sorted: (array length=n): values in ascending order
 * @n: how many
 * @p: the quantile, 0 to 1
 *
 * Linear interpolation between closest ranks, as pandas Series.quantile and
 * PostgreSQL percentile_cont: h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 *
 * Returns: the quantile, or NAN when @n is 0
 */
double
il_quantile_sorted (const double *sorted,
                    gsize         n,
                    double        p)
{
  double h;
  gsize lo;

  if (n == 0 || isnan (p))
    return NAN;
  g_return_val_if_fail (sorted != NULL, NAN);

  p = CLAMP (p, 0.0, 1.0);
  h = (double) (n - 1) * p;
  lo = (gsize) floor (h);
  if (lo >= n - 1)
    return sorted[n - 1];

  return il_lerp (sorted[lo], sorted[lo + 1], h - (double) lo);
}

/* A quantile over rows given by id, sorted by latency. */
static double
quantile_rows (const double  *latency,
               const guint32 *rows,
               gsize          n,
               double         p)
{
  double h;
  gsize lo;

  if (n == 0)
    return NAN;

  h = (double) (n - 1) * p;
  lo = (gsize) floor (h);
  if (lo >= n - 1)
    return latency[rows[n - 1]];

  return il_lerp (latency[rows[lo]], latency[rows[lo + 1]], h - (double) lo);
}

/* numpy.median: the mean of the two middle values for even n */
static double
median_rows (const double  *latency,
             const guint32 *rows,
             gsize          n)
{
  if (n == 0)
    return NAN;
  if (n % 2 == 1)
    return latency[rows[n / 2]];
  return (latency[rows[n / 2 - 1]] + latency[rows[n / 2]]) / 2;
}


/* Fills a step's order statistics, box and outliers from its rows sorted by latency. */
static void
step_order_stats (IlStepStats   *st,
                  const double  *lat,
                  const guint32 *rows,
                  gsize          n)
{
  double iqr, low_fence, high_fence;
  gsize i, j;

  st->median = median_rows (lat, rows, n);
  st->q1 = quantile_rows (lat, rows, n, 0.25);
  st->q3 = quantile_rows (lat, rows, n, 0.75);
  st->p50 = quantile_rows (lat, rows, n, 0.5);
  st->p75 = st->q3;
  st->p90 = quantile_rows (lat, rows, n, 0.90);
  st->p95 = quantile_rows (lat, rows, n, 0.95);
  st->p99 = quantile_rows (lat, rows, n, 0.99);

  iqr = st->q3 - st->q1;
  low_fence = st->q1 - 1.5 * iqr;
  high_fence = st->q3 + 1.5 * iqr;

  for (i = 0; i < n && lat[rows[i]] < low_fence; i++)
    ;
  for (j = n; j > i && lat[rows[j - 1]] > high_fence; j--)
    ;
  /* like plotly: the whiskers never end inside the box */
  st->whisker_low = i < n ? MIN (st->q1, lat[rows[i]]) : st->q1;
  st->whisker_high = j > 0 ? MAX (st->q3, lat[rows[j - 1]]) : st->q3;

  st->n_outliers = (guint) (i + (n - j));
  st->outliers = g_new (double, MAX (st->n_outliers, 1));
  for (gsize k = 0; k < i; k++)
    st->outliers[k] = lat[rows[k]];
  for (gsize k = j; k < n; k++)
    st->outliers[i + (k - j)] = lat[rows[k]];
}

/* the per-step order statistics (runs beside overall_p95) */
static void
task_steps (gpointer data)
{
  Finish *fin = data;
  Ctx *ctx = fin->ctx;
  const IlRowStore *store = ctx->store;
  g_autofree guint32 *buf = NULL;

  if (ctx->bitmap != NULL)
    buf = g_new (guint32, MAX (ctx->n, 1));

  for (guint k = 0; k < ctx->n_steps; k++)
    {
      IlStrId sid = store->step_order[k];
      gint idx = fin->store_to_index[sid];
      const guint32 *seg = store->by_step_latency + store->step_offsets[k];
      gsize seg_len = store->step_offsets[k + 1] - store->step_offsets[k];
      const guint32 *rows = seg;
      gsize n = seg_len;

      if (idx < 0)
        continue;
      if (ctx->bitmap != NULL)
        {
          n = 0;
          for (gsize i = 0; i < seg_len; i++)
            if (row_passes (ctx, seg[i]))
              buf[n++] = seg[i];
          rows = buf;
        }
      g_assert (n == fin->agg->steps[idx].count);
      step_order_stats (&fin->agg->steps[idx], store->latency_ms, rows, n);
    }
}

static double
rank_value (const Ctx *ctx,
            guint64    rank)
{
  const IlRowStore *store = ctx->store;
  guint64 seen = 0;

  if (ctx->bitmap == NULL)
    return store->latency_ms[store->by_latency[rank]];
  for (guint i = 0; i < store->n_rows; i++)
    {
      guint32 r = store->by_latency[i];

      if (row_passes (ctx, r) && seen++ == rank)
        return store->latency_ms[r];
    }
  g_assert_not_reached ();
  return NAN;
}

static void
task_overall_p95 (gpointer data)
{
  Finish *fin = data;
  Ctx *ctx = fin->ctx;
  guint64 n = ctx->n;
  double h;
  guint64 lo;

  if (n == 0)
    {
      fin->agg->key.p95_latency_ms = NAN;
      fin->agg->p99_latency_ms = NAN;
      return;
    }
  h = (double) (n - 1) * 0.95;
  lo = (guint64) floor (h);
  if (lo >= n - 1)
    fin->agg->key.p95_latency_ms = rank_value (ctx, n - 1);
  else
    fin->agg->key.p95_latency_ms = il_lerp (rank_value (ctx, lo), rank_value (ctx, lo + 1),
                                         h - (double) lo);
  /* the clip of the percentile profile */
  h = (double) (n - 1) * 0.99;
  lo = (guint64) floor (h);
  if (lo >= n - 1)
    fin->agg->p99_latency_ms = rank_value (ctx, n - 1);
  else
    fin->agg->p99_latency_ms = il_lerp (rank_value (ctx, lo), rank_value (ctx, lo + 1), h - (double) lo);
}

static int
cmp_status (gconstpointer a,
            gconstpointer b)
{
  const IlStatusCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->name, y->name);
}

static int
cmp_session (gconstpointer a,
             gconstpointer b)
{
  const IlSessionSummary *x = a, *y = b;

  if (x->first_start != y->first_start)
    return x->first_start > y->first_start ? -1 : 1;
  return il_uuid_compare (&x->id, &y->id);
}

/* Is session i before session j in the "slowest first" (sign -1) or "fastest
 * first" (sign 1) order? Ties go to the earlier index, i.e. the more recent one. */
static inline gboolean
session_total_before (const IlSessionSummary *sessions,
                      int                     sign,
                      guint32                 i,
                      guint32                 j)
{
  double x = sessions[i].total_latency_ms, y = sessions[j].total_latency_ms;

  if (x != y)
    return sign < 0 ? x > y : x < y;
  return i < j;
}

/* The first N_TOP_SESSIONS sessions in that order, without sorting them all. */
static guint
top_sessions (const IlSessionSummary *sessions,
              guint                   n_sessions,
              int                     sign,
              guint32                *top)
{
  guint n_top = 0;

  for (guint32 i = 0; i < n_sessions; i++)
    {
      guint k;

      if (n_top == N_TOP_SESSIONS && !session_total_before (sessions, sign, i, top[n_top - 1]))
        continue;
      if (n_top < N_TOP_SESSIONS)
        n_top++;
      for (k = n_top - 1; k > 0 && session_total_before (sessions, sign, i, top[k - 1]); k--)
        top[k] = top[k - 1];
      top[k] = i;
    }
  return n_top;
}

/* Distinct turn numbers of a session's passing rows, when some are outside 0..63. */
static guint32
count_turns_exact (const Ctx *ctx,
                   guint32    session)
{
  const IlRowStore *store = ctx->store;
  guint32 begin = store->session_offsets[session];
  guint32 end = store->session_offsets[session + 1];
  g_autofree gint32 *turns = g_new (gint32, MAX (end - begin, 1));
  guint n = 0, distinct = 0;

  for (guint32 i = begin; i < end; i++)
    if (row_passes (ctx, store->by_session[i]))
      turns[n++] = store->turn_number[store->by_session[i]];
  qsort (turns, n, sizeof (gint32), cmp_gint32);
  for (guint i = 0; i < n; i++)
    distinct += i == 0 || turns[i] != turns[i - 1];
  return distinct;
}

/**
 * il_aggregates_compute:
 * @store: a sealed store
 * @filter: (nullable): the rows to look at; %NULL for every row
 * @options: (nullable): bucket size etc.; %NULL for the defaults
 *
 * Computes every figure of the dashboard over the rows that pass @filter.
 *
 * Returns: (transfer full): the figures, free with il_aggregates_free()
 */
IlAggregates *
il_aggregates_compute (IlRowStore               *store,
                       const IlFilter           *filter,
                       const IlAggregateOptions *options)
{
  IlAggregates *agg;
  IlFilter all;
  Ctx ctx = { 0 };
  Part parts[2] = { { 0 }, { 0 } };
  Part *m = &parts[0];
  Finish fin = { 0 };
  g_autofree gint *store_to_index = NULL;
  gboolean parallel;
  guint split;
  double total_sum = 0;
  gint64 local_lo, local_hi;
  HistSpec sess_hist;
  guint n_sess_out = 0;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (store->sealed, NULL);

  agg = g_new0 (IlAggregates, 1);
  if (filter == NULL)
    {
      il_filter_init (&all);
      filter = &all;
    }
  il_filter_copy (&agg->filter, filter);
  if (options != NULL)
    agg->options = *options;
  else
    il_aggregate_options_init (&agg->options);

  ctx.store = store;
  _il_filter_compile (&ctx.f, filter, store);
  ctx.n_steps = il_string_pool_get_size (store->steps);
  ctx.n_statuses = il_string_pool_get_size (store->statuses);
  ctx.n_sessions = store->n_sessions;
  ctx.success_id = il_string_pool_lookup (store->statuses, "success");
  ctx.error_id = il_string_pool_lookup (store->statuses, "error");
  ctx.tz = agg->options.local_time ? g_time_zone_new_local () : NULL;
  if (!ctx.f.trivial)
    ctx.bitmap = g_new0 (guint64, store->n_rows / 64 + 1);

  parallel = store->n_rows >= PARALLEL_MIN_ROWS && g_get_num_processors () > 1;
  split = ((store->n_rows / 2) + 63) & ~63u;
  split = MIN (split, store->n_rows);
  parts[0].ctx = parts[1].ctx = &ctx;
  parts[0].begin = 0;
  parts[0].end = split;
  parts[1].begin = split;
  parts[1].end = store->n_rows;

  /* phase 0: filter bitmap and ranges */
  _il_aggregates_run_pair (_il_aggregates_phase0, &parts[0], _il_aggregates_phase0, &parts[1], parallel);
  ctx.n = parts[0].n + parts[1].n;
  /* a filter that keeps every row (e.g. a range wider than the data) costs nothing more */
  if (ctx.n == store->n_rows)
    g_clear_pointer (&ctx.bitmap, g_free);
  local_lo = MIN (parts[0].local_lo, parts[1].local_lo);
  local_hi = MAX (parts[0].local_hi, parts[1].local_hi);
  /* the range is from its bound to the newest row, or the rows' span for all data */
  if (agg->options.trend_bucket_auto && local_lo <= local_hi)
    {
      gint64 from = local_lo;

      if (filter != NULL && filter->created_min != IL_TIME_NONE)
        {
          TzCache tzc = { 1, 0, 0 };

          from = MIN (from, to_local (ctx.tz, &tzc, filter->created_min));
        }
      agg->options.trend_bucket = il_bucket_size_for_span (local_hi - from);
    }
  ctx.trend_w = il_bucket_size_get_us (agg->options.trend_bucket);
  if (local_lo <= local_hi)
    {
      gint64 max_buckets = MIN (MAX_TIME_BUCKETS, MAX (1, MAX_TIME_CELLS / MAX (ctx.n_steps, 1)));
      gint64 last;

      ctx.trend_first = floor_div (local_lo, ctx.trend_w);
      last = floor_div (local_hi, ctx.trend_w);
      ctx.trend_first = MAX (ctx.trend_first, last - max_buckets + 1);
      ctx.n_trend = (guint) (last - ctx.trend_first + 1);

      ctx.day_first = floor_div (local_lo, US_PER_DAY);
      last = floor_div (local_hi, US_PER_DAY);
      ctx.day_first = MAX (ctx.day_first, last - max_buckets + 1);
      ctx.n_days = (guint) (last - ctx.day_first + 1);
    }
  if (ctx.n > 0)
    {
      gint32 lo = MIN (parts[0].turn_lo, parts[1].turn_lo);
      gint32 hi = MAX (parts[0].turn_hi, parts[1].turn_hi);

      if ((gint64) hi - lo < MAX_TURN_SPAN)
        {
          ctx.turns_dense = TRUE;
          ctx.turn_min = lo;
          ctx.n_turns = (guint) (hi - lo + 1);
        }
    }

  /* phase 1: sums and counts */
  _il_aggregates_part_alloc (&parts[0]);
  _il_aggregates_part_alloc (&parts[1]);
  _il_aggregates_run_pair (_il_aggregates_phase1, &parts[0], _il_aggregates_phase1, &parts[1], parallel);
  _il_aggregates_merge_parts (&parts[0], &parts[1]);

  /* the steps present, in name order */
  store_to_index = g_new (gint, MAX (ctx.n_steps, 1));
  agg->steps = g_new0 (IlStepStats, MAX (ctx.n_steps, 1));
  for (guint k = 0; k < ctx.n_steps; k++)
    {
      IlStrId sid = store->step_order[k];

      store_to_index[sid] = -1;
      if (m->step_count[sid] == 0)
        continue;
      store_to_index[sid] = (gint) agg->n_steps;
      agg->steps[agg->n_steps++].step = sid;
      total_sum += m->step_sum[sid];
    }

  ctx.step_mean = g_new0 (double, MAX (ctx.n_steps, 1));
  agg->slowest_step = -1;
  for (guint i = 0; i < agg->n_steps; i++)
    {
      IlStepStats *st = &agg->steps[i];
      IlStrId sid = st->step;

      st->name = il_string_pool_get (store->steps, sid);
      st->count = m->step_count[sid];
      st->sum = m->step_sum[sid];
      st->mean = st->sum / (double) st->count;
      st->min = m->step_min[sid];
      st->max = m->step_max[sid];
      st->success_count = m->step_success[sid];
      st->error_count = m->step_error[sid];
      st->success_rate_pct = (double) st->success_count / (double) st->count * 100.0;
      st->error_rate_pct = (double) st->error_count / (double) st->count * 100.0;
      st->share_of_total_time_pct = st->sum / total_sum * 100.0;
      ctx.step_mean[sid] = st->mean;
      if (agg->slowest_step < 0 || st->mean > agg->steps[agg->slowest_step].mean)
        agg->slowest_step = (gint) i;
    }

  /* latency histogram range: numpy.histogram's min..max of the chosen rows */
  ctx.hist_step = -1;
  {
    double lo = INFINITY, hi = -INFINITY;

    if (agg->options.histogram_step != IL_STR_NONE)
      {
        ctx.hist_step = agg->options.histogram_step;
        if (agg->options.histogram_step < ctx.n_steps
            && store_to_index[agg->options.histogram_step] >= 0)
          {
            lo = m->step_min[agg->options.histogram_step];
            hi = m->step_max[agg->options.histogram_step];
          }
      }
    else
      for (guint i = 0; i < agg->n_steps; i++)
        {
          lo = MIN (lo, agg->steps[i].min);
          hi = MAX (hi, agg->steps[i].max);
        }
    hist_spec_init (&ctx.hist, N_LATENCY_BINS, lo, hi, !(lo <= hi));
  }

  /* phase 2: deviations from the means, latency histogram; the order statistics beside */
  _il_aggregates_run_pair (_il_aggregates_phase2, &parts[0], _il_aggregates_phase2, &parts[1], parallel);
  fin.ctx = &ctx;
  fin.merged = m;
  fin.agg = agg;
  fin.store_to_index = store_to_index;
  _il_aggregates_run_pair (task_steps, &fin, task_overall_p95, &fin, parallel);

  for (guint i = 0; i < agg->n_steps; i++)
    {
      IlStepStats *st = &agg->steps[i];
      double dev = parts[0].step_dev[st->step] + parts[1].step_dev[st->step];

      st->std = st->count >= 2 ? sqrt (dev / (double) (st->count - 1)) : NAN;
    }
  histogram_set (&agg->latency_histogram, &ctx.hist);
  if (ctx.bitmap != NULL)
    for (guint b = 0; b < N_LATENCY_BINS; b++)
      agg->latency_histogram.counts[b] = parts[0].hist[b] + parts[1].hist[b];
  else
    _il_aggregates_histogram_from_sorted (&agg->latency_histogram, &ctx.hist, &ctx);
  if (agg->options.histogram_spacing != IL_HISTOGRAM_SPACING_LINEAR || agg->options.histogram_clip_p99)
    _il_aggregates_histogram_shaped (&agg->latency_histogram, &agg->options, &ctx);

  /* key metrics */
  agg->key.total_records = ctx.n;
  agg->key.total_latency_ms = total_sum;
  agg->key.avg_latency_ms = ctx.n > 0 ? total_sum / (double) ctx.n : NAN;
  agg->key.success_rate_pct = NAN;
  if (ctx.n > 0)
    agg->key.success_rate_pct = ctx.success_id < 0 ? 0.0
      : (double) m->status_count[ctx.success_id] / (double) ctx.n * 100.0;

  /* statuses */
  agg->statuses = g_new0 (IlStatusCount, MAX (ctx.n_statuses, 1));
  for (guint s = 0; s < ctx.n_statuses; s++)
    if (m->status_count[s] > 0)
      {
        IlStatusCount *sc = &agg->statuses[agg->n_statuses++];

        sc->status = s;
        sc->name = il_string_pool_get (store->statuses, s);
        sc->count = m->status_count[s];
        sc->mean_latency_ms = m->status_sum[s] / (double) sc->count;
      }
  qsort (agg->statuses, agg->n_statuses, sizeof (IlStatusCount), cmp_status);

  /* trend */
  agg->trend.bucket = agg->options.trend_bucket;
  agg->trend.bucket_us = ctx.trend_w;
  agg->trend.n_buckets = ctx.n_trend;
  agg->trend.bucket_start = g_new (gint64, MAX (ctx.n_trend, 1));
  fill_bucket_starts (&ctx, agg->trend.bucket_start, ctx.trend_first, ctx.n_trend, ctx.trend_w);
  agg->trend.first_bucket_us = ctx.n_trend > 0 ? agg->trend.bucket_start[0] : 0;
  agg->trend.n_steps = agg->n_steps;
  agg->trend.mean = g_new (double, MAX ((gsize) agg->n_steps * ctx.n_trend, 1));
  agg->trend.count = g_new (guint32, MAX ((gsize) agg->n_steps * ctx.n_trend, 1));
  for (guint i = 0; i < agg->n_steps; i++)
    for (guint b = 0; b < ctx.n_trend; b++)
      {
        gsize src = (gsize) agg->steps[i].step * ctx.n_trend + b;
        gsize dst = (gsize) i * ctx.n_trend + b;
        guint32 c = m->trend_count[src];

        agg->trend.count[dst] = c;
        agg->trend.mean[dst] = c > 0 ? m->trend_sum[src] / c : NAN;
      }
  if (agg->options.trend_statistic != IL_TREND_MEAN)
    _il_aggregates_trend_quantiles (agg, &ctx, store_to_index);

  /* heatmap and error rate by turn */
  agg->heatmap.n_steps = agg->n_steps;
  agg->heatmap.turn_min = ctx.turn_min;
  agg->heatmap.turn_max = ctx.turns_dense ? ctx.turn_min + (gint32) ctx.n_turns - 1 : ctx.turn_min - 1;
  agg->heatmap.n_turns = ctx.n_turns;
  agg->heatmap.mean = g_new (double, MAX ((gsize) agg->n_steps * ctx.n_turns, 1));
  agg->heatmap.count = g_new (guint32, MAX ((gsize) agg->n_steps * ctx.n_turns, 1));
  for (guint i = 0; i < agg->n_steps; i++)
    for (guint t = 0; t < ctx.n_turns; t++)
      {
        gsize src = (gsize) agg->steps[i].step * ctx.n_turns + t;
        gsize dst = (gsize) i * ctx.n_turns + t;
        guint32 c = m->heat_count[src];

        agg->heatmap.count[dst] = c;
        agg->heatmap.mean[dst] = c > 0 ? m->heat_sum[src] / c : NAN;
      }
  if (ctx.turns_dense)
    {
      agg->turn_errors = g_new0 (IlTurnErrorRate, MAX (ctx.n_turns, 1));
      for (guint t = 0; t < ctx.n_turns; t++)
        {
          guint64 count = 0;

          for (guint i = 0; i < agg->n_steps; i++)
            count += agg->heatmap.count[(gsize) i * ctx.n_turns + t];
          if (count == 0)
            continue;
          agg->turn_errors[agg->n_turn_errors].turn = ctx.turn_min + (gint32) t;
          agg->turn_errors[agg->n_turn_errors].count = count;
          agg->turn_errors[agg->n_turn_errors].errors = m->turn_errors[t];
          agg->turn_errors[agg->n_turn_errors].error_rate_pct = (double) m->turn_errors[t] / (double) count * 100.0;
          agg->n_turn_errors++;
        }
    }
  else
    _il_aggregates_compute_turn_errors_sparse (&ctx, agg);

  /* daily volume: the days that have rows */
  {
    g_autofree gint64 *starts = g_new (gint64, MAX (ctx.n_days, 1));
    guint n_days = 0;

    fill_bucket_starts (&ctx, starts, ctx.day_first, ctx.n_days, US_PER_DAY);
    agg->daily_volume = g_new (IlDayCount, MAX (ctx.n_days, 1));
    for (guint d = 0; d < ctx.n_days; d++)
      if (m->day_count[d] > 0)
        {
          agg->daily_volume[n_days].day_start = starts[d];
          agg->daily_volume[n_days].count = m->day_count[d];
          n_days++;
        }
    agg->n_days = n_days;
  }

  /* sessions */
  for (guint i = 0; i < ctx.n_sessions; i++)
    n_sess_out += m->sessions[i].n_rows > 0;
  agg->sessions = g_new (IlSessionSummary, MAX (n_sess_out, 1));
  for (guint i = 0; i < ctx.n_sessions; i++)
    {
      const SessionAcc *sa = &m->sessions[i];
      IlSessionSummary *ss;

      if (sa->n_rows == 0)
        continue;
      ss = &agg->sessions[agg->n_sessions++];
      ss->session = i;
      ss->id = store->session_ids[i];
      ss->first_start = sa->first_start;
      ss->last_end = sa->last_end;
      ss->n_rows = sa->n_rows;
      ss->n_errors = sa->n_errors;
      ss->n_success = sa->n_success;
      ss->n_turns = sa->wide_turns ? count_turns_exact (&ctx, i)
                                   : (guint32) __builtin_popcountll (sa->turn_mask);
      ss->total_latency_ms = sa->total;
      agg->errors.sessions_with_errors += sa->n_errors > 0;
    }
  /* Sessions are numbered in order of first appearance, which is usually their
   * start order: then reversing them is the sort. */
  for (guint i = 0, j = agg->n_sessions; i + 1 < j; i++, j--)
    {
      IlSessionSummary tmp = agg->sessions[i];

      agg->sessions[i] = agg->sessions[j - 1];
      agg->sessions[j - 1] = tmp;
    }
  for (guint i = 1; i < agg->n_sessions; i++)
    if (cmp_session (&agg->sessions[i - 1], &agg->sessions[i]) > 0)
      {
        qsort (agg->sessions, agg->n_sessions, sizeof (IlSessionSummary), cmp_session);
        break;
      }
  agg->key.unique_sessions = agg->n_sessions;

  /* slowest and fastest sessions, session total histogram */
  {
    double lo = INFINITY, hi = -INFINITY;

    for (guint i = 0; i < agg->n_sessions; i++)
      {
        lo = MIN (lo, agg->sessions[i].total_latency_ms);
        hi = MAX (hi, agg->sessions[i].total_latency_ms);
      }
    hist_spec_init (&sess_hist, N_SESSION_BINS, lo, hi, agg->n_sessions == 0);
    histogram_set (&agg->session_total_histogram, &sess_hist);
    for (guint i = 0; i < agg->n_sessions; i++)
      agg->session_total_histogram.counts[hist_bin (&sess_hist, agg->sessions[i].total_latency_ms)]++;

    agg->slowest_sessions = g_new (guint32, N_TOP_SESSIONS);
    agg->n_slowest_sessions = top_sessions (agg->sessions, agg->n_sessions, -1, agg->slowest_sessions);
    agg->fastest_sessions = g_new (guint32, N_TOP_SESSIONS);
    agg->n_fastest_sessions = top_sessions (agg->sessions, agg->n_sessions, 1, agg->fastest_sessions);
  }

  _il_aggregates_compute_errors (&fin);

  _il_aggregates_part_free (&parts[0]);
  _il_aggregates_part_free (&parts[1]);
  g_free (ctx.step_mean);
  g_free (ctx.bitmap);
  _il_filter_compiled_clear (&ctx.f);
  g_clear_pointer (&ctx.tz, g_time_zone_unref);

  return agg;
}

void
il_aggregates_free (IlAggregates *self)
{
  if (self == NULL)
    return;

  il_filter_clear (&self->filter);
  for (guint i = 0; i < self->n_steps; i++)
    g_free (self->steps[i].outliers);
  g_free (self->steps);
  g_free (self->statuses);
  g_free (self->trend.bucket_start);
  g_free (self->trend.mean);
  g_free (self->trend.count);
  g_free (self->heatmap.mean);
  g_free (self->heatmap.count);
  g_free (self->sessions);
  g_free (self->error_groups);
  g_free (self->daily_volume);
  g_free (self->error_trend.bucket_start);
  g_free (self->error_trend.mean);
  g_free (self->error_trend.count);
  for (guint i = 0; i < self->n_error_sessions; i++)
    g_free (self->error_sessions[i].failed_steps);
  g_free (self->error_sessions);
  g_free (self->turn_errors);
  g_free (self->latency_histogram.counts);
  g_free (self->latency_histogram.edges);
  g_free (self->session_total_histogram.counts);
  g_free (self->slowest_sessions);
  g_free (self->fastest_sessions);
  g_free (self);
}
