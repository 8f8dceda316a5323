/* test-charts-widget.c: the chart widget's style follows the widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "il-chart-widget.h"
#include "il-aggregate-charts.h"
#include "il-dashboard.h"
#include "il-dashboard-page-private.h"
#include "il-demo.h"
#include "il-latency-heatmap-page.h"
#include "il-overview-page.h"
#include "il-trend-page.h"
#include "il-resources.h"
#include "il-settings.h"

static const IlChartStyle *
settled_style (GtkWidget *chart)
{
  return il_chart_widget_get_style (IL_CHART_WIDGET (chart));
}

static void
test_style_options (void)
{
  GtkWidget *chart = g_object_ref_sink (il_chart_widget_new (&il_trend_line_chart));
  const IlChartStyle *style = il_chart_widget_get_style (IL_CHART_WIDGET (chart));

  g_assert_true (style->full_category_labels);
  g_assert_true (style->exact_tooltips);
  g_assert_true (style->locale_numbers);
  g_object_unref (chart);
}

static void
test_style_colours (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = il_chart_widget_new (&il_trend_line_chart);
  const IlChartStyle *style = il_chart_widget_get_style (IL_CHART_WIDGET (chart));

  gtk_window_set_child (GTK_WINDOW (window), chart);
  g_assert_true (settled_style (chart) == style);
  g_assert_false (style->dark);

  /* a white text colour set by CSS, not by the style manager */
  gtk_css_provider_load_from_data (provider, ".test-dark { color: #ffffff; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  gtk_widget_add_css_class (chart, "test-dark");
  settled_style (chart);
  g_assert_true (style->dark);
  g_assert_cmpfloat (style->foreground.r, ==, 1.0);
  g_assert_cmpfloat (style->foreground.g, ==, 1.0);
  g_assert_cmpfloat (style->foreground.b, ==, 1.0);
  g_assert_cmpfloat (style->grid.a, ==, 0.12);
  g_assert_true (style->full_category_labels);

  gtk_widget_remove_css_class (chart, "test-dark");
  settled_style (chart);
  g_assert_false (style->dark);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_heatmap_row_scale (void)
{
  g_autoptr(GSettings) settings = il_settings_new ();
  GtkWidget *page = g_object_ref_sink (il_latency_heatmap_page_new ());
  IlChartWidget *chart = IL_CHART_WIDGET (il_latency_heatmap_page_get_chart (IL_LATENCY_HEATMAP_PAGE (page)));

  /* off by default: one colour scale for all steps */
  g_assert_false (g_settings_get_boolean (settings, "heatmap-row-scale"));
  g_assert_true (il_chart_widget_get_chart_class (chart) == &il_heatmap_chart);

  g_settings_set_boolean (settings, "heatmap-row-scale", TRUE);
  g_assert_true (il_chart_widget_get_chart_class (chart) == &il_heatmap_row_scale_chart);
  g_object_unref (page);

  /* a new page starts as the setting says */
  page = g_object_ref_sink (il_latency_heatmap_page_new ());
  chart = IL_CHART_WIDGET (il_latency_heatmap_page_get_chart (IL_LATENCY_HEATMAP_PAGE (page)));
  g_assert_true (il_chart_widget_get_chart_class (chart) == &il_heatmap_row_scale_chart);
  g_settings_set_boolean (settings, "heatmap-row-scale", FALSE);
  g_assert_true (il_chart_widget_get_chart_class (chart) == &il_heatmap_chart);
  g_object_unref (page);
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *charts)
{
  if (IL_IS_CHART_WIDGET (widget))
    g_ptr_array_add (charts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_charts (child, charts);
}

/* The percentile profile is on a log axis unless the user turns it off. */
static void
test_profile_log_scale (void)
{
  g_autoptr(GSettings) settings = il_settings_new ();
  GtkWidget *page = g_object_ref_sink (il_overview_page_new ());
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  IlChartWidget *profile = NULL;

  collect_charts (page, charts);
  for (guint i = 0; i < charts->len; i++)
    {
      const IlChartClass *klass = il_chart_widget_get_chart_class (charts->pdata[i]);

      g_assert_true (klass != &il_percentile_profile_chart);
      if (klass == &il_percentile_profile_log_chart)
        profile = charts->pdata[i];
    }
  g_assert_nonnull (profile);
  g_assert_true (g_settings_get_boolean (settings, "distribution-log-scale"));

  g_settings_set_boolean (settings, "distribution-log-scale", FALSE);
  g_assert_true (il_chart_widget_get_chart_class (profile) == &il_percentile_profile_chart);
  g_settings_reset (settings, "distribution-log-scale");
  g_assert_true (il_chart_widget_get_chart_class (profile) == &il_percentile_profile_log_chart);
  g_object_unref (page);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static IlSnapshot *
demo_snapshot (guint n_rows)
{
  g_autoptr(IlRowStore) store = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED,
                                                  G_GINT64_CONSTANT (1795000000000000));

  return il_snapshot_new (store, il_aggregates_compute (store, NULL, NULL));
}

/* A click on a legend entry hides its series, a second shows it again; the
 * choice outlives a new snapshot with the same step. */
static void
test_trend_legend (void)
{
  GtkWidget *page = il_trend_page_new ();
  GtkWidget *window = gtk_window_new ();
  g_autoptr(IlSnapshot) first = demo_snapshot (5000);
  g_autoptr(IlSnapshot) second = demo_snapshot (6000);
  GtkWidget *chart = il_trend_page_get_chart (IL_TREND_PAGE (page));
  const IlTrendView *view;
  IlLineChartLayout l;
  double x = -1, y = -1;
  int w, h;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
  gtk_window_present (GTK_WINDOW (window));
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), first);
  iterate ();

  view = il_chart_widget_get_data (IL_CHART_WIDGET (chart));
  g_assert_true (il_chart_widget_get_chart_class (IL_CHART_WIDGET (chart)) == &il_trend_view_chart);
  g_assert_true (il_chart_widget_get_snapshot (IL_CHART_WIDGET (chart)) == first);
  g_assert_true (view->aggregates == il_snapshot_get_aggregates (first));
  g_assert_cmpuint (view->aggregates->n_steps, >, 2);
  g_assert_false (view->hidden[1]);

  /* the second legend entry: the first point on its row that hits step 1 */
  w = gtk_widget_get_width (chart);
  h = gtk_widget_get_height (chart);
  g_assert_cmpint (w, >, 0);
  il_trend_line_chart_get_layout (view->aggregates, il_chart_widget_get_style (IL_CHART_WIDGET (chart)),
                                  w, h, &l);
  g_assert_true (l.legend);
  for (double py = l.legend_y; py < l.legend_y + l.legend_height && x < 0; py += 1)
    for (double px = l.legend_x; px < l.legend_x + l.legend_width && x < 0; px += 2)
      if (il_trend_view_legend_at (view, il_chart_widget_get_style (IL_CHART_WIDGET (chart)), w, h, px, py) == 1)
        {
          x = px;
          y = py;
        }
  g_assert_cmpfloat (x, >=, 0);
  g_assert_false (il_trend_page_legend_click (IL_TREND_PAGE (page), 2, 2));

  g_assert_true (il_trend_page_legend_click (IL_TREND_PAGE (page), x, y));
  /* a new view: a render in a worker may still read the previous one */
  view = il_chart_widget_get_data (IL_CHART_WIDGET (chart));
  g_assert_true (view->hidden[1]);
  g_assert_false (view->hidden[0]);

  /* a new snapshot with that step: still hidden */
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), second);
  view = il_chart_widget_get_data (IL_CHART_WIDGET (chart));
  g_assert_true (view->aggregates == il_snapshot_get_aggregates (second));
  g_assert_cmpstr (view->aggregates->steps[1].name, ==,
                   il_snapshot_get_aggregates (first)->steps[1].name);
  g_assert_true (view->hidden[1]);
  g_assert_false (view->hidden[0]);

  g_assert_true (il_trend_page_legend_click (IL_TREND_PAGE (page), x, y));
  view = il_chart_widget_get_data (IL_CHART_WIDGET (chart));
  g_assert_false (view->hidden[1]);

  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), NULL);
  g_assert_null (il_chart_widget_get_data (IL_CHART_WIDGET (chart)));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* In a card, the chart's background is the card's (opaque, for exports),
 * light and dark: not the darker view colour, which drew an inset box. */
