/* test-adaptive.c: the window fits 800x600 and its pages reflow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-main-window.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-errors-page.h"
#include "il-metric-tile.h"
#include "il-slo-board.h"
#include "il-sessions-page.h"
#include "il-scroll-passthrough.h"
#include "il-wrap-box.h"

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

static void
run_frames (void)
{
  for (guint i = 0; i < 10; i++)
    {
      gint64 end = g_get_monotonic_time () + 30000;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
}

static void
min_size (GtkWidget *widget,
          int       *width,
          int       *height)
{
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, *width, height, NULL, NULL, NULL);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every page fits a 800x600 window: the window asks for no more. */
static void
test_min_size (void)
{
  g_assert_true (wait_idle ());
  for (int i = 0; i < IL_N_PAGES; i++)
    {
      int w, h;

      il_main_window_set_page (window, i);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      min_size (GTK_WIDGET (window), &w, &h);
      g_assert_cmpint (w, <=, 800);
      g_assert_cmpint (h, <=, 600);
      /* and on the page itself at that width, the height it needs */
      gtk_widget_measure (il_main_window_get_page_widget (window, i), GTK_ORIENTATION_VERTICAL, 760,
                          &h, NULL, NULL, NULL);
      g_assert_cmpint (h, <=, 360);
    }
  il_main_window_set_page (window, IL_PAGE_OVERVIEW);

  /* the header leaves room for more controls at 800 px */
  {
    GtkWidget *header = find_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
    int w;

    g_assert_nonnull (header);
    gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
    g_test_message ("header: %d px", w);
    g_assert_cmpint (w, <=, 600);
  }
}

/* The chart grid: two cards a line when wide, one when narrow; the tiles:
 * six on a line, then three and three, never five and one. */
static void
test_reflow (void)
{
  GtkWidget *overview = il_main_window_get_page_widget (window, IL_PAGE_OVERVIEW);
  IlWrapBox *grid = IL_WRAP_BOX (find_type (overview, IL_TYPE_WRAP_BOX));
  IlWrapBox *tiles = NULL;

  for (GtkWidget *w = GTK_WIDGET (overview); w != NULL; w = gtk_widget_get_parent (w))
    if (tiles == NULL && gtk_widget_get_parent (w) != NULL)
      for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (w)); c; c = gtk_widget_get_next_sibling (c))
        if (IL_IS_WRAP_BOX (c))
          tiles = IL_WRAP_BOX (c);

  g_assert_nonnull (grid);
  g_assert_cmpuint (il_wrap_box_get_line_length (grid, 1350), ==, 2);
  g_assert_cmpuint (il_wrap_box_get_line_length (grid, 760), ==, 1);

  g_assert_nonnull (tiles);
  g_assert_cmpuint (il_wrap_box_get_line_length (tiles, 1376), ==, 6);
  g_assert_cmpuint (il_wrap_box_get_line_length (tiles, 776), ==, 3);
  g_assert_cmpuint (il_wrap_box_get_line_length (tiles, 500), ==, 2);

  /* laid out at 800x600, the cards are one above the other */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_unmaximize (GTK_WINDOW (window));
  for (int i = 0; i < 20 && gtk_widget_get_width (GTK_WIDGET (window)) > 820; i++)
    {
      gint64 end = g_get_monotonic_time () + 50000;

      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
  {
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (grid));
    GtkWidget *second = gtk_widget_get_next_sibling (first);
    graphene_rect_t a, b;

    g_assert_true (gtk_widget_compute_bounds (first, GTK_WIDGET (grid), &a));
    g_assert_true (gtk_widget_compute_bounds (second, GTK_WIDGET (grid), &b));
    g_assert_cmpfloat (a.origin.x, ==, b.origin.x);
    g_assert_cmpfloat (b.origin.y, >, a.origin.y + a.size.height);
  }

  /* Session Deep Dive: the list gives the session most of a narrow window */
  {
    GtkWidget *sessions = il_main_window_get_page_widget (window, IL_PAGE_SESSIONS);
    GtkPaned *paned = GTK_PANED (gtk_widget_get_template_child (sessions, IL_TYPE_SESSIONS_PAGE, "paned"));

    il_main_window_set_page (window, IL_PAGE_SESSIONS);
    run_frames ();
    g_assert_cmpint (gtk_widget_get_width (sessions), <, 820);
    g_assert_cmpint (gtk_paned_get_position (paned), <=, gtk_widget_get_width (sessions) / 2);
    g_assert_cmpint (gtk_widget_get_width (gtk_paned_get_end_child (paned)), >, gtk_widget_get_width (sessions) / 2);
    il_main_window_set_page (window, IL_PAGE_OVERVIEW);
  }
}

