/* il-compact-bin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-compact-bin.h"

struct _IlCompactBin
{
  AdwBin parent_instance;
  /* the child's natural height at full size, for the width it had then:
   * full size again only once the room holds that (a width that wraps its
   * text more makes it compact again in the next allocation) */
  int    full_height;
};

G_DEFINE_FINAL_TYPE (IlCompactBin, il_compact_bin, ADW_TYPE_BIN)

/* AdwBin keeps the child; its layout manager is dropped because GTK would
 * then allocate through it and never call size_allocate below. */
static void
il_compact_bin_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
}

static GtkSizeRequestMode
il_compact_bin_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
il_compact_bin_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  IlCompactBin *self = IL_COMPACT_BIN (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (self));

  if (child == NULL)
    return;

  /* The class takes effect in the next frame's restyle, and the room does
   * not depend on it: no back and forth. */
  if (!gtk_widget_has_css_class (child, "compact"))
    {
      int natural;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
      if (height < natural)
        {
          self->full_height = natural;
          gtk_widget_add_css_class (child, "compact");
        }
    }
  else if (height >= self->full_height)
    gtk_widget_remove_css_class (child, "compact");

  gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
il_compact_bin_class_init (IlCompactBinClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = il_compact_bin_measure;
  widget_class->size_allocate = il_compact_bin_size_allocate;
  widget_class->get_request_mode = il_compact_bin_get_request_mode;
}

static void
il_compact_bin_init (IlCompactBin *self)
{
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
}

GtkWidget *
il_compact_bin_new (void)
{
  return g_object_new (IL_TYPE_COMPACT_BIN, NULL);
}
