/* il-supabase-range-private.h: the filter both span requests use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-supabase-range.h"

G_BEGIN_DECLS

void _il_supabase_append_range (GString     *q,
                                gint64       lo,
                                gint64       hi,
                                IlRangeRows  rows);

G_END_DECLS
