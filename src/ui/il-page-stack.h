/* il-page-stack.h: the loading / empty / content states of a chart page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-aggregates.h"

G_BEGIN_DECLS

/* Shows the stack's "content" child when @agg has rows, "loading" while the
 * first data is on its way, "empty" otherwise (never zeros for no data). */
void il_page_stack_update (GtkStack           *stack,
                           const IlAggregates *agg,
                           gboolean            loading);

G_END_DECLS
