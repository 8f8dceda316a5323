/* il-spinner.h: a "Loading…" spinner that only redraws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkSpinner turns by a CSS animation of its transform: every frame GTK
 * restyles it, and a transform moves it, so it asks for the window to be
 * laid out again. GTK 4.8 on X11 then asks the server for the window's
 * geometry and work area three times a frame (15 round trips), while the
 * spinner is on screen, which is while data loads and the other core is
 * busy. IlSpinner draws the same icon turned by the frame's time: a frame
 * it spins in only repaints it. It turns while spinning and on screen,
 * and holds still when the system asks for no animations.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_SPINNER (il_spinner_get_type ())
G_DECLARE_FINAL_TYPE (IlSpinner, il_spinner, IL, SPINNER, GtkWidget)

GtkWidget *il_spinner_new           (void);
void       il_spinner_set_spinning  (IlSpinner *self,
                                     gboolean   spinning);
gboolean   il_spinner_get_spinning  (IlSpinner *self);
/* Whether it turns now: spinning, on screen and animations allowed. */
gboolean   il_spinner_is_turning    (IlSpinner *self);
/* Its turn, in degrees, as of the last frame it turned in. */
double     il_spinner_get_angle     (IlSpinner *self);

G_END_DECLS
