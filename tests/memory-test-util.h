/* memory-test-util.h: which pages of this process are in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

/* How many of the whole pages in [@start, @start + @length) are in memory;
 * @n_pages gets how many whole pages that is. The range must be mapped. */
static inline gsize
resident_pages (guintptr start,
                gsize    length,
                gsize   *n_pages)
{
  guintptr page = (guintptr) sysconf (_SC_PAGESIZE);
  guintptr first = (start + page - 1) & ~(page - 1);
  guintptr end = (start + length) & ~(page - 1);
  g_autofree unsigned char *in_core = NULL;
  gsize n_resident = 0;

  *n_pages = end > first ? (end - first) / page : 0;
  in_core = g_malloc (MAX (*n_pages, 1));
  g_assert_cmpint (mincore ((void *) first, *n_pages * page, in_core), ==, 0);
  for (gsize p = 0; p < *n_pages; p++)
    n_resident += in_core[p] & 1;
  return n_resident;
}
