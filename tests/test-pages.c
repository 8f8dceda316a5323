/* test-pages.c: the Session, Errors and Raw Data pages on demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-csv.h"
#include "il-dashboard-page-private.h"
#include "il-demo.h"
#include "il-aggregate-charts.h"
#include "il-chart-widget.h"
#include "il-errors-page.h"
#include "il-overview-page-private.h"
#include "il-row-list-model-private.h"
#include "il-step-analysis-page-private.h"
#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-text-cell.h"
#include "il-resources.h"
#include "il-sessions-page-private.h"
#include "il-timeline-chart.h"
#include "pages-test-util.h"
#include "widget-test-util.h"

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("(nothing)");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

/* Rows passing the page's filters (the table may still fill up). */
static guint
n_filtered (IlRowListModel *model)
{
  guint n;

  il_row_list_model_get_rows (model, &n);
  return n;
}

/* The cell label of the row at @position in @column, or NULL. */
static GtkWidget *
find_cell (GtkWidget *widget,
           guint      position,
           IlColumn   column)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "il-list-item");
  ColumnInfo *info = g_object_get_data (G_OBJECT (widget), "il-column");

  if (list_item != NULL && info != NULL && info->column == column
      && gtk_list_item_get_item (list_item) != NULL && gtk_list_item_get_position (list_item) == position
      && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, position, column);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicking a header sorts the model itself (no GtkSortListModel). */
