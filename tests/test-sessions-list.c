/* test-sessions-list.c: the Session Deep Dive list shows rows after a jump and a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-frame-budget.h"
#include "il-format.h"
#include "il-free-aside.h"
#include "il-chart-widget-private.h"
#include "il-timeline-chart.h"
#include "il-dashboard-page-private.h"
#include "il-list-slices.h"
#include "il-list-update.h"
#include "il-demo.h"
#include "il-resources.h"
#include "il-sessions-page-private.h"
#include "il-text-cell.h"
#include "widget-test-util.h"

#define N_DEMO_ROWS 200000
#define DEMO_NOW    G_GINT64_CONSTANT (1795000000000000)   /* a fixed "now" */

static IlRowStore *store;
static IlSnapshot *snapshot;
static const IlAggregates *agg;

/* The snapshot of every row of @rows. */
static IlSnapshot *
snapshot_of (IlRowStore *rows)
{
  IlFilter filter;
  IlAggregateOptions options;
  IlSnapshot *snap;

  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  snap = il_snapshot_new (rows, il_aggregates_compute (rows, &filter, &options));
  il_filter_clear (&filter);
  return snap;
}

/* Shows @child in @window, @width x 800. */
static void
present_sized (GtkWidget *window,
               GtkWidget *child,
               int        width)
{
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 800);
  gtk_window_present (GTK_WINDOW (window));
}

/* The same, 1300x800. */
static void
present_in_window (GtkWidget *window,
                   GtkWidget *child)
{
  present_sized (window, child, 1300);
}

/* The rows a user sees: row widgets of the list that are drawn inside the
 * visible part of the list; *n_selected counts the selected ones among them. */
static guint
count_visible_rows (GtkWidget *page,
                    guint     *n_selected)
{
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "sessions_view"));
  GtkWidget *list = find_descendant (view, GTK_TYPE_LIST_VIEW);
  int height = gtk_widget_get_height (list);
  guint n = 0;

  g_assert_nonnull (list);
  g_assert_cmpint (height, >, 100);
  *n_selected = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (row) || !gtk_widget_get_visible (row)
          || !gtk_widget_compute_bounds (row, list, &bounds))
        continue;
      if (bounds.size.height <= 0 || bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      n++;
      if (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED)
        (*n_selected)++;
    }
  return n;
}

static void
test_rows_after_search_and_jump (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_sessions_page_new ();
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE,
                                                                           "search_entry"));
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE,
                                                                        "sessions_view"));
  GtkSelectionModel *model = gtk_column_view_get_model (view);
  guint n_selected, visible, target_pos;
  char id[37];

  present_in_window (window, page);
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  run_frames (15);

  visible = count_visible_rows (page, &n_selected);
  g_assert_cmpuint (visible, >=, 8);
  g_assert_cmpuint (n_selected, ==, 1);

  /* type a prefix as a user does, then clear it: the whole list is back */
  il_uuid_format (&agg->sessions[agg->n_sessions / 2].id, id);
  id[3] = '\0';
  gtk_editable_set_text (GTK_EDITABLE (entry), id);
  run_frames (15);
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), <, agg->n_sessions);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  run_frames (15);
  g_assert_cmpuint (il_sessions_page_get_n_listed (IL_SESSIONS_PAGE (page)), ==, agg->n_sessions);
  g_assert_cmpuint (count_visible_rows (page, &n_selected), ==, visible);

  /* a search that matches nothing, cleared by a jump to a session far down */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzzz");
  run_frames (15);
  target_pos = agg->n_sessions * 3 / 4;
  il_sessions_page_select_session (IL_SESSIONS_PAGE (page), agg->sessions[target_pos].session);
  run_frames (15);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, target_pos);
  g_assert_cmpuint (count_visible_rows (page, &n_selected), ==, visible);
  /* and the jumped-to session is among them */
  g_assert_cmpuint (n_selected, ==, 1);

  /* a jump back to the top of the list */
  il_sessions_page_select_session (IL_SESSIONS_PAGE (page), agg->sessions[1].session);
  run_frames (15);
  g_assert_cmpuint (count_visible_rows (page, &n_selected), ==, visible);
  g_assert_cmpuint (n_selected, ==, 1);

  /* a refresh with new figures replaces every item: the rows stay on screen
   * and the same session stays selected */
  {
    IlSnapshot *again = snapshot_of (store);

    _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), again);
    run_frames (15);
    g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==, agg->sessions[1].session);
    g_assert_cmpuint (count_visible_rows (page, &n_selected), ==, visible);
    g_assert_cmpuint (n_selected, ==, 1);
    _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
    il_snapshot_unref (again);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
}

