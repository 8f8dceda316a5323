/* test-chart-options.c: the renderers' opt-in options, drawn offscreen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every option is off in a zeroed data or style struct; these tests turn
 * each on and check pixels, layouts, queries and labels. With IL_CHART_PNG_DIR
 * set, the charts drawn here are also written there to be looked at.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "il-charts.h"
#include "il-chart-text.h"
#include "il-histogram-bins.h"

#define T0 G_GINT64_CONSTANT (1793664000000000)   /* 2026-11-03T00:00:00Z */

/* ---- pixels --------------------------------------------------------------------- */

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
} Canvas;

static void
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

static void
canvas_clear (Canvas *c)
{
  cairo_destroy (c->cr);
  cairo_surface_destroy (c->surface);
}

static guint32
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

static guint32
argb_of (const IlColor *c)
{
  return 0xff000000u | ((guint32) round (c->r * 255) << 16) | ((guint32) round (c->g * 255) << 8)
         | (guint32) round (c->b * 255);
}

/* Pixels in [x0, x1) x [y0, y1) that differ from the background. */
static guint
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

static double
luminance_at (Canvas *c,
              int     x,
              int     y)
{
  guint32 p = pixel (c, x, y);

  return (0.2126 * ((p >> 16) & 0xff) + 0.7152 * ((p >> 8) & 0xff) + 0.0722 * (p & 0xff)) / 255;
}

/* ---- a session for the waterfall ------------------------------------------------ */

typedef struct
{
  IlRowStore      *store;
  IlSessionDetail  detail;
  guint32         *rows;
  double          *cumulative;
} Session;

static const char *session_steps[9] = {
  "stt", "vad", "llm_first_token", "llm_total", "tts_first_byte", "tts_total",
  "retrieval", "rerank", "guardrails",
};

/* n_turns turns of the nine steps, each row 100 ms + its index. */
static Session *
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

static void
session_free (Session *s)
{
  il_row_store_unref (s->store);
  g_free (s->rows);
  g_free (s->cumulative);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

/* ---- category labels: every one or none ------------------------------------------ */

static void
test_waterfall_labels_all_or_none (void)
{
  g_autoptr(Session) many = session_new (10);
  g_autoptr(Session) few = session_new (1);
  IlSessionChartData data = { many->store, &many->detail };
  IlSessionChartData data_few = { few->store, &few->detail };
  IlChartStyle style;
  IlChartFrame f;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  /* the former layout thins 90 rows to every n-th name */
  il_waterfall_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, >, 1);

  style.full_category_labels = TRUE;
  il_waterfall_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, ==, 0);
  canvas_draw (&c, &il_waterfall_chart, &data, &style, 400, 300, "waterfall-90");
  /* no name left of the bars, and the bars start near the left edge */
  g_assert_cmpfloat (f.x, <, 20);
  g_assert_cmpuint (count_ink (&c, &style, 0, (int) f.y, (int) f.x - 1, (int) (f.y + f.height)), ==, 0);
  canvas_clear (&c);
  /* the full name stays in the tooltip */
  {
    g_autofree char *tip = il_waterfall_chart.query (&data, &style, 400, 300, f.x + 2,
                                                     il_chart_frame_band_center (&f, 2));
    g_assert_nonnull (tip);
    g_assert_true (g_str_has_prefix (tip, "<b>llm_first_token</b>"));
  }

  /* nine rows fit: all are labelled */
  il_waterfall_chart_get_frame (&data_few, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, ==, 1);
  canvas_draw (&c, &il_waterfall_chart, &data_few, &style, 400, 300, "waterfall-9");
  for (guint i = 0; i < 9; i++)
    {
      int cy = (int) il_chart_frame_band_center (&f, i);
      g_assert_cmpuint (count_ink (&c, &style, 0, cy - 4, (int) f.x - 2, cy + 4), >, 0);
    }
  canvas_clear (&c);
}

static void
test_bars_labels_all_or_none (void)
{
  const char *labels[60];
  double values[60];
  IlBarChartData data = { 0 };
  IlChartStyle style;
  IlChartFrame f;
  Canvas c;

  for (guint i = 0; i < 60; i++)
    {
      labels[i] = session_steps[i % 9];
      values[i] = 100 + i;
    }
  data.n_bars = 60;
  data.labels = labels;
  data.n_series = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, >, 1);
  style.full_category_labels = TRUE;
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, ==, 0);
  canvas_draw (&c, &il_bar_chart, &data, &style, 400, 300, "bars-60");
  /* nothing under the axis but the tick-free band */
  g_assert_cmpuint (count_ink (&c, &style, (int) f.x, (int) (f.y + f.height) + 2, (int) (f.x + f.width),
                               300), ==, 0);
  canvas_clear (&c);

  data.horizontal = TRUE;
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpuint (f.label_every, ==, 0);
}

