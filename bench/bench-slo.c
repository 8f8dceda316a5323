/* bench-slo.c: latency targets and the previous period at 1,000,000 rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-slo [N_ROWS]   (default 1000000)
 * Prints the median of 5 runs of: evaluating targets over computed figures,
 * building the per-bucket series and following a P95 target over every trend
 * bucket of every step (day and 5-minute buckets), and the previous-period
 * figures of a 15-day range.
 */
#include "config.h"

#include <stdlib.h>

#include "il-aggregates.h"
#include "il-dashboard.h"
#include "il-demo.h"
#include "il-period.h"
#include "il-slo.h"
#include "il-slo-board.h"

#include "bench-util.h"

#define N_RUNS 5

static double
time_buckets (IlRowStore         *store,
              const IlAggregates *agg,
              const IlSloTarget  *target)
{
  double runs[N_RUNS];

  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();

      IlSloSeries *series = il_slo_series_new (store, agg);

      for (guint i = 0; i < agg->n_steps; i++)
        il_slo_buckets_free (il_slo_series_evaluate (series, target, i));
      il_slo_series_free (series);
      runs[r] = (double) (g_get_monotonic_time () - t) / 1000.0;
    }
  return bench_median (runs, N_RUNS);
}

static gboolean
board_settled (IlDashboard *dashboard)
{
  IlSloBoard *board = il_slo_board_get (dashboard);
  IlSloView *view = il_slo_board_get_view (board);

  return il_dashboard_is_idle (dashboard) && il_dashboard_get_snapshot (dashboard) != NULL
         && il_slo_board_is_idle (board) && view != NULL
         && view->snapshot == il_dashboard_get_snapshot (dashboard);
}

/* What the window waits for after a snapshot: the board's evaluation of two
 * "*" targets (figures, buckets, previous period) in its worker. */
static double
time_board (guint n_rows)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  const char *texts[] = { "*:p95<=800", "*:error_rate<=2%", NULL };
  g_autoptr(GPtrArray) targets = il_slo_targets_parse (texts, NULL);
  g_autofree char *rows = g_strdup_printf ("%u", n_rows);
  double runs[N_RUNS];

  g_setenv ("IL_DEMO_ROWS", rows, TRUE);
  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_range (dashboard, 15, FALSE);
  il_dashboard_refresh (dashboard);
  while (!board_settled (dashboard))
    g_main_context_iteration (NULL, TRUE);
  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();

      il_slo_board_set_targets_once (il_slo_board_get (dashboard), targets);
      while (!board_settled (dashboard))
        g_main_context_iteration (NULL, TRUE);
      runs[r] = (double) (g_get_monotonic_time () - t) / 1000.0;
    }
  return bench_median (runs, N_RUNS);
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  gint64 now = g_get_real_time ();
  g_autoptr(IlRowStore) store = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, now);
  g_autoptr(IlAggregates) agg = NULL;
  g_autoptr(IlAggregates) agg_5min = NULL;
  g_autoptr(IlSloTarget) p95 = il_slo_target_new ("*", IL_SLO_P95, 800);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_target_free);
  IlAggregateOptions options;
  IlFilter filter;
  double runs[N_RUNS];
  gint64 from, to;

  il_filter_init (&filter);
  filter.created_min = now - (gint64) 15 * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &filter, &options);
  options.trend_bucket = IL_BUCKET_5_MIN;
  agg_5min = il_aggregates_compute (store, &filter, &options);
  g_print ("rows: %u (%" G_GUINT64_FORMAT " in the last 15 days, %u steps)\n",
           store->n_rows, agg->key.total_records, agg->n_steps);

  for (guint s = 0; s < IL_SLO_N_STATISTICS; s++)
    {
      g_ptr_array_add (targets, il_slo_target_new ("*", (IlSloStatistic) s, 800));
      g_ptr_array_add (targets, il_slo_target_new ("llm_total", (IlSloStatistic) s, 800));
    }
  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();
      GArray *results = il_slo_evaluate (targets, agg);

      runs[r] = (double) (g_get_monotonic_time () - t) / 1000.0;
      g_array_unref (results);
    }
  g_print ("evaluate %u targets: %.3f ms\n", targets->len, bench_median (runs, N_RUNS));

  g_print ("p95 per day bucket, every step (%u buckets): %.1f ms\n",
           agg->trend.n_buckets, time_buckets (store, agg, p95));
  g_print ("p95 per 5-minute bucket, every step (%u buckets): %.1f ms\n",
           agg_5min->trend.n_buckets, time_buckets (store, agg_5min, p95));

  il_period_previous_window (now, 15, &from, &to);
  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();

      il_period_figures_free (il_period_figures_compute (store, NULL, from, to));
      runs[r] = (double) (g_get_monotonic_time () - t) / 1000.0;
    }
  g_print ("previous-period figures (15 days before the last 15): %.1f ms\n",
           bench_median (runs, N_RUNS));

  g_print ("board evaluation after a snapshot, 2 \"*\" targets, 15 days: %.1f ms\n", time_board (n_rows));

  il_filter_clear (&filter);
  return 0;
}
