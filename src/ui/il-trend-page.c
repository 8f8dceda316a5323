/* il-trend-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-compact-bin.h"
#include "il-dashboard.h"

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-list-update.h"
#include "il-scroll-content.h"
#include "il-slo-chart-targets.h"
#include "il-trend-page.h"

struct _IlTrendPage
{
  IlDashboardPage     parent_instance;

  GtkStack           *stack;
  GtkBox             *content_box;
  GtkWidget          *chart;
  GtkDropDown        *bucket_chooser;
  GtkStringList      *bucket_names;
  GtkDropDown        *statistic_chooser;
  GtkLabel           *title_label;
  gboolean            syncing;        /* the choosers are being set from the snapshot */

  /* the series the user hid, by step name, kept across snapshots */
  GHashTable         *hidden_steps;
  gboolean           *hidden;         /* per step of the snapshot shown */
  IlTrendView         view;
  IlSloChartTargets  *targets;        /* of the snapshot shown */
};

G_DEFINE_FINAL_TYPE (IlTrendPage, il_trend_page, IL_TYPE_DASHBOARD_PAGE)

enum {
  PROP_0,
  PROP_BUCKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The bucket chooser's last entry lets the range pick the bucket. */
#define AUTOMATIC_POS (IL_BUCKET_DAY + 1)

static const char *bucket_labels[] = { N_("5 Minutes"), N_("15 Minutes"), N_("Hour"), N_("Day") };
static const char *trend_titles[] = {
  N_("Mean Latency per Step over Time"),
  N_("P50 Latency per Step over Time"),
  N_("P90 Latency per Step over Time"),
  N_("P95 Latency per Step over Time"),
  N_("P99 Latency per Step over Time"),
};

static void
on_bucket_selected (IlTrendPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->bucket_chooser);

  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (pos > AUTOMATIC_POS || self->syncing)
    return;
  if (pos <= IL_BUCKET_DAY)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUCKET]);
  /* The dashboard recomputes the trend with that bucket. */
  if (dashboard == NULL)
    return;
  /* auto first: the bucket's notify then finds the choosers as they are */
  il_dashboard_set_trend_bucket_auto (dashboard, pos == AUTOMATIC_POS);
  if (pos <= IL_BUCKET_DAY)
    il_dashboard_set_trend_bucket (dashboard, pos);
}

static void
on_statistic_selected (IlTrendPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->statistic_chooser);
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (pos > IL_TREND_P99 || self->syncing)
    return;
  if (dashboard != NULL)
    il_dashboard_set_trend_statistic (dashboard, pos);
}

/* The choosers show what the dashboard computes; with an automatic bucket,
 * which one it picked. */
static void
sync_choosers (IlTrendPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));
  const IlAggregates *agg = self->view.aggregates;
  g_autofree char *automatic = NULL;
  IlTrendStatistic statistic;

  if (dashboard == NULL)
    return;
  statistic = il_dashboard_get_trend_statistic (dashboard);
  if (agg != NULL && agg->options.trend_bucket_auto)
    /* Translators: the bucket chooser's entry "Automatic (Hour)" */
    automatic = g_strdup_printf (_("Automatic (%s)"), _(bucket_labels[agg->options.trend_bucket]));
  else
    automatic = g_strdup (_("Automatic"));

  self->syncing = TRUE;
  il_string_list_replace (self->bucket_names, AUTOMATIC_POS, 1, (const char * const[]) { automatic, NULL });
  gtk_drop_down_set_selected (self->bucket_chooser,
                              il_dashboard_get_trend_bucket_auto (dashboard)
                              ? AUTOMATIC_POS : il_dashboard_get_trend_bucket (dashboard));
  gtk_drop_down_set_selected (self->statistic_chooser, statistic);
  /* the title names what the chart shows: a summary computed elsewhere may
   * only have the mean */
  if (agg != NULL && agg->options.trend_statistic <= IL_TREND_P99)
    statistic = agg->options.trend_statistic;
  gtk_label_set_label (self->title_label, _(trend_titles[statistic]));
  self->syncing = FALSE;
}

static void
on_dashboard_bucket (IlTrendPage *self)
{
  sync_choosers (self);
}

static void update_hidden (IlTrendPage *self);

/* The targets of the board's view when it is of the snapshot shown. */
static void
update_targets (IlTrendPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));
  IlSloView *view = dashboard != NULL ? il_slo_board_get_view (il_slo_board_get (dashboard)) : NULL;

  g_clear_pointer (&self->targets, il_slo_chart_targets_free);
  self->targets = il_slo_chart_targets_new (view, il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (self)));
}

static void
on_slo_view_changed (IlTrendPage *self)
{
  update_targets (self);
  if (self->view.aggregates != NULL)
    update_hidden (self);
}

static void
on_dashboard_changed (IlTrendPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (dashboard == NULL)
    return;
  g_signal_connect_object (il_slo_board_get (dashboard), "notify::view", G_CALLBACK (on_slo_view_changed),
                           self, G_CONNECT_SWAPPED);
  on_dashboard_bucket (self);
  g_signal_connect_object (dashboard, "notify::trend-bucket", G_CALLBACK (on_dashboard_bucket),
                           self, G_CONNECT_SWAPPED);
}

/* What the chart draws, owned by the chart widget so a worker can draw it
 * while the page moves on. */
typedef struct
{
  IlTrendView        view;      /* first: the chart's data is an IlTrendView */
  IlSnapshot        *snapshot;
  gboolean          *hidden;
  IlSloChartTargets *targets;
} TrendChartData;

static void
trend_chart_data_free (gpointer data)
{
  TrendChartData *d = data;

  il_snapshot_unref (d->snapshot);
  g_free (d->hidden);
  il_slo_chart_targets_free (d->targets);
  g_free (d);
}

