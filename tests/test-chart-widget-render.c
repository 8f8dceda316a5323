/* test-chart-widget-render.c: a chart widget draws in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* SCHED_IDLE */
#include "config.h"

#include "il-frame-budget.h"

#include <sched.h>
#include <string.h>

#include <adwaita.h>

#include "il-aggregate-charts.h"
#include "il-box-plot-chart.h"
#include "il-chart-widget-private.h"

#include "pages-test-util.h"

/* The demo's last 5 days: other figures than the 20 days of `snapshot`. */
static IlSnapshot *
other_snapshot (void)
{
  IlFilter filter;
  IlAggregateOptions options;
  IlSnapshot *other;

  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - G_GINT64_CONSTANT (5) * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  other = il_snapshot_new (store, il_aggregates_compute (store, &filter, &options));
  il_filter_clear (&filter);
  return other;
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (IlChartWidget *chart);

/* Runs the main loop until cond holds (a frame, a worker's result). */
static void
wait_for (IlChartWidget *chart,
          Condition      cond)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, on_timeout, &timed_out);

  while (!cond (chart) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
render_pending (IlChartWidget *chart)
{
  return _il_chart_widget_is_render_pending (chart);
}

static guint n_expected;

/* The n_expected-th render landed and none is in flight. */
static gboolean
render_landed (IlChartWidget *chart)
{
  return !_il_chart_widget_is_render_pending (chart) && _il_chart_widget_get_n_landed (chart) >= n_expected;
}

static void
wait_landed (IlChartWidget *chart,
             guint          n)
{
  n_expected = n;
  wait_for (chart, render_landed);
  g_assert_cmpuint (_il_chart_widget_get_n_landed (chart), ==, n);
}

static gboolean
mapped (IlChartWidget *chart)
{
  return gtk_widget_get_mapped (GTK_WIDGET (chart)) && gtk_widget_get_width (GTK_WIDGET (chart)) > 0;
}

static GtkWidget *
chart_of_class_in_window (const IlChartClass *klass,
                          GtkWindow         **out_window,
                          int                 width,
                          int                 height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = il_chart_widget_new (klass);

  gtk_widget_set_size_request (chart, width, height);
  gtk_widget_set_halign (chart, GTK_ALIGN_START);
  gtk_widget_set_valign (chart, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  *out_window = GTK_WINDOW (window);
  wait_for (IL_CHART_WIDGET (chart), mapped);
  return chart;
}

static GtkWidget *
chart_in_window (GtkWindow **out_window,
                 int         width,
                 int         height)
{
  return chart_of_class_in_window (&il_step_mean_bars_chart, out_window, width, height);
}

/* The texture holds exactly what drawing the chart straight into an image
 * surface of the widget's size gives. */
static void
assert_texture_is (IlChartWidget *chart,
                   gconstpointer  data)
{
  GdkTexture *texture = _il_chart_widget_get_texture (chart);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (chart));
  int width = gtk_widget_get_width (GTK_WIDGET (chart));
  int height = gtk_widget_get_height (GTK_WIDGET (chart));
  cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_t *cr = cairo_create (direct);
  int stride = cairo_image_surface_get_stride (direct);
  g_autofree guchar *pixels = NULL;

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width * scale);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height * scale);

  cairo_scale (cr, scale, scale);
  il_chart_widget_get_chart_class (chart)->draw (cr, data, il_chart_widget_get_style (chart), width, height);
  cairo_destroy (cr);
  cairo_surface_flush (direct);

  pixels = g_malloc ((gsize) stride * height * scale);
  gdk_texture_download (texture, pixels, stride);
  g_assert_cmpmem (pixels, (gsize) stride * height * scale,
                   cairo_image_surface_get_data (direct), (gsize) stride * height * scale);
  cairo_surface_destroy (direct);
}

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_lands (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));

  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 1);
  g_assert_cmpuint (_il_chart_widget_get_n_dropped (chart), ==, 0);
  assert_texture_is (chart, agg);
  /* the frame that shows it is a busy one; the one after it is not */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    gint64 landed = gdk_frame_clock_get_frame_counter (clock);
    guint tick;

    g_assert_true (il_frame_budget_is_busy (GTK_WIDGET (window)));
    /* frames come only while something asks for them */
    tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), keep_ticking, NULL, NULL);
    while (gdk_frame_clock_get_frame_counter (clock) < landed + 2)
      g_main_context_iteration (NULL, TRUE);
    gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
    g_assert_false (il_frame_budget_is_busy (GTK_WIDGET (window)));
  }

  gtk_window_destroy (window);
}

