/* il-error-bar.h: why the last load failed, with Retry and Open Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_ERROR_BAR (il_error_bar_get_type ())
G_DECLARE_FINAL_TYPE (IlErrorBar, il_error_bar, IL, ERROR_BAR, GtkWidget)

GtkWidget *il_error_bar_new       (void);
/* Shows @message; "Open Preferences" only when @offer_preferences (the URL or
 * the key is the problem), Retry only when @offer_retry. */
void       il_error_bar_show      (IlErrorBar *self,
                                   const char *message,
                                   gboolean    offer_preferences,
                                   gboolean    offer_retry);
void       il_error_bar_hide      (IlErrorBar *self);
const char *il_error_bar_get_message (IlErrorBar *self);

/* Whether the error is one the user fixes in Preferences: a missing or bad
 * URL, a host name that does not resolve, or a key the server rejects. */
gboolean   il_error_needs_preferences (const GError *error);

G_END_DECLS
