/* il-step-analysis-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-format.h"
#include "il-list-update.h"
#include "il-scroll-content.h"
#include "il-slo-chart-targets.h"
#include "il-slo-format.h"
#include "il-step-analysis-page-private.h"
#include "il-wrap-box.h"

/* One row of the table: a copy of a step's figures, so the model does not
 * borrow the aggregates. */
#define IL_TYPE_STEP_ITEM (il_step_item_get_type ())
G_DECLARE_FINAL_TYPE (IlStepItem, il_step_item, IL, STEP_ITEM, GObject)

#define N_COLUMNS 15

/* A cell's target and change against the previous period. */
typedef struct
{
  IlSloStatus  status;           /* IL_SLO_NO_DATA: no target on this cell */
  char        *breach;           /* what broke, for the tooltip and screen readers */
  char        *change;           /* "▲ 12 %", or NULL */
  IlChange     change_kind;
  char        *change_tooltip;
} IlStepCell;

struct _IlStepItem
{
  GObject     parent_instance;
  char       *name;
  double      values[N_COLUMNS];
  IlStepCell  cells[N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (IlStepItem, il_step_item, G_TYPE_OBJECT)

/* A new snapshot with the same steps updates the items in place: the shown
 * cells redraw their text instead of the table building every row anew,
 * which took tens of milliseconds on the main thread. */
static guint item_changed_signal;

static void
il_step_item_clear_cells (IlStepItem *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_free (self->cells[i].breach);
      g_free (self->cells[i].change);
      g_free (self->cells[i].change_tooltip);
    }
  memset (self->cells, 0, sizeof self->cells);
}

static void
il_step_item_finalize (GObject *object)
{
  IlStepItem *self = IL_STEP_ITEM (object);

  il_step_item_clear_cells (self);
  g_free (self->name);
  G_OBJECT_CLASS (il_step_item_parent_class)->finalize (object);
}

static void
il_step_item_class_init (IlStepItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_step_item_finalize;

  item_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
il_step_item_init (IlStepItem *self)
{
}

typedef enum
{
  KIND_NAME,
  KIND_COUNT,
  KIND_MS,
  KIND_PCT,
} ColumnKind;

static const struct {
  const char *title;
  ColumnKind  kind;
} columns[] = {
  { N_("Step"), KIND_NAME },
  { N_("Count"), KIND_COUNT },
  { N_("Mean"), KIND_MS },
  { N_("Median"), KIND_MS },
  { N_("Std Dev"), KIND_MS },
  { N_("Min"), KIND_MS },
  { N_("Max"), KIND_MS },
  { N_("P50"), KIND_MS },
  { N_("P75"), KIND_MS },
  { N_("P90"), KIND_MS },
  { N_("P95"), KIND_MS },
  { N_("P99"), KIND_MS },
  { N_("Success Rate"), KIND_PCT },
  /* xgettext:no-c-format */
  { N_("% of Total Time"), KIND_PCT },
  { N_("Error Rate"), KIND_PCT },
};

/* The target statistic of a column, or -1. */
static int
column_statistic (guint column)
{
  switch (column)
    {
    case 2: return IL_SLO_MEAN;
    case 7: return IL_SLO_P50;
    case 8: return IL_SLO_P75;
    case 9: return IL_SLO_P90;
    case 10: return IL_SLO_P95;
    case 11: return IL_SLO_P99;
    case 14: return IL_SLO_ERROR_RATE;
    default: return -1;
    }
}

/* The previous period's figure of a column, NAN when it has none. */
static double
column_previous (const IlPeriodStep *prev,
                 guint               column)
{
  switch (column)
    {
    case 1: return (double) prev->count;
    case 2: return prev->mean;
    case 3: return prev->p50;
    case 7: return prev->p50;
    case 10: return prev->p95;
    case 11: return prev->p99;
    case 14: return prev->error_rate_pct;
    default: return NAN;
    }
}

static void
il_step_item_set_slo (IlStepItem      *self,
                      const IlSloView *view)
{
  const IlPeriodStep *prev = view->previous != NULL ? il_period_figures_find_step (view->previous, self->name)
                                                    : NULL;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      IlStepCell *cell = &self->cells[c];
      int statistic = column_statistic (c);

      if (statistic >= 0)
        {
          const IlSloResult *r = il_slo_view_find (view, self->name, statistic);

          cell->status = r != NULL ? r->status : IL_SLO_NO_DATA;
          if (cell->status == IL_SLO_BREACHED)
            {
              g_autofree char *value = il_slo_format_shown_value (r->statistic, r->value, r->bound);
              g_autofree char *bound = il_slo_format_shown_bound (r->statistic, r->bound);

              /* Translators: a table cell's tooltip, "Target breached: 912.35 ms, at most 800 ms" */
              cell->breach = g_strdup_printf (_("Target breached: %s, at most %s"), value, bound);
            }
        }
      if (prev != NULL)
        {
          /* the count is volume: shown, neither better nor worse */
          cell->change = il_slo_format_change_amount (self->values[c], column_previous (prev, c),
                                               c == 1 ? IL_FIGURE_COUNT
                                               : columns[c].kind == KIND_PCT ? IL_FIGURE_PERCENT : IL_FIGURE_MS,
                                               c == 1, view->days, &cell->change_kind, &cell->change_tooltip);
          if (c == 1)
            cell->change_kind = IL_CHANGE_SAME;
        }
    }
}

static void
il_step_item_set (IlStepItem        *self,
                  const IlStepStats *st,
                  const IlSloView   *view)
{
  double v[] = { 0, (double) st->count, st->mean, st->median, st->std, st->min, st->max,
                 st->p50, st->p75, st->p90, st->p95, st->p99,
                 st->success_rate_pct, st->share_of_total_time_pct, st->error_rate_pct };

  G_STATIC_ASSERT (G_N_ELEMENTS (v) == G_N_ELEMENTS (columns));
  G_STATIC_ASSERT (G_N_ELEMENTS (v) == N_COLUMNS);
  g_assert (g_strcmp0 (self->name, st->name) == 0);
  memcpy (self->values, v, sizeof v);
  il_step_item_clear_cells (self);
  if (view != NULL)
    il_step_item_set_slo (self, view);
}

static IlStepItem *
il_step_item_new (const IlStepStats *st,
                  const IlSloView   *view)
{
  IlStepItem *self = g_object_new (IL_TYPE_STEP_ITEM, NULL);

  self->name = g_strdup (st->name);
  il_step_item_set (self, st, view);
  return self;
}

static char *
item_cell_text (IlStepItem *item,
                guint       column)
{
  double v = item->values[column];

  switch (columns[column].kind)
    {
    case KIND_NAME:
      return g_strdup (item->name);
    case KIND_COUNT:
      return il_format_count_str ((guint64) v);
    case KIND_MS:
      return il_format_ms_column (v);
    case KIND_PCT:
      return il_format_percent_str (v);
    default:
      g_assert_not_reached ();
    }
}

static double
item_get_value (IlStepItem *item,
                gpointer    column)
{
  double v = item->values[GPOINTER_TO_UINT (column)];

  /* NAN sorts as the lowest value */
  return isnan (v) ? -INFINITY : v;
}

static char *
item_get_name (IlStepItem *item,
               gpointer    unused)
{
  return g_strdup (item->name);
}

struct _IlStepAnalysisPage
{
  IlDashboardPage     parent_instance;