static void
count_queued_at_paint_end (GdkFrameClock *clock,
                           guint         *max_queued)
{
  *max_queued = MAX (*max_queued, _il_chart_widget_get_n_queued_renders ());
}

/* A render asked for while a frame is drawn reaches the workers only once
 * the frame is painted, so no worker wakes to take the main thread's core
 * in the middle of it. */
static void
test_starts_after_frame (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint max_queued = 0;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_queued_at_paint_end), &max_queued);
  il_chart_widget_set_snapshot (chart, snapshot);
  g_assert_cmpuint (_il_chart_widget_get_n_queued_renders (), ==, 0);
  wait_landed (chart, 1);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (max_queued, ==, 1);
  g_assert_cmpuint (_il_chart_widget_get_n_queued_renders (), ==, 0);
  assert_texture_is (chart, agg);

  gtk_window_destroy (window);
}

static void
test_superseded_dropped (void)
{
  g_autoptr(IlSnapshot) other = other_snapshot ();
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));

  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 1);

  /* the render of `other` starts in the next frame ... */
  il_chart_widget_set_snapshot (chart, other);
  wait_for (chart, render_pending);
  /* ... and whatever it draws is stale before it can land */
  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 2);
  g_assert_cmpuint (_il_chart_widget_get_n_dropped (chart), ==, 1);
  assert_texture_is (chart, agg);

  gtk_window_destroy (window);
}

static void
test_keeps_old_until_new (void)
{
  g_autoptr(IlSnapshot) other = other_snapshot ();
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));
  GdkTexture *old;

  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 1);
  old = g_object_ref (_il_chart_widget_get_texture (chart));

  il_chart_widget_set_snapshot (chart, other);
  wait_for (chart, render_pending);
  /* a frame was drawn meanwhile: with the previous render, not blank */
  g_assert_true (_il_chart_widget_get_texture (chart) == old);

  wait_landed (chart, 2);
  g_assert_true (_il_chart_widget_get_texture (chart) != old);
  assert_texture_is (chart, il_snapshot_get_aggregates (other));
  g_object_unref (old);

  gtk_window_destroy (window);
}

/* 0 while the image lives; 1 once it ended on the main thread, 2 elsewhere */
static int image_ended;

static void
on_image_ended (gpointer main_thread)
{
  g_atomic_int_set (&image_ended, g_thread_self () == main_thread ? 1 : 2);
}

/* Runs the main loop until @chart's window drew @n more frames. */
static void
wait_frames (IlChartWidget *chart,
             gint64         n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (chart));
  gint64 until = gdk_frame_clock_get_frame_counter (clock) + n;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (gdk_frame_clock_get_frame_counter (clock) < until)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      /* the queued draw brings a frame: the loop may wait for it */
      gtk_widget_queue_draw (GTK_WIDGET (chart));
      g_main_context_iteration (NULL, TRUE);
    }
}

/* An image that frames drew, replaced by a new render, ends on a
 * background thread, once no frame's recording shows it any more: cairo
 * copies a recorded image out as it ends, and the image is a worker's
 * memory. */
static void
test_shown_image_ends_aside (void)
{
  static const cairo_user_data_key_t key;
  g_autoptr(IlSnapshot) other = other_snapshot ();
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  cairo_surface_t *first;

  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 1);
  wait_frames (chart, 2);
  first = _il_chart_widget_get_image (chart);
  g_assert_nonnull (first);
  g_atomic_int_set (&image_ended, 0);
  g_assert_cmpint (cairo_surface_set_user_data (first, &key, g_thread_self (), on_image_ended), ==, CAIRO_STATUS_SUCCESS);

  il_chart_widget_set_snapshot (chart, other);
  wait_landed (chart, 2);
  g_assert_true (_il_chart_widget_get_image (chart) != first);
  while (g_atomic_int_get (&image_ended) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      wait_frames (chart, 1);
      g_usleep (1000);
    }
  g_assert_cmpint (g_atomic_int_get (&image_ended), ==, 2);

  gtk_window_destroy (window);
}

static void
test_resize_renders_anew (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));

  il_chart_widget_set_snapshot (chart, snapshot);
  wait_landed (chart, 1);

  gtk_widget_set_size_request (GTK_WIDGET (chart), 640, 300);
  wait_landed (chart, 2);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), ==, 640);
  assert_texture_is (chart, agg);

  gtk_window_destroy (window);
}

