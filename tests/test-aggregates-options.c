/* test-aggregates-options.c: the options that shape the figures for reading:
 * log spaced or clipped latency histograms, the trend statistic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-aggregates.h"
#include "il-demo.h"

#define T0  G_GINT64_CONSTANT (1767571200000000)   /* 2026-01-05T00:00:00Z */
#define SEC G_GINT64_CONSTANT (1000000)

/* 10 x 1 ms, 10 x 10 ms, 10 x 100 ms (success) and one 1000 ms (error):
 * a long tail that puts two thirds of the rows in the first linear bin. */
static IlRowStore *
make_tail_store (void)
{
  IlRowStore *store = il_row_store_new ();
  static const double values[] = { 1, 10, 100 };
  guint id = 0;

  for (guint v = 0; v < G_N_ELEMENTS (values); v++)
    for (guint k = 0; k < 10; k++)
      {
        IlRowInput in = { 0 };

        in.metric_id.lo = ++id;
        in.session_id.lo = 1 + k % 3;
        in.step_name = "step";
        in.latency_ms = values[v];
        in.started_at = T0 + id * SEC;
        in.completed_at = in.started_at + (gint64) (values[v] * 1000);
        in.created_at = in.completed_at + 1000;
        in.status = "success";
        il_row_store_append_row (store, &in);
      }
  {
    IlRowInput in = { 0 };

    in.metric_id.lo = ++id;
    in.session_id.lo = 1;
    in.step_name = "step";
    in.latency_ms = 1000;
    in.started_at = T0 + id * SEC;
    in.completed_at = in.started_at + 1000000;
    in.created_at = in.completed_at + 1000;
    in.status = "error";
    il_row_store_append_row (store, &in);
  }
  il_row_store_seal (store);
  return store;
}

static void
assert_counts (const IlHistogram *h,
               const guint       *bins,
               const guint64     *counts,
               guint              n)
{
  for (guint b = 0; b < h->n_bins; b++)
    {
      guint64 expected = 0;

      for (guint i = 0; i < n; i++)
        if (bins[i] == b)
          expected = counts[i];
      if (h->counts[b] != expected)
        g_error ("bin %u: %" G_GUINT64_FORMAT " rows, expected %" G_GUINT64_FORMAT, b, h->counts[b], expected);
    }
}

static IlAggregates *
compute (IlRowStore         *store,
         const IlFilter     *filter,
         IlHistogramSpacing  spacing,
         gboolean            clip)
{
  IlAggregateOptions options;

  il_aggregate_options_init (&options);
  options.histogram_spacing = spacing;
  options.histogram_clip_p99 = clip;
  return il_aggregates_compute (store, filter, &options);
}

static void
test_histogram_linear (void)
{
  g_autoptr(IlRowStore) store = make_tail_store ();
  g_autoptr(IlAggregates) agg = compute (store, NULL, IL_HISTOGRAM_SPACING_LINEAR, FALSE);
  /* numpy.histogram, 50 bins over 1..1000 (width 19.98): 1 and 10 in bin 0 */
  static const guint bins[] = { 0, 4, 49 };
  static const guint64 counts[] = { 20, 10, 1 };

  g_assert_null (agg->latency_histogram.edges);
  g_assert_cmpuint (agg->latency_histogram.overflow, ==, 0);
  assert_counts (&agg->latency_histogram, bins, counts, G_N_ELEMENTS (bins));
  /* P99 of the 31 rows: 100 + 0.7 (1000 - 100) */
  g_assert_cmpfloat_with_epsilon (agg->p99_latency_ms, 730, 1e-9);
  g_assert_false (agg->options.histogram_clip_p99);
}

static void
test_histogram_log (void)
{
  g_autoptr(IlRowStore) store = make_tail_store ();
  g_autoptr(IlAggregates) agg = compute (store, NULL, IL_HISTOGRAM_SPACING_LOG, FALSE);
  const IlHistogram *h = &agg->latency_histogram;
  /* edges 10^(3 i / 50): 10 falls in bin 16 (10^0.96 .. 10^1.02), 100 in 33 */
  static const guint bins[] = { 0, 16, 33, 49 };
  static const guint64 counts[] = { 10, 10, 10, 1 };

  g_assert_nonnull (h->edges);
  g_assert_true (h->log_spacing);
  g_assert_cmpfloat (h->edges[0], ==, 1);
  g_assert_cmpfloat (h->edges[50], ==, 1000);
  g_assert_cmpfloat (h->min, ==, 1);
  g_assert_cmpfloat (h->max, ==, 1000);
  g_assert_cmpuint (h->overflow, ==, 0);
  assert_counts (h, bins, counts, G_N_ELEMENTS (bins));
}

