/* test-realtime.c: Supabase Realtime against the fake server's endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The subscription (what the join asks for, which token it carries), the
 * "changed" signal per inserted row, reconnects after a close, a refused
 * key or a missing endpoint, a connection that dies silently, and a live
 * dashboard that fetches an insert within a second instead of at its next
 * tick an hour away.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-config.h"
#include "il-dashboard-private.h"
#include "il-demo.h"
#include "il-realtime.h"

#define API_KEY "sb_publishable_RealtimeTestKey_0123456789"
#define SEED    4242

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition  cond,
          gpointer   data,
          guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
subscribed (gpointer data)
{
  return il_realtime_get_state (data) == IL_REALTIME_SUBSCRIBED;
}

static void
count_changed (IlRealtime *realtime,
               guint      *n)
{
  (*n)++;
}

typedef struct
{
  guint *counter;
  guint  at_least;
} Count;

static gboolean
counted (gpointer data)
{
  Count *c = data;

  return *c->counter >= c->at_least;
}

static void
test_subscribe_and_changes (void)
{
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (NULL, API_KEY);
  g_autoptr(IlRealtime) realtime = il_realtime_new (il_fake_postgrest_get_url (fake), API_KEY);
  g_autoptr(IlRowStore) rows = il_demo_generate (3, SEED, g_get_real_time ());
  g_autofree char *join = NULL;
  g_autofree char *query = NULL;
  guint n_changed = 0, connects, joins;
  Count want = { &n_changed, 3 };

  g_signal_connect (realtime, "changed", G_CALLBACK (count_changed), &n_changed);
  g_assert_cmpint (il_realtime_get_state (realtime), ==, IL_REALTIME_STOPPED);
  il_realtime_start (realtime);
  g_assert_cmpint (il_realtime_get_state (realtime), ==, IL_REALTIME_CONNECTING);
  g_assert_true (wait_for (subscribed, realtime, 30));
  g_assert_null (il_realtime_get_error (realtime));

  /* the key went in headers: a URL may end up in logs */
  query = il_fake_postgrest_dup_realtime_query (fake);
  g_assert_cmpstr (query, ==, "vsn=1.0.0");
  join = il_fake_postgrest_dup_realtime_join (fake);
  /* every event of our table; a publishable key is no user token */
  g_assert_cmpstr (join, ==,
                   "{\"config\":{\"postgres_changes\":[{\"event\":\"*\",\"schema\":\"public\","
                   "\"table\":\"interview_latency_metrics\"}]}}");

  il_fake_postgrest_insert_rows (fake, rows);
  g_assert_true (wait_for (counted, &want, 30));
  spin (100);
  g_assert_cmpuint (n_changed, ==, 3);
  il_fake_postgrest_get_realtime_counts (fake, &connects, &joins, NULL);
  g_assert_cmpuint (connects, ==, 1);
  g_assert_cmpuint (joins, ==, 1);

  il_realtime_stop (realtime);
  g_assert_cmpint (il_realtime_get_state (realtime), ==, IL_REALTIME_STOPPED);
  il_fake_postgrest_insert_rows (fake, rows);
  spin (200);
  g_assert_cmpuint (n_changed, ==, 3);
}

/* A user's JWT goes with the join, so row level security filters the changes. */
static void
test_jwt_token (void)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) "{\"role\":\"anon\"}", 15);
  g_autofree char *jwt = NULL;
  g_autoptr(IlFakePostgrest) fake = NULL;
  g_autoptr(IlRealtime) realtime = NULL;
  g_autofree char *join = NULL;
  g_autofree char *want = NULL;

  for (char *p = b64; *p; p++)
    if (*p == '=')
      *p = '\0';
  jwt = g_strconcat ("eyJhbGciOiJIUzI1NiJ9.", b64, ".c2ln", NULL);
  fake = il_fake_postgrest_new (NULL, jwt);
  realtime = il_realtime_new (il_fake_postgrest_get_url (fake), jwt);
  il_realtime_start (realtime);
  g_assert_true (wait_for (subscribed, realtime, 30));
  join = il_fake_postgrest_dup_realtime_join (fake);
  want = g_strdup_printf ("{\"config\":{\"postgres_changes\":[{\"event\":\"*\",\"schema\":\"public\","
                          "\"table\":\"interview_latency_metrics\"}]},\"access_token\":\"%s\"}", jwt);
  g_assert_cmpstr (join, ==, want);
}

typedef struct
{
  IlFakePostgrest *fake;
  guint            connects;
} Connects;

