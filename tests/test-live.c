/* test-live.c: live mode against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows inserted between two ticks reach the figures, the pages keep what
 * the user looks at (the selected session) and a tick that finds nothing
 * costs at most three requests.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "fake-postgrest.h"
#include "il-config.h"
#include "il-demo.h"
#include "il-format.h"
#include "il-dashboard-page.h"
#include "il-errors-page.h"
#include "il-main-window-private.h"
#include "il-raw-page-private.h"
#include "il-sessions-page-private.h"
#include "il-status-badge-private.h"

#define N_ROWS   3000
#define N_NEW    40
#define SEED     777
#define API_KEY  "sb_publishable_LiveTestKey_0123456789abcdef"

static IlFakePostgrest *fake;
static IlMainWindow *window;

typedef gboolean (*Condition) (void);

static gboolean
wait_for (Condition cond)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond ())
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
}

static gboolean
connected_and_idle (void)
{
  return il_main_window_is_idle (window)
         && il_status_badge_get_status (_il_main_window_get_status_badge (window)) == IL_STATUS_CONNECTED
         && il_main_window_get_aggregates (window) != NULL;
}

static IlSessionsPage *
sessions_page (void)
{
  return IL_SESSIONS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_SESSIONS));
}

static void
selected_id (char id[37])
{
  IlSessionsPage *page = sessions_page ();
  IlRowStore *store = il_snapshot_get_store (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)));
  guint32 session = il_sessions_page_get_selected_session (page);

  g_assert_cmpuint (session, <, store->n_sessions);
  il_uuid_format (&store->session_ids[session], id);
}

/* A tick, checking on the way that nothing shows a loading state. */
static void
tick (void)
{
  IlSnapshot *before = il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (sessions_page ()));

  g_assert_nonnull (before);
  _il_main_window_run_auto_refresh (window);
  g_assert_false (il_main_window_is_idle (window));
  while (!il_main_window_is_idle (window))
    {
      g_assert_cmpint (il_status_badge_get_status (_il_main_window_get_status_badge (window)), ==,
                       IL_STATUS_CONNECTED);
      g_assert_nonnull (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (sessions_page ())));
      g_assert_cmpstr (_il_main_window_get_visible_view (window), ==, "pages");
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (wait_for (connected_and_idle));
}

/* Lets a few frames run, so the lists lay themselves out. */
static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (300, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Whether the selected session's rows table scrolls by 40 px, within
 * 30 s: a table that never would fails instead of hanging the loop. */
static gboolean
rows_table_scrolls (void)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (sessions_page ()->rows_view));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) < 40)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static void
test_live (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlRowStore) inserted = il_demo_generate (N_NEW, SEED + 1, g_get_real_time ());
  g_autofree char *total = NULL;
  g_autofree char *grown = NULL;
  char chosen[37], after[37];
  guint before;
  guint32 chosen_session;
  const IlAggregates *agg;
  guint old_position;
  GtkAdjustment *rows_vadj;
  double rows_scroll;
  GLogLevelFlags fatal;

  g_assert_true (wait_for (connected_and_idle));
  total = il_format_count_str (N_ROWS);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, total);

  /* Live, with an interval the test never waits for: it ticks by hand. */
  g_settings_set_int (settings, "live-interval-seconds", 3600);
  g_settings_set_boolean (settings, "live", TRUE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 3600);
  g_assert_true (gtk_toggle_button_get_active (_il_main_window_get_live_button (window)));

  /* The user looks at an old session, near the end of the list: the new
   * sessions are listed before it. */
  il_main_window_set_page (window, IL_PAGE_SESSIONS);
  g_assert_true (wait_for (connected_and_idle));
  agg = il_snapshot_get_aggregates (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (sessions_page ())));
  old_position = agg->n_sessions - 5;
  chosen_session = agg->sessions[old_position].session;
  il_sessions_page_select_session (sessions_page (), chosen_session);
  g_assert_cmpuint (il_sessions_page_get_selected_session (sessions_page ()), ==, chosen_session);
  selected_id (chosen);

  /* A tick that finds nothing: few requests, same figures, same session. */
  before = il_fake_postgrest_get_n_requests (fake);
  tick ();
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, <=, 3);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, total);
  selected_id (after);
  g_assert_cmpstr (after, ==, chosen);

  /* The user zooms into its timeline (x4). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sessions_page ()), "sessions.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sessions_page ()), "sessions.zoom-in", NULL));
  g_assert_cmpuint (_il_sessions_page_get_zoom (sessions_page ()), ==, 4);
  /* ...and scrolls its rows table down a little */
  settle ();
  rows_vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (sessions_page ()->rows_view));
  /* its rows go in a few per frame, fewer on a busy machine */
  g_assert_true (rows_table_scrolls ());
  g_assert_cmpfloat (gtk_adjustment_get_upper (rows_vadj) - gtk_adjustment_get_page_size (rows_vadj), >=, 40);
  /* (GTK 4.8 may ignore a scroll before its rows are placed: try until it took) */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  for (guint i = 0; i < 20 && gtk_adjustment_get_value (rows_vadj) != 40; i++)
    {
      gtk_adjustment_set_value (rows_vadj, 40);
      settle ();
    }
  g_log_set_always_fatal (fatal);
  rows_scroll = gtk_adjustment_get_value (rows_vadj);
  g_assert_cmpfloat (rows_scroll, >, 0);

  /* Rows inserted between two ticks (new sessions, some listed before the
   * selected one) reach the figures; the selected session stays selected,
   * at its zoom. */
  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, inserted);
  tick ();
  grown = il_format_count_str (N_ROWS + N_NEW);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, grown);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS + N_NEW);
  g_assert_cmpuint (il_snapshot_get_aggregates (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (sessions_page ())))
                      ->key.total_records, ==, N_ROWS + N_NEW);
  selected_id (after);
  g_assert_cmpstr (after, ==, chosen);
  /* ...though it moved down the list */
  agg = il_snapshot_get_aggregates (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (sessions_page ())));
  g_assert_cmpuint (agg->sessions[old_position].session, !=, il_sessions_page_get_selected_session (sessions_page ()));
  g_assert_cmpuint (_il_sessions_page_get_zoom (sessions_page ()), ==, 4);
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (rows_vadj), ==, rows_scroll);
  g_assert_nonnull (strstr (_il_main_window_get_updated_text (window), "Updated"));

  /* And the next empty tick is cheap again; an open popover stays open. */
  gtk_menu_button_popup (window->range_button);
  settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (window->range_button))));
  before = il_fake_postgrest_get_n_requests (fake);
  tick ();
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, <=, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (window->range_button))));
  gtk_menu_button_popdown (window->range_button);
  selected_id (after);
  g_assert_cmpstr (after, ==, chosen);

  g_settings_set_boolean (settings, "live", FALSE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 0);
}

