/* bench-ui-trace.c: what ran on the main thread during bench-ui's longest stall
 *
 * Wraps the snapshot_changed virtual function of every IlDashboardPage
 * subclass and listens to the frame clock, so a stall can be split into
 * page handlers, layout (measure and allocate) and paint (snapshot and
 * render) without touching the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* RUSAGE_THREAD */
#endif
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "il-chart-widget.h"
#include "il-dashboard-page.h"

#include "bench-ui-trace.h"

typedef struct
{
  const char *what;
  gint64      start;
  gint64      end;
} Event;

static GArray *events;
static GHashTable *originals;   /* GType → the class's own snapshot_changed */
static gint64 phase_start;
static void (*chart_snapshot) (GtkWidget *, GtkSnapshot *);

gint64
bench_trace_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The calling thread's minor page faults so far: a fault costs 5-10 us on
 * a virtual machine, so a few hundred show up in a frame. */
gint64
bench_trace_faults_now (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return usage.ru_minflt;
}

/* The main thread's time runnable but not running so far, in microseconds:
 * the second field of its schedstat. What a stall spent off the CPU beyond
 * this, it spent blocked (an X round trip, a lock, a read). -1 when the
 * kernel keeps no schedstat. */
gint64
bench_trace_wait_now (void)
{
  static int fd = -2;
  char buf[96];
  ssize_t n;
  char *end;

  /* opened from the main thread: the file stays that thread's */
  if (fd == -2)
    fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  n = pread (fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  strtoull (buf, &end, 10);
  return (gint64) (strtoull (end, NULL, 10) / 1000);
}

static void
record (const char *what,
        gint64      start,
        gint64      end)
{
  Event e = { what, start, end };

  g_array_append_val (events, e);
}

static void
traced_snapshot_changed (IlDashboardPage *page,
                         IlSnapshot      *snapshot)
{
  void (*orig) (IlDashboardPage *, IlSnapshot *) = NULL;
  gint64 t0 = g_get_monotonic_time ();

  for (GType t = G_OBJECT_TYPE (page); orig == NULL && t != 0; t = g_type_parent (t))
    orig = g_hash_table_lookup (originals, GSIZE_TO_POINTER (t));
  g_assert (orig != NULL);
  orig (page, snapshot);
  record (G_OBJECT_TYPE_NAME (page), t0, g_get_monotonic_time ());
}

/* A chart draws with cairo while the frame is painted. */
static void
traced_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  const IlChartClass *klass = il_chart_widget_get_chart_class (IL_CHART_WIDGET (widget));
  gint64 t0 = g_get_monotonic_time ();

  chart_snapshot (widget, snapshot);
  /* interned: the events outlive nothing but the process */
  record (g_intern_string (klass != NULL ? klass->name : "(no chart)"), t0, g_get_monotonic_time ());
}

/* Each of our handlers runs after all others for the same phase, so the
 * time since the previous phase's end is that phase's work. */
static void
on_phase (GdkFrameClock *clock,
          gpointer       what)
{
  gint64 now = g_get_monotonic_time ();

  if (what != NULL && phase_start != 0)
    record (what, phase_start, now);
  phase_start = now;
}

static void
wrap_classes (GType parent)
{
  g_autofree GType *children = NULL;
  guint n = 0;

  children = g_type_children (parent, &n);
  for (guint i = 0; i < n; i++)
    {
      IlDashboardPageClass *klass = g_type_class_ref (children[i]);

      if (klass->snapshot_changed != traced_snapshot_changed)
        {
          g_hash_table_insert (originals, GSIZE_TO_POINTER (children[i]), klass->snapshot_changed);
          klass->snapshot_changed = traced_snapshot_changed;
        }
      wrap_classes (children[i]);
    }
}

void
bench_trace_install (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  events = g_array_new (FALSE, FALSE, sizeof (Event));
  originals = g_hash_table_new (NULL, NULL);
  wrap_classes (IL_TYPE_DASHBOARD_PAGE);
  {
    GtkWidgetClass *chart_class = g_type_class_ref (IL_TYPE_CHART_WIDGET);

    chart_snapshot = chart_class->snapshot;
    chart_class->snapshot = traced_chart_snapshot;
  }
  g_assert (clock != NULL);
  /* After every other handler: GTK connects some of its own per frame (a
   * widget's first tick callback, the window's layout handler when a
   * layout is queued), and a plain handler of ours would run before those
   * and charge their work to the next phase. */
  g_signal_connect_after (clock, "before-paint", G_CALLBACK (on_phase), NULL);
  g_signal_connect_after (clock, "update", G_CALLBACK (on_phase), "frame: update (tick callbacks, CSS animations)");
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase), "frame: layout (CSS validation, measure, allocate)");
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_phase), "frame: paint (snapshot, render)");
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_phase), "frame: after-paint");
}

void
bench_trace_reset (void)
{
  g_array_set_size (events, 0);
}

/* Every event of a scenario, for following it frame by frame. */
void
bench_trace_print_all (gint64 start,
                       gint64 end)
{
  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);

      if (e->end <= start || e->start >= end || e->end - e->start < 300)
        continue;
      g_print ("        %7.1f  %5.1f ms  %s\n", (e->start - start) / 1000.0, (e->end - e->start) / 1000.0, e->what);
    }
}

void
bench_trace_print (gint64 start,
                   gint64 end)
{
  gint64 pages = 0, frame = 0, charts = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);

      if (e->end <= start || e->start >= end)
        continue;
      if (g_str_has_prefix (e->what, "frame"))
        frame += e->end - e->start;
      else if (g_str_has_prefix (e->what, "Il"))
        pages += e->end - e->start;
      else
        charts += e->end - e->start;
      if (e->end - e->start >= 1000)
        g_print ("      %6.1f ms at +%6.1f  %s%s\n", (e->end - e->start) / 1000.0,
                 (e->start - start) / 1000.0,
                 g_str_has_prefix (e->what, "frame") || g_str_has_prefix (e->what, "Il") ? "" : "  chart drawn: ",
                 e->what);
    }
  g_print ("      pages %.1f ms, frame phases %.1f ms (charts' drawing in them %.1f ms), the rest %.1f ms (of %.1f)\n",
           pages / 1000.0, frame / 1000.0, charts / 1000.0, (end - start - pages - frame) / 1000.0,
           (end - start) / 1000.0);
}
