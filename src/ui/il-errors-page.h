/* il-errors-page.h: the Error Analysis page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_TYPE_ERRORS_PAGE (il_errors_page_get_type ())
G_DECLARE_FINAL_TYPE (IlErrorsPage, il_errors_page, IL, ERRORS_PAGE, IlDashboardPage)

GtkWidget *il_errors_page_new       (void);
/* The most recent session (latest started_at) with a row of error group
 * group_index, or G_MAXUINT. */
guint      il_errors_page_find_session (IlErrorsPage *self,
                                        guint         group_index);
/* Activates win.show-session for that session (what the row's button does). */
void       il_errors_page_show_session (IlErrorsPage *self,
                                        guint         group_index);

/* The error filter over the error rows of the analysed range: steps and
 * messages to keep (NULL keeps all; a message list drops null messages),
 * created_at (started_at when null) in [from_us, to_us) (IL_TIME_NONE:
 * unbounded). What the filter controls do. */
void           il_errors_page_set_error_filter    (IlErrorsPage       *self,
                                                   const char * const *steps,
                                                   const char * const *messages,
                                                   gint64              from_us,
                                                   gint64              to_us);
/* The error rows passing the filter, in store order. */
const guint32 *il_errors_page_get_filtered_errors (IlErrorsPage       *self,
                                                   guint              *n_rows);
/* Saves the filtered error rows as CSV (what "Save Errors as CSV…" does after
 * the file chooser); emits save-finished (n_rows or -1, message) and shows a toast. */
void           il_errors_page_save_errors_csv     (IlErrorsPage       *self,
                                                   GFile              *file);

G_END_DECLS
