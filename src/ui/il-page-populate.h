/* il-page-populate.h: memory faulted in ahead of the frame that needs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Faults in the pages that hold [@data, @data + @size) as a write would,
 * in one call, then reads a byte of each, and changes no byte: another
 * thread may be using them. The read is for virtual machines that shadow
 * the guest's page tables: a page the kernel faulted in is mapped for the
 * process only once the process itself touches it, and then the host
 * faults, invisibly, in whichever thread touches it first (a 5 MB memset
 * after a populate took 6 ms, 0.2 ms after a populate and a read).
 * The read is left out where another SIGSEGV handler was set since the
 * first call. Fails harmlessly where part of the range is not mapped (any
 * more), even when it goes while being read, and before Linux 5.14; does
 * nothing beyond Linux. Returns whether all of it is in. */
gboolean il_page_populate (gconstpointer data,
                           gsize         size);

G_END_DECLS
