/* test-chart-export.c: PNG, SVG and PDF files from a chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "il-charts.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("il-chart-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A small bar chart: the exported file must hold a real drawing. */
static const char *labels[] = { "stt", "llm_total", "tts" };
static const double values[] = { 120, 812.4, 300 };
static const IlBarChartData bars = { 3, labels, 1, values, NULL, NULL, IL_VALUE_FORMAT_MS, TRUE, TRUE };

static char *
read_head (const char *path,
           gsize      *length)
{
  char *contents = NULL;
  GError *error = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_format_from_path (void)
{
  g_assert_cmpint (il_chart_format_from_path ("a.png"), ==, IL_CHART_FORMAT_PNG);
  g_assert_cmpint (il_chart_format_from_path ("/x/y/chart.SVG"), ==, IL_CHART_FORMAT_SVG);
  g_assert_cmpint (il_chart_format_from_path ("chart.pdf"), ==, IL_CHART_FORMAT_PDF);
  g_assert_cmpint (il_chart_format_from_path ("chart"), ==, IL_CHART_FORMAT_PNG);
  g_assert_cmpint (il_chart_format_from_path ("dir.svg/chart"), ==, IL_CHART_FORMAT_PNG);
  g_assert_cmpint (il_chart_format_from_path (NULL), ==, IL_CHART_FORMAT_PNG);
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.png", NULL);
  IlChartStyle style;
  GError *error = NULL;
  cairo_surface_t *png;
  guint32 argb;

  il_chart_style_init (&style, TRUE);
  g_assert_true (il_chart_export (&il_bar_chart, &bars, &style, 640, 360, path, IL_CHART_FORMAT_PNG, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);
  /* the dark background made it into the file */
  memcpy (&argb, cairo_image_surface_get_data (png), 4);
  g_assert_cmphex (argb, ==, 0xff1e1e1e);
  cairo_surface_destroy (png);
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *contents = NULL;
  IlChartStyle style;
  GError *error = NULL;
  gsize length;

  il_chart_style_init (&style, FALSE);
  g_assert_true (il_chart_export (&il_box_plot_chart, NULL, &style, 800, 500, path,
                                  il_chart_format_from_path (path), &error));
  g_assert_no_error (error);
  g_assert_true (il_chart_export (&il_bar_chart, &bars, &style, 800, 500, path, IL_CHART_FORMAT_SVG, &error));
  g_assert_no_error (error);
  contents = read_head (path, &length);
  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (contents, "<?xml") || g_str_has_prefix (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"800"));
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.pdf", NULL);
  g_autofree char *contents = NULL;
  IlChartStyle style;
  GError *error = NULL;
  gsize length;

  il_chart_style_init (&style, FALSE);
  g_assert_true (il_chart_export (&il_bar_chart, &bars, &style, 800, 500, path, IL_CHART_FORMAT_PDF, &error));
  g_assert_no_error (error);
  contents = read_head (path, &length);
  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "chart.png", NULL);
  g_autofree char *existing = g_build_filename (f->dir, "keep.png", NULL);
  g_autofree char *contents = NULL;
  IlChartStyle style;
  GError *error = NULL;
  gsize length;

  il_chart_style_init (&style, FALSE);

  /* a folder that does not exist: the reason, and no file */
  g_assert_false (il_chart_export (&il_bar_chart, &bars, &style, 100, 100, missing, IL_CHART_FORMAT_PNG, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* a bad size fails before touching an existing file */
  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  g_assert_false (il_chart_export (&il_bar_chart, &bars, &style, 0, 100, existing, IL_CHART_FORMAT_PNG, &error));
  g_assert_error (error, IL_CHART_ERROR, IL_CHART_ERROR_INVALID_SIZE);
  g_clear_error (&error);
  contents = read_head (existing, &length);
  g_assert_cmpstr (contents, ==, "old");

  /* a read-only folder (unless we are root, who may write anyway) */
  if (geteuid () != 0)
    {
      g_autofree char *ro = g_build_filename (f->dir, "ro", NULL);
      g_autofree char *inside = g_build_filename (ro, "chart.svg", NULL);

      g_assert_cmpint (g_mkdir (ro, 0500), ==, 0);
      g_assert_false (il_chart_export (&il_bar_chart, &bars, &style, 100, 100, inside, IL_CHART_FORMAT_SVG, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      g_chmod (ro, 0700);
      g_rmdir (ro);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-export/format-from-path", test_format_from_path);
  g_test_add ("/chart-export/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/chart-export/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/chart-export/pdf", Fixture, NULL, fixture_setup, test_pdf, fixture_teardown);
  g_test_add ("/chart-export/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);

  return g_test_run ();
}
