/* il-chart-widget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-aggregate-charts.h"
#include "il-chart-widget-private.h"

#define DEFAULT_NATURAL_HEIGHT 320

G_DEFINE_FINAL_TYPE (IlChartWidget, il_chart_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NATURAL_HEIGHT,
  PROP_CHART,
  PROP_SNAPSHOT,
  PROP_HEADER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static IlColor
to_il_color (const GdkRGBA *rgba)
{
  return (IlColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

static gboolean
in_card (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_widget_has_css_class (w, "card"))
      return TRUE;
  return FALSE;
}

/* A card's colour is translucent over the window's (dark: white at 8 %):
 * the opaque colour it gives, for a chart that must also export. */
static gboolean
lookup_card_bg (GtkStyleContext *ctx,
                GdkRGBA         *bg)
{
  GdkRGBA card, window;

  if (!gtk_style_context_lookup_color (ctx, "card_bg_color", &card)
      || !gtk_style_context_lookup_color (ctx, "window_bg_color", &window))
    return FALSE;
  bg->red = card.red * card.alpha + window.red * (1 - card.alpha);
  bg->green = card.green * card.alpha + window.green * (1 - card.alpha);
  bg->blue = card.blue * card.alpha + window.blue * (1 - card.alpha);
  bg->alpha = 1;
  return TRUE;
}

/* The chart takes the widget's own colours, so a dark theme set any way
 * (style manager, GTK_THEME, a parent's CSS) gives a dark chart, on the
 * card's own background when it sits in one. Read at each use: css_changed
 * only comes with the next frame. */
void
_il_chart_widget_refresh_style (IlChartWidget *self)
{
  GtkStyleContext *ctx = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg, bg;
  IlColor fg_color, bg_color;
  gboolean has_bg;

  gtk_style_context_get_color (ctx, &fg);
  has_bg = (in_card (GTK_WIDGET (self)) && lookup_card_bg (ctx, &bg))
           || gtk_style_context_lookup_color (ctx, "view_bg_color", &bg)
           || gtk_style_context_lookup_color (ctx, "window_bg_color", &bg);
  fg_color = to_il_color (&fg);
  bg_color = to_il_color (&bg);
  il_chart_style_init_for_colors (&self->style, &fg_color, has_bg ? &bg_color : NULL);
  self->style.full_category_labels = TRUE;
  self->style.exact_tooltips = TRUE;
  self->style.locale_numbers = TRUE;
}

static void
update_style (IlChartWidget *self)
{
  _il_chart_widget_refresh_style (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
il_chart_widget_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (il_chart_widget_parent_class)->css_changed (widget, change);
  update_style (IL_CHART_WIDGET (widget));
}

static void
on_dark_changed (IlChartWidget *self)
{
  update_style (self);
}

static void
il_chart_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  IlChartWidget *self = IL_CHART_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->klass != NULL && width > 0 && height > 0)
    _il_chart_widget_snapshot_chart (self, snapshot, width, height);

  gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
il_chart_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  IlChartWidget *self = IL_CHART_WIDGET (widget);
  int child_min = 0, child_nat = 0;

  gtk_widget_measure (self->menu_button, orientation, -1, &child_min, &child_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = MAX (child_min, self->natural_height);
      *natural = MAX (child_nat, self->natural_height);
    }
  else
    {
      /* Charts shrink gracefully; ask for little so grids can wrap. */
      *minimum = MAX (child_min, 160);
      *natural = MAX (child_nat, 400);
    }
}

static void
il_chart_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  IlChartWidget *self = IL_CHART_WIDGET (widget);
  GtkRequisition req;

  if (!gtk_widget_get_visible (self->menu_button))
    goto popover;
  gtk_widget_get_preferred_size (self->menu_button, NULL, &req);
  gtk_widget_size_allocate (self->menu_button,
                            &(GtkAllocation) { MAX (0, width - req.width - 6), 6,
                                               req.width, req.height },
                            -1);
popover:
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static gboolean
il_chart_widget_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  IlChartWidget *self = IL_CHART_WIDGET (widget);
  g_autofree char *text = NULL;

  if (keyboard_mode || self->klass == NULL || self->klass->query == NULL)
    return FALSE;

  _il_chart_widget_refresh_style (self);
  text = self->klass->query (self->data, &self->style,
                             gtk_widget_get_width (widget),
                             gtk_widget_get_height (widget),
                             x, y);
  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_markup (tooltip, text);
  return TRUE;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  il_chart_widget_export (IL_CHART_WIDGET (widget));
}

static void
on_enter (GtkEventControllerMotion *motion,
          double                    x,
          double                    y,
          IlChartWidget            *self)
{
  if (self->header == NULL)
    gtk_widget_set_opacity (self->menu_button, 1.0);
}

static gboolean
menu_is_open (IlChartWidget *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->menu_button));

  return popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));
}

static void
on_leave (GtkEventControllerMotion *motion,
          IlChartWidget            *self)
{
  /* Keep it visible while its menu is open. */
  if (!menu_is_open (self))
    gtk_widget_set_opacity (self->menu_button, 0.0);
}

