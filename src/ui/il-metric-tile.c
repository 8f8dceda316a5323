/* il-metric-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-cell-tooltip.h"
#include "il-fit-label.h"
#include "il-metric-tile.h"
#include "il-staged-reveal.h"

struct _IlMetricTile
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *value;
  GtkLabel  *caption;
  GtkWidget *change;          /* IlFitLabel */
  GtkWidget *breach_icon;
  char      *breach;
};

G_DEFINE_FINAL_TYPE (IlMetricTile, il_metric_tile, GTK_TYPE_WIDGET)

static void
il_metric_tile_dispose (GObject *object)
{
  IlMetricTile *self = IL_METRIC_TILE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->breach, g_free);
  G_OBJECT_CLASS (il_metric_tile_parent_class)->dispose (object);
}

static void
il_metric_tile_class_init (IlMetricTileClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_metric_tile_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ilmetrictile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
il_metric_tile_init (IlMetricTile *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  self->title = GTK_LABEL (gtk_label_new (NULL));
  self->value = GTK_LABEL (gtk_label_new ("—"));
  self->caption = GTK_LABEL (gtk_label_new (NULL));

  gtk_widget_add_css_class (GTK_WIDGET (self->title), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "dim-label");
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_xalign (self->value, 0);
  gtk_label_set_xalign (self->caption, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (self->caption, PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (self->value, TRUE);
  /* an empty caption keeps its line: tiles do not grow when data arrives */
  gtk_label_set_text (self->caption, " ");

  /* a breach is an icon next to the value, not only a colour */
  self->breach_icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->breach_icon, "error");
  gtk_widget_set_visible (self->breach_icon, FALSE);
  gtk_widget_set_valign (self->breach_icon, GTK_ALIGN_CENTER);
  self->change = il_fit_label_new ();
  gtk_widget_add_css_class (self->change, "caption");
  gtk_widget_add_css_class (self->change, "numeric");
  gtk_widget_set_visible (self->change, FALSE);

  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->value));
    gtk_box_append (GTK_BOX (row), self->breach_icon);
    gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));
    gtk_box_append (GTK_BOX (self->box), row);
  }
  {
    /* the change shares the caption's line: a tile is as tall with it as
     * without, loading or loaded */
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_widget_set_hexpand (GTK_WIDGET (self->caption), TRUE);
    gtk_widget_set_hexpand (self->change, TRUE);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->caption));
    gtk_box_append (GTK_BOX (row), self->change);
    gtk_box_append (GTK_BOX (self->box), row);
  }
}

/* An empty caption gives its place to the change, which then starts the line. */
static void
update_caption_line (IlMetricTile *self)
{
  gboolean empty = g_str_equal (gtk_label_get_text (self->caption), " ");

  gtk_widget_set_visible (GTK_WIDGET (self->caption), !empty || !gtk_widget_get_visible (self->change));
}

GtkWidget *
il_metric_tile_new (const char *title)
{
  IlMetricTile *self = g_object_new (IL_TYPE_METRIC_TILE, NULL);

  gtk_label_set_text (self->title, title);
  return GTK_WIDGET (self);
}

void
il_metric_tile_set_value (IlMetricTile *self,
                          const char   *value)
{
  gboolean appears;

  g_return_if_fail (IL_IS_METRIC_TILE (self));

  appears = value != NULL && g_str_equal (gtk_label_get_text (self->value), "—");
  gtk_label_set_text (self->value, value != NULL ? value : "—");
  /* the first figures draw glyphs never drawn before: in a frame of their own */
  if (appears)
    il_staged_reveal_add (GTK_WIDGET (self->value));
}

const char *
il_metric_tile_get_value (IlMetricTile *self)
{
  g_return_val_if_fail (IL_IS_METRIC_TILE (self), NULL);
  return gtk_label_get_text (self->value);
}

void
il_metric_tile_set_caption (IlMetricTile *self,
                            const char   *caption)
{
  g_return_if_fail (IL_IS_METRIC_TILE (self));
  gtk_label_set_text (self->caption, caption != NULL && caption[0] != '\0' ? caption : " ");
  update_caption_line (self);
}

void
il_metric_tile_set_change (IlMetricTile *self,
                           const char   *change,
                           const char   *short_change,
                           gboolean      better,
                           gboolean      worse)
{
  GtkWidget *label;

  g_return_if_fail (IL_IS_METRIC_TILE (self));

  label = self->change;
  il_fit_label_set_texts (IL_FIT_LABEL (label), change, short_change);
  gtk_widget_set_visible (label, change != NULL);
  update_caption_line (self);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, better ? "success" : worse ? "error" : "dim-label");
}

const char *
il_metric_tile_get_change (IlMetricTile *self)
{
  g_return_val_if_fail (IL_IS_METRIC_TILE (self), NULL);
  return gtk_widget_get_visible (self->change) ? il_fit_label_get_text (IL_FIT_LABEL (self->change)) : NULL;
}

gboolean
il_metric_tile_get_change_is_short (IlMetricTile *self)
{
  g_return_val_if_fail (IL_IS_METRIC_TILE (self), FALSE);
  return gtk_widget_get_visible (self->change) && il_fit_label_get_short (IL_FIT_LABEL (self->change));
}

void
il_metric_tile_set_breached (IlMetricTile *self,
                             const char   *description)
{
  g_return_if_fail (IL_IS_METRIC_TILE (self));

  if (g_strcmp0 (self->breach, description) == 0)
    return;
  g_free (self->breach);
  self->breach = g_strdup (description);
  gtk_widget_set_visible (self->breach_icon, description != NULL);
  il_widget_set_tooltip_text (self->breach_icon, description);
  if (description != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
il_metric_tile_get_breached (IlMetricTile *self)
{
  g_return_val_if_fail (IL_IS_METRIC_TILE (self), FALSE);
  return self->breach != NULL;
}
