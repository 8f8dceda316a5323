/* test-aggregates-demo.c: the aggregates of generated demo stores: against a
 * naive recomputation, in a snapshot, and narrowed by the error filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregates-test-util.h"
#include "il-aggregates.h"
#include "il-demo.h"
#include "il-error-filter.h"
#include "il-free-aside.h"
#include "il-snapshot.h"

/* ---- a larger store (two threads) against a naive recomputation ----------- */

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y);
}

static void
check_naive (IlRowStore     *store,
             const IlFilter *filter)
{
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, filter, NULL);
  guint n_steps = il_string_pool_get_size (store->steps);
  g_autofree guint64 *count = g_new0 (guint64, n_steps);
  g_autofree double *sum = g_new0 (double, n_steps);
  g_autofree double *all = g_new (double, store->n_rows);
  g_autofree guint8 *seen = g_new0 (guint8, store->n_sessions);
  guint64 n = 0, sessions = 0;
  double total = 0;

  for (guint r = 0; r < store->n_rows; r++)
    {
      if (!il_filter_matches (filter, store, r))
        continue;
      count[store->step[r]]++;
      sum[store->step[r]] += store->latency_ms[r];
      all[n++] = store->latency_ms[r];
      total += store->latency_ms[r];
      if (!seen[store->session[r]])
        sessions++;
      seen[store->session[r]] = 1;
    }
  qsort (all, n, sizeof (double), cmp_double);

  /* numpy.histogram by its definition: edges min + k (max - min) / 50, the last
   * one max; bin i holds edge i <= x < edge i+1, the last bin closed */
  {
    double lo = all[0], hi = all[n - 1], step = (hi - lo) / 50;
    guint64 want[50] = { 0 };

    for (guint64 i = 0; i < n; i++)
      {
        guint b = 0;

        while (b < 49 && all[i] >= (double) (b + 1) * step + lo)
          b++;
        want[b]++;
      }
    g_assert_cmpfloat (agg->latency_histogram.min, ==, lo);
    g_assert_cmpfloat (agg->latency_histogram.max, ==, hi);
    for (guint b = 0; b < 50; b++)
      g_assert_cmpuint (agg->latency_histogram.counts[b], ==, want[b]);
  }

  g_assert_cmpuint (agg->key.total_records, ==, n);
  g_assert_cmpuint (agg->key.unique_sessions, ==, sessions);
  g_assert_cmpuint (agg->n_sessions, ==, sessions);
  g_assert_cmpfloat_with_epsilon (agg->key.total_latency_ms / total, 1.0, 1e-12);
  g_assert_cmpfloat (agg->key.p95_latency_ms, ==, il_quantile_sorted (all, n, 0.95));
  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];
      g_autofree double *v = g_new (double, st->count);
      guint k = 0;

      g_assert_cmpuint (st->count, ==, count[st->step]);
      g_assert_cmpfloat_with_epsilon (st->sum / sum[st->step], 1.0, 1e-12);
      for (guint r = 0; r < store->n_rows; r++)
        if (store->step[r] == st->step && il_filter_matches (filter, store, r))
          v[k++] = store->latency_ms[r];
      qsort (v, k, sizeof (double), cmp_double);
      g_assert_cmpfloat (st->p90, ==, il_quantile_sorted (v, k, 0.90));
      g_assert_cmpfloat (st->q1, ==, il_quantile_sorted (v, k, 0.25));
      g_assert_cmpfloat (st->min, ==, v[0]);
      g_assert_cmpfloat (st->max, ==, v[k - 1]);
    }
}

static void
test_large_naive (void)
{
  const gint64 now = G_GINT64_CONSTANT (1795910400000000);
  g_autoptr(IlRowStore) store = il_demo_generate (40000, 7, now);
  IlFilter filter;

  il_filter_init (&filter);
  check_naive (store, &filter);

  filter.created_min = now - 10 * DAY;
  filter.min_latency_ms = 150;
  filter.max_latency_ms = 2500;
  filter.statuses = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.statuses, GUINT_TO_POINTER (status_id (store, "success") + 1));
  check_naive (store, &filter);
  il_filter_clear (&filter);
}

/* A snapshot alone keeps its store and aggregates alive, refs are counted. */
static void
test_snapshot (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (500, 3, T0);
  IlFilter filter;
  IlAggregateOptions options;
  IlAggregates *agg;
  g_autoptr(IlSnapshot) snap = NULL;
  IlSnapshot *other;

  il_filter_init (&filter);
  filter.created_min = T0 - 2 * DAY;
  il_aggregate_options_init (&options);
  options.trend_bucket = IL_BUCKET_HOUR;
  agg = il_aggregates_compute (store, &filter, &options);
  snap = il_snapshot_new (store, agg);
  g_clear_pointer (&store, il_row_store_unref);

  g_assert_true (il_snapshot_get_aggregates (snap) == agg);
  g_assert_cmpuint (il_snapshot_get_store (snap)->n_rows, ==, 500);
  g_assert_cmpint (il_snapshot_get_filter (snap)->created_min, ==, T0 - 2 * DAY);
  g_assert_cmpint (il_snapshot_get_options (snap)->trend_bucket, ==, IL_BUCKET_HOUR);
  g_assert_true (il_snapshot_has_rows (snap));
  g_assert_cmpstr (il_snapshot_get_aggregates (snap)->steps[0].name, ==,
                   il_string_pool_get (il_snapshot_get_store (snap)->steps, agg->steps[0].step));

  other = g_boxed_copy (IL_TYPE_SNAPSHOT, snap);
  g_assert_true (other == snap);
  g_boxed_free (IL_TYPE_SNAPSHOT, other);
  g_assert_cmpuint (il_snapshot_get_aggregates (snap)->key.total_records, ==, agg->key.total_records);
}