/* ---- category labels get their room --------------------------------------------- */

static void
test_bars_label_room (void)
{
  const char *labels[4] = { "llm_first_token_latency", "stt", "tts_first_byte", "vad" };
  const char *long_labels[4] = { "retrieval, reranking and context assembly of the prompt", "stt",
                                 "tts", "vad" };
  double values[4] = { 2529.4, 100, 300, 50 };
  IlBarChartData data = { 0 };
  IlChartStyle style;
  IlChartText text;
  IlChartFrame f;
  double natural;
  Canvas c;

  data.n_bars = 4;
  data.labels = labels;
  data.n_series = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;
  data.horizontal = TRUE;

  il_chart_style_init (&style, FALSE);
  il_chart_text_init (&text, &style);
  natural = il_chart_text_width (&text, labels[0]);
  il_chart_text_clear (&text);

  /* at 400 px the former 30% cut the name */
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpfloat (f.label_width, <, natural);
  style.full_category_labels = TRUE;
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpfloat (f.label_width, ==, natural);
  g_assert_cmpuint (f.label_lines, <=, 1);

  /* a name wider than 40% wraps onto two lines */
  data.labels = long_labels;
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  g_assert_cmpfloat (f.label_width, ==, 160);
  g_assert_cmpuint (f.label_lines, ==, 2);
  canvas_draw (&c, &il_bar_chart, &data, &style, 400, 300, "bars-long-name");
  {
    int cy = (int) il_chart_frame_band_center (&f, 0);
    int lh = 15;

    /* ink on both lines: above and below the band's centre */
    g_assert_cmpuint (count_ink (&c, &style, 0, cy - lh, (int) f.x - 2, cy - 2), >, 0);
    g_assert_cmpuint (count_ink (&c, &style, 0, cy + 2, (int) f.x - 2, cy + lh), >, 0);
  }
  canvas_clear (&c);
  {
    g_autofree char *tip = il_bar_chart.query (&data, &style, 400, 300, f.x + 2,
                                               il_chart_frame_band_center (&f, 0));
    g_assert_nonnull (tip);
    g_assert_true (g_str_has_prefix (tip, "<b>retrieval, reranking and context assembly of the prompt</b>"));
  }
}

/* ---- exact tooltips ----------------------------------------------------------------- */

static void
test_exact_tooltips (void)
{
  const char *labels[2] = { "llm", "tts" };
  double values[2] = { 2529.4, 0.125 };
  IlBarChartData data = { 0 };
  IlChartStyle style;
  IlChartFrame f;
  char *tip;

  data.n_bars = 2;
  data.labels = labels;
  data.n_series = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_bar_chart_get_frame (&data, &style, 400, 300, &f);
  tip = il_bar_chart.query (&data, &style, 400, 300, il_chart_frame_band_center (&f, 0),
                            f.y + f.height - 2);
  g_assert_cmpstr (tip, ==, "<b>llm</b>\n2.5 s");
  g_free (tip);

  style.exact_tooltips = TRUE;
  tip = il_bar_chart.query (&data, &style, 400, 300, il_chart_frame_band_center (&f, 0),
                            f.y + f.height - 2);
  g_assert_cmpstr (tip, ==, "<b>llm</b>\n2,529.4 ms");
  g_free (tip);
  tip = il_bar_chart.query (&data, &style, 400, 300, il_chart_frame_band_center (&f, 1),
                            f.y + f.height - 1);
  g_assert_cmpstr (tip, ==, "<b>tts</b>\n0.125 ms");
  g_free (tip);

  /* the waterfall's step and cumulative figures */
  {
    g_autoptr(Session) s = session_new (1);
    IlSessionChartData sd = { s->store, &s->detail };

    il_waterfall_chart_get_frame (&sd, &style, 400, 300, &f);
    tip = il_waterfall_chart.query (&sd, &style, 400, 300, f.x + 1, il_chart_frame_band_center (&f, 8));
    g_assert_cmpstr (tip, ==, "<b>guardrails</b>\n+108 ms\ncumulative 936 ms");
    g_free (tip);
    s->cumulative[8] = 2529.4;
    tip = il_waterfall_chart.query (&sd, &style, 400, 300, f.x + 1, il_chart_frame_band_center (&f, 8));
    g_assert_cmpstr (tip, ==, "<b>guardrails</b>\n+108 ms\ncumulative 2,529.4 ms");
    g_free (tip);
  }
}

