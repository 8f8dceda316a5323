/* bench-ui-x11.c: time the main thread spent in X round trips
 *
 * GTK 4.8's X11 backend asks the server for the window's geometry, the
 * monitor's work area and window-manager hints each time it lays the window
 * out (two or three times a frame that changes any allocation), and after
 * each frame; each ask is a round trip: the client writes, the server runs
 * (first through what it was sent before, such as the frame just painted)
 * and the client reads the reply. On two busy cores that is a large share
 * of a frame, none of it the main thread's own work, and none of it there
 * on Wayland. bench-ui counts it per stall by defining Xlib's reply
 * function in its own executable, exported (libX11 calls it through its
 * PLT, so the executable's definition comes first), and timing the real
 * one around each call on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* RTLD_NEXT */
#include "config.h"

#include "bench-ui-x11.h"

#ifdef HAVE_GTK_X11
#include <dlfcn.h>
#include <X11/Xlibint.h>

typedef Status (*ReplyFunc) (Display *, xReply *, int, Bool);

static ReplyFunc real_reply;
static GThread *main_thread;
static gint64 wait_us;
static guint64 round_trips;

Status
_XReply (Display *display,
         xReply  *reply,
         int      extra,
         Bool     discard)
{
  gint64 start;
  Status status;

  if (G_UNLIKELY (real_reply == NULL))
    {
      real_reply = (ReplyFunc) dlsym (RTLD_NEXT, "_XReply");
      g_assert (real_reply != NULL);
    }
  if (g_thread_self () != main_thread)
    return real_reply (display, reply, extra, discard);
  start = g_get_monotonic_time ();
  status = real_reply (display, reply, extra, discard);
  wait_us += g_get_monotonic_time () - start;
  round_trips++;
  return status;
}

void
bench_x11_install (void)
{
  main_thread = g_thread_self ();
}

gint64
bench_x11_wait_now (void)
{
  return wait_us;
}

guint64
bench_x11_round_trips_now (void)
{
  return round_trips;
}
#else
void
bench_x11_install (void)
{
}

gint64
bench_x11_wait_now (void)
{
  return 0;
}

guint64
bench_x11_round_trips_now (void)
{
  return 0;
}
#endif
