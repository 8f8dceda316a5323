/* il-main-window-private.h: what tests look at in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-main-window.h"

G_BEGIN_DECLS

/* "pages", or "unavailable" when nothing could be loaded (for tests). */
const char         *_il_main_window_get_visible_view (IlMainWindow *self);
/* The reason shown while the view is "unavailable" (for tests). */
const char         *_il_main_window_get_unavailable_reason (IlMainWindow *self);
IlStatusBadge      *_il_main_window_get_status_badge (IlMainWindow *self);
/* The error bar's message, NULL when it is hidden (for tests). */
const char         *_il_main_window_get_error_message (IlMainWindow *self);
/* The message of the last toast shown (NULL: none yet). */
const char         *_il_main_window_get_last_toast (IlMainWindow   *self);
/* Seconds between automatic refreshes while the timer is armed, else 0
 * ("auto-refresh-minutes" is 0 or the source is not Supabase). */
guint               _il_main_window_get_auto_refresh_interval (IlMainWindow *self);
/* Does what the auto-refresh timer does when it fires: a fetch, unless one runs. */
void                _il_main_window_run_auto_refresh (IlMainWindow *self);

G_END_DECLS
