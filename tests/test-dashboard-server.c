/* test-dashboard-server.c: the dashboard with figures computed by the
 * database, against the fake PostgREST and its RPC (no display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server mode shows the summary's figures and downloads no row; automatic
 * mode counts first and downloads below the threshold; a missing function
 * falls back in automatic mode and fails with the SQL file's path when forced.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "fake-postgrest.h"
#include "fixture-rows.h"
#include "il-dashboard-private.h"
#include "il-slo-board.h"

#define API_KEY "sb_publishable_ServerModeTestKey_0123456789"

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlConfig *config;
static char *fixture_text;
static char *last_args;

static char *
answer_fixture (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  g_test_message ("rpc %s %s", name, args);
  g_free (last_args);
  last_args = g_strdup (args);
  if (g_strcmp0 (name, "interview_latency_summary") != 0)
    {
      *status = 404;
      return g_strdup ("{\"code\":\"PGRST202\",\"message\":\"no such function\"}");
    }
  return g_strdup (fixture_text);
}

static IlDashboard *wait_dashboard;
static IlDashboardState wait_state;

static gboolean
reached (void)
{
  return il_dashboard_get_state (wait_dashboard) == wait_state && il_dashboard_is_idle (wait_dashboard);
}

static void
wait_for_state (IlDashboard      *dashboard,
                IlDashboardState  state)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  wait_dashboard = dashboard;
  wait_state = state;
  while (!reached ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Requests since @from that downloaded rows (neither a call nor a count). */
static guint
row_requests_since (guint from)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);
  guint n = 0;

  for (guint i = from; i < log->len; i++)
    {
      const char *req = g_ptr_array_index (log, i);

      if (!g_str_has_prefix (req, "/rest/v1/rpc/") && strstr (req, "limit=0") == NULL)
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

static IlDashboard *
new_dashboard (GSettings  *settings,
               const char *mode,
               guint       threshold)
{
  IlDashboard *dashboard;

  g_settings_set_string (settings, "compute-mode", mode);
  g_settings_set_uint (settings, "server-side-threshold", threshold);
  g_settings_set_boolean (settings, "use-cache", FALSE);
  dashboard = il_dashboard_new (settings);
  il_dashboard_set_source (dashboard, config, FALSE);
  return dashboard;
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "compute-mode");
  g_settings_reset (settings, "server-side-threshold");
  g_settings_reset (settings, "use-cache");
  g_settings_reset (settings, "trend-bucket");
  g_settings_reset (settings, "days");
  g_settings_reset (settings, "all-data");
}

/* Drops the last reference and waits until the tasks let go of it too, so
 * it reacts to no later change of the settings. */
