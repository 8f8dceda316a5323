/* test-stats.c: quantiles, std, rates, and a 200-row fixture checked against pandas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "il-aggregates.h"

#include "fixture-rows.h"

/* ---- quantiles ------------------------------------------------------------ */

static void
test_quantile_empty (void)
{
  g_assert_true (isnan (il_quantile_sorted (NULL, 0, 0.5)));
  g_assert_true (isnan (il_quantile_sorted (NULL, 0, 0.0)));
  g_assert_true (isnan (il_quantile_sorted (NULL, 0, 1.0)));
}

static void
test_quantile_one (void)
{
  const double x[] = { 42.5 };

  g_assert_cmpfloat (il_quantile_sorted (x, 1, 0.0), ==, 42.5);
  g_assert_cmpfloat (il_quantile_sorted (x, 1, 0.5), ==, 42.5);
  g_assert_cmpfloat (il_quantile_sorted (x, 1, 0.95), ==, 42.5);
  g_assert_cmpfloat (il_quantile_sorted (x, 1, 1.0), ==, 42.5);
}

static void
test_quantile_two (void)
{
  const double x[] = { 1.0, 3.0 };

  g_assert_cmpfloat (il_quantile_sorted (x, 2, 0.0), ==, 1.0);
  g_assert_cmpfloat (il_quantile_sorted (x, 2, 0.5), ==, 2.0);
  assert_close (il_quantile_sorted (x, 2, 0.95), 2.9, "two p95");
  g_assert_cmpfloat (il_quantile_sorted (x, 2, 1.0), ==, 3.0);
}

static void
test_quantile_odd_even (void)
{
  const double odd[] = { 1, 2, 3, 4, 5 };
  const double even[] = { 1, 2, 3, 4 };

  g_assert_cmpfloat (il_quantile_sorted (odd, 5, 0.5), ==, 3.0);
  g_assert_cmpfloat (il_quantile_sorted (odd, 5, 0.25), ==, 2.0);
  g_assert_cmpfloat (il_quantile_sorted (odd, 5, 0.75), ==, 4.0);
  assert_close (il_quantile_sorted (odd, 5, 0.95), 4.8, "odd p95");
  g_assert_cmpfloat (il_quantile_sorted (odd, 5, 1.0), ==, 5.0);
  g_assert_cmpfloat (il_quantile_sorted (odd, 5, 0.0), ==, 1.0);

  g_assert_cmpfloat (il_quantile_sorted (even, 4, 0.5), ==, 2.5);
  g_assert_cmpfloat (il_quantile_sorted (even, 4, 0.25), ==, 1.75);
  assert_close (il_quantile_sorted (even, 4, 0.95), 3.85, "even p95");
  g_assert_cmpfloat (il_quantile_sorted (even, 4, 1.0), ==, 4.0);
}

static void
test_quantile_ties (void)
{
  const double x[] = { 2, 2, 2, 5 };
  const double same[] = { 7, 7, 7 };

  g_assert_cmpfloat (il_quantile_sorted (x, 4, 0.5), ==, 2.0);
  g_assert_cmpfloat (il_quantile_sorted (x, 4, 0.75), ==, 2.75);
  assert_close (il_quantile_sorted (x, 4, 0.95), 4.55, "ties p95");
  g_assert_cmpfloat (il_quantile_sorted (same, 3, 0.95), ==, 7.0);
  g_assert_cmpfloat (il_quantile_sorted (same, 3, 0.5), ==, 7.0);
}

static void
test_quantile_negative_huge (void)
{
  const double neg[] = { -10, -5, 0, 5 };
  const double huge[] = { 1e300, 1.5e300 };
  const double big[] = { 1e15 + 1, 1e15 + 2, 1e15 + 3 };

  g_assert_cmpfloat (il_quantile_sorted (neg, 4, 0.5), ==, -2.5);
  g_assert_cmpfloat (il_quantile_sorted (neg, 4, 0.0), ==, -10.0);
  assert_close (il_quantile_sorted (neg, 4, 0.95), 4.25, "negative p95");
  assert_close (il_quantile_sorted (huge, 2, 0.5), 1.25e300, "huge median");
  g_assert_true (isfinite (il_quantile_sorted (huge, 2, 0.95)));
  assert_close (il_quantile_sorted (huge, 2, 0.95), 1.475e300, "huge p95");
  g_assert_cmpfloat (il_quantile_sorted (big, 3, 0.5), ==, 1e15 + 2);
  g_assert_cmpfloat (il_quantile_sorted (big, 3, 0.75), ==, 1e15 + 2.5);
}

/* ---- small stores ----------------------------------------------------------- */

typedef struct
{
  const char *step;
  double      latency_ms;
  const char *status;
} MiniRow;

