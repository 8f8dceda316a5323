/* test-dashboard.c: the owner of the data, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data and the fake PostgREST: a load publishes a snapshot, a failure or
 * a cancel keeps the previous one, a refresh replaces it, the range and the
 * options recompute it. With the local cache: a second start shows the cached
 * rows at once and asks little, inserts arrive, figures match a full fetch.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "il-dashboard-private.h"
#include "il-demo.h"
#include "il-row-cache.h"
#include "il-supabase-client.h"

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

static int
compare_uuids (const void *a,
               const void *b)
{
  return il_uuid_compare (a, b);
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

  /* A benchmark's live tick adds new rows to those shown, in fetch order. */
  g_setenv ("IL_DEMO_APPEND", "300", TRUE);
  {
    IlRowStore *before = il_snapshot_get_store (il_dashboard_get_snapshot (dashboard));
    IlRowStore *after;
    g_autofree IlUuid *ids = NULL;
    const IlUuid *columns;
    guint kept = 0;

    _il_dashboard_load_quietly (dashboard);
    wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
    after = il_snapshot_get_store (il_dashboard_get_snapshot (dashboard));
    g_assert_cmpuint (after->n_rows, ==, 2300);
    g_assert_cmpuint (after->n_sessions, >, before->n_sessions);
    /* every old row is kept */
    ids = g_memdup2 (after->metric_id, after->n_rows * sizeof (IlUuid));
    qsort (ids, after->n_rows, sizeof (IlUuid), compare_uuids);
    for (guint r = 0; r < before->n_rows; r++)
      if (bsearch (&before->metric_id[r], ids, after->n_rows, sizeof (IlUuid), compare_uuids) != NULL)
        kept++;
    g_assert_cmpuint (kept, ==, 2000);

    /* now in full-fetch order, the next tick appends to its rows' memory */
    columns = after->metric_id;
    _il_dashboard_load_quietly (dashboard);
    wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
    after = il_snapshot_get_store (il_dashboard_get_snapshot (dashboard));
    g_assert_cmpuint (after->n_rows, ==, 2600);
    g_assert_true (after->metric_id == columns);
  }
  g_unsetenv ("IL_DEMO_APPEND");
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

/* The distribution charts' settings reach the computation, and a change
 * recomputes: log bins by default, a clip at P99 when chosen. */
static void
test_histogram_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (settings);
  const IlAggregates *agg;

  il_dashboard_set_source (dashboard, NULL, TRUE);
  il_dashboard_set_all_data (dashboard, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  agg = il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard));
  g_assert_cmpint (agg->options.histogram_spacing, ==, IL_HISTOGRAM_SPACING_LOG);
  g_assert_false (agg->options.histogram_clip_p99);
  g_assert_true (agg->latency_histogram.log_spacing);
  g_assert_cmpuint (agg->latency_histogram.overflow, ==, 0);

  g_settings_set_boolean (settings, "distribution-log-scale", FALSE);
  g_settings_set_boolean (settings, "distribution-clip-p99", TRUE);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  agg = il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard));
  g_assert_cmpint (agg->options.histogram_spacing, ==, IL_HISTOGRAM_SPACING_LINEAR);
  g_assert_true (agg->options.histogram_clip_p99);
  g_assert_false (agg->latency_histogram.log_spacing);
  /* 1 % of the rows, give or take ties, lie past the clip */
  g_assert_cmpfloat (agg->latency_histogram.max, ==, agg->p99_latency_ms);
  g_assert_cmpuint (agg->latency_histogram.overflow, >=, agg->key.total_records / 100 - 1);
  g_assert_cmpuint (agg->latency_histogram.overflow, <=, agg->key.total_records / 100 + 1);

  g_settings_reset (settings, "distribution-log-scale");
  g_settings_reset (settings, "distribution-clip-p99");
}