static guint
rows_of_step (IlRowStore *store,
              const char *step)
{
  guint n = 0;

  for (guint i = 0; i < store->n_rows; i++)
    n += g_strcmp0 (il_string_pool_get (store->steps, store->step[i]), step) == 0;
  return n;
}

/* Rows passing the page's filters (the table may still fill up). */
static guint
n_filtered (IlRowListModel *model)
{
  guint n;

  il_row_list_model_get_rows (model, &n);
  return n;
}

static void
count_calls (guint *n)
{
  (*n)++;
}

/* The Raw Data page keeps its filter and its selected row across a tick. */
static void
test_live_raw_page (void)
{
  g_autoptr(IlRowStore) inserted = il_demo_generate (N_NEW, SEED + 2, g_get_real_time ());
  const char *steps[] = { "stt", NULL };
  IlRawPage *page;
  IlRowListModel *model;
  GtkSingleSelection *selection;
  IlUuid chosen;
  guint row;
  GtkAdjustment *vadj;
  double scroll;
  GLogLevelFlags fatal;
  guint replacements = 0;
  gulong handler;

  il_main_window_set_page (window, IL_PAGE_RAW);
  g_assert_true (wait_for (connected_and_idle));
  page = IL_RAW_PAGE (il_main_window_get_page_widget (window, IL_PAGE_RAW));
  model = _il_raw_page_get_model (page);
  il_raw_page_set_filter (page, steps, NULL, 0, 0);
  g_assert_cmpuint (n_filtered (model), ==,
                    rows_of_step (il_main_window_get_store (window), "stt"));
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (page->column_view));
  gtk_single_selection_set_selected (selection, 7);
  row = il_row_list_model_get_row (model, 7);
  chosen = il_main_window_get_store (window)->metric_id[row];
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page->column_view));
  /* the table fills up a few rows at a time */
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < n_filtered (model))
    g_main_context_iteration (NULL, TRUE);
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, 1000);
  /* GTK 4.8 may warn that it "failed to scroll to given position" and
   * ignore a scroll it gets before its rows are placed: try until it took. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  for (guint i = 0; i < 20 && gtk_adjustment_get_value (vadj) != 400; i++)
    {
      gtk_adjustment_set_value (vadj, 400);
      settle ();
    }
  g_log_set_always_fatal (fatal);
  scroll = gtk_adjustment_get_value (vadj);
  g_assert_cmpfloat (scroll, >, 0);

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, inserted);
  handler = g_signal_connect_swapped (model, "changing", G_CALLBACK (count_calls), &replacements);
  tick ();
  g_signal_handler_disconnect (model, handler);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS + 2 * N_NEW);
  /* the new store and the page's filter go in as one replacement */
  g_assert_cmpuint (replacements, ==, 1);
  /* still only "stt", the new rows' too */
  g_assert_cmpuint (n_filtered (model), ==,
                    rows_of_step (il_main_window_get_store (window), "stt"));
  row = il_row_list_model_get_row (model, gtk_single_selection_get_selected (selection));
  g_assert_cmpuint (row, <, il_main_window_get_store (window)->n_rows);
  g_assert_cmpint (il_uuid_compare (&il_main_window_get_store (window)->metric_id[row], &chosen), ==, 0);
  /* and the table where it was scrolled to */
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, scroll);
}

