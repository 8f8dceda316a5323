/* il-slo-buckets.c: latency targets followed over the trend buckets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "il-slo.h"
#include "il-filter-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TZ_SLOT_US (G_GINT64_CONSTANT (15) * 60 * G_USEC_PER_SEC)

struct _IlSloSeries
{
  guint    n_steps;              /* agg->n_steps */
  guint    n_buckets;            /* agg->trend.n_buckets */
  gint64  *bucket_start;
  gint64  *bucket_end;
  double  *trend_mean;           /* a copy of agg->trend.mean */
  guint32 *offsets;              /* n_steps x n_buckets + 1 into latency */
  double  *latency;              /* ascending within each (step, bucket) cell */
  guint64 *errors;               /* rows with status "error" per cell */
};

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The offset at the start of the 15-minute slot, as il-aggregates.c takes it:
 * time zones change offsets on quarter hours. */
typedef struct
{
  GTimeZone *tz;
  gint64     lo, hi, off;
} TzCache;

static gint64
to_local (TzCache *c,
          gint64   t)
{
  if (c->tz == NULL)
    return t;
  if (t < c->lo || t >= c->hi)
    {
      gint interval;

      c->lo = floor_div (t, TZ_SLOT_US) * TZ_SLOT_US;
      c->hi = c->lo + TZ_SLOT_US;
      interval = g_time_zone_find_interval (c->tz, G_TIME_TYPE_UNIVERSAL, floor_div (c->lo, G_USEC_PER_SEC));
      c->off = interval < 0 ? 0 : (gint64) g_time_zone_get_offset (c->tz, interval) * G_USEC_PER_SEC;
    }
  return t + c->off;
}

static gint64
local_to_utc (TzCache *c,
              gint64   local)
{
  gint64 guess = local - (to_local (c, local) - local);

  return local - (to_local (c, guess) - guess);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y);
}

/**
 * il_slo_series_new:
 * @store: the sealed store @agg was computed from
 * @agg: the figures, with their trend buckets
 *
 * Returns: (transfer full): every step's latencies per trend bucket
 */
IlSloSeries *
il_slo_series_new (IlRowStore         *store,
                   const IlAggregates *agg)
{
  g_autofree gint32 *agg_index = NULL;
  g_autofree guint32 *cell_of = NULL;
  g_autofree guint32 *fill = NULL;
  TzCache tzc = { NULL, 1, 0, 0 };
  IlFilterCompiled f;
  IlSloSeries *self;
  const IlTrend *trend;
  gint64 width, first = 0;
  gint64 error_status;
  guint n_steps_pool;
  gsize n_cells;

  g_return_val_if_fail (store != NULL && store->sealed, NULL);
  g_return_val_if_fail (agg != NULL, NULL);

  trend = &agg->trend;
  self = g_new0 (IlSloSeries, 1);
  self->n_steps = agg->n_steps;
  self->n_buckets = trend->n_buckets;
  n_cells = (gsize) self->n_steps * self->n_buckets;
  self->bucket_start = g_new (gint64, MAX (self->n_buckets, 1));
  self->bucket_end = g_new (gint64, MAX (self->n_buckets, 1));
  self->trend_mean = g_new (double, MAX (n_cells, 1));
  self->offsets = g_new0 (guint32, n_cells + 1);
  self->errors = g_new0 (guint64, MAX (n_cells, 1));
  if (n_cells == 0)
    {
      self->latency = g_new (double, 1);
      return self;
    }
  memcpy (self->bucket_start, trend->bucket_start, self->n_buckets * sizeof (gint64));
  memcpy (self->trend_mean, trend->mean, n_cells * sizeof (double));

  width = il_bucket_size_get_us (agg->options.trend_bucket);
  if (agg->options.local_time)
    tzc.tz = g_time_zone_new_local ();
  first = floor_div (to_local (&tzc, trend->bucket_start[0]), width);
  for (guint b = 0; b < self->n_buckets; b++)
    self->bucket_end[b] = b + 1 < self->n_buckets ? trend->bucket_start[b + 1]
                                                  : local_to_utc (&tzc, (first + (gint64) self->n_buckets) * width);

  n_steps_pool = il_string_pool_get_size (store->steps);
  agg_index = g_new (gint32, MAX (n_steps_pool, 1));
  for (guint k = 0; k < n_steps_pool; k++)
    agg_index[k] = -1;
  for (guint i = 0; i < agg->n_steps; i++)
    agg_index[agg->steps[i].step] = (gint32) i;

  /* store order, so the columns are read sequentially; a counting sort by cell */
  error_status = il_string_pool_lookup (store->statuses, "error");
  _il_filter_compile (&f, &agg->filter, store);
  cell_of = g_new (guint32, MAX (store->n_rows, 1));
  for (guint r = 0; r < store->n_rows; r++)
    {
      gint64 c = store->created_at[r];
      gint32 s;
      gint64 b;
      gsize cell;

      cell_of[r] = G_MAXUINT32;
      if (c == IL_TIME_NONE || !_il_filter_compiled_matches (&f, store, r))
        continue;
      s = agg_index[store->step[r]];
      b = floor_div (to_local (&tzc, c), width) - first;
      if (s < 0 || b < 0 || b >= (gint64) self->n_buckets)
        continue;
      cell = (gsize) s * self->n_buckets + (gsize) b;
      cell_of[r] = (guint32) cell;
      self->offsets[cell + 1]++;
      if ((gint64) store->status[r] == error_status)
        self->errors[cell]++;
    }
  _il_filter_compiled_clear (&f);
  g_clear_pointer (&tzc.tz, g_time_zone_unref);

  for (gsize i = 0; i < n_cells; i++)
    self->offsets[i + 1] += self->offsets[i];
  self->latency = g_new (double, MAX (self->offsets[n_cells], 1));
  fill = g_memdup2 (self->offsets, n_cells * sizeof (guint32));
  for (guint r = 0; r < store->n_rows; r++)
    if (cell_of[r] != G_MAXUINT32)
      self->latency[fill[cell_of[r]]++] = store->latency_ms[r];
  for (gsize i = 0; i < n_cells; i++)
    qsort (self->latency + self->offsets[i], self->offsets[i + 1] - self->offsets[i],
           sizeof (double), cmp_double);

  return self;
}

