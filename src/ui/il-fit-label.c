/* il-fit-label.c: a line of text with a shorter form for narrow widths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-fit-label.h"

struct _IlFitLabel
{
  GtkWidget  parent_instance;

  GtkLabel  *long_label;
  GtkLabel  *short_label;
  gboolean   showing_short;
};

G_DEFINE_FINAL_TYPE (IlFitLabel, il_fit_label, GTK_TYPE_WIDGET)

static void
il_fit_label_dispose (GObject *object)
{
  IlFitLabel *self = IL_FIT_LABEL (object);

  if (self->long_label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->long_label));
  if (self->short_label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->short_label));
  self->long_label = NULL;
  self->short_label = NULL;
  G_OBJECT_CLASS (il_fit_label_parent_class)->dispose (object);
}

/* At least the short text's minimum, at best the whole long text. */
static void
il_fit_label_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  IlFitLabel *self = IL_FIT_LABEL (widget);
  int long_min, long_nat, short_min, short_nat;

  gtk_widget_measure (GTK_WIDGET (self->long_label), orientation, -1, &long_min, &long_nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->short_label), orientation, -1, &short_min, &short_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN (long_min, short_min);
      *natural = long_nat;
    }
  else
    {
      /* one line of the same font either way */
      *minimum = MAX (long_min, short_min);
      *natural = MAX (long_nat, short_nat);
    }
}

static void
il_fit_label_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  IlFitLabel *self = IL_FIT_LABEL (widget);
  int long_nat;
  gboolean fits;

  gtk_widget_measure (GTK_WIDGET (self->long_label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &long_nat, NULL, NULL);
  fits = long_nat <= width;
  self->showing_short = !fits;
  /* child-visible, not visible: choosing does not queue another resize */
  gtk_widget_set_child_visible (GTK_WIDGET (self->long_label), fits);
  gtk_widget_set_child_visible (GTK_WIDGET (self->short_label), !fits);
  gtk_widget_allocate (GTK_WIDGET (fits ? self->long_label : self->short_label), width, height, baseline, NULL);
}

static void
il_fit_label_class_init (IlFitLabelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_fit_label_dispose;
  widget_class->measure = il_fit_label_measure;
  widget_class->size_allocate = il_fit_label_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "ilfitlabel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
make_label (IlFitLabel *self)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (label, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (label), GTK_WIDGET (self));
  return label;
}

static void
il_fit_label_init (IlFitLabel *self)
{
  self->long_label = make_label (self);
  self->short_label = make_label (self);
  gtk_widget_set_child_visible (GTK_WIDGET (self->short_label), FALSE);
}

GtkWidget *
il_fit_label_new (void)
{
  return g_object_new (IL_TYPE_FIT_LABEL, NULL);
}

void
il_fit_label_set_texts (IlFitLabel *self,
                        const char *long_text,
                        const char *short_text)
{
  g_return_if_fail (IL_IS_FIT_LABEL (self));

  gtk_label_set_text (self->long_label, long_text != NULL ? long_text : "");
  gtk_label_set_text (self->short_label, short_text != NULL ? short_text : long_text != NULL ? long_text : "");
}

const char *
il_fit_label_get_text (IlFitLabel *self)
{
  g_return_val_if_fail (IL_IS_FIT_LABEL (self), NULL);
  return gtk_label_get_text (self->long_label);
}

gboolean
il_fit_label_get_short (IlFitLabel *self)
{
  g_return_val_if_fail (IL_IS_FIT_LABEL (self), FALSE);
  return self->showing_short;
}
