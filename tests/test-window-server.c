/* test-window-server.c: the window when the database computes the figures,
 * against the fake PostgREST and its RPC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tiles and the badge come from the summary and no row is downloaded;
 * the Raw Data page pages rows from the server with its filters, Save as CSV
 * streams them, and Show Session fetches a session's rows by its id.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "fixture-rows.h"
#include "il-format.h"
#include "il-errors-page.h"
#include "il-main-window-private.h"
#include "il-raw-page-private.h"
#include "il-sessions-page-private.h"
#include "il-status-badge-private.h"
#include "widget-test-util.h"

#define API_KEY "sb_publishable_WindowServerTestKey_0123456789"

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlConfig *config;
static IlMainWindow *window;
static char *fixture_text;
static char *tmp_dir;

static char *
answer_fixture (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  return g_strdup (fixture_text);
}

typedef gboolean (*Condition) (void);

static void
wait_until (Condition cond)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static IlStatus
status (void)
{
  return il_status_badge_get_status (_il_main_window_get_status_badge (window));
}

static gboolean
connected_and_idle (void)
{
  return il_main_window_is_idle (window) && status () == IL_STATUS_CONNECTED
         && il_main_window_get_aggregates (window) != NULL;
}

static const char *
badge_text (void)
{
  return _il_status_badge_get_text (_il_main_window_get_status_badge (window));
}

/* Requests since @from that downloaded rows of the table other than the
 * pages asked for by @allowed (NULL: none allowed). */
static guint
row_requests_since (guint       from,
                    const char *allowed)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);
  guint n = 0;

  for (guint i = from; i < log->len; i++)
    {
      const char *req = g_ptr_array_index (log, i);

      if (g_str_has_prefix (req, "/rest/v1/rpc/") || strstr (req, "limit=0") != NULL)
        continue;
      if (allowed != NULL && strstr (req, allowed) != NULL)
        continue;
      n++;
    }
  return n;
}

static guint
n_logged (void)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);

  return log->len;
}

static IlRawPage *
raw_page (void)
{
  return IL_RAW_PAGE (il_main_window_get_page_widget (window, IL_PAGE_RAW));
}

static gboolean
remote_rows_counted (void)
{
  IlRemoteRows *remote = _il_raw_page_get_remote_rows (raw_page ());

  return remote != NULL && il_remote_rows_get_total (remote) >= 0 && !il_remote_rows_is_loading (remote);
}

static IlSessionsPage *
sessions_page (void)
{
  return IL_SESSIONS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_SESSIONS));
}

static gboolean
session_shown (void)
{
  return _il_sessions_page_get_detail (sessions_page ()) != NULL;
}

typedef struct
{
  gboolean  done;
  gint64    n_rows;
} SaveResult;

static void
on_save_finished (IlRawPage  *page,
                  gint64      n_rows,
                  const char *message,
                  SaveResult *result)
{
  result->done = TRUE;
  result->n_rows = n_rows;
}

static guint
count_rows (const char *step,
            double      min_latency)
{
  guint n = 0;

  for (guint i = 0; i < rows->n_rows; i++)
    if ((step == NULL || g_strcmp0 (il_row_store_get_step_name (rows, i), step) == 0)
        && rows->latency_ms[i] >= min_latency)
      n++;
  return n;
}

static void
test_summary (void)
{
  g_autoptr(IlSummary) want = il_summary_parse (fixture_text, -1, NULL);
  g_autofree char *total = il_format_count_str (want->agg->key.total_records);
  g_autofree char *p95 = il_format_latency_ms (want->agg->key.p95_latency_ms);
  guint from = n_logged ();

  g_assert_true (il_main_window_open_source (window, config, FALSE));
  wait_until (connected_and_idle);

  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, 1);
  g_assert_cmpuint (row_requests_since (from, NULL), ==, 0);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, total);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_P95_LATENCY), ==, p95);
  g_assert_cmpstr (_il_status_badge_get_mode_text (_il_main_window_get_status_badge (window)), ==,
                   "Computed in the database");
  g_assert_true (g_str_has_prefix (badge_text (), total));
}

