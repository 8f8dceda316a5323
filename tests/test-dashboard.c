/* test-dashboard.c: the owner of the data, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data and the fake PostgREST: a load publishes a snapshot, a failure or
 * a cancel keeps the previous one, a refresh replaces it, the range and the
 * options recompute it.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-dashboard.h"
#include "il-demo.h"

#define N_ROWS  3000
#define SEED    77
#define API_KEY "sb_publishable_DashboardTestKey_0123456789"

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlConfig *config;

static IlDashboard *wait_dashboard;
static IlDashboardState wait_state;

static gboolean
reached (void)
{
  return il_dashboard_get_state (wait_dashboard) == wait_state && il_dashboard_is_idle (wait_dashboard);
}

/* Spins the main loop until the dashboard is idle in @state. */
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

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static void
test_demo (void)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  g_autoptr(IlSnapshot) first = NULL;
  g_autoptr(IlAggregates) expected = NULL;
  IlFilter filter;
  IlAggregateOptions options;
  guint n_snapshots = 0;

  g_signal_connect (dashboard, "notify::snapshot", G_CALLBACK (count_notify), &n_snapshots);
  g_assert_cmpint (il_dashboard_get_state (dashboard), ==, IL_DASHBOARD_STATE_IDLE);
  g_assert_null (il_dashboard_get_snapshot (dashboard));

  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_all_data (dashboard, TRUE);
  il_dashboard_refresh (dashboard);
  g_assert_cmpint (il_dashboard_get_state (dashboard), ==, IL_DASHBOARD_STATE_LOADING);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);

  g_assert_cmpuint (n_snapshots, ==, 1);
  first = il_snapshot_ref (il_dashboard_get_snapshot (dashboard));
  /* IL_DEMO_ROWS rows of the default seed at IL_DEMO_NOW, every row. */
  g_assert_cmpuint (il_snapshot_get_store (first)->n_rows, ==, 2000);
  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  expected = il_aggregates_compute (il_snapshot_get_store (first), &filter, &options);
  g_assert_cmpuint (il_snapshot_get_aggregates (first)->key.total_records, ==, expected->key.total_records);
  g_assert_cmpfloat (il_snapshot_get_aggregates (first)->key.p95_latency_ms, ==, expected->key.p95_latency_ms);
  g_assert_null (il_dashboard_get_error (dashboard));

  /* An option recomputes over the same store; the old snapshot stays whole. */
  il_dashboard_set_trend_bucket (dashboard, IL_BUCKET_HOUR);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (n_snapshots, ==, 2);
  g_assert_true (il_dashboard_get_snapshot (dashboard) != first);
  g_assert_true (il_snapshot_get_store (il_dashboard_get_snapshot (dashboard)) == il_snapshot_get_store (first));
  g_assert_cmpint (il_snapshot_get_options (il_dashboard_get_snapshot (dashboard))->trend_bucket, ==, IL_BUCKET_HOUR);
  g_assert_cmpint (il_snapshot_get_options (first)->trend_bucket, ==, IL_BUCKET_DAY);
  g_assert_cmpuint (il_snapshot_get_aggregates (first)->key.total_records, ==, expected->key.total_records);

  /* A narrower range filters the demo store locally. */
  il_dashboard_set_days (dashboard, 3);
  il_dashboard_set_all_data (dashboard, FALSE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpint (il_snapshot_get_filter (il_dashboard_get_snapshot (dashboard))->created_min, ==,
                   il_dashboard_get_now (dashboard) - 3 * G_GINT64_CONSTANT (86400000000));
  g_assert_cmpuint (il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard))->key.total_records, <,
                    expected->key.total_records);
  /* Demo data is never refreshed automatically. */
  g_assert_cmpuint (il_dashboard_get_auto_refresh_interval (dashboard), ==, 0);
}

/* The trend bucket is a registered enum, bound to the string setting. */
static void
test_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = NULL;
  g_autofree char *bucket = NULL;

  g_settings_set_string (settings, "trend-bucket", "15min");
  g_settings_set_int (settings, "days", 12);
  dashboard = il_dashboard_new (settings);
  g_assert_cmpint (il_dashboard_get_trend_bucket (dashboard), ==, IL_BUCKET_15_MIN);
  g_assert_cmpint (il_dashboard_get_days (dashboard), ==, 12);

  il_dashboard_set_trend_bucket (dashboard, IL_BUCKET_HOUR);
  bucket = g_settings_get_string (settings, "trend-bucket");
  g_assert_cmpstr (bucket, ==, "hour");
  g_settings_set_string (settings, "trend-bucket", "5min");
  g_assert_cmpint (il_dashboard_get_trend_bucket (dashboard), ==, IL_BUCKET_5_MIN);
  g_settings_reset (settings, "trend-bucket");
  g_settings_reset (settings, "days");
}

