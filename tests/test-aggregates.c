/* test-aggregates.c: every aggregate field on small hand-made stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are worked out by hand in the comments (histogram counts were
 * checked with numpy.histogram).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregates-test-util.h"
#include "il-aggregates.h"
#include "il-demo.h"
#include "il-error-filter.h"
#include "il-snapshot.h"

/* Dataset A: three sessions over three days, errors with and without message. */
static const Row rows_a[] = {
  /* 0 */ { 0, 1, "stt", 100, "success", NULL, T0 + 1 * HOUR, 0 },
  /* 1 */ { 0, 1, "llm", 300, "success", NULL, T0 + 1 * HOUR + SEC, 0 },
  /* 2 */ { 0, 2, "stt", 200, "error", "boom", T0 + 2 * HOUR, 0 },
  /* 3 */ { 0, 2, "llm", 500, "error", NULL, T0 + 2 * HOUR + SEC, 0 },
  /* 4 */ { 1, 1, "stt", 150, "success", NULL, T0 + 50 * HOUR, 0 },
  /* 5 */ { 1, 1, "llm", 700, "skipped", NULL, T0 + 50 * HOUR + SEC, 0 },
  /* 6 */ { 1, 3, "llm", 900, "error", "boom", T0 + 51 * HOUR, 0 },
  /* 7 */ { 2, 1, "stt", 50, "timeout", NULL, T0 + 10 * HOUR, NO_CREATED },
  /* 8 */ { 2, 2, "llm", 1100, "error", NULL, T0 + 11 * HOUR, NO_CREATED },
};

static gint64
created_of (guint i)
{
  return rows_a[i].started_at + (gint64) (rows_a[i].latency_ms * 1000) + 1000;
}

static void
test_key_steps_statuses (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  const IlStepStats *llm, *stt;

  g_assert_cmpuint (agg->key.total_records, ==, 9);
  g_assert_cmpfloat (agg->key.total_latency_ms, ==, 4000);
  g_assert_cmpfloat (agg->key.avg_latency_ms, ==, 4000.0 / 9);
  g_assert_cmpfloat (agg->key.success_rate_pct, ==, 3.0 / 9 * 100);
  g_assert_cmpuint (agg->key.unique_sessions, ==, 3);
  /* sorted: 50 100 150 200 300 500 700 900 1100; h = 7.6 */
  g_assert_cmpfloat_with_epsilon (agg->key.p95_latency_ms, 900 + 0.6 * 200, 1e-9);

  g_assert_cmpuint (agg->n_steps, ==, 2);
  llm = &agg->steps[0];
  stt = &agg->steps[1];
  g_assert_cmpstr (llm->name, ==, "llm");
  g_assert_cmpstr (stt->name, ==, "stt");
  g_assert_cmpuint (llm->step, ==, step_id (store, "llm"));
  g_assert_cmpuint (llm->count, ==, 5);
  g_assert_cmpfloat (llm->sum, ==, 3500);
  g_assert_cmpfloat (llm->mean, ==, 700);
  g_assert_cmpfloat (llm->median, ==, 700);
  g_assert_cmpfloat (llm->min, ==, 300);
  g_assert_cmpfloat (llm->max, ==, 1100);
  g_assert_cmpfloat_with_epsilon (llm->std, sqrt (400000.0 / 4), 1e-9);
  g_assert_cmpfloat (llm->q1, ==, 500);
  g_assert_cmpfloat (llm->q3, ==, 900);
  g_assert_cmpuint (llm->success_count, ==, 1);
  g_assert_cmpuint (llm->error_count, ==, 3);
  g_assert_cmpfloat (llm->success_rate_pct, ==, 20);
  g_assert_cmpfloat (llm->error_rate_pct, ==, 60);
  g_assert_cmpfloat (llm->share_of_total_time_pct, ==, 87.5);
  /* stt: 50 100 150 200 */
  g_assert_cmpuint (stt->count, ==, 4);
  g_assert_cmpfloat (stt->median, ==, 125);
  g_assert_cmpfloat (stt->p50, ==, 125);
  g_assert_cmpfloat (stt->q1, ==, 87.5);
  g_assert_cmpfloat (stt->p75, ==, 162.5);
  g_assert_cmpfloat_with_epsilon (stt->p90, 185, 1e-9);
  g_assert_cmpfloat_with_epsilon (stt->p99, 198.5, 1e-9);
  g_assert_cmpfloat (stt->share_of_total_time_pct, ==, 12.5);
  g_assert_cmpint (agg->slowest_step, ==, 0);

  /* count desc, then name */
  g_assert_cmpuint (agg->n_statuses, ==, 4);
  g_assert_cmpstr (agg->statuses[0].name, ==, "error");
  g_assert_cmpuint (agg->statuses[0].count, ==, 4);
  g_assert_cmpfloat (agg->statuses[0].mean_latency_ms, ==, 675);
  g_assert_cmpuint (agg->statuses[0].status, ==, status_id (store, "error"));
  g_assert_cmpstr (agg->statuses[1].name, ==, "success");
  g_assert_cmpuint (agg->statuses[1].count, ==, 3);
  g_assert_cmpfloat_with_epsilon (agg->statuses[1].mean_latency_ms, 550.0 / 3, 1e-9);
  g_assert_cmpstr (agg->statuses[2].name, ==, "skipped");
  g_assert_cmpfloat (agg->statuses[2].mean_latency_ms, ==, 700);
  g_assert_cmpstr (agg->statuses[3].name, ==, "timeout");
  g_assert_cmpfloat (agg->statuses[3].mean_latency_ms, ==, 50);
}

