/* bench-ui-trace.h: what ran on the main thread during bench-ui's longest stall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Times every dashboard page's snapshot handler and the frame clock's
 * phases of @window from now on. */
void   bench_trace_install  (GtkWindow  *window);
/* Forgets what was recorded (the start of a scenario). */
void   bench_trace_reset    (void);
/* The main thread's CPU time, in microseconds. */
gint64 bench_trace_cpu_now  (void);
gint64 bench_trace_faults_now (void);
/* The main thread's time waiting for a CPU, in microseconds, or -1. */
gint64 bench_trace_wait_now (void);
/* Prints, indented, what was recorded between @start and @end (monotonic
 * microseconds): each page handler and frame phase over 1 ms, and the sums. */
void   bench_trace_print    (gint64      start,
                             gint64      end);
/* Every event between @start and @end over 0.3 ms, each on its line. */
void   bench_trace_print_all (gint64     start,
                              gint64     end);

G_END_DECLS