/* Live mode is two settings; the old "every N minutes" becomes live mode. */
static void
test_live_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = NULL;
  g_autoptr(IlDashboard) second = NULL;

  g_settings_set_int (settings, "auto-refresh-minutes", 2);
  dashboard = il_dashboard_new (settings);
  g_assert_true (il_dashboard_get_live (dashboard));
  g_assert_cmpint (il_dashboard_get_live_interval (dashboard), ==, 120);
  g_assert_cmpint (g_settings_get_int (settings, "auto-refresh-minutes"), ==, 0);
  g_assert_true (g_settings_get_boolean (settings, "live"));
  g_assert_cmpint (g_settings_get_int (settings, "live-interval-seconds"), ==, 120);

  /* Only once: turning live off stays off. */
  il_dashboard_set_live (dashboard, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "live"));
  second = il_dashboard_new (settings);
  g_assert_false (il_dashboard_get_live (second));

  /* Seconds, 5 to 3600. */
  il_dashboard_set_live_interval (dashboard, 2);
  g_assert_cmpint (g_settings_get_int (settings, "live-interval-seconds"), ==, 5);
  g_settings_set_int (settings, "live-interval-seconds", 45);
  g_assert_cmpint (il_dashboard_get_live_interval (dashboard), ==, 45);
  g_assert_cmpint (il_dashboard_get_live_interval (second), ==, 45);

  /* Demo data has nothing to poll. */
  il_dashboard_set_live (dashboard, TRUE);
  il_dashboard_set_source (dashboard, NULL, TRUE);
  g_assert_cmpuint (il_dashboard_get_auto_refresh_interval (dashboard), ==, 0);
  g_settings_reset (settings, "live");
  g_settings_reset (settings, "live-interval-seconds");
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

/* ---- the local cache ---- */

typedef struct
{
  IlFakePostgrest *fake;
  IlRowStore      *table;
  IlConfig        *config;
  char            *dir;
} CacheFixture;