static void
test_trend_heatmap (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  const IlTrend *tr = &agg->trend;
  const IlHeatmap *hm = &agg->heatmap;

  /* days 0 and 2 have rows (7 and 8 have no created_at): day 1 is a gap */
  g_assert_cmpint (tr->bucket, ==, IL_BUCKET_DAY);
  g_assert_cmpint (tr->bucket_us, ==, DAY);
  g_assert_cmpuint (tr->n_buckets, ==, 3);
  g_assert_cmpint (tr->first_bucket_us, ==, T0);
  g_assert_cmpint (tr->bucket_start[1], ==, T0 + DAY);
  g_assert_cmpint (tr->bucket_start[2], ==, T0 + 2 * DAY);
  g_assert_cmpuint (tr->n_steps, ==, 2);
  g_assert_cmpfloat (tr->mean[0], ==, 400);       /* llm */
  g_assert_true (isnan (tr->mean[1]));
  g_assert_cmpuint (tr->count[1], ==, 0);
  g_assert_cmpfloat (tr->mean[2], ==, 800);
  g_assert_cmpuint (tr->count[2], ==, 2);
  g_assert_cmpfloat (tr->mean[3], ==, 150);       /* stt */
  g_assert_true (isnan (tr->mean[4]));
  g_assert_cmpfloat (tr->mean[5], ==, 150);

  /* turns 1..3; stt never ran turn 3 */
  g_assert_cmpuint (hm->n_steps, ==, 2);
  g_assert_cmpint (hm->turn_min, ==, 1);
  g_assert_cmpint (hm->turn_max, ==, 3);
  g_assert_cmpuint (hm->n_turns, ==, 3);
  g_assert_cmpfloat (hm->mean[0], ==, 500);
  g_assert_cmpfloat (hm->mean[1], ==, 800);
  g_assert_cmpfloat (hm->mean[2], ==, 900);
  g_assert_cmpfloat (hm->mean[3], ==, 100);
  g_assert_cmpuint (hm->count[3], ==, 3);
  g_assert_cmpfloat (hm->mean[4], ==, 200);
  g_assert_true (isnan (hm->mean[5]));
  g_assert_cmpuint (hm->count[5], ==, 0);

  /* daily volume: only days with rows */
  g_assert_cmpuint (agg->n_days, ==, 2);
  g_assert_cmpint (agg->daily_volume[0].day_start, ==, T0);
  g_assert_cmpuint (agg->daily_volume[0].count, ==, 4);
  g_assert_cmpint (agg->daily_volume[1].day_start, ==, T0 + 2 * DAY);
  g_assert_cmpuint (agg->daily_volume[1].count, ==, 3);

  /* error rate by turn */
  g_assert_cmpuint (agg->n_turn_errors, ==, 3);
  g_assert_cmpint (agg->turn_errors[0].turn, ==, 1);
  g_assert_cmpuint (agg->turn_errors[0].count, ==, 5);
  g_assert_cmpuint (agg->turn_errors[0].errors, ==, 0);
  g_assert_cmpfloat (agg->turn_errors[0].error_rate_pct, ==, 0);
  g_assert_cmpint (agg->turn_errors[1].turn, ==, 2);
  g_assert_cmpuint (agg->turn_errors[1].count, ==, 3);
  g_assert_cmpfloat (agg->turn_errors[1].error_rate_pct, ==, 100);
  g_assert_cmpint (agg->turn_errors[2].turn, ==, 3);
  g_assert_cmpfloat (agg->turn_errors[2].error_rate_pct, ==, 100);
}

