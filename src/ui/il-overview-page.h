/* il-overview-page.h: the Overview page (issue 7's performance overview)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_TYPE_OVERVIEW_PAGE (il_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (IlOverviewPage, il_overview_page, IL, OVERVIEW_PAGE, GtkWidget)

GtkWidget *il_overview_page_new      (void);
/* agg stays valid until the next call; NULL shows the empty state ("Loading…"
 * while loading is TRUE, else "No data"). */
void       il_overview_page_set_data (IlOverviewPage     *self,
                                      const IlAggregates *agg);
void       il_overview_page_set_loading (IlOverviewPage  *self,
                                         gboolean         loading);
/* The step the histogram shows (IL_STR_NONE: all). Setting it emits
 * "histogram-step-changed" (guint step) like the drop-down does; the owner
 * recomputes with IlAggregateOptions.histogram_step. */
IlStrId    il_overview_page_get_histogram_step (IlOverviewPage *self);
void       il_overview_page_set_histogram_step (IlOverviewPage *self,
                                                IlStrId         step);
/* The insight line's current text (for tests). */
const char *il_overview_page_get_insight (IlOverviewPage *self);

G_END_DECLS
