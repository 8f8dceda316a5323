/* il-heap-keep.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without GL, GTK 4.8 paints each frame into an image it callocs for the
 * frame and frees after it: a few megabytes for a frame that repaints the
 * window. glibc serves it from the top of the heap, and whenever other
 * allocations took that space in the meantime it grows the heap with
 * fresh pages, which the frame's first fill faults in: 560-850 page
 * faults, 6-9 ms of a 12-19 ms frame on a virtual machine, in the very
 * frames that show a load's data.
 *
 * So after each frame, a block the size of two frames of the window is
 * allocated and freed at once (it comes from where the next frame's
 * images will), and its pages are faulted in on a background thread with
 * MADV_POPULATE_WRITE, and read, which changes no byte: the main thread may
 * be using them already, and a frame's worth below it too. The next frame's
 * calloc then clears resident memory, well under a millisecond.
 *
 * That needs the blocks to come from the heap, the heap to keep its top,
 * and the heap to be the main thread's alone (ARENAS_MAX, and the
 * thresholds below).
 */
#include "config.h"

#include "il-heap-keep.h"

/* AddressSanitizer's allocator replaces glibc's: its blocks never return
 * to where the next one comes from. */
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>
#include <stdlib.h>

#include "il-page-populate.h"
#include "il-task-start.h"
#define HEAP_KEEP 1
#endif

/* Room for the frame's image and the images cairo makes while painting
 * (a chart's texture copied for drawing, a clip's group): one more frame
 * of the window; and for what the main thread allocates in between. */
#define FRAMES_KEPT 2
#define BELOW_STEP  ((gsize) 1024 * 1024)

/* glibc gives each thread an arena of its own up to 8 per core, then lets
 * new threads share the existing ones, the main thread's heap included;
 * what a worker writes there takes the range kept for the next frame (a
 * merge of a million rows wrote 5.7 MB of columns into it: 1,000-1,500
 * page faults in that frame's paint). No process of ours runs this many
 * threads at once. */
#define ARENAS_MAX  256

/* glibc maps blocks from its mmap threshold up on their own, and grows a
 * thread's arena in heaps of up to 64 MB for the rest. When a block does
 * not fit in the current heap, glibc 2.36 makes a new one, frees the old
 * top into the arena, and that free deletes the new heap again, still
 * empty, if the old one has room beyond the top pad: the block fails
 * there, and glibc takes it from the main heap instead. The threshold
 * starts at 128 KB and rises to the size of each mapped block freed, up
 * to 32 MB; with a 128 KB pad, a million-row merge's 8-16 MB columns and
 * indexes went that way: 600-1,900 page faults in the next frame's paint.
 *
 * So the thresholds are fixed to the keep's block: the mmap threshold and
 * the top pad just above it (a block the old heap cannot hold is then
 * either mapped, or no bigger than the pad, and so is the room that heap
 * has left: the new heap stays), and the trim threshold twice that, as
 * glibc's own rule has it. The frame's images still come from the heap;
 * bigger blocks come and go as mappings; a heap's free top goes back to
 * the system once it reaches twice the pad, down to the pad. */
#define THRESHOLD_SLACK ((gsize) 2 * 1024 * 1024)
#define THRESHOLD_MAX   ((gsize) 32 * 1024 * 1024)

typedef struct
{
  gboolean running;   /* a populate is under way */
  guint    n_populated;
  guintptr start;     /* the last range populated */
  gsize    length;
} HeapKeep;

static const char keep_key[] = "il-heap-keep";

#ifdef HEAP_KEEP
typedef struct
{
  guintptr start;
  gsize    length;
  GWeakRef window;
} Populate;

static void
populate_free (gpointer data)
{
  Populate *p = data;

  g_weak_ref_clear (&p->window);
  g_free (p);
}

static void
populate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Populate *p = task_data;
  gsize below = p->length / FRAMES_KEPT;

  /* where the heap shrank meanwhile, harmlessly nothing */
  il_page_populate ((gconstpointer) p->start, p->length);
  /* The next frame's image may come from a free block that begins lower,
   * where blocks freed after this one joined it: some were allocated and
   * never written, so never faulted in (a frame's worth, a megabyte at a
   * time downwards, up to where the heap begins). */
  for (gsize done = 0; done < below; done += BELOW_STEP)
    {
      gsize step = MIN (BELOW_STEP, below - done);

      if (p->start < done + step || !il_page_populate ((gconstpointer) (p->start - done - step), step))
        break;
    }
  g_task_return_boolean (task, TRUE);
}

static void
populate_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Populate *p = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkWidget) window = g_weak_ref_get (&p->window);
  HeapKeep *k = window != NULL ? g_object_get_data (G_OBJECT (window), keep_key) : NULL;

  if (k != NULL)
    {
      k->start = p->start;
      k->length = p->length;
      k->n_populated++;
      k->running = FALSE;
    }
}

/* the mmap threshold and top pad set last, for the process */
static gsize fitted_threshold;

static void
fit_thresholds (gsize length)
{
  gsize threshold = MIN (length + THRESHOLD_SLACK, THRESHOLD_MAX);

  if (threshold == fitted_threshold)
    return;
  fitted_threshold = threshold;
  mallopt (M_MMAP_THRESHOLD, threshold);
  mallopt (M_TOP_PAD, threshold);
  mallopt (M_TRIM_THRESHOLD, 2 * threshold);
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  HeapKeep *k = g_object_get_data (G_OBJECT (window), keep_key);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autoptr(GTask) task = NULL;
  Populate *p;
  gsize length;
  guintptr start;
  void *block;
  int scale;

  /* Where the pages are resident already, the populate only walks them:
   * tens of microseconds on the background thread. */
  if (k == NULL || surface == NULL || k->running)
    return;
  scale = gdk_surface_get_scale_factor (surface);
  length = (gsize) gdk_surface_get_width (surface) * scale * gdk_surface_get_height (surface) * scale * 4
           * FRAMES_KEPT;
  fit_thresholds (length);
  /* the next frame's images get this address, or one near it */
  block = malloc (length);
  if (block == NULL)
    return;
  start = (guintptr) block;
  free (block);

  p = g_new0 (Populate, 1);
  p->start = start;
  p->length = length;
  g_weak_ref_init (&p->window, window);
  k->running = TRUE;
  task = g_task_new (NULL, NULL, populate_done, NULL);
  g_task_set_task_data (task, p, populate_free);
  il_task_run_in_background (task, populate_thread);
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  /* GL renderers paint into textures of their own */
  if (clock == NULL || !GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))))
    return;
  g_object_set_data_full (G_OBJECT (window), keep_key, g_new0 (HeapKeep, 1), g_free);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), window, 0);
}

static void
on_unrealize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  g_object_set_data (G_OBJECT (window), keep_key, NULL);
}
#endif

void
il_heap_keep_install (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#ifdef HEAP_KEEP
  /* before glibc fixes its limit, when a ninth arena is made */
  mallopt (M_ARENA_MAX, ARENAS_MAX);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (window, "unrealize", G_CALLBACK (on_unrealize), NULL);
#endif
}

guint
il_heap_keep_get_populated (GtkWindow *window,
                            guintptr  *start,
                            gsize     *length)
{
  HeapKeep *k;

  g_return_val_if_fail (GTK_IS_WINDOW (window), 0);

  k = g_object_get_data (G_OBJECT (window), keep_key);
  if (k == NULL || k->n_populated == 0)
    return 0;
  *start = k->start;
  *length = k->length;
  return k->n_populated;
}
