/* test-slo-remote.c: the previous period of a Supabase source in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window holds the range and the days before it, so the tiles compare
 * with the previous period whatever the source; the figures of the range
 * stay those of the range alone.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-cell-tooltip.h"
#include "il-config.h"
#include "il-demo.h"
#include "il-main-window.h"
#include "il-metric-tile.h"
#include "il-settings.h"
#include "il-slo-board.h"
#include "il-slo-format.h"
#include "widget-test-util.h"

#define N_ROWS  6000
#define SEED    1515
#define API_KEY "sb_publishable_SloRemoteTestKey_0123456789"
#define DAY_US  (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static IlFakePostgrest *fake;
static IlRowStore *table;
static IlConfig *config;
static IlMainWindow *window;

static IlSloBoard *
board (void)
{
  return il_slo_board_get (il_main_window_get_dashboard (window));
}

/* Until the window is loaded and the board has evaluated what it shows. */
static void
wait_settled (void)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      IlDashboard *dashboard = il_main_window_get_dashboard (window);
      IlSloView *view = il_slo_board_get_view (board ());

      if (il_main_window_is_idle (window) && il_main_window_get_aggregates (window) != NULL
          && il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY
          && il_slo_board_is_idle (board ()) && view != NULL
          && view->snapshot == il_dashboard_get_snapshot (dashboard))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static IlMetricTile *
tile (guint n)
{
  GtkWidget *w = find_descendant (GTK_WIDGET (window), IL_TYPE_METRIC_TILE);

  for (guint i = 0; w != NULL && i < n; i++)
    w = gtk_widget_get_next_sibling (w);
  g_assert_nonnull (w);
  return IL_METRIC_TILE (w);
}

/* Sums over rows in another order (the table's, not the fetched store's)
 * may differ in the last bits; everything else is exact. */
static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat_with_epsilon (a, b, fabs (b) * 1e-12);
}

/* The figures of the range and of the period before it are those of the
 * whole table restricted to each; the tiles show the change between them. */
