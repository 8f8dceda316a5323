/* test-heap-keep.c: after a window's frames, the heap its next frame's
 * image will come from is resident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>

#include <gtk/gtk.h>

#include "memory-test-util.h"
#include "widget-test-util.h"

#include "il-heap-keep.h"

/* Repaints a small label in @window until the keep has populated one more
 * range: frames whose own images do not touch the window's size of heap. */
static guint
repaint_until_populated (GtkWidget *window,
                         guint      n_before)
{
  GtkWidget *child = gtk_widget_get_first_child (gtk_window_get_child (GTK_WINDOW (window)));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guintptr start;
  gsize length;
  guint n;

  for (guint i = 0; (n = il_heap_keep_get_populated (GTK_WINDOW (window), &start, &length)) == n_before; i++)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      gtk_widget_set_opacity (child, i % 2 == 0 ? 0.5 : 1.0);
      run_frames (1);
    }
  return n;
}

static void
test_heap_resident_after_frames (void)
{
  GtkWidget *window, *box;
  GdkSurface *surface;
  guintptr start;
  gsize length, n_pages;
  guint n;

#if !defined(__linux__) || !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  g_test_skip ("the keep works with glibc's allocator on Linux only");
  return;
#endif
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "view");
  gtk_box_append (GTK_BOX (box), gtk_label_new ("A label repainted"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  il_heap_keep_install (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  run_frames (5);
  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))))
    {
      g_assert_cmpuint (il_heap_keep_get_populated (GTK_WINDOW (window), &start, &length), ==, 0);
      g_test_skip ("only GTK's cairo renderer paints into the heap");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  n = repaint_until_populated (window, 0);
  surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* Each time: the heap's free pages handed back to the system (as when
   * glibc trims it, or as other allocations moved its top on), then frames
   * that repaint a label: the keep faults the size of a whole frame in. */
  for (guint round = 0; round < 3; round++)
    {
      malloc_trim (0);
      /* one populate may have begun before the trim: the next one did not */
      n = repaint_until_populated (window, repaint_until_populated (window, n));
      g_assert_cmpuint (il_heap_keep_get_populated (GTK_WINDOW (window), &start, &length), ==, n);
      /* two frames of the window */
      g_assert_cmpuint (length, ==, (gsize) gdk_surface_get_width (surface) * gdk_surface_get_height (surface) * 4
                                    * gdk_surface_get_scale_factor (surface) * gdk_surface_get_scale_factor (surface) * 2);
      g_assert_cmpuint (resident_pages (start, length, &n_pages), ==, n_pages);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* what draws without GL: the case the keep is for */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/heap-keep/heap-resident-after-frames", test_heap_resident_after_frames);

  return g_test_run ();
}
