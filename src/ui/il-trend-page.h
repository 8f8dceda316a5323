/* il-trend-page.h: the Trends page (mean latency per step over time)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

G_BEGIN_DECLS

#define IL_TYPE_TREND_PAGE (il_trend_page_get_type ())
G_DECLARE_FINAL_TYPE (IlTrendPage, il_trend_page, IL, TREND_PAGE, IlDashboardPage)

GtkWidget   *il_trend_page_new         (void);
/* The "bucket" property (an IlBucketSize as int), bound to the drop-down
 * and to the dashboard's "trend-bucket". */
IlBucketSize il_trend_page_get_bucket  (IlTrendPage        *self);
void         il_trend_page_set_bucket  (IlTrendPage        *self,
                                        IlBucketSize        bucket);
GtkWidget   *il_trend_page_get_chart   (IlTrendPage        *self);
/* A click at (x, y) in the chart: hides or shows the series whose legend
 * entry is there; FALSE when none is. */
gboolean     il_trend_page_legend_click (IlTrendPage       *self,
                                         double             x,
                                         double             y);

G_END_DECLS
