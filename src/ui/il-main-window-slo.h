/* il-main-window-slo.h: the window's part of the latency targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-metric-tile.h"
#include "il-slo-board.h"

G_BEGIN_DECLS

/* Marks the key-metric tiles (IL_N_TILES of them, IlTile order) with the
 * breached targets of @view and the change against its previous period. */
void        _il_main_window_slo_update_tiles (IlMetricTile      **tiles,
                                              const IlSloView    *view);
/* Sends the desktop notification of a target that broke. */
void        _il_main_window_slo_notify       (GtkWindow          *window,
                                              const IlSloResult  *result);
/* The title of the last notification sent for @window (for tests). */
const char *_il_main_window_slo_get_last_notification (GtkWindow *window);

G_END_DECLS