static IlRowStore *
mini_store (const MiniRow *rows,
            guint          n)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = i / 2 + 1;
      in.turn_number = 1;
      in.step_name = rows[i].step;
      in.latency_ms = rows[i].latency_ms;
      in.started_at = G_GINT64_CONSTANT (1767225600000000) + i * G_GINT64_CONSTANT (1000000);
      in.completed_at = in.started_at + 1000;
      in.status = rows[i].status;
      in.created_at = in.completed_at + 5000;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

static void
test_std_one_row (void)
{
  const MiniRow rows[] = {
    { "one", 12.5, "success" },
    { "two", 1e15 + 1, "success" },
    { "two", 1e15 + 2, "success" },
    { "two", 1e15 + 3, "error" },
  };
  g_autoptr(IlRowStore) store = mini_store (rows, G_N_ELEMENTS (rows));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);

  g_assert_cmpuint (agg->n_steps, ==, 2);
  g_assert_cmpstr (agg->steps[0].name, ==, "one");
  g_assert_cmpuint (agg->steps[0].count, ==, 1);
  g_assert_true (isnan (agg->steps[0].std));
  g_assert_cmpfloat (agg->steps[0].mean, ==, 12.5);
  g_assert_cmpfloat (agg->steps[0].median, ==, 12.5);
  g_assert_cmpfloat (agg->steps[0].p99, ==, 12.5);
  /* huge values with a small spread: the two-pass std is exact */
  g_assert_cmpstr (agg->steps[1].name, ==, "two");
  g_assert_cmpfloat (agg->steps[1].std, ==, 1.0);
  g_assert_cmpfloat (agg->steps[1].mean, ==, 1e15 + 2);
  g_assert_cmpfloat (agg->steps[1].median, ==, 1e15 + 2);
}

static void
test_success_rate (void)
{
  const MiniRow rows[] = {
    { "a", 1, "success" },
    { "a", 2, "success" },
    { "b", 3, "error" },
    { "b", -4, "success" },
    { "b", 5, "skipped" },
    { "b", 6, "weird" },
    { "b", 7, "success" },
    { "b", 8, "success" },
  };
  g_autoptr(IlRowStore) store = mini_store (rows, G_N_ELEMENTS (rows));
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);

  g_assert_cmpuint (agg->key.total_records, ==, 8);
  g_assert_cmpfloat (agg->key.success_rate_pct, ==, 62.5);
  g_assert_cmpfloat (agg->key.avg_latency_ms, ==, 28.0 / 8);
  g_assert_cmpfloat (agg->key.total_latency_ms, ==, 28.0);
  g_assert_cmpfloat (agg->steps[0].success_rate_pct, ==, 100.0);
  g_assert_cmpfloat (agg->steps[1].success_rate_pct, ==, 50.0);
  assert_close (agg->steps[1].error_rate_pct, 100.0 / 6, "b error rate");
  g_assert_cmpfloat (agg->steps[1].min, ==, -4.0);
  /* p95 over all rows: -4 1 2 3 5 6 7 8, h = 6.65 */
  assert_close (agg->key.p95_latency_ms, 7.65, "p95");
}

static void
test_empty_store (void)
{
  g_autoptr(IlRowStore) store = mini_store (NULL, 0);
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);

  g_assert_cmpuint (agg->key.total_records, ==, 0);
  g_assert_true (isnan (agg->key.avg_latency_ms));
  g_assert_true (isnan (agg->key.p95_latency_ms));
  g_assert_true (isnan (agg->key.success_rate_pct));
  g_assert_cmpuint (agg->key.unique_sessions, ==, 0);
  g_assert_cmpuint (agg->n_steps, ==, 0);
  g_assert_cmpint (agg->slowest_step, ==, -1);
  g_assert_cmpuint (agg->n_error_groups, ==, 0);
  g_assert_true (isnan (agg->errors.error_rate_pct));
  g_assert_cmpint (agg->errors.most_failing_step, ==, -1);
}

/* ---- the pandas fixture -------------------------------------------------------- */

typedef struct
{
  guint64 n;
  double  avg, p95, success;
  guint64 sessions;
  double  total;
} FixtureKey;

typedef struct
{
  const char *name;
  guint64     count;
  double      mean, median, std, min, max;
  double      q1, q3, p50, p75, p90, p95, p99, p0;
  double      success, error, share, whisker_low, whisker_high;
  guint       n_outliers;
} FixtureStep;

typedef struct
{
  const char *name;
  guint64     count;
  double      mean;
} FixtureStatus;

typedef struct
{
  const char *step, *message;
  guint64     count, affected;
  double      avg;
} FixtureGroup;

typedef struct
{
  gint64  day;
  guint64 count;
} FixtureDay;