/* Show Session from another page: the page is filled and the session chosen
 * while the page is not on screen yet, then the page is shown. */
static void
test_jump_from_another_page (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *page = il_sessions_page_new ();
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE,
                                                                        "sessions_view"));
  GtkSelectionModel *model = gtk_column_view_get_model (view);
  guint n_selected, target_pos = agg->n_sessions * 3 / 4;

  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("another page"), "other");
  gtk_stack_add_named (GTK_STACK (stack), page, "sessions");
  present_in_window (window, stack);
  run_frames (15);

  gtk_stack_set_visible_child_name (GTK_STACK (stack), "sessions");
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  il_sessions_page_select_session (IL_SESSIONS_PAGE (page), agg->sessions[target_pos].session);
  run_frames (15);

  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, target_pos);
  g_assert_cmpuint (count_visible_rows (page, &n_selected), >=, 8);
  g_assert_cmpuint (n_selected, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
}

/* The row widgets of the column view @name of @page; *shown gets those on
 * screen, from the top down. */
static GPtrArray *
row_widgets (GtkWidget  *page,
             const char *name,
             GPtrArray **shown)
{
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, name));
  GtkWidget *list = find_descendant (view, GTK_TYPE_LIST_VIEW);
  GPtrArray *rows = g_ptr_array_new ();

  *shown = g_ptr_array_new ();
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      g_ptr_array_add (rows, row);
      if (gtk_widget_get_child_visible (row) && gtk_widget_get_visible (row)
          && gtk_widget_compute_bounds (row, list, &bounds) && bounds.size.height > 0
          && bounds.origin.y >= 0 && bounds.origin.y < gtk_widget_get_height (list))
        g_ptr_array_add (*shown, row);
    }
  g_ptr_array_sort (*shown, compare_widget_y);
  return rows;
}

static const char *
first_label_text (GtkWidget *widget)
{
  GtkWidget *cell = find_descendant (widget, IL_TYPE_TEXT_CELL);

  g_assert_nonnull (cell);
  return il_text_cell_get_text (IL_TEXT_CELL (cell));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *max_added)
{
  /* the rows taking new contents in place (not rows added) */
  if (removed == added)
    *max_added = MAX (*max_added, added);
}

/* Cells bound in the frame under way, and the most in any frame so far. */
typedef struct
{
  guint n;
  guint max;
} BindCount;

static void
on_bind (GtkListItemFactory *factory,
         GtkListItem        *list_item,
         BindCount          *count)
{
  count->n++;
}

static void
on_frame_painted (GdkFrameClock *clock,
                  BindCount     *count)
{
  count->max = MAX (count->max, count->n);
  count->n = 0;
}

/* Counts the cells the factories of @page's @view_name bind. */
static void
count_binds (GtkWidget *page,
             const char *view_name,
             BindCount  *count,
             gboolean    on)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, view_name));
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);

      if (on)
        g_signal_connect_after (factory, "bind", G_CALLBACK (on_bind), count);
      else
        g_signal_handlers_disconnect_by_func (factory, on_bind, count);
    }
}

/* The timeline and the waterfall show the page's session from a copy they
 * own, drawn in a worker thread (in the frame, a session's timeline took
 * 2-3 ms of it): waits until at least @n_renders renders landed for each,
 * and returns how many did for the timeline. */
