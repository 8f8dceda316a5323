/* test-page-updates.c: pages take a new snapshot without rebuilding what
 * stays, so an update lands within a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-aggregates.h"
#include "il-dashboard.h"
#include "il-dashboard-page-private.h"
#include "il-demo.h"
#include "il-format.h"
#include "il-resources.h"
#include "il-step-analysis-page-private.h"
#include "widget-test-util.h"

#define N_DEMO_ROWS 20000
#define DEMO_NOW    G_GINT64_CONSTANT (1795000000000000)   /* a fixed "now" */
#define DAY_US      (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static IlRowStore *store;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static IlSnapshot *
snapshot_of_days (int days)
{
  IlFilter filter;
  IlAggregateOptions options;
  IlSnapshot *snapshot;

  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - days * DAY_US;
  il_aggregate_options_init (&options);
  snapshot = il_snapshot_new (store, il_aggregates_compute (store, &filter, &options));
  il_filter_clear (&filter);
  return snapshot;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static const IlStepStats *
find_step (const IlAggregates *agg,
           const char         *name)
{
  for (guint i = 0; i < agg->n_steps; i++)
    if (g_str_equal (agg->steps[i].name, name))
      return &agg->steps[i];
  return NULL;
}

/* The same steps in a new snapshot: the table keeps its rows (and so their
 * widgets, scroll position and focus) and shows the new figures, in the
 * order of the sorted column. */
static void
test_step_table_in_place (void)
{
  g_autoptr(IlSnapshot) wide = snapshot_of_days (20);
  g_autoptr(IlSnapshot) narrow = snapshot_of_days (3);
  const IlAggregates *agg = il_snapshot_get_aggregates (narrow);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_step_analysis_page_new ();
  IlStepAnalysisPage *step_page = IL_STEP_ANALYSIS_PAGE (page);
  GListModel *model = _il_step_analysis_page_get_model (step_page);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkColumnViewColumn) count_column = NULL;
  GtkColumnView *view;
  guint64 last_count = 0;

  /* the same steps in the same order, with other counts */
  g_assert_cmpuint (agg->n_steps, >, 1);
  g_assert_cmpuint (agg->n_steps, ==, il_snapshot_get_aggregates (wide)->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    g_assert_cmpstr (agg->steps[i].name, ==, il_snapshot_get_aggregates (wide)->steps[i].name);
  g_assert_cmpuint (agg->steps[0].count, <, il_snapshot_get_aggregates (wide)->steps[0].count);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
  gtk_window_present (GTK_WINDOW (window));
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), wide);
  /* the first rows come a few per frame */
  wait_n_items (model, agg->n_steps);

  view = GTK_COLUMN_VIEW (find_descendant (page, GTK_TYPE_COLUMN_VIEW));
  count_column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);
  gtk_column_view_sort_by_column (view, count_column, GTK_SORT_DESCENDING);
  iterate ();
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (before, g_list_model_get_item (model, i));

  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), narrow);
  iterate ();

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, agg->n_steps);
  for (guint row = 0; row < agg->n_steps; row++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, row);
      g_autofree char *name = _il_step_analysis_page_dup_cell (step_page, row, 0);
      g_autofree char *count = _il_step_analysis_page_dup_cell (step_page, row, 1);
      const IlStepStats *st = find_step (agg, name);
      g_autofree char *expected = NULL;

      g_assert_nonnull (st);
      expected = il_format_count_str (st->count);
      g_assert_cmpstr (count, ==, expected);
      /* still sorted by the new counts (the column's first order is the
       * numeric sorter's, inverted: ascending) */
      g_assert_cmpuint (st->count, >=, last_count);
      last_count = st->count;
      /* the row the table had, not a new one */
      g_assert_true (g_ptr_array_find (before, item, NULL));
    }

  /* what is on screen follows: the busiest step's new count */
  {
    g_autofree char *first = _il_step_analysis_page_dup_cell (step_page, 0, 1);

    g_assert_true (shows_label (page, first));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
dashboard_ready (IlDashboard *dashboard)
{
  return il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY && il_dashboard_is_idle (dashboard);
}

static void
wait_ready (IlDashboard *dashboard)
{
  while (!dashboard_ready (dashboard))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

/* A hidden step page does not build its table while another page takes the
 * new data: it lets go of the old snapshot and fills when shown. */
static void
test_step_page_fills_when_shown (void)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *other = gtk_label_new ("other page");
  GtkWidget *page = il_step_analysis_page_new ();
  GListModel *model = _il_step_analysis_page_get_model (IL_STEP_ANALYSIS_PAGE (page));
  IlSnapshot *first;

  gtk_stack_add_named (GTK_STACK (stack), other, "other");
  gtk_stack_add_named (GTK_STACK (stack), page, "steps");
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (page), dashboard);
  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_days (dashboard, 20);
  il_dashboard_refresh (dashboard);
  wait_ready (dashboard);

  first = il_dashboard_get_snapshot (dashboard);
  g_assert_nonnull (first);
  g_assert_false (gtk_widget_get_mapped (page));
  g_assert_null (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  iterate ();
  g_assert_true (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)) == first);
  /* new rows come a few per frame */
  wait_n_items (model, il_snapshot_get_aggregates (first)->n_steps);

  /* a new range while hidden: the old data goes, the new comes when shown */
  gtk_stack_set_visible_child (GTK_STACK (stack), other);
  iterate ();
  il_dashboard_set_days (dashboard, 3);
  wait_ready (dashboard);
  g_assert_true (il_dashboard_get_snapshot (dashboard) != first);
  g_assert_null (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)));

  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  iterate ();
  g_assert_true (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)) == il_dashboard_get_snapshot (dashboard));
  wait_n_items (model, il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard))->n_steps);
  {
    const IlAggregates *agg = il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard));
    g_autofree char *count = _il_step_analysis_page_dup_cell (IL_STEP_ANALYSIS_PAGE (page), 0, 1);
    g_autofree char *name = _il_step_analysis_page_dup_cell (IL_STEP_ANALYSIS_PAGE (page), 0, 0);
    g_autofree char *expected = il_format_count_str (find_step (agg, name)->count);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, agg->n_steps);
    g_assert_cmpstr (count, ==, expected);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("IL_DEMO_ROWS", "20000", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  store = il_demo_generate (N_DEMO_ROWS, IL_DEMO_DEFAULT_SEED, DEMO_NOW);

  g_test_add_func ("/page-updates/step-table-in-place", test_step_table_in_place);
  g_test_add_func ("/page-updates/step-page-fills-when-shown", test_step_page_fills_when_shown);

  ret = g_test_run ();
  il_row_store_unref (store);
  return ret;
}