/* generated by bench/pandas-reference.py fixture (pandas 1.5.3, numpy 1.24.2) */
static const FixtureKey fixture_key = {
  200, 850.0299, 2387.7319999999863, 87.5, 20, 170005.98000000001
};
static const FixtureStep fixture_steps[] = {
  { "alpha", 50, 1011.6972000000001, 594.59500000000003, 1807.0906197905122, 51.789999999999999, 8395.6800000000003,
    366.20749999999998, 766.85249999999996, 594.59500000000003, 766.85249999999996, 969.15100000000007, 5158.3159999999862, 8188.8999999999996, 51.789999999999999,
    94, 4, 29.754753332794525, 51.789999999999999, 975.10000000000002, 4 },
  { "beta", 50, 570.79160000000002, 509.70000000000005, 296.70638248887178, 111.15000000000001, 1539.76,
    350.68000000000001, 734.09249999999997, 509.70000000000005, 734.09249999999997, 1018.026, 1042.2139999999999, 1304.7020999999991, 111.15000000000001,
    74, 14.000000000000002, 16.787397713892179, 111.15000000000001, 1060.05, 1 },
  { "delta", 49, 794.74755102040831, 661.75, 782.24606695647731, 200.34, 5740.5600000000004,
    459.24000000000001, 974.45000000000005, 661.75, 974.45000000000005, 1144.8119999999999, 1158.3239999999998, 3552.4271999999819, 200.34,
    93.877551020408163, 2.0408163265306123, 22.906623637592045, 200.34, 1181.95, 1 },
  { "gamma, \"quoted\"", 50, 1028.8818000000001, 598.29499999999996, 1360.0671481542852, 161.31999999999999, 5879.04,
    309.8725, 869.50250000000005, 598.29499999999996, 869.50250000000005, 3220.5680000000011, 4638.7279999999992, 5375.0847999999978, 161.31999999999999,
    88, 10, 30.260164965961785, 161.31999999999999, 1131.79, 6 },
  { "solo", 1, 494.81999999999999, 494.81999999999999, NAN, 494.81999999999999, 494.81999999999999,
    494.81999999999999, 494.81999999999999, 494.81999999999999, 494.81999999999999, 494.81999999999999, 494.81999999999999, 494.81999999999999, 494.81999999999999,
    100, 0, 0.29106034975946138, 494.81999999999999, 494.81999999999999, 0 },
};
static const FixtureStatus fixture_statuses[] = {
  { "success", 175, 837.88422857142848 },
  { "error", 15, 1209.5993333333333 },
  { "skipped", 7, 524.70142857142855 },
  { "timeout", 3, 519.78000000000009 },
};
static const FixtureGroup fixture_groups[] = {
  { "beta", NULL, 4, 4, 947.125 },
  { "gamma, \"quoted\"", "multi\nline", 4, 3, 1475.8150000000001 },
  { "alpha", NULL, 2, 2, 689.51999999999998 },
  { "beta", "multi\nline", 2, 2, 410.81 },
  { "beta", "boom", 1, 1, 394.26999999999998 },
  { "delta", "multi\nline", 1, 1, 1006.74 },
  { "gamma, \"quoted\"", "boom", 1, 1, 4850.5600000000004 },
};
static const FixtureDay fixture_days[] = {
  { G_GINT64_CONSTANT (1767225600000000), 65 },
  { G_GINT64_CONSTANT (1767312000000000), 65 },
  { G_GINT64_CONSTANT (1767398400000000), 66 },
};
static const double fixture_alpha_day_mean[] = {
  1053.4805882352939,
  1027.7394117647059,
  950.25750000000005,
};
static const double fixture_beta_turn_mean[] = {
  557.79399999999998,
  443.06599999999997,
  542.81999999999994,
  634.32000000000005,
  675.95799999999997,
};
static const guint64 fixture_histogram[50] = {
  19, 34, 40, 35, 27, 20, 13, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1
};