typedef struct
{
  IlChartWidget *charts[2];
  guint          seen[2];
  guint          most_in_a_frame;
} Landings;

static gboolean
count_landings (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Landings *l = user_data;
  guint n = 0;

  for (guint i = 0; i < 2; i++)
    {
      guint landed = _il_chart_widget_get_n_landed (l->charts[i]);

      n += landed - l->seen[i];
      l->seen[i] = landed;
    }
  l->most_in_a_frame = MAX (l->most_in_a_frame, n);
  return G_SOURCE_CONTINUE;
}

static gboolean
both_back (IlChartWidget *chart)
{
  Landings *l = g_object_get_data (G_OBJECT (chart), "landings");

  return _il_chart_widget_get_n_landed (l->charts[0]) == 1 && _il_chart_widget_get_n_landed (l->charts[1]) == 1;
}

/* Two large charts whose renders land between the same two frames are
 * shown in two frames: one frame painting both took over 16 ms. */
static void
test_landings_spread (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  Landings l = { { NULL, }, };
  guint tick;

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *chart = il_chart_widget_new (&il_step_mean_bars_chart);

      gtk_widget_set_size_request (chart, 640, 400);
      gtk_box_append (GTK_BOX (box), chart);
      l.charts[i] = IL_CHART_WIDGET (chart);
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (l.charts[1], mapped);
  g_object_set_data (G_OBJECT (l.charts[0]), "landings", &l);

  /* both renders start in the next frame; both results wait until the
   * main loop runs again, and land before the frame after */
  il_chart_widget_set_snapshot (l.charts[0], snapshot);
  il_chart_widget_set_snapshot (l.charts[1], snapshot);
  wait_for (l.charts[1], render_pending);
  g_assert_true (_il_chart_widget_is_render_pending (l.charts[0]));
  g_usleep (G_USEC_PER_SEC / 2);
  tick = gtk_widget_add_tick_callback (window, count_landings, &l, NULL);
  wait_for (l.charts[0], both_back);
  gtk_widget_remove_tick_callback (window, tick);
  count_landings (window, NULL, &l);
  g_assert_cmpuint (l.most_in_a_frame, ==, 1);
  g_assert_false (_il_chart_widget_is_render_pending (l.charts[0]));
  g_assert_false (_il_chart_widget_is_render_pending (l.charts[1]));
  assert_texture_is (l.charts[0], agg);
  assert_texture_is (l.charts[1], agg);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  IlBoxPlotView  view;    /* first: the chart's data */
  IlSnapshot    *snapshot;
  guint         *n_freed;
} BoxData;

static void
box_data_free (gpointer data)
{
  BoxData *d = data;

  (*d->n_freed)++;
  il_snapshot_unref (d->snapshot);
  g_free (d);
}

/* Data the widget owns (not a snapshot's aggregates) is drawn in a worker
 * too, and freed once nothing needs it. */
static void
test_owned_data (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_of_class_in_window (&il_box_plot_view_chart, &window, 420, 260));
  BoxData *d = g_new0 (BoxData, 1);
  IlBoxPlotView expected = { 0 };
  guint n_freed = 0;

  d->snapshot = il_snapshot_ref (snapshot);
  d->view.aggregates = il_snapshot_get_aggregates (d->snapshot);
  d->n_freed = &n_freed;
  expected = d->view;
  il_chart_widget_set_data_full (chart, d, box_data_free);
  wait_landed (chart, 1);
  assert_texture_is (chart, &expected);
  g_assert_cmpuint (n_freed, ==, 0);

  il_chart_widget_set_data (chart, NULL);
  g_assert_cmpuint (n_freed, ==, 1);
  gtk_window_destroy (window);
}

static GThread *drawn_in;
static int drawn_policy = -1;

static void
draw_noting_thread (cairo_t            *cr,
                    gconstpointer       data,
                    const IlChartStyle *style,
                    int                 width,
                    int                 height)
{
  drawn_in = g_thread_self ();
#ifdef __linux__
  drawn_policy = sched_getscheduler (0);
#endif
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
}

static const IlChartClass noting_chart = { "noting", draw_noting_thread, NULL };

/* Renders run in threads of the idle scheduling class, which the main
 * thread preempts the moment it wakes; the main thread keeps its class. */
