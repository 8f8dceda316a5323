/* il-toast.h: non-blocking messages in the window's toast overlay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in the nearest AdwToastOverlay above @widget; logs it when
 * there is none (e.g. a page shown on its own in a test). */
void il_show_toast (GtkWidget  *widget,
                    const char *message);

G_END_DECLS