static guint
check_session_charts (GtkWidget *page,
                      guint      n_renders)
{
  const IlSessionDetail *detail = _il_sessions_page_get_detail (IL_SESSIONS_PAGE (page));
  const char *names[] = { "timeline_chart", "waterfall_chart" };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint n_landed = 0;

  g_assert_nonnull (detail);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      IlChartWidget *chart = IL_CHART_WIDGET (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, names[i]));
      const IlSessionChartData *data = il_chart_widget_get_data (chart);

      g_assert_nonnull (data);
      g_assert_true (data->detail != detail);
      g_assert_true (data->store == IL_SESSIONS_PAGE (page)->store);
      g_assert_cmpuint (data->detail->n_rows, ==, detail->n_rows);
      g_assert_cmpmem (data->detail->rows, detail->n_rows * sizeof detail->rows[0],
                       detail->rows, detail->n_rows * sizeof detail->rows[0]);
      g_assert_cmpmem (data->detail->cumulative_ms, detail->n_rows * sizeof detail->cumulative_ms[0],
                       detail->cumulative_ms, detail->n_rows * sizeof detail->cumulative_ms[0]);
      while (_il_chart_widget_get_n_landed (chart) < n_renders || _il_chart_widget_is_render_pending (chart))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      if (i == 0)
        n_landed = _il_chart_widget_get_n_landed (chart);
    }
  return n_landed;
}

/* A new snapshot of other sessions (a warm load, a range change) and a
 * session of other rows keep the row widgets of both tables (building them
 * anew stalled the window), which show the new sessions and rows, bound
 * again over frames (all in one frame stalled it too). */
