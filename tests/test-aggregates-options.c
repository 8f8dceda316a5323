/* test-aggregates-options.c: the options that shape the figures for reading:
 * log spaced or clipped latency histograms, the trend statistic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-aggregates.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregates-options/histogram/linear", test_histogram_linear);
  g_test_add_func ("/aggregates-options/histogram/log", test_histogram_log);
  g_test_add_func ("/aggregates-options/histogram/clip", test_histogram_clip);
  g_test_add_func ("/aggregates-options/histogram/filtered", test_histogram_filtered);
  return g_test_run ();
}