/* A wheel turn over the Error Groups table scrolls the page, not the table,
 * until the user clicks into the table. */
static void
test_table_leaves_wheel_to_page (void)
{
  GtkWidget *page = il_main_window_get_page_widget (window, IL_PAGE_ERRORS);
  GtkScrolledWindow *inner = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (page, IL_TYPE_ERRORS_PAGE,
                                                                                 "groups_scroller"));
  GtkWidget *view = gtk_scrolled_window_get_child (inner);
  GtkAdjustment *inner_adj = gtk_scrolled_window_get_vadjustment (inner);
  GtkAdjustment *outer_adj;
  double outer_before;

  il_main_window_set_page (window, IL_PAGE_ERRORS);
  run_frames ();
  outer_adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (inner)), GTK_TYPE_SCROLLED_WINDOW)));
  outer_before = gtk_adjustment_get_value (outer_adj);
  g_assert_cmpfloat (gtk_adjustment_get_upper (outer_adj), >, gtk_adjustment_get_page_size (outer_adj));

  g_assert_true (_il_scroll_passthrough_scroll (inner, 1));
  g_assert_cmpfloat (gtk_adjustment_get_value (outer_adj), >, outer_before);
  g_assert_cmpfloat (gtk_adjustment_get_value (inner_adj), ==, 0);

  /* focus in the table: the table scrolls itself */
  g_assert_true (gtk_widget_grab_focus (view));
  g_assert_false (_il_scroll_passthrough_scroll (inner, 1));
  il_main_window_set_page (window, IL_PAGE_OVERVIEW);
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *charts)
{
  if (IL_IS_CHART_WIDGET (widget))
    g_ptr_array_add (charts, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_charts (c, charts);
}

/* Every chart has its export button in its title row, where it covers no
 * part of the chart (legends and scale labels sit in the chart's corner). */
static void
test_export_button_in_header (void)
{
  guint n_checked = 0;

  for (int i = 0; i < IL_N_PAGES; i++)
    {
      g_autoptr(GPtrArray) charts = g_ptr_array_new ();

      collect_charts (il_main_window_get_page_widget (window, i), charts);
      for (guint k = 0; k < charts->len; k++)
        {
          g_autoptr(GtkBox) header = NULL;
          GtkWidget *button = NULL;

          g_object_get (charts->pdata[k], "header", &header, NULL);
          g_assert_nonnull (header);
          for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (header)); c; c = gtk_widget_get_next_sibling (c))
            if (g_strcmp0 (gtk_widget_get_name (c), "chart-export") == 0)
              button = c;
          g_assert_nonnull (button);
          g_assert_true (gtk_widget_get_last_child (GTK_WIDGET (header)) == button);
          g_assert_false (gtk_widget_is_ancestor (button, charts->pdata[k]));
          n_checked++;
        }
    }
  /* seven on Overview, two on Step Analysis, one each on Trends and Heatmap,
   * three on Session Deep Dive, six on Error Analysis */
  g_assert_cmpuint (n_checked, ==, 20);
}

static graphene_point_t
origin_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_point_t p = GRAPHENE_POINT_INIT (0, 0);

  g_assert_true (gtk_widget_compute_point (widget, ancestor, &GRAPHENE_POINT_INIT (0, 0), &p));
  return p;
}

