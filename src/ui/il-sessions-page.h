/* il-sessions-page.h: the Session Deep Dive page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard-page.h"

#include "il-aggregates.h"
#include "il-row-list-model.h"

G_BEGIN_DECLS

#define IL_TYPE_SESSIONS_PAGE (il_sessions_page_get_type ())
G_DECLARE_FINAL_TYPE (IlSessionsPage, il_sessions_page, IL, SESSIONS_PAGE, IlDashboardPage)

GtkWidget             *il_sessions_page_new            (void);
/* Selects the session (index into store->session_ids), clearing the search. */
void                   il_sessions_page_select_session (IlSessionsPage     *self,
                                                        guint32             session);
/* The selected session, or G_MAXUINT32. */
guint32                il_sessions_page_get_selected_session (IlSessionsPage *self);
/* Shows the session with that id: selected in the list when it is there,
 * else (when the database computed the figures) its rows are fetched. */
void                   il_sessions_page_show_session_id (IlSessionsPage *self,
                                                         const IlUuid   *session_id);
/* TRUE when the snapshot shown has no rows (the database computed it). */
gboolean               il_sessions_page_rows_are_remote (IlSessionsPage *self);
/* Searches sessions by id prefix (what the search entry does). */
void                   il_sessions_page_set_search     (IlSessionsPage     *self,
                                                        const char         *text);
/* Number of sessions listed after the search. */
guint                  il_sessions_page_get_n_listed   (IlSessionsPage     *self);

G_END_DECLS
