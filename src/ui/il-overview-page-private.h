/* il-overview-page-private.h: what tests read of the overview page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-overview-page.h"

G_BEGIN_DECLS

/* The insight line's current text (for tests). */
const char *_il_overview_page_get_insight (IlOverviewPage *self);

G_END_DECLS
