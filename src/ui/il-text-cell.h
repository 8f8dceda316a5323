/* il-text-cell.h: one line of text for list cells that are bound over and over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_TEXT_CELL (il_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (IlTextCell, il_text_cell, IL, TEXT_CELL, GtkWidget)

/* Like a single-line GtkLabel that ellipsizes at the end, styled as a label
 * ("label" CSS node; the "numeric" style class gives tabular figures), for
 * cells of list and column views. Its height is that of a line of its font,
 * whatever the text, and it asks for no width (it belongs in a column of a
 * fixed width), so setting the text only queues a redraw and measuring
 * shapes nothing: a list view lays out its 200 rows without shaping the
 * text of the rows out of sight, and the text is shaped when drawn. */
GtkWidget  *il_text_cell_new      (float       xalign);
void        il_text_cell_set_text (IlTextCell *self,
                                   const char *text);
const char *il_text_cell_get_text (IlTextCell *self);

G_END_DECLS
