/* il-compute-preferences-group.h: where the figures are computed, in the
 * preferences' Data page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_COMPUTE_PREFERENCES_GROUP (il_compute_preferences_group_get_type ())
G_DECLARE_FINAL_TYPE (IlComputePreferencesGroup, il_compute_preferences_group, IL, COMPUTE_PREFERENCES_GROUP,
                      AdwPreferencesGroup)

/* Bound to the app's settings "compute-mode" and "server-side-threshold":
 * a change applies at once. */
GtkWidget *il_compute_preferences_group_new   (void);
/* Asks the project at @url whether interview_latency_summary is installed
 * and says so in the group (with the SQL file to run when it is not). The
 * group does it by itself when shown in a window over the main window with
 * a Supabase source. */
void       il_compute_preferences_group_check (IlComputePreferencesGroup *self,
                                               const char                *url,
                                               const char                *key);
/* What the group says about the function, "" before a check (for tests). */
const char *_il_compute_preferences_group_get_status (IlComputePreferencesGroup *self);

G_END_DECLS
