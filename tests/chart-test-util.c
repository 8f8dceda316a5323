/* chart-test-util.c: drawing offscreen and reading pixels, for the chart tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"

void
canvas_draw (Canvas             *c,
             const IlChartClass *klass,
             gconstpointer       data,
             const IlChartStyle *style,
             int                 width,
             int                 height,
             const char         *png_name)
{
  const char *dir = g_getenv ("IL_CHART_PNG_DIR");

  c->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  c->cr = cairo_create (c->surface);
  klass->draw (c->cr, data, style, width, height);
  g_assert_cmpint (cairo_status (c->cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (c->surface);
  if (dir != NULL && png_name != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s-%dx%d-%s.png", png_name, width, height,
                                               style->dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, name, NULL);

      cairo_surface_write_to_png (c->surface, path);
    }
}

void
canvas_clear (Canvas *c)
{
  cairo_destroy (c->cr);
  cairo_surface_destroy (c->surface);
}

guint32
pixel (Canvas *c,
       int     x,
       int     y)
{
  const guint8 *data = cairo_image_surface_get_data (c->surface);
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (c->surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (c->surface));
  memcpy (&argb, data + y * cairo_image_surface_get_stride (c->surface) + x * 4, 4);
  return argb;
}

guint32
argb_of (const IlColor *c)
{
  return 0xff000000u | ((guint32) round (c->r * 255) << 16) | ((guint32) round (c->g * 255) << 8)
         | (guint32) round (c->b * 255);
}

void
assert_pixel_near (Canvas        *c,
                   int            x,
                   int            y,
                   const IlColor *expected,
                   int            tolerance)
{
  guint32 p = pixel (c, x, y);
  guint32 e = argb_of (expected);

  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((p >> shift) & 0xff) - (int) ((e >> shift) & 0xff)) > tolerance)
      g_error ("pixel (%d, %d) is #%06x, expected #%06x", x, y, p & 0xffffff, e & 0xffffff);
}

guint
count_non_background (Canvas             *c,
                      const IlChartStyle *style)
{
  guint32 bg = argb_of (&style->background);
  int w = cairo_image_surface_get_width (c->surface);
  int h = cairo_image_surface_get_height (c->surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixel (c, x, y) != bg)
        n++;
  return n;
}

/* Pixels in [x0, x1) x [y0, y1) that differ from the background. */
guint
count_ink (Canvas             *c,
           const IlChartStyle *style,
           int                 x0,
           int                 y0,
           int                 x1,
           int                 y1)
{
  guint32 bg = argb_of (&style->background);
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (c->surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (c->surface)); x++)
      if (pixel (c, x, y) != bg)
        n++;
  return n;
}

double
luminance_at (Canvas *c,
              int     x,
              int     y)
{
  guint32 p = pixel (c, x, y);

  return (0.2126 * ((p >> 16) & 0xff) + 0.7152 * ((p >> 8) & 0xff) + 0.0722 * (p & 0xff)) / 255;
}

/* ---- a session for the waterfall ------------------------------------------------ */


const char *session_steps[9] = {
  "stt", "vad", "llm_first_token", "llm_total", "tts_first_byte", "tts_total",
  "retrieval", "rerank", "guardrails",
};

/* n_turns turns of the nine steps, each row 100 ms + its index. */
Session *
session_new (guint n_turns)
{
  Session *s = g_new0 (Session, 1);
  guint n = n_turns * 9;
  double sum = 0;

  s->store = il_row_store_new ();
  s->rows = g_new (guint32, n);
  s->cumulative = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = 42;
      in.turn_number = (int) (i / 9) + 1;
      in.step_name = session_steps[i % 9];
      in.status = "success";
      in.latency_ms = 100 + i;
      in.started_at = T0 + (gint64) sum * 1000;
      in.completed_at = in.started_at + (gint64) in.latency_ms * 1000;
      in.created_at = in.completed_at;
      il_row_store_append_row (s->store, &in);
      sum += in.latency_ms;
      s->rows[i] = i;
      s->cumulative[i] = sum;
    }
  il_row_store_seal (s->store);
  s->detail.rows = s->rows;
  s->detail.n_rows = n;
  s->detail.cumulative_ms = s->cumulative;
  s->detail.start = T0;
  s->detail.end = T0 + (gint64) sum * 1000;
  s->detail.total_latency_ms = sum;
  return s;
}

void
session_free (Session *s)
{
  il_row_store_unref (s->store);
  g_free (s->rows);
  g_free (s->cumulative);
  g_free (s);
}


gboolean
use_german (void)
{
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    return FALSE;
  g_setenv ("LANGUAGE", "de", TRUE);
  /* gettext caches its lookups: a changed LANGUAGE needs a new catalog generation */
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

void
use_english (void)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
}

guint
count_color (Canvas        *c,
             const IlColor *color,
             int            x0,
             int            y0,
             int            x1,
             int            y1)
{
  guint32 want = argb_of (color);
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (pixel (c, x, y) == want)
        n++;
  return n;
}

IlColor
test_sequential_color (double t)
{
  IlMatrixLayout l = { 0 };

  l.vmin = 0;
  l.vmax = 1;
  return il_matrix_chart_color (&l, t);
}

void
chart_test_init_i18n (void)
{
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