  GtkStack           *stack;
  GtkWidget          *charts_box;
  GtkColumnView      *column_view;
  GtkWidget          *box_plot;
  GtkLabel           *compare_label;


  GListStore         *items;
  GtkSortListModel   *sorted;
};

G_DEFINE_FINAL_TYPE (IlStepAnalysisPage, il_step_analysis_page, IL_TYPE_DASHBOARD_PAGE)

/* A cell: the value with an icon when a target is breached, and under it
 * the change against the previous period. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *change = gtk_label_new (NULL);

  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_add_css_class (change, "caption");
  gtk_widget_add_css_class (change, "numeric");
  gtk_widget_set_visible (change, FALSE);
  if (GPOINTER_TO_UINT (column) == 0)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_xalign (GTK_LABEL (change), 1);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), change);
  gtk_list_item_set_child (list_item, box);
  g_object_set_data (G_OBJECT (list_item), "il-column", column);
}

static void
show_cell (GtkListItem *list_item)
{
  gpointer column = g_object_get_data (G_OBJECT (list_item), "il-column");
  IlStepItem *item = gtk_list_item_get_item (list_item);
  const IlStepCell *cell = &item->cells[GPOINTER_TO_UINT (column)];
  g_autofree char *text = item_cell_text (item, GPOINTER_TO_UINT (column));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *row = gtk_widget_get_first_child (box);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  GtkWidget *change = gtk_widget_get_next_sibling (row);
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (icon, cell->status == IL_SLO_BREACHED);
  if (cell->status == IL_SLO_BREACHED)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");

  gtk_label_set_text (GTK_LABEL (change), cell->change != NULL ? cell->change : "");
  gtk_widget_set_visible (change, cell->change != NULL);
  gtk_widget_remove_css_class (change, "success");
  gtk_widget_remove_css_class (change, "error");
  gtk_widget_remove_css_class (change, "dim-label");
  gtk_widget_add_css_class (change, cell->change_kind == IL_CHANGE_BETTER ? "success"
                                    : cell->change_kind == IL_CHANGE_WORSE ? "error" : "dim-label");

  /* not colour alone: the icon, and words for the tooltip and screen readers */
  if (cell->breach != NULL && cell->change_tooltip != NULL)
    tooltip = g_strdup_printf ("%s\n%s", cell->breach, cell->change_tooltip);
  else
    tooltip = g_strdup (cell->breach != NULL ? cell->breach : cell->change_tooltip);
  /* gtk_widget_set_tooltip_text() asks the display server where the pointer
   * is, a round trip per cell */
  il_cell_set_tooltip (box, tooltip);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (cell->breach != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    cell->breach, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  column)
{
  show_cell (list_item);
  g_signal_connect_object (gtk_list_item_get_item (list_item), "changed", G_CALLBACK (show_cell),
                           list_item, G_CONNECT_SWAPPED);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  column)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), show_cell, list_item);
}