static void
test_raw_header_sort (void)
{
  GtkWidget *page = il_raw_page_new ();
  GtkWidget *window = show_in_window (page);
  IlRowListModel *model = _il_raw_page_get_model (IL_RAW_PAGE (page));
  GtkColumnView *view;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) latency = NULL;
  g_autoptr(GtkColumnViewColumn) step = NULL;
  g_autofree char *row_text = NULL;
  g_autofree char *cell_text = NULL;
  g_autofree char *expected_row = NULL;
  const guint32 *rows;
  guint n;

  show_snapshot (page, snapshot);
  iterate ();
  {
    /* the footer: grouped, with the noun's plural */
    GtkLabel *count = GTK_LABEL (gtk_widget_get_template_child (page, IL_TYPE_RAW_PAGE, "count_label"));
    g_autofree char *expected = il_format_rows (agg->key.total_records);

    g_assert_cmpuint (agg->key.total_records, >=, 1000);
    g_assert_cmpstr (gtk_label_get_text (count), ==, expected);
  }
  view = GTK_COLUMN_VIEW (find_descendant (page, GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, IL_N_COLUMNS);
  /* time first and newest first, Status before the wide columns, the id last */
  {
    const char *titles[] = { "Started At", "Session ID", "Turn", "Step", "Latency", "Status",
                             "Error Message", "Completed At", "Created At", "Metadata", "Metric ID" };
    int x = 0;

    for (guint i = 0; i < IL_N_COLUMNS; i++)
      {
        g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, i);

        g_assert_cmpstr (gtk_column_view_column_get_title (col), ==, titles[i]);
        if (i < 6)
          x += gtk_column_view_column_get_fixed_width (col);
      }
    g_assert_cmpint (x, <=, 1000);
  }
  g_assert_cmpint (il_row_list_model_get_sort_column (model), ==, IL_COL_STARTED_AT);
  g_assert_true (il_row_list_model_get_sort_descending (model));
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, >, 1);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (store->started_at[rows[i - 1]], >=, store->started_at[rows[i]]);
  latency = g_list_model_get_item (columns, 4);
  step = g_list_model_get_item (columns, 3);

  gtk_column_view_sort_by_column (view, latency, GTK_SORT_DESCENDING);
  g_assert_cmpint (il_row_list_model_get_sort_column (model), ==, IL_COL_LATENCY_MS);
  g_assert_true (il_row_list_model_get_sort_descending (model));
  rows = il_row_list_model_get_rows (model, &n);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (store->latency_ms[rows[i - 1]], >=, store->latency_ms[rows[i]]);

  gtk_column_view_sort_by_column (view, step, GTK_SORT_ASCENDING);
  g_assert_cmpint (il_row_list_model_get_sort_column (model), ==, IL_COL_STEP_NAME);
  g_assert_false (il_row_list_model_get_sort_descending (model));

  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (il_row_list_model_get_sort_column (model), ==, IL_N_COLUMNS);
  /* four replacements of the whole list: GTK binds about 200 rows around
   * the anchor each time, never one item per row */
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), <, 1500);
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), <, agg->key.total_records / 10);

  /* copy a row and a cell */
  il_raw_page_show_session_at (IL_RAW_PAGE (page), 4);
  rows = il_row_list_model_get_rows (model, &n);
  expected_row = il_csv_format_row (store, rows[4]);
  g_assert_true (gtk_widget_activate_action (page, "raw.copy-row", NULL));
  row_text = read_clipboard (page);
  g_assert_cmpstr (row_text, ==, expected_row);
  g_assert_true (gtk_widget_activate_action (page, "raw.copy-cell", NULL));
  cell_text = read_clipboard (page);
  /* the default cell column is the first one: metric_id */
  g_assert_true (g_str_has_prefix (expected_row, cell_text));
  g_assert_cmpuint (strlen (cell_text), ==, 36);

  /* a right click on the third row's Latency cell: that row, that column */
  iterate ();
  {
    GtkWidget *cell = find_cell (GTK_WIDGET (view), 2, IL_COL_LATENCY_MS);
    g_autofree char *expected_cell = il_csv_format_cell (store, il_row_list_model_get_row (model, 2),
                                                         IL_COL_LATENCY_MS);
    g_autofree char *text = NULL;
    graphene_point_t at;
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_assert_nonnull (cell);
    /* laid out: a cell's place is known after the view's next frame */
    while (gtk_widget_get_width (cell) == 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (gtk_widget_get_width (cell), >, 0);
    g_assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (view),
                                             &GRAPHENE_POINT_INIT (gtk_widget_get_width (cell) / 2.f,
                                                                   gtk_widget_get_height (cell) / 2.f),
                                             &at));
    g_assert_false (_il_raw_page_context_menu_at (IL_RAW_PAGE (page), -5, -5));
    g_assert_true (_il_raw_page_context_menu_at (IL_RAW_PAGE (page), at.x, at.y));
    g_assert_cmpuint (gtk_single_selection_get_selected (IL_RAW_PAGE (page)->selection), ==, 2);
    g_assert_true (gtk_widget_activate_action (page, "raw.copy-cell", NULL));
    text = read_clipboard (page);
    g_assert_cmpstr (text, ==, expected_cell);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* A snapshot of @rows' last @days days. */
static IlSnapshot *
snapshot_of_days (IlRowStore *rows,
                  int         days)
{
  IlAggregateOptions options;
  IlFilter filter;
  IlSnapshot *result;

  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - G_GINT64_CONSTANT (86400) * days * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  result = il_snapshot_new (rows, il_aggregates_compute (rows, &filter, &options));
  il_filter_clear (&filter);
  return result;
}

/* A snapshot of @n demo rows of the last 20 days. */
static IlSnapshot *
large_snapshot (guint   n,
                guint32 seed)
{
  g_autoptr(IlRowStore) rows = il_demo_generate (n, seed, DEMO_NOW);

  return snapshot_of_days (rows, 20);
}

/* A new large store is sorted in a thread; the table keeps its rows until
 * then, and only the newest of two quick snapshots is shown. */