static void
test_format_exact (void)
{
  char buf[64];

  il_chart_format_exact_ms (2529.4, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2,529.4 ms");
  il_chart_format_exact_ms (0.125, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.125 ms");
  il_chart_format_exact_ms (12, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "12 ms");
  il_chart_format_exact_ms (1.23456, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.235 ms");
  il_chart_format_exact_ms (1234567.25, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1,234,567.25 ms");
}

/* ---- one number format, en and de ------------------------------------------------ */

static gboolean
use_german (void)
{
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    return FALSE;
  g_setenv ("LANGUAGE", "de", TRUE);
  /* gettext caches its lookups: a changed LANGUAGE needs a new catalog generation */
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

static void
use_english (void)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
}

static void
test_format_percent (void)
{
  char buf[64];

  use_english ();
  il_chart_format_percent (96.94, 1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "96.9%");
  il_chart_format_percent (1234.5, 1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1,234.5%");
  if (!use_german ())
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  il_chart_format_percent (96.94, 1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "96,9 %");
  il_chart_format_percent (1234.5, -1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.234,5 %");
  use_english ();
}

static void
test_format_duration (void)
{
  char buf[64];

  use_english ();
  il_chart_format_duration_ms (59400, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "59.4 s");
  il_chart_format_duration_ms (192000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "3 min 12 s");
  il_chart_format_duration_ms (204600000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "56 h 50 min");
  il_chart_format_duration_ms (3600000.0 * 1234, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1,234 h 0 min");
  il_chart_format_duration_ms (831, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "831 ms");
  if (!use_german ())
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  il_chart_format_duration_ms (59400, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "59,4 s");
  il_chart_format_duration_ms (3600000.0 * 1234, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.234 h 0 min");
  use_english ();
}

static void
test_format_axis_one_unit (void)
{
  IlChartStyle style;
  IlAxisTicks ticks;
  char buf[64];

  use_english ();
  il_axis_nice_ticks (0, 1400, 5, TRUE, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 500);
  /* formerly "500 ms" below "1 s" */
  il_value_format_tick (IL_VALUE_FORMAT_MS, 500, ticks.step, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "500 ms");
  il_chart_format_ms_axis_tick (500, &ticks, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.5 s");
  il_chart_format_ms_axis_tick (1500, &ticks, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1.5 s");
  il_chart_format_ms_axis_tick (0, &ticks, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.0 s");

  il_axis_nice_ticks (0, 700, 5, TRUE, &ticks);
  il_chart_format_ms_axis_tick (600, &ticks, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "600 ms");

  il_chart_style_init (&style, FALSE);
  il_axis_nice_ticks (0, 14000, 5, TRUE, &ticks);
  il_chart_format_tick (&style, IL_VALUE_FORMAT_MS, &ticks, 5000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "5 s");
  style.locale_numbers = TRUE;
  il_chart_format_tick (&style, IL_VALUE_FORMAT_PERCENT, &ticks, 5000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "5,000%");
  if (!use_german ())
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  il_chart_format_tick (&style, IL_VALUE_FORMAT_PERCENT, &ticks, 5000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "5.000 %");
  il_axis_nice_ticks (0, 1400, 5, TRUE, &ticks);
  il_chart_format_tick (&style, IL_VALUE_FORMAT_MS, &ticks, 500, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0,5 s");
  use_english ();
}

/* ---- trends: hidden series, legend hit-test, capped points ---------------------- */

static guint
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

static void
test_line_hidden_series (void)
{
  double x[10], a[10], b[10], d[10];
  IlLineSeries series[3] = { { "stt", a }, { "llm", b }, { "tts", d } };
  gboolean hidden[3] = { FALSE, TRUE, FALSE };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  IlChartText text;
  double row;
  Canvas c;
  char *tip;

  for (guint i = 0; i < 10; i++)
    {
      x[i] = T0 + i * G_GINT64_CONSTANT (3600000000);
      a[i] = 10 + i;
      b[i] = 1000 + i;
      d[i] = 20 + i;
    }
  data.n_points = 10;
  data.x = x;
  data.x_is_time = TRUE;
  data.n_series = 3;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 600, 300, &l);
  g_assert_cmpfloat (l.frame.ticks.max, >=, 1000);
  canvas_draw (&c, &il_line_chart, &data, &style, 600, 300, NULL);
  g_assert_cmpuint (count_color (&c, &style.series[1], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), >, 0);
  canvas_clear (&c);

  data.hidden = hidden;
  il_line_chart_get_layout (&data, &style, 600, 300, &l);
  /* the hidden series no longer sets the range */
  g_assert_cmpfloat (l.frame.ticks.max, <=, 30);
  canvas_draw (&c, &il_line_chart, &data, &style, 600, 300, "line-hidden");
  g_assert_cmpuint (count_color (&c, &style.series[1], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), ==, 0);
  g_assert_cmpuint (count_color (&c, &style.series[0], (int) l.frame.x, (int) l.frame.y,
                                 (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height)), >, 0);

  il_chart_text_init (&text, &style);
  row = text.line_height + 4;
  il_chart_text_clear (&text);
  /* the faded entry: an outlined swatch, its inside left blank */
  g_assert_cmphex (pixel (&c, (int) l.legend_x + 5, (int) (l.legend_y + row * 1.5)), ==,
                   argb_of (&style.background));
  g_assert_cmphex (pixel (&c, (int) l.legend_x + 5, (int) (l.legend_y + row * 0.5)), ==,
                   argb_of (&style.series[0]));
  canvas_clear (&c);

  /* legend hit-test: entry rows map to series, elsewhere -1 */
  for (int s = 0; s < 3; s++)
    g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.legend_x + 20,
                                              l.legend_y + row * (s + 0.5)), ==, s);
  g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.legend_x + 20,
                                            l.legend_y + row * 3.5), ==, -1);
  g_assert_cmpint (il_line_chart_legend_at (&data, &style, 600, 300, l.frame.x + 10,
                                            l.legend_y + row * 0.5), ==, -1);

  /* tooltips leave the hidden series out */
  tip = il_line_chart.query (&data, &style, 600, 300, il_line_chart_x_pos (&data, &l, 2),
                             l.frame.y + 10);
  g_assert_nonnull (tip);
  g_assert_null (strstr (tip, "llm"));
  g_assert_nonnull (strstr (tip, "stt"));
  g_free (tip);
}

static void
test_line_capped_points (void)
{
  const guint n = 2880, ns = 8;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n * ns);
  IlLineSeries series[8];
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  guint dense, capped;
  guint32 seed = 1;
  Canvas c;

  /* 30 days of 15-minute buckets, eight noisy series that overlap */
  for (guint i = 0; i < n; i++)
    x[i] = T0 + i * G_GINT64_CONSTANT (900000000);
  for (guint s = 0; s < ns; s++)
    {
      series[s].name = session_steps[s];
      series[s].y = y + s * n;
      for (guint i = 0; i < n; i++)
        {
          seed = seed * 1103515245 + 12345;
          y[s * n + i] = 400 + 40 * s + ((seed >> 16) % 400);
        }
    }
  data.n_points = n;
  data.x = x;
  data.x_is_time = TRUE;
  data.n_series = ns;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 900, 500, &l);
  canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, "line-2880-dense");
  dense = count_ink (&c, &style, (int) l.frame.x + 1, (int) l.frame.y,
                     (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height) - 1);
  canvas_clear (&c);

  data.max_points = 240;
  canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, "line-2880-capped");
  capped = count_ink (&c, &style, (int) l.frame.x + 1, (int) l.frame.y,
                      (int) (l.frame.x + l.frame.width), (int) (l.frame.y + l.frame.height) - 1);
  canvas_clear (&c);
  g_test_message ("ink in the plot: dense %u px, capped %u px", dense, capped);
  /* the min/max columns fill the band between the series; thin mean lines leave it readable */
  g_assert_cmpuint (capped * 3, <, dense);
  g_assert_cmpuint (capped, >, 0);

  /* a flat series draws its capped line exactly at its value */
  for (guint i = 0; i < n; i++)
    y[i] = 500;
  {
    gboolean hidden[8] = { FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };
    double py;

    data.hidden = hidden;
    il_line_chart_get_layout (&data, &style, 900, 500, &l);
    py = il_chart_frame_value_pos (&l.frame, 500);
    canvas_draw (&c, &il_line_chart, &data, &style, 900, 500, NULL);
    g_assert_cmpuint (count_color (&c, &style.series[0], (int) l.frame.x + 20, (int) floor (py) - 1,
                                   (int) l.frame.x + 21, (int) floor (py) + 2), >, 0);
    canvas_clear (&c);
  }
}

/* The ends of the sequential scale, through the public colour function. */
static IlColor
_il_test_sequential (double t)
{
  IlMatrixLayout l = { 0 };

  l.vmin = 0;
  l.vmax = 1;
  return il_matrix_chart_color (&l, t);
}

/* ---- heatmap: axis title and per-row colours ------------------------------------ */

static void
test_matrix_axis_title (void)
{
  const char *rows[2] = { "stt", "llm" };
  double values[6] = { 1, 2, 3, 1000, 2000, 3000 };
  IlMatrixData data = { 0 };
  IlMatrixLayout plain, titled;
  IlChartStyle style;
  IlChartText text;
  int cx;
  Canvas c;

  data.n_rows = 2;
  data.n_cols = 3;
  data.row_labels = rows;
  data.col_first = 1;
  data.col_title = "Turn";
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_chart_text_init (&text, &style);
  il_matrix_chart_get_layout (&data, &style, 400, 300, &plain);
  data.col_axis_title = TRUE;
  il_matrix_chart_get_layout (&data, &style, 400, 300, &titled);
  /* the title takes a line from the cells */
  g_assert_cmpfloat (titled.cell_height, <, plain.cell_height);
  g_assert_cmpfloat (titled.title_y, >=, titled.y + 2 * titled.cell_height + text.line_height);
  g_assert_cmpfloat (titled.title_y + text.line_height, <=, 300);
  cx = (int) (titled.x + 1.5 * titled.cell_width);

  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, "matrix-title");
  g_assert_cmpuint (count_ink (&c, &style, cx - 20, (int) titled.title_y, cx + 20,
                               (int) (titled.title_y + text.line_height)), >, 10);
  canvas_clear (&c);

  /* without the option the column numbers sit there, under the middle column only */
  data.col_axis_title = FALSE;
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  g_assert_cmpuint (count_ink (&c, &style, (int) (titled.x + titled.cell_width) + 2, (int) titled.title_y,
                               cx - 8, (int) (titled.title_y + text.line_height)), ==, 0);
  il_chart_text_clear (&text);
}

static void
test_matrix_row_scale (void)
{
  const char *rows[2] = { "stt", "llm" };
  double values[6] = { 1, 2, 3, 1000, 2000, 3000 };
  IlMatrixData data = { 0 };
  IlMatrixLayout l;
  IlChartStyle style;
  IlColor low, high, got;
  Canvas c;

  data.n_rows = 2;
  data.n_cols = 3;
  data.row_labels = rows;
  data.col_first = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;
  low = _il_test_sequential (0);
  high = _il_test_sequential (1);

  il_chart_style_init (&style, FALSE);
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  /* one scale: the fast row is all one colour */
  got = il_matrix_chart_cell_color (&data, &l, 0, 2);
  g_assert_cmpfloat_with_epsilon (got.r, low.r, 0.01);
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + 3)), ==,
                   pixel (&c, (int) (l.x + 0.5 * l.cell_width), (int) (l.y + 3)));
  canvas_clear (&c);

  data.row_scale = TRUE;
  got = il_matrix_chart_cell_color (&data, &l, 0, 2);
  g_assert_cmphex (argb_of (&got), ==, argb_of (&high));
  got = il_matrix_chart_cell_color (&data, &l, 0, 0);
  g_assert_cmphex (argb_of (&got), ==, argb_of (&low));
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, "matrix-row-scale");
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + 3)), ==, argb_of (&high));
  g_assert_cmphex (pixel (&c, (int) (l.x + 0.5 * l.cell_width), (int) (l.y + 3)), ==, argb_of (&low));
  g_assert_cmphex (pixel (&c, (int) (l.x + 2.5 * l.cell_width), (int) (l.y + l.cell_height + 3)), ==,
                   argb_of (&high));
  canvas_clear (&c);
}

