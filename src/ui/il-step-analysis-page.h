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

G_END_DECLS
