/* il-scroll-passthrough.h: a table inside a scrolled page leaves the wheel to the page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     il_scroll_passthrough_attach  (GtkScrolledWindow *inner);
/* What a vertical wheel step of `dy` over `inner` does: TRUE when the page
 * around it scrolled instead of `inner` (for tests). */
gboolean _il_scroll_passthrough_scroll (GtkScrolledWindow *inner,
                                        double             dy);

G_END_DECLS
