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

#include "il-aggregates.h"
#include "il-filter-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define US_PER_MIN         G_GINT64_CONSTANT (60000000)
#define US_PER_HOUR        (60 * US_PER_MIN)
#define US_PER_DAY         (24 * US_PER_HOUR)
#define TZ_SLOT_US         (15 * US_PER_MIN)
/* A trend (or a day range) wider than this keeps its most recent buckets only:
 * 5-minute buckets over two years, days over five centuries. */
#define MAX_TIME_BUCKETS   200000
/* ... and a (step x time bucket) array never holds more cells than this: with
 * many steps the trend keeps fewer (the most recent) buckets */
#define MAX_TIME_CELLS     (1 << 22)
/* turn_number spans wider than this get no heatmap (n_turns = 0) */
#define MAX_TURN_SPAN      4096
#define N_LATENCY_BINS     50
#define N_SESSION_BINS     30
#define N_TOP_SESSIONS     5
#define N_ERROR_SESSIONS   20
#define PARALLEL_MIN_ROWS  32768

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
}

/* numpy's _lerp: exact at both ends, and the form numpy uses on each side of t = 0.5,
 * so that results agree with pandas to the last bit in the common cases. */
static inline double
lerp (double a,
      double b,
      double t)
{
  double d = b - a;

  if (t >= 0.5)
    return b - d * (1 - t);
  return a + d * t;
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

  return lerp (sorted[lo], sorted[lo + 1], h - (double) lo);
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

  return lerp (latency[rows[lo]], latency[rows[lo + 1]], h - (double) lo);
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

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b) < 0)
    q--;
  return q;
}

/* ---- time zone and bucket caches (rows are mostly in time order) ---------- */

typedef struct
{
  gint64 lo, hi;     /* UTC us in [lo, hi) share the offset */
  gint64 off;        /* us to add to get local time */
} TzCache;

static void
tz_cache_fill (GTimeZone *tz,
               TzCache   *c,
               gint64     t)
{
  gint interval;

  c->lo = floor_div (t, TZ_SLOT_US) * TZ_SLOT_US;
  c->hi = c->lo + TZ_SLOT_US;
  interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                        floor_div (c->lo, G_USEC_PER_SEC));
  c->off = interval < 0 ? 0 : (gint64) g_time_zone_get_offset (tz, interval) * G_USEC_PER_SEC;
}

static inline gint64
to_local (GTimeZone *tz,
          TzCache   *c,
          gint64     t)
{
  if (tz == NULL)
    return t;
  if (G_UNLIKELY (t < c->lo || t >= c->hi))
    tz_cache_fill (tz, c, t);
  return t + c->off;
}

/* The UTC instant of a local wall-clock time (bucket starts). */
static gint64
local_to_utc (GTimeZone *tz,
              TzCache   *c,
              gint64     local)
{
  gint64 guess;

  if (tz == NULL)
    return local;
  guess = local - (to_local (tz, c, local) - local);
  return local - (to_local (tz, c, guess) - guess);
}

typedef struct
{
  gint64 lo, hi, idx;
} BucketCache;

static inline gint64
bucket_index (BucketCache *c,
              gint64       width,
              gint64       t)
{
  if (G_UNLIKELY (t < c->lo || t >= c->hi))
    {
      c->idx = floor_div (t, width);
      c->lo = c->idx * width;
      c->hi = c->lo + width;
    }
  return c->idx;
}

#define CACHE_EMPTY { 1, 0, 0 }

/* ---- histograms, numpy.histogram semantics --------------------------------- */

typedef struct
{
  guint  n;
  double first, last, norm, step;
} HistSpec;

static void
hist_spec_init (HistSpec *h,
                guint     n_bins,
                double    lo,
                double    hi,
                gboolean  empty)
{
  if (empty)
    {
      lo = 0;
      hi = 1;
    }
  if (lo == hi)
    {
      lo -= 0.5;
      hi += 0.5;
    }
  h->n = n_bins;
  h->first = lo;
  h->last = hi;
  h->norm = n_bins / (hi - lo);
  h->step = (hi - lo) / n_bins;   /* as numpy.linspace computes the edges */
}

static inline double
hist_edge (const HistSpec *h,
           gint64          k)
{
  if (k >= h->n)
    return h->last;
  return (double) k * h->step + h->first;
}

