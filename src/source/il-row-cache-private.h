/* il-row-cache-private.h: for tests and the fuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-cache.h"

G_BEGIN_DECLS

/* Rewrites every checksum of a cache file's bytes in place, so a test can
 * reach the checks behind them. FALSE when @len is too short for a header
 * and a section table. */
gboolean _il_row_cache_fix_checksums (guint8 *data,
                                      gsize   len);

G_END_DECLS