static void
test_histogram_clip (void)
{
  g_autoptr(IlRowStore) store = make_tail_store ();
  g_autoptr(IlAggregates) agg = compute (store, NULL, IL_HISTOGRAM_SPACING_LINEAR, TRUE);
  const IlHistogram *h = &agg->latency_histogram;
  /* 50 bins over 1..730 (width 14.58): 100 in bin 6, the 1000 past the clip */
  static const guint bins[] = { 0, 6 };
  static const guint64 counts[] = { 20, 10 };

  g_assert_nonnull (h->edges);
  g_assert_false (h->log_spacing);
  g_assert_cmpfloat_with_epsilon (h->max, 730, 1e-9);
  g_assert_cmpuint (h->overflow, ==, 1);
  assert_counts (h, bins, counts, G_N_ELEMENTS (bins));
  g_clear_pointer (&agg, il_aggregates_free);

  /* both: log bins over 1..730: 10 in bin 17, 100 in bin 34 */
  agg = compute (store, NULL, IL_HISTOGRAM_SPACING_LOG, TRUE);
  h = &agg->latency_histogram;
  {
    static const guint lbins[] = { 0, 17, 34 };
    static const guint64 lcounts[] = { 10, 10, 10 };

    g_assert_true (h->log_spacing);
    g_assert_cmpuint (h->overflow, ==, 1);
    assert_counts (h, lbins, lcounts, G_N_ELEMENTS (lbins));
  }
}

/* With a filter (the rows come through the bitmap), only the rows kept. */
static void
test_histogram_filtered (void)
{
  g_autoptr(IlRowStore) store = make_tail_store ();
  g_autoptr(IlAggregates) agg = NULL;
  IlFilter filter;
  /* success only: 1..100, the P99 is 100, nothing past it */
  static const guint bins[] = { 0, 4, 49 };
  static const guint64 counts[] = { 10, 10, 10 };

  il_filter_init (&filter);
  filter.statuses = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.statuses,
                    GUINT_TO_POINTER (il_string_pool_lookup (store->statuses, "success") + 1));
  agg = compute (store, &filter, IL_HISTOGRAM_SPACING_LINEAR, TRUE);
  g_assert_cmpuint (agg->key.total_records, ==, 30);
  g_assert_cmpfloat (agg->latency_histogram.max, ==, 100);
  g_assert_cmpuint (agg->latency_histogram.overflow, ==, 0);
  assert_counts (&agg->latency_histogram, bins, counts, G_N_ELEMENTS (bins));
  il_filter_clear (&filter);
}

#define MIN_US (60 * SEC)
#define HOUR_US (60 * MIN_US)
#define DAY_US (24 * HOUR_US)

static void
test_bucket_for_span (void)
{
  g_assert_cmpint (il_bucket_size_for_span (0), ==, IL_BUCKET_5_MIN);
  g_assert_cmpint (il_bucket_size_for_span (6 * HOUR_US), ==, IL_BUCKET_5_MIN);
  g_assert_cmpint (il_bucket_size_for_span (6 * HOUR_US + 1), ==, IL_BUCKET_15_MIN);
  g_assert_cmpint (il_bucket_size_for_span (DAY_US), ==, IL_BUCKET_15_MIN);
  g_assert_cmpint (il_bucket_size_for_span (DAY_US + 1), ==, IL_BUCKET_HOUR);
  g_assert_cmpint (il_bucket_size_for_span (4 * DAY_US), ==, IL_BUCKET_HOUR);
  g_assert_cmpint (il_bucket_size_for_span (4 * DAY_US + 1), ==, IL_BUCKET_DAY);
  g_assert_cmpint (il_bucket_size_for_span (365 * DAY_US), ==, IL_BUCKET_DAY);
}

typedef struct
{
  const char *step;
  double      latency_ms;
  gint64      created_at;
  const char *status;
} TrendRow;

static IlRowStore *
make_store (const TrendRow *rows,
            guint           n)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 1;
      in.step_name = rows[i].step;
      in.latency_ms = rows[i].latency_ms;
      in.started_at = rows[i].created_at - 2 * SEC;
      in.completed_at = rows[i].created_at - SEC;
      in.created_at = rows[i].created_at;
      in.status = rows[i].status != NULL ? rows[i].status : "success";
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