static void
test_style_card (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *chart = il_chart_widget_new (&il_trend_line_chart);
  const IlChartStyle *style = il_chart_widget_get_style (IL_CHART_WIDGET (chart));
  GtkStyleContext *ctx = gtk_widget_get_style_context (chart);
  GdkRGBA card_bg, window_bg, view_bg;

  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), chart);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate ();
  settled_style (chart);
  g_assert_true (style->dark);
  g_assert_true (gtk_style_context_lookup_color (ctx, "card_bg_color", &card_bg));
  g_assert_true (gtk_style_context_lookup_color (ctx, "window_bg_color", &window_bg));
  g_assert_true (gtk_style_context_lookup_color (ctx, "view_bg_color", &view_bg));
  g_assert_cmpfloat (card_bg.alpha, <, 1);
  g_assert_cmpfloat_with_epsilon (style->background.r,
                                  card_bg.red * card_bg.alpha + window_bg.red * (1 - card_bg.alpha), 1e-6);
  g_assert_cmpfloat_with_epsilon (style->background.g,
                                  card_bg.green * card_bg.alpha + window_bg.green * (1 - card_bg.alpha), 1e-6);
  g_assert_cmpfloat (style->background.a, ==, 1);
  g_assert_cmpfloat (fabs (style->background.r - view_bg.red), >, 0.01);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  iterate ();
  settled_style (chart);
  g_assert_false (style->dark);
  g_assert_cmpfloat (style->background.r, ==, 1);
  g_assert_cmpfloat (style->background.a, ==, 1);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
wait_ready (IlDashboard *dashboard)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!(il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY && il_dashboard_is_idle (dashboard)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  iterate ();
}

static const IlAggregates *
shown_aggregates (GtkWidget *page)
{
  return il_snapshot_get_aggregates (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)));
}

