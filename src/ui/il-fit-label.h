/* il-fit-label.h: a line of text with a shorter form for narrow widths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows its long text when the width it gets holds it whole, else its short
 * text (ellipsized when even that does not fit). Its height is one line
 * either way, so a narrower window never makes it taller.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_FIT_LABEL (il_fit_label_get_type ())
G_DECLARE_FINAL_TYPE (IlFitLabel, il_fit_label, IL, FIT_LABEL, GtkWidget)

GtkWidget  *il_fit_label_new        (void);
/* @short_text NULL: the long text, ellipsized when narrow. */
void        il_fit_label_set_texts  (IlFitLabel *self,
                                     const char *long_text,
                                     const char *short_text);
const char *il_fit_label_get_text   (IlFitLabel *self);
/* TRUE when the last allocation showed the short text. */
gboolean    il_fit_label_get_short  (IlFitLabel *self);

G_END_DECLS
