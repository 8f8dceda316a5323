/* test-chart-targets.c: bounds drawn over the trend and the box plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "chart-test-util.h"
#include "il-box-plot-chart.h"

#define W 600
#define H 300

/* Pixels of exactly @color on row @y between x0 and x1. */
static guint
row_color (Canvas        *c,
           const IlColor *color,
           int            x0,
           int            x1,
           int            y)
{
  return count_color (c, color, x0, y, x1, y + 1);
}

static const double trend_y[2][6] = {
  { 100, 120, 400, 110, NAN, 130 },
  { 50, 60, 55, 65, 70, 60 },
};

static void
line_data (IlLineSeriesData *data,
           double           *x,
           IlLineSeries     *series)
{
  memset (data, 0, sizeof *data);
  for (guint i = 0; i < 6; i++)
    x[i] = (double) (T0 + (gint64) i * 86400 * G_USEC_PER_SEC);
  series[0].name = "llm";
  series[0].y = trend_y[0];
  series[1].name = "stt";
  series[1].y = trend_y[1];
  data->n_points = 6;
  data->x = x;
  data->x_is_time = TRUE;
  data->n_series = 2;
  data->series = series;
  data->y_format = IL_VALUE_FORMAT_MS;
  data->markers = TRUE;
}

/* A dashed line at the bound, in the series' colour; the y axis reaches it. */
static void
test_line_target (void)
{
  IlLineSeriesData data;
  double x[6];
  IlLineSeries series[2];
  gboolean breached[6] = { FALSE, FALSE, TRUE, FALSE, FALSE, FALSE };
  IlChartTarget targets[] = {
    { 0, 300, TRUE, breached },
    { 1, 900, FALSE, NULL },     /* above every value: the axis grows to it */
  };
  IlChartStyle style;
  IlLineChartLayout before, layout;
  Canvas c;
  int y300, y900, px, py;

  il_chart_style_init (&style, FALSE);
  line_data (&data, x, series);
  il_line_chart_get_layout (&data, &style, W, H, &before);
  g_assert_cmpfloat (before.frame.ticks.max, <, 900);

  data.n_targets = G_N_ELEMENTS (targets);
  data.targets = targets;
  il_line_chart_get_layout (&data, &style, W, H, &layout);
  g_assert_cmpfloat (layout.frame.ticks.max, >=, 900);

  canvas_draw (&c, &il_line_chart, &data, &style, W, H, "targets-line");
  y300 = (int) floor (il_chart_frame_value_pos (&layout.frame, 300));
  y900 = (int) floor (il_chart_frame_value_pos (&layout.frame, 900));
  /* dashed: about 6 of every 10 px across the plot carry the colour */
  g_assert_cmpuint (row_color (&c, &style.series[0], (int) layout.frame.x, (int) (layout.frame.x + layout.frame.width / 2), y300),
                    >, layout.frame.width / 2 * 0.4);
  g_assert_cmpuint (row_color (&c, &style.series[1], (int) layout.frame.x, (int) (layout.frame.x + layout.frame.width / 2), y900),
                    >, layout.frame.width / 2 * 0.4);

  /* the breached bucket (400 ms on day 2) has a ring in the error colour 6 px around it */
  px = (int) round (il_line_chart_x_pos (&data, &layout, 2));
  py = (int) round (il_chart_frame_value_pos (&layout.frame, 400));
  g_assert_cmpuint (count_color (&c, &style.error, px - 8, py - 8, px + 9, py + 9), >, 20);
  /* no ring on a met bucket */
  px = (int) round (il_line_chart_x_pos (&data, &layout, 1));
  py = (int) round (il_chart_frame_value_pos (&layout.frame, 120));
  g_assert_cmpuint (count_color (&c, &style.error, px - 8, py - 8, px + 9, py + 9), ==, 0);
  canvas_clear (&c);

  /* a hidden series hides its target and leaves the axis alone */
  {
    gboolean hidden[2] = { FALSE, TRUE };

    data.hidden = hidden;
    il_line_chart_get_layout (&data, &style, W, H, &layout);
    g_assert_cmpfloat (layout.frame.ticks.max, <, 900);
  }
}