static void
on_menu_closed (IlChartWidget *self)
{
  gtk_widget_set_opacity (self->menu_button, 0.0);
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                IlChartWidget   *self)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
il_chart_widget_dispose (GObject *object)
{
  IlChartWidget *self = IL_CHART_WIDGET (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  il_chart_widget_set_header (self, NULL);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  self->data = NULL;
  g_clear_pointer (&self->owned, _il_chart_widget_owned_release);
  _il_chart_widget_clear_render (self);

  g_clear_pointer (&IL_CHART_WIDGET (object)->snapshot, il_snapshot_unref);

  G_OBJECT_CLASS (il_chart_widget_parent_class)->dispose (object);
}

static void
il_chart_widget_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IlChartWidget *self = IL_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_NATURAL_HEIGHT:
      g_value_set_int (value, self->natural_height);
      break;
    case PROP_CHART:
      g_value_set_string (value, self->klass != NULL ? self->klass->name : NULL);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_HEADER:
      g_value_set_object (value, self->header);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_chart_widget_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IlChartWidget *self = IL_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_NATURAL_HEIGHT:
      il_chart_widget_set_natural_height (self, g_value_get_int (value));
      break;
    case PROP_CHART:
      il_chart_widget_set_chart (self, g_value_get_string (value));
      break;
    case PROP_SNAPSHOT:
      il_chart_widget_set_snapshot (self, g_value_get_boxed (value));
      break;
    case PROP_HEADER:
      il_chart_widget_set_header (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_chart_widget_class_init (IlChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_chart_widget_dispose;
  object_class->get_property = il_chart_widget_get_property;
  object_class->set_property = il_chart_widget_set_property;

  widget_class->snapshot = il_chart_widget_snapshot;
  widget_class->measure = il_chart_widget_measure;
  widget_class->size_allocate = il_chart_widget_size_allocate;
  widget_class->query_tooltip = il_chart_widget_query_tooltip;
  widget_class->css_changed = il_chart_widget_css_changed;

  properties[PROP_NATURAL_HEIGHT] =
    g_param_spec_int ("natural-height", NULL, NULL,
                      0, G_MAXINT, DEFAULT_NATURAL_HEIGHT,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A chart by name (il_chart_lookup), so a page's .ui can declare its
   * charts. */
  properties[PROP_CHART] =
    g_param_spec_string ("chart", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The snapshot whose aggregates the chart draws, held while drawn. */
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, IL_TYPE_SNAPSHOT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A box (the card's title row) that gets the export button at its end,
   * instead of a button over the chart's corner. */
  properties[PROP_HEADER] =
    g_param_spec_object ("header", NULL, NULL, GTK_TYPE_BOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.export", NULL, export_action);
  gtk_widget_class_set_css_name (widget_class, "ilchart");
}

static void
il_chart_widget_init (IlChartWidget *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *motion;
  GtkGesture *click;

  self->natural_height = DEFAULT_NATURAL_HEIGHT;
  self->async = _il_chart_widget_get_default_async ();
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_menu_append (menu, _("Export Chart…"), "chart.export");

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "document-save-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->menu_button, _("Export Chart…"));
  gtk_widget_add_css_class (self->menu_button, "osd");
  gtk_widget_add_css_class (self->menu_button, "circular");
  gtk_widget_set_opacity (self->menu_button, 0.0);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
  g_signal_connect_object (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->menu_button)),
                           "closed", G_CALLBACK (on_menu_closed), self, G_CONNECT_SWAPPED);

  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_enter), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  update_style (self);
}

/**
 * il_chart_widget_new:
 * @klass: the renderer (static, outlives the widget)
 *
 * Returns: a new chart widget drawing @klass with no data (its empty state)
 */
GtkWidget *
il_chart_widget_new (const IlChartClass *klass)
{
  IlChartWidget *self;

  g_return_val_if_fail (klass != NULL && klass->draw != NULL, NULL);

  self = g_object_new (IL_TYPE_CHART_WIDGET, NULL);
  self->klass = klass;
  self->data_gen++;
  return GTK_WIDGET (self);
}

void
il_chart_widget_set_chart (IlChartWidget *self,
                           const char    *name)
{
  const IlChartClass *klass;

  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  klass = name != NULL ? il_chart_lookup (name) : NULL;
  if (name != NULL && klass == NULL)
    {
      g_critical ("No chart called “%s”", name);
      return;
    }
  il_chart_widget_set_chart_class (self, klass);
}

/**
 * il_chart_widget_set_chart_class:
 * @self: a chart widget
 * @klass: (nullable): the renderer (static), e.g. one whose data a page builds
 *
 * Draws @klass from now on.
 */
void
il_chart_widget_set_chart_class (IlChartWidget      *self,
                                 const IlChartClass *klass)
{
  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  if (klass == self->klass)
    return;
  self->klass = klass;
  self->data_gen++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
}

void
il_chart_widget_set_snapshot (IlChartWidget *self,
                              IlSnapshot    *snapshot)
{
  g_autoptr(IlSnapshot) old = NULL;

  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  if (snapshot == self->snapshot)
    return;
  old = g_steal_pointer (&self->snapshot);
  self->snapshot = snapshot != NULL ? il_snapshot_ref (snapshot) : NULL;
  il_chart_widget_set_data (self, snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

IlSnapshot *
il_chart_widget_get_snapshot (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), NULL);
  return self->snapshot;
}

const IlChartClass *
il_chart_widget_get_chart_class (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), NULL);
  return self->klass;
}

/**
 * il_chart_widget_set_data:
 * @self: a chart widget
 * @data: (nullable): the renderer's data, borrowed until the next call
 */
void
il_chart_widget_set_data (IlChartWidget *self,
                          gconstpointer  data)
{
  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  g_clear_pointer (&self->owned, _il_chart_widget_owned_release);
  /* even the same pointer: a page may have changed what it points to */
  self->data = data;
  self->data_gen++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * il_chart_widget_set_data_full:
 * @self: a chart widget
 * @data: (transfer full): the renderer's data, never changed afterwards
 * @destroy: frees @data
 *
 * Like il_chart_widget_set_data(), but the widget owns @data, so the chart
 * can be drawn in a worker thread: @destroy runs once neither the widget nor
 * a render needs it.
 */
void
il_chart_widget_set_data_full (IlChartWidget  *self,
                               gpointer        data,
                               GDestroyNotify  destroy)
{
  gpointer old;

  g_return_if_fail (IL_IS_CHART_WIDGET (self));
  g_return_if_fail (data != NULL);

  old = g_steal_pointer (&self->owned);
  self->owned = _il_chart_widget_owned_new (data, destroy);
  self->data = data;
  self->data_gen++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_clear_pointer (&old, _il_chart_widget_owned_release);
}

gconstpointer
il_chart_widget_get_data (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), NULL);
  return self->data;
}