static const char *
bucket_item (GtkWidget *page,
             guint      pos)
{
  GtkDropDown *chooser = GTK_DROP_DOWN (gtk_widget_get_template_child (page, IL_TYPE_TREND_PAGE,
                                                                       "bucket_chooser"));

  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (chooser)), pos);
}

/* The statistic and the bucket are chosen on the page and remembered; with
 * no bucket chosen the range picks one and the chooser says which. */
static void
test_trend_choosers (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (settings);
  GtkWidget *page = il_trend_page_new ();
  GtkWidget *window = gtk_window_new ();
  GtkDropDown *statistic, *bucket;
  GtkLabel *title;
  g_autofree char *nick = NULL;

  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_days (dashboard, 30);
  il_dashboard_set_all_data (dashboard, FALSE);
  il_dashboard_refresh (dashboard);
  wait_ready (dashboard);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (page), dashboard);
  iterate ();
  statistic = GTK_DROP_DOWN (gtk_widget_get_template_child (page, IL_TYPE_TREND_PAGE, "statistic_chooser"));
  bucket = GTK_DROP_DOWN (gtk_widget_get_template_child (page, IL_TYPE_TREND_PAGE, "bucket_chooser"));
  title = GTK_LABEL (gtk_widget_get_template_child (page, IL_TYPE_TREND_PAGE, "title_label"));
  g_assert_nonnull (statistic);

  /* defaults: the mean, the bucket from the 30-day range */
  g_assert_cmpuint (gtk_drop_down_get_selected (statistic), ==, IL_TREND_MEAN);
  g_assert_cmpuint (gtk_drop_down_get_selected (bucket), ==, 4);
  g_assert_cmpstr (bucket_item (page, 4), ==, "Automatic (Day)");
  g_assert_cmpint (shown_aggregates (page)->trend.bucket, ==, IL_BUCKET_DAY);
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Mean Latency per Step over Time");

  /* a 1-day range: 15 minutes */
  il_dashboard_set_days (dashboard, 1);
  wait_ready (dashboard);
  g_assert_cmpint (shown_aggregates (page)->trend.bucket, ==, IL_BUCKET_15_MIN);
  g_assert_cmpstr (bucket_item (page, 4), ==, "Automatic (15 Minutes)");
  g_assert_cmpint (il_trend_page_get_bucket (IL_TREND_PAGE (page)), ==, IL_BUCKET_15_MIN);

  /* P95 */
  gtk_drop_down_set_selected (statistic, IL_TREND_P95);
  wait_ready (dashboard);
  g_assert_cmpint (shown_aggregates (page)->options.trend_statistic, ==, IL_TREND_P95);
  nick = g_settings_get_string (settings, "trend-statistic");
  g_assert_cmpstr (nick, ==, "p95");
  g_assert_cmpstr (gtk_label_get_label (title), ==, "P95 Latency per Step over Time");
  g_assert_cmpuint (gtk_drop_down_get_selected (statistic), ==, IL_TREND_P95);

  /* a bucket chosen by hand stays, also over another range */
  gtk_drop_down_set_selected (bucket, IL_BUCKET_HOUR);
  wait_ready (dashboard);
  g_assert_false (g_settings_get_boolean (settings, "trend-bucket-auto"));
  g_clear_pointer (&nick, g_free);
  nick = g_settings_get_string (settings, "trend-bucket");
  g_assert_cmpstr (nick, ==, "hour");
  il_dashboard_set_days (dashboard, 30);
  wait_ready (dashboard);
  g_assert_cmpint (shown_aggregates (page)->trend.bucket, ==, IL_BUCKET_HOUR);
  g_assert_cmpuint (gtk_drop_down_get_selected (bucket), ==, IL_BUCKET_HOUR);
  g_assert_cmpstr (bucket_item (page, 4), ==, "Automatic");

  /* back to automatic */
  gtk_drop_down_set_selected (bucket, 4);
  wait_ready (dashboard);
  g_assert_true (g_settings_get_boolean (settings, "trend-bucket-auto"));
  g_assert_cmpint (shown_aggregates (page)->trend.bucket, ==, IL_BUCKET_DAY);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_settings_reset (settings, "trend-statistic");
  g_settings_reset (settings, "trend-bucket");
  g_settings_reset (settings, "trend-bucket-auto");
  g_settings_reset (settings, "days");
}

int
main (int   argc,
      char *argv[])
{
  /* run by hand too: never touch the user's settings */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  g_test_add_func ("/chart-widget/style-options", test_style_options);
  g_test_add_func ("/chart-widget/trend-choosers", test_trend_choosers);
  g_test_add_func ("/chart-widget/style-card", test_style_card);
  g_test_add_func ("/chart-widget/style-colours", test_style_colours);
  g_test_add_func ("/chart-widget/heatmap-row-scale", test_heatmap_row_scale);
  g_test_add_func ("/chart-widget/trend-legend", test_trend_legend);
  g_test_add_func ("/chart-widget/profile-log-scale", test_profile_log_scale);
  return g_test_run ();
}