static void
test_trend_buckets (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  IlAggregateOptions options;
  g_autoptr(IlAggregates) agg = NULL;

  g_assert_cmpint (il_bucket_size_get_us (IL_BUCKET_5_MIN), ==, 300 * SEC);
  g_assert_cmpint (il_bucket_size_get_us (IL_BUCKET_15_MIN), ==, 900 * SEC);
  g_assert_cmpint (il_bucket_size_get_us (IL_BUCKET_HOUR), ==, HOUR);
  g_assert_cmpint (il_bucket_size_get_us (IL_BUCKET_DAY), ==, DAY);

  il_aggregate_options_init (&options);
  g_assert_cmpint (options.trend_bucket, ==, IL_BUCKET_DAY);
  g_assert_false (options.local_time);
  g_assert_cmpuint (options.histogram_step, ==, IL_STR_NONE);

  /* hours 01:00 .. 51:00 after T0 */
  options.trend_bucket = IL_BUCKET_HOUR;
  agg = il_aggregates_compute (store, NULL, &options);
  g_assert_cmpuint (agg->trend.n_buckets, ==, 51);
  g_assert_cmpint (agg->trend.first_bucket_us, ==, T0 + HOUR);
  g_assert_cmpint (agg->trend.bucket_start[50], ==, T0 + 51 * HOUR);
  g_assert_cmpfloat (agg->trend.mean[0], ==, 300);          /* llm, 01:00 */
  g_assert_cmpfloat (agg->trend.mean[1], ==, 500);          /* llm, 02:00 */
  g_assert_true (isnan (agg->trend.mean[2]));
  g_assert_cmpfloat (agg->trend.mean[49], ==, 700);         /* llm, 50:00 */
  g_assert_cmpfloat (agg->trend.mean[50], ==, 900);
  g_assert_cmpfloat (agg->trend.mean[51 + 0], ==, 100);     /* stt, 01:00 */
  g_clear_pointer (&agg, il_aggregates_free);

  options.trend_bucket = IL_BUCKET_5_MIN;
  agg = il_aggregates_compute (store, NULL, &options);
  g_assert_cmpuint (agg->trend.n_buckets, ==, 50 * 12 + 1);
  g_assert_cmpint (agg->trend.bucket_start[12], ==, T0 + 2 * HOUR);
  g_assert_cmpfloat (agg->trend.mean[12], ==, 500);
  g_assert_cmpint (agg->trend.bucket, ==, IL_BUCKET_5_MIN);
  /* the other time buckets stay daily */
  g_assert_cmpuint (agg->n_days, ==, 2);
  g_assert_cmpuint (agg->error_trend.n_buckets, ==, 3);
}

static void
test_errors (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  const IlErrorGroup *g;
  guint64 dow_total = 0;

  g_assert_cmpuint (agg->n_error_groups, ==, 3);
  /* (llm, null): rows 3 and 8; row 8 has no created_at, so its started_at counts */
  g = &agg->error_groups[0];
  g_assert_cmpstr (g->step_name, ==, "llm");
  g_assert_cmpuint (g->step, ==, step_id (store, "llm"));
  g_assert_null (g->message_text);
  g_assert_cmpuint (g->message, ==, IL_STR_NONE);
  g_assert_cmpuint (g->count, ==, 2);
  g_assert_cmpuint (g->affected_sessions, ==, 2);
  g_assert_cmpfloat (g->avg_latency_ms, ==, 800);
  g_assert_cmpfloat (g->share_of_step_pct, ==, 40);
  g_assert_cmpint (g->first_seen, ==, created_of (3));
  g_assert_cmpint (g->last_seen, ==, T0 + 11 * HOUR);
  g = &agg->error_groups[1];
  g_assert_cmpstr (g->step_name, ==, "llm");
  g_assert_cmpstr (g->message_text, ==, "boom");
  g_assert_cmpuint (g->count, ==, 1);
  g_assert_cmpfloat (g->avg_latency_ms, ==, 900);
  g_assert_cmpfloat (g->share_of_step_pct, ==, 20);
  g_assert_cmpint (g->first_seen, ==, created_of (6));
  g_assert_cmpint (g->last_seen, ==, created_of (6));
  g = &agg->error_groups[2];
  g_assert_cmpstr (g->step_name, ==, "stt");
  g_assert_cmpstr (g->message_text, ==, "boom");
  g_assert_cmpfloat (g->share_of_step_pct, ==, 25);

  g_assert_cmpuint (agg->errors.total_errors, ==, 4);
  g_assert_cmpfloat (agg->errors.error_rate_pct, ==, 4.0 / 9 * 100);
  g_assert_cmpint (agg->errors.most_failing_step, ==, 0);
  g_assert_cmpuint (agg->errors.sessions_with_errors, ==, 3);

  /* Monday 02:00 twice, Wednesday 03:00 once; row 8 has no created_at */
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      dow_total += agg->error_dow_hour[d][h];
  g_assert_cmpuint (dow_total, ==, 3);
  g_assert_cmpuint (agg->error_dow_hour[0][2], ==, 2);
  g_assert_cmpuint (agg->error_dow_hour[2][3], ==, 1);

  /* errors per day per step */
  g_assert_cmpuint (agg->error_trend.n_buckets, ==, 3);
  g_assert_cmpuint (agg->error_trend.n_steps, ==, 2);
  g_assert_cmpint (agg->error_trend.bucket_start[0], ==, T0);
  g_assert_cmpuint (agg->error_trend.count[0], ==, 1);
  g_assert_cmpuint (agg->error_trend.count[1], ==, 0);
  g_assert_cmpuint (agg->error_trend.count[2], ==, 1);
  g_assert_cmpuint (agg->error_trend.count[3], ==, 1);
  g_assert_cmpuint (agg->error_trend.count[5], ==, 0);

  /* sessions with errors: s0 (2), then s2 (first error 11:00), then s1 (51:00) */
  g_assert_cmpuint (agg->n_error_sessions, ==, 3);
  g_assert_cmpuint (agg->error_sessions[0].id.lo, ==, 1);
  g_assert_cmpuint (agg->error_sessions[0].n_errors, ==, 2);
  g_assert_cmpint (agg->error_sessions[0].first_error, ==, T0 + 2 * HOUR);
  g_assert_cmpuint (agg->error_sessions[0].n_failed_steps, ==, 2);
  g_assert_cmpuint (agg->error_sessions[0].failed_steps[0], ==, step_id (store, "llm"));
  g_assert_cmpuint (agg->error_sessions[0].failed_steps[1], ==, step_id (store, "stt"));
  g_assert_cmpuint (agg->error_sessions[1].id.lo, ==, 3);
  g_assert_cmpint (agg->error_sessions[1].first_error, ==, T0 + 11 * HOUR);
  g_assert_cmpuint (agg->error_sessions[1].n_failed_steps, ==, 1);
  g_assert_cmpuint (agg->error_sessions[2].id.lo, ==, 2);
  g_assert_cmpuint (store->session_ids[agg->error_sessions[2].session].lo, ==, 2);
}