void
il_slo_series_free (IlSloSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->bucket_start);
  g_free (series->bucket_end);
  g_free (series->trend_mean);
  g_free (series->offsets);
  g_free (series->latency);
  g_free (series->errors);
  g_free (series);
}

/**
 * il_slo_series_evaluate:
 * @series: a series
 * @target: the target
 * @step_index: index into the steps of the IlAggregates the series was built from
 *
 * Returns: (transfer full): the target bucket by bucket
 */
IlSloBuckets *
il_slo_series_evaluate (const IlSloSeries *series,
                        const IlSloTarget *target,
                        guint              step_index)
{
  IlSloBuckets *out;
  guint n;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (step_index < series->n_steps, NULL);

  n = series->n_buckets;
  out = g_new0 (IlSloBuckets, 1);
  out->n_buckets = n;
  out->bucket_start = g_memdup2 (series->bucket_start, MAX (n, 1) * sizeof (gint64));
  out->bucket_end = g_memdup2 (series->bucket_end, MAX (n, 1) * sizeof (gint64));
  out->value = g_new (double, MAX (n, 1));
  out->count = g_new0 (guint64, MAX (n, 1));
  out->status = g_new0 (IlSloStatus, MAX (n, 1));
  out->last_met = -1;

  for (guint b = 0; b < n; b++)
    {
      gsize cell = (gsize) step_index * n + b;
      const double *x = series->latency + series->offsets[cell];
      guint64 count = series->offsets[cell + 1] - series->offsets[cell];
      double v = NAN;

      if (count > 0)
        switch (target->statistic)
          {
          case IL_SLO_MEAN:
            /* the trend chart's own figure, so a marked bucket is the one drawn */
            v = series->trend_mean[cell];
            break;
          case IL_SLO_P50:
            v = il_quantile_sorted (x, count, 0.50);
            break;
          case IL_SLO_P75:
            v = il_quantile_sorted (x, count, 0.75);
            break;
          case IL_SLO_P90:
            v = il_quantile_sorted (x, count, 0.90);
            break;
          case IL_SLO_P95:
            v = il_quantile_sorted (x, count, 0.95);
            break;
          case IL_SLO_P99:
            v = il_quantile_sorted (x, count, 0.99);
            break;
          case IL_SLO_ERROR_RATE:
            v = (double) series->errors[cell] / (double) count * 100.0;
            break;
          case IL_SLO_N_STATISTICS:
          default:
            g_assert_not_reached ();
          }
      out->value[b] = v;
      out->count[b] = count;
      out->status[b] = il_slo_judge (target, v, count);
      if (out->status[b] == IL_SLO_MET)
        out->last_met = (gint) b;
      else if (out->status[b] == IL_SLO_BREACHED)
        out->n_breached++;
    }

  return out;
}

IlSloBuckets *
il_slo_evaluate_buckets (IlRowStore         *store,
                         const IlAggregates *agg,
                         const IlSloTarget  *target,
                         guint               step_index)
{
  g_autoptr(IlSloSeries) series = NULL;

  g_return_val_if_fail (agg != NULL, NULL);
  g_return_val_if_fail (step_index < agg->n_steps, NULL);

  series = il_slo_series_new (store, agg);
  return il_slo_series_evaluate (series, target, step_index);
}

void
il_slo_buckets_free (IlSloBuckets *buckets)
{
  if (buckets == NULL)
    return;
  g_free (buckets->bucket_start);
  g_free (buckets->bucket_end);
  g_free (buckets->value);
  g_free (buckets->count);
  g_free (buckets->status);
  g_free (buckets);
}

gint64
il_slo_buckets_get_last_met (const IlSloBuckets *buckets)
{
  g_return_val_if_fail (buckets != NULL, IL_TIME_NONE);

  return buckets->last_met >= 0 ? buckets->bucket_start[buckets->last_met] : IL_TIME_NONE;
}