static inline guint
hist_bin (const HistSpec *h,
          double          x)
{
  gint64 i = (gint64) ((x - h->first) * h->norm);

  if (i >= h->n)
    i = h->n - 1;
  if (i < 0)
    i = 0;
  if (x < hist_edge (h, i) && i > 0)
    i--;
  if (i != h->n - 1 && x >= hist_edge (h, i + 1))
    i++;
  return (guint) i;
}

static void
histogram_set (IlHistogram    *out,
               const HistSpec *spec)
{
  out->n_bins = spec->n;
  out->min = spec->first;
  out->max = spec->last;
  out->counts = g_new0 (guint64, spec->n);
}

/* ---- the computation -------------------------------------------------------- */

typedef struct
{
  gint64  first_start;
  gint64  last_end;
  double  total;
  guint32 n_rows;
  guint32 n_errors;
  guint32 n_success;
  guint32 wide_turns;     /* a turn outside 0..63 was seen */
  guint64 turn_mask;
} SessionAcc;

/* An error row, copied in the sequential pass so that the error figures need
 * no random access to the columns afterwards. */
typedef struct
{
  guint32 session;
  IlStrId step;
  IlStrId message;
  double  latency_ms;
  gint64  started_at;
  gint64  created_at;
} ErrRow;

typedef struct
{
  IlRowStore        *store;
  IlFilterCompiled   f;
  guint64           *bitmap;          /* NULL when every row passes */
  guint              n_steps;         /* of the store */
  guint              n_statuses;
  guint              n_sessions;
  gint64             success_id;      /* -1 when the status never occurs */
  gint64             error_id;
  GTimeZone         *tz;              /* NULL: UTC buckets */
  gint64             trend_w;

  /* known after phase 0 */
  guint64            n;
  gint64             trend_first;
  guint              n_trend;
  gint64             day_first;
  guint              n_days;
  gboolean           turns_dense;
  gint32             turn_min;
  guint              n_turns;

  /* known after phase 1 */
  double            *step_mean;       /* by store step id */
  gint64             hist_step;       /* store step id, or -1 for every step */
  HistSpec           hist;
} Ctx;

typedef struct
{
  Ctx        *ctx;
  guint       begin, end;

  /* phase 0 */
  guint64     n;
  gint64      local_lo, local_hi;     /* created_at in (local) time, min/max */
  gint32      turn_lo, turn_hi;

  /* phase 1 */
  guint64    *step_count;
  double     *step_sum;
  double     *step_min;
  double     *step_max;
  guint64    *step_success;
  guint64    *step_error;
  guint64    *status_count;
  double     *status_sum;
  SessionAcc *sessions;
  double     *trend_sum;
  guint32    *trend_count;
  guint64    *day_count;
  double     *heat_sum;
  guint32    *heat_count;
  guint64    *turn_errors;
  GArray     *error_rows;

  /* phase 2 */
  double     *step_dev;
  guint64    *hist;
} Part;

static inline gboolean
row_passes (const Ctx *ctx,
            guint      r)
{
  return ctx->bitmap == NULL || ((ctx->bitmap[r >> 6] >> (r & 63)) & 1);
}

static void
phase0 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;
  TzCache tzc = CACHE_EMPTY;

  p->local_lo = G_MAXINT64;
  p->local_hi = G_MININT64;
  p->turn_lo = G_MAXINT32;
  p->turn_hi = G_MININT32;

  for (guint r = p->begin; r < p->end; r++)
    {
      gint64 c;
      gint32 t;

      if (ctx->bitmap != NULL)
        {
          if (!_il_filter_compiled_matches (&ctx->f, store, r))
            continue;
          ctx->bitmap[r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
        }
      p->n++;

      c = store->created_at[r];
      if (c != IL_TIME_NONE)
        {
          c = to_local (ctx->tz, &tzc, c);
          p->local_lo = MIN (p->local_lo, c);
          p->local_hi = MAX (p->local_hi, c);
        }
      t = store->turn_number[r];
      p->turn_lo = MIN (p->turn_lo, t);
      p->turn_hi = MAX (p->turn_hi, t);
    }
}

