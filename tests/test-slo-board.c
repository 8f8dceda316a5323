/* test-slo-board.c: targets followed over a dashboard's snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-dashboard.h"
#include "il-demo.h"
#include "il-slo-board.h"

static gboolean
settled (IlDashboard *dashboard)
{
  IlSloBoard *board = il_slo_board_get (dashboard);
  IlSloView *view = il_slo_board_get_view (board);

  return il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY
         && il_dashboard_is_idle (dashboard) && il_slo_board_is_idle (board)
         && view != NULL && view->snapshot == il_dashboard_get_snapshot (dashboard);
}

/* Spins the main loop until the board has evaluated the dashboard's snapshot. */
static IlSloView *
wait_view (IlDashboard *dashboard)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!settled (dashboard))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return il_slo_board_get_view (il_slo_board_get (dashboard));
}

static GPtrArray *
parse (const char *const *texts)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *targets = il_slo_targets_parse (texts, &error);

  g_assert_no_error (error);
  return targets;
}

static void
test_view (void)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  const char *texts[] = { "*:p95<=800", "nope:mean<=10", NULL };
  g_autoptr(GPtrArray) targets = parse (texts);
  const IlAggregates *agg;
  IlSloView *view;
  gint64 from, to;
  g_autoptr(IlPeriodFigures) expected = NULL;

  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_range (dashboard, 7, FALSE);
  il_slo_board_set_targets_once (il_slo_board_get (dashboard), targets);
  il_dashboard_refresh (dashboard);
  view = wait_view (dashboard);
  agg = il_snapshot_get_aggregates (view->snapshot);

  g_assert_cmpuint (agg->n_steps, >, 1);
  g_assert_cmpuint (view->results->len, ==, agg->n_steps + 1);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlSloResult *r = &g_array_index (view->results, IlSloResult, i);
      const IlSloBuckets *b = view->buckets->pdata[i];

      g_assert_cmpstr (r->step, ==, agg->steps[i].name);
      g_assert_cmpfloat (r->value, ==, agg->steps[i].p95);
      g_assert_cmpint (r->status, ==, agg->steps[i].p95 <= 800 ? IL_SLO_MET : IL_SLO_BREACHED);
      g_assert_true (il_slo_view_find (view, agg->steps[i].name, IL_SLO_P95) == r);
      g_assert_nonnull (b);
      g_assert_cmpuint (b->n_buckets, ==, agg->trend.n_buckets);
    }
  /* a step without rows: no data, no buckets */
  g_assert_cmpint (g_array_index (view->results, IlSloResult, agg->n_steps).status, ==, IL_SLO_NO_DATA);
  g_assert_null (view->buckets->pdata[agg->n_steps]);
  g_assert_cmpint (il_slo_view_last_met (view, agg->n_steps), ==, IL_TIME_NONE);

  /* the 7 days before the range, from the rows already loaded */
  g_assert_nonnull (view->previous);
  g_assert_cmpuint (view->days, ==, 7);
  il_period_previous_window (il_dashboard_get_now (dashboard), 7, &from, &to);
  g_assert_cmpint (view->previous->from, ==, from);
  g_assert_cmpint (view->previous->to, ==, to);
  expected = il_period_figures_compute (il_snapshot_get_store (view->snapshot), NULL, from, to);
  g_assert_cmpuint (view->previous->key.total_records, ==, expected->key.total_records);
  g_assert_cmpuint (expected->key.total_records, >, 0);
  g_assert_cmpfloat (view->previous->key.p95_latency_ms, ==, expected->key.p95_latency_ms);

  /* All data has no previous period */
  il_dashboard_set_all_data (dashboard, TRUE);
  view = wait_view (dashboard);
  g_assert_null (view->previous);
}

static void
count_breached (IlSloBoard        *board,
                const IlSloResult *result,
                guint             *n)
{
  g_assert_cmpint (result->status, ==, IL_SLO_BREACHED);
  (*n)++;
}