static void
test_raw_sort_in_thread (void)
{
  GtkWidget *page = il_raw_page_new ();
  GtkWidget *window = show_in_window (page);
  IlRowListModel *model = _il_raw_page_get_model (IL_RAW_PAGE (page));
  IlSnapshot *first = large_snapshot (IL_RAW_PAGE_PREPARE_IN_THREAD + 1000, 11);
  IlSnapshot *second = large_snapshot (IL_RAW_PAGE_PREPARE_IN_THREAD + 2000, 12);
  IlRowStore *second_store = il_snapshot_get_store (second);
  IlSnapshot *third;
  gint64 end;
  const guint32 *rows;
  guint n, n_sorts;

  show_snapshot (page, snapshot);
  iterate ();
  g_assert_true (il_row_list_model_get_store (model) == store);
  n_sorts = _il_row_list_model_get_n_sorts (model);
  n = n_filtered (model);
  g_assert_cmpuint (n, >, 0);

  show_snapshot (page, first);
  show_snapshot (page, second);
  /* still the rows it showed */
  g_assert_true (il_raw_page_is_sorting (IL_RAW_PAGE (page)));
  g_assert_true (il_row_list_model_get_store (model) == store);
  g_assert_cmpuint (n_filtered (model), ==, n);

  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (il_row_list_model_get_store (model) != second_store && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (il_row_list_model_get_store (model) == second_store);
  g_assert_false (il_raw_page_is_sorting (IL_RAW_PAGE (page)));
  iterate ();
  g_assert_true (il_row_list_model_get_store (model) == second_store);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, n_sorts);

  /* newest first, the snapshot's range only, filtered in the thread too */
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, >, IL_RAW_PAGE_PREPARE_IN_THREAD / 2);
  g_assert_cmpuint (n, ==, il_snapshot_get_aggregates (second)->key.total_records);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (second_store->started_at[rows[i - 1]], >=, second_store->started_at[rows[i]]);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 1);

  /* a range change over the same store: filtered in a thread, on the sort
   * it holds */
  third = snapshot_of_days (second_store, 3);
  show_snapshot (page, third);
  g_assert_true (il_raw_page_is_sorting (IL_RAW_PAGE (page)));
  /* the table keeps its rows meanwhile */
  g_assert_true (il_row_list_model_get_rows (model, NULL) == rows);
  while (il_raw_page_is_sorting (IL_RAW_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 2);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, n_sorts);
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, il_snapshot_get_aggregates (third)->key.total_records);
  g_assert_cmpuint (n, <, il_snapshot_get_aggregates (second)->key.total_records);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (second_store->started_at[rows[i - 1]], >=, second_store->started_at[rows[i]]);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  il_snapshot_unref (first);
  il_snapshot_unref (second);
  il_snapshot_unref (third);
}

/* Counts the bound Latency cells showing their row's text, and those that
 * do not; with @on_screen, only those inside @view. */
static void
count_cells (GtkWidget      *widget,
             GtkWidget      *view,
             IlRowListModel *model,
             gboolean        on_screen,
             guint          *right,
             guint          *wrong)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "il-list-item");
  ColumnInfo *info = g_object_get_data (G_OBJECT (widget), "il-column");

  if (list_item != NULL && info != NULL && info->column == IL_COL_LATENCY_MS
      && gtk_list_item_get_item (list_item) != NULL && gtk_widget_get_parent (widget) != NULL)
    {
      guint row = il_row_list_model_get_row (model, gtk_list_item_get_position (list_item));
      g_autofree char *expected = il_format_cell (store, row, IL_COL_LATENCY_MS);
      graphene_rect_t bounds;

      /* rows GTK keeps out of sight are not allocated */
      if (on_screen
          && (!gtk_widget_compute_bounds (widget, view, &bounds) || bounds.size.height <= 0
              || bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= gtk_widget_get_height (view)))
        return;
      if (g_strcmp0 (il_text_cell_get_text (IL_TEXT_CELL (widget)), expected) == 0)
        (*right)++;
      else
        (*wrong)++;
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_cells (child, view, model, on_screen, right, wrong);
}

/* After an update the rows on screen get their new text first, a frame's
 * worth at once and the rest at the next frames; the others follow. */
