/* il-trend-page.h: the Trends page (mean latency per step over time)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_TYPE_TREND_PAGE (il_trend_page_get_type ())
G_DECLARE_FINAL_TYPE (IlTrendPage, il_trend_page, IL, TREND_PAGE, GtkWidget)

GtkWidget   *il_trend_page_new         (void);
/* agg stays valid until the next call; NULL shows the empty state. */
void         il_trend_page_set_data    (IlTrendPage        *self,
                                        const IlAggregates *agg);
void         il_trend_page_set_loading (IlTrendPage        *self,
                                        gboolean            loading);
/* The "bucket" property (an IlBucketSize as int), bound to the drop-down;
 * the owner recomputes the aggregates when it changes. */
IlBucketSize il_trend_page_get_bucket  (IlTrendPage        *self);
void         il_trend_page_set_bucket  (IlTrendPage        *self,
                                        IlBucketSize        bucket);
GtkWidget   *il_trend_page_get_chart   (IlTrendPage        *self);

G_END_DECLS
