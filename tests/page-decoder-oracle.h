/* page-decoder-oracle.h: the streaming page decoder checked against json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

/* Both decoders on the same bytes. When the streaming decoder is sure,
 * json-glib must read the page without error into the same batch; the public
 * entry point always gives json-glib's result, error message included.
 * Returns whether the streaming decoder was sure. */
gboolean decoders_agree (const char *data,
                         gsize       len);
