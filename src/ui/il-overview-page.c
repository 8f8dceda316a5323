/* il-overview-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-format.h"
#include "il-list-update.h"
#include "il-overview-page-private.h"
#include "il-scroll-content.h"
#include "il-settings.h"
#include "il-slo-summary.h"
#include "il-wrap-box.h"

struct _IlOverviewPage
{
  IlDashboardPage     parent_instance;

  GtkStack           *stack;
  GtkLabel           *insight;
  GtkWidget          *grid;

  GtkDropDown        *step_chooser;
  GtkStringList      *step_names;
  GArray             *step_ids;    /* IlStrId per drop-down position after "All steps" */
  IlStrId             histogram_step;
  gboolean            updating;
  const IlAggregates *agg;

  GtkCheckButton     *log_scale_check;
  GtkCheckButton     *clip_check;
  GtkCheckButton     *histogram_log_check;
  GtkCheckButton     *histogram_clip_check;
  GtkWidget          *profile_chart;
  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (IlOverviewPage, il_overview_page, IL_TYPE_DASHBOARD_PAGE)

static void
on_step_selected (IlOverviewPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->step_chooser);
  IlStrId step = IL_STR_NONE;

  if (self->updating)
    return;
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0 && pos - 1 < self->step_ids->len)
    step = g_array_index (self->step_ids, IlStrId, pos - 1);
  il_overview_page_set_histogram_step (self, step);
}

static void
il_overview_page_dispose (GObject *object)
{
  IlOverviewPage *self = IL_OVERVIEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_OVERVIEW_PAGE);
  g_clear_pointer (&self->step_ids, g_array_unref);
  g_clear_object (&self->settings);
  self->agg = NULL;

  G_OBJECT_CLASS (il_overview_page_parent_class)->dispose (object);
}

static void
on_log_scale_toggled (IlOverviewPage *self)
{
  il_chart_widget_set_chart (IL_CHART_WIDGET (self->profile_chart),
                             gtk_check_button_get_active (self->log_scale_check)
                             ? "percentiles-log" : "percentiles");
}

static void update_insight (IlOverviewPage *self);
static void update_step_chooser (IlOverviewPage *self);

static void
il_overview_page_snapshot_changed (IlDashboardPage *page,
                                   IlSnapshot      *snapshot)
{
  IlOverviewPage *self = IL_OVERVIEW_PAGE (page);
  const IlAggregates *agg = snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL;

  self->agg = agg;
  update_insight (self);
  update_step_chooser (self);
}

static void
il_overview_page_class_init (IlOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_overview_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_overview_page_snapshot_changed;

  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, insight);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, grid);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, step_chooser);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, step_names);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, log_scale_check);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, clip_check);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, histogram_log_check);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, histogram_clip_check);
  gtk_widget_class_bind_template_child (widget_class, IlOverviewPage, profile_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_step_selected);
}

static void
il_overview_page_init (IlOverviewPage *self)
{
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  g_type_ensure (IL_TYPE_SLO_SUMMARY);
  g_type_ensure (IL_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->step_ids = g_array_new (FALSE, FALSE, sizeof (IlStrId));
  self->histogram_step = IL_STR_NONE;

  gtk_stack_set_visible_child_name (self->stack, "loading");

  g_signal_connect_object (self->log_scale_check, "notify::active",
                           G_CALLBACK (on_log_scale_toggled), self, G_CONNECT_SWAPPED);
  self->settings = il_settings_new ();
  g_settings_bind (self->settings, "distribution-log-scale", self->log_scale_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* Both distribution charts share the two settings; the dashboard bins the
   * histogram accordingly and the profile ends at P99. */
  g_settings_bind (self->settings, "distribution-log-scale", self->histogram_log_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "distribution-clip-p99", self->clip_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "distribution-clip-p99", self->histogram_clip_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  on_log_scale_toggled (self);
}

GtkWidget *
il_overview_page_new (void)
{
  return g_object_new (IL_TYPE_OVERVIEW_PAGE, NULL);
}

static void
update_insight (IlOverviewPage *self)
{
  const IlAggregates *agg = self->agg;
  g_autofree char *text = NULL;

  if (agg != NULL && agg->slowest_step >= 0 && (guint) agg->slowest_step < agg->n_steps)
    {
      const IlStepStats *st = &agg->steps[agg->slowest_step];
      g_autofree char *mean = il_format_latency_ms (st->mean);
      /* Translators: "Slowest step on average: llm_response (1.2 s)" */
      text = g_strdup_printf (_("Slowest step on average: %s (%s)"), st->name, mean);
    }
  gtk_label_set_text (self->insight, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->insight), text != NULL);
}

static void
update_step_chooser (IlOverviewPage *self)
{
  const IlAggregates *agg = self->agg;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->step_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_array_set_size (self->step_ids, 0);
  for (guint i = 0; agg != NULL && i < agg->n_steps; i++)
    {
      g_array_append_val (self->step_ids, agg->steps[i].step);
      g_ptr_array_add (names, (gpointer) agg->steps[i].name);
      if (agg->steps[i].step == self->histogram_step)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  self->updating = TRUE;
  il_string_list_replace (self->step_names, 1, n_old - 1, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->step_chooser, selected);
  self->updating = FALSE;
}

IlStrId
il_overview_page_get_histogram_step (IlOverviewPage *self)
{
  g_return_val_if_fail (IL_IS_OVERVIEW_PAGE (self), IL_STR_NONE);
  return self->histogram_step;
}

void
il_overview_page_set_histogram_step (IlOverviewPage *self,
                                     IlStrId         step)
{
  g_return_if_fail (IL_IS_OVERVIEW_PAGE (self));

  if (self->histogram_step == step)
    return;
  self->histogram_step = step;
  /* The dashboard recomputes the histogram for that step. */
  if (il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self)) != NULL)
    il_dashboard_set_histogram_step (il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self)), step);
}

const char *
_il_overview_page_get_insight (IlOverviewPage *self)
{
  g_return_val_if_fail (IL_IS_OVERVIEW_PAGE (self), NULL);
  return gtk_label_get_text (self->insight);
}