/* ---- long tails: log bins, a clip with an overflow bar, log and clipped lines ----- */

static void
test_histogram_log_and_overflow (void)
{
  double v[1000];
  double edges[21];
  guint64 counts[20], over = 0;
  IlHistogramChartData data = { 0 };
  IlChartStyle style;
  IlChartFrame f;
  IlColor pale;
  double clip;
  char *tip;
  int i;
  Canvas c;

  /* 10 ms .. 10 s, most of them short */
  for (guint k = 0; k < 1000; k++)
    v[k] = 10 * pow (1000, pow (k / 999.0, 3));
  clip = il_histogram_bins_quantile (v, 1000, 0.99);
  g_assert_true (il_histogram_bins_compute (v, 1000, 20, IL_HISTOGRAM_SPACING_LOG, clip, edges, counts, &over));
  g_assert_cmpuint (over, ==, 10);

  data.n_bins = 20;
  data.min = edges[0];
  data.max = edges[20];
  data.counts = counts;
  data.x_format = IL_VALUE_FORMAT_MS;
  data.edges = edges;
  data.log_x = TRUE;
  data.overflow = over;

  il_chart_style_init (&style, FALSE);
  il_histogram_chart_get_frame (&data, &style, 400, 300, &f);
  /* log axis: each bin is as wide as the next, the overflow bar has a 21st slot */
  g_assert_cmpfloat_with_epsilon (il_histogram_chart_x_pos (&data, &f, edges[10]), f.x + f.width * 10 / 21, 1e-6);
  g_assert_cmpfloat_with_epsilon (il_histogram_chart_x_pos (&data, &f, edges[20]), f.x + f.width * 20 / 21, 1e-6);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + f.width * 10.5 / 21,
                                              f.y + f.height - 1), ==, 10);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + f.width - 3,
                                              f.y + f.height - 1), ==, 20);
  g_assert_cmpint (il_histogram_chart_bin_at (&data, &style, 400, 300, f.x - 3, f.y + 3), ==, -1);

  canvas_draw (&c, &il_histogram_chart, &data, &style, 400, 300, "histogram-log-clip");
  /* the overflow bar: the accent at 55% over the background */
  pale.r = style.accent.r * 0.55 + 0.45;
  pale.g = style.accent.g * 0.55 + 0.45;
  pale.b = style.accent.b * 0.55 + 0.45;
  pale.a = 1;
  {
    guint32 p = pixel (&c, (int) (f.x + f.width * 20.5 / 21), (int) (f.y + f.height - 2));
    guint32 e = argb_of (&pale);

    for (int shift = 0; shift <= 16; shift += 8)
      g_assert_cmpint (ABS ((int) ((p >> shift) & 0xff) - (int) ((e >> shift) & 0xff)), <=, 2);
  }
  /* its label "≥ …" sits under it */
  g_assert_cmpuint (count_ink (&c, &style, (int) (f.x + f.width * 20 / 21), (int) (f.y + f.height + 3),
                               400, (int) (f.y + f.height + 18)), >, 10);
  canvas_clear (&c);

  style.exact_tooltips = TRUE;
  tip = il_histogram_chart.query (&data, &style, 400, 300, f.x + f.width - 3, f.y + f.height - 1);
  {
    char want[128], x[64];

    il_chart_format_exact_ms (clip, x, sizeof x);
    g_snprintf (want, sizeof want, "<b>≥ %s</b>\nn = 10", x);
    g_assert_cmpstr (tip, ==, want);
  }
  g_free (tip);
  i = il_histogram_chart_bin_at (&data, &style, 400, 300, f.x + 1, f.y + f.height - 1);
  g_assert_cmpint (i, ==, 0);
}

