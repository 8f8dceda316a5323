/* test-slo-ui.c: latency targets in the window: tiles, tables, charts,
 * the overview's list, the notification and the preferences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "il-aggregate-charts.h"
#include "il-box-plot-chart.h"
#include "il-cell-tooltip.h"
#include "il-chart-widget.h"
#include "il-main-window.h"
#include "il-main-window-slo.h"
#include "il-metric-tile.h"
#include "il-overview-page.h"
#include "il-preferences-window.h"
#include "il-settings.h"
#include "il-slo-board.h"
#include "il-slo-format.h"
#include "il-slo-preferences-page.h"
#include "il-slo-summary.h"
#include "il-step-analysis-page-private.h"
#include "il-trend-page.h"
#include "widget-test-util.h"

#define DEMO_NOW "2025-11-28T12:00:00Z"
#define DAYS 7

static IlMainWindow *window;
static char *step0;          /* the first step of the demo data */

static IlSloBoard *
board (void)
{
  return il_slo_board_get (il_main_window_get_dashboard (window));
}

/* Until the board has evaluated what the window shows. */
static void
wait_settled (void)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      IlDashboard *dashboard = il_main_window_get_dashboard (window);
      IlSloView *view = il_slo_board_get_view (board ());

      if (il_main_window_is_idle (window) && il_main_window_get_aggregates (window) != NULL
          && il_slo_board_is_idle (board ()) && view != NULL
          && view->snapshot == il_dashboard_get_snapshot (dashboard))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
set_targets (const char *const *texts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = il_slo_targets_parse (texts, &error);

  g_assert_no_error (error);
  il_slo_board_set_targets_once (board (), targets);
  wait_settled ();
}

