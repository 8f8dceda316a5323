/* test-shm-keep.c: on X11 with the cairo renderer, a window's frames reuse
 * one shared-memory segment instead of cairo creating one per frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include <gtk/gtk.h>
#ifdef HAVE_GTK_X11
#include <gdk/x11/gdkx.h>
#endif

#include "memory-test-util.h"
#include "widget-test-util.h"

#include "il-shm-keep.h"

static guint n_segments_made;

/* Cairo makes its segments with shmget(): this one counts them. */
int
shmget (key_t  key,
        size_t size,
        int    flags)
{
  static int (*real_shmget) (key_t, size_t, int);

  if (real_shmget == NULL)
    real_shmget = (int (*) (key_t, size_t, int)) dlsym (RTLD_NEXT, "shmget");
  g_atomic_int_inc (&n_segments_made);
  return real_shmget (key, size, flags);
}

/* The lines of /proc/self/maps that map System V segments. */
static GStrv
sysv_mappings (void)
{
  g_autofree char *maps = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) sysv = g_strv_builder_new ();

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "/SYSV") != NULL)
      g_strv_builder_add (sysv, lines[i]);
  return g_strv_builder_end (sysv);
}

/* The System V segments this process has attached, by inode. */
static GHashTable *
attached_segments (void)
{
  g_auto (GStrv) lines = sysv_mappings ();
  GHashTable *set = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit_set (lines[i], " ", -1);

      /* address perms offset dev inode path */
      for (guint f = 0, n = 0; fields[f] != NULL; f++)
        if (*fields[f] != '\0' && ++n == 5)
          g_hash_table_add (set, GSIZE_TO_POINTER (g_ascii_strtoull (fields[f], NULL, 10)));
    }
  return set;
}

/* Repaints all of @window @n times; returns the segments made meanwhile. */
static guint
segments_made_in_frames (GtkWidget *window,
                         guint      n)
{
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (window));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  guint before = g_atomic_int_get (&n_segments_made);

  for (guint i = 0; i < n; i++)
    {
      gint64 frame = gdk_frame_clock_get_frame_counter (clock);
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      /* a new opacity repaints the whole window */
      gtk_widget_set_opacity (child, i % 2 == 0 ? 0.5 : 1.0);
      while (gdk_frame_clock_get_frame_counter (clock) == frame)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      run_frames (1);
    }
  return g_atomic_int_get (&n_segments_made) - before;
}

static GtkWidget *
new_window (gboolean keep)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (box, "view");
  gtk_box_append (GTK_BOX (box), gtk_label_new ("A window repainted whole"));
  gtk_widget_set_vexpand (box, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  if (keep)
    il_shm_keep_install (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  run_frames (10);
  g_assert_true (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))));
  return window;
}

static gboolean
uses_cairo_on_x11 (void)
{
#ifdef HAVE_GTK_X11
  return GDK_IS_X11_DISPLAY (gdk_display_get_default ());
#else
  return FALSE;
#endif
}

/* Without the kept segment each repainted frame attaches a new one: the
 * test would see as many segments as frames. */
static void
test_frames_reuse_segment (void)
{
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autofree gpointer *keys = NULL;
  GtkWidget *window;
  gpointer kept;

  if (!uses_cairo_on_x11 ())
    {
      g_test_skip ("needs an X11 display");
      return;
    }
  window = new_window (TRUE);
  g_assert_true (il_shm_keep_is_active (GTK_WINDOW (window)));
  before = attached_segments ();
  g_assert_cmpuint (g_hash_table_size (before), ==, 1);

  keys = g_hash_table_get_keys_as_array (before, NULL);
  kept = keys[0];

  g_assert_cmpuint (segments_made_in_frames (window, 6), ==, 0);
  after = attached_segments ();
  g_assert_true (g_hash_table_contains (after, kept));
  g_clear_pointer (&after, g_hash_table_unref);

  /* the window takes its segment with it */
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  after = attached_segments ();
  g_assert_false (g_hash_table_contains (after, kept));
}

/* The one System V mapping of this process: its pages, and how many of
 * them are in memory. */
static void
segment_pages (gsize *n_pages,
               gsize *n_resident)
{
  g_auto (GStrv) lines = sysv_mappings ();
  unsigned long start, end;

  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpint (sscanf (lines[0], "%lx-%lx", &start, &end), ==, 2);
  *n_resident = resident_pages (start, end - start, n_pages);
}

/* A frame that first uses a block of the segment faults its pages in, here
 * and in the X server. After the window's first frames, every page is in. */
static void
test_segment_warmed_after_first_frames (void)
{
  GtkWidget *window;
  guint before = g_atomic_int_get (&n_segments_made);
  gsize n_pages = 0, n_resident = 0;

  if (!uses_cairo_on_x11 ())
    {
      g_test_skip ("needs an X11 display");
      return;
    }
  window = new_window (TRUE);
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
    GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
    GdkRectangle geometry;
    gsize frame, segment = 1;
    gsize page = (gsize) sysconf (_SC_PAGESIZE);
    gsize budget;

    gdk_monitor_get_geometry (monitor, &geometry);
    frame = (gsize) MAX (geometry.width, 800) * MAX (geometry.height, 600) * 4;
    while (segment <= frame)
      segment *= 2;
    segment *= 8;
    segment_pages (&n_pages, &n_resident);
    /* eight times the next power of two above a frame of the monitor */
    g_assert_cmpuint (n_pages * page, ==, segment);
    /* all of it up to 64 MB (1400x900), a quarter of a bigger one */
    budget = MIN (segment, MAX ((gsize) 64 << 20, segment / 4));
    if (budget == segment)
      g_assert_cmpuint (n_resident, ==, n_pages);
    else
      g_assert_cmpuint (n_resident, >=, budget / page);
  }
  /* the segment kept, and no other made while warming it */
  g_assert_cmpuint (g_atomic_int_get (&n_segments_made) - before, ==, 1);
  g_assert_cmpuint (segments_made_in_frames (window, 4), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
}

/* What the test above rules out: cairo alone makes a segment per frame. */
static void
test_without_keep_segments_come_and_go (void)
{
  GtkWidget *window;

  if (!uses_cairo_on_x11 ())
    {
      g_test_skip ("needs an X11 display");
      return;
    }
  window = new_window (FALSE);
  g_assert_false (il_shm_keep_is_active (GTK_WINDOW (window)));
  g_assert_cmpuint (segments_made_in_frames (window, 6), ==, 6);
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
}

int
main (int   argc,
      char *argv[])
{
  /* what draws without GL: the case the kept segment is for */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  /* first: no other window's segment lingers */
  g_test_add_func ("/shm-keep/frames-reuse-segment", test_frames_reuse_segment);
  g_test_add_func ("/shm-keep/segment-warmed-after-first-frames", test_segment_warmed_after_first_frames);
  g_test_add_func ("/shm-keep/without-keep-segments-come-and-go", test_without_keep_segments_come_and_go);
  return g_test_run ();
}