static void
test_rows_kept (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_sessions_page_new ();
  IlRowStore *other = il_demo_generate (N_DEMO_ROWS / 4, IL_DEMO_DEFAULT_SEED + 1, DEMO_NOW);
  IlSnapshot *again;
  const IlAggregates *other_agg;
  const IlSessionDetail *detail;
  g_autoptr(GPtrArray) sessions_before = NULL;
  g_autoptr(GPtrArray) sessions_after = NULL;
  g_autoptr(GPtrArray) rows_before = NULL;
  g_autoptr(GPtrArray) rows_after = NULL;
  g_autoptr(GPtrArray) sessions_shown = NULL;
  g_autoptr(GPtrArray) rows_shown = NULL;
  g_autoptr(GHashTable) new_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  BindCount binds = { 0, 0 };
  guint max_added = 0, rows_max_added = 0;
  guint n_landed;
  char id[37];

  again = snapshot_of (other);
  other_agg = il_snapshot_get_aggregates (again);
  g_assert_true (il_uuid_compare (&other_agg->sessions[0].id, &agg->sessions[0].id) != 0);

  present_in_window (window, page);
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  wait_n_items (G_LIST_MODEL (IL_SESSIONS_PAGE (page)->sessions), agg->n_sessions);
  run_frames (15);
  sessions_before = row_widgets (page, "sessions_view", &sessions_shown);
  g_clear_pointer (&sessions_shown, g_ptr_array_unref);
  rows_before = row_widgets (page, "rows_view", &rows_shown);
  g_clear_pointer (&rows_shown, g_ptr_array_unref);
  g_assert_cmpuint (sessions_before->len, >=, 8);
  g_assert_cmpuint (rows_before->len, >=, 8);
  n_landed = check_session_charts (page, 1);

  g_signal_connect (IL_SESSIONS_PAGE (page)->sessions, "items-changed", G_CALLBACK (on_items_changed), &max_added);
  g_signal_connect (IL_SESSIONS_PAGE (page)->rows_items, "items-changed", G_CALLBACK (on_items_changed),
                    &rows_max_added);
  count_binds (page, "sessions_view", &binds, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_frame_painted), &binds);
  g_assert_false (il_frame_budget_is_busy (window));
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), again);
  /* the frame that draws the new session's figures builds no rows */
  g_assert_true (il_frame_budget_is_busy (window));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (il_list_store_get_n_unannounced (IL_SESSIONS_PAGE (page)->sessions) > 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  run_frames (15);
  g_signal_handlers_disconnect_by_func (IL_SESSIONS_PAGE (page)->sessions, on_items_changed, &max_added);
  g_signal_handlers_disconnect_by_func (IL_SESSIONS_PAGE (page)->rows_items, on_items_changed, &rows_max_added);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window), on_frame_painted, &binds);
  count_binds (page, "sessions_view", &binds, FALSE);
  /* The rows were bound again in place, with no item announced (the list
   * is not laid out anew), and a slice per frame, not all in one: a
   * frame's budget of rows of six cells at most. */
  g_assert_cmpuint (max_added, ==, 0);
  g_assert_cmpuint (rows_max_added, ==, 0);
  g_assert_cmpuint (binds.max, >, 0);
  g_assert_cmpuint (binds.max, <=, IL_FRAME_BUDGET_ROWS * 6);
  /* in the new order, each row widget showing one of the new sessions */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (IL_SESSIONS_PAGE (page)->sessions)), ==,
                    other_agg->n_sessions);
  for (guint i = 0; i < other_agg->n_sessions; i++)
    {
      g_autoptr(IlSessionsPageItem) item = g_list_model_get_item (G_LIST_MODEL (IL_SESSIONS_PAGE (page)->sessions), i);

      g_assert_true (il_uuid_compare (&item->shown.id, &other_agg->sessions[i].id) == 0);
      il_uuid_format (&other_agg->sessions[i].id, id);
      id[8] = '\0';
      g_hash_table_add (new_ids, g_strdup (id));
    }
  sessions_after = row_widgets (page, "sessions_view", &sessions_shown);
  for (guint i = 0; i < sessions_after->len; i++)
    g_assert_true (g_hash_table_contains (new_ids, first_label_text (sessions_after->pdata[i])));
  rows_after = row_widgets (page, "rows_view", &rows_shown);
  g_assert_cmpuint (sessions_shown->len, >=, 8);
  g_assert_cmpuint (rows_shown->len, >=, 8);
  g_assert_cmpuint (sessions_after->len, ==, sessions_before->len);
  for (guint i = 0; i < sessions_before->len; i++)
    g_assert_true (g_ptr_array_find (sessions_after, sessions_before->pdata[i], NULL));
  for (guint i = 0; i < 8; i++)
    {
      il_uuid_format (&other_agg->sessions[i].id, id);
      id[8] = '\0';
      g_assert_cmpstr (first_label_text (sessions_shown->pdata[i]), ==, id);
    }
  /* the first session is selected, its rows in the table */
  g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==,
                    other_agg->sessions[0].session);
  detail = _il_sessions_page_get_detail (IL_SESSIONS_PAGE (page));
  g_assert_nonnull (detail);
  for (guint i = 0; i < rows_before->len && i < rows_after->len; i++)
    g_assert_true (g_ptr_array_find (rows_after, rows_before->pdata[i], NULL));
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *turn = g_strdup_printf ("%d", other->turn_number[detail->rows[i]]);
      g_autofree char *latency = il_format_latency_cell (other->latency_ms[detail->rows[i]]);
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      const char *mark;

      g_assert_cmpstr (first_label_text (rows_shown->pdata[i]), ==, turn);
      /* Latency, the fifth cell: the stored figure padded to three decimals
       * (a punctuation space for a missing mark), so the right-aligned
       * column lines up on the decimal point */
      collect_cell_texts (rows_shown->pdata[i], texts);
      g_assert_cmpuint (texts->len, >=, 5);
      g_assert_cmpstr (texts->pdata[4], ==, latency);
      mark = strchr (texts->pdata[4], '.');
      if (mark == NULL)
        mark = strstr (texts->pdata[4], "\u2008");
      g_assert_nonnull (mark);
      g_assert_cmpint (g_utf8_strlen (mark, -1), ==, strlen (".123 ms"));
    }
  /* the new session's, drawn anew */
  check_session_charts (page, n_landed + 1);

  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
  il_snapshot_unref (again);
  il_row_store_unref (other);
}

/* The page's array of the store's items is the store's, in order. */
static void
check_items_mirror (IlSessionsPage *self)
{
  GListModel *model = G_LIST_MODEL (self->sessions);

  g_assert_cmpuint (self->session_items->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < self->session_items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (self->session_items->pdata[i] == (gpointer) item);
    }
}