/* P95 of step 0 at most 1 ms (breached), its mean at most 10^9 ms (met). */
static void
set_two_targets (void)
{
  g_autofree char *breached = g_strdup_printf ("%s:p95<=1", step0);
  g_autofree char *met = g_strdup_printf ("%s:mean<=1000000000", step0);
  const char *texts[] = { breached, met, NULL };

  set_targets (texts);
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

static IlPeriodFigures *
expected_previous (void)
{
  IlSloView *view = il_slo_board_get_view (board ());
  gint64 now = il_main_window_get_now (window);
  gint64 from, to;

  il_period_previous_window (now, DAYS, &from, &to);
  g_assert_nonnull (view->previous);
  g_assert_cmpint (view->previous->from, ==, from);
  return il_period_figures_compute (il_main_window_get_store (window), NULL, from, to);
}

static void
test_tiles (void)
{
  const IlAggregates *agg;
  g_autoptr(IlPeriodFigures) prev = NULL;
  g_autofree char *p95_change = NULL;
  g_autofree char *rate_change = NULL;
  g_autofree char *tooltip = NULL;
  IlChange change;

  set_two_targets ();
  agg = il_main_window_get_aggregates (window);
  prev = expected_previous ();
  g_assert_cmpuint (prev->key.total_records, >, 0);

  /* a breached P95 target marks the P95 tile only */
  g_assert_true (il_metric_tile_get_breached (tile (IL_TILE_P95_LATENCY)));
  g_assert_false (il_metric_tile_get_breached (tile (IL_TILE_AVG_LATENCY)));
  g_assert_false (il_metric_tile_get_breached (tile (IL_TILE_SUCCESS_RATE)));

  /* the change against the 7 days before */
  p95_change = il_slo_format_change (agg->key.p95_latency_ms, prev->key.p95_latency_ms, IL_FIGURE_MS, FALSE,
                                     DAYS, &change, &tooltip);
  g_assert_nonnull (p95_change);
  g_assert_true (g_str_has_suffix (p95_change, "vs previous 7 days"));
  g_assert_cmpstr (il_metric_tile_get_change (tile (IL_TILE_P95_LATENCY)), ==, p95_change);
  g_assert_cmpstr (il_cell_get_tooltip (GTK_WIDGET (tile (IL_TILE_P95_LATENCY))), ==, tooltip);
  rate_change = il_slo_format_change (agg->key.success_rate_pct, prev->key.success_rate_pct, IL_FIGURE_PERCENT,
                                      TRUE, DAYS, NULL, NULL);
  g_assert_cmpstr (il_metric_tile_get_change (tile (IL_TILE_SUCCESS_RATE)), ==, rate_change);

  /* All data compares with nothing */
  il_main_window_set_range (window, DAYS, TRUE);
  wait_settled ();
  g_assert_null (il_metric_tile_get_change (tile (IL_TILE_P95_LATENCY)));
  il_main_window_set_range (window, DAYS, FALSE);
  wait_settled ();

  /* no targets, no marks */
  set_targets (NULL);
  g_assert_false (il_metric_tile_get_breached (tile (IL_TILE_P95_LATENCY)));
}

/* The formatting at the boundaries: no previous figure, equal, percent of 0. */
static void
test_change_format (void)
{
  IlChange change;
  g_autofree char *same = il_slo_format_change (5, 5, IL_FIGURE_MS, FALSE, 7, &change, NULL);
  g_autofree char *none = il_slo_format_change (5, NAN, IL_FIGURE_MS, FALSE, 7, NULL, NULL);
  g_autofree char *up = il_slo_format_change (112, 100, IL_FIGURE_MS, FALSE, 7, NULL, NULL);
  g_autofree char *down = il_slo_format_change_amount (95, 100, IL_FIGURE_PERCENT, TRUE, 1, NULL, NULL);
  g_autofree char *from_zero = il_slo_format_change_amount (300, 0, IL_FIGURE_MS, FALSE, 1, NULL, NULL);
  g_autofree char *tiny = il_slo_format_change_amount (100.03, 100, IL_FIGURE_MS, FALSE, 1, NULL, NULL);

  g_assert_cmpint (change, ==, IL_CHANGE_SAME);
  g_assert_cmpstr (same, ==, "= 0.00 % vs previous 7 days");
  g_assert_null (none);
  g_assert_cmpstr (up, ==, "▲ 12 % vs previous 7 days");
  g_assert_cmpstr (down, ==, "▼ 5.0 %");
  g_assert_cmpstr (from_zero, ==, "▲ +300 ms");
  g_assert_cmpstr (tiny, ==, "▲ 0.03 %");
}

static void
test_step_table (void)
{
  IlStepAnalysisPage *page = IL_STEP_ANALYSIS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_STEP_ANALYSIS));
  GListModel *model = _il_step_analysis_page_get_model (page);
  const IlAggregates *agg;
  g_autoptr(IlPeriodFigures) prev = NULL;
  const IlPeriodStep *prev_step;
  g_autofree char *mean_change = NULL;
  g_autofree char *value = NULL;
  g_autofree char *expected_breach = NULL;
  gint row = -1;

  set_two_targets ();
  agg = il_main_window_get_aggregates (window);
  prev = expected_previous ();
  prev_step = il_period_figures_find_step (prev, step0);
  g_assert_nonnull (prev_step);
  /* a first fill's rows come a few per frame */
  wait_n_items (model, agg->n_steps);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *name = _il_step_analysis_page_dup_cell (page, i, 0);

      if (g_strcmp0 (name, step0) == 0)
        row = (gint) i;
    }
  g_assert_cmpint (row, >=, 0);

  /* latency columns (2 to 11) keep one unit, whatever the magnitude */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    for (guint c = 2; c <= 11; c++)
      {
        g_autofree char *cell = _il_step_analysis_page_dup_cell (page, i, c);

        g_assert_true (g_str_has_suffix (cell, " ms"));
      }

  /* P95 (column 10) breached, with the exact value and the bound */
  value = il_slo_format_shown_value (IL_SLO_P95, agg->steps[0].p95, 1);
  expected_breach = g_strdup_printf ("Target breached: %s, at most 1 ms", value);
  g_assert_cmpstr (_il_step_analysis_page_get_cell_breach (page, row, 10), ==, expected_breach);
  /* the mean (column 2) is met: nothing marked, but its change shown */
  g_assert_null (_il_step_analysis_page_get_cell_breach (page, row, 2));
  mean_change = il_slo_format_change_amount (agg->steps[0].mean, prev_step->mean, IL_FIGURE_MS, FALSE, DAYS,
                                             NULL, NULL);
  g_assert_nonnull (mean_change);
  g_assert_cmpstr (_il_step_analysis_page_get_cell_change (page, row, 2), ==, mean_change);
  /* a column without a previous figure (Std Dev) shows no change */
  g_assert_null (_il_step_analysis_page_get_cell_change (page, row, 4));
  /* the new Error Rate column holds the step's error rate */
  {
    g_autofree char *rate = _il_step_analysis_page_dup_cell (page, row, 14);
    g_autofree char *expected = NULL;

    expected = g_strdup_printf ("%.1f%%", agg->steps[0].error_rate_pct);
    g_assert_cmpstr (rate, ==, expected);
  }
}