static void
destroy (IlDashboard *dashboard)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (dashboard), (gpointer *) &dashboard);
  g_object_unref (dashboard);
  while (dashboard != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

static void
test_server (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlDashboard *dashboard = new_dashboard (settings, "server", 0);
  g_autoptr(IlSummary) want = il_summary_parse (fixture_text, -1, NULL);
  guint from = n_logged ();
  guint calls = il_fake_postgrest_get_n_rpc_calls (fake);
  IlSnapshot *snapshot;
  const IlAggregates *agg;
  IlRowStore *names;

  g_assert_nonnull (want);
  il_dashboard_set_range (dashboard, 30, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);

  g_assert_true (il_dashboard_get_server_side (dashboard));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 1);
  /* forced: no count, no row */
  g_assert_cmpuint (n_logged (), ==, from + 1);
  g_assert_cmpuint (row_requests_since (from), ==, 0);

  snapshot = il_dashboard_get_snapshot (dashboard);
  g_assert_true (il_snapshot_is_summary (snapshot));
  agg = il_snapshot_get_aggregates (snapshot);
  g_assert_cmpuint (agg->key.total_records, ==, want->agg->key.total_records);
  g_assert_cmpfloat (agg->key.p95_latency_ms, ==, want->agg->key.p95_latency_ms);
  g_assert_cmpfloat (agg->key.avg_latency_ms, ==, want->agg->key.avg_latency_ms);
  g_assert_cmpuint (agg->n_steps, ==, want->agg->n_steps);
  g_assert_cmpuint (agg->n_error_groups, ==, want->agg->n_error_groups);

  /* the store has no row but names what the summary's ids stand for */
  names = il_snapshot_get_store (snapshot);
  g_assert_cmpuint (names->n_rows, ==, 0);
  g_assert_cmpuint (names->n_sessions, ==, agg->n_sessions);
  for (guint i = 0; i < agg->n_steps; i++)
    g_assert_cmpstr (il_string_pool_get (names->steps, agg->steps[i].step), ==, agg->steps[i].name);
  for (guint i = 0; i < agg->n_statuses; i++)
    g_assert_cmpstr (il_string_pool_get (names->statuses, agg->statuses[i].status), ==, agg->statuses[i].name);
  for (guint i = 0; i < agg->n_error_groups; i++)
    g_assert_cmpstr (il_string_pool_get (names->messages, agg->error_groups[i].message), ==,
                     agg->error_groups[i].message_text);
  for (guint i = 0; i < agg->n_sessions; i++)
    g_assert_true (il_uuid_compare (&names->session_ids[i], &agg->sessions[i].id) == 0);

  /* a bounded session list */
  g_assert_nonnull (strstr (last_args, "\"session_limit\":2000"));

  /* an option asks the database again, with the option */
  il_dashboard_set_trend_bucket (dashboard, IL_BUCKET_HOUR);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 2);
  g_assert_nonnull (strstr (last_args, "\"trend_bucket\":\"hour\""));
  g_assert_cmpuint (row_requests_since (from), ==, 0);

  /* so does a range, sent as its bound (and a second call for the period before it) */
  il_dashboard_set_range (dashboard, 7, FALSE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 4);
  g_assert_nonnull (strstr (last_args, "\"created_min\""));
  il_dashboard_set_range (dashboard, 7, TRUE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 5);
  g_assert_cmpuint (row_requests_since (from), ==, 0);

  /* the preference back to this computer: rows, figures from them */
  g_settings_set_string (settings, "compute-mode", "client");
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_false (il_dashboard_get_server_side (dashboard));
  g_assert_false (il_snapshot_is_summary (il_dashboard_get_snapshot (dashboard)));
  g_assert_cmpuint (row_requests_since (from), >, 0);
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (dashboard))->n_rows, ==, rows->n_rows);
  destroy (dashboard);
  reset_settings (settings);
  g_settings_reset (settings, "days");
  g_settings_reset (settings, "all-data");
}

static void
test_automatic (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlDashboard *dashboard = NULL;
  g_autoptr(GPtrArray) log = NULL;
  guint from = n_logged ();
  guint calls = il_fake_postgrest_get_n_rpc_calls (fake);

  /* below the threshold: one count, then the rows */
  dashboard = new_dashboard (settings, "automatic", rows->n_rows);
  il_dashboard_set_all_data (dashboard, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_false (il_dashboard_get_server_side (dashboard));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls);
  log = il_fake_postgrest_dup_log (fake);
  g_assert_nonnull (strstr (g_ptr_array_index (log, from), "limit=0"));
  g_assert_cmpuint (row_requests_since (from), >, 0);
  destroy (dashboard);

  /* above it: one count, then the call */
  from = n_logged ();
  dashboard = new_dashboard (settings, "automatic", rows->n_rows - 1);
  il_dashboard_set_all_data (dashboard, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_true (il_dashboard_get_server_side (dashboard));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 1);
  g_assert_cmpuint (n_logged (), ==, from + 2);
  g_assert_cmpuint (row_requests_since (from), ==, 0);
  /* gone before the settings change, or it reloads during the next test */
  destroy (dashboard);
  reset_settings (settings);
}

static void
test_missing_function (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlDashboard *automatic = NULL;
  IlDashboard *forced = NULL;
  const GError *error;

  il_fake_postgrest_set_rpc (fake, NULL, NULL);

  /* automatic: says so and downloads the rows */
  automatic = new_dashboard (settings, "automatic", 0);
  il_dashboard_set_all_data (automatic, TRUE);
  il_dashboard_refresh (automatic);
  wait_for_state (automatic, IL_DASHBOARD_STATE_READY);
  g_assert_false (il_dashboard_get_server_side (automatic));
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (automatic))->n_rows, ==, rows->n_rows);
  g_assert_nonnull (il_dashboard_get_notice (automatic));
  g_assert_nonnull (strstr (il_dashboard_get_notice (automatic), "interview_latency_summary.sql"));

  /* forced: a failure that says which SQL file to run */
  forced = new_dashboard (settings, "server", 0);
  il_dashboard_refresh (forced);
  wait_for_state (forced, IL_DASHBOARD_STATE_FAILED);
  error = il_dashboard_get_error (forced);
  g_assert_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "interview_latency_summary.sql"));
  g_assert_null (il_dashboard_get_snapshot (forced));
  destroy (automatic);
  destroy (forced);

  il_fake_postgrest_set_rpc (fake, answer_fixture, NULL);
  reset_settings (settings);
}

