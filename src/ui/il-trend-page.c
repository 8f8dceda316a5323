/* il-trend-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-trend-page.h"

struct _IlTrendPage
{
  IlDashboardPage     parent_instance;

  GtkStack           *stack;
  GtkBox             *content_box;
  GtkWidget          *chart;
  GtkDropDown        *bucket_chooser;
};

G_DEFINE_FINAL_TYPE (IlTrendPage, il_trend_page, IL_TYPE_DASHBOARD_PAGE)

enum {
  PROP_0,
  PROP_BUCKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_bucket_selected (IlTrendPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->bucket_chooser);

  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (pos > IL_BUCKET_DAY)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET]);
  /* The dashboard recomputes the trend with that bucket. */
  if (dashboard != NULL)
    il_dashboard_set_trend_bucket (dashboard, pos);
}

static void
on_dashboard_bucket (IlTrendPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (dashboard != NULL)
    il_trend_page_set_bucket (self, il_dashboard_get_trend_bucket (dashboard));
}

static void
on_dashboard_changed (IlTrendPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (dashboard == NULL)
    return;
  on_dashboard_bucket (self);
  g_signal_connect_object (dashboard, "notify::trend-bucket", G_CALLBACK (on_dashboard_bucket),
                           self, G_CONNECT_SWAPPED);
}

static void
il_trend_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IL_TYPE_TREND_PAGE);
  G_OBJECT_CLASS (il_trend_page_parent_class)->dispose (object);
}

static void
il_trend_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUCKET:
      g_value_set_int (value, il_trend_page_get_bucket (IL_TREND_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_trend_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_BUCKET:
      il_trend_page_set_bucket (IL_TREND_PAGE (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_trend_page_class_init (IlTrendPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_trend_page_dispose;
  object_class->get_property = il_trend_page_get_property;
  object_class->set_property = il_trend_page_set_property;

  properties[PROP_BUCKET] =
    g_param_spec_int ("bucket", NULL, NULL, IL_BUCKET_5_MIN, IL_BUCKET_DAY, IL_BUCKET_DAY,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-trend-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, chart);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, bucket_chooser);
  gtk_widget_class_bind_template_callback (widget_class, on_bucket_selected);
}

static void
il_trend_page_init (IlTrendPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_signal_connect (self, "notify::dashboard", G_CALLBACK (on_dashboard_changed), NULL);
}

GtkWidget *
il_trend_page_new (void)
{
  return g_object_new (IL_TYPE_TREND_PAGE, NULL);
}

IlBucketSize
il_trend_page_get_bucket (IlTrendPage *self)
{
  guint pos;

  g_return_val_if_fail (IL_IS_TREND_PAGE (self), IL_BUCKET_DAY);
  pos = gtk_drop_down_get_selected (self->bucket_chooser);
  return pos <= IL_BUCKET_DAY ? (IlBucketSize) pos : IL_BUCKET_DAY;
}

void
il_trend_page_set_bucket (IlTrendPage  *self,
                          IlBucketSize  bucket)
{
  g_return_if_fail (IL_IS_TREND_PAGE (self));
  g_return_if_fail (bucket <= IL_BUCKET_DAY);

  /* notify::selected notifies "bucket" */
  gtk_drop_down_set_selected (self->bucket_chooser, bucket);
}

GtkWidget *
il_trend_page_get_chart (IlTrendPage *self)
{
  g_return_val_if_fail (IL_IS_TREND_PAGE (self), NULL);
  return self->chart;
}