static void
test_line_log_and_clip (void)
{
  static const char *names[5] = { "P50", "P75", "P90", "P95", "P99" };
  double y[5] = { 300, 420, 800, 1500, 35000 };
  IlLineSeries series[1] = { { "llm", y } };
  IlLineSeriesData data = { 0 };
  IlLineChartLayout l;
  IlChartStyle style;
  double px;
  Canvas c;
  char *tip;

  data.n_points = 5;
  data.x_labels = names;
  data.n_series = 1;
  data.series = series;
  data.y_format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, FALSE);
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_false (l.frame.ticks.log);
  g_assert_cmpfloat (l.frame.ticks.max, >=, 35000);

  data.log_y = TRUE;
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_true (l.frame.ticks.log);
  g_assert_cmpfloat (l.frame.ticks.min, ==, 100);
  g_assert_cmpfloat (l.frame.ticks.max, ==, 100000);
  canvas_draw (&c, &il_line_chart, &data, &style, 400, 300, "line-log");
  canvas_clear (&c);

  data.log_y = FALSE;
  data.y_clip = 2000;
  il_line_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmpfloat (l.frame.ticks.max, ==, 2000);
  canvas_draw (&c, &il_line_chart, &data, &style, 400, 300, "line-clip");
  px = il_line_chart_x_pos (&data, &l, 4);
  /* the clipped point: a mark on the top edge; nothing drawn above the plot */
  g_assert_cmphex (pixel (&c, (int) px, (int) l.frame.y + 4), ==, argb_of (&style.series[0]));
  g_assert_cmpuint (count_ink (&c, &style, (int) px - 20, 0, (int) px + 20, (int) l.frame.y - 2), ==, 0);
  canvas_clear (&c);
  /* the tooltip keeps the value */
  style.exact_tooltips = TRUE;
  tip = il_line_chart.query (&data, &style, 400, 300, px, l.frame.y + 10);
  g_assert_nonnull (strstr (tip, "35,000 ms"));
  g_free (tip);
}

