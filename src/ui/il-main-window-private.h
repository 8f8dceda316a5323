/* il-main-window-private.h: what the il-main-window*.c files and the tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-dashboard.h"
#include "il-error-bar.h"
#include "il-main-window.h"
#include "il-metric-tile.h"
#include "il-status-badge.h"
#include "il-wrap-box.h"

G_BEGIN_DECLS

struct _IlMainWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  IlStatusBadge        *status_badge;
  GtkButton            *refresh_button;
  GtkToggleButton      *all_data_button;
  GtkSpinButton        *days_spin;
  GtkMenuButton        *range_button;
  AdwToastOverlay      *toast_overlay;
  IlWrapBox            *tiles_box;
  GtkLabel             *skipped_label;
  GtkNotebook          *notebook;
  GtkStack             *main_stack;
  AdwStatusPage        *unavailable_page;
  IlErrorBar           *error_bar;
  GtkWidget            *unavailable_preferences_button;
  GtkWidget            *unavailable_retry_button;

  IlMetricTile         *tiles[IL_N_TILES];
  GtkWidget            *pages[IL_N_PAGES];

  GSettings            *settings;
  gboolean              syncing_range;   /* the range controls are being set */
  IlDashboard          *dashboard;
  char                 *last_toast;
  char                 *config_problem;  /* what a half-made configuration lacks */

  /* what the pages show */
  IlSnapshot           *snapshot;
};

/* "pages", or "unavailable" when nothing could be loaded (for tests). */
const char         *_il_main_window_get_visible_view (IlMainWindow *self);
/* The reason shown while the view is "unavailable" (for tests). */
const char         *_il_main_window_get_unavailable_reason (IlMainWindow *self);
IlStatusBadge      *_il_main_window_get_status_badge (IlMainWindow *self);
/* The error bar's message, NULL when it is hidden (for tests). */
const char         *_il_main_window_get_error_message (IlMainWindow *self);
/* The message of the last toast shown (NULL: none yet). */
const char         *_il_main_window_get_last_toast (IlMainWindow   *self);
/* Seconds between live ticks while the timer is armed, else 0. */
guint               _il_main_window_get_auto_refresh_interval (IlMainWindow *self);
/* Does what the live timer does when it fires: a quiet incremental
 * refresh, unless a load runs. */
void                _il_main_window_run_auto_refresh (IlMainWindow *self);
IlDashboard        *_il_main_window_get_dashboard (IlMainWindow *self);

/* il-main-window-state.c */
void                _il_main_window_update_busy (IlMainWindow *self);
gboolean            _il_main_window_show_unavailable (IlMainWindow *self,
                                                      const char   *title,
                                                      const char   *reason,
                                                      gboolean      failed,
                                                      gboolean      offer_preferences);
void                _il_main_window_on_state_changed (IlMainWindow *self);
void                _il_main_window_on_refreshed (IlMainWindow *self);
void                _il_main_window_on_progress_changed (IlMainWindow *self);

/* il-main-window-live.c */
void                _il_main_window_live_class_init (GtkWidgetClass *widget_class);
void                _il_main_window_live_init      (IlMainWindow   *self);
/* "Updated 5 s ago" for an age of @seconds. */
char               *_il_main_window_format_updated (gint64          seconds);
/* The header's subtitle: how old the data is ("" before the first fetch). */
const char         *_il_main_window_get_updated_text (IlMainWindow *self);
GtkToggleButton    *_il_main_window_get_live_button (IlMainWindow  *self);

G_END_DECLS