/* Splices into the page's store, as updates do, and checks the array. */
static void
test_items_mirror (void)
{
  GtkWidget *page = g_object_ref_sink (il_sessions_page_new ());
  IlSessionsPage *self = IL_SESSIONS_PAGE (page);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  /* position, removed, added */
  const guint splices[][3] = { { 0, 0, 100 }, { 0, 0, 7 }, { 50, 0, 3 }, { 107, 0, 20 },
                               { 10, 5, 2 }, { 0, 30, 0 }, { 40, 10, 10 }, { 0, 95, 1 } };

  for (guint s = 0; s < G_N_ELEMENTS (splices); s++)
    {
      g_ptr_array_set_size (items, 0);
      for (guint i = 0; i < splices[s][2]; i++)
        g_ptr_array_add (items, g_object_new (IL_TYPE_SESSIONS_PAGE_ITEM, NULL));
      g_list_store_splice (self->sessions, splices[s][0], splices[s][1], items->pdata, items->len);
      check_items_mirror (self);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)), ==, 3);
  g_object_unref (page);
}

/* A live update that lands while the first fill still goes in, a few rows
 * a frame, keeps the selected session and lets the rest go in as before,
 * not all at once (which built the rest of the rows in one go). */
static void
test_update_during_fill (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_sessions_page_new ();
  IlSessionsPage *self = IL_SESSIONS_PAGE (page);
  IlSnapshot *again;
  guint32 selected;

  again = snapshot_of (store);
  present_in_window (window, page);
  run_frames (15);
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  g_assert_cmpuint (il_list_store_get_n_waiting (self->sessions), >, 0);
  selected = il_sessions_page_get_selected_session (self);
  g_assert_cmpuint (selected, ==, agg->sessions[0].session);

  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), again);
  g_assert_cmpuint (il_list_store_get_n_waiting (self->sessions), >, 0);
  g_assert_cmpuint (il_sessions_page_get_selected_session (self), ==, selected);

  wait_n_items (G_LIST_MODEL (self->sessions), agg->n_sessions);
  for (guint i = 0; i < agg->n_sessions; i++)
    {
      g_autoptr(IlSessionsPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      g_assert_true (il_uuid_compare (&item->shown.id, &agg->sessions[i].id) == 0);
    }
  check_items_mirror (self);
  g_assert_cmpuint (il_sessions_page_get_selected_session (self), ==, selected);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
  il_snapshot_unref (again);
}

/* A snapshot without the shown session that lands during the first fill
 * (a live update after a retention job, a range change) lets the rows still
 * waiting go in a few a frame as well: looking for the session let them all
 * in at once, ~10 ms at 1M rows. */
static void
test_other_sessions_during_fill (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_sessions_page_new ();
  IlSessionsPage *self = IL_SESSIONS_PAGE (page);
  IlRowStore *other = il_demo_generate (N_DEMO_ROWS / 2, IL_DEMO_DEFAULT_SEED + 1, DEMO_NOW);
  const IlAggregates *other_agg;
  IlSnapshot *again;

  again = snapshot_of (other);
  other_agg = il_snapshot_get_aggregates (again);
  present_in_window (window, page);
  run_frames (15);
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  g_assert_cmpuint (il_sessions_page_get_selected_session (self), ==, agg->sessions[0].session);

  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), again);
  g_assert_cmpuint (il_list_store_get_n_waiting (self->sessions), >, other_agg->n_sessions / 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)), <, 50);
  g_assert_cmpuint (il_sessions_page_get_selected_session (self), ==, other_agg->sessions[0].session);

  wait_n_items (G_LIST_MODEL (self->sessions), other_agg->n_sessions);
  for (guint i = 0; i < other_agg->n_sessions; i++)
    {
      g_autoptr(IlSessionsPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      g_assert_true (il_uuid_compare (&item->shown.id, &other_agg->sessions[i].id) == 0);
    }
  check_items_mirror (self);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
  il_snapshot_unref (again);
  il_row_store_unref (other);
}

/* A snapshot of fewer sessions (a range of fewer days) lets the items of
 * the others go on a background thread, not one by one in the handler. */
