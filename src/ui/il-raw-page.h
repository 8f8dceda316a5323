/* il-raw-page.h: the Raw Data page (every row, filters, Save as CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

#include "il-aggregates.h"
#include "il-row-list-model.h"

G_BEGIN_DECLS

#define IL_TYPE_RAW_PAGE (il_raw_page_get_type ())
G_DECLARE_FINAL_TYPE (IlRawPage, il_raw_page, IL, RAW_PAGE, IlDashboardPage)

GtkWidget      *il_raw_page_new       (void);
/* Page filters on top of the range: step / status names (NULL: all), latency bounds
 * (-INFINITY / INFINITY for none). The same as the controls do. */
void            il_raw_page_set_filter (IlRawPage          *self,
                                        const char * const *steps,
                                        const char * const *statuses,
                                        double              min_latency_ms,
                                        double              max_latency_ms);
/* Selects the row at position and activates win.show-session for it. */
void            il_raw_page_show_session_at (IlRawPage *self,
                                             guint      position);
/* Writes the shown (filtered) rows, or every row of the range, as CSV, with a
 * progress bar and a toast at the end. */
void            il_raw_page_save_csv  (IlRawPage         *self,
                                       GFile             *file,
                                       gboolean           filtered);

/* TRUE while a new snapshot's rows are sorted in a thread, before they show. */
gboolean        il_raw_page_is_sorting (IlRawPage        *self);

G_END_DECLS