/* The command line's mode wins for the run, until the preference changes. */
static void
test_once (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlDashboard *dashboard = new_dashboard (settings, "client", 0);
  guint calls = il_fake_postgrest_get_n_rpc_calls (fake);
  g_autofree char *saved = NULL;

  il_dashboard_set_compute_mode_once (dashboard, IL_COMPUTE_SERVER);
  il_dashboard_set_all_data (dashboard, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_true (il_dashboard_get_server_side (dashboard));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 1);
  saved = g_settings_get_string (settings, "compute-mode");
  g_assert_cmpstr (saved, ==, "client");
  /* gone before the settings change, or it reloads during the next test */
  destroy (dashboard);
  reset_settings (settings);
}

/* "created_min":"2026-11-25T06:00:00.123456Z" as the summary call sends it */
static char *
time_arg (const char *name,
          gint64      us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (t, us % G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");

  return g_strdup_printf ("\"%s\":\"%s\"", name, text);
}

static gboolean
board_settled (IlDashboard *dashboard)
{
  IlSloBoard *board = il_slo_board_get (dashboard);
  IlSloView *view = il_slo_board_get_view (board);

  return il_slo_board_is_idle (board) && view != NULL && view->snapshot == il_dashboard_get_snapshot (dashboard);
}

/* The database computes the previous period too, in a second call for its
 * window; the board compares with it. */
static void
test_previous (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlDashboard *dashboard = new_dashboard (settings, "server", 0);
  g_autoptr(IlSummary) want = il_summary_parse (fixture_text, -1, NULL);
  guint calls;
  g_autofree char *min_arg = NULL;
  g_autofree char *max_arg = NULL;
  IlSloView *view;
  gint64 from, to;

  il_dashboard_set_range (dashboard, 7, FALSE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  /* the first load's previous-period call may still be on its way */
  while (!board_settled (dashboard))
    g_main_context_iteration (NULL, TRUE);
  calls = il_fake_postgrest_get_n_rpc_calls (fake);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  while (!board_settled (dashboard))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (il_dashboard_get_server_side (dashboard));
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 2);

  il_period_previous_window (il_dashboard_get_now (dashboard), 7, &from, &to);
  min_arg = time_arg ("created_min", from);
  max_arg = time_arg ("created_max", to);
  g_test_message ("previous period call: %s", last_args);
  g_assert_nonnull (strstr (last_args, min_arg));
  g_assert_nonnull (strstr (last_args, max_arg));
  g_assert_nonnull (strstr (last_args, "\"session_limit\":0"));

  /* the fake answers every call with the fixture: the previous period's
   * figures are the fixture's */
  view = il_slo_board_get_view (il_slo_board_get (dashboard));
  g_assert_nonnull (view->previous);
  g_assert_cmpuint (view->days, ==, 7);
  g_assert_cmpint (view->previous->from, ==, from);
  g_assert_cmpint (view->previous->to, ==, to);
  g_assert_cmpuint (view->previous->key.total_records, ==, want->agg->key.total_records);
  g_assert_cmpfloat (view->previous->key.p95_latency_ms, ==, want->agg->key.p95_latency_ms);
  g_assert_cmpuint (view->previous->n_steps, ==, want->agg->n_steps);
  for (guint i = 0; i < want->agg->n_steps; i++)
    {
      g_assert_cmpstr (view->previous->steps[i].name, ==, want->agg->steps[i].name);
      g_assert_cmpfloat (view->previous->steps[i].p95, ==, want->agg->steps[i].p95);
    }

  /* All data: one call, nothing to compare */
  il_dashboard_set_range (dashboard, 7, TRUE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  while (!board_settled (dashboard))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, calls + 3);
  g_assert_null (il_slo_board_get_view (il_slo_board_get (dashboard))->previous);

  destroy (dashboard);
  reset_settings (settings);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);

  g_assert_true (g_file_get_contents (path, &fixture_text, NULL, &error));
  g_assert_no_error (error);
  rows = fixture_store ();
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_rpc (fake, answer_fixture, NULL);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);

  g_test_add_func ("/dashboard-server/server", test_server);
  g_test_add_func ("/dashboard-server/automatic", test_automatic);
  g_test_add_func ("/dashboard-server/missing-function", test_missing_function);
  g_test_add_func ("/dashboard-server/once", test_once);
  g_test_add_func ("/dashboard-server/previous", test_previous);
  ret = g_test_run ();

  il_config_free (config);
  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  g_free (fixture_text);
  g_free (last_args);
  return ret;
}