static void
test_charts (void)
{
  IlStepAnalysisPage *page = IL_STEP_ANALYSIS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_STEP_ANALYSIS));
  IlTrendPage *trend = IL_TREND_PAGE (il_main_window_get_page_widget (window, IL_PAGE_TRENDS));
  const IlBoxPlotView *box;
  const IlTrendView *view;
  const IlAggregates *agg;

  set_two_targets ();
  agg = il_main_window_get_aggregates (window);

  /* both latency targets on the box plot, in step 0's band */
  box = il_chart_widget_get_data (_il_step_analysis_page_get_box_plot (page));
  g_assert_true (il_chart_widget_get_chart_class (_il_step_analysis_page_get_box_plot (page)) == &il_box_plot_view_chart);
  g_assert_nonnull (box);
  g_assert_cmpuint (box->n_targets, ==, 2);
  g_assert_cmpuint (box->targets[0].series, ==, 0);
  g_assert_cmpfloat (box->targets[0].value, ==, 1);
  g_assert_true (box->targets[0].breached);
  g_assert_false (box->targets[1].breached);

  /* the trend: every bucket of step 0 with rows breaches P95 <= 1 ms */
  view = il_chart_widget_get_data (IL_CHART_WIDGET (il_trend_page_get_chart (trend)));
  g_assert_nonnull (view);
  g_assert_cmpuint (view->n_targets, ==, 2);
  g_assert_nonnull (view->targets[0].breached_points);
  for (guint b = 0; b < agg->trend.n_buckets; b++)
    {
      gboolean has_rows = agg->trend.count[b] > 0;

      g_assert_cmpint (view->targets[0].breached_points[b], ==, has_rows);
      g_assert_false (view->targets[1].breached_points[b]);
    }

  /* an error-rate target has no line on a latency axis */
  {
    g_autofree char *rate = g_strdup_printf ("%s:error_rate<=0%%", step0);
    const char *texts[] = { rate, NULL };

    set_targets (texts);
    box = il_chart_widget_get_data (_il_step_analysis_page_get_box_plot (page));
    g_assert_cmpuint (box->n_targets, ==, 0);
  }
}

static void
test_overview (void)
{
  GtkWidget *overview = il_main_window_get_page_widget (window, IL_PAGE_OVERVIEW);
  IlSloSummary *summary = IL_SLO_SUMMARY (find_descendant (overview, IL_TYPE_SLO_SUMMARY));
  const char *title, *status, *subtitle;
  g_autofree char *expected_title = NULL;
  const char *nodata[] = { "no-such-step:p99<=10", NULL };

  g_assert_nonnull (summary);
  set_targets (NULL);
  g_assert_true (_il_slo_summary_is_empty (summary));
  g_assert_cmpuint (_il_slo_summary_get_n_rows (summary), ==, 0);

  set_two_targets ();
  g_assert_false (_il_slo_summary_is_empty (summary));
  g_assert_cmpuint (_il_slo_summary_get_n_rows (summary), ==, 2);
  _il_slo_summary_get_row (summary, 0, &title, &status, &subtitle);
  expected_title = g_strdup_printf ("%s · P95 ≤ 1 ms", step0);
  g_assert_cmpstr (title, ==, expected_title);
  g_assert_cmpstr (status, ==, "Breached");
  /* never met in any bucket */
  g_assert_true (g_str_has_suffix (subtitle, "not met in any bucket of this range"));
  _il_slo_summary_get_row (summary, 1, &title, &status, &subtitle);
  g_assert_cmpstr (status, ==, "Met");
  /* the value with the locale's marks, as the tiles' tooltips */
  {
    const IlAggregates *agg = il_main_window_get_aggregates (window);
    g_autofree char *value = il_slo_format_shown_value (IL_SLO_MEAN, agg->steps[0].mean, 1e9);
    g_autofree char *expected = g_strdup_printf ("Value %s", value);

    g_assert_cmpstr (subtitle, ==, expected);
  }

  set_targets (nodata);
  _il_slo_summary_get_row (summary, 0, &title, &status, &subtitle);
  g_assert_cmpstr (status, ==, "No data");
}

