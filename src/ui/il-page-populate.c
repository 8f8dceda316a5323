/* il-page-populate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-page-populate.h"

#ifdef __linux__
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif
/* AddressSanitizer handles SIGSEGV itself */
#if !defined(__SANITIZE_ADDRESS__)
#define TOUCH 1
#endif
#endif

#ifdef TOUCH
/* A range that was mapped when it was populated may be gone by the time it
 * is read (another thread's free trimmed the heap): the read's fault jumps
 * out of the loop instead of ending the process. Any other fault goes to
 * the handler that was there before. (volatile: else the compiler drops
 * the store before the reads, which it sees no use of.) */
static __thread sigjmp_buf *volatile touch_escape;
static struct sigaction previous_action;

static void
on_fault (int        sig,
          siginfo_t *info,
          void      *context)
{
  sigjmp_buf *escape = touch_escape;

  if (escape != NULL)
    siglongjmp (*escape, 1);
  /* not ours: the instruction faults again, under the previous handler */
  sigaction (SIGSEGV, &previous_action, NULL);
}

static gpointer
install_guard (gpointer data)
{
  struct sigaction action = { 0 };

  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset (&action.sa_mask);
  return GINT_TO_POINTER (sigaction (SIGSEGV, &action, &previous_action) == 0);
}

static gboolean
guarded (void)
{
  static GOnce once = G_ONCE_INIT;
  struct sigaction current;

  if (!GPOINTER_TO_INT (g_once (&once, install_guard, NULL)))
    return FALSE;
  /* a handler set since then would take our faults for crashes */
  return sigaction (SIGSEGV, NULL, &current) == 0
         && (current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_fault;
}

static gboolean
touch (guintptr first,
       guintptr end,
       guintptr page)
{
  sigjmp_buf escape;

  /* the madvise put the pages in: only the read is left out */
  if (!guarded ())
    return TRUE;
  if (sigsetjmp (escape, 1) != 0)
    {
      touch_escape = NULL;
      return FALSE;
    }
  touch_escape = &escape;
  for (volatile guintptr a = first; a < end; a += page)
    (void) *(volatile const char *) a;
  touch_escape = NULL;
  return TRUE;
}
#endif

gboolean
il_page_populate (gconstpointer data,
                  gsize         size)
{
#ifdef __linux__
  guintptr page = (guintptr) sysconf (_SC_PAGESIZE);
  guintptr first = (guintptr) data / page * page;
  guintptr end = (guintptr) data + size;

  if (size == 0)
    return TRUE;
  if (madvise ((void *) first, end - first, MADV_POPULATE_WRITE) != 0)
    return FALSE;
#ifdef TOUCH
  return touch (first, end, page);
#else
  return TRUE;
#endif
#else
  return FALSE;
#endif
}