/* "Updated 5 s ago", with plurals. */
static void
test_updated_text (void)
{
  const struct { gint64 s; const char *text; } cases[] = {
    { -3, "Updated 0 s ago" }, { 5, "Updated 5 s ago" }, { 59, "Updated 59 s ago" },
    { 60, "Updated 1 min ago" }, { 3599, "Updated 59 min ago" }, { 7200, "Updated 2 h ago" },
    { 86400, "Updated 1 day ago" }, { 3 * 86400, "Updated 3 days ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = _il_main_window_format_updated (cases[i].s);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static guint
errors_of_step (IlRowStore *store,
                const char *step)
{
  guint n = 0;

  for (guint i = 0; i < store->n_rows; i++)
    n += g_strcmp0 (il_string_pool_get (store->steps, store->step[i]), step) == 0
         && g_strcmp0 (il_string_pool_get (store->statuses, store->status[i]), "error") == 0;
  return n;
}

static gboolean
errors_page_current (void)
{
  IlDashboardPage *page = IL_DASHBOARD_PAGE (il_main_window_get_page_widget (window, IL_PAGE_ERRORS));

  return il_dashboard_page_get_snapshot (page) == il_dashboard_get_snapshot (_il_main_window_get_dashboard (window));
}

/* Error Analysis keeps its filter across a tick. */
static void
test_live_errors_page (void)
{
  g_autoptr(IlRowStore) inserted = il_demo_generate (4 * N_NEW, SEED + 3, g_get_real_time ());
  const IlAggregates *agg;
  g_autofree char *step = NULL;
  const char *steps[] = { NULL, NULL };
  IlErrorsPage *page;
  guint n;

  il_main_window_set_page (window, IL_PAGE_ERRORS);
  g_assert_true (wait_for (connected_and_idle));
  page = IL_ERRORS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_ERRORS));
  agg = il_main_window_get_aggregates (window);
  for (guint i = 0; i < agg->n_steps && steps[0] == NULL; i++)
    if (agg->steps[i].error_count > 0)
      steps[0] = step = g_strdup (agg->steps[i].name);   /* the snapshot goes with the tick */
  g_assert_nonnull (steps[0]);
  il_errors_page_set_error_filter (page, steps, NULL, IL_TIME_NONE, IL_TIME_NONE);
  il_errors_page_get_filtered_errors (page, &n);
  g_assert_cmpuint (n, ==, errors_of_step (il_main_window_get_store (window), steps[0]));

  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, inserted);
  tick ();
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS + 6 * N_NEW);
  g_assert_true (wait_for (errors_page_current));
  il_errors_page_get_filtered_errors (page, &n);
  if (n != errors_of_step (il_main_window_get_store (window), step))
    {
      IlSnapshot *shown = il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page));

      g_test_message ("the page's store %p: %u rows, %u errors of the step; the window's %p: %u rows",
                      (void *) il_snapshot_get_store (shown), il_snapshot_get_store (shown)->n_rows,
                      errors_of_step (il_snapshot_get_store (shown), step),
                      (void *) il_main_window_get_store (window), il_main_window_get_store (window)->n_rows);
    }
  g_assert_cmpuint (n, ==, errors_of_step (il_main_window_get_store (window), step));
  g_assert_cmpuint (n, <, il_main_window_get_aggregates (window)->errors.total_errors);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IlRowStore) rows = NULL;
  IlConfig *config;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  rows = il_demo_generate (N_ROWS, SEED, g_get_real_time ());
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 500);
  /* the test ticks by hand: Realtime would start ticks of its own
   * (test-realtime covers those) */
  il_fake_postgrest_set_realtime (fake, FALSE);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, 30, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  il_main_window_set_source (window, config, FALSE);

  g_test_add_func ("/live/updated-text", test_updated_text);
  g_test_add_func ("/live/ticks", test_live);
  g_test_add_func ("/live/raw-page", test_live_raw_page);
  g_test_add_func ("/live/errors-page", test_live_errors_page);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  il_fake_postgrest_free (fake);
  il_config_free (config);
  return ret;
}