static void
update_hidden (IlTrendPage *self)
{
  const IlAggregates *agg = self->view.aggregates;

  g_clear_pointer (&self->hidden, g_free);
  if (agg != NULL)
    {
      g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      self->hidden = g_new0 (gboolean, MAX (agg->n_steps, 1));
      for (guint s = 0; s < agg->n_steps; s++)
        if (agg->steps[s].name != NULL && g_hash_table_contains (self->hidden_steps, agg->steps[s].name))
          {
            self->hidden[s] = TRUE;
            g_hash_table_add (kept, g_strdup (agg->steps[s].name));
          }
      /* a step gone from the data is forgotten */
      g_hash_table_unref (self->hidden_steps);
      self->hidden_steps = g_steal_pointer (&kept);
    }
  self->view.hidden = self->hidden;
  self->view.n_targets = self->targets != NULL ? self->targets->n_targets : 0;
  self->view.targets = self->targets != NULL ? self->targets->targets : NULL;
  if (agg != NULL && il_chart_widget_get_snapshot (IL_CHART_WIDGET (self->chart)) != NULL)
    {
      TrendChartData *d = g_new0 (TrendChartData, 1);

      d->snapshot = il_snapshot_ref (il_chart_widget_get_snapshot (IL_CHART_WIDGET (self->chart)));
      g_assert (il_snapshot_get_aggregates (d->snapshot) == agg);
      d->hidden = g_memdup2 (self->hidden, MAX (agg->n_steps, 1) * sizeof (gboolean));
      d->targets = il_slo_chart_targets_new (self->targets != NULL ? self->targets->view : NULL, d->snapshot);
      d->view = self->view;
      d->view.hidden = d->hidden;
      d->view.n_targets = d->targets->n_targets;
      d->view.targets = d->targets->targets;
      il_chart_widget_set_data_full (IL_CHART_WIDGET (self->chart), d, trend_chart_data_free);
    }
  else
    il_chart_widget_set_data (IL_CHART_WIDGET (self->chart), agg != NULL ? &self->view : NULL);
}

static void
il_trend_page_snapshot_changed (IlDashboardPage *page,
                                IlSnapshot      *snapshot)
{
  IlTrendPage *self = IL_TREND_PAGE (page);

  /* the widget holds the snapshot; its data is the page's view of it */
  il_chart_widget_set_snapshot (IL_CHART_WIDGET (self->chart), snapshot);
  self->view.aggregates = snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL;
  update_targets (self);
  update_hidden (self);
  sync_choosers (self);
}

/**
 * il_trend_page_legend_click:
 * @self: a trend page
 * @x: x in the chart widget
 * @y: y in the chart widget
 *
 * Hides or shows the series whose legend entry is at (x, y).
 *
 * Returns: whether there was one
 */
gboolean
il_trend_page_legend_click (IlTrendPage *self,
                            double       x,
                            double       y)
{
  IlChartWidget *chart;
  const char *name;
  int step;

  g_return_val_if_fail (IL_IS_TREND_PAGE (self), FALSE);

  if (self->view.aggregates == NULL)
    return FALSE;
  chart = IL_CHART_WIDGET (self->chart);
  step = il_trend_view_legend_at (&self->view, il_chart_widget_get_style (chart),
                                  gtk_widget_get_width (self->chart),
                                  gtk_widget_get_height (self->chart), x, y);
  if (step < 0 || (guint) step >= self->view.aggregates->n_steps)
    return FALSE;
  name = self->view.aggregates->steps[step].name ? self->view.aggregates->steps[step].name : "";
  if (!g_hash_table_remove (self->hidden_steps, name))
    g_hash_table_add (self->hidden_steps, g_strdup (name));
  update_hidden (self);
  return TRUE;
}

static void
on_chart_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  IlTrendPage     *self)
{
  if (n_press == 1 && il_trend_page_legend_click (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
il_trend_page_finalize (GObject *object)
{
  IlTrendPage *self = IL_TREND_PAGE (object);

  g_hash_table_unref (self->hidden_steps);
  g_free (self->hidden);
  g_clear_pointer (&self->targets, il_slo_chart_targets_free);
  G_OBJECT_CLASS (il_trend_page_parent_class)->finalize (object);
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
  object_class->finalize = il_trend_page_finalize;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_trend_page_snapshot_changed;
  object_class->get_property = il_trend_page_get_property;
  object_class->set_property = il_trend_page_set_property;

  properties[PROP_BUCKET] =
    g_param_spec_int ("bucket", NULL, NULL, IL_BUCKET_5_MIN, IL_BUCKET_DAY, IL_BUCKET_DAY,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-trend-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, chart);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, bucket_chooser);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, bucket_names);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, statistic_chooser);
  gtk_widget_class_bind_template_child (widget_class, IlTrendPage, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_bucket_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_statistic_selected);
}

static void
il_trend_page_init (IlTrendPage *self)
{
  GtkGesture *click;

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_signal_connect (self, "notify::dashboard", G_CALLBACK (on_dashboard_changed), NULL);

  self->hidden_steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  il_chart_widget_set_chart_class (IL_CHART_WIDGET (self->chart), &il_trend_view_chart);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_chart_pressed), self);
  gtk_widget_add_controller (self->chart, GTK_EVENT_CONTROLLER (click));
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
  if (pos <= IL_BUCKET_DAY)
    return (IlBucketSize) pos;
  /* automatic: the one picked */
  if (self->view.aggregates != NULL)
    return self->view.aggregates->options.trend_bucket;
  return IL_BUCKET_DAY;
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
