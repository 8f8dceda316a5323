/* il-step-analysis-page.h: box plot, status donut and per-step statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_TYPE_STEP_ANALYSIS_PAGE (il_step_analysis_page_get_type ())
G_DECLARE_FINAL_TYPE (IlStepAnalysisPage, il_step_analysis_page, IL, STEP_ANALYSIS_PAGE, GtkWidget)

GtkWidget  *il_step_analysis_page_new         (void);
/* agg stays valid until the next call; NULL shows the empty state. */
void        il_step_analysis_page_set_data    (IlStepAnalysisPage *self,
                                               const IlAggregates *agg);
void        il_step_analysis_page_set_loading (IlStepAnalysisPage *self,
                                               gboolean            loading);
/* The table's rows after sorting (for tests). */
GListModel *il_step_analysis_page_get_model   (IlStepAnalysisPage *self);
/* The shown text of a cell (for tests): row in sorted order, column 0 = step. */
char       *il_step_analysis_page_dup_cell    (IlStepAnalysisPage *self,
                                               guint               row,
                                               guint               column);

G_END_DECLS
