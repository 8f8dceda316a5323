/* il-compact-bin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-compact-bin.h"

struct _IlCompactBin
{
  GtkWidget  parent_instance;
  GtkWidget *child;
  /* the child's natural height at full size, for the width it had then:
   * full size again only once the room holds that (a width that wraps its
   * text more makes it compact again in the next allocation) */
  int        full_height;
};

G_DEFINE_FINAL_TYPE (IlCompactBin, il_compact_bin, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CHILD, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
il_compact_bin_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  IlCompactBin *self = IL_COMPACT_BIN (widget);

  if (self->child != NULL)
    gtk_widget_measure (self->child, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
il_compact_bin_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  IlCompactBin *self = IL_COMPACT_BIN (widget);

  if (self->child == NULL)
    return;

  /* The class takes effect in the next frame's restyle, and the room does
   * not depend on it: no back and forth. */
  if (!gtk_widget_has_css_class (self->child, "compact"))
    {
      int natural;

      gtk_widget_measure (self->child, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
      if (height < natural)
        {
          self->full_height = natural;
          gtk_widget_add_css_class (self->child, "compact");
        }
    }
  else if (height >= self->full_height)
    gtk_widget_remove_css_class (self->child, "compact");

  gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
il_compact_bin_get_request_mode (GtkWidget *widget)
{
  IlCompactBin *self = IL_COMPACT_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
il_compact_bin_dispose (GObject *object)
{
  IlCompactBin *self = IL_COMPACT_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (il_compact_bin_parent_class)->dispose (object);
}

static void
il_compact_bin_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, IL_COMPACT_BIN (object)->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_compact_bin_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CHILD:
      il_compact_bin_set_child (IL_COMPACT_BIN (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_compact_bin_class_init (IlCompactBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_compact_bin_dispose;
  object_class->get_property = il_compact_bin_get_property;
  object_class->set_property = il_compact_bin_set_property;
  widget_class->measure = il_compact_bin_measure;
  widget_class->size_allocate = il_compact_bin_size_allocate;
  widget_class->get_request_mode = il_compact_bin_get_request_mode;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
il_compact_bin_init (IlCompactBin *self)
{
}

GtkWidget *
il_compact_bin_new (void)
{
  return g_object_new (IL_TYPE_COMPACT_BIN, NULL);
}

void
il_compact_bin_set_child (IlCompactBin *self,
                          GtkWidget    *child)
{
  g_return_if_fail (IL_IS_COMPACT_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
il_compact_bin_get_child (IlCompactBin *self)
{
  g_return_val_if_fail (IL_IS_COMPACT_BIN (self), NULL);

  return self->child;
}
