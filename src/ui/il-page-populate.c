/* il-page-populate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-page-populate.h"

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif
#endif

gboolean
il_page_populate (gconstpointer data,
                  gsize         size)
{
#ifdef __linux__
  guintptr page = (guintptr) sysconf (_SC_PAGESIZE);
  guintptr first = (guintptr) data / page * page;

  return size == 0 || madvise ((void *) first, (guintptr) data + size - first, MADV_POPULATE_WRITE) == 0;
#else
  return FALSE;
#endif
}
