/* il-aggregates.h: every figure the dashboard shows, computed in one pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Definitions are in docs/figures.md: linear-interpolation quantiles (pandas
 * Series.quantile), sample standard deviation, success rate over all rows.
 * A figure that does not exist (mean of nothing, std of one value, an empty heatmap
 * cell, an empty trend bucket) is NAN, never 0.
 */
#pragma once

#include "il-filter.h"
#include "il-histogram-bins.h"

G_BEGIN_DECLS

typedef enum
{
  IL_BUCKET_5_MIN,   /*< nick=5min >*/
  IL_BUCKET_15_MIN,  /*< nick=15min >*/
  IL_BUCKET_HOUR,    /*< nick=hour >*/
  IL_BUCKET_DAY,     /*< nick=day >*/
} IlBucketSize;

gint64 il_bucket_size_get_us (IlBucketSize size);
/* The bucket that keeps a trend over @span_us legible: 5 min up to 6 h,
 * 15 min up to 2 days, an hour up to 14 days, else a day. */
IlBucketSize il_bucket_size_for_span (gint64 span_us);

/* What the trend shows per (step, bucket). */
typedef enum
{
  IL_TREND_MEAN,     /*< nick=mean >*/
  IL_TREND_P50,      /*< nick=p50 >*/
  IL_TREND_P90,      /*< nick=p90 >*/
  IL_TREND_P95,      /*< nick=p95 >*/
  IL_TREND_P99,      /*< nick=p99 >*/
} IlTrendStatistic;

typedef struct
{
  IlBucketSize trend_bucket;     /* default IL_BUCKET_DAY; the one used when trend_bucket_auto */
  gboolean     trend_bucket_auto;        /* pick it from the range (il_bucket_size_for_span) */
  IlTrendStatistic trend_statistic;      /* default IL_TREND_MEAN */
  gboolean     local_time;       /* time buckets in local time instead of UTC */
  IlStrId      histogram_step;   /* IL_STR_NONE: histogram of every step */
  IlHistogramSpacing histogram_spacing;  /* default linear, as numpy.histogram */
  gboolean     histogram_clip_p99;       /* bins end at the P99 of the rows binned */
} IlAggregateOptions;

void il_aggregate_options_init (IlAggregateOptions *options);

/* Quantile of sorted values, linear interpolation (h = (n-1)p). NAN for n = 0. */
double il_quantile_sorted (const double *sorted,
                           gsize         n,
                           double        p);

typedef struct
{
  guint64 total_records;
  double  avg_latency_ms;        /* NAN when empty */
  double  p95_latency_ms;        /* NAN when empty */
  double  success_rate_pct;      /* NAN when empty */
  guint64 unique_sessions;
  double  total_latency_ms;      /* sum of latency_ms */
} IlKeyMetrics;

typedef struct
{
  IlStrId     step;              /* id in the store's steps pool */
  const char *name;              /* owned by the store */
  guint64     count;
  double      sum, mean, median, std, min, max;   /* std NAN when count < 2 */
  double      q1, q3;            /* box */
  double      whisker_low;       /* most extreme values within 1.5 IQR of the box */
  double      whisker_high;
  double     *outliers;          /* values beyond the whiskers, ascending */
  guint       n_outliers;
  double      p50, p75, p90, p95, p99;
  guint64     success_count, error_count;
  double      success_rate_pct, error_rate_pct;
  double      share_of_total_time_pct;  /* sum / sum over every step x 100 */
} IlStepStats;

typedef struct
{
  IlStrId     status;
  const char *name;
  guint64     count;
  double      mean_latency_ms;
} IlStatusCount;

/* Mean latency per (step, time bucket); NAN marks a gap. */
typedef struct
{
  IlBucketSize bucket;
  gint64       first_bucket_us;  /* start of bucket 0 (UTC us) */
  gint64       bucket_us;        /* bucket width (a day may be 23/25 h in local time: see bucket_start) */
  guint        n_buckets;
  gint64      *bucket_start;     /* n_buckets starts, ascending */
  guint        n_steps;          /* rows: index into IlAggregates.steps */
  double      *mean;             /* n_steps x n_buckets, row-major: the mean, or the
                                  * quantile of options.trend_statistic */
  guint32     *count;            /* n_steps x n_buckets */
} IlTrend;

/* Mean latency per (step, turn_number); NAN marks an empty cell. */
typedef struct
{
  guint    n_steps;              /* rows: index into IlAggregates.steps */
  gint32   turn_min, turn_max;   /* columns: turn_min .. turn_max */
  guint    n_turns;
  double  *mean;                 /* n_steps x n_turns */
  guint32 *count;
} IlHeatmap;