/* A target with a bound between the lowest and highest bucket P95 of step 0:
 * the overview says when it was last met. */
static void
test_overview_last_met (void)
{
  GtkWidget *overview = il_main_window_get_page_widget (window, IL_PAGE_OVERVIEW);
  IlSloSummary *summary = IL_SLO_SUMMARY (find_descendant (overview, IL_TYPE_SLO_SUMMARY));
  g_autoptr(IlSloTarget) probe = il_slo_target_new (step0, IL_SLO_P95, 0);
  g_autoptr(IlSloBuckets) buckets = NULL;
  const IlAggregates *agg = il_main_window_get_aggregates (window);
  double lo = INFINITY;
  char bound[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  g_autofree char *expected = NULL;
  const char *texts[2] = { NULL, NULL };
  const char *title, *status, *subtitle;
  IlSloView *view;
  gint64 last;

  buckets = il_slo_evaluate_buckets (il_main_window_get_store (window), agg, probe, 0);
  for (guint b = 0; b < buckets->n_buckets; b++)
    if (isfinite (buckets->value[b]))
      lo = MIN (lo, buckets->value[b]);
  g_assert_true (lo < agg->steps[0].p95);
  text = g_strdup_printf ("%s:p95<=%s", step0, g_ascii_dtostr (bound, sizeof bound, lo));
  texts[0] = text;
  set_targets (texts);

  view = il_slo_board_get_view (board ());
  last = il_slo_view_last_met (view, 0);
  g_assert_cmpint (last, !=, IL_TIME_NONE);
  _il_slo_summary_get_row (summary, 0, &title, &status, &subtitle);
  g_assert_cmpstr (status, ==, "Breached");
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (last / G_USEC_PER_SEC);

    when = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
  }
  expected = g_strdup_printf ("last met in the bucket of %s UTC", when);
  g_assert_nonnull (strstr (subtitle, expected));
}

/* With live refresh on, the window turns a breach into a notification naming
 * step, statistic, value and bound; without, a breach is only on screen. */
static void
test_notification (void)
{
  IlDashboard *dashboard = il_main_window_get_dashboard (window);
  IlSloResult result = { 0, (char *) "llm", IL_SLO_P95, 800, 912.345, 10, IL_SLO_BREACHED };

  g_assert_false (il_dashboard_get_live (dashboard));
  g_signal_emit_by_name (board (), "breached", &result);
  g_assert_null (_il_main_window_slo_get_last_notification (GTK_WINDOW (window)));

  il_dashboard_set_live (dashboard, TRUE);
  g_signal_emit_by_name (board (), "breached", &result);
  g_assert_cmpstr (_il_main_window_slo_get_last_notification (GTK_WINDOW (window)), ==,
                   "Latency target breached: llm");
  il_dashboard_set_live (dashboard, FALSE);
}

