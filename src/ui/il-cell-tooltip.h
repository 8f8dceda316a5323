/* il-cell-tooltip.h: tooltips for list cells that are bound over and over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Like gtk_widget_set_tooltip_text(), for cells of list and column views:
 * the text is only stored and handed out when a tooltip is asked for.
 * gtk_widget_set_tooltip_text() re-queries the pointer on every call (a round
 * trip to the display server in GTK 4.8), which made rebinding a few hundred
 * cells take 100+ ms. NULL removes the tooltip. */
void        il_cell_set_tooltip (GtkWidget  *cell,
                                 const char *text);
const char *il_cell_get_tooltip (GtkWidget  *cell);

/* gtk_widget_set_tooltip_text() when @text differs from @widget's tooltip
 * (an empty text is none, as GTK has it): a status that is set again on
 * every load or update costs no round trip then. */
void        il_widget_set_tooltip_text (GtkWidget  *widget,
                                        const char *text);

G_END_DECLS