static void
test_renders_in_idle_class (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_of_class_in_window (&noting_chart, &window, 420, 260));

  /* owned data: borrowed data is drawn in the frame */
  il_chart_widget_set_data_full (chart, g_new0 (int, 1), g_free);
  wait_landed (chart, 1);
  g_assert_nonnull (drawn_in);
  g_assert_true (drawn_in != g_thread_self ());
#ifdef __linux__
  g_assert_cmpint (drawn_policy, ==, SCHED_IDLE);
  g_assert_cmpint (sched_getscheduler (0), ==, SCHED_OTHER);
#endif
  gtk_window_destroy (window);
}

static void
test_sync_draws_in_frame (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 420, 260));

  _il_chart_widget_set_async (chart, FALSE);
  il_chart_widget_set_snapshot (chart, snapshot);
  for (int i = 0; i < 5; i++)
    iterate ();
  g_assert_null (_il_chart_widget_get_texture (chart));
  g_assert_cmpuint (_il_chart_widget_get_n_landed (chart), ==, 0);
  g_assert_false (_il_chart_widget_is_render_pending (chart));

  gtk_window_destroy (window);
}

/* A chart zoomed wide (the session timeline) would be a huge image: it is
 * drawn in the frame. */
static void
test_huge_draws_in_frame (void)
{
  GtkWindow *window;
  IlChartWidget *chart = IL_CHART_WIDGET (chart_in_window (&window, 9000, 200));

  il_chart_widget_set_snapshot (chart, snapshot);
  for (int i = 0; i < 5; i++)
    iterate ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), ==, 9000);
  g_assert_null (_il_chart_widget_get_texture (chart));
  g_assert_false (_il_chart_widget_is_render_pending (chart));

  gtk_window_destroy (window);
}

/* Clears @target, then paints @image (8 x 30) into @width x @height of it. */
static void
paint_stretched (cairo_surface_t *target,
                 cairo_surface_t *image,
                 double           width,
                 double           height)
{
  cairo_t *cr = cairo_create (target);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  _il_chart_widget_paint_image (cr, image, 8, 30, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (target);
}

/* A previous render shown at a new size samples its image (bilinear), not
 * averages it: cairo's default box filter for an image shrunk by a third or
 * more took 10-15 ms a frame. Every third row of the image is white; shrunk
 * to a third, each pixel's centre falls on a white row's. */
static void
test_stretched_samples (void)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 30);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 10);
  cairo_t *cr = cairo_create (image);
  const guint32 *px;
  int stride;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  for (int y = 1; y < 30; y += 3)
    cairo_rectangle (cr, 0, y, 8, 1);
  cairo_fill (cr);
  cairo_destroy (cr);

  px = (const guint32 *) cairo_image_surface_get_data (target);
  stride = cairo_image_surface_get_stride (target) / 4;
  paint_stretched (target, image, 8, 10);
  for (int y = 0; y < 10; y++)
    for (int x = 0; x < 8; x++)
      g_assert_cmphex (px[y * stride + x], ==, 0xffffffff);

  /* at its own size, a copy */
  paint_stretched (target, image, 8, 30);
  for (int y = 0; y < 10; y++)
    g_assert_cmphex (px[y * stride], ==, y % 3 == 1 ? 0xffffffff : 0xff000000);

  cairo_surface_destroy (target);
  cairo_surface_destroy (image);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pages_test_init (&argc, &argv);
  g_test_add_func ("/chart-widget-render/lands", test_lands);
  g_test_add_func ("/chart-widget-render/starts-after-frame", test_starts_after_frame);
  g_test_add_func ("/chart-widget-render/superseded-dropped", test_superseded_dropped);
  g_test_add_func ("/chart-widget-render/keeps-old-until-new", test_keeps_old_until_new);
  g_test_add_func ("/chart-widget-render/shown-image-ends-aside", test_shown_image_ends_aside);
  g_test_add_func ("/chart-widget-render/resize", test_resize_renders_anew);
  g_test_add_func ("/chart-widget-render/landings-spread", test_landings_spread);
  g_test_add_func ("/chart-widget-render/owned-data", test_owned_data);
  g_test_add_func ("/chart-widget-render/idle-class", test_renders_in_idle_class);
  g_test_add_func ("/chart-widget-render/sync", test_sync_draws_in_frame);
  g_test_add_func ("/chart-widget-render/huge", test_huge_draws_in_frame);
  g_test_add_func ("/chart-widget-render/stretched-samples", test_stretched_samples);
  ret = g_test_run ();
  pages_test_free_demo ();
  return ret;
}
