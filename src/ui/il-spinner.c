/* il-spinner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-spinner.h"

/* As GtkSpinner: 16 px unless asked bigger, one turn a second. */
#define DEFAULT_SIZE 16
#define TURN_USEC    G_USEC_PER_SEC

struct _IlSpinner
{
  GtkWidget parent_instance;

  gboolean spinning;
  guint    tick_id;
  double   angle;
};

enum {
  PROP_0,
  PROP_SPINNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IlSpinner, il_spinner, GTK_TYPE_WIDGET)

static gboolean
animations_enabled (IlSpinner *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  IlSpinner *self = IL_SPINNER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  self->angle = (double) (now % TURN_USEC) / TURN_USEC * 360.0;
  /* a redraw only: nothing moves, so the window is not laid out */
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Turns while spinning and on screen, when animations are allowed. */
static void
update_turning (IlSpinner *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean turn = self->spinning && gtk_widget_get_mapped (widget) && animations_enabled (self);

  if (turn && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
  else if (!turn && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
}

static void
il_spinner_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  *minimum = *natural = DEFAULT_SIZE;
}

static void
il_spinner_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  IlSpinner *self = IL_SPINNER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int size = MIN (width, height);
  g_autoptr(GtkIconPaintable) icon = NULL;
  GdkRGBA color;

  /* GtkSpinner shows nothing while it does not spin */
  if (!self->spinning || size <= 0)
    return;
  icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (widget)),
                                     "process-working-symbolic", NULL, size, gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.0f, height / 2.0f));
  gtk_snapshot_rotate (snapshot, (float) self->angle);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-size / 2.0f, -size / 2.0f));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size, size, &color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
il_spinner_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (il_spinner_parent_class)->map (widget);
  /* "Reduce Animation" switched while it shows */
  g_signal_connect_object (gtk_widget_get_settings (widget), "notify::gtk-enable-animations",
                           G_CALLBACK (update_turning), widget, G_CONNECT_SWAPPED);
  update_turning (IL_SPINNER (widget));
}

static void
il_spinner_unmap (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget), update_turning, widget);
  GTK_WIDGET_CLASS (il_spinner_parent_class)->unmap (widget);
  update_turning (IL_SPINNER (widget));
}

static void
il_spinner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IlSpinner *self = IL_SPINNER (object);

  switch (prop_id)
    {
    case PROP_SPINNING:
      g_value_set_boolean (value, self->spinning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_spinner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  IlSpinner *self = IL_SPINNER (object);

  switch (prop_id)
    {
    case PROP_SPINNING:
      il_spinner_set_spinning (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_spinner_class_init (IlSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = il_spinner_get_property;
  object_class->set_property = il_spinner_set_property;
  widget_class->measure = il_spinner_measure;
  widget_class->snapshot = il_spinner_snapshot;
  widget_class->map = il_spinner_map;
  widget_class->unmap = il_spinner_unmap;

  properties[PROP_SPINNING] =
    g_param_spec_boolean ("spinning", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* not "spinner": the theme turns that one by a CSS animation */
  gtk_widget_class_set_css_name (widget_class, "ilspinner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
il_spinner_init (IlSpinner *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, FALSE, -1);
}

GtkWidget *
il_spinner_new (void)
{
  return g_object_new (IL_TYPE_SPINNER, NULL);
}

void
il_spinner_set_spinning (IlSpinner *self,
                         gboolean   spinning)
{
  g_return_if_fail (IL_IS_SPINNER (self));

  spinning = !!spinning;
  if (self->spinning == spinning)
    return;
  self->spinning = spinning;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, spinning, -1);
  update_turning (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPINNING]);
}

gboolean
il_spinner_get_spinning (IlSpinner *self)
{
  g_return_val_if_fail (IL_IS_SPINNER (self), FALSE);

  return self->spinning;
}

gboolean
il_spinner_is_turning (IlSpinner *self)
{
  g_return_val_if_fail (IL_IS_SPINNER (self), FALSE);

  return self->tick_id != 0;
}

double
il_spinner_get_angle (IlSpinner *self)
{
  g_return_val_if_fail (IL_IS_SPINNER (self), 0);

  return self->angle;
}