/* ---- dark style: every renderer, every option on ---------------------------------- */

typedef struct
{
  const IlChartClass *klass;
  gconstpointer       data;
  const char         *name;
} Chart;

/* Pixels that read as light text on a dark view. */
static guint
count_light_grey (Canvas *c)
{
  int w = cairo_image_surface_get_width (c->surface);
  int h = cairo_image_surface_get_height (c->surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = pixel (c, x, y);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (r > 120 && ABS (r - g) < 8 && ABS (r - b) < 8)
          n++;
      }
  return n;
}

static void
draw_gallery (const char *lang)
{
  const char *bar_labels[5] = { "llm_first_token_latency", "retrieval, reranking and context assembly",
                                "stt", "tts_first_byte", "vad" };
  double bar_values[5] = { 2529.4, 831, 120.5, 95000, 64 };
  IlBarChartData bars = { 0 };
  const char *rows[4] = { "stt", "llm_first_token", "tts_first_byte", "guardrails" };
  double cells[4 * 6];
  IlMatrixData matrix = { 0 };
  const char *slices[3] = { "success", "error", "skipped" };
  double slice_values[3] = { 9690, 210, 100 };
  IlDonutData donut = { 0 };
  static const char *pct_names[5] = { "P50", "P75", "P90", "P95", "P99" };
  double pa[5] = { 300, 420, 800, 1500, 35000 }, pb[5] = { 120, 150, 200, 260, 900 };
  IlLineSeries pseries[2] = { { "llm_first_token", pa }, { "stt", pb } };
  IlLineSeriesData percentiles = { 0 };
  double tx[200], ty[3 * 200];
  IlLineSeries tseries[3] = { { "stt", ty }, { "llm_first_token", ty + 200 }, { "tts", ty + 400 } };
  gboolean thidden[3] = { FALSE, TRUE, FALSE };
  IlLineSeriesData trend = { 0 };
  double hv[1000], edges[21];
  guint64 counts[20], over = 0;
  IlHistogramChartData histogram = { 0 };
  g_autoptr(Session) session = session_new (3);
  IlSessionChartData waterfall = { session->store, &session->detail };
  static const int sizes[2][2] = { { 400, 300 }, { 900, 500 } };

  bars.n_bars = 5;
  bars.labels = bar_labels;
  bars.n_series = 1;
  bars.values = bar_values;
  bars.format = IL_VALUE_FORMAT_MS;
  bars.horizontal = TRUE;
  bars.show_values = TRUE;

  for (guint i = 0; i < 24; i++)
    cells[i] = (i / 6 + 1) * 100 * (1 + (i % 6) * 0.2);
  matrix.n_rows = 4;
  matrix.n_cols = 6;
  matrix.row_labels = rows;
  matrix.col_first = 1;
  matrix.col_title = _("Turn");
  matrix.values = cells;
  matrix.format = IL_VALUE_FORMAT_MS;
  matrix.col_axis_title = TRUE;
  matrix.row_scale = TRUE;

  donut.n = 3;
  donut.labels = slices;
  donut.values = slice_values;
  donut.format = IL_VALUE_FORMAT_COUNT;

  percentiles.n_points = 5;
  percentiles.x_labels = pct_names;
  percentiles.n_series = 2;
  percentiles.series = pseries;
  percentiles.y_format = IL_VALUE_FORMAT_MS;
  percentiles.markers = TRUE;
  percentiles.y_clip = 2000;

  for (guint i = 0; i < 200; i++)
    {
      tx[i] = T0 + i * G_GINT64_CONSTANT (3600000000);
      for (guint k = 0; k < 3; k++)
        ty[k * 200 + i] = 200 * (k + 1) + 50 * sin (i / (5.0 + k));
    }
  trend.n_points = 200;
  trend.x = tx;
  trend.x_is_time = TRUE;
  trend.n_series = 3;
  trend.series = tseries;
  trend.y_format = IL_VALUE_FORMAT_MS;
  trend.hidden = thidden;
  trend.max_points = 100;

  for (guint k = 0; k < 1000; k++)
    hv[k] = 10 * pow (1000, pow (k / 999.0, 3));
  il_histogram_bins_compute (hv, 1000, 20, IL_HISTOGRAM_SPACING_LOG, il_histogram_bins_quantile (hv, 1000, 0.99),
                             edges, counts, &over);
  histogram.n_bins = 20;
  histogram.min = edges[0];
  histogram.max = edges[20];
  histogram.counts = counts;
  histogram.x_format = IL_VALUE_FORMAT_MS;
  histogram.edges = edges;
  histogram.log_x = TRUE;
  histogram.overflow = over;

  {
    const Chart charts[] = {
      { &il_bar_chart, &bars, "gallery-bars" },
      { &il_matrix_chart, &matrix, "gallery-matrix" },
      { &il_donut_chart, &donut, "gallery-donut" },
      { &il_line_chart, &percentiles, "gallery-percentiles" },
      { &il_line_chart, &trend, "gallery-trend" },
      { &il_histogram_chart, &histogram, "gallery-histogram" },
      { &il_waterfall_chart, &waterfall, "gallery-waterfall" },
    };

    for (guint dark = 0; dark < 2; dark++)
      for (guint k = 0; k < G_N_ELEMENTS (charts); k++)
        for (guint z = 0; z < 2; z++)
          {
            g_autofree char *name = g_strdup_printf ("%s-%s", charts[k].name, lang);
            IlChartStyle style;
            Canvas c;

            il_chart_style_init (&style, dark);
            style.full_category_labels = TRUE;
            style.exact_tooltips = TRUE;
            style.locale_numbers = TRUE;
            canvas_draw (&c, charts[k].klass, charts[k].data, &style, sizes[z][0], sizes[z][1], name);
            g_assert_cmphex (pixel (&c, 1, 1), ==, argb_of (&style.background));
            if (dark)
              {
                /* light text on the dark view */
                g_assert_cmpfloat (luminance_at (&c, 1, 1), <, 0.2);
                if (count_light_grey (&c) < 20)
                  g_error ("%s: no light text in the dark style", charts[k].name);
              }
            canvas_clear (&c);
          }
  }
}

