/* il-step-analysis-page.h: box plot, status donut and per-step statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

G_BEGIN_DECLS

#define IL_TYPE_STEP_ANALYSIS_PAGE (il_step_analysis_page_get_type ())
G_DECLARE_FINAL_TYPE (IlStepAnalysisPage, il_step_analysis_page, IL, STEP_ANALYSIS_PAGE, IlDashboardPage)

GtkWidget  *il_step_analysis_page_new         (void);
/* The table's rows after sorting (for tests). */
GListModel *il_step_analysis_page_get_model   (IlStepAnalysisPage *self);
/* The shown text of a cell (for tests): row in sorted order, column 0 = step. */
char       *il_step_analysis_page_dup_cell    (IlStepAnalysisPage *self,
                                               guint               row,
                                               guint               column);

G_END_DECLS
