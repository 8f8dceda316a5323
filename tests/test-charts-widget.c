/* test-charts-widget.c: the chart widget's style follows the widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-chart-widget.h"
#include "il-aggregate-charts.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/chart-widget/style-options", test_style_options);
  g_test_add_func ("/chart-widget/style-colours", test_style_colours);
  return g_test_run ();
}