static void
test_remote (void)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  g_autoptr(IlSnapshot) loaded = NULL;
  g_autoptr(IlSnapshot) refreshed = NULL;
  const GError *error;

  /* A first load that fails: no snapshot, the error says why. */
  il_dashboard_set_source (dashboard, config, FALSE);
  il_dashboard_set_all_data (dashboard, TRUE);
  g_assert_true (il_dashboard_is_remote (dashboard));
  il_fake_postgrest_fault_status (fake, 0, 401, NULL, "{\"message\":\"Invalid API key\"}", NULL);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_FAILED);
  g_assert_null (il_dashboard_get_snapshot (dashboard));
  g_assert_false (il_dashboard_has_data (dashboard));
  error = il_dashboard_get_error (dashboard);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Invalid API key"));
  il_fake_postgrest_clear_faults (fake);

  /* Load: every row, the error is gone. */
  il_dashboard_refresh (dashboard);
  g_assert_null (il_dashboard_get_error (dashboard));
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  loaded = il_snapshot_ref (il_dashboard_get_snapshot (dashboard));
  g_assert_cmpuint (il_snapshot_get_store (loaded)->n_rows, ==, N_ROWS);
  g_assert_cmpuint (il_snapshot_get_aggregates (loaded)->key.total_records, ==, N_ROWS);
  g_assert_cmpint (il_dashboard_get_refreshed_time (dashboard), >, 0);

  /* A failure keeps the previous snapshot. */
  il_fake_postgrest_fault_status (fake, 0, 401, NULL, "{\"message\":\"Invalid API key\"}", NULL);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_FAILED);
  g_assert_true (il_dashboard_get_snapshot (dashboard) == loaded);
  g_assert_true (il_dashboard_has_data (dashboard));
  g_assert_nonnull (il_dashboard_get_error (dashboard));
  il_fake_postgrest_clear_faults (fake);

  /* Cancel: state cancelled, the data stays. */
  il_fake_postgrest_set_delay (fake, 300);
  il_dashboard_refresh (dashboard);
  g_assert_true (il_dashboard_is_loading (dashboard));
  il_dashboard_cancel (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_CANCELLED);
  il_fake_postgrest_set_delay (fake, 0);
  g_assert_true (il_dashboard_get_snapshot (dashboard) == loaded);
  g_assert_null (il_dashboard_get_error (dashboard));
  g_assert_false (il_dashboard_is_loading (dashboard));

  /* Refresh: a new store with the same figures. */
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  refreshed = il_snapshot_ref (il_dashboard_get_snapshot (dashboard));
  g_assert_true (refreshed != loaded);
  g_assert_true (il_snapshot_get_store (refreshed) != il_snapshot_get_store (loaded));
  g_assert_cmpuint (il_snapshot_get_aggregates (refreshed)->key.total_records, ==, N_ROWS);
  g_assert_cmpfloat (il_snapshot_get_aggregates (refreshed)->key.avg_latency_ms, ==,
                     il_snapshot_get_aggregates (loaded)->key.avg_latency_ms);
  /* The old snapshot is still whole in whoever holds it. */
  g_assert_cmpuint (il_snapshot_get_store (loaded)->n_rows, ==, N_ROWS);
}

int
main (int   argc,
      char *argv[])
{
  gint64 now;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);
  g_setenv ("IL_DEMO_ROWS", "2000", TRUE);
  g_setenv ("IL_DEMO_NOW", "2025-11-20T12:00:00Z", TRUE);
  g_test_init (&argc, &argv, NULL);

  now = g_get_real_time ();
  rows = il_demo_generate (N_ROWS, SEED, now);
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 700);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);

  g_test_add_func ("/dashboard/demo", test_demo);
  g_test_add_func ("/dashboard/settings", test_settings);
  g_test_add_func ("/dashboard/remote", test_remote);

  return g_test_run ();
}