static IlAggregates *
box_aggregates (void)
{
  IlAggregates *a = g_new0 (IlAggregates, 1);

  a->n_steps = 2;
  a->key.total_records = 200;
  a->steps = g_new0 (IlStepStats, 2);
  for (guint i = 0; i < 2; i++)
    {
      IlStepStats *s = &a->steps[i];
      double m = 200.0 * (i + 1);

      s->name = i == 0 ? "llm" : "stt";
      s->count = 100;
      s->median = m;
      s->q1 = m * 0.8;
      s->q3 = m * 1.2;
      s->whisker_low = m * 0.5;
      s->whisker_high = m * 1.6;
      s->min = m * 0.5;
      s->max = m * 1.6;
      s->mean = m;
    }
  return a;
}

/* Across the step's band only, error colour when breached; beyond the axis a triangle. */
static void
test_box_plot_target (void)
{
  g_autofree IlAggregates *agg = box_aggregates ();
  IlChartTarget targets[] = {
    { 0, 250, TRUE, NULL },
    { 1, 5000, FALSE, NULL },    /* above the axis */
  };
  IlBoxPlotView view = { agg, G_N_ELEMENTS (targets), targets };
  IlChartStyle style;
  IlChartFrame f;
  Canvas c;
  int y, cx0, cx1, top;

  il_chart_style_init (&style, FALSE);
  canvas_draw (&c, &il_box_plot_view_chart, &view, &style, W, H, "targets-box");
  il_box_plot_chart_get_frame (agg, &style, W, H, &f);
  g_assert_cmpfloat (f.ticks.max, <, 5000);
  y = (int) floor (il_chart_frame_value_pos (&f, 250));
  cx0 = (int) il_chart_frame_band_center (&f, 0);
  cx1 = (int) il_chart_frame_band_center (&f, 1);
  /* the error colour across band 0 at 250 ms (dashed: > half of 0.9 band) */
  g_assert_cmpuint (row_color (&c, &style.error, cx0 - (int) (f.band * 0.45), cx0 + (int) (f.band * 0.45), y)
                    + row_color (&c, &style.error, cx0 - (int) (f.band * 0.45), cx0 + (int) (f.band * 0.45), y - 1),
                    >, f.band * 0.9 * 0.5);
  /* and not in band 1 */
  g_assert_cmpuint (count_color (&c, &style.error, cx1 - (int) (f.band / 2), 0, cx1 + (int) (f.band / 2), H), ==, 0);
  /* band 1's bound is above the axis: a triangle in the text colour at the top edge */
  top = (int) round (il_chart_frame_value_pos (&f, f.ticks.max));
  g_assert_cmpuint (count_color (&c, &style.foreground, cx1 - 4, top, cx1 + 5, top + 7), >, 10);
  canvas_clear (&c);

  /* without targets it draws as the plain box plot */
  {
    IlBoxPlotView plain = { agg, 0, NULL };
    Canvas a, b;

    canvas_draw (&a, &il_box_plot_view_chart, &plain, &style, W, H, NULL);
    canvas_draw (&b, &il_box_plot_chart, agg, &style, W, H, NULL);
    for (int yy = 0; yy < H; yy += 7)
      for (int xx = 0; xx < W; xx += 7)
        g_assert_cmphex (pixel (&a, xx, yy), ==, pixel (&b, xx, yy));
    canvas_clear (&a);
    canvas_clear (&b);
  }
  g_free (agg->steps);
}

int
main (int   argc,
      char *argv[])
{
  chart_test_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-targets/line", test_line_target);
  g_test_add_func ("/chart-targets/box-plot", test_box_plot_target);

  return g_test_run ();
}
