/* il-wrap-box.c: children in lines that wrap to the width, like words
 *
 * libadwaita 1.2 has neither AdwBreakpoint nor AdwWrapBox, and GtkFlowBox
 * lines its children up in columns. This box puts as many children on a line
 * as fit and moves the rest to the next lines, so metric tiles, two-column
 * chart grids and toolbars reflow when the window is narrow.
 *
 * Homogeneous: every child of a line gets the same width, at least
 * min-child-width; the lines are balanced (six tiles that do not fit on one
 * line go three and three, not five and one). Otherwise children keep their
 * natural width and the room left in a line goes to children that expand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-wrap-box.h"

struct _IlWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  int       row_spacing;
  int       min_child_width;
  gboolean  homogeneous;
};

enum
{
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  PROP_MIN_CHILD_WIDTH,
  PROP_HOMOGENEOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void il_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IlWrapBox, il_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, il_wrap_box_buildable_init))

static GtkBuildableIface *parent_buildable;

typedef struct
{
  GtkWidget *widget;
  int        x, width;
  guint      line;
} Placed;

typedef struct
{
  int min, nat;
} LineHeight;

static gboolean
is_full_line (GtkWidget *child)
{
  return gtk_widget_has_css_class (child, IL_WRAP_BOX_FULL_LINE);
}

static GPtrArray *
visible_children (IlWrapBox *self)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      g_ptr_array_add (children, c);
  return children;
}

static int
child_width (GtkWidget *child,
             gboolean   natural)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return natural ? nat : min;
}

/* The width every child of a homogeneous box gets at least. */
static int
cell_width (IlWrapBox *self,
            GPtrArray *children,
            gboolean   natural)
{
  int w = self->min_child_width;

  for (guint i = 0; i < children->len; i++)
    if (!is_full_line (children->pdata[i]))
      w = MAX (w, child_width (children->pdata[i], natural && self->min_child_width <= 0));
  return MAX (w, 1);
}

/* Places the children on lines of `width`; returns the number of lines. */
static guint
place (IlWrapBox *self,
       GPtrArray *children,
       int        width,
       Placed    *placed)
{
  guint line = 0, i = 0;

  if (children->len == 0)
    return 0;

  if (self->homogeneous)
    {
      int cw = cell_width (self, children, FALSE);
      guint per_line = MAX (1, (width + self->spacing) / (cw + self->spacing));

      while (i < children->len)
        {
          guint run = 0, n, lines;

          if (is_full_line (children->pdata[i]))
            {
              placed[i] = (Placed) { children->pdata[i], 0, width, line++ };
              i++;
              continue;
            }
          while (i + run < children->len && !is_full_line (children->pdata[i + run]))
            run++;
          n = MIN (per_line, run);
          lines = (run + n - 1) / n;
          n = (run + lines - 1) / lines;
          for (guint k = 0; k < run; k++)
            {
              int w = (width - ((int) n - 1) * self->spacing) / (int) n;
              guint col = k % n;

              placed[i + k] = (Placed) { children->pdata[i + k], col * (w + self->spacing), w, line + k / n };
            }
          line += lines;
          i += run;
        }
      return line;
    }

  while (i < children->len)
    {
      guint start = i, n_expand = 0;
      int used = 0, extra, x = 0;

      do
        {
          GtkWidget *c = children->pdata[i];
          int nat = child_width (c, TRUE);
          int gap = i > start ? self->spacing : 0;

          if (i > start && (is_full_line (c) || used + gap + nat > width))
            break;
          nat = MIN (nat, width);
          nat = MAX (nat, child_width (c, FALSE));
          placed[i] = (Placed) { c, 0, nat, line };
          used += gap + nat;
          n_expand += gtk_widget_compute_expand (c, GTK_ORIENTATION_HORIZONTAL);
          i++;
        }
      while (i < children->len && !is_full_line (children->pdata[i - 1]));

      extra = MAX (0, width - used);
      for (guint k = start; k < i; k++)
        {
          if (n_expand > 0 && gtk_widget_compute_expand (placed[k].widget, GTK_ORIENTATION_HORIZONTAL))
            {
              int share = extra / (int) n_expand;

              placed[k].width += share;
              extra -= share;
              n_expand--;
            }
          placed[k].x = x;
          x += placed[k].width + self->spacing;
        }
      line++;
    }
  return line;
}

static void
line_heights (GPtrArray  *children,
              Placed     *placed,
              guint       n_lines,
              LineHeight *heights)
{
  memset (heights, 0, n_lines * sizeof (LineHeight));
  for (guint i = 0; i < children->len; i++)
    {
      int min, nat;

      gtk_widget_measure (placed[i].widget, GTK_ORIENTATION_VERTICAL, placed[i].width, &min, &nat, NULL, NULL);
      heights[placed[i].line].min = MAX (heights[placed[i].line].min, min);
      heights[placed[i].line].nat = MAX (heights[placed[i].line].nat, nat);
    }
}

static void
height_for_width (IlWrapBox *self,
                  GPtrArray *children,
                  int        width,
                  int       *min,
                  int       *nat)
{
  g_autofree Placed *placed = g_new0 (Placed, children->len);
  guint n_lines = place (self, children, width, placed);
  g_autofree LineHeight *heights = g_new0 (LineHeight, MAX (n_lines, 1));

  line_heights (children, placed, n_lines, heights);
  *min = *nat = n_lines > 0 ? ((int) n_lines - 1) * self->row_spacing : 0;
  for (guint l = 0; l < n_lines; l++)
    {
      *min += heights[l].min;
      *nat += heights[l].nat;
    }
}