typedef struct
{
  guint32 session;               /* index into store->session_ids */
  IlUuid  id;
  gint64  first_start;           /* min started_at */
  gint64  last_end;              /* max completed_at */
  guint32 n_rows;
  guint32 n_errors;
  guint32 n_success;
  guint32 n_turns;               /* distinct turn numbers */
  double  total_latency_ms;
} IlSessionSummary;

typedef struct
{
  IlStrId     step;
  const char *step_name;
  IlStrId     message;           /* IL_STR_NONE: null message, its own group */
  const char *message_text;      /* NULL for null */
  guint64     count;
  double      share_of_step_pct; /* count / rows of that step x 100 */
  gint64      first_seen;        /* created_at, or started_at when null */
  gint64      last_seen;
  guint64     affected_sessions;
  double      avg_latency_ms;
} IlErrorGroup;

typedef struct
{
  gint64  day_start;             /* UTC (or local) midnight, us */
  guint64 count;
} IlDayCount;

typedef struct
{
  guint   n_bins;
  double  min, max;              /* bin i covers [min + i w, min + (i+1) w), the last one closed */
  guint64 *counts;
  /* Set for a log spacing or a clip (il_histogram_bins_compute ()), else
   * NULL and 0: n_bins + 1 edges, then bin i covers [edges[i], edges[i + 1]). */
  double  *edges;
  guint64  overflow;             /* rows above the clip, not in any bin */
  gboolean log_spacing;
} IlHistogram;

typedef struct
{
  gint32  turn;
  guint64 count;
  guint64 errors;
  double  error_rate_pct;
} IlTurnErrorRate;

typedef struct
{
  guint32  session;
  IlUuid   id;
  guint32  n_errors;
  gint64   first_error;          /* started_at of the first error */
  IlStrId *failed_steps;         /* distinct, by step name */
  guint    n_failed_steps;
} IlErrorSession;

typedef struct
{
  guint64 total_errors;
  double  error_rate_pct;        /* NAN when empty */
  gint    most_failing_step;     /* index into steps, -1 when no errors */
  guint64 sessions_with_errors;
} IlErrorSummary;

typedef struct
{
  IlFilter        filter;        /* a copy of what was computed */
  IlAggregateOptions options;

  IlKeyMetrics    key;

  IlStepStats    *steps;         /* sorted by step name (byte order) */
  guint           n_steps;
  gint            slowest_step;  /* index of the highest mean, -1 when none */

  IlStatusCount  *statuses;      /* sorted by count desc, then name */
  guint           n_statuses;

  IlTrend         trend;
  IlHeatmap       heatmap;

  IlSessionSummary *sessions;    /* most recent first_start first */
  guint           n_sessions;

  IlErrorGroup   *error_groups;  /* count desc, then step name, then message (null last) */
  guint           n_error_groups;

  IlErrorSummary  errors;
  IlDayCount     *daily_volume;  /* rows per day of created_at, ascending */
  guint           n_days;
  IlTrend         error_trend;   /* errors per day per step: count holds the numbers, mean unused */
  guint64         error_dow_hour[7][24];   /* Monday first */
  IlErrorSession *error_sessions;          /* top 20 by error count, then first error */
  guint           n_error_sessions;
  IlTurnErrorRate *turn_errors;            /* ascending turn */
  guint           n_turn_errors;

  IlHistogram     latency_histogram;       /* 50 bins, options.histogram_step or all */
  double          p99_latency_ms;          /* of every row; NAN when empty or unknown */
  IlHistogram     session_total_histogram; /* 30 bins of session total latency */
  guint32        *slowest_sessions;        /* up to 5 indexes into sessions */
  guint           n_slowest_sessions;
  guint32        *fastest_sessions;
  guint           n_fastest_sessions;
} IlAggregates;

/* Computes every aggregate over the rows of the (sealed) store that pass the
 * filter. Thread-safe: call it from a worker. */
IlAggregates *il_aggregates_compute (IlRowStore               *store,
                                     const IlFilter           *filter,
                                     const IlAggregateOptions *options);
void          il_aggregates_free    (IlAggregates             *self);

/* Per-row detail of one session, ordered by started_at, for the deep dive. */
typedef struct
{
  guint32 *rows;                 /* store row ids */
  guint    n_rows;
  double  *cumulative_ms;        /* running sum of latency_ms, for the waterfall */
  gint64   start;                /* first started_at */
  gint64   end;                  /* last completed_at */
  double   total_latency_ms;
  guint32  n_errors;
  double   success_rate_pct;
  double   avg_latency_ms;
} IlSessionDetail;

IlSessionDetail *il_session_detail_compute (IlRowStore     *store,
                                            const IlFilter *filter,
                                            guint32         session);
IlSessionDetail *il_session_detail_copy    (const IlSessionDetail *self);
void             il_session_detail_free    (IlSessionDetail *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlAggregates, il_aggregates_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSessionDetail, il_session_detail_free)

G_END_DECLS