static void
test_preferences_page (void)
{
  g_autoptr(GSettings) settings = il_settings_new ();
  GtkWidget *win = gtk_window_new ();
  IlSloPreferencesPage *page = IL_SLO_PREFERENCES_PAGE (il_slo_preferences_page_new ());
  const char *steps[] = { "llm", "stt", NULL };
  g_auto(GStrv) saved = NULL;
  const char *outside[] = { "tts:p99<=3000", "*:error_rate<=2%", NULL };

  g_settings_set_strv (settings, "slo-targets", NULL);
  gtk_window_set_child (GTK_WINDOW (win), GTK_WIDGET (page));
  il_slo_preferences_page_set_steps (page, steps);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (_il_slo_preferences_page_is_empty (page));

  /* added and saved at once, no Save button */
  g_assert_cmpuint (il_slo_preferences_page_add (page), ==, 0);
  g_assert_false (_il_slo_preferences_page_is_empty (page));
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpstrv (saved, ((const char *const[]) { "llm:p95<=1000", NULL }));
  g_clear_pointer (&saved, g_strfreev);

  adw_combo_row_set_selected (_il_slo_preferences_page_get_statistic_row (page, 0), IL_SLO_MEAN);
  gtk_spin_button_set_value (_il_slo_preferences_page_get_bound_spin (page, 0), 250.5);
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpstrv (saved, ((const char *const[]) { "llm:mean<=250.5", NULL }));
  g_clear_pointer (&saved, g_strfreev);

  /* "Every step" is the first choice, then the steps seen */
  adw_combo_row_set_selected (_il_slo_preferences_page_get_step_row (page, 0), 2);
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpstrv (saved, ((const char *const[]) { "stt:mean<=250.5", NULL }));
  g_clear_pointer (&saved, g_strfreev);
  adw_combo_row_set_selected (_il_slo_preferences_page_get_step_row (page, 0), 0);
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpstrv (saved, ((const char *const[]) { "*:mean<=250.5", NULL }));
  g_clear_pointer (&saved, g_strfreev);

  /* an error rate is a percentage: at most 100 */
  adw_combo_row_set_selected (_il_slo_preferences_page_get_statistic_row (page, 0), IL_SLO_ERROR_RATE);
  gtk_spin_button_set_value (_il_slo_preferences_page_get_bound_spin (page, 0), 500);
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpuint (g_strv_length (saved), ==, 1);
  g_assert_cmpstr (saved[0], ==, "*:error_rate<=100%");
  g_clear_pointer (&saved, g_strfreev);

  g_signal_emit_by_name (_il_slo_preferences_page_get_remove_button (page, 0), "clicked");
  saved = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpuint (g_strv_length (saved), ==, 0);
  g_assert_true (_il_slo_preferences_page_is_empty (page));

  /* a change made elsewhere shows; a step not in the data stays choosable */
  g_settings_set_strv (settings, "slo-targets", outside);
  g_assert_false (_il_slo_preferences_page_is_empty (page));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (_il_slo_preferences_page_get_step_row (page, 0))),
                    ==, 4);
  g_assert_cmpuint (adw_combo_row_get_selected (_il_slo_preferences_page_get_step_row (page, 0)), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (_il_slo_preferences_page_get_step_row (page, 1)), ==, 0);

  g_settings_set_strv (settings, "slo-targets", NULL);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* The preferences window has the page, by name. */
static void
test_preferences_window (void)
{
  IlPreferencesWindow *prefs = il_preferences_window_new (NULL, NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "slos");
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "slos");
  g_assert_nonnull (find_descendant (GTK_WIDGET (prefs), IL_TYPE_SLO_PREFERENCES_PAGE));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);
  g_setenv ("IL_DEMO_ROWS", "20000", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, DAYS, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  il_main_window_set_source (window, NULL, TRUE);
  wait_settled ();
  step0 = g_strdup (il_main_window_get_aggregates (window)->steps[0].name);

  g_test_add_func ("/slo-ui/change-format", test_change_format);
  g_test_add_func ("/slo-ui/tiles", test_tiles);
  g_test_add_func ("/slo-ui/step-table", test_step_table);
  g_test_add_func ("/slo-ui/charts", test_charts);
  g_test_add_func ("/slo-ui/overview", test_overview);
  g_test_add_func ("/slo-ui/overview-last-met", test_overview_last_met);
  g_test_add_func ("/slo-ui/notification", test_notification);
  g_test_add_func ("/slo-ui/preferences-page", test_preferences_page);
  g_test_add_func ("/slo-ui/preferences-window", test_preferences_window);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_free (step0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ret;
}