static void
cache_fixture_init (CacheFixture *f)
{
  f->table = il_demo_generate (N_ROWS, SEED + 1, g_get_real_time () - 60 * G_USEC_PER_SEC);
  f->fake = il_fake_postgrest_new (f->table, API_KEY);
  il_fake_postgrest_set_max_rows (f->fake, 700);
  f->config = il_config_new ();
  f->config->url = g_strdup (il_fake_postgrest_get_url (f->fake));
  f->config->key = g_strdup (API_KEY);
  f->dir = g_dir_make_tmp ("il-dashboard-cache-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
cache_fixture_clear (CacheFixture *f)
{
  il_row_cache_clear_all (f->dir, NULL);
  g_rmdir (f->dir);
  g_free (f->dir);
  il_config_free (f->config);
  il_fake_postgrest_free (f->fake);
  il_row_store_unref (f->table);
}

static IlDashboard *
cached_dashboard (CacheFixture *f,
                  gboolean      use_cache)
{
  IlDashboard *dashboard = il_dashboard_new (NULL);

  il_dashboard_set_use_cache (dashboard, use_cache);
  _il_dashboard_set_cache_dir (dashboard, f->dir);
  il_dashboard_set_source (dashboard, f->config, FALSE);
  il_dashboard_set_all_data (dashboard, TRUE);
  return dashboard;
}

static IlRowCache *
fixture_cache (CacheFixture *f)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (f->config->url, API_KEY);

  return il_row_cache_new (f->dir, il_supabase_client_get_base_url (client));
}

/* Figures of a full fetch without the cache. */
static IlSnapshot *
fresh_snapshot (CacheFixture *f)
{
  g_autoptr(IlDashboard) dashboard = cached_dashboard (f, FALSE);

  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  return il_snapshot_ref (il_dashboard_get_snapshot (dashboard));
}

static void
assert_same_figures (IlSnapshot *a,
                     IlSnapshot *b)
{
  const IlAggregates *x = il_snapshot_get_aggregates (a);
  const IlAggregates *y = il_snapshot_get_aggregates (b);

  g_assert_cmpuint (il_snapshot_get_store (a)->n_rows, ==, il_snapshot_get_store (b)->n_rows);
  g_assert_cmpuint (x->key.total_records, ==, y->key.total_records);
  g_assert_cmpfloat (x->key.avg_latency_ms, ==, y->key.avg_latency_ms);
  g_assert_cmpfloat (x->key.p95_latency_ms, ==, y->key.p95_latency_ms);
}

typedef struct
{
  guint            n_snapshots;
  IlDashboardState state_at_first;
  guint            rows_at_first;
} SnapshotLog;

static void
log_snapshot (IlDashboard *dashboard,
              GParamSpec  *pspec,
              SnapshotLog *log)
{
  if (log->n_snapshots++ == 0)
    {
      log->state_at_first = il_dashboard_get_state (dashboard);
      log->rows_at_first = il_snapshot_get_store (il_dashboard_get_snapshot (dashboard))->n_rows;
    }
}

static void
test_cache_warm (void)
{
  CacheFixture f = { 0 };
  g_autoptr(IlDashboard) first = NULL;
  g_autoptr(IlDashboard) second = NULL;
  g_autoptr(IlRowCache) cache = NULL;
  g_autoptr(IlRowStore) inserted = NULL;
  g_autoptr(IlSnapshot) fresh = NULL;
  g_autoptr(IlSnapshot) warm = NULL;
  SnapshotLog log = { 0 };
  guint64 fetched = 0;
  guint before;

  cache_fixture_init (&f);
  cache = fixture_cache (&f);

  /* A cold start fetches everything and writes the cache. */
  first = cached_dashboard (&f, TRUE);
  g_assert_true (il_dashboard_get_use_cache (first));
  il_dashboard_refresh (first);
  wait_for_state (first, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (first))->n_rows, ==, N_ROWS);
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 0);
  g_assert_null (il_dashboard_get_notice (first));
  /* with its progress, as without the cache */
  il_dashboard_get_fetch_counts (first, &fetched, NULL);
  g_assert_cmpuint (fetched, ==, N_ROWS);

  /* A warm start shows the cached rows while the network is slow, then
   * asks at most three questions and keeps that snapshot. */
  second = cached_dashboard (&f, TRUE);
  g_signal_connect (second, "notify::snapshot", G_CALLBACK (log_snapshot), &log);
  il_fake_postgrest_set_delay (f.fake, 500);
  before = il_fake_postgrest_get_n_requests (f.fake);
  il_dashboard_refresh (second);
  wait_for_state (second, IL_DASHBOARD_STATE_READY);
  il_fake_postgrest_set_delay (f.fake, 0);
  g_assert_cmpuint (log.n_snapshots, ==, 1);
  g_assert_cmpint (log.state_at_first, ==, IL_DASHBOARD_STATE_LOADING);
  g_assert_cmpuint (log.rows_at_first, ==, N_ROWS);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (f.fake) - before, <=, 3);
  g_assert_cmpint (il_dashboard_get_refreshed_time (second), >, 0);
  fresh = fresh_snapshot (&f);
  assert_same_figures (il_dashboard_get_snapshot (second), fresh);
  g_clear_pointer (&fresh, il_snapshot_unref);

  /* A later refresh that finds nothing is as cheap, and redraws nothing. */
  warm = il_snapshot_ref (il_dashboard_get_snapshot (second));
  before = il_fake_postgrest_get_n_requests (f.fake);
  il_dashboard_refresh (second);
  wait_for_state (second, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (f.fake) - before, <=, 3);
  g_assert_true (il_dashboard_get_snapshot (second) == warm);

  /* Rows inserted in between arrive, with the figures of a full fetch. */
  inserted = il_demo_generate (40, SEED + 2, g_get_real_time ());
  il_fake_postgrest_fault_insert_rows (f.fake, il_fake_postgrest_get_n_requests (f.fake) + 1, inserted);
  il_dashboard_refresh (second);
  wait_for_state (second, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (second))->n_rows, ==, N_ROWS + 40);
  /* An incremental refresh reports its progress too: the rows of the spans
   * it read again, of their totals. */
  {
    gint64 total = -1;

    fetched = 0;
    il_dashboard_get_fetch_counts (second, &fetched, &total);
    g_assert_cmpuint (fetched, >, 0);
    g_assert_cmpint (total, ==, (gint64) fetched);
  }
  fresh = fresh_snapshot (&f);
  assert_same_figures (il_dashboard_get_snapshot (second), fresh);
  g_clear_pointer (&fresh, il_snapshot_unref);

  /* The cache was saved with them: a third start shows them at once. */
  g_clear_object (&first);
  first = cached_dashboard (&f, TRUE);
  before = il_fake_postgrest_get_n_requests (f.fake);
  il_dashboard_refresh (first);
  wait_for_state (first, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (f.fake) - before, <=, 3);
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (first))->n_rows, ==, N_ROWS + 40);

  /* Reload All Data ignores the cache: every page again, same figures. */
  before = il_fake_postgrest_get_n_requests (f.fake);
  il_dashboard_reload_all (first);
  wait_for_state (first, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (f.fake) - before, >=, (N_ROWS + 40) / 700 + 1);
  fresh = fresh_snapshot (&f);
  assert_same_figures (il_dashboard_get_snapshot (first), fresh);

  g_clear_object (&first);
  g_clear_object (&second);
  g_clear_object (&cache);
  cache_fixture_clear (&f);
}

