/* il-latency-heatmap-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-latency-heatmap-page.h"
#include "il-page-stack.h"

struct _IlLatencyHeatmapPage
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkBox             *content_box;
  GtkWidget          *chart;
  const IlAggregates *agg;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (IlLatencyHeatmapPage, il_latency_heatmap_page, GTK_TYPE_WIDGET)

static void
il_latency_heatmap_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IL_TYPE_LATENCY_HEATMAP_PAGE);
  G_OBJECT_CLASS (il_latency_heatmap_page_parent_class)->dispose (object);
}

static void
il_latency_heatmap_page_class_init (IlLatencyHeatmapPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_latency_heatmap_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-latency-heatmap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlLatencyHeatmapPage, content_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
il_latency_heatmap_page_init (IlLatencyHeatmapPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;
  self->chart = il_chart_widget_new (&il_heatmap_chart);
  il_chart_widget_set_natural_height (IL_CHART_WIDGET (self->chart), 420);
  gtk_box_append (self->content_box,
                  il_chart_card_new (_("Mean Latency per Step and Turn"), self->chart, NULL));
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
il_latency_heatmap_page_new (void)
{
  return g_object_new (IL_TYPE_LATENCY_HEATMAP_PAGE, NULL);
}

void
il_latency_heatmap_page_set_data (IlLatencyHeatmapPage *self,
                                  const IlAggregates   *agg)
{
  g_return_if_fail (IL_IS_LATENCY_HEATMAP_PAGE (self));

  self->agg = agg;
  if (agg != NULL)
    self->loading = FALSE;
  il_chart_widget_set_data (IL_CHART_WIDGET (self->chart), agg);
  il_page_stack_update (self->stack, self->agg, self->loading);
}

void
il_latency_heatmap_page_set_loading (IlLatencyHeatmapPage *self,
                                     gboolean              loading)
{
  g_return_if_fail (IL_IS_LATENCY_HEATMAP_PAGE (self));
  self->loading = loading;
  il_page_stack_update (self->stack, self->agg, self->loading);
}

GtkWidget *
il_latency_heatmap_page_get_chart (IlLatencyHeatmapPage *self)
{
  g_return_val_if_fail (IL_IS_LATENCY_HEATMAP_PAGE (self), NULL);
  return self->chart;
}