/* Why each subscription ended, taken as it ends: a reconnect may be done
 * (and the error forgotten) before the test looks. */
static void
log_drop (IlRealtime *realtime,
          GParamSpec *pspec,
          GPtrArray  *drops)
{
  if (il_realtime_get_state (realtime) == IL_REALTIME_CONNECTING && il_realtime_get_error (realtime) != NULL)
    g_ptr_array_add (drops, g_strdup (il_realtime_get_error (realtime)));
}

static gboolean
reconnected (gpointer data)
{
  Connects *c = data;
  guint connects, joins;

  il_fake_postgrest_get_realtime_counts (c->fake, &connects, &joins, NULL);
  return connects >= c->connects && joins >= c->connects;
}

/* The server closes the connection: after a short wait we are back. */
static void
test_reconnect (void)
{
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (NULL, API_KEY);
  g_autoptr(IlRealtime) realtime = il_realtime_new (il_fake_postgrest_get_url (fake), API_KEY);
  g_autoptr(IlRowStore) rows = il_demo_generate (1, SEED, g_get_real_time ());
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  guint n_changed = 0;
  Count want = { &n_changed, 1 };
  Connects two = { fake, 2 };

  _il_realtime_set_timing (realtime, 60000, 50);
  g_signal_connect (realtime, "changed", G_CALLBACK (count_changed), &n_changed);
  g_signal_connect (realtime, "notify::state", G_CALLBACK (log_drop), drops);
  il_realtime_start (realtime);
  g_assert_true (wait_for (subscribed, realtime, 30));

  il_fake_postgrest_realtime_drop (fake);
  g_assert_true (wait_for (reconnected, &two, 30));
  g_assert_cmpuint (drops->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (drops, 0), ==, "The Realtime connection was closed.");
  g_assert_true (wait_for (subscribed, realtime, 30));
  /* a good join forgets the failure */
  g_assert_null (il_realtime_get_error (realtime));

  il_fake_postgrest_insert_rows (fake, rows);
  g_assert_true (wait_for (counted, &want, 30));
}

/* A plain PostgREST has no Realtime, a wrong key is refused: we keep
 * trying, with growing waits, and join once it is there. */
static void
test_unavailable (void)
{
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (NULL, API_KEY);
  g_autoptr(IlRealtime) realtime = il_realtime_new (il_fake_postgrest_get_url (fake), API_KEY);
  g_autoptr(IlRealtime) wrong = il_realtime_new (il_fake_postgrest_get_url (fake), "sb_publishable_wrong");
  guint connects;

  _il_realtime_set_timing (realtime, 60000, 20);
  _il_realtime_set_timing (wrong, 60000, 20);
  il_fake_postgrest_set_realtime (fake, FALSE);
  il_realtime_start (realtime);
  il_realtime_start (wrong);
  spin (500);
  g_assert_cmpint (il_realtime_get_state (realtime), ==, IL_REALTIME_CONNECTING);
  g_assert_nonnull (strstr (il_realtime_get_error (realtime), "Realtime is not available"));
  g_assert_cmpint (il_realtime_get_state (wrong), ==, IL_REALTIME_CONNECTING);
  g_assert_nonnull (il_realtime_get_error (wrong));
  g_assert_null (strstr (il_realtime_get_error (wrong), "sb_publishable_wrong"));
  il_fake_postgrest_get_realtime_counts (fake, &connects, NULL, NULL);
  g_assert_cmpuint (connects, ==, 0);

  il_fake_postgrest_set_realtime (fake, TRUE);
  g_assert_true (wait_for (subscribed, realtime, 30));
  spin (300);
  g_assert_cmpint (il_realtime_get_state (wrong), ==, IL_REALTIME_CONNECTING);
  il_fake_postgrest_get_realtime_counts (fake, &connects, NULL, NULL);
  g_assert_cmpuint (connects, ==, 1);
}

/* Heartbeats that get no answer: the connection is taken for dead and
 * made anew. */