static void
test_removed_items_aside (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = il_sessions_page_new ();
  IlSessionsPage *self = IL_SESSIONS_PAGE (page);
  IlFilter filter;
  IlAggregateOptions options;
  IlSnapshot *recent;
  const IlAggregates *recent_agg;
  GWeakRef last;
  guint n_handed;
  gint64 deadline;

  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - G_GINT64_CONSTANT (3) * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  recent = il_snapshot_new (store, il_aggregates_compute (store, &filter, &options));
  il_filter_clear (&filter);
  recent_agg = il_snapshot_get_aggregates (recent);
  g_assert_cmpuint (recent_agg->n_sessions, <, agg->n_sessions / 2);

  present_in_window (window, page);
  run_frames (15);
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
  wait_n_items (G_LIST_MODEL (self->sessions), agg->n_sessions);
  /* the oldest session's item: it goes, and no row shows it */
  g_weak_ref_init (&last, self->session_items->pdata[agg->n_sessions - 1]);

  n_handed = il_free_aside_get_n_handed ();
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), recent);
  g_assert_cmpuint (il_free_aside_get_n_handed (), ==, n_handed + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)), ==, recent_agg->n_sessions);
  check_items_mirror (self);
  for (guint i = 0; i < recent_agg->n_sessions; i++)
    {
      IlSessionsPageItem *item = self->session_items->pdata[i];

      g_assert_true (il_uuid_compare (&item->shown.id, &recent_agg->sessions[i].id) == 0);
    }

  /* finalized there, eventually */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      GObject *item = g_weak_ref_get (&last);

      if (item == NULL)
        break;
      g_object_unref (item);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&last);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (15);
  il_snapshot_unref (recent);
}

/* The list shows all its columns at the window's default width (1280), and
 * a narrower window gives most of its width to the session. */
static void
test_whole_table (void)
{
  const int widths[] = { 1280, 1000, 800 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *page = il_sessions_page_new ();
      GtkPaned *paned = GTK_PANED (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "paned"));
      GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "sessions_view"));
      int table_min, width;

      present_sized (window, page, widths[i]);
      _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), snapshot);
      wait_n_items (G_LIST_MODEL (IL_SESSIONS_PAGE (page)->sessions), agg->n_sessions);
      run_frames (15);
      width = gtk_widget_get_width (page);
      gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &table_min, NULL, NULL, NULL);
      g_assert_cmpint (width, ==, widths[i]);
      g_assert_cmpint (table_min, >, 400);
      if (widths[i] == 1280)
        {
          /* every column, Duration too, within the list's side */
          g_assert_cmpint (gtk_paned_get_position (paned), >=, table_min);
          g_assert_cmpint (gtk_widget_get_width (view), >=, table_min);
        }
      else
        {
          g_assert_cmpint (gtk_paned_get_position (paned), <, table_min);
          g_assert_cmpint (gtk_paned_get_position (paned), ==, MAX (width * 2 / 5, 300));
          g_assert_cmpint (gtk_widget_get_width (gtk_paned_get_end_child (paned)), >, width / 2);
        }
      _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), NULL);
      gtk_window_destroy (GTK_WINDOW (window));
      run_frames (5);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  store = il_demo_generate (N_DEMO_ROWS, IL_DEMO_DEFAULT_SEED, DEMO_NOW);
  snapshot = snapshot_of (store);
  agg = il_snapshot_get_aggregates (snapshot);

  g_test_add_func ("/sessions-list/rows-after-search-and-jump", test_rows_after_search_and_jump);
  g_test_add_func ("/sessions-list/jump-from-another-page", test_jump_from_another_page);
  g_test_add_func ("/sessions-list/rows-kept", test_rows_kept);
  g_test_add_func ("/sessions-list/update-during-fill", test_update_during_fill);
  g_test_add_func ("/sessions-list/other-sessions-during-fill", test_other_sessions_during_fill);
  g_test_add_func ("/sessions-list/items-mirror", test_items_mirror);
  g_test_add_func ("/sessions-list/removed-items-aside", test_removed_items_aside);
  g_test_add_func ("/sessions-list/whole-table", test_whole_table);

  ret = g_test_run ();

  il_snapshot_unref (snapshot);
  il_row_store_unref (store);

  return ret;
}
