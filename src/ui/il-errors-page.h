/* il-errors-page.h: the Error Analysis page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-aggregates.h"

G_BEGIN_DECLS

#define IL_TYPE_ERRORS_PAGE (il_errors_page_get_type ())
G_DECLARE_FINAL_TYPE (IlErrorsPage, il_errors_page, IL, ERRORS_PAGE, GtkWidget)

GtkWidget *il_errors_page_new       (void);
/* store and agg stay valid until the next call; NULLs empty the page. */
void       il_errors_page_set_data  (IlErrorsPage       *self,
                                     IlRowStore         *store,
                                     const IlAggregates *agg);
/* The most recent session (latest started_at) with a row of error group
 * group_index, or G_MAXUINT. */
guint      il_errors_page_find_session (IlErrorsPage *self,
                                        guint         group_index);
/* Emits show-session for that session (what the row's button does). */
void       il_errors_page_show_session (IlErrorsPage *self,
                                        guint         group_index);

G_END_DECLS