static void
test_sessions (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  const IlSessionSummary *s;

  /* most recent first: s1 (50:00), s2 (10:00), s0 (01:00) */
  g_assert_cmpuint (agg->n_sessions, ==, 3);
  s = &agg->sessions[0];
  g_assert_cmpuint (s->id.lo, ==, 2);
  g_assert_cmpuint (store->session_ids[s->session].lo, ==, 2);
  g_assert_cmpint (s->first_start, ==, T0 + 50 * HOUR);
  g_assert_cmpint (s->last_end, ==, T0 + 51 * HOUR + 900000);
  g_assert_cmpuint (s->n_rows, ==, 3);
  g_assert_cmpuint (s->n_errors, ==, 1);
  g_assert_cmpuint (s->n_success, ==, 1);
  g_assert_cmpuint (s->n_turns, ==, 2);
  g_assert_cmpfloat (s->total_latency_ms, ==, 1750);
  s = &agg->sessions[1];
  g_assert_cmpuint (s->id.lo, ==, 3);
  g_assert_cmpuint (s->n_success, ==, 0);
  g_assert_cmpfloat (s->total_latency_ms, ==, 1150);
  s = &agg->sessions[2];
  g_assert_cmpuint (s->id.lo, ==, 1);
  g_assert_cmpuint (s->n_rows, ==, 4);
  g_assert_cmpuint (s->n_errors, ==, 2);
  g_assert_cmpuint (s->n_turns, ==, 2);
  g_assert_cmpint (s->last_end, ==, T0 + 2 * HOUR + SEC + 500000);
  g_assert_cmpfloat (s->total_latency_ms, ==, 1100);

  g_assert_cmpuint (agg->n_slowest_sessions, ==, 3);
  g_assert_cmpuint (agg->slowest_sessions[0], ==, 0);
  g_assert_cmpuint (agg->slowest_sessions[1], ==, 1);
  g_assert_cmpuint (agg->slowest_sessions[2], ==, 2);
  g_assert_cmpuint (agg->n_fastest_sessions, ==, 3);
  g_assert_cmpuint (agg->fastest_sessions[0], ==, 2);
  g_assert_cmpuint (agg->fastest_sessions[1], ==, 1);
  g_assert_cmpuint (agg->fastest_sessions[2], ==, 0);

  /* numpy.histogram ([1100, 1750, 1150], 30): bins 0, 2, 29 */
  g_assert_cmpuint (agg->session_total_histogram.n_bins, ==, 30);
  g_assert_cmpfloat (agg->session_total_histogram.min, ==, 1100);
  g_assert_cmpfloat (agg->session_total_histogram.max, ==, 1750);
  g_assert_cmpuint (agg->session_total_histogram.counts[0], ==, 1);
  g_assert_cmpuint (agg->session_total_histogram.counts[2], ==, 1);
  g_assert_cmpuint (agg->session_total_histogram.counts[29], ==, 1);

  /* numpy.histogram (all latencies, 50) */
  {
    const guint bins[] = { 0, 2, 4, 7, 11, 21, 30, 40, 49 };
    guint64 total = 0;

    g_assert_cmpuint (agg->latency_histogram.n_bins, ==, 50);
    g_assert_cmpfloat (agg->latency_histogram.min, ==, 50);
    g_assert_cmpfloat (agg->latency_histogram.max, ==, 1100);
    for (guint i = 0; i < G_N_ELEMENTS (bins); i++)
      g_assert_cmpuint (agg->latency_histogram.counts[bins[i]], ==, 1);
    for (guint i = 0; i < 50; i++)
      total += agg->latency_histogram.counts[i];
    g_assert_cmpuint (total, ==, 9);
  }
}