static void
test_raw_page (void)
{
  const char *step = il_string_pool_get (rows->steps, 1);
  const char *steps[] = { step, NULL };
  guint from = n_logged ();
  g_autoptr(IlRowItem) item = NULL;
  guint newest = 0;

  il_main_window_set_page (window, IL_PAGE_RAW);
  wait_until (remote_rows_counted);
  g_assert_cmpint (il_remote_rows_get_total (_il_raw_page_get_remote_rows (raw_page ())), ==, rows->n_rows);
  /* the first page, newest first, completed where max-rows cut it */
  g_assert_cmpuint (row_requests_since (from, "&order=started_at.desc,metric_id.desc&limit="), ==, 0);
  for (guint i = 1; i < rows->n_rows; i++)
    if (rows->started_at[i] > rows->started_at[newest]
        || (rows->started_at[i] == rows->started_at[newest]
            && il_uuid_compare (&rows->metric_id[i], &rows->metric_id[newest]) > 0))
      newest = i;
  item = g_list_model_get_item (G_LIST_MODEL (_il_raw_page_get_remote_rows (raw_page ())), 0);
  g_assert_nonnull (il_row_item_get_store (item));
  g_assert_true (il_uuid_compare (&il_row_item_get_store (item)->metric_id[il_row_item_get_row (item)],
                                  &rows->metric_id[newest]) == 0);

  /* the filters go to the server */
  from = n_logged ();
  il_raw_page_set_filter (raw_page (), steps, NULL, 500, INFINITY);
  wait_until (remote_rows_counted);
  g_assert_cmpint (il_remote_rows_get_total (_il_raw_page_get_remote_rows (raw_page ())), ==,
                   count_rows (step, 500));
  g_assert_cmpuint (row_requests_since (from, "&latency_ms=gte.500&"), ==, 0);

  /* Save as CSV streams every matching row */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "filtered.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    SaveResult result = { FALSE, -2 };
    guint lines = 0;
    gulong id = g_signal_connect (raw_page (), "save-finished", G_CALLBACK (on_save_finished), &result);

    il_raw_page_save_csv (raw_page (), file, TRUE);
    while (!result.done)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (raw_page (), id);
    g_assert_cmpint (result.n_rows, ==, count_rows (step, 500));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "metric_id,session_id,turn_number,step_name,"));
    for (const char *p = contents; (p = strstr (p, "\r\n")) != NULL; p += 2)
      lines++;
    g_assert_cmpuint (lines, ==, result.n_rows + 1);
  }
  il_raw_page_set_filter (raw_page (), NULL, NULL, -INFINITY, INFINITY);
  wait_until (remote_rows_counted);

  /* the sorted column becomes the server's order */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (raw_page ()), GTK_TYPE_COLUMN_VIEW));
    GListModel *columns = gtk_column_view_get_columns (view);

    from = n_logged ();
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (column), "Latency") == 0)
          gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      }
    wait_until (remote_rows_counted);
    g_assert_cmpuint (row_requests_since (from, "&order=latency_ms.desc,metric_id.desc&"), ==, 0);
    g_assert_cmpuint (row_requests_since (from, NULL), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (column), "Started At") == 0)
          gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      }
    wait_until (remote_rows_counted);
  }
}

