/* il-diagnostics-window.h: the original's connection checks, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "il-config.h"

G_BEGIN_DECLS

#define IL_TYPE_DIAGNOSTICS_WINDOW (il_diagnostics_window_get_type ())
G_DECLARE_FINAL_TYPE (IlDiagnosticsWindow, il_diagnostics_window, IL, DIAGNOSTICS_WINDOW, AdwWindow)

/* A new window, modal to parent (may be NULL), that starts the checks of
 * config (copied; NULL means no configuration) at once. */
IlDiagnosticsWindow *il_diagnostics_window_new         (GtkWindow           *parent,
                                                        const IlConfig      *config);
/* Opens the window and runs the checks (what the menu entry does). */
void                 il_diagnostics_window_present     (GtkWindow           *parent,
                                                        const IlConfig      *config);
/* TRUE while the checks run. */
gboolean             il_diagnostics_window_get_running (IlDiagnosticsWindow *self);
/* Runs the checks again. */
void                 il_diagnostics_window_rerun       (IlDiagnosticsWindow *self);

G_END_DECLS