static void
test_session_detail (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  g_autoptr(IlSessionDetail) d = NULL;
  IlFilter filter;
  guint32 s0 = G_MAXUINT32;

  for (guint i = 0; i < store->n_sessions; i++)
    if (store->session_ids[i].lo == 1)
      s0 = i;
  g_assert_cmpuint (s0, !=, G_MAXUINT32);

  d = il_session_detail_compute (store, NULL, s0);
  g_assert_cmpuint (d->n_rows, ==, 4);
  g_assert_cmpuint (d->rows[0], ==, 0);
  g_assert_cmpuint (d->rows[1], ==, 1);
  g_assert_cmpuint (d->rows[2], ==, 2);
  g_assert_cmpuint (d->rows[3], ==, 3);
  g_assert_cmpfloat (d->cumulative_ms[0], ==, 100);
  g_assert_cmpfloat (d->cumulative_ms[1], ==, 400);
  g_assert_cmpfloat (d->cumulative_ms[3], ==, 1100);
  g_assert_cmpint (d->start, ==, T0 + HOUR);
  g_assert_cmpint (d->end, ==, T0 + 2 * HOUR + SEC + 500000);
  g_assert_cmpfloat (d->total_latency_ms, ==, 1100);
  g_assert_cmpuint (d->n_errors, ==, 2);
  g_assert_cmpfloat (d->success_rate_pct, ==, 50);
  g_assert_cmpfloat (d->avg_latency_ms, ==, 275);
  g_clear_pointer (&d, il_session_detail_free);

  /* with a filter: only stt */
  il_filter_init (&filter);
  filter.steps = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.steps, GUINT_TO_POINTER (step_id (store, "stt") + 1));
  d = il_session_detail_compute (store, &filter, s0);
  g_assert_cmpuint (d->n_rows, ==, 2);
  g_assert_cmpuint (d->rows[1], ==, 2);
  g_assert_cmpfloat (d->cumulative_ms[1], ==, 300);
  g_assert_cmpuint (d->n_errors, ==, 1);
  g_clear_pointer (&d, il_session_detail_free);

  /* nothing passes */
  filter.min_latency_ms = 1e9;
  d = il_session_detail_compute (store, &filter, s0);
  g_assert_cmpuint (d->n_rows, ==, 0);
  g_assert_true (isnan (d->avg_latency_ms));
  g_assert_true (isnan (d->success_rate_pct));
  il_filter_clear (&filter);
}