/* Day 0: a = 4, 1, 3, 2 (unsorted on purpose), b = 7, 5; day 1: a = 10;
 * day 2: nothing (a gap), day 3: b = 8, 9 and an error 1000 for the filter. */
static const TrendRow trend_rows[] = {
  { "a", 4, T0 + 1 * HOUR_US, NULL },
  { "a", 1, T0 + 2 * HOUR_US, NULL },
  { "b", 7, T0 + 3 * HOUR_US, NULL },
  { "a", 3, T0 + 4 * HOUR_US, NULL },
  { "a", 2, T0 + 5 * HOUR_US, NULL },
  { "b", 5, T0 + 6 * HOUR_US, NULL },
  { "a", 10, T0 + DAY_US + HOUR_US, NULL },
  { "b", 8, T0 + 3 * DAY_US + HOUR_US, NULL },
  { "b", 9, T0 + 3 * DAY_US + 2 * HOUR_US, NULL },
  { "b", 1000, T0 + 3 * DAY_US + 3 * HOUR_US, "error" },
};

static IlAggregates *
compute_trend (IlRowStore       *store,
               const IlFilter   *filter,
               IlTrendStatistic  statistic)
{
  IlAggregateOptions options;

  il_aggregate_options_init (&options);
  options.trend_statistic = statistic;
  return il_aggregates_compute (store, filter, &options);
}

static double
cell (const IlAggregates *agg,
      const char         *step,
      guint               bucket)
{
  for (guint i = 0; i < agg->n_steps; i++)
    if (g_str_equal (agg->steps[i].name, step))
      return agg->trend.mean[i * agg->trend.n_buckets + bucket];
  g_assert_not_reached ();
}