static double
demo_p95 (const char *rows,
          guint       step)
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) agg = NULL;
  IlFilter filter;
  IlAggregateOptions options;
  gint64 now = 0;

  g_assert_true (il_timestamp_parse (g_getenv ("IL_DEMO_NOW"), -1, &now, NULL));
  store = il_demo_generate ((guint) g_ascii_strtoull (rows, NULL, 10), IL_DEMO_DEFAULT_SEED, now);
  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &filter, &options);
  return agg->steps[step].p95;
}

/* Data that goes from met to breached tells once, until it is met again. */
static void
test_breached_once (void)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  double a = demo_p95 ("2000", 0), b = demo_p95 ("3000", 0);
  const char *met_rows = a < b ? "2000" : "3000";
  const char *breached_rows = a < b ? "3000" : "2000";
  g_autofree char *text = NULL;
  const char *texts[2] = { NULL, NULL };
  g_autoptr(GPtrArray) targets = NULL;
  IlSloBoard *board;
  guint n = 0;
  char bound[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_cmpfloat (a, !=, b);
  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_all_data (dashboard, TRUE);
  g_setenv ("IL_DEMO_ROWS", met_rows, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);

  board = il_slo_board_get (dashboard);
  g_signal_connect (board, "breached", G_CALLBACK (count_breached), &n);
  text = g_strdup_printf ("%s:p95<=%s", il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard))->steps[0].name,
                          g_ascii_dtostr (bound, sizeof bound, MIN (a, b)));
  texts[0] = text;
  targets = parse (texts);
  il_slo_board_set_targets_once (board, targets);
  wait_view (dashboard);
  g_assert_cmpint (g_array_index (il_slo_board_get_view (board)->results, IlSloResult, 0).status, ==, IL_SLO_MET);

  g_setenv ("IL_DEMO_ROWS", breached_rows, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpint (g_array_index (il_slo_board_get_view (board)->results, IlSloResult, 0).status, ==, IL_SLO_BREACHED);
  g_assert_cmpuint (n, ==, 1);

  /* still breached: no repeat */
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpuint (n, ==, 1);

  /* met again, then breached: news again */
  g_setenv ("IL_DEMO_ROWS", met_rows, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpuint (n, ==, 1);
  g_setenv ("IL_DEMO_ROWS", breached_rows, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpuint (n, ==, 2);

  /* another source starts over too: met before, breached on its first load */
  g_setenv ("IL_DEMO_ROWS", met_rows, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_setenv ("IL_DEMO_ROWS", breached_rows, TRUE);
  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpint (g_array_index (il_slo_board_get_view (board)->results, IlSloResult, 0).status, ==, IL_SLO_BREACHED);
  g_assert_cmpuint (n, ==, 2);

  /* another range starts over: what it shows first is not news */
  il_dashboard_set_range (dashboard, 29, FALSE);
  wait_view (dashboard);
  il_dashboard_refresh (dashboard);
  wait_view (dashboard);
  g_assert_cmpuint (n, ==, 2);
}

/* The saved targets apply; a one-off list replaces them until they change. */
static void
test_saved_and_once (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (settings);
  const char *saved[] = { "llm:p95<=800", NULL };
  const char *once[] = { "*:mean<=100", "*:error_rate<=2%", NULL };
  g_autoptr(GPtrArray) once_targets = parse (once);
  IlSloBoard *board;

  g_settings_set_strv (settings, "slo-targets", saved);
  board = il_slo_board_get (dashboard);
  g_assert_cmpuint (il_slo_board_get_targets (board)->len, ==, 1);

  il_slo_board_set_targets_once (board, once_targets);
  g_assert_cmpuint (il_slo_board_get_targets (board)->len, ==, 2);
  /* the one-off targets are never saved */
  {
    g_auto(GStrv) now_saved = g_settings_get_strv (settings, "slo-targets");
    g_assert_cmpstrv (now_saved, saved);
  }

  g_settings_set_strv (settings, "slo-targets", NULL);
  g_assert_cmpuint (il_slo_board_get_targets (board)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("IL_DEMO_ROWS", "2000", TRUE);
  g_setenv ("IL_DEMO_NOW", "2025-11-20T12:00:00Z", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slo-board/view", test_view);
  g_test_add_func ("/slo-board/breached-once", test_breached_once);
  g_test_add_func ("/slo-board/saved-and-once", test_saved_and_once);

  return g_test_run ();
}
