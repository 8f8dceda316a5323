/* test-main-window.c: the dashboard window on demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "il-aggregates.h"
#include "il-cell-tooltip.h"
#include "il-chart-widget.h"
#include "il-errors-page.h"
#include "il-format.h"
#include "il-latency-heatmap-page.h"
#include "il-main-window.h"
#include "il-metric-tile.h"
#include "il-main-window-private.h"
#include "il-status-badge-private.h"
#include "il-sessions-page.h"
#include "il-trend-page.h"

#define DEMO_NOW "2025-11-28T12:00:00Z"

static IlMainWindow *window;

static gboolean
wait_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!(il_main_window_is_idle (window) && il_main_window_get_aggregates (window) != NULL))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_tile (GtkWidget  *widget,
           const char *title)
{
  if (IL_IS_METRIC_TILE (widget) && has_label (widget, title))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tile (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_tiles (int      days,
             gboolean all)
{
  IlRowStore *store = il_main_window_get_store (window);
  IlFilter filter;
  IlAggregateOptions options;
  g_autoptr(IlAggregates) agg = NULL;
  g_autofree char *total = NULL, *avg = NULL, *p95 = NULL, *rate = NULL, *sessions = NULL;
  gint64 now;

  g_assert_true (il_timestamp_parse (DEMO_NOW, -1, &now, NULL));
  il_filter_init (&filter);
  filter.created_min = all ? IL_TIME_NONE : now - (gint64) days * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &filter, &options);

  total = il_format_count_str (agg->key.total_records);
  avg = il_format_latency_ms (agg->key.avg_latency_ms);
  p95 = il_format_latency_ms (agg->key.p95_latency_ms);
  rate = il_format_percent_str (agg->key.success_rate_pct);
  sessions = il_format_count_str (agg->key.unique_sessions);

  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, ==, agg->key.total_records);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, total);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_AVG_LATENCY), ==, avg);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_P95_LATENCY), ==, p95);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_SUCCESS_RATE), ==, rate);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_UNIQUE_SESSIONS), ==, sessions);
  if (agg->key.total_records > 0)
    {
      g_autofree char *duration = il_format_duration (agg->key.total_latency_ms);
      g_autofree char *exact = il_format_exact_ms (agg->key.total_latency_ms);
      GtkWidget *tile;

      /* hours of latency read as hours, not as "204,600.0 s" */
      if (agg->key.total_latency_ms >= 3600 * 1000.0)
        g_assert_nonnull (strstr (duration, " h "));
      g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_TIME), ==, duration);
      tile = find_tile (GTK_WIDGET (window), "Total Time");
      g_assert_nonnull (tile);
      g_assert_cmpstr (il_cell_get_tooltip (tile), ==, exact);
    }
}

static void
test_open (void)
{
  g_assert_true (wait_idle ());
  g_assert_nonnull (il_main_window_get_store (window));
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, 20000);
  check_tiles (30, FALSE);
}

static void
test_pages (void)
{
  for (int i = 0; i < IL_N_PAGES; i++)
    {
      il_main_window_set_page (window, i);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (il_main_window_get_page (window), ==, i);
      g_assert_true (gtk_widget_get_mapped (il_main_window_get_page_widget (window, i)));
    }
  il_main_window_set_page (window, IL_PAGE_OVERVIEW);
}

/* The header counts what the tiles count. */
static void
check_badge_count (void)
{
  guint64 total = il_main_window_get_aggregates (window)->key.total_records;
  g_autofree char *count = il_format_count_str (total);
  g_autofree char *expected = g_strdup_printf ("Demo data · %s rows", count);

  g_assert_cmpstr (_il_status_badge_get_text (_il_main_window_get_status_badge (window)), ==, expected);
}

static void
test_range (void)
{
  guint64 before = il_main_window_get_aggregates (window)->key.total_records;

  il_main_window_set_range (window, 3, FALSE);
  g_assert_true (wait_idle ());
  check_tiles (3, FALSE);
  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, <, before);
  check_badge_count ();

  il_main_window_set_range (window, 30, TRUE);
  g_assert_true (wait_idle ());
  check_tiles (30, TRUE);
  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, ==, 20000);
  check_badge_count ();

  /* Far after the data: an empty range shows dashes, not zeros. */
  il_main_window_set_range (window, 30, FALSE);
  g_assert_true (wait_idle ());
  check_tiles (30, FALSE);
}

static void
test_export (void)
{
  IlLatencyHeatmapPage *page = IL_LATENCY_HEATMAP_PAGE (il_main_window_get_page_widget (window, IL_PAGE_HEATMAP));
  IlChartWidget *chart = IL_CHART_WIDGET (il_latency_heatmap_page_get_chart (page));
  g_autofree char *dir = g_dir_make_tmp ("il-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "c.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  cairo_surface_t *surface;

  g_assert_true (il_chart_widget_get_data (chart) == il_main_window_get_aggregates (window));

  g_assert_true (il_chart_widget_export_to_file (chart, png, IL_CHART_FORMAT_PNG, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >, 0);
  cairo_surface_destroy (surface);

  g_assert_true (il_chart_widget_export_to_file (chart, svg, IL_CHART_FORMAT_SVG, &error));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (il_chart_widget_export_to_file (chart, pdf, IL_CHART_FORMAT_PDF, &error));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_show_session (void)
{
  IlErrorsPage *errors = IL_ERRORS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_ERRORS));
  IlSessionsPage *sessions = IL_SESSIONS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_SESSIONS));
  const IlAggregates *agg = il_main_window_get_aggregates (window);
  guint session;

  g_assert_cmpuint (agg->n_error_groups, >, 0);
  session = il_errors_page_find_session (errors, 0);
  il_main_window_set_page (window, IL_PAGE_ERRORS);
  il_errors_page_show_session (errors, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (il_main_window_get_page (window), ==, IL_PAGE_SESSIONS);
  g_assert_cmpuint (il_sessions_page_get_selected_session (sessions), ==, session);
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
  il_main_window_set_range (window, 30, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  il_main_window_set_source (window, NULL, TRUE);

  g_test_add_func ("/main-window/open", test_open);
  g_test_add_func ("/main-window/pages", test_pages);
  g_test_add_func ("/main-window/export", test_export);
  g_test_add_func ("/main-window/show-session", test_show_session);
  g_test_add_func ("/main-window/range", test_range);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ret;
}
