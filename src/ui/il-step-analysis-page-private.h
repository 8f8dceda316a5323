/* il-step-analysis-page-private.h: what tests read of the step analysis page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-widget.h"
#include "il-step-analysis-page.h"

G_BEGIN_DECLS

/* The table's rows after sorting (for tests). */
GListModel *_il_step_analysis_page_get_model   (IlStepAnalysisPage *self);
/* The shown text of a cell (for tests): row in sorted order, column 0 = step. */
char       *_il_step_analysis_page_dup_cell    (IlStepAnalysisPage *self,
                                               guint               row,
                                               guint               column);

/* What a cell shows of the latency targets: the breach it marks and the change
 * against the previous period (NULL: none); the item outlives the call. */
const char *_il_step_analysis_page_get_cell_breach (IlStepAnalysisPage *self,
                                                    guint               row,
                                                    guint               column);
const char *_il_step_analysis_page_get_cell_change (IlStepAnalysisPage *self,
                                                    guint               row,
                                                    guint               column);
IlChartWidget *_il_step_analysis_page_get_box_plot (IlStepAnalysisPage *self);

G_END_DECLS