static void
test_filters (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_a, G_N_ELEMENTS (rows_a));
  IlFilter filter, copy;
  g_autofree guint32 *rows = NULL;
  guint n = 0;

  il_filter_init (&filter);
  g_assert_cmpint (filter.created_min, ==, IL_TIME_NONE);
  g_assert_cmpint (filter.created_max, ==, IL_TIME_NONE);
  g_assert_null (filter.steps);
  g_assert_true (isinf (filter.min_latency_ms) && filter.min_latency_ms < 0);
  g_assert_true (isinf (filter.max_latency_ms) && filter.max_latency_ms > 0);
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 9);
  g_clear_pointer (&rows, g_free);

  /* latency bounds are inclusive: 150 200 300 500 700, in store order */
  filter.min_latency_ms = 150;
  filter.max_latency_ms = 700;
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (rows[0], ==, 1);
  g_assert_cmpuint (rows[1], ==, 2);
  g_assert_cmpuint (rows[2], ==, 3);
  g_assert_cmpuint (rows[3], ==, 4);
  g_assert_cmpuint (rows[4], ==, 5);
  g_assert_true (il_filter_matches (&filter, store, 5));
  g_assert_false (il_filter_matches (&filter, store, 6));
  g_clear_pointer (&rows, g_free);
  {
    g_autoptr(IlAggregates) agg = il_aggregates_compute (store, &filter, NULL);

    g_assert_cmpuint (agg->key.total_records, ==, 5);
    g_assert_cmpfloat (agg->key.total_latency_ms, ==, 1850);
    /* sorted 150 200 300 500 700: h = 3.8 */
    g_assert_cmpfloat_with_epsilon (agg->key.p95_latency_ms, 660, 1e-9);
    g_assert_cmpuint (agg->key.unique_sessions, ==, 2);
    g_assert_cmpfloat (agg->filter.min_latency_ms, ==, 150);
  }
  il_filter_clear (&filter);

  /* time range: null created_at is out as soon as a bound is set */
  filter.created_min = T0 + DAY;
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (rows[0], ==, 4);
  g_clear_pointer (&rows, g_free);
  filter.created_min = IL_TIME_NONE;
  filter.created_max = T0 + DAY;
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 4);
  g_clear_pointer (&rows, g_free);
  /* created_max is exclusive */
  filter.created_min = created_of (0);
  filter.created_max = created_of (1);
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (rows[0], ==, 0);
  g_clear_pointer (&rows, g_free);
  il_filter_clear (&filter);

  /* steps and statuses */
  filter.steps = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.steps, GUINT_TO_POINTER (step_id (store, "llm") + 1));
  filter.statuses = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.statuses, GUINT_TO_POINTER (status_id (store, "error") + 1));
  il_filter_copy (&copy, &filter);
  il_filter_clear (&filter);
  g_assert_null (filter.steps);
  rows = il_filter_apply (&copy, store, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (rows[0], ==, 3);
  g_assert_cmpuint (rows[1], ==, 6);
  g_assert_cmpuint (rows[2], ==, 8);
  g_clear_pointer (&rows, g_free);
  {
    g_autoptr(IlAggregates) agg = il_aggregates_compute (store, &copy, NULL);

    g_assert_cmpuint (agg->n_steps, ==, 1);
    g_assert_cmpstr (agg->steps[0].name, ==, "llm");
    g_assert_cmpfloat (agg->steps[0].median, ==, 900);
    g_assert_cmpfloat (agg->key.success_rate_pct, ==, 0);
    g_assert_cmpuint (agg->n_statuses, ==, 1);
    g_assert_cmpuint (agg->n_error_groups, ==, 2);
    g_assert_cmpuint (g_hash_table_size (agg->filter.steps), ==, 1);
    /* the heatmap spans the filtered turns only */
    g_assert_cmpint (agg->heatmap.turn_min, ==, 2);
    g_assert_cmpint (agg->heatmap.turn_max, ==, 3);
  }
  il_filter_clear (&copy);

  /* an empty set keeps nothing */
  filter.steps = g_hash_table_new (NULL, NULL);
  rows = il_filter_apply (&filter, store, &n);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&rows, g_free);
  {
    g_autoptr(IlAggregates) agg = il_aggregates_compute (store, &filter, NULL);

    g_assert_cmpuint (agg->key.total_records, ==, 0);
    g_assert_true (isnan (agg->key.p95_latency_ms));
    g_assert_cmpuint (agg->n_sessions, ==, 0);
    g_assert_cmpuint (agg->trend.n_buckets, ==, 0);
    g_assert_cmpuint (agg->heatmap.n_turns, ==, 0);
    g_assert_cmpuint (agg->n_days, ==, 0);
    g_assert_cmpuint (agg->n_slowest_sessions, ==, 0);
  }
  il_filter_clear (&filter);
}

/* Dataset B: box plots and histograms */
static const Row rows_b[] = {
  { 0, 0, "x", 1, "success", NULL, T0, 0 },
  { 0, 0, "x", 2, "success", NULL, T0, 0 },
  { 0, 0, "x", 3, "success", NULL, T0, 0 },
  { 0, 0, "x", 100, "success", NULL, T0, 0 },
  { 0, 0, "x", 4, "success", NULL, T0, 0 },
  { 0, 0, "x", 5, "success", NULL, T0, 0 },
  { 0, 0, "x", 6, "success", NULL, T0, 0 },
  { 0, 0, "x", 7, "success", NULL, T0, 0 },
  { 0, 0, "x", 8, "success", NULL, T0, 0 },
  { 0, 0, "x", 9, "success", NULL, T0, 0 },
  { 1, 0, "y", 100, "success", NULL, T0, 0 },
  { 1, 0, "y", 0, "success", NULL, T0, 0 },
  { 1, 0, "y", 100, "success", NULL, T0, 0 },
  { 1, 0, "y", 100, "success", NULL, T0, 0 },
  { 2, 0, "z", 5, "success", NULL, T0, 0 },
  { 2, 0, "z", 5, "success", NULL, T0, 0 },
  { 2, 0, "z", 5, "success", NULL, T0, 0 },
};

