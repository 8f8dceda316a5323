/* test-heap-keep.c: after a window's frames, the heap its next frame's
 * image will come from is resident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include <gtk/gtk.h>

#include "memory-test-util.h"
#include "widget-test-util.h"

#include "il-heap-keep.h"

/* Where the process's heap, which brk grows, begins and ends. */
static void
heap_range (guintptr *start,
            guintptr *end)
{
  g_autofree char *maps = NULL;
  char *line;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  line = strstr (maps, "[heap]");
  g_assert_nonnull (line);
  while (line > maps && line[-1] != '\n')
    line--;
  *start = (guintptr) g_ascii_strtoull (line, NULL, 16);
  *end = (guintptr) g_ascii_strtoull (strchr (line, '-') + 1, NULL, 16);
}

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

/* Where the keep works; skips the test elsewhere. */
static gboolean
keep_works (void)
{
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  return TRUE;
#else
  g_test_skip ("the keep works with glibc's allocator on Linux only");
  return FALSE;
#endif
}

/* An 800x600 window with the keep that shows a label, shown; NULL, the
 * test skipped, unless GTK paints it with its cairo renderer. */
static GtkWidget *
keep_window_new (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guintptr start;
  gsize length;

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
      return NULL;
    }
  return window;
}

static void
test_heap_resident_after_frames (void)
{
  GtkWidget *window;
  GdkSurface *surface;
  guintptr start;
  gsize length, n_pages;
  guint n;

  if (!keep_works () || (window = keep_window_new ()) == NULL)
    return;
  n = repaint_until_populated (window, 0);
  surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* Each time: the heap's free pages handed back to the system (as when
   * glibc trims it, or as other allocations moved its top on), then frames
   * that repaint a label: the keep faults the size of a whole frame in. */
  for (guint round = 0; round < 3; round++)
    {
      gsize frame = (gsize) gdk_surface_get_width (surface) * gdk_surface_get_height (surface) * 4
                    * gdk_surface_get_scale_factor (surface) * gdk_surface_get_scale_factor (surface);
      /* and blocks freed in the heap's middle, which the trim hands back */
      void *hole = malloc (frame / 2);
      void *guard = malloc (frame / 4);
      guintptr below, heap, heap_end;

      free (hole);
      malloc_trim (0);
      /* one populate may have begun before the trim: the next one did not */
      n = repaint_until_populated (window, repaint_until_populated (window, n));
      g_assert_cmpuint (il_heap_keep_get_populated (GTK_WINDOW (window), &start, &length), ==, n);
      /* two frames of the window */
      g_assert_cmpuint (length, ==, frame * 2);
      g_assert_cmpuint (resident_pages (start, length, &n_pages), ==, n_pages);
      /* a frame's worth below it too, as far as the heap goes */
      heap_range (&heap, &heap_end);
      below = MAX (start - frame, heap);
      g_assert_cmpuint (resident_pages (below, start - below, &n_pages), ==, n_pages);
      free (guard);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    n_threads;
  guint    n_allocated;
  gpointer blocks[48];
} Crowd;

/* A thread's first allocation picks its arena. */
static gpointer
crowd_thread (gpointer data)
{
  Crowd *crowd = data;
  gpointer block = malloc (4096);

  g_mutex_lock (&crowd->lock);
  crowd->blocks[crowd->n_allocated++] = block;
  g_cond_broadcast (&crowd->cond);
  /* every thread alive at once, as a loaded process's pools are */
  while (crowd->n_allocated < crowd->n_threads)
    g_cond_wait (&crowd->cond, &crowd->lock);
  g_mutex_unlock (&crowd->lock);
  return NULL;
}

/* Many threads at once, more than glibc's 8 arenas per core: none of them
 * allocates in the main thread's heap, where the window's frames go. */
static void
test_threads_kept_out_of_heap (void)
{
  GtkWidget *window;
  GThread *threads[G_N_ELEMENTS (((Crowd *) NULL)->blocks)];
  Crowd crowd = { .n_threads = G_N_ELEMENTS (threads) };
  guintptr heap, heap_end;

  if (!keep_works ())
    return;
  window = gtk_window_new ();
  il_heap_keep_install (GTK_WINDOW (window));
  g_mutex_init (&crowd.lock);
  g_cond_init (&crowd.cond);
  for (guint i = 0; i < crowd.n_threads; i++)
    threads[i] = g_thread_new ("crowd", crowd_thread, &crowd);
  for (guint i = 0; i < crowd.n_threads; i++)
    g_thread_join (threads[i]);

  heap_range (&heap, &heap_end);
  for (guint i = 0; i < crowd.n_threads; i++)
    {
      g_assert_false ((guintptr) crowd.blocks[i] >= heap && (guintptr) crowd.blocks[i] < heap_end);
      free (crowd.blocks[i]);
    }
  g_mutex_clear (&crowd.lock);
  g_cond_clear (&crowd.cond);
  gtk_window_destroy (GTK_WINDOW (window));
}

#define MB        ((gsize) 1024 * 1024)
#define HEAP_SIZE (64 * MB)   /* a thread arena's heaps: this size, aligned to it */

/* Fills the current heap of the thread's arena up to a megabyte and a half
 * of its end and frees the last block, which leaves about 2.5 MB of room
 * in it, a free top among it; then asks for blocks it cannot hold. */
static gpointer
outgrow_heap_thread (gpointer data)
{
  gpointer *big = data;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (free);
  guintptr heap = 0;

  for (;;)
    {
      guintptr block = (guintptr) malloc (MB);

      g_ptr_array_add (blocks, (gpointer) block);
      g_assert_cmpuint (blocks->len, <, 256);
      /* the first block, or one that went on in another heap */
      if ((block & ~(HEAP_SIZE - 1)) != heap)
        heap = block & ~(HEAP_SIZE - 1);
      else if (block + MB >= heap + HEAP_SIZE - 3 * MB / 2)
        break;
    }
  g_ptr_array_remove_index (blocks, blocks->len - 1);
  /* under the keep's block, and far above it */
  big[0] = malloc (3 * MB);
  big[1] = malloc (16 * MB);
  return NULL;
}

/* Blocks that a worker's heap cannot hold stay out of the main thread's
 * heap, where glibc takes them when the new heap it made for them goes
 * again at once; whatever the mmap threshold freed mapped blocks raised. */
static void
test_big_blocks_kept_out_of_heap (void)
{
  GtkWidget *window;
  gpointer volatile raised;
  gpointer big[2];
  guintptr heap, heap_end;

  if (!keep_works () || (window = keep_window_new ()) == NULL)
    return;
  /* the keep sets glibc's thresholds after each frame */
  repaint_until_populated (window, 0);
  /* a mapped block freed raises the mmap threshold to its size, unless it
   * was set (volatile: the compiler drops a malloc freed at once) */
  raised = malloc (30 * MB);
  free (raised);
  g_thread_join (g_thread_new ("outgrow", outgrow_heap_thread, big));

  heap_range (&heap, &heap_end);
  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    {
      g_assert_nonnull (big[i]);
      g_assert_false ((guintptr) big[i] >= heap && (guintptr) big[i] < heap_end);
      free (big[i]);
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
  g_test_add_func ("/heap-keep/threads-kept-out-of-heap", test_threads_kept_out_of_heap);
  g_test_add_func ("/heap-keep/big-blocks-kept-out-of-heap", test_big_blocks_kept_out_of_heap);

  return g_test_run ();
}