/* A damaged cache is said so, discarded, and replaced by a full fetch. */
static void
test_cache_corrupt (void)
{
  CacheFixture f = { 0 };
  g_autoptr(IlDashboard) dashboard = NULL;
  g_autoptr(IlRowCache) cache = NULL;
  g_autoptr(IlRowStore) reread = NULL;
  g_autoptr(GError) error = NULL;
  IlRowCacheMeta meta;
  SnapshotLog log = { 0 };
  guint before;

  cache_fixture_init (&f);
  cache = fixture_cache (&f);
  g_assert_true (g_file_set_contents (il_row_cache_get_path (cache), "not a cache at all", -1, &error));
  g_assert_no_error (error);

  dashboard = cached_dashboard (&f, TRUE);
  g_signal_connect (dashboard, "notify::snapshot", G_CALLBACK (log_snapshot), &log);
  before = il_fake_postgrest_get_n_requests (f.fake);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_nonnull (il_dashboard_get_notice (dashboard));
  g_assert_nonnull (strstr (il_dashboard_get_notice (dashboard), "cache"));
  g_assert_null (il_dashboard_get_error (dashboard));
  /* nothing of it was shown; every page was fetched */
  g_assert_cmpuint (log.n_snapshots, ==, 1);
  g_assert_cmpuint (log.rows_at_first, ==, N_ROWS);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (f.fake) - before, >=, N_ROWS / 700 + 1);

  /* rebuilt */
  reread = il_row_cache_load (cache, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reread->n_rows, ==, N_ROWS);

  g_clear_object (&dashboard);
  g_clear_object (&cache);
  cache_fixture_clear (&f);
}

/* A failed refresh keeps the cached snapshot. */
static void
test_cache_failure (void)
{
  CacheFixture f = { 0 };
  g_autoptr(IlDashboard) first = NULL;
  g_autoptr(IlDashboard) second = NULL;

  cache_fixture_init (&f);
  first = cached_dashboard (&f, TRUE);
  il_dashboard_refresh (first);
  wait_for_state (first, IL_DASHBOARD_STATE_READY);

  second = cached_dashboard (&f, TRUE);
  il_fake_postgrest_fault_status (f.fake, 0, 401, NULL, "{\"message\":\"Invalid API key\"}", NULL);
  il_dashboard_refresh (second);
  wait_for_state (second, IL_DASHBOARD_STATE_FAILED);
  il_fake_postgrest_clear_faults (f.fake);
  g_assert_true (il_dashboard_has_data (second));
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (second))->n_rows, ==, N_ROWS);
  g_assert_nonnull (strstr (il_dashboard_get_error (second)->message, "Invalid API key"));

  g_clear_object (&first);
  g_clear_object (&second);
  cache_fixture_clear (&f);
}

/* "use-cache" false: the cache folder is never touched. */
static void
test_cache_off (void)
{
  CacheFixture f = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlDashboard) dashboard = NULL;
  g_autoptr(GDir) dir = NULL;

  cache_fixture_init (&f);
  dashboard = il_dashboard_new (settings);
  g_assert_true (il_dashboard_get_use_cache (dashboard));
  g_settings_set_boolean (settings, "use-cache", FALSE);
  g_assert_false (il_dashboard_get_use_cache (dashboard));
  _il_dashboard_set_cache_dir (dashboard, f.dir);
  il_dashboard_set_source (dashboard, f.config, FALSE);
  il_dashboard_set_range_once (dashboard, 30, TRUE);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  il_dashboard_refresh (dashboard);
  wait_for_state (dashboard, IL_DASHBOARD_STATE_READY);
  g_assert_cmpuint (il_snapshot_get_store (il_dashboard_get_snapshot (dashboard))->n_rows, ==, N_ROWS);
  dir = g_dir_open (f.dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  /* --no-cache vetoes the setting for the run */
  g_settings_reset (settings, "use-cache");
  g_assert_true (il_dashboard_get_use_cache (dashboard));
  il_dashboard_set_use_cache (dashboard, FALSE);
  g_assert_false (il_dashboard_get_use_cache (dashboard));

  g_clear_object (&dashboard);
  cache_fixture_clear (&f);
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
  g_test_add_func ("/dashboard/histogram-settings", test_histogram_settings);
  g_test_add_func ("/dashboard/live-settings", test_live_settings);
  g_test_add_func ("/dashboard/remote", test_remote);
  g_test_add_func ("/dashboard/cache/warm", test_cache_warm);
  g_test_add_func ("/dashboard/cache/corrupt", test_cache_corrupt);
  g_test_add_func ("/dashboard/cache/failure", test_cache_failure);
  g_test_add_func ("/dashboard/cache/off", test_cache_off);

  return g_test_run ();
}