static void
test_silent_server (void)
{
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (NULL, API_KEY);
  g_autoptr(IlRealtime) realtime = il_realtime_new (il_fake_postgrest_get_url (fake), API_KEY);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  Connects two = { fake, 2 };
  guint heartbeats;

  _il_realtime_set_timing (realtime, 50, 20);
  g_signal_connect (realtime, "notify::state", G_CALLBACK (log_drop), drops);
  il_realtime_start (realtime);
  g_assert_true (wait_for (subscribed, realtime, 30));
  spin (300);
  /* answered heartbeats keep the one connection */
  il_fake_postgrest_get_realtime_counts (fake, NULL, NULL, &heartbeats);
  g_assert_cmpuint (heartbeats, >=, 2);
  two.connects = 1;
  g_assert_true (reconnected (&two));
  {
    guint connects;

    il_fake_postgrest_get_realtime_counts (fake, &connects, NULL, NULL);
    g_assert_cmpuint (connects, ==, 1);
  }

  il_fake_postgrest_realtime_mute (fake, TRUE);
  two.connects = 2;
  g_assert_true (wait_for (reconnected, &two, 30));
  g_assert_cmpuint (drops->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (drops, 0), ==, "The Realtime server stopped answering.");
}

static gboolean
dashboard_ready (gpointer data)
{
  IlDashboard *dashboard = data;

  return il_dashboard_get_state (dashboard) == IL_DASHBOARD_STATE_READY && il_dashboard_is_idle (dashboard);
}

static gboolean
dashboard_realtime (gpointer data)
{
  return il_dashboard_get_realtime (data);
}

typedef struct
{
  IlDashboard *dashboard;
  guint64      rows;
} Rows;

static gboolean
dashboard_has_rows (gpointer data)
{
  Rows *r = data;
  IlSnapshot *snapshot = il_dashboard_get_snapshot (r->dashboard);

  return snapshot != NULL && il_dashboard_is_idle (r->dashboard)
         && il_snapshot_get_aggregates (snapshot)->key.total_records == r->rows;
}

static void
count_fetch (guint *n)
{
  (*n)++;
}

/* Live with an hour between ticks: an insert still shows within seconds,
 * through one quiet incremental fetch. */
static void
test_dashboard (void)
{
  g_autoptr(IlRowStore) table = il_demo_generate (2000, SEED, g_get_real_time () - 60 * G_USEC_PER_SEC);
  g_autoptr(IlRowStore) fresh = il_demo_generate (25, SEED + 1, g_get_real_time ());
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, API_KEY);
  g_autoptr(IlConfig) config = il_config_new ();
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("il-realtime-XXXXXX", NULL);
  Rows want = { dashboard, 2025 };
  guint n_fetches = 0;
  gint64 inserted;

  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);
  /* incremental refreshes go through the cache */
  il_dashboard_set_use_cache (dashboard, TRUE);
  _il_dashboard_set_cache_dir (dashboard, dir);
  il_dashboard_set_source (dashboard, config, FALSE);
  il_dashboard_set_all_data (dashboard, TRUE);
  g_assert_false (il_dashboard_get_realtime (dashboard));
  il_dashboard_refresh (dashboard);
  g_assert_true (wait_for (dashboard_ready, dashboard, 60));
  g_assert_cmpuint (il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard))->key.total_records, ==, 2000);

  il_dashboard_set_live_interval (dashboard, 3600);
  il_dashboard_set_live (dashboard, TRUE);
  g_assert_true (wait_for (dashboard_realtime, dashboard, 30));

  g_signal_connect_swapped (dashboard, "notify::refreshed-time", G_CALLBACK (count_fetch), &n_fetches);
  inserted = g_get_monotonic_time ();
  il_fake_postgrest_insert_rows (fake, fresh);
  g_assert_true (wait_for (dashboard_has_rows, &want, 30));
  /* one settle of half a second, not an hour */
  g_assert_cmpint (g_get_monotonic_time () - inserted, <, 30 * G_USEC_PER_SEC);
  g_assert_true (il_dashboard_is_live_load (dashboard));
  /* 25 messages, one fetch */
  spin (1200);
  g_assert_cmpuint (n_fetches, ==, 1);
  g_assert_cmpuint (il_snapshot_get_aggregates (il_dashboard_get_snapshot (dashboard))->key.total_records, ==, 2025);

  /* off: no connection */
  il_dashboard_set_live (dashboard, FALSE);
  g_assert_false (il_dashboard_get_realtime (dashboard));
  while (!il_dashboard_is_idle (dashboard))
    g_main_context_iteration (NULL, TRUE);
  il_row_cache_clear_all (dir, NULL);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_add_func ("/realtime/subscribe-and-changes", test_subscribe_and_changes);
  g_test_add_func ("/realtime/jwt-token", test_jwt_token);
  g_test_add_func ("/realtime/reconnect", test_reconnect);
  g_test_add_func ("/realtime/unavailable", test_unavailable);
  g_test_add_func ("/realtime/silent-server", test_silent_server);
  g_test_add_func ("/realtime/dashboard", test_dashboard);
  return g_test_run ();
}
