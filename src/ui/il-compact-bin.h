/* il-compact-bin.h: a status page that turns compact when its room is short
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds one child (an AdwStatusPage) and gives it the "compact" style class
 * while the height it gets is less than the child's full-size natural
 * height: a short window then shows the icon, text and buttons whole rather
 * than cut by a scroll bar.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_COMPACT_BIN (il_compact_bin_get_type ())
G_DECLARE_FINAL_TYPE (IlCompactBin, il_compact_bin, IL, COMPACT_BIN, AdwBin)

/* Its child is AdwBin's "child". */
GtkWidget *il_compact_bin_new (void);

G_END_DECLS
