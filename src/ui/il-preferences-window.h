/* il-preferences-window.h: Supabase credentials, analysis and refresh settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "il-config.h"

G_BEGIN_DECLS

#define IL_TYPE_PREFERENCES_WINDOW (il_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (IlPreferencesWindow, il_preferences_window, IL, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Signal "credentials-changed" (const char *url, const char *key): emitted
 * when the URL or key row is applied; @url is the normalized URL or NULL, @key
 * NULL when cleared. The key is then in the keyring (or kept for the session
 * when there is none). */
IlPreferencesWindow *il_preferences_window_new               (GtkWindow           *parent,
                                                              const IlConfig      *active);
void                 il_preferences_window_set_active_config (IlPreferencesWindow *self,
                                                              const IlConfig      *active);

G_END_DECLS
