/* il-dashboard-page.h: the base of every page of the notebook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-dashboard.h"
#include "il-supabase-client.h"

G_BEGIN_DECLS

#define IL_TYPE_DASHBOARD_PAGE (il_dashboard_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (IlDashboardPage, il_dashboard_page, IL, DASHBOARD_PAGE, GtkWidget)

/* A page observes its dashboard's snapshot and holds the one it shows, so
 * whatever it draws stays alive as long as it is shown.
 *
 * When the page's template has a GtkStack named "stack" with "loading",
 * "empty" and "content" children, the base class shows the right one. */
struct _IlDashboardPageClass
{
  GtkWidgetClass parent_class;

  /* The page shows @snapshot now (NULL: nothing, or a hidden lazy page
   * letting go of the old data). */
  void     (*snapshot_changed) (IlDashboardPage *self,
                                IlSnapshot      *snapshot);

  /* TRUE for pages that take long to fill: they are filled when mapped (or
   * asked with il_dashboard_page_update), not while hidden. */
  gboolean lazy;

  /* The dashboard's state changed: il_dashboard_page_is_loading_first_data()
   * may say otherwise now (NULL: nothing to do). */
  void     (*state_changed)    (IlDashboardPage *self);

  /*< private >*/
  gpointer padding[7];
};

IlDashboard *il_dashboard_page_get_dashboard (IlDashboardPage *self);
void         il_dashboard_page_set_dashboard (IlDashboardPage *self,
                                              IlDashboard     *dashboard);
/* The snapshot the page shows (NULL: none). */
IlSnapshot  *il_dashboard_page_get_snapshot  (IlDashboardPage *self);
/* TRUE while the page has no snapshot because the first data is still on
 * its way (the dashboard is idle or loading): say "Loading…", not "no data". */
gboolean     il_dashboard_page_is_loading_first_data (IlDashboardPage *self);
/* Asks the window to show @session (an index into the shown store's
 * session_ids) in the session deep dive: activates "win.show-session" with
 * the session's id. */
void         il_dashboard_page_show_session  (IlDashboardPage *self,
                                              guint32          session);
/* The same for any session id, listed or not (the window fetches its rows
 * when the database computed the figures). */
void         il_dashboard_page_show_session_id (IlDashboardPage *self,
                                                const IlUuid    *session_id);
/* A client of the dashboard's Supabase source, for rows on demand; NULL
 * without one (demo data, no dashboard). */
IlSupabaseClient *il_dashboard_page_new_client (IlDashboardPage *self);
/* Fills a lazy page with its dashboard's snapshot if it is behind. */
void         il_dashboard_page_update        (IlDashboardPage *self);

G_END_DECLS
