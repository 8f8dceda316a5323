/* il-status-badge.h: where the data comes from and how the last load went
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  IL_STATUS_NOT_CONFIGURED,
  IL_STATUS_DEMO,
  IL_STATUS_CONNECTING,
  IL_STATUS_CONNECTED,
  IL_STATUS_FAILED,
  IL_STATUS_NOT_LOADED,   /* a source is set but nothing was fetched yet */
  IL_STATUS_CANCELLED,    /* the last load was stopped; what is shown stays */
} IlStatus;

#define IL_TYPE_STATUS_BADGE (il_status_badge_get_type ())
G_DECLARE_FINAL_TYPE (IlStatusBadge, il_status_badge, IL, STATUS_BADGE, GtkWidget)

/* Signal "retry": the Retry button of the failed state was clicked. */
GtkWidget  *il_status_badge_new               (void);
IlStatus    il_status_badge_get_status        (IlStatusBadge *self);
void        il_status_badge_set_not_configured (IlStatusBadge *self);
void        il_status_badge_set_demo          (IlStatusBadge *self,
                                               guint64        n_rows);
/* total < 0: unknown */
void        il_status_badge_set_connecting    (IlStatusBadge *self,
                                               guint64        fetched,
                                               gint64         total);
void        il_status_badge_set_connected     (IlStatusBadge *self,
                                               guint64        n_rows,
                                               gint64         refreshed_us);
void        il_status_badge_set_failed        (IlStatusBadge *self,
                                               const char    *reason);
/* With a Refresh button (it emits "retry"). */
void        il_status_badge_set_not_loaded    (IlStatusBadge *self);
/* Neutral, with a Refresh button; n_shown: rows still shown (0: none). */
void        il_status_badge_set_cancelled     (IlStatusBadge *self,
                                               guint64        n_shown);
/* Says in the connected state whether the database computed the figures
 * or this computer did from downloaded rows; call after
 * il_status_badge_set_connected(). */
void        il_status_badge_set_server_side   (IlStatusBadge *self,
                                               gboolean       server_side);
/* Shows @advice (NULL: none) in the details of the connected state, with a
 * warning icon; call after il_status_badge_set_connected(). */
void        il_status_badge_set_advice        (IlStatusBadge *self,
                                               const char    *advice);

G_END_DECLS