/* Show Session from the raw table: the session's rows by its id. */
static void
test_show_session (void)
{
  g_autoptr(IlRowItem) item = g_list_model_get_item (G_LIST_MODEL (_il_raw_page_get_remote_rows (raw_page ())), 3);
  IlRowStore *page_store = il_row_item_get_store (item);
  IlUuid id = page_store->session_ids[page_store->session[il_row_item_get_row (item)]];
  guint n = 0;
  guint from = n_logged ();
  char text[37];

  for (guint i = 0; i < rows->n_rows; i++)
    n += il_uuid_compare (&rows->session_ids[rows->session[i]], &id) == 0;
  il_uuid_format (&id, text);

  il_raw_page_show_session_at (raw_page (), 3);
  g_assert_cmpint (il_main_window_get_page (window), ==, IL_PAGE_SESSIONS);
  wait_until (session_shown);
  g_assert_cmpuint (_il_sessions_page_get_detail (sessions_page ())->n_rows, ==, n);
  /* only the session's rows were asked for */
  g_assert_cmpuint (row_requests_since (from, NULL), >, 0);
  g_assert_cmpuint (row_requests_since (from, text), ==, 0);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static IlUuid wanted_session;

/* By the session's id: a new detail may reuse the freed old one's address. */
static gboolean
wanted_session_shown (void)
{
  return _il_sessions_page_get_detail (sessions_page ()) != NULL
         && il_uuid_compare (&sessions_page ()->shown_id, &wanted_session) == 0;
}

/* The error page's rows stay on the server (its filter is counted there:
 * test-window-server-rows.c); an error group's Show Session asks the
 * database for its latest session. */
static void
test_errors_page (void)
{
  GtkWidget *page = il_main_window_get_page_widget (window, IL_PAGE_ERRORS);
  const IlAggregates *agg;
  const IlErrorGroup *g;
  gint64 latest = G_MININT64;
  guint32 session = 0;
  guint n = 0;

  il_main_window_set_page (window, IL_PAGE_ERRORS);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (page));
  /* nothing narrowed: the summary's count */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (page, "error-filter-count"))), ==,
                   "15 of 15 error rows match");

  agg = il_snapshot_get_aggregates (il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (page)));
  g = &agg->error_groups[0];
  for (guint i = 0; i < rows->n_rows; i++)
    if (g_strcmp0 (il_row_store_get_status (rows, i), "error") == 0
        && g_strcmp0 (il_row_store_get_step_name (rows, i), g->step_name) == 0
        && g_strcmp0 (il_row_store_get_error_message (rows, i), g->message_text) == 0
        && rows->started_at[i] > latest)
      {
        latest = rows->started_at[i];
        session = rows->session[i];
      }
  for (guint i = 0; i < rows->n_rows; i++)
    n += rows->session[i] == session;

  wanted_session = rows->session_ids[session];
  il_errors_page_show_session (IL_ERRORS_PAGE (page), 0);
  wait_until (wanted_session_shown);
  g_assert_cmpint (il_main_window_get_page (window), ==, IL_PAGE_SESSIONS);
  g_assert_cmpuint (_il_sessions_page_get_detail (sessions_page ())->n_rows, ==, n);
}

/* The preference back to this computer: rows are downloaded. */
static void
test_back_to_client (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint from = n_logged ();

  g_settings_set_string (settings, "compute-mode", "client");
  wait_until (connected_and_idle);
  g_assert_null (_il_status_badge_get_mode_text (_il_main_window_get_status_badge (window)));
  g_assert_cmpuint (row_requests_since (from, NULL), >, 0);
  il_main_window_set_page (window, IL_PAGE_RAW);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (raw_page ()));
  g_assert_null (_il_raw_page_get_remote_rows (raw_page ()));
  {
    guint n;

    /* every row, though the table may still fill up */
    il_row_list_model_get_rows (_il_raw_page_get_model (raw_page ()), &n);
    g_assert_cmpuint (n, ==, rows->n_rows);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  int ret;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);

  g_assert_true (g_file_get_contents (path, &fixture_text, NULL, NULL));
  rows = fixture_store ();
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 70);
  il_fake_postgrest_set_rpc (fake, answer_fixture, NULL);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);
  tmp_dir = g_dir_make_tmp ("il-window-server-XXXXXX", NULL);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "compute-mode", "server");
  g_settings_set_boolean (settings, "use-cache", FALSE);

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, 30, TRUE);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/window-server/summary", test_summary);
  g_test_add_func ("/window-server/raw-page", test_raw_page);
  g_test_add_func ("/window-server/show-session", test_show_session);
  g_test_add_func ("/window-server/errors-page", test_errors_page);
  g_test_add_func ("/window-server/back-to-client", test_back_to_client);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  il_config_free (config);
  g_free (fixture_text);
  {
    g_autofree char *csv = g_build_filename (tmp_dir, "filtered.csv", NULL);

    g_unlink (csv);
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return ret;
}
