/* il-slo.h: latency targets per step, and how the figures fare against them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A target bounds one statistic of one step (or of every step) from above:
 * "llm:p95<=800" reads "the P95 latency of step llm is at most 800 ms".
 * Values are the ones il-aggregates.h computes (pandas definitions); the
 * comparison is on the exact double, never on a rounded display.
 */
#pragma once

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_SLO_ERROR (il_slo_error_quark ())
typedef enum
{
  IL_SLO_ERROR_SYNTAX,           /* not STEP:STATISTIC<=VALUE */
  IL_SLO_ERROR_STATISTIC,        /* unknown statistic */
  IL_SLO_ERROR_VALUE,            /* not a number, or a unit that does not fit */
} IlSloError;
GQuark il_slo_error_quark (void);

typedef enum
{
  IL_SLO_MEAN,
  IL_SLO_P50,
  IL_SLO_P75,
  IL_SLO_P90,
  IL_SLO_P95,
  IL_SLO_P99,
  IL_SLO_ERROR_RATE,             /* % of the step's rows with status "error" */
  IL_SLO_N_STATISTICS
} IlSloStatistic;

typedef enum
{
  IL_SLO_NO_DATA,                /* the step has no rows: neither met nor breached */
  IL_SLO_MET,
  IL_SLO_BREACHED,
} IlSloStatus;

/* The step name that stands for every step. */
#define IL_SLO_EVERY_STEP "*"

typedef struct
{
  char           *step;          /* a step name, or IL_SLO_EVERY_STEP */
  IlSloStatistic  statistic;
  double          bound;         /* at most this: ms, or percent for IL_SLO_ERROR_RATE */
} IlSloTarget;

IlSloTarget *il_slo_target_new       (const char        *step,
                                      IlSloStatistic     statistic,
                                      double             bound);
IlSloTarget *il_slo_target_copy      (const IlSloTarget *target);
void         il_slo_target_free      (IlSloTarget       *target);
IlSloTarget *il_slo_target_parse     (const char        *text,
                                      GError           **error);
char        *il_slo_target_to_string (const IlSloTarget *target);
gboolean     il_slo_target_applies_to (const IlSloTarget *target,
                                       const char        *step_name);

/* Parses every string; on the first bad one fails with its text in the message.
 * Returns a GPtrArray of IlSloTarget (it frees them). */
GPtrArray   *il_slo_targets_parse    (const char *const *texts,
                                      GError           **error);

const char  *il_slo_statistic_to_string   (IlSloStatistic statistic);
gboolean     il_slo_statistic_from_string (const char     *name,
                                           IlSloStatistic *out);
/* "met", "breached", "no_data": the JSON report's tokens. */
const char  *il_slo_status_to_string      (IlSloStatus    status);

/* The statistic of one step's figures; NAN when it has no rows. */
double       il_slo_step_value (const IlStepStats *step,
                                IlSloStatistic     statistic);
/* The status of a value over @count rows: no rows is no data. */
IlSloStatus  il_slo_judge      (const IlSloTarget *target,
                                double             value,
                                guint64            count);

/* One (target, step) pair. */
typedef struct
{
  guint           target_index;  /* into the targets evaluated */
  char           *step;          /* the step evaluated; IL_SLO_EVERY_STEP only for a
                                    "*" target over a range without any step */
  IlSloStatistic  statistic;
  double          bound;
  double          value;         /* NAN when there is no data */
  guint64         count;         /* rows of the step */
  IlSloStatus     status;
} IlSloResult;

void         il_slo_result_clear (IlSloResult       *result);
void         il_slo_result_copy  (IlSloResult       *dest,
                                  const IlSloResult *src);
/* The target as it was judged: the result's step, statistic and bound. */
char        *il_slo_result_target_to_string (const IlSloResult *result);

/* Every target against @agg: a named target gives one result (no data when the
 * step has no rows), a "*" target one per step of @agg, in step order.
 * Returns a GArray of IlSloResult (it clears them). */
GArray      *il_slo_evaluate     (const GPtrArray    *targets,
                                  const IlAggregates *agg);
gboolean     il_slo_any_breached (const GArray       *results);

/* The rows of each (step, trend bucket) of an IlAggregates, sorted by latency:
 * built in one pass over the store, then any number of targets is followed over
 * the buckets at the cost of a few quantiles each. Immutable once built. */
typedef struct _IlSloSeries IlSloSeries;

/* Over the rows of @store (sealed; the store @agg was computed from) that pass
 * agg->filter, in agg's trend buckets (size, UTC or local time). Thread-safe:
 * call it from a worker. */
IlSloSeries *il_slo_series_new  (IlRowStore         *store,
                                 const IlAggregates *agg);
void         il_slo_series_free (IlSloSeries        *series);

/* A target followed over the trend buckets for one step. */
typedef struct
{
  guint        n_buckets;        /* agg->trend.n_buckets */
  gint64      *bucket_start;     /* UTC us, as agg->trend.bucket_start */
  gint64      *bucket_end;       /* the next start (a local day may be 23 or 25 h) */
  double      *value;            /* NAN where the bucket has no rows of the step */
  guint64     *count;
  IlSloStatus *status;
  gint         last_met;         /* index of the latest met bucket, -1 when none */
  guint        n_breached;
} IlSloBuckets;

/* @target for agg->steps[@step_index], bucket by bucket: the pandas figures of
 * each bucket's rows; the mean is the trend chart's own. */
IlSloBuckets *il_slo_series_evaluate  (const IlSloSeries  *series,
                                       const IlSloTarget  *target,
                                       guint               step_index);
/* The same for one target, building a series for it (one pass over the store). */
IlSloBuckets *il_slo_evaluate_buckets (IlRowStore         *store,
                                       const IlAggregates *agg,
                                       const IlSloTarget  *target,
                                       guint               step_index);
void          il_slo_buckets_free     (IlSloBuckets       *buckets);
/* Start of the latest bucket in which the target was met; IL_TIME_NONE when never. */
gint64        il_slo_buckets_get_last_met (const IlSloBuckets *buckets);

/* Finds a step of @agg by name; -1 when absent. */
gint          il_slo_find_step    (const IlAggregates *agg,
                                   const char         *step_name);

/* "912.35 ms" or "14.2 %": two decimals, or as many as it takes to show a
 * breached value above its bound when rounding would hide it. */
char         *il_slo_format_value (IlSloStatistic statistic,
                                   double         value,
                                   double         bound);

/* A bound as written: "800 ms", "2.5 %" (shortest exact form). */
char         *il_slo_format_bound (IlSloStatistic statistic,
                                   double         bound);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSloTarget, il_slo_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSloBuckets, il_slo_buckets_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSloSeries, il_slo_series_free)

G_END_DECLS
