/* bench-ui.c: the dashboard window at scale, under a display (e.g. xvfb-run -a)
 *
 * Usage: bench-ui [--sync] [N_ROWS]   (default 1000000 demo rows)
 *
 * --sync: charts draw in the frame, on the main thread (as before they drew
 * in a worker thread), for comparison.
 *
 * Prints: the time from a day-range change (the spin button) until every
 * page holds the new figures (the window is idle again), median of 5
 * (target < 150 ms); and the longest main-loop stall (the largest gap between
 * two calls of a 1 ms timeout, less the time the loop sat idle in poll in
 * it) while a recomputation runs and while demo data loads (target < 16
 * ms), with the main thread's own CPU time in it and when it began, and the
 * whole gap with the main thread's time waiting for a CPU in it; the same
 * for a second load of other rows into the same window (warm caches); and, for
 * comparison, the stall of showing the window before any data, and how
 * long a frame that redraws the whole window with nothing
 * changed takes (the renderer alone); and what showing a page for the first
 * time costs (its charts are drawn in worker threads, blank until then);
 * and live ticks: a live tick's quiet load (no loading state) that
 * lands a store with 1000 new rows merged in under pages that show data,
 * as a live tick that found 1000 new rows does; then the same with every
 * row generated anew (every session new), median of 5 each (target:
 * stall < 16 ms). Each stall also counts the X round trips in it (see
 * bench-ui-x11.c), and the last line gives the longest busy stall less them.
 *
 * IL_BENCH_PAGE=N shows the notebook's page N (0: Overview, the default;
 * 6: Raw Data) through every scenario.
 *
 * With IL_BENCH_TRACE=1 it also prints what ran on the main thread during
 * each scenario's longest stall (page handlers, frame phases); with
 * IL_BENCH_TRACE=all, also every handler and frame phase of the scenario,
 * timed from its start, which it gives in CLOCK_MONOTONIC seconds to line
 * up with a capture of `perf record -k CLOCK_MONOTONIC` or of
 * `sysprof-cli --gtk` (GTK's own marks: CSS validation, icon loads).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "il-chart-widget-private.h"
#include "il-dashboard-private.h"
#include "il-main-window-private.h"
#include "il-raw-page.h"
#include "il-staged-reveal.h"
#include "il-trend-page.h"

#include "bench-ui-trace.h"
#include "bench-ui-x11.h"
#include "bench-util.h"
#include "widget-test-util.h"

#define RUNS 5
/* The same redraw, again and again: its spread is the machine's, not the
 * work's. */
#define N_REDRAWS 20

static IlMainWindow *window;

/* ---- stall monitor ---------------------------------------------------- */

/* On a loaded machine a gap is partly other processes' time: the main
 * thread's own CPU time in the gap tells the two apart. */
static gint64 last_tick, last_cpu, last_faults, last_wait, last_polled;
static gint64 max_gap, max_gap_start, max_gap_cpu, max_gap_faults, max_gap_wait, max_gap_polled, max_cpu, monitor_t0;
/* The longest gap less the loop's time in poll: what the application kept
 * the loop from answering input. On this virtual machine a halted CPU is
 * sometimes woken 10-50 ms after its timer was due; a loop that sat idle
 * in poll all that time drew nothing late of its own. */
static gint64 max_busy, max_busy_start, max_busy_gap, max_busy_cpu;
/* X round trips (GTK's X11 backend, a few per layout of the window) in the
 * longest busy stall, and the longest busy stall less its round trips: the
 * application's own share, and what a Wayland session would see of it. */
