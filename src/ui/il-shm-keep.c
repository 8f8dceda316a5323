/* il-shm-keep.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without GL, GTK 4.8 on X11 paints each frame into an image that cairo
 * copies to the window through a shared-memory segment. Cairo frees a
 * segment as soon as nothing in it is in use, so each frame created a new
 * one and faulted its pages in again: a frame that repaints a 1400x900
 * window spent 5-10 ms of its ~20 ms on that. A small image kept for the
 * window's life keeps one segment alive, big enough for a frame of the
 * whole monitor, so frames reuse its pages.
 *
 * Each page of the segment still costs a page fault twice, here and in the
 * X server, the first time a frame uses it: the first frame that repaints
 * the whole window with data (the first load) paid about 1,400 of them,
 * 15 ms on a virtual machine. So once the window has drawn its first
 * frame, the segment is faulted in here and every block of it is sent to
 * the server once, which reads it.
 */
#include "config.h"

#include "il-shm-keep.h"
#include "il-page-populate.h"

#ifdef HAVE_GTK_X11
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#include <stdio.h>
#endif

typedef struct
{
  cairo_surface_t *keep;
  gint64           bytes;         /* of the largest frame the segment holds */
  gboolean         warm_pending;  /* until the window's next frame */
} ShmKeep;

static const char keep_key[] = "il-shm-keep";

static void
shm_keep_free (gpointer data)
{
  ShmKeep *k = data;

  g_clear_pointer (&k->keep, cairo_surface_destroy);
  g_free (k);
}

#ifdef HAVE_GTK_X11
static void warm_after_next_frame (GtkWidget *window);

/* An xlib surface on @surface's window: cairo's images similar to it come
 * from its shared-memory pool. */
static cairo_surface_t *
create_window_target (GdkSurface *surface,
                      int         width,
                      int         height)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));

  return cairo_xlib_surface_create (xdisplay, gdk_x11_surface_get_xid (surface),
                                    DefaultVisual (xdisplay, DefaultScreen (xdisplay)),
                                    width, height);
}

/* Cairo gives a new segment eight times the next power of two above the
 * image it is made for, and places later images in any segment with
 * room: an image the size of the monitor makes the segment, the small one
 * made next lands in it and keeps it, and the big one goes. */