/* The error rows of the analysed range, narrowed by step, message and time. */
static void
test_error_filter (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (5000, 11, T0);
  g_autoptr(IlAggregates) agg = NULL;
  g_autoptr(IlErrorFilter) ef = NULL;
  g_autoptr(IlErrorFilter) none = NULL;
  const char *no_messages[] = { NULL };
  const IlStepStats *worst;
  const guint32 *rows;
  guint n, n_all;
  IlFilter filter;

  il_filter_init (&filter);
  filter.created_min = T0 - 10 * DAY;
  agg = il_aggregates_compute (store, &filter, NULL);
  ef = il_error_filter_new (store, agg);

  g_assert_cmpuint (agg->errors.total_errors, >, 0);
  g_assert_cmpuint (il_error_filter_get_n_errors (ef), ==, agg->errors.total_errors);
  rows = il_error_filter_get_rows (ef, &n_all);
  g_assert_cmpuint (n_all, ==, agg->errors.total_errors);
  for (guint i = 0; i < n_all; i++)
    {
      g_assert_cmpstr (il_row_store_get_status (store, rows[i]), ==, "error");
      g_assert_true (il_filter_matches (&agg->filter, store, rows[i]));
      g_assert_true (i == 0 || rows[i - 1] < rows[i]);
    }

  /* One step off: exactly its errors go. */
  worst = &agg->steps[agg->errors.most_failing_step];
  il_error_filter_set_step (ef, worst->step, FALSE);
  g_assert_false (il_error_filter_get_step (ef, worst->step));
  il_error_filter_get_rows (ef, &n);
  g_assert_cmpuint (n, ==, n_all - worst->error_count);
  il_error_filter_set_step_names (ef, NULL);
  il_error_filter_get_rows (ef, &n);
  g_assert_cmpuint (n, ==, n_all);

  /* No message at all: nothing, the null one included. */
  il_error_filter_set_message_texts (ef, no_messages);
  g_assert_false (il_error_filter_get_message (ef, IL_STR_NONE));
  il_error_filter_get_rows (ef, &n);
  g_assert_cmpuint (n, ==, 0);
  il_error_filter_set_message_texts (ef, NULL);

  /* An empty time range. */
  il_error_filter_set_range (ef, T0 + DAY, T0 + DAY);
  il_error_filter_get_rows (ef, &n);
  g_assert_cmpuint (n, ==, 0);
  il_error_filter_set_range (ef, IL_TIME_NONE, IL_TIME_NONE);
  il_error_filter_get_rows (ef, &n);
  g_assert_cmpuint (n, ==, n_all);

  /* No data: no rows, no crash. */
  none = il_error_filter_new (NULL, NULL);
  g_assert_cmpuint (il_error_filter_get_n_errors (none), ==, 0);
  il_error_filter_get_rows (none, &n);
  g_assert_cmpuint (n, ==, 0);
}

/* What the main thread drops last of a large store's analysis is freed on
 * a background thread (handing a worker's heap back to the system takes
 * milliseconds); a small one's at once. */
static void
test_freed_aside (void)
{
  g_autoptr(IlRowStore) small = il_demo_generate (500, 5, T0);
  g_autoptr(IlRowStore) large = il_demo_generate (IL_FREE_ASIDE_ROWS, 5, T0);
  g_autoptr(IlAggregates) small_agg = NULL;
  g_autoptr(IlAggregates) large_agg = NULL;
  IlFilter filter;
  guint n = il_free_aside_get_n_handed ();

  il_filter_init (&filter);
  /* the stores outlive the snapshots: their aggregates alone go */
  il_snapshot_unref (il_snapshot_new (small, il_aggregates_compute (small, &filter, NULL)));
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n);
  il_snapshot_unref (il_snapshot_new (large, il_aggregates_compute (large, &filter, NULL)));
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n + 1);

  small_agg = il_aggregates_compute (small, &filter, NULL);
  large_agg = il_aggregates_compute (large, &filter, NULL);
  il_error_filter_free_aside (il_error_filter_new (small, small_agg));
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n + 1);
  il_error_filter_free_aside (il_error_filter_new (large, large_agg));
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n + 2);
  il_error_filter_free_aside (NULL);
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n + 2);
}

int
main (int   argc,
      char *argv[])
{
  /* before anything reads the local time zone */
  g_setenv ("TZ", "Asia/Kolkata", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregates/large-naive", test_large_naive);
  g_test_add_func ("/aggregates/snapshot", test_snapshot);
  g_test_add_func ("/aggregates/error-filter", test_error_filter);
  g_test_add_func ("/aggregates/freed-aside", test_freed_aside);

  return g_test_run ();
}