static void
test_box_histogram (void)
{
  g_autoptr(IlRowStore) store = make_store (rows_b, G_N_ELEMENTS (rows_b));
  g_autoptr(IlAggregates) agg = NULL;
  IlAggregateOptions options;
  const IlStepStats *x, *y, *z;

  agg = il_aggregates_compute (store, NULL, NULL);
  g_assert_cmpuint (agg->n_steps, ==, 3);
  x = &agg->steps[0];
  y = &agg->steps[1];
  z = &agg->steps[2];

  /* x: 1..9 and 100: Q1 3.25, Q3 7.75, fences -3.5 and 14.5 */
  g_assert_cmpfloat (x->q1, ==, 3.25);
  g_assert_cmpfloat (x->q3, ==, 7.75);
  g_assert_cmpfloat (x->median, ==, 5.5);
  g_assert_cmpfloat (x->whisker_low, ==, 1);
  g_assert_cmpfloat (x->whisker_high, ==, 9);
  g_assert_cmpuint (x->n_outliers, ==, 1);
  g_assert_cmpfloat (x->outliers[0], ==, 100);

  /* y: 0 100 100 100: Q1 75, Q3 100, fences 37.5 and 137.5: the low whisker stays at Q1 */
  g_assert_cmpfloat (y->q1, ==, 75);
  g_assert_cmpfloat (y->q3, ==, 100);
  g_assert_cmpfloat (y->whisker_low, ==, 75);
  g_assert_cmpfloat (y->whisker_high, ==, 100);
  g_assert_cmpuint (y->n_outliers, ==, 1);
  g_assert_cmpfloat (y->outliers[0], ==, 0);

  /* z: one distinct value */
  g_assert_cmpfloat (z->std, ==, 0);
  g_assert_cmpfloat (z->whisker_low, ==, 5);
  g_assert_cmpfloat (z->whisker_high, ==, 5);
  g_assert_cmpuint (z->n_outliers, ==, 0);

  /* numpy.histogram (0..100 values of all steps, 50 bins) */
  g_assert_cmpfloat (agg->latency_histogram.min, ==, 0);
  g_assert_cmpfloat (agg->latency_histogram.max, ==, 100);
  g_assert_cmpuint (agg->latency_histogram.counts[0], ==, 2);     /* 0, 1 */
  g_assert_cmpuint (agg->latency_histogram.counts[49], ==, 4);    /* the 100s, last bin closed */
  g_clear_pointer (&agg, il_aggregates_free);

  il_aggregate_options_init (&options);
  options.histogram_step = step_id (store, "x");
  agg = il_aggregates_compute (store, NULL, &options);
  /* numpy: {0: 2, 1: 2, 2: 2, 3: 2, 4: 1, 49: 1}, edges 1 .. 100 */
  g_assert_cmpfloat (agg->latency_histogram.min, ==, 1);
  g_assert_cmpfloat (agg->latency_histogram.max, ==, 100);
  g_assert_cmpuint (agg->latency_histogram.counts[0], ==, 2);
  g_assert_cmpuint (agg->latency_histogram.counts[3], ==, 2);
  g_assert_cmpuint (agg->latency_histogram.counts[4], ==, 1);
  g_assert_cmpuint (agg->latency_histogram.counts[5], ==, 0);
  g_assert_cmpuint (agg->latency_histogram.counts[49], ==, 1);
  g_clear_pointer (&agg, il_aggregates_free);

  /* a single distinct value: numpy's range is [v - 0.5, v + 0.5] */
  options.histogram_step = step_id (store, "z");
  agg = il_aggregates_compute (store, NULL, &options);
  g_assert_cmpfloat (agg->latency_histogram.min, ==, 4.5);
  g_assert_cmpfloat (agg->latency_histogram.max, ==, 5.5);
  g_assert_cmpuint (agg->latency_histogram.counts[25], ==, 3);
}