static void
test_raw_fill_offscreen (void)
{
  GtkWidget *page = il_raw_page_new ();
  GtkWidget *window = show_in_window (page);
  IlRowListModel *model = _il_raw_page_get_model (IL_RAW_PAGE (page));
  GtkWidget *view;
  guint right = 0, wrong = 0;
  gint64 end;

  show_snapshot (page, snapshot);
  view = find_descendant (page, GTK_TYPE_COLUMN_VIEW);
  /* filled up: GTK's ~200 rows, all with their text */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_main_context_iteration (NULL, FALSE);
      right = wrong = 0;
      count_cells (view, view, model, FALSE, &right, &wrong);
    }
  while ((right < 150 || wrong > 0) && g_get_monotonic_time () < end);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (right, >=, 150);

  /* a frame's worth of rows on screen now (a few may keep their text) */
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, FALSE);
  right = wrong = 0;
  count_cells (view, view, model, TRUE, &right, &wrong);
  g_assert_cmpuint (right + wrong, >, 2 * IL_RAW_PAGE_FILL_CELLS / IL_N_COLUMNS);
  g_assert_cmpuint (right, >=, IL_RAW_PAGE_FILL_CELLS / IL_N_COLUMNS);
  g_assert_cmpuint (right, <=, IL_RAW_PAGE_FILL_CELLS / IL_N_COLUMNS + 3);

  /* the rest of the screen, while those out of sight still wait */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (wrong > 0 && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      right = wrong = 0;
      count_cells (view, view, model, TRUE, &right, &wrong);
    }
  g_assert_cmpuint (wrong, ==, 0);
  right = wrong = 0;
  count_cells (view, view, model, FALSE, &right, &wrong);
  g_assert_cmpuint (wrong, >, 100);

  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (wrong > 0 && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      right = wrong = 0;
      count_cells (view, view, model, FALSE, &right, &wrong);
    }
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (right, >=, 150);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* ---- Raw Data ------------------------------------------------------------------------ */

static guint
count_crlf (const char *data)
{
  guint n = 0;

  /* a byte loop: ASan's strstr() is quadratic on long texts */
  for (const char *p = data; *p != '\0'; p++)
    n += p[0] == '\r' && p[1] == '\n';
  return n;
}

