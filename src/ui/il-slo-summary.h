/* il-slo-summary.h: the overview's list of latency targets and their status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-dashboard.h"

G_BEGIN_DECLS

#define IL_TYPE_SLO_SUMMARY (il_slo_summary_get_type ())
G_DECLARE_FINAL_TYPE (IlSloSummary, il_slo_summary, IL, SLO_SUMMARY, GtkWidget)

/* Follows the dashboard's IlSloBoard ("dashboard" property, bind it in a .ui). */
void         il_slo_summary_set_dashboard (IlSloSummary *self,
                                           IlDashboard  *dashboard);
IlDashboard *il_slo_summary_get_dashboard (IlSloSummary *self);

/* For tests: how many target rows are shown, and one row's texts. */
guint        _il_slo_summary_get_n_rows   (IlSloSummary *self);
/* title "llm_total · P95 ≤ 2 s", status ("Met", "Breached", "No data"),
 * and the subtitle with the value and when it was last met */
void         _il_slo_summary_get_row      (IlSloSummary *self,
                                           guint         index,
                                           const char  **title,
                                           const char  **status,
                                           const char  **subtitle);
gboolean     _il_slo_summary_is_empty     (IlSloSummary *self);

G_END_DECLS
