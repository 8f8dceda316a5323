/* test-chart-options.c: the renderers' opt-in options: labels, tooltips, numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every option is off in a zeroed data or style struct; these tests turn
 * each on and check pixels, layouts, queries and labels. With IL_CHART_PNG_DIR
 * set, the charts drawn here are also written there to be looked at.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "il-demo.h"

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

static void
test_timeline_labels_all_or_none (void)
{
  g_autoptr(Session) many = session_new (10);
  IlSessionChartData data = { many->store, &many->detail };
  IlChartStyle style;
  IlTimelineLayout l;
  Canvas c;

  il_chart_style_init (&style, FALSE);
  il_timeline_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmpfloat (l.row_height, <, 10);
  g_assert_cmpfloat (l.label_width, >, 0);   /* formerly every n-th name */

  style.full_category_labels = TRUE;
  il_timeline_chart_get_layout (&data, &style, 400, 300, &l);
  g_assert_cmpfloat (l.label_width, ==, 0);
  canvas_draw (&c, &il_timeline_chart, &data, &style, 400, 300, "timeline-90");
  /* between the turn labels and the bars, inside each turn (away from its
   * separator line): nothing */
  for (guint t = 0; t < 10; t++)
    {
      int cy = (int) il_timeline_chart_row_y (&l, t * 9 + 4);

      g_assert_cmpuint (count_ink (&c, &style, (int) (8 + l.turn_width + 6), cy - 3, (int) l.x - 2, cy + 3),
                        ==, 0);
    }
  canvas_clear (&c);

  /* at its natural height every row has its name */
  {
    int natural = il_timeline_chart_get_natural_height (&data, &style);

    il_timeline_chart_get_layout (&data, &style, 400, natural, &l);
    g_assert_cmpfloat (l.row_height, >=, 15);
    g_assert_cmpfloat (l.label_width, >, 0);
  }
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

/* ---- distribution charts: log bins, clip at P99 ---------------------------------- */

static IlAggregates *
distribution_aggregates (IlRowStore         *store,
                         IlHistogramSpacing  spacing,
                         gboolean            clip)
{
  IlAggregateOptions options;

  il_aggregate_options_init (&options);
  options.histogram_spacing = spacing;
  options.histogram_clip_p99 = clip;
  return il_aggregates_compute (store, NULL, &options);
}

static guint
pixels_differ (Canvas *a,
               Canvas *b,
               int     width,
               int     height)
{
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      n += pixel (a, x, y) != pixel (b, x, y);
  return n;
}

/* The histogram draws the bins it is given (log spaced, or ending at P99
 * with a bar for the rest), and the percentile profile ends at P99 when the
 * clip is on. */
static void
test_distribution_shape (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (5000, IL_DEMO_DEFAULT_SEED,
                                                  G_GINT64_CONSTANT (1795000000000000));
  g_autoptr(IlAggregates) lin = distribution_aggregates (store, IL_HISTOGRAM_SPACING_LINEAR, FALSE);
  g_autoptr(IlAggregates) lg = distribution_aggregates (store, IL_HISTOGRAM_SPACING_LOG, FALSE);
  g_autoptr(IlAggregates) clip = distribution_aggregates (store, IL_HISTOGRAM_SPACING_LINEAR, TRUE);
  IlChartStyle style;
  Canvas a, b, c;

  il_chart_style_init (&style, FALSE);
  style.locale_numbers = TRUE;
  g_assert_cmpuint (clip->latency_histogram.overflow, >, 0);

  canvas_draw (&a, &il_latency_histogram_chart, lin, &style, 600, 300, "histogram-linear");
  canvas_draw (&b, &il_latency_histogram_chart, lg, &style, 600, 300, "histogram-log");
  canvas_draw (&c, &il_latency_histogram_chart, clip, &style, 600, 300, "histogram-clip");
  g_assert_cmpuint (pixels_differ (&a, &b, 600, 300), >, 2000);
  g_assert_cmpuint (pixels_differ (&a, &c, 600, 300), >, 2000);
  canvas_clear (&a);
  canvas_clear (&b);
  canvas_clear (&c);

  /* the same step percentiles; only the axis differs */
  canvas_draw (&a, &il_percentile_profile_chart, lin, &style, 600, 300, "profile-linear");
  canvas_draw (&b, &il_percentile_profile_chart, lg, &style, 600, 300, NULL);
  canvas_draw (&c, &il_percentile_profile_chart, clip, &style, 600, 300, "profile-clip");
  g_assert_cmpuint (pixels_differ (&a, &b, 600, 300), ==, 0);
  g_assert_cmpuint (pixels_differ (&a, &c, 600, 300), >, 500);
  canvas_clear (&a);
  canvas_clear (&b);
  canvas_clear (&c);
}

int
main (int   argc,
      char *argv[])
{
  chart_test_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-options/waterfall/labels-all-or-none", test_waterfall_labels_all_or_none);
  g_test_add_func ("/chart-options/bars/labels-all-or-none", test_bars_labels_all_or_none);
  g_test_add_func ("/chart-options/timeline/labels-all-or-none", test_timeline_labels_all_or_none);
  g_test_add_func ("/chart-options/bars/label-room", test_bars_label_room);
  g_test_add_func ("/chart-options/tooltips/exact", test_exact_tooltips);
  g_test_add_func ("/chart-options/format/exact-ms", test_format_exact);
  g_test_add_func ("/chart-options/format/percent", test_format_percent);
  g_test_add_func ("/chart-options/format/duration", test_format_duration);
  g_test_add_func ("/chart-options/format/axis-one-unit", test_format_axis_one_unit);
  g_test_add_func ("/chart-options/distribution/shape", test_distribution_shape);
  return g_test_run ();
}