static void
part_alloc (Part *p)
{
  Ctx *ctx = p->ctx;

  p->step_count = g_new0 (guint64, ctx->n_steps);
  p->step_sum = g_new0 (double, ctx->n_steps);
  p->step_min = g_new (double, ctx->n_steps);
  p->step_max = g_new (double, ctx->n_steps);
  for (guint s = 0; s < ctx->n_steps; s++)
    {
      p->step_min[s] = INFINITY;
      p->step_max[s] = -INFINITY;
    }
  p->step_success = g_new0 (guint64, ctx->n_steps);
  p->step_error = g_new0 (guint64, ctx->n_steps);
  p->status_count = g_new0 (guint64, ctx->n_statuses);
  p->status_sum = g_new0 (double, ctx->n_statuses);
  p->sessions = g_new0 (SessionAcc, ctx->n_sessions);
  p->trend_sum = g_new0 (double, (gsize) ctx->n_steps * ctx->n_trend);
  p->trend_count = g_new0 (guint32, (gsize) ctx->n_steps * ctx->n_trend);
  p->day_count = g_new0 (guint64, ctx->n_days);
  p->heat_sum = g_new0 (double, (gsize) ctx->n_steps * ctx->n_turns);
  p->heat_count = g_new0 (guint32, (gsize) ctx->n_steps * ctx->n_turns);
  p->turn_errors = g_new0 (guint64, ctx->n_turns);
  p->error_rows = g_array_new (FALSE, FALSE, sizeof (ErrRow));
  p->step_dev = g_new0 (double, ctx->n_steps);
  p->hist = g_new0 (guint64, N_LATENCY_BINS);
}

static void
part_free (Part *p)
{
  g_free (p->step_count);
  g_free (p->step_sum);
  g_free (p->step_min);
  g_free (p->step_max);
  g_free (p->step_success);
  g_free (p->step_error);
  g_free (p->status_count);
  g_free (p->status_sum);
  g_free (p->sessions);
  g_free (p->trend_sum);
  g_free (p->trend_count);
  g_free (p->day_count);
  g_free (p->heat_sum);
  g_free (p->heat_count);
  g_free (p->turn_errors);
  if (p->error_rows != NULL)
    g_array_unref (p->error_rows);
  g_free (p->step_dev);
  g_free (p->hist);
}

static void
phase1 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;
  TzCache tzc = CACHE_EMPTY;
  BucketCache trend_cache = CACHE_EMPTY;
  BucketCache day_cache = CACHE_EMPTY;
  const IlStrId success_id = ctx->success_id < 0 ? IL_STR_NONE : (IlStrId) ctx->success_id;
  const IlStrId error_id = ctx->error_id < 0 ? IL_STR_NONE : (IlStrId) ctx->error_id;

  for (guint r = p->begin; r < p->end; r++)
    {
      IlStrId s, st;
      double lat;
      SessionAcc *sa;
      gint64 c;
      gint32 turn;
      gboolean is_error;

      if (!row_passes (ctx, r))
        continue;

      s = store->step[r];
      st = store->status[r];
      lat = store->latency_ms[r];
      is_error = st == error_id;

      p->step_count[s]++;
      p->step_sum[s] += lat;
      if (lat < p->step_min[s])
        p->step_min[s] = lat;
      if (lat > p->step_max[s])
        p->step_max[s] = lat;
      p->status_count[st]++;
      p->status_sum[st] += lat;

      sa = &p->sessions[store->session[r]];
      if (sa->n_rows == 0)
        {
          sa->first_start = store->started_at[r];
          sa->last_end = store->completed_at[r];
        }
      else
        {
          sa->first_start = MIN (sa->first_start, store->started_at[r]);
          sa->last_end = MAX (sa->last_end, store->completed_at[r]);
        }
      sa->n_rows++;
      sa->total += lat;

      turn = store->turn_number[r];
      if (turn >= 0 && turn < 64)
        sa->turn_mask |= G_GUINT64_CONSTANT (1) << turn;
      else
        sa->wide_turns = 1;

      if (st == success_id)
        {
          p->step_success[s]++;
          sa->n_success++;
        }
      else if (is_error)
        {
          p->step_error[s]++;
          sa->n_errors++;
          ErrRow e = {
            store->session[r], s, store->error_message[r], lat,
            store->started_at[r], store->created_at[r],
          };

          g_array_append_val (p->error_rows, e);
        }

      if (ctx->turns_dense)
        {
          gsize cell = (gsize) s * ctx->n_turns + (guint) (turn - ctx->turn_min);

          p->heat_sum[cell] += lat;
          p->heat_count[cell]++;
          if (is_error)
            p->turn_errors[turn - ctx->turn_min]++;
        }

      c = store->created_at[r];
      if (c != IL_TIME_NONE)
        {
          gint64 local = to_local (ctx->tz, &tzc, c);
          gint64 b = bucket_index (&trend_cache, ctx->trend_w, local) - ctx->trend_first;
          gint64 d = bucket_index (&day_cache, US_PER_DAY, local) - ctx->day_first;

          if (b >= 0)
            {
              gsize cell = (gsize) s * ctx->n_trend + (gsize) b;

              p->trend_sum[cell] += lat;
              p->trend_count[cell]++;
            }
          if (d >= 0)
            p->day_count[d]++;
        }
    }
}