static void
test_trend_statistic (void)
{
  g_autoptr(IlRowStore) store = make_store (trend_rows, G_N_ELEMENTS (trend_rows));
  g_autoptr(IlAggregates) agg = NULL;
  const double a0[] = { 1, 2, 3, 4 }, b0[] = { 5, 7 }, b3[] = { 8, 9, 1000 };
  const struct { IlTrendStatistic stat; double p; } cases[] = {
    { IL_TREND_P50, 0.5 }, { IL_TREND_P90, 0.9 }, { IL_TREND_P95, 0.95 }, { IL_TREND_P99, 0.99 },
  };

  agg = compute_trend (store, NULL, IL_TREND_MEAN);
  g_assert_cmpuint (agg->trend.n_buckets, ==, 4);
  g_assert_cmpfloat (cell (agg, "a", 0), ==, 2.5);
  g_assert_cmpfloat (cell (agg, "b", 3), ==, 339);
  g_clear_pointer (&agg, il_aggregates_free);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      agg = compute_trend (store, NULL, cases[c].stat);
      g_assert_cmpint (agg->options.trend_statistic, ==, cases[c].stat);
      /* the same interpolation as every other quantile of the app */
      g_assert_cmpfloat (cell (agg, "a", 0), ==, il_quantile_sorted (a0, 4, cases[c].p));
      g_assert_cmpfloat (cell (agg, "b", 0), ==, il_quantile_sorted (b0, 2, cases[c].p));
      g_assert_cmpfloat (cell (agg, "b", 3), ==, il_quantile_sorted (b3, 3, cases[c].p));
      g_assert_cmpfloat (cell (agg, "a", 1), ==, 10);     /* one row: itself */
      g_assert_true (isnan (cell (agg, "a", 2)));         /* a gap stays a gap */
      g_assert_true (isnan (cell (agg, "b", 1)));
      g_clear_pointer (&agg, il_aggregates_free);
    }

  /* exact figures, as pandas gives them */
  agg = compute_trend (store, NULL, IL_TREND_P90);
  g_assert_cmpfloat_with_epsilon (cell (agg, "a", 0), 3.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (cell (agg, "b", 3), 801.8, 1e-9);
  g_clear_pointer (&agg, il_aggregates_free);

  /* a filter: the error row is not in the cell */
  {
    IlFilter filter;

    il_filter_init (&filter);
    filter.statuses = g_hash_table_new (NULL, NULL);
    g_hash_table_add (filter.statuses,
                      GUINT_TO_POINTER (il_string_pool_lookup (store->statuses, "success") + 1));
    agg = compute_trend (store, &filter, IL_TREND_P50);
    g_assert_cmpfloat (cell (agg, "b", 3), ==, 8.5);
    g_assert_cmpfloat (cell (agg, "a", 0), ==, 2.5);
    il_filter_clear (&filter);
  }
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Enough rows for the two-thread pass: every cell equals the quantile of its
 * rows collected and sorted the naive way, to the bit. */
static void
test_trend_statistic_large (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (60000, IL_DEMO_DEFAULT_SEED,
                                                  G_GINT64_CONSTANT (1795000000000000));
  g_autoptr(IlAggregates) agg = NULL;
  IlAggregateOptions options;
  guint checked = 0;

  il_aggregate_options_init (&options);
  options.trend_bucket = IL_BUCKET_HOUR;
  options.trend_statistic = IL_TREND_P90;
  agg = il_aggregates_compute (store, NULL, &options);
  g_assert_cmpuint (agg->n_steps, >, 2);

  for (guint i = 0; i < agg->n_steps; i++)
    {
      GArray **cells = g_new0 (GArray *, agg->trend.n_buckets);

      for (guint r = 0; r < store->n_rows; r++)
        {
          gint64 b;

          if (store->step[r] != agg->steps[i].step || store->created_at[r] == IL_TIME_NONE)
            continue;
          b = (store->created_at[r] - agg->trend.first_bucket_us) / agg->trend.bucket_us;
          if (b < 0 || b >= (gint64) agg->trend.n_buckets)
            continue;
          if (cells[b] == NULL)
            cells[b] = g_array_new (FALSE, FALSE, sizeof (double));
          g_array_append_val (cells[b], store->latency_ms[r]);
        }
      for (guint b = 0; b < agg->trend.n_buckets; b++)
        {
          double got = agg->trend.mean[i * agg->trend.n_buckets + b];

          if (cells[b] == NULL)
            {
              g_assert_true (isnan (got));
              continue;
            }
          g_array_sort (cells[b], cmp_double);
          g_assert_cmpfloat (got, ==, il_quantile_sorted ((double *) cells[b]->data, cells[b]->len, 0.9));
          g_array_unref (cells[b]);
          checked++;
        }
      g_free (cells);
    }
  g_assert_cmpuint (checked, >, 100);
}

/* Without a chosen bucket, the range picks one. */
static void
test_trend_auto_bucket (void)
{
  g_autoptr(IlRowStore) store = make_store (trend_rows, G_N_ELEMENTS (trend_rows));
  IlAggregateOptions options;
  IlFilter filter;
  const gint64 last = T0 + 3 * DAY_US + 3 * HOUR_US;
  const struct { gint64 created_min; IlBucketSize expected; } cases[] = {
    { IL_TIME_NONE, IL_BUCKET_HOUR },            /* all data: the rows span 3 days 2 h */
    { last - 5 * HOUR_US, IL_BUCKET_5_MIN },
    { last - 1 * DAY_US, IL_BUCKET_15_MIN },
    { last - 2 * DAY_US, IL_BUCKET_HOUR },
    { last - 10 * DAY_US, IL_BUCKET_DAY },
    { last - 30 * DAY_US, IL_BUCKET_DAY },
  };

  il_aggregate_options_init (&options);
  options.trend_bucket_auto = TRUE;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(IlAggregates) agg = NULL;

      il_filter_init (&filter);
      filter.created_min = cases[c].created_min;
      agg = il_aggregates_compute (store, &filter, &options);
      g_assert_cmpint (agg->options.trend_bucket, ==, cases[c].expected);
      g_assert_cmpint (agg->trend.bucket, ==, cases[c].expected);
      g_assert_cmpint (agg->trend.bucket_us, ==, il_bucket_size_get_us (cases[c].expected));
      il_filter_clear (&filter);
    }

  /* a chosen bucket is kept */
  {
    g_autoptr(IlAggregates) agg = NULL;

    options.trend_bucket_auto = FALSE;
    options.trend_bucket = IL_BUCKET_HOUR;
    agg = il_aggregates_compute (store, NULL, &options);
    g_assert_cmpint (agg->trend.bucket, ==, IL_BUCKET_HOUR);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregates-options/histogram/linear", test_histogram_linear);
  g_test_add_func ("/aggregates-options/histogram/log", test_histogram_log);
  g_test_add_func ("/aggregates-options/histogram/clip", test_histogram_clip);
  g_test_add_func ("/aggregates-options/histogram/filtered", test_histogram_filtered);
  g_test_add_func ("/aggregates-options/trend/bucket-for-span", test_bucket_for_span);
  g_test_add_func ("/aggregates-options/trend/statistic", test_trend_statistic);
  g_test_add_func ("/aggregates-options/trend/statistic-large", test_trend_statistic_large);
  g_test_add_func ("/aggregates-options/trend/auto-bucket", test_trend_auto_bucket);
  return g_test_run ();
}
