/* il-aggregates-private.h: what the passes of il_aggregates_compute share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/model: the core passes (il-aggregates.c) and the error
 * figures (il-aggregates-errors.c).
 */
#pragma once

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-filter-private.h"

G_BEGIN_DECLS

/* numpy's _lerp: exact at both ends, and the form numpy uses on each side of t = 0.5,
 * so that results agree with pandas to the last bit in the common cases. */
static inline double
il_lerp (double a,
         double b,
         double t)
{
  double d = b - a;

  if (t >= 0.5)
    return b - d * (1 - t);
  return a + d * t;
}

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

static inline void
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
static inline gint64
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

static inline void
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

static inline void
histogram_set (IlHistogram    *out,
               const HistSpec *spec)
{
  out->n_bins = spec->n;
  out->min = spec->first;
  out->max = spec->last;
  out->counts = g_new0 (guint64, spec->n);
}

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

typedef struct
{
  Ctx          *ctx;
  Part         *merged;
  IlAggregates *agg;
  gint         *store_to_index;   /* store step id -> index in agg->steps, -1 */
} Finish;

static inline void
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

static inline int
cmp_gint32 (gconstpointer a,
            gconstpointer b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;

  return x < y ? -1 : (x > y);
}

typedef void (*TaskFunc) (gpointer data);

/* The passes (il-aggregates-passes.c); data is a Part. */
void _il_aggregates_phase0      (gpointer  data);
void _il_aggregates_phase1      (gpointer  data);
void _il_aggregates_phase2      (gpointer  data);
void _il_aggregates_part_alloc  (Part     *p);
void _il_aggregates_part_free   (Part     *p);
/* Adds b's accumulators into a. */
void _il_aggregates_merge_parts (Part     *a,
                                 Part     *b);
/* Runs fa (a) and fb (b), on two threads when parallel. */
void _il_aggregates_run_pair    (TaskFunc  fa,
                                 gpointer  a,
                                 TaskFunc  fb,
                                 gpointer  b,
                                 gboolean  parallel);

/* Error summary, groups, sessions with errors, error trend and hour-of-week
 * counts, from the error rows copied in phase 1. */
void _il_aggregates_compute_errors             (Finish       *fin);
/* With every row passing, the histogram from the sorted indexes: one binary
 * search per bin edge. */
void _il_aggregates_histogram_from_sorted      (IlHistogram              *out,
                                                const HistSpec           *spec,
                                                const Ctx                *ctx);
/* Log spacing and/or a clip at P99 (options), over the rows the filter keeps. */
void _il_aggregates_histogram_shaped           (IlHistogram              *out,
                                                const IlAggregateOptions *options,
                                                const Ctx                *ctx);
/* Replaces the trend's means by the quantile of options.trend_statistic. */
void _il_aggregates_trend_quantiles            (IlAggregates *agg,
                                                const Ctx    *ctx,
                                                const gint   *store_to_index);
/* Error rate per turn when the turn span is too wide for dense arrays. */
void _il_aggregates_compute_turn_errors_sparse (Ctx          *ctx,
                                                IlAggregates *agg);

G_END_DECLS
