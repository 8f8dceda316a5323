/* il-latency-heatmap-page.h: the Heatmap page (mean latency per step x turn)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

G_BEGIN_DECLS

#define IL_TYPE_LATENCY_HEATMAP_PAGE (il_latency_heatmap_page_get_type ())
G_DECLARE_FINAL_TYPE (IlLatencyHeatmapPage, il_latency_heatmap_page, IL, LATENCY_HEATMAP_PAGE, IlDashboardPage)

GtkWidget *il_latency_heatmap_page_new         (void);
GtkWidget *il_latency_heatmap_page_get_chart   (IlLatencyHeatmapPage *self);

G_END_DECLS
