/* il-step-analysis-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-charts.h"
#include "il-chart-widget.h"
#include "il-format.h"
#include "il-step-analysis-page-private.h"
#include "il-wrap-box.h"

/* One row of the table: a copy of a step's figures, so the model does not
 * borrow the aggregates. */
#define IL_TYPE_STEP_ITEM (il_step_item_get_type ())
G_DECLARE_FINAL_TYPE (IlStepItem, il_step_item, IL, STEP_ITEM, GObject)

struct _IlStepItem
{
  GObject  parent_instance;
  char    *name;
  double   values[14];
};

G_DEFINE_FINAL_TYPE (IlStepItem, il_step_item, G_TYPE_OBJECT)

static void
il_step_item_finalize (GObject *object)
{
  g_free (IL_STEP_ITEM (object)->name);
  G_OBJECT_CLASS (il_step_item_parent_class)->finalize (object);
}

static void
il_step_item_class_init (IlStepItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_step_item_finalize;
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
};

static IlStepItem *
il_step_item_new (const IlStepStats *st)
{
  IlStepItem *self = g_object_new (IL_TYPE_STEP_ITEM, NULL);
  double v[] = { 0, (double) st->count, st->mean, st->median, st->std, st->min, st->max,
                 st->p50, st->p75, st->p90, st->p95, st->p99,
                 st->success_rate_pct, st->share_of_total_time_pct };

  G_STATIC_ASSERT (G_N_ELEMENTS (v) == G_N_ELEMENTS (columns));
  self->name = g_strdup (st->name);
  memcpy (self->values, v, sizeof v);
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
      return il_format_latency_ms (v);
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

  GListStore         *items;
  GtkSortListModel   *sorted;
};

G_DEFINE_FINAL_TYPE (IlStepAnalysisPage, il_step_analysis_page, IL_TYPE_DASHBOARD_PAGE)

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (GPOINTER_TO_UINT (column) == 0)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  column)
{
  IlStepItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item_cell_text (item, GPOINTER_TO_UINT (column));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
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

static void
il_step_analysis_page_snapshot_changed (IlDashboardPage *page,
                                        IlSnapshot      *snapshot)
{
  IlStepAnalysisPage *self = IL_STEP_ANALYSIS_PAGE (page);
  const IlAggregates *agg = snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; agg != NULL && i < agg->n_steps; i++)
    g_ptr_array_add (items, il_step_item_new (&agg->steps[i]));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
}

static void
il_step_analysis_page_class_init (IlStepAnalysisPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_step_analysis_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_step_analysis_page_snapshot_changed;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-step-analysis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, IlStepAnalysisPage, column_view);
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

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
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