static void
il_step_analysis_page_dispose (GObject *object)
{
  IlStepAnalysisPage *self = IL_STEP_ANALYSIS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_STEP_ANALYSIS_PAGE);
  g_clear_object (&self->items);
  g_clear_object (&self->sorted);

  G_OBJECT_CLASS (il_step_analysis_page_parent_class)->dispose (object);
}

/* Whether the table lists @agg's steps, in its order. */
static gboolean
same_steps (IlStepAnalysisPage *self,
            const IlAggregates *agg)
{
  if (agg == NULL || agg->n_steps == 0 || g_list_model_get_n_items (G_LIST_MODEL (self->items)) != agg->n_steps)
    return FALSE;
  for (guint i = 0; i < agg->n_steps; i++)
    {
      g_autoptr(IlStepItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (item->name, agg->steps[i].name) != 0)
        return FALSE;
    }
  return TRUE;
}

/* What the box plot draws, owned by the chart widget so a worker can draw
 * it while the page moves on. */
typedef struct
{
  IlBoxPlotView      view;      /* first: the chart's data is an IlBoxPlotView */
  IlSnapshot        *snapshot;
  IlSloChartTargets *targets;
} BoxPlotData;

static void
box_plot_data_free (gpointer data)
{
  BoxPlotData *d = data;

  il_snapshot_unref (d->snapshot);
  il_slo_chart_targets_free (d->targets);
  g_free (d);
}

/* The table and the box plot with the board's view when it is of @snapshot. */
static void
fill (IlStepAnalysisPage *self,
      IlSnapshot         *snapshot)
{
  const IlAggregates *agg = snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL;
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));
  IlSloView *view = dashboard != NULL ? il_slo_board_get_view (il_slo_board_get (dashboard)) : NULL;
  if (view != NULL && view->snapshot != snapshot)
    view = NULL;
  if (same_steps (self, agg))
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < agg->n_steps; i++)
        {
          IlStepItem *item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

          il_step_item_set (item, &agg->steps[i], view);
          g_signal_emit (item, item_changed_signal, 0);
          g_ptr_array_add (items, item);
        }
      /* The same items again: the sort model reads the new figures (it keeps
       * its sort keys otherwise) and the view moves the rows it has. */
      g_list_store_splice (self->items, 0, items->len, items->pdata, items->len);
    }
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; agg != NULL && i < agg->n_steps; i++)
        g_ptr_array_add (items, il_step_item_new (&agg->steps[i], view));
      /* new rows, two a frame: each costs its 15 cells' widgets */
      il_list_store_cancel (self->items);
      g_list_store_remove_all (self->items);
      il_list_store_append_sliced (self->items, items, GTK_WIDGET (self->column_view), 2);
    }

  if (view != NULL && view->previous != NULL)
    {
      g_autofree char *caption = il_slo_format_compare_caption (view->days);

      gtk_label_set_text (self->compare_label, caption);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->compare_label), view != NULL && view->previous != NULL);

  il_chart_widget_set_snapshot (IL_CHART_WIDGET (self->box_plot), snapshot);
  if (agg != NULL)
    {
      BoxPlotData *d = g_new0 (BoxPlotData, 1);

      d->snapshot = il_snapshot_ref (snapshot);
      d->targets = il_slo_chart_targets_new (view, snapshot);
      d->view.aggregates = agg;
      d->view.n_targets = d->targets->n_targets;
      d->view.targets = d->targets->targets;
      il_chart_widget_set_data_full (IL_CHART_WIDGET (self->box_plot), d, box_plot_data_free);
    }
}

