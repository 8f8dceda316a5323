/* il-latency-heatmap-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-latency-heatmap-page.h"
#include "il-scroll-content.h"
#include "il-settings.h"

struct _IlLatencyHeatmapPage
{
  IlDashboardPage     parent_instance;

  GtkStack           *stack;
  GtkBox             *content_box;
  GtkWidget          *chart;
  GtkCheckButton     *row_scale_check;
  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (IlLatencyHeatmapPage, il_latency_heatmap_page, IL_TYPE_DASHBOARD_PAGE)

static void
on_row_scale_toggled (IlLatencyHeatmapPage *self)
{
  il_chart_widget_set_chart (IL_CHART_WIDGET (self->chart),
                             gtk_check_button_get_active (self->row_scale_check)
                             ? "heatmap-row-scale" : "heatmap");
}

static void
il_latency_heatmap_page_dispose (GObject *object)
{
  IlLatencyHeatmapPage *self = IL_LATENCY_HEATMAP_PAGE (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), IL_TYPE_LATENCY_HEATMAP_PAGE);
  G_OBJECT_CLASS (il_latency_heatmap_page_parent_class)->dispose (object);
}

static void
il_latency_heatmap_page_class_init (IlLatencyHeatmapPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_latency_heatmap_page_dispose;
  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-latency-heatmap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, chart);
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, row_scale_check);
}

static void
il_latency_heatmap_page_init (IlLatencyHeatmapPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");

  g_signal_connect_object (self->row_scale_check, "notify::active",
                           G_CALLBACK (on_row_scale_toggled), self, G_CONNECT_SWAPPED);
  self->settings = il_settings_new ();
  g_settings_bind (self->settings, "heatmap-row-scale", self->row_scale_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  on_row_scale_toggled (self);
}

GtkWidget *
il_latency_heatmap_page_new (void)
{
  return g_object_new (IL_TYPE_LATENCY_HEATMAP_PAGE, NULL);
}

GtkWidget *
il_latency_heatmap_page_get_chart (IlLatencyHeatmapPage *self)
{
  g_return_val_if_fail (IL_IS_LATENCY_HEATMAP_PAGE (self), NULL);
  return self->chart;
}