static gint64 last_x_wait, max_busy_x_wait, max_busy_less_x, max_busy_less_x_all;
static guint64 last_x_trips, max_busy_x_trips;
static gint64 polled;   /* time the main loop spent in poll so far */
static gboolean monitoring;
static double last_stall_cpu_ms;   /* main-thread CPU in the last scenario's longest busy stall */
static double max_gap_ms;          /* the longest stall of all scenarios since the window was shown, idle poll and all */
static gboolean tracing;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = bench_trace_cpu_now ();
  gint64 faults = bench_trace_faults_now ();
  gint64 wait = bench_trace_wait_now ();
  gint64 x_wait = bench_x11_wait_now ();
  guint64 x_trips = bench_x11_round_trips_now ();

  if (monitoring && last_tick != 0 && now - last_tick - (polled - last_polled) > max_busy)
    {
      max_busy = now - last_tick - (polled - last_polled);
      max_busy_start = last_tick;
      max_busy_gap = now - last_tick;
      max_busy_cpu = cpu - last_cpu;
      max_busy_x_wait = x_wait - last_x_wait;
      max_busy_x_trips = x_trips - last_x_trips;
    }
  if (monitoring && last_tick != 0)
    max_busy_less_x = MAX (max_busy_less_x, now - last_tick - (polled - last_polled) - (x_wait - last_x_wait));
  if (monitoring && last_tick != 0 && now - last_tick > max_gap)
    {
      max_gap = now - last_tick;
      max_gap_start = last_tick;
      max_gap_cpu = cpu - last_cpu;
      max_gap_faults = faults - last_faults;
      max_gap_wait = wait - last_wait;
      max_gap_polled = polled - last_polled;
    }
  if (monitoring && last_cpu != 0 && cpu - last_cpu > max_cpu)
    max_cpu = cpu - last_cpu;
  last_tick = now;
  last_cpu = cpu;
  last_faults = faults;
  last_wait = wait;
  last_polled = polled;
  last_x_wait = x_wait;
  last_x_trips = x_trips;
  return G_SOURCE_CONTINUE;
}

static void
monitor_start (void)
{
  last_tick = monitor_t0 = g_get_monotonic_time ();
  last_cpu = bench_trace_cpu_now ();
  last_faults = bench_trace_faults_now ();
  last_wait = bench_trace_wait_now ();
  last_polled = polled;
  last_x_wait = bench_x11_wait_now ();
  last_x_trips = bench_x11_round_trips_now ();
  max_busy_x_wait = max_busy_x_trips = max_busy_less_x = 0;
  max_gap = max_gap_cpu = max_gap_faults = max_gap_wait = max_gap_polled = max_cpu = 0;
  max_busy = max_busy_start = max_busy_gap = max_busy_cpu = 0;
  monitoring = TRUE;
  if (tracing)
    bench_trace_reset ();
}

static double
monitor_stop_ms (const char *scenario)
{
  /* A gap still open counts too (a frame that blocked past the end). */
  tick (NULL);
  monitoring = FALSE;
  last_stall_cpu_ms = max_busy_cpu / 1000.0;
  if (strcmp (scenario, "window shown") != 0)
    {
      max_gap_ms = MAX (max_gap_ms, max_gap / 1000.0);
      max_busy_less_x_all = MAX (max_busy_less_x_all, max_busy_less_x);
    }
  /* off the CPU = waiting for one (other threads, processes) + blocked,
   * idle in poll among it */
  printf ("    %s: longest stall %.1f ms, %.1f ms after the start (main thread CPU in it %.1f ms, "
          "waiting for a CPU %.1f ms, idle in poll %.1f ms, %" G_GINT64_FORMAT " page faults); "
          "most main-thread CPU between two ticks %.1f ms\n",
          scenario, max_gap / 1000.0, (max_gap_start - monitor_t0) / 1000.0, max_gap_cpu / 1000.0,
          max_gap_wait / 1000.0, max_gap_polled / 1000.0, max_gap_faults, max_cpu / 1000.0);
  printf ("      busy: longest stall less idle poll %.1f ms, %.1f ms after the start (of a %.1f ms stall; "
          "main thread CPU in it %.1f ms; %" G_GUINT64_FORMAT " X round trips in it, %.1f ms); "
          "longest less its X round trips %.1f ms\n",
          max_busy / 1000.0, (max_busy_start - monitor_t0) / 1000.0, max_busy_gap / 1000.0, max_busy_cpu / 1000.0,
          max_busy_x_trips, max_busy_x_wait / 1000.0, max_busy_less_x / 1000.0);
  if (tracing)
    {
      /* in CLOCK_MONOTONIC seconds, for perf script --time */
      printf ("      (monotonic %.6f to %.6f s)\n", max_gap_start / 1e6, (max_gap_start + max_gap) / 1e6);
      bench_trace_print (max_gap_start, max_gap_start + max_gap);
      if (max_busy_start != max_gap_start)
        {
          printf ("      the busy one (monotonic %.6f to %.6f s):\n", max_busy_start / 1e6,
                  (max_busy_start + max_busy_gap) / 1e6);
          bench_trace_print (max_busy_start, max_busy_start + max_busy_gap);
        }
      /* IL_BENCH_TRACE=all: the whole scenario, frame by frame */
      if (g_strcmp0 (g_getenv ("IL_BENCH_TRACE"), "all") == 0)
        {
          printf ("      (scenario from monotonic %.6f s)\n", monitor_t0 / 1e6);
          bench_trace_print_all (monitor_t0, g_get_monotonic_time ());
        }
    }
  return max_busy / 1000.0;
}

