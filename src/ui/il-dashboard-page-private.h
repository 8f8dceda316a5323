/* il-dashboard-page-private.h: for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

G_BEGIN_DECLS

/* Shows @snapshot without a dashboard (the page must have none). */
void _il_dashboard_page_set_snapshot (IlDashboardPage *self,
                                      IlSnapshot      *snapshot);

G_END_DECLS
