/* il-slo-preferences-page.h: the latency targets in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_SLO_PREFERENCES_PAGE (il_slo_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (IlSloPreferencesPage, il_slo_preferences_page, IL, SLO_PREFERENCES_PAGE, AdwPreferencesPage)

/* Edits "slo-targets" as the user goes: every change is saved at once. */
GtkWidget *il_slo_preferences_page_new       (void);
/* The steps offered besides "every step" (the ones in the data shown);
 * when never set, the page asks the window it is transient for. */
void       il_slo_preferences_page_set_steps (IlSloPreferencesPage *self,
                                              const char *const    *steps);
/* Adds a target (what the Add button does) and returns its index. */
guint      il_slo_preferences_page_add       (IlSloPreferencesPage *self);

/* For tests: the rows' widgets of target @index. */
AdwComboRow *_il_slo_preferences_page_get_step_row      (IlSloPreferencesPage *self,
                                                         guint                 index);
AdwComboRow *_il_slo_preferences_page_get_statistic_row (IlSloPreferencesPage *self,
                                                         guint                 index);
GtkSpinButton *_il_slo_preferences_page_get_bound_spin  (IlSloPreferencesPage *self,
                                                         guint                 index);
GtkButton *_il_slo_preferences_page_get_remove_button   (IlSloPreferencesPage *self,
                                                         guint                 index);
/* TRUE when the page shows its empty state. */
gboolean   _il_slo_preferences_page_is_empty            (IlSloPreferencesPage *self);

G_END_DECLS