/* Loading, then data (with the change against the previous period unless
 * @all_data): the tiles keep their height and the tab bar its place. */
static void
check_no_jump (gboolean all_data)
{
  IlMainWindow *other = il_main_window_new (NULL);
  GtkWidget *notebook;
  graphene_point_t before, after;
  int tile_before, tile_after;
  GtkWidget *tiles, *avg_tile;

  g_object_ref_sink (other);
  il_main_window_set_range (other, all_data ? 30 : 7, all_data);
  gtk_window_set_default_size (GTK_WINDOW (other), 1400, 900);
  gtk_window_present (GTK_WINDOW (other));
  run_frames ();
  notebook = gtk_widget_get_ancestor (il_main_window_get_page_widget (other, IL_PAGE_OVERVIEW), GTK_TYPE_NOTEBOOK);
  tiles = gtk_widget_get_prev_sibling (gtk_widget_get_prev_sibling (gtk_widget_get_parent (notebook)));
  g_assert_true (IL_IS_WRAP_BOX (tiles));
  g_assert_null (il_main_window_get_aggregates (other));
  before = origin_in (notebook, GTK_WIDGET (other));
  /* the second tile (Avg Latency) is one that shows a change */
  avg_tile = gtk_widget_get_next_sibling (gtk_widget_get_first_child (tiles));
  tile_before = gtk_widget_get_height (avg_tile);

  il_main_window_set_source (other, NULL, TRUE);
  while (!(il_main_window_is_idle (other) && il_main_window_get_aggregates (other) != NULL
           && il_slo_board_is_idle (il_slo_board_get (il_main_window_get_dashboard (other)))
           && (all_data || il_metric_tile_get_change (IL_METRIC_TILE (avg_tile)) != NULL)))
    g_main_context_iteration (NULL, TRUE);
  run_frames ();
  after = origin_in (notebook, GTK_WIDGET (other));
  tile_after = gtk_widget_get_height (avg_tile);
  if (all_data)
    g_assert_null (il_metric_tile_get_change (IL_METRIC_TILE (avg_tile)));

  g_assert_cmpint (tile_after, ==, tile_before);
  g_assert_cmpfloat (after.y, ==, before.y);

  gtk_window_destroy (GTK_WINDOW (other));
  g_object_unref (other);
}

static void
test_no_jump_when_data_arrives (void)
{
  check_no_jump (TRUE);
}

static void
test_no_jump_with_comparison (void)
{
  check_no_jump (FALSE);
}

/* Runs frames until @widget is @height high (a new window on a loaded
 * machine may take seconds). */
static void
wait_height (GtkWidget *widget,
             int        height)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (gtk_widget_get_height (widget) != height && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  run_frames ();
  g_assert_cmpint (gtk_widget_get_height (widget), ==, height);
}

/* An empty or failed page in a short window shows its icon, text and
 * button whole: at 800x600 the tiles leave it about 300 px, and at full
 * size it scrolled, its text and button cut off. */
