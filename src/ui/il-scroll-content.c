/* il-scroll-content.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-scroll-content.h"

struct _IlScrollContent
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IlScrollContent, il_scroll_content, ADW_TYPE_BIN)

static void
il_scroll_content_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  GTK_WIDGET_CLASS (il_scroll_content_parent_class)->snapshot (widget, snapshot);
  /* Above the top: a viewport never shows it, whatever its scroll. An
   * equal node in each frame, so it never counts as a change. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0 }, &GRAPHENE_RECT_INIT (0, -1, 1, 1));
}

static void
il_scroll_content_class_init (IlScrollContentClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = il_scroll_content_snapshot;
}

static void
il_scroll_content_init (IlScrollContent *self)
{
}

GtkWidget *
il_scroll_content_new (void)
{
  return g_object_new (IL_TYPE_SCROLL_CONTENT, NULL);
}
