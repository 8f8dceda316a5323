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
 */
#include "config.h"

#include "il-shm-keep.h"

#ifdef HAVE_GTK_X11
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#endif

typedef struct
{
  cairo_surface_t *keep;
  gint64           bytes;   /* of the largest frame the segment holds */
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
  GdkDisplay *display = gdk_surface_get_display (surface);
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  ShmKeep *k = g_object_get_data (G_OBJECT (window), keep_key);
  cairo_surface_t *target, *big, *keep;
  gint64 bytes = (gint64) width * height * 4;

  if (k != NULL && k->bytes >= bytes)
    return;
  target = cairo_xlib_surface_create (xdisplay, gdk_x11_surface_get_xid (surface),
                                      DefaultVisual (xdisplay, DefaultScreen (xdisplay)),
                                      width, height);
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
