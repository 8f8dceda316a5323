/* il-overview-page.h: the Overview page (the performance overview)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

G_BEGIN_DECLS

#define IL_TYPE_OVERVIEW_PAGE (il_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (IlOverviewPage, il_overview_page, IL, OVERVIEW_PAGE, IlDashboardPage)

GtkWidget *il_overview_page_new      (void);
/* The step the histogram shows (IL_STR_NONE: all). Setting it, like the
 * drop-down does, makes the dashboard recompute with that histogram step. */
IlStrId    il_overview_page_get_histogram_step (IlOverviewPage *self);
void       il_overview_page_set_histogram_step (IlOverviewPage *self,
                                                IlStrId         step);

G_END_DECLS
