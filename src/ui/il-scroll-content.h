/* il-scroll-content.h: a scrolled window's content that keeps its viewport's clip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A viewport clips its content only while the content reaches past it:
 * GtkSnapshot leaves out a clip that would cut nothing. The frame in which
 * a page's content first grows past the window (a first load, a range with
 * more rows) then swaps the viewport's node for a clip node, which GTK
 * cannot compare with the node before, so it repaints the whole page in
 * that frame (7-10 ms without GL, on top of what changed).
 *
 * Holds one child and draws, besides it, a transparent pixel just above
 * its top, outside any viewport: the clip is always there, and a frame
 * repaints only what changed in it.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_SCROLL_CONTENT (il_scroll_content_get_type ())
G_DECLARE_FINAL_TYPE (IlScrollContent, il_scroll_content, IL, SCROLL_CONTENT, AdwBin)

/* Its child is AdwBin's "child". */
GtkWidget *il_scroll_content_new (void);

G_END_DECLS