static void
phase2 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;

  for (guint r = p->begin; r < p->end; r++)
    {
      IlStrId s;
      double lat, dev;

      if (!row_passes (ctx, r))
        continue;

      s = store->step[r];
      lat = store->latency_ms[r];
      dev = ctx->step_mean[s] - lat;
      p->step_dev[s] += dev * dev;
      if (ctx->bitmap != NULL && (ctx->hist_step < 0 || s == ctx->hist_step))
        p->hist[hist_bin (&ctx->hist, lat)]++;
    }
}

typedef void (*TaskFunc) (gpointer data);

typedef struct
{
  TaskFunc func;
  gpointer data;
} Job;

static gpointer
job_run (gpointer data)
{
  Job *job = data;

  job->func (job->data);
  return NULL;
}

/* Runs fa (a) and fb (b), on two threads when worth it. */
static void
run_pair (TaskFunc fa,
          gpointer a,
          TaskFunc fb,
          gpointer b,
          gboolean parallel)
{
  Job job = { fb, b };
  GThread *thread = NULL;

  if (parallel)
    thread = g_thread_try_new ("il-aggregates", job_run, &job, NULL);
  fa (a);
  if (thread != NULL)
    g_thread_join (thread);
  else
    fb (b);
}

static void
merge_parts (Part *a,
             Part *b)
{
  Ctx *ctx = a->ctx;
  gsize n_trend = (gsize) ctx->n_steps * ctx->n_trend;
  gsize n_heat = (gsize) ctx->n_steps * ctx->n_turns;

  for (guint s = 0; s < ctx->n_steps; s++)
    {
      a->step_count[s] += b->step_count[s];
      a->step_sum[s] += b->step_sum[s];
      a->step_min[s] = MIN (a->step_min[s], b->step_min[s]);
      a->step_max[s] = MAX (a->step_max[s], b->step_max[s]);
      a->step_success[s] += b->step_success[s];
      a->step_error[s] += b->step_error[s];
    }
  for (guint s = 0; s < ctx->n_statuses; s++)
    {
      a->status_count[s] += b->status_count[s];
      a->status_sum[s] += b->status_sum[s];
    }
  for (guint i = 0; i < ctx->n_sessions; i++)
    {
      SessionAcc *x = &a->sessions[i];
      const SessionAcc *y = &b->sessions[i];

      if (y->n_rows == 0)
        continue;
      if (x->n_rows == 0)
        {
          *x = *y;
          continue;
        }
      x->first_start = MIN (x->first_start, y->first_start);
      x->last_end = MAX (x->last_end, y->last_end);
      x->total += y->total;
      x->n_rows += y->n_rows;
      x->n_errors += y->n_errors;
      x->n_success += y->n_success;
      x->wide_turns |= y->wide_turns;
      x->turn_mask |= y->turn_mask;
    }
  for (gsize i = 0; i < n_trend; i++)
    {
      a->trend_sum[i] += b->trend_sum[i];
      a->trend_count[i] += b->trend_count[i];
    }
  for (guint i = 0; i < ctx->n_days; i++)
    a->day_count[i] += b->day_count[i];
  for (gsize i = 0; i < n_heat; i++)
    {
      a->heat_sum[i] += b->heat_sum[i];
      a->heat_count[i] += b->heat_count[i];
    }
  for (guint i = 0; i < ctx->n_turns; i++)
    a->turn_errors[i] += b->turn_errors[i];
  /* keeps error rows in store order */
  g_array_append_vals (a->error_rows, b->error_rows->data, b->error_rows->len);
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

typedef struct
{
  Ctx          *ctx;
  Part         *merged;
  IlAggregates *agg;
  gint         *store_to_index;   /* store step id -> index in agg->steps, -1 */
} Finish;

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
static void
histogram_from_sorted (IlHistogram    *out,
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
      return;
    }
  h = (double) (n - 1) * 0.95;
  lo = (guint64) floor (h);
  if (lo >= n - 1)
    fin->agg->key.p95_latency_ms = rank_value (ctx, n - 1);
  else
    fin->agg->key.p95_latency_ms = lerp (rank_value (ctx, lo), rank_value (ctx, lo + 1),
                                         h - (double) lo);
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

typedef struct
{
  guint64 key;                /* step << 32 | message */
  guint64 count;
  double  sum;
  gint64  first, last;
} GroupAcc;

static int
cmp_error_group (gconstpointer a,
                 gconstpointer b)
{
  const IlErrorGroup *x = a, *y = b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  c = strcmp (x->step_name, y->step_name);
  if (c != 0)
    return c;
  if (x->message_text == NULL || y->message_text == NULL)
    return (x->message_text == NULL) - (y->message_text == NULL);
  return strcmp (x->message_text, y->message_text);
}

typedef struct
{
  guint32 session;
  guint32 n_errors;
  gint64  first_error;
  IlUuid  id;
} ErrSessCand;

static int
cmp_error_session (gconstpointer a,
                   gconstpointer b)
{
  const ErrSessCand *x = a, *y = b;

  if (x->n_errors != y->n_errors)
    return x->n_errors > y->n_errors ? -1 : 1;
  if (x->first_error != y->first_error)
    return x->first_error < y->first_error ? -1 : 1;
  return il_uuid_compare (&x->id, &y->id);
}

static void
fill_bucket_starts (const Ctx *ctx,
                    gint64    *starts,
                    gint64     first,
                    guint      n,
                    gint64     width)
{
  TzCache tzc = CACHE_EMPTY;

  for (guint i = 0; i < n; i++)
    starts[i] = local_to_utc (ctx->tz, &tzc, (first + (gint64) i) * width);
}

static void
compute_errors (Finish *fin)
{
  Ctx *ctx = fin->ctx;
  Part *m = fin->merged;
  IlAggregates *agg = fin->agg;
  const IlRowStore *store = ctx->store;
  const ErrRow *err = (const ErrRow *) m->error_rows->data;
  guint n_err = m->error_rows->len;
  g_autoptr(GHashTable) groups_by_key = NULL;
  g_autofree GroupAcc *groups = NULL;
  g_autofree guint32 *row_group = NULL;
  g_autofree guint32 *by_group = NULL;
  g_autofree guint64 *affected = NULL;
  g_autofree gint64 *first_error = NULL;
  g_autofree ErrSessCand *cands = NULL;
  g_autofree gint *top_index = NULL;
  g_autofree guint8 *failed = NULL;
  guint n_groups = 0, n_cands = 0;
  TzCache tzc = CACHE_EMPTY;
  guint64 best = 0;

  agg->errors.total_errors = n_err;
  agg->errors.error_rate_pct = ctx->n > 0 ? (double) n_err / (double) ctx->n * 100.0 : NAN;
  agg->errors.most_failing_step = -1;
  for (guint i = 0; i < agg->n_steps; i++)
    if (agg->steps[i].error_count > best)
      {
        best = agg->steps[i].error_count;
        agg->errors.most_failing_step = (gint) i;
      }

  /* error trend: errors per day per step over the same days as the daily volume */
  agg->error_trend.bucket = IL_BUCKET_DAY;
  agg->error_trend.bucket_us = US_PER_DAY;
  agg->error_trend.n_buckets = ctx->n_days;
  agg->error_trend.bucket_start = g_new (gint64, MAX (ctx->n_days, 1));
  fill_bucket_starts (ctx, agg->error_trend.bucket_start, ctx->day_first, ctx->n_days, US_PER_DAY);
  agg->error_trend.first_bucket_us = ctx->n_days > 0 ? agg->error_trend.bucket_start[0] : 0;
  agg->error_trend.n_steps = agg->n_steps;
  agg->error_trend.mean = NULL;
  agg->error_trend.count = g_new0 (guint32, MAX ((gsize) agg->n_steps * ctx->n_days, 1));

  if (n_err == 0)
    {
      agg->error_groups = g_new0 (IlErrorGroup, 1);
      agg->error_sessions = g_new0 (IlErrorSession, 1);
      return;
    }

  groups_by_key = g_hash_table_new (g_int64_hash, g_int64_equal);
  groups = g_new0 (GroupAcc, n_err);
  row_group = g_new (guint32, n_err);
  by_group = g_new (guint32, n_err);
  first_error = g_new (gint64, ctx->n_sessions);
  for (guint i = 0; i < ctx->n_sessions; i++)
    first_error[i] = G_MAXINT64;

  for (guint i = 0; i < n_err; i++)
    {
      const ErrRow *e = &err[i];
      guint64 key = ((guint64) e->step << 32) | e->message;
      gint64 seen = e->created_at != IL_TIME_NONE ? e->created_at : e->started_at;
      gpointer found;
      GroupAcc *g;
      guint32 sess = e->session;

      if (i > 0 && key == groups[row_group[i - 1]].key)
        g = &groups[row_group[i - 1]];   /* errors often come in runs */
      else if (g_hash_table_lookup_extended (groups_by_key, &key, NULL, &found))
        g = &groups[GPOINTER_TO_UINT (found)];
      else
        {
          g = &groups[n_groups];
          g->key = key;
          g->first = G_MAXINT64;
          g->last = G_MININT64;
          g_hash_table_insert (groups_by_key, &g->key, GUINT_TO_POINTER (n_groups));
          n_groups++;
        }
      row_group[i] = (guint32) (g - groups);
      g->count++;
      g->sum += e->latency_ms;
      g->first = MIN (g->first, seen);
      g->last = MAX (g->last, seen);

      first_error[sess] = MIN (first_error[sess], e->started_at);

      if (e->created_at != IL_TIME_NONE)
        {
          gint64 local = to_local (ctx->tz, &tzc, e->created_at);
          gint64 day = floor_div (local, US_PER_DAY);
          gint64 in_day = local - day * US_PER_DAY;
          gint64 dow = ((day + 3) % 7 + 7) % 7;   /* 1970-01-01 was a Thursday */
          gint idx = fin->store_to_index[e->step];

          agg->error_dow_hour[dow][in_day / US_PER_HOUR]++;
          if (day - ctx->day_first >= 0 && day - ctx->day_first < ctx->n_days)
            agg->error_trend.count[(gsize) idx * ctx->n_days + (gsize) (day - ctx->day_first)]++;
        }
    }

  /* affected sessions: the rows bucketed by group (counting sort), then a
   * per-session stamp says whether the group already saw that session */
  affected = g_new0 (guint64, n_groups);
  {
    g_autofree guint32 *start = g_new0 (guint32, n_groups + 1);
    g_autofree guint32 *stamp = g_new0 (guint32, ctx->n_sessions);

    for (guint i = 0; i < n_err; i++)
      start[row_group[i] + 1]++;
    for (guint g = 0; g < n_groups; g++)
      start[g + 1] += start[g];
    for (guint i = 0; i < n_err; i++)
      by_group[start[row_group[i]]++] = err[i].session;
    /* start[g] is now the end of group g */
    for (guint g = 0, i = 0; g < n_groups; g++)
      for (; i < start[g]; i++)
        if (stamp[by_group[i]] != g + 1)
          {
            stamp[by_group[i]] = g + 1;
            affected[g]++;
          }
  }

  agg->n_error_groups = n_groups;
  agg->error_groups = g_new0 (IlErrorGroup, n_groups);
  for (guint i = 0; i < n_groups; i++)
    {
      IlErrorGroup *eg = &agg->error_groups[i];
      const GroupAcc *g = &groups[i];
      IlStrId step = (IlStrId) (g->key >> 32);
      gint idx = fin->store_to_index[step];

      eg->step = step;
      eg->step_name = il_string_pool_get (store->steps, step);
      eg->message = (IlStrId) (g->key & G_MAXUINT32);
      eg->message_text = il_string_pool_get (store->messages, eg->message);
      eg->count = g->count;
      eg->share_of_step_pct = (double) g->count / (double) agg->steps[idx].count * 100.0;
      eg->first_seen = g->first;
      eg->last_seen = g->last;
      eg->affected_sessions = affected[i];
      eg->avg_latency_ms = g->sum / (double) g->count;
    }
  qsort (agg->error_groups, n_groups, sizeof (IlErrorGroup), cmp_error_group);

  /* sessions with errors, top N_ERROR_SESSIONS */
  cands = g_new (ErrSessCand, agg->errors.sessions_with_errors);
  for (guint i = 0; i < ctx->n_sessions; i++)
    if (m->sessions[i].n_errors > 0)
      {
        ErrSessCand *c = &cands[n_cands++];

        c->session = i;
        c->n_errors = m->sessions[i].n_errors;
        c->first_error = first_error[i];
        c->id = store->session_ids[i];
      }
  g_assert (n_cands == agg->errors.sessions_with_errors);
  qsort (cands, n_cands, sizeof (ErrSessCand), cmp_error_session);
  agg->n_error_sessions = MIN (n_cands, N_ERROR_SESSIONS);
  agg->error_sessions = g_new0 (IlErrorSession, MAX (agg->n_error_sessions, 1));

  top_index = g_new (gint, ctx->n_sessions);
  for (guint i = 0; i < ctx->n_sessions; i++)
    top_index[i] = -1;
  for (guint i = 0; i < agg->n_error_sessions; i++)
    top_index[cands[i].session] = (gint) i;
  failed = g_new0 (guint8, MAX ((gsize) agg->n_error_sessions * ctx->n_steps, 1));
  for (guint i = 0; i < n_err; i++)
    {
      gint t = top_index[err[i].session];

      if (t >= 0)
        failed[(gsize) t * ctx->n_steps + err[i].step] = 1;
    }
  for (guint i = 0; i < agg->n_error_sessions; i++)
    {
      IlErrorSession *es = &agg->error_sessions[i];
      const guint8 *f = failed + (gsize) i * ctx->n_steps;

      es->session = cands[i].session;
      es->id = cands[i].id;
      es->n_errors = cands[i].n_errors;
      es->first_error = cands[i].first_error;
      es->failed_steps = g_new (IlStrId, ctx->n_steps);
      for (guint k = 0; k < ctx->n_steps; k++)
        if (f[store->step_order[k]])
          es->failed_steps[es->n_failed_steps++] = store->step_order[k];
    }
}

static int
cmp_gint32 (gconstpointer a,
            gconstpointer b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;

  return x < y ? -1 : (x > y);
}

static int
cmp_turn_error (gconstpointer a,
                gconstpointer b)
{
  return cmp_gint32 (&((const IlTurnErrorRate *) a)->turn, &((const IlTurnErrorRate *) b)->turn);
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

static void
compute_turn_errors_sparse (Ctx          *ctx,
                            IlAggregates *agg)
{
  const IlRowStore *store = ctx->store;
  g_autoptr(GHashTable) by_turn = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) acc = g_array_new (FALSE, TRUE, sizeof (IlTurnErrorRate));
  const IlStrId error_id = ctx->error_id < 0 ? IL_STR_NONE : (IlStrId) ctx->error_id;

  /* only for turn spans too wide for dense arrays: slow but rare */
  for (guint r = 0; r < store->n_rows; r++)
    {
      gpointer found;
      IlTurnErrorRate *t;

      if (!row_passes (ctx, r))
        continue;
      if (!g_hash_table_lookup_extended (by_turn, GINT_TO_POINTER (store->turn_number[r]), NULL, &found))
        {
          IlTurnErrorRate zero = { .turn = store->turn_number[r] };

          found = GUINT_TO_POINTER (acc->len);
          g_array_append_val (acc, zero);
          g_hash_table_insert (by_turn, GINT_TO_POINTER (zero.turn), found);
        }
      t = &g_array_index (acc, IlTurnErrorRate, GPOINTER_TO_UINT (found));
      t->count++;
      t->errors += store->status[r] == error_id;
    }
  agg->n_turn_errors = acc->len;
  agg->turn_errors = g_new (IlTurnErrorRate, MAX (acc->len, 1));
  for (guint i = 0; i < acc->len; i++)
    {
      agg->turn_errors[i] = g_array_index (acc, IlTurnErrorRate, i);
      agg->turn_errors[i].error_rate_pct = (double) agg->turn_errors[i].errors
                                           / (double) agg->turn_errors[i].count * 100.0;
    }
  qsort (agg->turn_errors, agg->n_turn_errors, sizeof (IlTurnErrorRate), cmp_turn_error);
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
  ctx.trend_w = il_bucket_size_get_us (agg->options.trend_bucket);
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
  run_pair (phase0, &parts[0], phase0, &parts[1], parallel);
  ctx.n = parts[0].n + parts[1].n;
  /* a filter that keeps every row (e.g. a range wider than the data) costs nothing more */
  if (ctx.n == store->n_rows)
    g_clear_pointer (&ctx.bitmap, g_free);
  local_lo = MIN (parts[0].local_lo, parts[1].local_lo);
  local_hi = MAX (parts[0].local_hi, parts[1].local_hi);
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
  part_alloc (&parts[0]);
  part_alloc (&parts[1]);
  run_pair (phase1, &parts[0], phase1, &parts[1], parallel);
  merge_parts (&parts[0], &parts[1]);

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
  run_pair (phase2, &parts[0], phase2, &parts[1], parallel);
  fin.ctx = &ctx;
  fin.merged = m;
  fin.agg = agg;
  fin.store_to_index = store_to_index;
  run_pair (task_steps, &fin, task_overall_p95, &fin, parallel);

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
    histogram_from_sorted (&agg->latency_histogram, &ctx.hist, &ctx);

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
    compute_turn_errors_sparse (&ctx, agg);

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

  compute_errors (&fin);

  part_free (&parts[0]);
  part_free (&parts[1]);
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
  g_free (self->session_total_histogram.counts);
  g_free (self->slowest_sessions);
  g_free (self->fastest_sessions);
  g_free (self);
}

/**
 * il_session_detail_compute:
 * @store: a sealed store
 * @filter: (nullable): the rows to look at; %NULL for every row
 * @session: index into store->session_ids
 *
 * Returns: (transfer full): the session's passing rows, by started_at
 */
IlSessionDetail *
il_session_detail_compute (IlRowStore     *store,
                           const IlFilter *filter,
                           guint32         session)
{
  IlSessionDetail *d;
  IlFilterCompiled f;
  IlFilter all;
  guint32 begin, end;
  double sum = 0;
  guint64 n_success = 0;
  IlStrId success_id, error_id;
  gint64 id;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (store->sealed, NULL);
  g_return_val_if_fail (session < store->n_sessions, NULL);

  if (filter == NULL)
    {
      il_filter_init (&all);
      filter = &all;
    }
  _il_filter_compile (&f, filter, store);
  id = il_string_pool_lookup (store->statuses, "success");
  success_id = id < 0 ? IL_STR_NONE : (IlStrId) id;
  id = il_string_pool_lookup (store->statuses, "error");
  error_id = id < 0 ? IL_STR_NONE : (IlStrId) id;

  begin = store->session_offsets[session];
  end = store->session_offsets[session + 1];
  d = g_new0 (IlSessionDetail, 1);
  d->rows = g_new (guint32, MAX (end - begin, 1));
  d->cumulative_ms = g_new (double, MAX (end - begin, 1));
  d->start = G_MAXINT64;
  d->end = G_MININT64;
  for (guint32 i = begin; i < end; i++)
    {
      guint32 r = store->by_session[i];

      if (!_il_filter_compiled_matches (&f, store, r))
        continue;
      sum += store->latency_ms[r];
      d->rows[d->n_rows] = r;
      d->cumulative_ms[d->n_rows] = sum;
      d->n_rows++;
      d->start = MIN (d->start, store->started_at[r]);
      d->end = MAX (d->end, store->completed_at[r]);
      d->n_errors += store->status[r] == error_id;
      n_success += store->status[r] == success_id;
    }
  _il_filter_compiled_clear (&f);

  d->total_latency_ms = sum;
  if (d->n_rows == 0)
    {
      d->start = d->end = 0;
      d->success_rate_pct = NAN;
      d->avg_latency_ms = NAN;
    }
  else
    {
      d->success_rate_pct = (double) n_success / d->n_rows * 100.0;
      d->avg_latency_ms = sum / d->n_rows;
    }
  return d;
}

void
il_session_detail_free (IlSessionDetail *self)
{
  if (self == NULL)
    return;

  g_free (self->rows);
  g_free (self->cumulative_ms);
  g_free (self);
}