static void
keep_segment (GtkWidget  *window,
              GdkSurface *surface,
              int         width,
              int         height)
{
  ShmKeep *k = g_object_get_data (G_OBJECT (window), keep_key);
  cairo_surface_t *target, *big, *keep;
  gint64 bytes = (gint64) width * height * 4;

  if (k != NULL && k->bytes >= bytes)
    return;
  target = create_window_target (surface, width, height);
  big = cairo_surface_create_similar_image (target, CAIRO_FORMAT_ARGB32, width, height);
  keep = cairo_surface_create_similar_image (target, CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_surface_destroy (big);
  cairo_surface_destroy (target);
  if (cairo_surface_status (keep) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (keep);
      return;
    }
  if (k == NULL)
    {
      k = g_new0 (ShmKeep, 1);
      g_object_set_data_full (G_OBJECT (window), keep_key, k, shm_keep_free);
    }
  /* the old segment goes once its last image does */
  g_clear_pointer (&k->keep, cairo_surface_destroy);
  k->keep = keep;
  k->bytes = bytes;
  warm_after_next_frame (window);
}

static void
keep_for_monitor (GtkWidget  *window,
                  GdkSurface *surface,
                  GdkMonitor *monitor)
{
  int scale = gdk_surface_get_scale_factor (surface);
  int width = gdk_surface_get_width (surface);
  int height = gdk_surface_get_height (surface);

  if (monitor != NULL)
    {
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      width = MAX (width, geometry.width);
      height = MAX (height, geometry.height);
    }
  keep_segment (window, surface, width * scale, height * scale);
}

static void
on_enter_monitor (GdkSurface *surface,
                  GdkMonitor *monitor,
                  GtkWidget  *window)
{
  keep_for_monitor (window, surface, monitor);
}

/* A window bigger than its monitor (spanning two) needs a bigger one. */
static void
on_layout (GdkSurface *surface,
           int         width,
           int         height,
           GtkWidget  *window)
{
  int scale = gdk_surface_get_scale_factor (surface);

  keep_segment (window, surface, width * scale, height * scale);
}

/* The mapping of this process that holds @address: [*start, *end). */
static gboolean
find_mapping (gconstpointer address,
              guintptr     *start,
              guintptr     *end)
{
  g_autofree char *maps = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return FALSE;
  for (char *line = maps; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');
      unsigned long a, b;

      if (sscanf (line, "%lx-%lx", &a, &b) == 2 && (guintptr) address >= a && (guintptr) address < b)
        {
          *start = a;
          *end = b;
          return TRUE;
        }
      line = next != NULL ? next + 1 : NULL;
    }
  return FALSE;
}

/* Cairo's pool hands out blocks of power-of-two sizes: after the kept
 * image, the segment holds one free block of each size from the kept
 * image's up to an eighth of the segment, then seven of that eighth. One
 * image per block, each copied to a pixmap, makes the server read it all.
 * Cairo recycles a block only once the server is done with it.
 *
 * At most 64 MB (all of it at 1400x900), or a quarter of a bigger one's:
 * a 3840x2160 monitor's segment is 256 MB, and one frame fills an eighth. */
static void
warm_segment (GtkWidget *window)
{
  ShmKeep *k = g_object_get_data (G_OBJECT (window), keep_key);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Display *xdisplay;
  cairo_surface_t *target, *pixmap;
  guintptr start, end;
  gsize segment, budget, warmed = 0;
  const int width = 1024, rows = 2048;   /* the pixmap: 8 MB */

  if (k == NULL || k->keep == NULL || surface == NULL
      || !find_mapping (cairo_image_surface_get_data (k->keep), &start, &end))
    return;
  segment = end - start;
  budget = MIN (segment, MAX ((gsize) 64 << 20, segment / 4));
  il_page_populate (cairo_image_surface_get_data (k->keep),
            (gsize) cairo_image_surface_get_stride (k->keep) * cairo_image_surface_get_height (k->keep));

  xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  target = create_window_target (surface, gdk_surface_get_width (surface), gdk_surface_get_height (surface));
  pixmap = cairo_surface_create_similar (target, CAIRO_CONTENT_COLOR, width, rows);
  for (gsize block = segment / 8; block >= (gsize) width * 4 * 4; block /= 2)
    for (guint n = block == segment / 8 ? 7 : 1; n > 0 && warmed + block <= budget; n--)
      {
        int height = block / (width * 4);
        cairo_surface_t *image = cairo_surface_create_similar_image (target, CAIRO_FORMAT_RGB24, width, height);
        guchar *data = cairo_image_surface_get_data (image);
        gboolean inside = cairo_surface_status (image) == CAIRO_STATUS_SUCCESS
                          && (guintptr) data >= start && (guintptr) data < end;

        if (inside)
          {
            il_page_populate (data, block);
            for (int y = 0; y < height; y += rows)
              {
                cairo_t *cr = cairo_create (pixmap);

                cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
                cairo_set_source_surface (cr, image, 0, -y);
                cairo_paint (cr);
                cairo_destroy (cr);
              }
            warmed += block;
          }
        cairo_surface_destroy (image);
        /* a block outside means the layout is not as above: stop */
        if (!inside)
          goto done;
      }
done:
  cairo_surface_flush (pixmap);
  /* Waits here, in the frame after the first, rather than in whichever
   * later frame the server would otherwise still be reading for. */
  XSync (xdisplay, False);
  cairo_surface_destroy (pixmap);
  cairo_surface_destroy (target);
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  ShmKeep *k = g_object_get_data (G_OBJECT (window), keep_key);

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  if (k != NULL)
    k->warm_pending = FALSE;
  warm_segment (window);
}

/* After the window's next frame: the first one shows it sooner. Called
 * for each new segment, so each is warmed once. */
static void
warm_after_next_frame (GtkWidget *window)
{
  ShmKeep *k = g_object_get_data (G_OBJECT (window), keep_key);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (k == NULL || k->warm_pending || clock == NULL)
    return;
  k->warm_pending = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), window, 0);
}

static void
on_realize (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  if (!GDK_IS_X11_SURFACE (surface) || !GSK_IS_CAIRO_RENDERER (renderer))
    return;
  keep_for_monitor (window, surface,
                    gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface));
  g_signal_connect_object (surface, "enter-monitor", G_CALLBACK (on_enter_monitor), window, 0);
  g_signal_connect_object (surface, "layout", G_CALLBACK (on_layout), window, 0);
}
#endif

static void
on_unrealize (GtkWidget *window)
{
  g_object_set_data (G_OBJECT (window), keep_key, NULL);
}

void
il_shm_keep_install (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

#ifdef HAVE_GTK_X11
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), NULL);
#endif
  g_signal_connect (window, "unrealize", G_CALLBACK (on_unrealize), NULL);
}

gboolean
il_shm_keep_is_active (GtkWindow *window)
{
  ShmKeep *k;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  k = g_object_get_data (G_OBJECT (window), keep_key);
  return k != NULL && k->keep != NULL;
}
