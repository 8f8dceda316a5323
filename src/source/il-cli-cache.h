/* il-cli-cache.h: the command line's fetch through the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "il-row-store.h"

G_BEGIN_DECLS

/* Loads the project's cache, refreshes it incrementally (a full fetch when
 * there is none or it is damaged; a damaged cache's message goes to @err),
 * saves the result and returns it: the rows a full fetch of @created_min
 * gives. Blocks, running the default main context. */
IlRowStore *il_cli_fetch_cached (const char  *url,
                                 const char  *key,
                                 gint64       created_min,
                                 FILE        *err,
                                 GError     **error);

G_END_DECLS