void
il_chart_widget_set_natural_height (IlChartWidget *self,
                                    int            height)
{
  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  height = MAX (0, height);
  if (self->natural_height == height)
    return;
  self->natural_height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_HEIGHT]);
}

int
il_chart_widget_get_natural_height (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), 0);
  return self->natural_height;
}

const IlChartStyle *
il_chart_widget_get_style (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), NULL);
  _il_chart_widget_refresh_style (self);
  return &self->style;
}

/**
 * il_chart_widget_set_header:
 * @header: (nullable): the title row above the chart
 *
 * Puts the export button at the end of @header, where it covers nothing of
 * the chart (legends and scale labels sit in the chart's top corner). With
 * no header, the button shows over the chart's corner on hover.
 */
void
il_chart_widget_set_header (IlChartWidget *self,
                            GtkBox        *header)
{
  g_return_if_fail (IL_IS_CHART_WIDGET (self));
  g_return_if_fail (header == NULL || GTK_IS_BOX (header));

  if (self->header == GTK_WIDGET (header))
    return;

  if (self->header_button != NULL && self->header != NULL)
    gtk_box_remove (GTK_BOX (self->header), self->header_button);
  if (self->header != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->header), (gpointer *) &self->header);
  self->header_button = NULL;
  self->header = GTK_WIDGET (header);

  if (header != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (header), (gpointer *) &self->header);
      self->header_button = gtk_button_new_from_icon_name ("document-save-symbolic");
      gtk_widget_set_tooltip_text (self->header_button, _("Export Chart…"));
      gtk_widget_add_css_class (self->header_button, "flat");
      gtk_widget_set_valign (self->header_button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (self->header_button, "chart-export");
      g_signal_connect_object (self->header_button, "clicked", G_CALLBACK (il_chart_widget_export),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (header, self->header_button);
    }
  if (self->menu_button != NULL)
    gtk_widget_set_visible (self->menu_button, header == NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER]);
}

/**
 * il_chart_card_new:
 * @title: the card's title (translated)
 * @chart: the chart (or any widget) to show
 * @extra: (nullable): a widget at the end of the title row
 *
 * Returns: a new card widget
 */
GtkWidget *
il_chart_card_new (const char *title,
                   GtkWidget  *chart,
                   GtkWidget  *extra)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "il-chart-card");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (header), label);
  if (extra != NULL)
    gtk_box_append (GTK_BOX (header), extra);
  gtk_box_append (GTK_BOX (card), header);

  gtk_widget_set_margin_start (chart, 6);
  gtk_widget_set_margin_end (chart, 6);
  gtk_widget_set_margin_bottom (chart, 6);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_box_append (GTK_BOX (card), chart);
  if (IL_IS_CHART_WIDGET (chart))
    il_chart_widget_set_header (IL_CHART_WIDGET (chart), GTK_BOX (header));
  gtk_widget_set_overflow (card, GTK_OVERFLOW_HIDDEN);
  return card;
}