static void
test_status_page_compact (void)
{
  GtkWidget *win = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *above = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bin = il_compact_bin_new ();
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_label ("Retry");
  GtkWidget *scroller;
  GtkAdjustment *adj;
  int full;

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "network-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Could Not Load Data");
  adw_status_page_set_description (ADW_STATUS_PAGE (page), "The server cannot be reached. Check the URL and your network connection.");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  adw_bin_set_child (ADW_BIN (bin), page);
  gtk_widget_set_vexpand (bin, TRUE);
  gtk_box_append (GTK_BOX (box), above);
  gtk_box_append (GTK_BOX (box), bin);
  gtk_window_set_child (GTK_WINDOW (win), box);
  gtk_window_set_default_size (GTK_WINDOW (win), 800, 600);
  gtk_window_present (GTK_WINDOW (win));
  /* statuspage > scrolledwindow */
  scroller = gtk_widget_get_first_child (page);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  /* room for it at full size */
  wait_height (bin, 600);
  g_assert_false (gtk_widget_has_css_class (page, "compact"));
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (bin), NULL, &full, NULL, NULL);
  g_assert_cmpint (full, >, 310);
  g_assert_cmpint (full, <=, 600);

  /* 310 px: compact, and nothing to scroll */
  gtk_widget_set_size_request (above, -1, 290);
  wait_height (bin, 310);
  g_assert_true (gtk_widget_has_css_class (page, "compact"));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), <=, gtk_adjustment_get_page_size (adj));

  /* full size again once the room holds it, not before */
  gtk_widget_set_size_request (above, -1, 600 - full + 1);
  wait_height (bin, full - 1);
  g_assert_true (gtk_widget_has_css_class (page, "compact"));
  gtk_widget_set_size_request (above, -1, 600 - full);
  wait_height (bin, full);
  g_assert_false (gtk_widget_has_css_class (page, "compact"));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), <=, gtk_adjustment_get_page_size (adj));

  gtk_window_destroy (GTK_WINDOW (win));
}

/* A narrow tile shows the short change, one line high as the long one. */
static void
test_tile_change_fits (void)
{
  GtkWidget *win = gtk_window_new ();
  GtkWidget *tile = il_metric_tile_new ("P95 Latency");
  int narrow_height, wide_height;

  il_metric_tile_set_value (IL_METRIC_TILE (tile), "2.9 s");
  il_metric_tile_set_change (IL_METRIC_TILE (tile), "▲ 12 % vs previous 7 days", "▲ 12 %", FALSE, TRUE);
  gtk_window_set_child (GTK_WINDOW (win), tile);
  gtk_window_set_default_size (GTK_WINDOW (win), 400, -1);
  gtk_window_present (GTK_WINDOW (win));
  run_frames ();
  g_assert_false (il_metric_tile_get_change_is_short (IL_METRIC_TILE (tile)));
  wide_height = gtk_widget_get_height (tile);

  gtk_window_set_default_size (GTK_WINDOW (win), 120, -1);
  run_frames ();
  g_assert_cmpint (gtk_widget_get_width (tile), <, 150);
  g_assert_true (il_metric_tile_get_change_is_short (IL_METRIC_TILE (tile)));
  narrow_height = gtk_widget_get_height (tile);
  g_assert_cmpint (narrow_height, ==, wide_height);
  g_assert_cmpstr (il_metric_tile_get_change (IL_METRIC_TILE (tile)), ==, "▲ 12 % vs previous 7 days");

  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* IL_TEST_LANGUAGE=de: the same checks with the German strings, which are longer */
  if (g_strcmp0 (g_getenv ("IL_TEST_LANGUAGE"), "de") == 0)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                     "..", "po", NULL);

      g_setenv ("LANGUAGE", "de", TRUE);
      g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
      if (setlocale (LC_ALL, "") == NULL)
        {
          /* LANGUAGE works with any locale but C */
          g_setenv ("LC_ALL", "C.UTF-8", TRUE);
          setlocale (LC_ALL, "");
        }
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  else
    setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);
  g_setenv ("IL_DEMO_ROWS", "20000", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, 30, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  il_main_window_set_source (window, NULL, TRUE);

  g_test_add_func ("/adaptive/min-size", test_min_size);
  g_test_add_func ("/adaptive/reflow", test_reflow);
  g_test_add_func ("/adaptive/export-button-in-header", test_export_button_in_header);
  g_test_add_func ("/adaptive/table-leaves-wheel-to-page", test_table_leaves_wheel_to_page);
  g_test_add_func ("/adaptive/no-jump-when-data-arrives", test_no_jump_when_data_arrives);
  g_test_add_func ("/adaptive/no-jump-with-comparison", test_no_jump_with_comparison);
  g_test_add_func ("/adaptive/tile-change-fits", test_tile_change_fits);
  g_test_add_func ("/adaptive/status-page-compact", test_status_page_compact);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ret;
}