/* The main loop's poll, timed. */
static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint ret = g_poll (fds, n_fds, timeout);

  polled += g_get_monotonic_time () - start;
  return ret;
}

/* ---- helpers ---------------------------------------------------------- */

static GtkWidget *find_raw_page (GtkWidget *widget);

static gboolean
ready (void)
{
  /* the Raw Data page may still sort a new store in a thread (found in the
   * widget tree: il_main_window_get_page_widget () would fill it) */
  return il_main_window_is_idle (window) && il_main_window_get_aggregates (window) != NULL
         && !il_raw_page_is_sorting (IL_RAW_PAGE (find_raw_page (GTK_WIDGET (window))));
}

static void
wait_ready (void)
{
  gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;

  while (!ready ())
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("timed out waiting for the window\n");
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

/* New content appears over a few frames: until every part is shown. */
static void
wait_revealed (void)
{
  while (il_staged_reveal_pending (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the loop for @ms more (lets frames be drawn after an update). */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_painted (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* A window's first frame takes half a second here, and GTK's next frames
 * still restyle it (8-12 ms): a load started within them would be charged
 * for the window's start-up, so the 200 ms wait counts from that frame. */
static void
wait_first_frame (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id;

  g_assert (clock != NULL);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static GtkWidget *
find_raw_page (GtkWidget *widget)
{
  if (IL_IS_RAW_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_raw_page (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every widget draws anew, as after an update that changed everything. */
static void
queue_draw_all (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    queue_draw_all (child);
}

/* The first line of /proc/loadavg, newline included, or "?\n". */
static const char *
load_average (void)
{
  static char line[128];
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return "?\n";
  g_strlcpy (line, text, sizeof line);
  return line;
}

static const char *
verdict (double value,
         double target)
{
  return value < target ? "ok" : "OVER TARGET";
}

/* A live tick's quiet load: the time to its new figures, the longest stall
 * until every page shows them, and the main-thread CPU in that stall. */
static void
live_run (const char *scenario,
          double     *ms,
          double     *stall_ms,
          double     *cpu_ms)
{
  gint64 t0;

  spin_for (100);
  monitor_start ();
  t0 = g_get_monotonic_time ();
  _il_dashboard_load_quietly (_il_main_window_get_dashboard (window));
  g_assert (!il_main_window_is_idle (window));
  wait_ready ();
  *ms = (g_get_monotonic_time () - t0) / 1000.0;
  wait_revealed ();
  spin_for (100);
  *stall_ms = monitor_stop_ms (scenario);
  *cpu_ms = last_stall_cpu_ms;
}

int
main (int   argc,
      char *argv[])
{
  static const int days[RUNS] = { 7, 30, 3, 14, 30 };
  gboolean sync = argc > 1 && g_str_equal (argv[1], "--sync");
  const char *rows = argc > 1 + sync ? argv[1 + sync] : "1000000";
  double range_ms[RUNS], settle_ms[RUNS], stall_ms[RUNS], redraw_ms[N_REDRAWS];
  double stall_cpu_ms[RUNS], redraw_cpu_ms[N_REDRAWS];
  double load_ms, load_shown_ms, load_stall, reload_ms, reload_stall, load_cpu, reload_cpu;
  double warm_ms, warm_stall, warm_cpu;
  double blank_ms, switch_stall, switch_cpu;
  double live_ms[RUNS], live_stall_ms[RUNS], live_cpu_ms[RUNS];
  double tick_ms[RUNS], tick_stall_ms[RUNS], tick_cpu_ms[RUNS];
  double shown_stall, shown_cpu;
  GtkSpinButton *spin;
  GtkNotebook *notebook;
  gint64 t0;

  setlocale (LC_ALL, "");
  g_setenv ("IL_DEMO_ROWS", rows, TRUE);
  g_setenv ("IL_DEMO_NOW", "2025-11-28T12:00:00Z", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      /* Run from the build tree: the compiled schema is in build/data. */
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      g_autofree char *schemas = g_build_filename (dir, "..", "data", NULL);
      g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }

  adw_init ();
  /* what AdwApplication loads for the app from its resource base path */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/ilatency/InterviewLatency/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  _il_chart_widget_set_default_async (!sync);
  g_main_context_set_poll_func (NULL, timed_poll);
  bench_x11_install ();
  g_timeout_add (1, tick, NULL);

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  il_main_window_set_range (window, 30, FALSE);
  notebook = GTK_NOTEBOOK (find_descendant (GTK_WIDGET (window), GTK_TYPE_NOTEBOOK));
  if (g_getenv ("IL_BENCH_PAGE") != NULL)
    gtk_notebook_set_current_page (notebook, atoi (g_getenv ("IL_BENCH_PAGE")));
  /* For comparison: GTK's first frames of the window, before any data. */
  monitor_start ();
  gtk_window_present (GTK_WINDOW (window));
  wait_first_frame ();
  spin_for (200);
  shown_stall = monitor_stop_ms ("window shown");
  shown_cpu = last_stall_cpu_ms;
  tracing = g_getenv ("IL_BENCH_TRACE") != NULL;
  if (tracing)
    bench_trace_install (GTK_WINDOW (window));
  spin = GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  g_assert (spin != NULL);

  printf ("bench-ui: %s demo rows, window 1400x900, page %s, charts drawn %s\n", rows,
          gtk_notebook_get_tab_label_text (notebook, gtk_notebook_get_nth_page (notebook, gtk_notebook_get_current_page (notebook))),
          sync ? "in the frame (--sync)" : "in worker threads");

  /* First load: generation in a thread, then the first recomputation and
   * every shown page filled from the new snapshot. */
  monitor_start ();
  t0 = g_get_monotonic_time ();
  il_main_window_set_source (window, NULL, TRUE);
  wait_ready ();
  load_ms = (g_get_monotonic_time () - t0) / 1000.0;
  wait_revealed ();
  load_shown_ms = (g_get_monotonic_time () - t0) / 1000.0;
  spin_for (100);
  load_stall = monitor_stop_ms ("load");
  load_cpu = last_stall_cpu_ms;

  /* A reload over pages that already hold data. */
  monitor_start ();
  t0 = g_get_monotonic_time ();
  il_main_window_refresh (window);
  wait_ready ();
  reload_ms = (g_get_monotonic_time () - t0) / 1000.0;
  wait_revealed ();
  spin_for (100);
  reload_stall = monitor_stop_ms ("reload");
  reload_cpu = last_stall_cpu_ms;

  /* The first load again, in a process whose font and glyph caches are
   * warm: a new source empties the pages and loads other rows (other
   * figures, so every label changes). */
  {
    g_autofree char *other = g_strdup_printf ("%u", (guint) (g_ascii_strtoull (rows, NULL, 10) * 9 / 10));

    g_setenv ("IL_DEMO_ROWS", other, TRUE);
  }
  monitor_start ();
  t0 = g_get_monotonic_time ();
  il_main_window_set_source (window, NULL, TRUE);
  wait_ready ();
  warm_ms = (g_get_monotonic_time () - t0) / 1000.0;
  wait_revealed ();
  spin_for (100);
  warm_stall = monitor_stop_ms ("load (warm)");
  warm_cpu = last_stall_cpu_ms;
  g_setenv ("IL_DEMO_ROWS", rows, TRUE);
  il_main_window_set_source (window, NULL, TRUE);
  wait_ready ();
  wait_revealed ();

  for (int i = 0; i < RUNS; i++)
    {
      spin_for (100);
      monitor_start ();
      t0 = g_get_monotonic_time ();
      gtk_spin_button_set_value (spin, days[i]);
      /* The value-changed handler starts the recomputation at once. */
      g_assert (!il_main_window_is_idle (window));
      wait_ready ();
      range_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      /* Until nothing is pending: the pages' own follow-up work and the frame. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      settle_ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      spin_for (50);
      stall_ms[i] = monitor_stop_ms ("range change");
      stall_cpu_ms[i] = last_stall_cpu_ms;
      printf ("  days %3d: %7.1f ms to idle, %7.1f ms to settled, longest stall %6.1f ms (%" G_GUINT64_FORMAT " rows in range)\n",
              days[i], range_ms[i], settle_ms[i], stall_ms[i],
              il_main_window_get_aggregates (window)->key.total_records);
    }

  /* Live ticks: the pages hold data and get a store with 1000 new rows, of
   * sessions that started in the last 10 minutes, in place. */
  g_setenv ("IL_DEMO_APPEND", "1000", TRUE);
  for (int i = 0; i < RUNS; i++)
    live_run ("live tick", &tick_ms[i], &tick_stall_ms[i], &tick_cpu_ms[i]);
  g_unsetenv ("IL_DEMO_APPEND");

  /* Live updates that regenerate every row: every session is new, so the
   * Session Deep Dive shows another one. */
  for (int i = 0; i < RUNS; i++)
    {
      g_autofree char *more = g_strdup_printf ("%u", (guint) g_ascii_strtoull (rows, NULL, 10) + 1000 * (i + 1));

      g_setenv ("IL_DEMO_ROWS", more, TRUE);
      live_run ("live update", &live_ms[i], &live_stall_ms[i], &live_cpu_ms[i]);
    }
  g_setenv ("IL_DEMO_ROWS", rows, TRUE);

  /* A page shown for the first time: in a worker, its chart's area stays
   * blank until the first render lands; in the frame, the switch's frame
   * draws it. */
  {
    IlChartWidget *trend = IL_CHART_WIDGET (il_trend_page_get_chart (
      IL_TREND_PAGE (il_main_window_get_page_widget (window, IL_PAGE_TRENDS))));
    gint64 deadline;

    spin_for (100);
    monitor_start ();
    t0 = g_get_monotonic_time ();
    deadline = t0 + 5 * G_USEC_PER_SEC;
    il_main_window_set_page (window, IL_PAGE_TRENDS);
    while (!sync && _il_chart_widget_get_n_landed (trend) == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    blank_ms = sync ? 0 : (g_get_monotonic_time () - t0) / 1000.0;
    spin_for (100);
    switch_stall = monitor_stop_ms ("first switch to Trends");
    switch_cpu = last_stall_cpu_ms;
    il_main_window_set_page (window, IL_PAGE_OVERVIEW);
  }

  /* The floor under every stall above: a frame in which every widget draws
   * anew with nothing changed (no page handler, no layout) is the widgets'
   * drawing and GTK's renderer alone. Repeated, the same frame shows how
   * far the machine alone spreads a stall. */
  for (int i = 0; i < N_REDRAWS; i++)
    {
      spin_for (50);
      monitor_start ();
      queue_draw_all (GTK_WIDGET (window));
      spin_for (100);
      redraw_ms[i] = monitor_stop_ms ("every widget redrawn, nothing changed");
      redraw_cpu_ms[i] = last_stall_cpu_ms;
    }

  {
    double max_stall = bench_max (stall_ms, RUNS), max_stall_cpu = bench_max (stall_cpu_ms, RUNS);
    double tick_max = bench_max (tick_stall_ms, RUNS), live_max = bench_max (live_stall_ms, RUNS);

    /* On a shared machine the wall time of a stall is partly other
     * processes' (see the load average): the main thread's own CPU time in
     * it is what the application controls. */
    printf ("load average: %s", load_average ());
    /* GTK's first frames of a window cost the same at any row count, and
     * so does the first paint of the pages' content in the first load: run
     * with 1000 rows to tell that part from the rows' */
    printf ("window shown, no data yet: longest busy stall %6.1f ms, main-thread CPU in it %.1f ms\n",
            shown_stall, shown_cpu);
    printf ("demo load:   %8.1f ms, longest busy stall %6.1f ms (target < 16: %s), main-thread CPU in it %.1f ms\n",
            load_ms, load_stall, verdict (load_stall, 16), load_cpu);
    printf ("  its figures all shown %.1f ms after the load began (new content appears over a few frames)\n",
            load_shown_ms);
    printf ("demo reload: %8.1f ms, longest busy stall %6.1f ms (target < 16: %s), main-thread CPU in it %.1f ms\n",
            reload_ms, reload_stall, verdict (reload_stall, 16), reload_cpu);
    printf ("demo load, warm caches: %8.1f ms, longest busy stall %6.1f ms (target < 16: %s), main-thread CPU in it %.1f ms\n",
            warm_ms, warm_stall, verdict (warm_stall, 16), warm_cpu);
    printf ("range change to every page updated: median %.1f ms of %d (target < 150: %s); settled median %.1f ms\n",
            bench_median (range_ms, RUNS), RUNS, verdict (bench_median (range_ms, RUNS), 150),
            bench_median (settle_ms, RUNS));
    printf ("longest busy stall during recomputation: %.1f ms (target < 16: %s); most main-thread CPU in one: %.1f ms\n",
            max_stall, verdict (max_stall, 16), max_stall_cpu);
    printf ("live tick (1000 new rows merged in, in place): median %.1f ms of %d; longest busy stall %.1f ms (target < 16: %s); most main-thread CPU in one: %.1f ms\n",
            bench_median (tick_ms, RUNS), RUNS, tick_max, verdict (tick_max, 16), bench_max (tick_cpu_ms, RUNS));
    printf ("live update (1000 more rows, in place; the demo regenerates every row, so every session is new): median %.1f ms of %d; longest busy stall %.1f ms (target < 16: %s); most main-thread CPU in one: %.1f ms\n",
            bench_median (live_ms, RUNS), RUNS, live_max, verdict (live_max, 16), bench_max (live_cpu_ms, RUNS));
    printf ("first switch to Trends: longest busy stall %.1f ms, main-thread CPU in it %.1f ms; its chart %s\n",
            switch_stall, switch_cpu,
            sync ? "drawn in the switch's frame" : "blank until its render landed");
    if (!sync)
      printf ("  the trend chart's render landed %.1f ms after the switch\n", blank_ms);
    printf ("a frame with every widget redrawn, nothing changed: median %.1f ms of %d, longest %.1f ms; main-thread CPU median %.1f ms, most %.1f ms\n",
            bench_median (redraw_ms, N_REDRAWS), N_REDRAWS, bench_max (redraw_ms, N_REDRAWS),
            bench_median (redraw_cpu_ms, N_REDRAWS), bench_max (redraw_cpu_ms, N_REDRAWS));
    /* the stalls above are less the loop's idle time in poll; the whole gaps, for comparison */
    printf ("longest stall of any scenario with data, the loop's idle time in poll included: %.1f ms\n", max_gap_ms);
    /* GTK's X11 backend waits on the server a few times per layout of the
     * window; without them (a Wayland session makes none) */
    printf ("longest busy stall of any scenario with data, less the X round trips in it: %.1f ms (target < 16: %s)\n",
            max_busy_less_x_all / 1000.0, verdict (max_busy_less_x_all / 1000.0, 16));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  return 0;
}