static void
assert_figures (guint days)
{
  IlSloView *view = il_slo_board_get_view (board ());
  const IlAggregates *agg = il_main_window_get_aggregates (window);
  gint64 now = il_main_window_get_now (window);
  g_autoptr(IlPeriodFigures) expected = NULL;
  g_autoptr(IlAggregates) current = NULL;
  g_autofree char *p95_change = NULL;
  g_autofree char *avg_change = NULL;
  g_autofree char *tooltip = NULL;
  IlAggregateOptions options;
  IlFilter filter;
  gint64 from, to;

  /* the range alone, exactly as computed from its rows */
  il_filter_init (&filter);
  filter.created_min = now - (gint64) days * DAY_US;
  il_aggregate_options_init (&options);
  current = il_aggregates_compute (table, &filter, &options);
  g_assert_cmpuint (current->key.total_records, >, 0);
  g_assert_cmpuint (agg->key.total_records, ==, current->key.total_records);
  g_assert_cmpuint (agg->key.unique_sessions, ==, current->key.unique_sessions);
  assert_close (agg->key.avg_latency_ms, current->key.avg_latency_ms);
  g_assert_cmpfloat (agg->key.p95_latency_ms, ==, current->key.p95_latency_ms);
  g_assert_cmpfloat (agg->key.success_rate_pct, ==, current->key.success_rate_pct);
  g_assert_cmpuint (agg->n_steps, ==, current->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      g_assert_cmpuint (agg->steps[i].count, ==, current->steps[i].count);
      g_assert_cmpfloat (agg->steps[i].p95, ==, current->steps[i].p95);
    }

  /* the period before it, from the same table */
  il_period_previous_window (now, days, &from, &to);
  expected = il_period_figures_compute (table, NULL, from, to);
  g_assert_cmpuint (expected->key.total_records, >, 0);
  g_assert_nonnull (view->previous);
  g_assert_cmpuint (view->days, ==, days);
  g_assert_cmpint (view->previous->from, ==, from);
  g_assert_cmpint (view->previous->to, ==, to);
  g_assert_cmpuint (view->previous->key.total_records, ==, expected->key.total_records);
  assert_close (view->previous->key.avg_latency_ms, expected->key.avg_latency_ms);
  g_assert_cmpfloat (view->previous->key.p95_latency_ms, ==, expected->key.p95_latency_ms);
  g_assert_cmpfloat (view->previous->key.success_rate_pct, ==, expected->key.success_rate_pct);
  g_assert_cmpuint (view->previous->n_steps, ==, expected->n_steps);
  for (guint i = 0; i < expected->n_steps; i++)
    {
      g_assert_cmpstr (view->previous->steps[i].name, ==, expected->steps[i].name);
      g_assert_cmpuint (view->previous->steps[i].count, ==, expected->steps[i].count);
      g_assert_cmpfloat (view->previous->steps[i].p95, ==, expected->steps[i].p95);
      g_assert_cmpfloat (view->previous->steps[i].error_rate_pct, ==, expected->steps[i].error_rate_pct);
    }

  p95_change = il_slo_format_change (current->key.p95_latency_ms, expected->key.p95_latency_ms, IL_FIGURE_MS,
                                     FALSE, days, NULL, &tooltip);
  g_assert_nonnull (p95_change);
  g_assert_cmpstr (il_metric_tile_get_change (tile (IL_TILE_P95_LATENCY)), ==, p95_change);
  g_assert_cmpstr (il_cell_get_tooltip (GTK_WIDGET (tile (IL_TILE_P95_LATENCY))), ==, tooltip);
  avg_change = il_slo_format_change (current->key.avg_latency_ms, expected->key.avg_latency_ms, IL_FIGURE_MS,
                                     FALSE, days, NULL, NULL);
  g_assert_cmpstr (il_metric_tile_get_change (tile (IL_TILE_AVG_LATENCY)), ==, avg_change);
}

static void
load (gboolean use_cache)
{
  il_main_window_set_use_cache (window, use_cache);
  il_main_window_set_range (window, 7, FALSE);
  il_main_window_set_source (window, NULL, TRUE);
  wait_settled ();
  il_main_window_set_source (window, config, FALSE);
  wait_settled ();
}

static void
test_fetch (void)
{
  guint requests;

  load (FALSE);
  assert_figures (7);

  /* a narrower range is held with the days before it: no request */
  requests = il_fake_postgrest_get_n_requests (fake);
  il_main_window_set_range (window, 5, FALSE);
  wait_settled ();
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), ==, requests);
  assert_figures (5);

  /* a wider one that is held, but not the days before it: they follow */
  il_main_window_set_range (window, 10, FALSE);
  wait_settled ();
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), >, requests);
  assert_figures (10);

  /* All data compares with nothing */
  il_main_window_set_range (window, 10, TRUE);
  wait_settled ();
  g_assert_null (il_slo_board_get_view (board ())->previous);
  g_assert_null (il_metric_tile_get_change (tile (IL_TILE_P95_LATENCY)));
}

static void
test_cache (void)
{
  load (TRUE);
  assert_figures (7);

  /* an incremental refresh keeps the days before the range */
  il_main_window_refresh (window);
  wait_settled ();
  assert_figures (7);

  /* older days are read into the cached rows */
  il_main_window_set_range (window, 12, FALSE);
  wait_settled ();
  assert_figures (12);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  settings = il_settings_new ();
  g_settings_set_boolean (settings, "refresh-on-start", TRUE);
  g_settings_set_string (settings, "compute-mode", "client");

  table = il_demo_generate (N_ROWS, SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  fake = il_fake_postgrest_new (table, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 1000);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/slo-remote/fetch", test_fetch);
  g_test_add_func ("/slo-remote/cache", test_cache);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  il_fake_postgrest_free (fake);
  il_row_store_unref (table);
  il_config_free (config);
  return ret;
}