static void
il_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  IlWrapBox *self = IL_WRAP_BOX (widget);
  g_autoptr(GPtrArray) children = visible_children (self);

  *minimum = *natural = 0;
  if (children->len == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->homogeneous)
        {
          int n_cells = 0, full = 0;

          for (guint i = 0; i < children->len; i++)
            {
              if (is_full_line (children->pdata[i]))
                full = MAX (full, child_width (children->pdata[i], FALSE));
              else
                n_cells++;
            }
          *minimum = MAX (full, n_cells > 0 ? cell_width (self, children, FALSE) : 0);
          *natural = MAX (*minimum, n_cells * cell_width (self, children, TRUE) + MAX (n_cells - 1, 0) * self->spacing);
        }
      else
        {
          for (guint i = 0; i < children->len; i++)
            {
              *minimum = MAX (*minimum, child_width (children->pdata[i], FALSE));
              *natural += child_width (children->pdata[i], TRUE) + (i > 0 ? self->spacing : 0);
            }
        }
    }
  else
    {
      int min_width, nat_width;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
      /* No width given (a parent that does not do height-for-width, such
       * as AdwToastOverlay): answer for the natural width, one line if it
       * can; the box gets its true height from the width it is allocated. */
      height_for_width (self, children, for_size >= 0 ? MAX (for_size, min_width) : nat_width, minimum, natural);
    }
  *minimum_baseline = *natural_baseline = -1;
}

static GtkSizeRequestMode
il_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
il_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  IlWrapBox *self = IL_WRAP_BOX (widget);
  g_autoptr(GPtrArray) children = visible_children (self);
  g_autofree Placed *placed = g_new0 (Placed, MAX (children->len, 1));
  guint n_lines = place (self, children, width, placed);
  g_autofree LineHeight *heights = g_new0 (LineHeight, MAX (n_lines, 1));
  g_autofree int *ys = g_new0 (int, MAX (n_lines, 1));
  int total_nat = 0, extra, y = 0;
  gboolean use_nat;

  line_heights (children, placed, n_lines, heights);
  for (guint l = 0; l < n_lines; l++)
    total_nat += heights[l].nat + (l > 0 ? self->row_spacing : 0);
  use_nat = total_nat <= height;
  /* room beyond the natural heights goes to lines with children that expand */
  extra = use_nat ? height - total_nat : 0;
  for (guint l = 0; l < n_lines; l++)
    {
      ys[l] = y;
      y += (use_nat ? heights[l].nat : heights[l].min) + self->row_spacing;
    }
  if (extra > 0 && n_lines > 0)
    {
      int per_line = extra / (int) n_lines;

      for (guint l = 0; l < n_lines; l++)
        {
          heights[l].nat += per_line;
          ys[l] += (int) l * per_line;
        }
    }

  for (guint i = 0; i < children->len; i++)
    {
      guint l = placed[i].line;
      int h = use_nat ? heights[l].nat : heights[l].min;
      int x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
              ? width - placed[i].x - placed[i].width : placed[i].x;

      gtk_widget_size_allocate (placed[i].widget,
                                &(GtkAllocation) { x, ys[l], placed[i].width, h }, -1);
    }
}

static void
il_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (il_wrap_box_parent_class)->dispose (object);
}

static void
set_int (IlWrapBox *self,
         int       *field,
         int        value,
         guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
il_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IlWrapBox *self = IL_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    case PROP_MIN_CHILD_WIDTH:
      g_value_set_int (value, self->min_child_width);
      break;
    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  IlWrapBox *self = IL_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      set_int (self, &self->spacing, g_value_get_int (value), prop_id);
      break;
    case PROP_ROW_SPACING:
      set_int (self, &self->row_spacing, g_value_get_int (value), prop_id);
      break;
    case PROP_MIN_CHILD_WIDTH:
      set_int (self, &self->min_child_width, g_value_get_int (value), prop_id);
      break;
    case PROP_HOMOGENEOUS:
      if (self->homogeneous != g_value_get_boolean (value))
        {
          self->homogeneous = g_value_get_boolean (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder   *builder,
                                 GObject      *child,
                                 const char   *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    il_wrap_box_append (IL_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable->add_child (buildable, builder, child, type);
}

static void
il_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = il_wrap_box_buildable_add_child;
}

static void
il_wrap_box_class_init (IlWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_wrap_box_dispose;
  object_class->get_property = il_wrap_box_get_property;
  object_class->set_property = il_wrap_box_set_property;
  widget_class->measure = il_wrap_box_measure;
  widget_class->size_allocate = il_wrap_box_size_allocate;
  widget_class->get_request_mode = il_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_CHILD_WIDTH] =
    g_param_spec_int ("min-child-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOMOGENEOUS] =
    g_param_spec_boolean ("homogeneous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "ilwrapbox");
}

static void
il_wrap_box_init (IlWrapBox *self)
{
}

GtkWidget *
il_wrap_box_new (void)
{
  return g_object_new (IL_TYPE_WRAP_BOX, NULL);
}

void
il_wrap_box_append (IlWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (IL_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

guint
il_wrap_box_get_line_length (IlWrapBox *self,
                             int        width)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autofree Placed *placed = NULL;
  guint n = 0;

  g_return_val_if_fail (IL_IS_WRAP_BOX (self), 0);

  children = visible_children (self);
  placed = g_new0 (Placed, MAX (children->len, 1));
  place (self, children, width, placed);
  while (n < children->len && placed[n].line == 0)
    n++;
  return n;
}