static void
test_gallery_dark (void)
{
  use_english ();
  draw_gallery ("en");
  if (use_german ())
    draw_gallery ("de");
  use_english ();
}

static void
test_style_for_colors (void)
{
  IlColor white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 }, view = { 0.14, 0.14, 0.14, 1 };
  IlChartStyle style;

  il_chart_style_init_for_colors (&style, &white, &view);
  g_assert_true (style.dark);
  g_assert_cmpfloat (style.background.r, ==, 0.14);
  g_assert_cmpfloat (style.foreground.r, ==, 1);
  g_assert_cmpfloat (style.dim.a, ==, 0.55);
  il_chart_style_init_for_colors (&style, &black, NULL);
  g_assert_false (style.dark);
  g_assert_cmpfloat (style.background.r, ==, 1);
  g_assert_cmpfloat (style.on_light.r, <, 0.2);
  g_assert_cmpfloat (style.on_dark.r, ==, 1);
}

static void
test_matrix_cell_text_from_style (void)
{
  const char *rows[1] = { "stt" };
  double values[2] = { 100, 900 };
  IlMatrixData data = { 0 };
  IlMatrixLayout l;
  IlChartStyle style;
  IlColor red = { 1, 0, 0, 1 };
  Canvas c;

  data.n_rows = 1;
  data.n_cols = 2;
  data.row_labels = rows;
  data.col_first = 1;
  data.values = values;
  data.format = IL_VALUE_FORMAT_MS;

  il_chart_style_init (&style, TRUE);
  style.on_dark = red;
  il_matrix_chart_get_layout (&data, &style, 400, 300, &l);
  canvas_draw (&c, &il_matrix_chart, &data, &style, 400, 300, NULL);
  /* the dark (low) cell's "100 ms" is written in the style's colour */
  {
    guint n = 0;

    for (int y = (int) l.y; y < (int) (l.y + l.cell_height); y++)
      for (int x = (int) l.x; x < (int) (l.x + l.cell_width); x++)
        {
          guint32 p = pixel (&c, x, y);

          if (((p >> 16) & 0xff) > 160 && ((p >> 8) & 0xff) < 60)
            n++;
        }
    g_assert_cmpuint (n, >, 5);
  }
  canvas_clear (&c);
}


