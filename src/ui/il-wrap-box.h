/* il-wrap-box.h: children in lines that wrap to the width, like words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_WRAP_BOX (il_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (IlWrapBox, il_wrap_box, IL, WRAP_BOX, GtkWidget)

/* A child with this CSS class always takes a line of its own. */
#define IL_WRAP_BOX_FULL_LINE "il-wrap-full-line"

GtkWidget *il_wrap_box_new            (void);
void       il_wrap_box_append         (IlWrapBox *self,
                                       GtkWidget *child);
/* How many children share the first line when the box is `width` wide. */
guint      il_wrap_box_get_line_length (IlWrapBox *self,
                                        int        width);

G_END_DECLS