static void
il_step_analysis_page_snapshot_changed (IlDashboardPage *page,
                                        IlSnapshot      *snapshot)
{
  fill (IL_STEP_ANALYSIS_PAGE (page), snapshot);
}

static void
on_slo_view_changed (IlStepAnalysisPage *self)
{
  IlSnapshot *snapshot = il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (self));

  if (snapshot != NULL)
    fill (self, snapshot);
}

static void
on_dashboard_changed (IlStepAnalysisPage *self)
{
  IlDashboard *dashboard = il_dashboard_page_get_dashboard (IL_DASHBOARD_PAGE (self));

  if (dashboard != NULL)
    g_signal_connect_object (il_slo_board_get (dashboard), "notify::view", G_CALLBACK (on_slo_view_changed),
                             self, G_CONNECT_SWAPPED);
}

static void
il_step_analysis_page_class_init (IlStepAnalysisPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_step_analysis_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_step_analysis_page_snapshot_changed;
  /* Its first fill builds every cell of the table: when shown, not while the
   * overview takes the new data. */
  IL_DASHBOARD_PAGE_CLASS (klass)->lazy = TRUE;
  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-step-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, box_plot);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, compare_label);
}

static void
il_step_analysis_page_init (IlStepAnalysisPage *self)
{
  GtkSorter *view_sorter;

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  g_type_ensure (IL_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (IL_TYPE_STEP_ITEM);
  il_chart_widget_set_chart_class (IL_CHART_WIDGET (self->box_plot), &il_box_plot_view_chart);
  g_signal_connect (self, "notify::dashboard", G_CALLBACK (on_dashboard_changed), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);

      if (columns[i].kind == KIND_NAME)
        {
          sorter = GTK_SORTER (gtk_string_sorter_new (
            gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                         G_CALLBACK (item_get_name), NULL, NULL)));
          gtk_column_view_column_set_expand (column, TRUE);
        }
      else
        {
          sorter = GTK_SORTER (gtk_numeric_sorter_new (
            gtk_cclosure_expression_new (G_TYPE_DOUBLE, NULL, 0, NULL,
                                         G_CALLBACK (item_get_value), GUINT_TO_POINTER (i), NULL)));
          gtk_numeric_sorter_set_sort_order (GTK_NUMERIC_SORTER (sorter), GTK_SORT_DESCENDING);
        }
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (sorter);
      g_object_unref (column);
    }

  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                          g_object_ref (view_sorter));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)))));
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
il_step_analysis_page_new (void)
{
  return g_object_new (IL_TYPE_STEP_ANALYSIS_PAGE, NULL);
}

GListModel *
_il_step_analysis_page_get_model (IlStepAnalysisPage *self)
{
  g_return_val_if_fail (IL_IS_STEP_ANALYSIS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

char *
_il_step_analysis_page_dup_cell (IlStepAnalysisPage *self,
                                guint               row,
                                guint               column)
{
  g_autoptr(IlStepItem) item = NULL;

  g_return_val_if_fail (IL_IS_STEP_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (column < G_N_ELEMENTS (columns), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  return item != NULL ? item_cell_text (item, column) : NULL;
}

/* The breach marked on a cell (NULL: none), for tests. */
const char *
_il_step_analysis_page_get_cell_breach (IlStepAnalysisPage *self,
                                        guint               row,
                                        guint               column)
{
  g_autoptr(IlStepItem) item = NULL;

  g_return_val_if_fail (IL_IS_STEP_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  return item != NULL ? item->cells[column].breach : NULL;
}

const char *
_il_step_analysis_page_get_cell_change (IlStepAnalysisPage *self,
                                        guint               row,
                                        guint               column)
{
  g_autoptr(IlStepItem) item = NULL;

  g_return_val_if_fail (IL_IS_STEP_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  return item != NULL ? item->cells[column].change : NULL;
}

IlChartWidget *
_il_step_analysis_page_get_box_plot (IlStepAnalysisPage *self)
{
  g_return_val_if_fail (IL_IS_STEP_ANALYSIS_PAGE (self), NULL);
  return IL_CHART_WIDGET (self->box_plot);
}