static void
test_fixture (void)
{
  g_autoptr(IlRowStore) store = fixture_store ();
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  gint alpha = -1, beta = -1;

  g_assert_cmpuint (agg->key.total_records, ==, fixture_key.n);
  assert_close (agg->key.avg_latency_ms, fixture_key.avg, "avg");
  assert_close (agg->key.p95_latency_ms, fixture_key.p95, "p95");
  assert_close (agg->key.success_rate_pct, fixture_key.success, "success rate");
  g_assert_cmpuint (agg->key.unique_sessions, ==, fixture_key.sessions);
  assert_close (agg->key.total_latency_ms, fixture_key.total, "total");

  g_assert_cmpuint (agg->n_steps, ==, G_N_ELEMENTS (fixture_steps));
  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];
      const FixtureStep *want = &fixture_steps[i];

      g_test_message ("step %s", want->name);
      g_assert_cmpstr (st->name, ==, want->name);
      g_assert_cmpuint (st->count, ==, want->count);
      assert_close (st->mean, want->mean, "mean");
      assert_close (st->median, want->median, "median");
      assert_close (st->std, want->std, "std");
      assert_close (st->min, want->min, "min");
      assert_close (st->max, want->max, "max");
      assert_close (st->q1, want->q1, "q1");
      assert_close (st->q3, want->q3, "q3");
      assert_close (st->p50, want->p50, "p50");
      assert_close (st->p75, want->p75, "p75");
      assert_close (st->p90, want->p90, "p90");
      assert_close (st->p95, want->p95, "p95");
      assert_close (st->p99, want->p99, "p99");
      assert_close (st->success_rate_pct, want->success, "success");
      assert_close (st->error_rate_pct, want->error, "error");
      assert_close (st->share_of_total_time_pct, want->share, "share");
      assert_close (st->whisker_low, want->whisker_low, "whisker low");
      assert_close (st->whisker_high, want->whisker_high, "whisker high");
      g_assert_cmpuint (st->n_outliers, ==, want->n_outliers);
      if (g_str_equal (st->name, "alpha"))
        alpha = (gint) i;
      if (g_str_equal (st->name, "beta"))
        beta = (gint) i;
    }
  /* the slowest step on average */
  g_assert_cmpstr (agg->steps[agg->slowest_step].name, ==, "gamma, \"quoted\"");

  g_assert_cmpuint (agg->n_statuses, ==, G_N_ELEMENTS (fixture_statuses));
  for (guint i = 0; i < agg->n_statuses; i++)
    {
      g_assert_cmpstr (agg->statuses[i].name, ==, fixture_statuses[i].name);
      g_assert_cmpuint (agg->statuses[i].count, ==, fixture_statuses[i].count);
      assert_close (agg->statuses[i].mean_latency_ms, fixture_statuses[i].mean, "status mean");
    }

  g_assert_cmpuint (agg->n_error_groups, ==, G_N_ELEMENTS (fixture_groups));
  for (guint i = 0; i < agg->n_error_groups; i++)
    {
      g_assert_cmpstr (agg->error_groups[i].step_name, ==, fixture_groups[i].step);
      g_assert_cmpstr (agg->error_groups[i].message_text, ==, fixture_groups[i].message);
      g_assert_cmpuint (agg->error_groups[i].count, ==, fixture_groups[i].count);
      g_assert_cmpuint (agg->error_groups[i].affected_sessions, ==, fixture_groups[i].affected);
      assert_close (agg->error_groups[i].avg_latency_ms, fixture_groups[i].avg, "group avg");
    }

  g_assert_cmpuint (agg->n_days, ==, G_N_ELEMENTS (fixture_days));
  for (guint i = 0; i < agg->n_days; i++)
    {
      g_assert_cmpint (agg->daily_volume[i].day_start, ==, fixture_days[i].day);
      g_assert_cmpuint (agg->daily_volume[i].count, ==, fixture_days[i].count);
    }

  g_assert_cmpint (alpha, >=, 0);
  g_assert_cmpuint (agg->trend.n_buckets, ==, G_N_ELEMENTS (fixture_alpha_day_mean));
  for (guint b = 0; b < agg->trend.n_buckets; b++)
    assert_close (agg->trend.mean[alpha * agg->trend.n_buckets + b], fixture_alpha_day_mean[b], "trend");

  g_assert_cmpint (beta, >=, 0);
  g_assert_cmpuint (agg->heatmap.n_turns, ==, G_N_ELEMENTS (fixture_beta_turn_mean));
  for (guint t = 0; t < agg->heatmap.n_turns; t++)
    assert_close (agg->heatmap.mean[beta * agg->heatmap.n_turns + t], fixture_beta_turn_mean[t], "heatmap");

  g_assert_cmpuint (agg->latency_histogram.n_bins, ==, 50);
  for (guint b = 0; b < 50; b++)
    g_assert_cmpuint (agg->latency_histogram.counts[b], ==, fixture_histogram[b]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/quantile/empty", test_quantile_empty);
  g_test_add_func ("/stats/quantile/one", test_quantile_one);
  g_test_add_func ("/stats/quantile/two", test_quantile_two);
  g_test_add_func ("/stats/quantile/odd-even", test_quantile_odd_even);
  g_test_add_func ("/stats/quantile/ties", test_quantile_ties);
  g_test_add_func ("/stats/quantile/negative-huge", test_quantile_negative_huge);
  g_test_add_func ("/stats/std/one-row", test_std_one_row);
  g_test_add_func ("/stats/success-rate", test_success_rate);
  g_test_add_func ("/stats/empty", test_empty_store);
  g_test_add_func ("/stats/fixture/pandas", test_fixture);

  return g_test_run ();
}
