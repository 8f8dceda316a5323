/* il-text-cell.c: one line of text for list cells that are bound over and over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-text-cell.h"

struct _IlTextCell
{
  GtkWidget    parent_instance;
  char        *text;
  float        xalign;
  PangoLayout *layout;        /* made when first drawn or measured across */
  int          line_height;   /* -1: not known yet */
  guint        line_serial;   /* of the Pango context it was found for */
};

G_DEFINE_FINAL_TYPE (IlTextCell, il_text_cell, GTK_TYPE_WIDGET)

/* The height of a line of text by font, shared by every cell: finding it
 * takes shaping, which is what these cells save. */
static GHashTable *line_heights;
static PangoFontDescription *last_font;
static double last_resolution;
static int last_height;

static int
get_line_height (IlTextCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  g_autofree char *font = NULL;
  char *key;
  gpointer height;

  if (self->line_height >= 0 && self->line_serial == serial)
    return self->line_height;
  /* most cells share the last cell's font */
  if (last_font != NULL && pango_font_description_equal (last_font, pango_context_get_font_description (context))
      && last_resolution == pango_cairo_context_get_resolution (context))
    {
      self->line_height = last_height;
      self->line_serial = serial;
      return last_height;
    }

  font = pango_font_description_to_string (pango_context_get_font_description (context));
  key = g_strdup_printf ("%s@%g", font, pango_cairo_context_get_resolution (context));
  if (line_heights == NULL)
    line_heights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (line_heights, key, NULL, &height))
    g_free (key);
  else
    {
      g_autoptr(PangoLayout) sample = pango_layout_new (context);
      int h;

      pango_layout_set_text (sample, "0", -1);
      pango_layout_get_pixel_size (sample, NULL, &h);
      height = GINT_TO_POINTER (h);
      g_hash_table_insert (line_heights, key, height);
    }
  self->line_height = GPOINTER_TO_INT (height);
  self->line_serial = serial;
  g_clear_pointer (&last_font, pango_font_description_free);
  last_font = pango_font_description_copy (pango_context_get_font_description (context));
  last_resolution = pango_cairo_context_get_resolution (context);
  last_height = self->line_height;
  return self->line_height;
}

static PangoLayout *
ensure_layout (IlTextCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      /* the style class's tabular figures, which GtkLabel takes from CSS
       * through API that is not public */
      if (gtk_widget_has_css_class (GTK_WIDGET (self), "numeric"))
        {
          g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attrs);
        }
    }
  return self->layout;
}

static void
il_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  IlTextCell *self = IL_TEXT_CELL (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* one line, whatever the text (a fallback font's taller glyphs are
       * drawn centred on it) */
      *minimum = *natural = get_line_height (self);
      return;
    }

  /* no width of its own: the column's, which a new text leaves alone */
  *minimum = *natural = 0;
}

static void
il_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  IlTextCell *self = IL_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  float xalign = self->xalign;
  float x;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  layout = ensure_layout (self);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1 - xalign;
  /* a layout with a width places its line by its alignment: from the left */
  x = MAX (0, xalign * (width - logical.width)) - logical.x;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, floorf ((height - logical.height) / 2.0f)));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
il_text_cell_finalize (GObject *object)
{
  IlTextCell *self = IL_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (il_text_cell_parent_class)->finalize (object);
}

static void
il_text_cell_class_init (IlTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = il_text_cell_finalize;
  widget_class->measure = il_text_cell_measure;
  widget_class->snapshot = il_text_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
il_text_cell_init (IlTextCell *self)
{
  self->line_height = -1;
}

GtkWidget *
il_text_cell_new (float xalign)
{
  IlTextCell *self = g_object_new (IL_TYPE_TEXT_CELL, NULL);

  self->xalign = xalign;
  return GTK_WIDGET (self);
}

void
il_text_cell_set_text (IlTextCell *self,
                       const char *text)
{
  g_return_if_fail (IL_IS_TEXT_CELL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  /* the height stays a line's: only the natural width changes */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
il_text_cell_get_text (IlTextCell *self)
{
  g_return_val_if_fail (IL_IS_TEXT_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}
