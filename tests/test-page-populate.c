/* test-page-populate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "il-page-populate.h"

static gsize page;

static gboolean
populate_works (void)
{
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
  return TRUE;
#else
  g_test_skip ("populates only on Linux, and not under AddressSanitizer");
  return FALSE;
#endif
}

static guint8 *
map_pages (guint n)
{
  guint8 *data = mmap (NULL, n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  g_assert_true (data != MAP_FAILED);
  return data;
}

/* Another thread may be using the pages: not a byte changes. */
static void
test_populate_keeps_bytes (void)
{
  guint8 *data;

  if (!populate_works ())
    return;
  data = map_pages (8);
  for (gsize i = 0; i < 4 * page; i++)
    data[i] = (guint8) (i * 7 + 1);

  /* half written, half never touched; from inside a page to inside another */
  g_assert_true (il_page_populate (data + 100, 8 * page - 200));
  for (gsize i = 0; i < 4 * page; i++)
    g_assert_cmpuint (data[i], ==, (guint8) (i * 7 + 1));
  for (gsize i = 4 * page; i < 8 * page; i++)
    g_assert_cmpuint (data[i], ==, 0);
  g_assert_true (il_page_populate (data, 0));
  munmap (data, 8 * page);
}

/* A range with a hole: the populate says so, and the process lives on. */
static void
test_populate_unmapped (void)
{
  guint8 *data;

  if (!populate_works ())
    return;
  data = map_pages (3);
  munmap (data + page, page);
  g_assert_false (il_page_populate (data, 3 * page));
  g_assert_true (il_page_populate (data, page));
  munmap (data, page);
  munmap (data + 2 * page, page);
}

typedef struct
{
  guint8  *data;
  gsize    size;
  gint     stop;
  guint    n_unmapped;
} Race;

static gpointer
unmap_remap_thread (gpointer user_data)
{
  Race *race = user_data;

  while (!g_atomic_int_get (&race->stop))
    {
      munmap (race->data, race->size);
      g_assert_true (mmap (race->data, race->size, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == race->data);
      race->n_unmapped++;
    }
  return NULL;
}

/* A heap may give pages back while they are being read: the read's fault
 * ends the populate, not the process. */
static void
test_populate_range_going_away (void)
{
  Race race = { NULL };
  GThread *thread;
  guint n_failed = 0;

  if (!populate_works ())
    return;
  race.size = 256 * page;
  race.data = map_pages (256);
  thread = g_thread_new ("unmap", unmap_remap_thread, &race);
  for (guint i = 0; i < 2000 || (n_failed == 0 && i < 200000); i++)
    if (!il_page_populate (race.data, race.size))
      n_failed++;
  g_atomic_int_set (&race.stop, TRUE);
  g_thread_join (thread);
  g_test_message ("%u of the populates failed, the range was unmapped %u times", n_failed, race.n_unmapped);
  g_assert_cmpuint (n_failed, >, 0);
  munmap (race.data, race.size);
}

/* A fault that is no populate's is still a crash, by SIGSEGV, at once. */
static void
test_other_faults_still_crash (void)
{
  pid_t child;
  int status = 0;

  if (!populate_works ())
    return;
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      guint8 *data = map_pages (2);

      /* a fault handled over and over would hang: SIGALRM ends that */
      alarm (10);
      if (!il_page_populate (data, 2 * page))
        _exit (2);
      /* kept mapped, so that nothing else lands there */
      if (mprotect (data, 2 * page, PROT_NONE) != 0)
        _exit (3);
      _exit (*(volatile guint8 *) data);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSEGV);
}

static void
foreign_handler (int        sig,
                 siginfo_t *info,
                 void      *context)
{
  _exit (4);
}

/* With another handler for SIGSEGV set since (a crash reporter), the
 * pages are not read, but they are in all the same: the populate says so. */
static void
test_populate_under_foreign_handler (void)
{
  struct sigaction foreign = { 0 }, ours;
  guint8 *data;

  if (!populate_works ())
    return;
  data = map_pages (2);
  g_assert_true (il_page_populate (data, 2 * page));
  foreign.sa_sigaction = foreign_handler;
  foreign.sa_flags = SA_SIGINFO;
  sigemptyset (&foreign.sa_mask);
  g_assert_cmpint (sigaction (SIGSEGV, &foreign, &ours), ==, 0);
  g_assert_true (il_page_populate (data, 2 * page));
  g_assert_cmpuint (data[0], ==, 0);
  g_assert_cmpint (sigaction (SIGSEGV, &ours, NULL), ==, 0);
  munmap (data, 2 * page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  page = (gsize) sysconf (_SC_PAGESIZE);

  g_test_add_func ("/page-populate/keeps-bytes", test_populate_keeps_bytes);
  g_test_add_func ("/page-populate/unmapped", test_populate_unmapped);
  g_test_add_func ("/page-populate/range-going-away", test_populate_range_going_away);
  g_test_add_func ("/page-populate/other-faults-still-crash", test_other_faults_still_crash);
  g_test_add_func ("/page-populate/under-a-foreign-handler", test_populate_under_foreign_handler);

  return g_test_run ();
}