static void
test_raw_page (void)
{
  GtkWidget *page = il_raw_page_new ();
  GtkWidget *window = show_in_window (page);
  IlRowListModel *model = _il_raw_page_get_model (IL_RAW_PAGE (page));
  const char *steps[] = { agg->steps[0].name, NULL };
  const char *statuses[] = { "success", "error", NULL };
  g_autofree char *dir = g_dir_make_tmp ("il-pages-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "filtered.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  SaveResult result = { 0 };
  guint expected = 0, n, session = G_MAXUINT;
  const guint32 *rows;
  gint64 step_id = il_string_pool_lookup (store->steps, agg->steps[0].name);

  show_snapshot (page, snapshot);
  iterate ();
  g_assert_cmpuint (n_filtered (model), ==, agg->key.total_records);

  /* step, statuses and latency: the same rows the test counts */
  il_raw_page_set_filter (IL_RAW_PAGE (page), steps, statuses, 200, 2000);
  for (guint r = 0; r < store->n_rows; r++)
    {
      const char *status = il_row_store_get_status (store, r);

      if (store->step[r] == (IlStrId) step_id &&
          (g_str_equal (status, "success") || g_str_equal (status, "error")) &&
          store->latency_ms[r] >= 200 && store->latency_ms[r] <= 2000 &&
          il_filter_matches (&agg->filter, store, r))
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);
  rows = _il_raw_page_get_model (IL_RAW_PAGE (page)) ? il_row_list_model_get_rows (model, &n) : NULL;
  g_assert_cmpuint (n, ==, expected);

  /* sorted views keep the filter */
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, expected);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (store->latency_ms[rows[i - 1]], >=, store->latency_ms[rows[i]]);

  /* Show Session on the third row */
  watch_show_session (page, &session);
  il_raw_page_show_session_at (IL_RAW_PAGE (page), 2);
  g_assert_cmpuint (session, ==, store->session[rows[2]]);

  /* Save Filtered as CSV */
  g_signal_connect (page, "save-finished", G_CALLBACK (on_save_finished), &result);
  il_raw_page_save_csv (IL_RAW_PAGE (page), file, TRUE);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result.n_rows, ==, expected);
  g_assert_nonnull (strstr (result.message, "filtered.csv"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpuint (count_crlf (contents), >=, expected + 1);
  {
    /* every record starts with a uuid: count line starts that do */
    guint records = 0;

    for (const char *p = contents; p != NULL && *p; )
      {
        const char *next = strstr (p, "\r\n");

        if (next == NULL)
          break;
        if (next - p > 36 && p[8] == '-' && p[13] == '-')
          records++;
        p = next + 2;
      }
    g_assert_cmpuint (records, ==, expected);
  }

  /* a failing save says why and writes nothing */
  {
    g_autofree char *bad = g_build_filename (dir, "gone", "x.csv", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);

    g_clear_pointer (&result.message, g_free);
    result.done = FALSE;
    il_raw_page_save_csv (IL_RAW_PAGE (page), bad_file, FALSE);
    while (!result.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (result.n_rows, ==, -1);
    g_assert_nonnull (strstr (result.message, "gone"));
  }

  /* an empty filter result (the table drops its rows a few at a time) */
  il_raw_page_set_filter (IL_RAW_PAGE (page), NULL, NULL, 1e8, INFINITY);
  g_assert_cmpuint (n_filtered (model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (IL_RAW_PAGE (page)->stack), ==, "empty");
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* no data (a page with no dashboard waits for its first data) */
  show_snapshot (page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (IL_RAW_PAGE (page)->stack), ==, "loading");

  g_free (result.message);
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* ---- Error Analysis ------------------------------------------------------------------- */

static void
test_errors_page (void)
{
  GtkWidget *page = il_errors_page_new ();
  GtkWidget *window = show_in_window (page);
  gint64 error_id = il_string_pool_lookup (store->statuses, "error");
  guint session = G_MAXUINT;

  show_snapshot (page, snapshot);
  iterate ();
  g_assert_cmpuint (agg->n_error_groups, >, 1);
  g_assert_cmpint (error_id, >=, 0);

  watch_show_session (page, &session);
  for (guint gi = 0; gi < MIN (agg->n_error_groups, 5); gi++)
    {
      const IlErrorGroup *g = &agg->error_groups[gi];
      gint64 best = G_MININT64;
      guint expected = G_MAXUINT;
      guint64 count = 0;

      for (guint r = 0; r < store->n_rows; r++)
        if (store->status[r] == (IlStrId) error_id && store->step[r] == g->step &&
            store->error_message[r] == g->message && il_filter_matches (&agg->filter, store, r))
          {
            count++;
            if (store->started_at[r] >= best)
              {
                best = store->started_at[r];
                expected = store->session[r];
              }
          }
      g_assert_cmpuint (count, ==, g->count);

      session = G_MAXUINT;
      il_errors_page_show_session (IL_ERRORS_PAGE (page), gi);
      g_assert_cmpuint (session, ==, expected);
    }

  /* no errors in range: the empty state, no crash */
  {
    g_autoptr(IlSnapshot) none = NULL;
    IlFilter filter;
    IlAggregateOptions options;

    il_filter_init (&filter);
    filter.statuses = g_hash_table_new (NULL, NULL);
    g_hash_table_add (filter.statuses,
                      GUINT_TO_POINTER ((guint) il_string_pool_lookup (store->statuses, "success") + 1));
    il_aggregate_options_init (&options);
    none = il_snapshot_new (store, il_aggregates_compute (store, &filter, &options));
    il_filter_clear (&filter);
    g_assert_cmpuint (il_snapshot_get_aggregates (none)->n_error_groups, ==, 0);
    show_snapshot (page, none);
    iterate ();
    session = G_MAXUINT;
    il_errors_page_show_session (IL_ERRORS_PAGE (page), 0);
    g_assert_cmpuint (session, ==, G_MAXUINT);
    show_snapshot (page, NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* ---- Session Deep Dive ----------------------------------------------------------------- */

static void
test_sessions_page (void)
{
  GtkWidget *page = il_sessions_page_new ();
  GtkWidget *window = show_in_window (page);
  const IlSessionDetail *detail;
  const guint32 *rows;
  guint n, target, expected_rows = 0, matching = 0;
  char id[37], prefix[5];
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "stack"));

  /* Before the first snapshot the rows are loading: no "No Sessions". */
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");

  show_snapshot (page, snapshot);
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sessions");
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, agg->n_sessions);
  /* most recent first, and the first one is selected */
  for (guint i = 1; i < agg->n_sessions; i++)
    g_assert_cmpint (agg->sessions[i - 1].first_start, >=, agg->sessions[i].first_start);
  g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==, agg->sessions[0].session);

  /* search by a prefix */
  target = agg->sessions[agg->n_sessions / 2].session;
  il_uuid_format (&store->session_ids[target], id);
  memcpy (prefix, id, 4);
  prefix[4] = '\0';
  for (guint i = 0; i < agg->n_sessions; i++)
    {
      char other[37];

      il_uuid_format (&agg->sessions[i].id, other);
      matching += g_str_has_prefix (other, prefix);
    }
  il_sessions_page_set_search (IL_SESSIONS_PAGE (page), prefix);
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, matching);
  il_sessions_page_set_search (IL_SESSIONS_PAGE (page), "zzzz");
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, 0);

  /* select a session (what Show Session does): its rows by started_at */
  il_sessions_page_select_session (IL_SESSIONS_PAGE (page), target);
  iterate ();
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, agg->n_sessions);
  g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==, target);
  detail = _il_sessions_page_get_detail (IL_SESSIONS_PAGE (page));
  g_assert_nonnull (detail);
  for (guint r = 0; r < store->n_rows; r++)
    expected_rows += store->session[r] == target && il_filter_matches (&agg->filter, store, r);
  g_assert_cmpuint (detail->n_rows, ==, expected_rows);
  rows = il_row_list_model_get_rows (_il_sessions_page_get_rows_model (IL_SESSIONS_PAGE (page)), &n);
  g_assert_cmpuint (n, ==, expected_rows);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (store->session[rows[i]], ==, target);
      if (i > 0)
        g_assert_cmpint (store->started_at[rows[i - 1]], <=, store->started_at[rows[i]]);
    }

  /* timeline geometry: each bar spans started_at..completed_at at the x the
   * layout gives, in seconds from the session start, and is painted there */
  {
    IlSessionChartData data = { store, (IlSessionDetail *) detail };
    IlTimelineLayout layout;
    IlChartStyle style;
    int width = 900;
    int height;
    cairo_surface_t *surface;
    cairo_t *cr;
    guint checked = 0;

    il_chart_style_init (&style, FALSE);
    height = il_timeline_chart_get_natural_height (&data, &style);
    g_assert_cmpint (height, >, 0);
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    cr = cairo_create (surface);
    il_timeline_chart.draw (cr, &data, &style, width, height);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_flush (surface);
    il_timeline_chart_get_layout (&data, &style, width, height, &layout);
    g_assert_cmpfloat (layout.seconds, >=, (detail->end - detail->start) / 1e6);

    for (guint i = 0; i < detail->n_rows; i++)
      {
        guint row = detail->rows[i];
        double x0 = il_timeline_chart_x_for_time (&data, &layout, store->started_at[row]);
        double x1 = il_timeline_chart_x_for_time (&data, &layout, store->completed_at[row]);
        double expected0 = layout.x + (store->started_at[row] - detail->start) / 1e6 / layout.seconds * layout.width;
        double expected1 = layout.x + (store->completed_at[row] - detail->start) / 1e6 / layout.seconds * layout.width;
        const char *status = il_row_store_get_status (store, row);
        int px, py;
        const guint8 *pixel;
        guint32 argb;
        const IlColor *c;

        g_assert_cmpfloat_with_epsilon (x0, expected0, 0.5);
        g_assert_cmpfloat_with_epsilon (x1, expected1, 0.5);

        /* the middle of a bar wide enough to sample has the status colour */
        if (x1 - x0 < 6 || !g_str_equal (status, "success"))
          continue;
        c = &style.success;
        px = (int) ((x0 + x1) / 2);
        py = (int) il_timeline_chart_row_y (&layout, i);
        pixel = cairo_image_surface_get_data (surface) + py * cairo_image_surface_get_stride (surface) + px * 4;
        memcpy (&argb, pixel, 4);
        g_assert_cmpint (ABS ((int) ((argb >> 16) & 0xff) - (int) (c->r * 255)), <=, 40);
        g_assert_cmpint (ABS ((int) ((argb >> 8) & 0xff) - (int) (c->g * 255)), <=, 40);
        g_assert_cmpint (ABS ((int) (argb & 0xff) - (int) (c->b * 255)), <=, 40);
        checked++;
      }
    g_assert_cmpuint (checked, >, 0);

    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }

  /* zoom into the selected session's timeline: the next session opens fitted */
  {
    GtkWidget *chart = GTK_WIDGET (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "timeline_chart"));
    int width;

    g_assert_true (gtk_widget_activate_action (page, "sessions.zoom-in", NULL));
    gtk_widget_get_size_request (chart, &width, NULL);
    g_assert_cmpint (width, >, 0);
    il_sessions_page_select_session (IL_SESSIONS_PAGE (page), agg->sessions[0].session == target
                                                              ? agg->sessions[1].session : agg->sessions[0].session);
    iterate ();
    gtk_widget_get_size_request (chart, &width, NULL);
    g_assert_cmpint (width, ==, -1);
  }

  /* empty */
  show_snapshot (page, NULL);
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, 0);
  g_assert_null (_il_sessions_page_get_detail (IL_SESSIONS_PAGE (page)));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *out)
{
  if (IL_IS_CHART_WIDGET (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_charts (child, out);
}

/* Charts declared in a page's .ui by name draw the page's snapshot and hold
 * it; the page holds the snapshot it shows. */
static void
test_declared_charts (void)
{
  GtkWidget *page = il_overview_page_new ();
  GtkWidget *window = show_in_window (page);
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  g_autoptr(IlSnapshot) own = il_snapshot_new (store, il_aggregates_compute (store, NULL, NULL));
  GtkWidget *chart;

  chart = g_object_new (IL_TYPE_CHART_WIDGET, "chart", "trend", NULL);
  g_object_ref_sink (chart);
  g_assert_true (il_chart_widget_get_chart_class (IL_CHART_WIDGET (chart)) == &il_trend_line_chart);
  g_object_set (chart, "snapshot", own, NULL);
  g_assert_true (il_chart_widget_get_data (IL_CHART_WIDGET (chart)) == il_snapshot_get_aggregates (own));
  g_assert_true (il_chart_widget_get_snapshot (IL_CHART_WIDGET (chart)) == own);
  g_object_unref (chart);

  collect_charts (page, charts);
  g_assert_cmpuint (charts->len, ==, 7);
  show_snapshot (page, own);
  g_assert_true (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)) == own);
  for (guint i = 0; i < charts->len; i++)
    {
      g_assert_true (il_chart_widget_get_snapshot (charts->pdata[i]) == own);
      g_assert_true (il_chart_widget_get_data (charts->pdata[i]) == il_snapshot_get_aggregates (own));
    }
  show_snapshot (page, NULL);
  for (guint i = 0; i < charts->len; i++)
    g_assert_null (il_chart_widget_get_data (charts->pdata[i]));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pages_test_init (&argc, &argv);

  g_test_add_func ("/pages/declared-charts", test_declared_charts);
  g_test_add_func ("/pages/raw", test_raw_page);
  g_test_add_func ("/pages/raw-header-sort", test_raw_header_sort);
  g_test_add_func ("/pages/raw-sort-in-thread", test_raw_sort_in_thread);
  g_test_add_func ("/pages/raw-fill-offscreen", test_raw_fill_offscreen);
  g_test_add_func ("/pages/errors", test_errors_page);
  g_test_add_func ("/pages/sessions", test_sessions_page);

  ret = g_test_run ();

  pages_test_free_demo ();

  return ret;
}
