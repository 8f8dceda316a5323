/* il-page-populate.h: memory faulted in ahead of the frame that needs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Faults in the pages that hold [@data, @data + @size) as a write would,
 * in one call, and changes no byte: another thread may be using them. Fails
 * harmlessly where part of the range is not mapped (any more) and before
 * Linux 5.14; nothing beyond Linux. Returns whether all of it is in. */
gboolean il_page_populate (gconstpointer data,
                           gsize         size);

G_END_DECLS
