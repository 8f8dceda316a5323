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

/* For a widget whose tooltip changes with the data (a status, a count):
 * like il_cell_set_tooltip(), and it also describes @widget to screen
 * readers, as GTK's own tooltip does. gtk_widget_set_tooltip_text() runs
 * GTK's tooltip logic as if the pointer had moved, wherever it is: a round
 * trip and a server grab on X11, and the tooltip of whatever widget is under
 * a resting pointer pops up (and its window is placed, more round trips)
 * with each live update. Here the shown tooltip is only asked again when the
 * pointer is on @widget. An empty text is none, as GTK has it. */
void        il_widget_set_tooltip_text (GtkWidget  *widget,
                                        const char *text);

G_END_DECLS