int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-options/waterfall/labels-all-or-none", test_waterfall_labels_all_or_none);
  g_test_add_func ("/chart-options/bars/labels-all-or-none", test_bars_labels_all_or_none);
  g_test_add_func ("/chart-options/bars/label-room", test_bars_label_room);
  g_test_add_func ("/chart-options/tooltips/exact", test_exact_tooltips);
  g_test_add_func ("/chart-options/format/exact-ms", test_format_exact);
  g_test_add_func ("/chart-options/format/percent", test_format_percent);
  g_test_add_func ("/chart-options/format/duration", test_format_duration);
  g_test_add_func ("/chart-options/format/axis-one-unit", test_format_axis_one_unit);
  g_test_add_func ("/chart-options/lines/hidden-series", test_line_hidden_series);
  g_test_add_func ("/chart-options/lines/capped-points", test_line_capped_points);
  g_test_add_func ("/chart-options/matrix/axis-title", test_matrix_axis_title);
  g_test_add_func ("/chart-options/matrix/row-scale", test_matrix_row_scale);
  g_test_add_func ("/chart-options/histogram/log-and-overflow", test_histogram_log_and_overflow);
  g_test_add_func ("/chart-options/lines/log-and-clip", test_line_log_and_clip);
  g_test_add_func ("/chart-options/style/for-colors", test_style_for_colors);
  g_test_add_func ("/chart-options/style/matrix-cell-text", test_matrix_cell_text_from_style);
  g_test_add_func ("/chart-options/style/gallery-dark", test_gallery_dark);
  return g_test_run ();
}