static void
test_local_time (void)
{
  /* TZ is Asia/Kolkata (+05:30) for this program: see main () */
  const Row rows[] = {
    { 0, 1, "a", 10, "error", "x", T0 + 20 * HOUR, T0 + 20 * HOUR },
    { 0, 1, "a", 30, "success", NULL, T0 + 21 * HOUR, T0 + 21 * HOUR },
  };
  g_autoptr(IlRowStore) store = make_store (rows, G_N_ELEMENTS (rows));
  g_autoptr(IlAggregates) utc = il_aggregates_compute (store, NULL, NULL);
  g_autoptr(IlAggregates) local = NULL;
  IlAggregateOptions options;

  /* UTC: Monday 20:00 and 21:00, the same day */
  g_assert_cmpuint (utc->n_days, ==, 1);
  g_assert_cmpint (utc->daily_volume[0].day_start, ==, T0);
  g_assert_cmpuint (utc->error_dow_hour[0][20], ==, 1);

  /* local: Tuesday 01:30 and 02:30 IST; the day starts at 18:30 UTC */
  il_aggregate_options_init (&options);
  options.local_time = TRUE;
  options.trend_bucket = IL_BUCKET_HOUR;
  local = il_aggregates_compute (store, NULL, &options);
  g_assert_cmpuint (local->n_days, ==, 1);
  g_assert_cmpint (local->daily_volume[0].day_start, ==, T0 + 18 * HOUR + 30 * 60 * SEC);
  g_assert_cmpuint (local->error_dow_hour[1][1], ==, 1);
  g_assert_cmpuint (local->error_dow_hour[0][20], ==, 0);
  /* hour buckets 01:00 and 02:00 IST start at 19:30 and 20:30 UTC */
  g_assert_cmpuint (local->trend.n_buckets, ==, 2);
  g_assert_cmpint (local->trend.bucket_start[0], ==, T0 + 19 * HOUR + 30 * 60 * SEC);
  g_assert_cmpint (local->trend.bucket_start[1], ==, T0 + 20 * HOUR + 30 * 60 * SEC);
  g_assert_cmpfloat (local->trend.mean[0], ==, 10);
  g_assert_cmpfloat (local->trend.mean[1], ==, 30);
}

static void
test_wide_turns (void)
{
  const Row rows[] = {
    { 0, -5, "a", 10, "success", NULL, T0, 0 },
    { 0, 100000, "a", 20, "error", NULL, T0 + SEC, 0 },
    { 0, 100000, "a", 30, "success", NULL, T0 + 2 * SEC, 0 },
    { 0, 70, "a", 40, "success", NULL, T0 + 3 * SEC, 0 },
  };
  g_autoptr(IlRowStore) store = make_store (rows, G_N_ELEMENTS (rows));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);

  /* too wide for a dense heatmap: none; error rate by turn still exact */
  g_assert_cmpuint (agg->heatmap.n_turns, ==, 0);
  g_assert_cmpuint (agg->n_turn_errors, ==, 3);
  g_assert_cmpint (agg->turn_errors[0].turn, ==, -5);
  g_assert_cmpint (agg->turn_errors[1].turn, ==, 70);
  g_assert_cmpint (agg->turn_errors[2].turn, ==, 100000);
  g_assert_cmpuint (agg->turn_errors[2].count, ==, 2);
  g_assert_cmpfloat (agg->turn_errors[2].error_rate_pct, ==, 50);
  g_assert_cmpuint (agg->sessions[0].n_turns, ==, 3);
}

static void
test_time_cap (void)
{
  /* a stray row from 1970 with "All data" and 5-minute buckets */
  const Row rows[] = {
    { 0, 1, "a", 10, "success", NULL, DAY, DAY },
    { 1, 1, "a", 30, "error", NULL, T0, T0 },
  };
  g_autoptr(IlRowStore) store = make_store (rows, G_N_ELEMENTS (rows));
  g_autoptr(IlAggregates) agg = NULL;
  IlAggregateOptions options;

  il_aggregate_options_init (&options);
  options.trend_bucket = IL_BUCKET_5_MIN;
  agg = il_aggregates_compute (store, NULL, &options);
  /* the trend keeps its most recent 200000 buckets; every other figure has both rows */
  g_assert_cmpuint (agg->trend.n_buckets, ==, 200000);
  g_assert_cmpint (agg->trend.bucket_start[199999], ==, T0);
  g_assert_cmpfloat (agg->trend.mean[199999], ==, 30);
  g_assert_cmpuint (agg->key.total_records, ==, 2);
  g_assert_cmpuint (agg->n_days, ==, 2);
  g_assert_cmpint (agg->daily_volume[0].day_start, ==, DAY);
  g_assert_cmpuint (agg->error_trend.n_buckets, ==, (guint) ((T0 - DAY) / DAY + 1));
}

int
main (int   argc,
      char *argv[])
{
  /* before anything reads the local time zone */
  g_setenv ("TZ", "Asia/Kolkata", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregates/key-steps-statuses", test_key_steps_statuses);
  g_test_add_func ("/aggregates/trend-heatmap", test_trend_heatmap);
  g_test_add_func ("/aggregates/trend-buckets", test_trend_buckets);
  g_test_add_func ("/aggregates/errors", test_errors);
  g_test_add_func ("/aggregates/sessions", test_sessions);
  g_test_add_func ("/aggregates/session-detail", test_session_detail);
  g_test_add_func ("/aggregates/filters", test_filters);
  g_test_add_func ("/aggregates/box-histogram", test_box_histogram);
  g_test_add_func ("/aggregates/local-time", test_local_time);
  g_test_add_func ("/aggregates/wide-turns", test_wide_turns);
  g_test_add_func ("/aggregates/time-cap", test_time_cap);

  return g_test_run ();
}
