/* test-window-fetch.c: the dashboard window against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading every row, failures that keep the figures, Retry, Cancel, and the
 * refresh preferences (refresh-on-start, live mode).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-cell-tooltip.h"
#include "il-config.h"
#include "il-demo.h"
#include "il-format.h"
#include "il-main-window-private.h"
#include "il-row-cache.h"
#include "il-status-badge-private.h"
#include "il-supabase-client.h"

#define N_ROWS  5000
#define SEED    4242
#define API_KEY "sb_publishable_WindowFetchTestKey_0123456789"

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlConfig *config;
static IlMainWindow *window;
static char *tmp_dir;

typedef gboolean (*Condition) (void);

/* Spins the main loop until @cond holds (generous timeout, no sleeping). */
static gboolean
wait_until (Condition cond)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond ())
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

/* Same, then lets what is pending run (for conditions that stay true:
 * mid-fetch, the progress bar's pulse keeps the loop busy, so use
 * wait_until there). */
static gboolean
wait_for (Condition cond)
{
  if (!wait_until (cond))
    return FALSE;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
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

static gboolean
failed_and_idle (void)
{
  return il_main_window_is_idle (window) && status () == IL_STATUS_FAILED;
}

static guint requests_floor;

/* A fetch is running and the server has seen one of its requests. */
static gboolean
connecting_with_requests (void)
{
  return status () == IL_STATUS_CONNECTING && il_fake_postgrest_get_n_requests (fake) > requests_floor;
}

static gboolean
requests_seen (void)
{
  return il_fake_postgrest_get_n_requests (fake) > requests_floor;
}

/* The badge's box carries the full reason as its tooltip; the Retry /
 * Refresh button is its last child. */
static GtkWidget *
badge_box (void)
{
  return gtk_widget_get_first_child (GTK_WIDGET (_il_main_window_get_status_badge (window)));
}

static GtkWidget *
badge_button (void)
{
  GtkWidget *button = gtk_widget_get_last_child (badge_box ());

  g_assert_true (GTK_IS_BUTTON (button));
  return button;
}

/* Mapped labels under @root whose text holds @needle: what the user sees. */
static guint
count_shown_text (GtkWidget  *root,
                  const char *needle)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
    n++;
  /* a tooltip repeating it is a second place too */
  if (gtk_widget_get_tooltip_text (root) != NULL && strstr (gtk_widget_get_tooltip_text (root), needle) != NULL)
    n++;
  if (il_cell_get_tooltip (root) != NULL && strstr (il_cell_get_tooltip (root), needle) != NULL)
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_shown_text (c, needle);
  return n;
}

static void
collect_buttons (GtkWidget  *root,
                 const char *label,
                 GPtrArray  *found)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_buttons (c, label, found);
}

/* The one mapped button with that label, or NULL when there is none. */
static GtkWidget *
shown_button (const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_buttons (GTK_WIDGET (window), label, found);
  g_assert_cmpuint (found->len, <=, 1);
  return found->len == 1 ? g_ptr_array_index (found, 0) : NULL;
}

static void
check_tiles_match_model (void)
{
  IlFilter filter;
  IlAggregateOptions options;
  g_autoptr(IlAggregates) agg = NULL;
  g_autofree char *total = NULL, *avg = NULL, *p95 = NULL, *rate = NULL, *sessions = NULL;

  /* "All data": no bound. */
  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (rows, &filter, &options);
  g_assert_cmpuint (agg->key.total_records, ==, N_ROWS);

  total = il_format_count_str (agg->key.total_records);
  avg = il_format_latency_ms (agg->key.avg_latency_ms);
  p95 = il_format_latency_ms (agg->key.p95_latency_ms);
  rate = il_format_percent_str (agg->key.success_rate_pct);
  sessions = il_format_count_str (agg->key.unique_sessions);

  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, ==, agg->key.total_records);
  /* Same rows in another order: sums may differ in the last bits (figures agree to 1e-9). */
  g_assert_cmpfloat_with_epsilon (il_main_window_get_aggregates (window)->key.avg_latency_ms, agg->key.avg_latency_ms,
                                  1e-9 * agg->key.avg_latency_ms);
  g_assert_cmpfloat (il_main_window_get_aggregates (window)->key.p95_latency_ms, ==, agg->key.p95_latency_ms);
  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.unique_sessions, ==, agg->key.unique_sessions);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_TOTAL_RECORDS), ==, total);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_AVG_LATENCY), ==, avg);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_P95_LATENCY), ==, p95);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_SUCCESS_RATE), ==, rate);
  g_assert_cmpstr (il_main_window_get_tile_value (window, IL_TILE_UNIQUE_SESSIONS), ==, sessions);
}

static void
check_connected_text (void)
{
  g_autofree char *n = il_format_count_str (N_ROWS);
  g_autofree char *prefix = g_strdup_printf ("%s rows · refreshed ", n);
  const char *text = _il_status_badge_get_text (_il_main_window_get_status_badge (window));

  g_assert_true (g_str_has_prefix (text, prefix));
  g_assert_null (strstr (text, API_KEY));
}

/* The figures on screen, to compare after a failed refresh. */
typedef struct
{
  IlRowStore         *store;
  const IlAggregates *agg;
  char               *tiles[IL_N_TILES];
  char               *status_text;
} Snapshot;

static void
snapshot_take (Snapshot *snap)
{
  snap->store = il_main_window_get_store (window);
  snap->agg = il_main_window_get_aggregates (window);
  for (guint i = 0; i < IL_N_TILES; i++)
    snap->tiles[i] = g_strdup (il_main_window_get_tile_value (window, i));
  snap->status_text = g_strdup (_il_status_badge_get_text (_il_main_window_get_status_badge (window)));
}

static void
snapshot_check_and_clear (Snapshot *snap)
{
  g_assert_true (il_main_window_get_store (window) == snap->store);
  g_assert_true (il_main_window_get_aggregates (window) == snap->agg);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  for (guint i = 0; i < IL_N_TILES; i++)
    {
      g_assert_cmpstr (il_main_window_get_tile_value (window, i), ==, snap->tiles[i]);
      g_free (snap->tiles[i]);
    }
  g_free (snap->status_text);
}

/* ---- tests ------------------------------------------------------------ */

/* A first load that fails has nothing to keep: the window says why instead of
 * pages claiming the range has no rows. */
static void
test_first_load_fails (void)
{
  g_assert_null (il_main_window_get_store (window));

  il_fake_postgrest_fault_status (fake, 0, 401, NULL,
                                  "{\"message\":\"Invalid API key\",\"hint\":\"Double check your key.\"}", NULL);
  il_main_window_set_source (window, config, FALSE);
  g_assert_true (wait_for (failed_and_idle));

  g_assert_null (il_main_window_get_store (window));
  g_assert_cmpstr (_il_main_window_get_visible_view (window), ==, "unavailable");
  g_assert_nonnull (strstr (_il_main_window_get_unavailable_reason (window), "Invalid API key"));
  g_assert_null (strstr (_il_main_window_get_unavailable_reason (window), API_KEY));
  /* Said once, with one Retry and the way to fix the key. */
  g_assert_cmpuint (count_shown_text (GTK_WIDGET (window), "Invalid API key"), ==, 1);
  g_assert_nonnull (shown_button ("_Retry"));
  g_assert_nonnull (shown_button ("Open _Preferences"));
  il_fake_postgrest_clear_faults (fake);
}

static void
test_load (void)
{
  guint before = il_fake_postgrest_get_n_requests (fake);

  il_main_window_set_source (window, config, FALSE);
  g_assert_true (wait_for (connected_and_idle));

  /* max-rows 700 < 5000: several pages were needed. */
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, >=, N_ROWS / 700 + 1);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  g_assert_cmpuint (il_main_window_get_store (window)->n_skipped, ==, 0);
  check_connected_text ();
  check_tiles_match_model ();
  g_assert_cmpstr (_il_main_window_get_visible_view (window), ==, "pages");
}

static void
check_failed_refresh (guint       status_code,
                      const char *body,
                      const char *expect_in_reason,
                      guint       min_requests)
{
  Snapshot snap;
  const char *reason;
  guint before = il_fake_postgrest_get_n_requests (fake);

  g_assert_true (il_main_window_is_idle (window));
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  snapshot_take (&snap);

  il_fake_postgrest_clear_faults (fake);
  il_fake_postgrest_fault_status (fake, 0, status_code, NULL, body, NULL);
  il_main_window_refresh (window);
  g_assert_false (il_main_window_is_idle (window));
  g_assert_true (wait_for (failed_and_idle));
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, >=, min_requests);

  /* The figures and the store stay. */
  snapshot_check_and_clear (&snap);

  /* The badge says it failed; the error bar says why, in words, never with
   * the key, and nothing else repeats it (no toast, no tooltip, no popover). */
  g_assert_cmpstr (_il_status_badge_get_text (_il_main_window_get_status_badge (window)), ==, "Failed");
  reason = _il_main_window_get_error_message (window);
  g_assert_nonnull (reason);
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (strstr (reason, expect_in_reason));
  g_assert_null (strstr (reason, API_KEY));
  g_assert_cmpuint (count_shown_text (GTK_WIDGET (window), expect_in_reason), ==, 1);
  g_assert_true (_il_main_window_get_last_toast (window) == NULL
                 || strstr (_il_main_window_get_last_toast (window), expect_in_reason) == NULL);
  g_assert_null (_il_status_badge_get_details (_il_main_window_get_status_badge (window)));
  /* one Retry, and Preferences only when the key or URL is at fault */
  g_assert_nonnull (shown_button ("_Retry"));
  g_assert_false (gtk_widget_get_visible (badge_button ()));
  if (status_code == 401 || status_code == 403)
    g_assert_nonnull (shown_button ("Open _Preferences"));
  else
    g_assert_null (shown_button ("Open _Preferences"));
}

static void
on_preferences_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  (*(guint *) user_data)++;
}

/* A rejected key: the error bar's Open Preferences opens the preferences. */
static void
test_fail_open_preferences (void)
{
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) prefs = g_simple_action_new ("preferences", NULL);
  guint opened = 0;

  /* stands in for IlApp's app.preferences, which opens the window */
  g_signal_connect (prefs, "activate", G_CALLBACK (on_preferences_activated), &opened);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (prefs));
  gtk_widget_insert_action_group (GTK_WIDGET (window), "app", G_ACTION_GROUP (app));

  check_failed_refresh (401, "{\"message\":\"Invalid API key\",\"hint\":\"Double check your key.\"}",
                        "Invalid API key", 1);
  g_assert_true (gtk_widget_activate (shown_button ("Open _Preferences")));
  /* a button activates after its short press animation */
  while (opened == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (opened, ==, 1);

  /* a 403 (a key without the right) offers it too */
  check_failed_refresh (403, "{\"message\":\"Invalid API key\",\"hint\":\"Double check your key.\"}",
                        "Invalid API key", 1);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "app", NULL);
}

static void
test_fail_key_rejected (void)
{
  /* The gateway's answer to a bad key: never retried. */
  check_failed_refresh (401, "{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}",
                        "Invalid API key", 1);
}

static void
test_fail_unavailable (void)
{
  /* 503 is retried (IL_RETRY_BASE_MS=1 keeps it fast) until retries run out:
   * the first request and its 3 retries at least. */
  check_failed_refresh (503, "{\"code\":\"PGRST002\",\"details\":null,\"hint\":null,\"message\":\"Could not query the database for the schema cache. Retrying.\"}",
                        "PGRST002", 4);
}

static void
test_retry (void)
{
  IlRowStore *old_store = il_main_window_get_store (window);

  g_assert_cmpint (status (), ==, IL_STATUS_FAILED);
  il_fake_postgrest_clear_faults (fake);

  /* What the user clicks; then the error is gone. */
  g_assert_true (gtk_widget_activate (shown_button ("_Retry")));
  g_assert_true (wait_for (connected_and_idle));
  g_assert_null (_il_main_window_get_error_message (window));
  g_assert_null (shown_button ("_Retry"));

  g_assert_true (il_main_window_get_store (window) != old_store);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  check_connected_text ();
  check_tiles_match_model ();
}

static gboolean
cancelled_and_idle (void)
{
  return il_main_window_is_idle (window) && status () == IL_STATUS_CANCELLED;
}

static void
test_cancel (void)
{
  Snapshot snap;

  g_assert_true (connected_and_idle ());
  snapshot_take (&snap);

  il_fake_postgrest_set_delay (fake, 300);
  requests_floor = il_fake_postgrest_get_n_requests (fake);
  il_main_window_refresh (window);
  g_assert_true (wait_until (connecting_with_requests));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_true (wait_for (cancelled_and_idle));
  il_fake_postgrest_set_delay (fake, 0);

  /* Same data; the badge says it was cancelled, without error styling,
   * and offers a plain Refresh rather than a Retry. */
  g_assert_cmpstr (_il_status_badge_get_text (_il_main_window_get_status_badge (window)), ==,
                   "Cancelled · 5,000 rows shown");
  g_assert_false (gtk_widget_has_css_class (badge_box (), "il-status-failed"));
  g_assert_true (gtk_widget_get_visible (badge_button ()));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (badge_button ())), ==, "_Refresh");
  g_assert_cmpstr (_il_main_window_get_visible_view (window), ==, "pages");
  snapshot_check_and_clear (&snap);
  check_tiles_match_model ();

  /* Refresh from the badge loads again. */
  g_assert_true (gtk_widget_activate (badge_button ()));
  g_assert_true (wait_for (connected_and_idle));
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
}

/* The connected state's details carry the advice, with a warning icon;
 * the next state drops it. */
static void
test_badge_advice (void)
{
  IlStatusBadge *badge = IL_STATUS_BADGE (g_object_ref_sink (il_status_badge_new ()));
  const char *advice = "Add an index: create index on t (created_at, metric_id);";

  il_status_badge_set_connected (badge, 5000, g_get_real_time ());
  g_assert_null (_il_status_badge_get_details (badge));
  il_status_badge_set_advice (badge, advice);
  g_assert_cmpstr (_il_status_badge_get_details (badge), ==, advice);
  g_assert_nonnull (strstr (il_cell_get_tooltip (gtk_widget_get_first_child (GTK_WIDGET (badge))),
                            "(created_at, metric_id)"));
  g_assert_cmpint (il_status_badge_get_status (badge), ==, IL_STATUS_CONNECTED);

  il_status_badge_set_connected (badge, 5000, g_get_real_time ());
  g_assert_null (_il_status_badge_get_details (badge));
  /* the window explains a failure, not the badge */
  il_status_badge_set_failed (badge, "Boom");
  g_assert_null (_il_status_badge_get_details (badge));
  g_assert_null (strstr (il_cell_get_tooltip (gtk_widget_get_first_child (GTK_WIDGET (badge))), "Boom"));
  g_object_unref (badge);
}

static gboolean
not_loading (void)
{
  return il_main_window_is_idle (window);
}

static void
test_refresh_on_start_off (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint before;

  g_settings_set_boolean (settings, "refresh-on-start", FALSE);
  before = il_fake_postgrest_get_n_requests (fake);

  /* Supabase source: nothing is fetched until Refresh. */
  g_assert_false (il_main_window_open_source (window, config, FALSE));
  g_assert_true (il_main_window_is_idle (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), ==, before);
  g_assert_cmpint (status (), ==, IL_STATUS_NOT_LOADED);
  g_assert_cmpstr (_il_status_badge_get_text (_il_main_window_get_status_badge (window)), ==, "Not loaded yet");
  g_assert_true (gtk_widget_get_visible (badge_button ()));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (badge_button ())), ==, "_Refresh");

  /* The badge's Refresh fetches. */
  g_assert_true (gtk_widget_activate (badge_button ()));
  g_assert_true (wait_for (connected_and_idle));
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), >, before);
  g_assert_false (gtk_widget_get_visible (badge_button ()));
  check_connected_text ();
  check_tiles_match_model ();

  /* Demo data is local: it always loads. */
  g_assert_true (il_main_window_open_source (window, NULL, TRUE));
  g_assert_true (wait_for (not_loading));
  g_assert_cmpint (status (), ==, IL_STATUS_DEMO);

  /* With refresh-on-start on, a Supabase source is fetched at once. */
  g_settings_set_boolean (settings, "refresh-on-start", TRUE);
  before = il_fake_postgrest_get_n_requests (fake);
  g_assert_true (il_main_window_open_source (window, config, FALSE));
  g_assert_true (wait_for (connected_and_idle));
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), >, before);
  check_tiles_match_model ();
}

/* Fetches started since request @from: each begins with one probe for the
 * lowest created_at (how the client splits the range into partitions). */
static guint
count_fetch_starts (guint from)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);
  guint n = 0;

  for (guint i = from; i < log->len; i++)
    /* a fetch starts with two probes: count the one for the earliest row */
    if (strstr (log->pdata[i], "?select=created_at&") != NULL
        && strstr (log->pdata[i], "order=created_at.asc") != NULL)
      n++;
  return n;
}

static void
test_auto_refresh (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlRowStore *old_store;
  guint before;

  g_assert_true (connected_and_idle ());
  g_assert_false (g_settings_get_boolean (settings, "live"));
  g_assert_false (gtk_toggle_button_get_active (_il_main_window_get_live_button (window)));
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 0);

  g_settings_set_int (settings, "live-interval-seconds", 120);
  g_settings_set_boolean (settings, "live", TRUE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 120);
  g_assert_true (gtk_toggle_button_get_active (_il_main_window_get_live_button (window)));
  /* The toggle is the setting. */
  gtk_toggle_button_set_active (_il_main_window_get_live_button (window), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "live"));
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 0);
  g_settings_set_int (settings, "live-interval-seconds", 300);
  g_settings_set_boolean (settings, "live", TRUE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 300);

  /* What the timer does: a fetch, without a loading state: the badge stays
   * "connected" and the pages keep their data... */
  old_store = il_main_window_get_store (window);
  before = il_fake_postgrest_get_n_requests (fake);
  il_fake_postgrest_set_delay (fake, 200);
  requests_floor = before;
  _il_main_window_run_auto_refresh (window);
  g_assert_false (il_main_window_is_idle (window));
  g_assert_true (wait_until (requests_seen));
  g_assert_cmpint (status (), ==, IL_STATUS_CONNECTED);
  g_assert_true (il_main_window_get_store (window) == old_store);
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake), >, before);
  /* ...but not a second one over a running fetch (a restart would begin
   * with a second probe). */
  _il_main_window_run_auto_refresh (window);
  g_assert_true (wait_for (connected_and_idle));
  il_fake_postgrest_set_delay (fake, 0);
  g_assert_cmpuint (count_fetch_starts (before), ==, 1);
  g_assert_true (il_main_window_get_store (window) != old_store);
  check_tiles_match_model ();
  /* Still armed after firing. */
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 300);

  /* Demo data is never refreshed automatically. */
  il_main_window_set_source (window, NULL, TRUE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 0);
  g_assert_true (wait_for (not_loading));
  il_main_window_set_source (window, config, FALSE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 300);
  g_assert_true (wait_for (connected_and_idle));
  g_settings_set_boolean (settings, "live", FALSE);
  g_assert_cmpuint (_il_main_window_get_auto_refresh_interval (window), ==, 0);
  g_settings_reset (settings, "live-interval-seconds");
}

static gboolean
demo_and_idle (void)
{
  return il_main_window_is_idle (window) && status () == IL_STATUS_DEMO;
}

/* A URL without a key falls back to demo data, and the window says what is
 * missing, with the way to add it and no Retry (retrying changes nothing). */
static void
test_half_configured (void)
{
  g_autoptr(IlConfig) half = il_config_copy (config);

  g_clear_pointer (&half->key, g_free);
  half->key_origin = IL_CONFIG_ORIGIN_NONE;
  il_main_window_set_source (window, half, FALSE);
  g_assert_true (wait_for (demo_and_idle));
  g_assert_nonnull (_il_main_window_get_error_message (window));
  g_assert_nonnull (strstr (_il_main_window_get_error_message (window), "no API key"));
  g_assert_cmpuint (count_shown_text (GTK_WIDGET (window), "no API key"), ==, 1);
  g_assert_nonnull (shown_button ("Open _Preferences"));
  g_assert_null (shown_button ("_Retry"));

  /* complete again: the notice goes */
  il_main_window_set_source (window, config, FALSE);
  g_assert_true (wait_for (connected_and_idle));
  g_assert_null (_il_main_window_get_error_message (window));
  g_assert_null (shown_button ("Open _Preferences"));
}

/* A damaged cache: the window says so in a toast, then fetches everything
 * and writes a new one. */
static void
test_cache_notice (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (config->url, API_KEY);
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, il_supabase_client_get_base_url (client));
  g_autofree char *dir = g_path_get_dirname (il_row_cache_get_path (cache));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (il_row_cache_get_path (cache), "not a cache", -1, &error));
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "use-cache", TRUE);

  il_main_window_refresh (window);
  g_assert_true (wait_for (connected_and_idle));
  g_assert_nonnull (strstr (_il_main_window_get_last_toast (window), "damaged"));
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 0);

  g_assert_true (il_row_cache_clear (cache, NULL));
  g_settings_set_boolean (settings, "use-cache", FALSE);
}

/* Reload All Data: every row again, not what the cache says changed. */
static void
test_reload_all (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (config->url, API_KEY);
  g_autoptr(IlRowCache) cache = il_row_cache_new (NULL, il_supabase_client_get_base_url (client));
  IlRowStore *old_store;
  guint before;

  g_settings_set_boolean (settings, "use-cache", TRUE);
  il_main_window_refresh (window);
  g_assert_true (wait_for (connected_and_idle));
  /* Through the cache: a refresh that finds nothing costs a few requests. */
  before = il_fake_postgrest_get_n_requests (fake);
  il_main_window_refresh (window);
  g_assert_true (wait_for (connected_and_idle));
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, <=, 3);

  old_store = il_main_window_get_store (window);
  before = il_fake_postgrest_get_n_requests (fake);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload-all", NULL));
  g_assert_true (wait_for (connected_and_idle));
  g_assert_cmpuint (count_fetch_starts (before), ==, 1);
  /* 5000 rows in pages of at most 700 */
  g_assert_cmpuint (il_fake_postgrest_get_n_requests (fake) - before, >=, (N_ROWS + 699) / 700);
  g_assert_true (il_main_window_get_store (window) != old_store);
  g_assert_cmpuint (il_main_window_get_store (window)->n_rows, ==, N_ROWS);
  check_tiles_match_model ();
  /* and saved */
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 0);

  g_assert_true (il_row_cache_clear (cache, NULL));
  g_settings_set_boolean (settings, "use-cache", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  IlConfigInputs in = { 0, };
  gint64 now;
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);
  g_setenv ("IL_DEMO_ROWS", "2000", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    /* These tests count the requests of full fetches; the cache has its own. */
    g_settings_set_boolean (settings, "use-cache", FALSE);
  }

  now = g_get_real_time ();
  rows = il_demo_generate (N_ROWS, SEED, now);
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 700);

  /* Configured as a user would: through the environment (no .env around). */
  tmp_dir = g_dir_make_tmp ("il-window-fetch-XXXXXX", NULL);
  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (fake), TRUE);
  g_setenv ("SUPABASE_KEY", API_KEY, TRUE);
  in.cwd = tmp_dir;
  in.config_dir = tmp_dir;
  config = il_config_resolve (&in);
  g_assert_cmpint (config->url_origin, ==, IL_CONFIG_ORIGIN_ENVIRONMENT);
  g_assert_cmpint (config->key_origin, ==, IL_CONFIG_ORIGIN_ENVIRONMENT);
  g_assert_true (il_config_is_complete (config));

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, 30, TRUE);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/window-fetch/first-load-fails", test_first_load_fails);
  g_test_add_func ("/window-fetch/load", test_load);
  g_test_add_func ("/window-fetch/fail-key-rejected", test_fail_key_rejected);
  g_test_add_func ("/window-fetch/fail-unavailable", test_fail_unavailable);
  g_test_add_func ("/window-fetch/fail-open-preferences", test_fail_open_preferences);
  g_test_add_func ("/window-fetch/retry", test_retry);
  g_test_add_func ("/window-fetch/cancel", test_cancel);
  g_test_add_func ("/window-fetch/badge-advice", test_badge_advice);
  g_test_add_func ("/window-fetch/refresh-on-start-off", test_refresh_on_start_off);
  g_test_add_func ("/window-fetch/auto-refresh", test_auto_refresh);
  g_test_add_func ("/window-fetch/cache-notice", test_cache_notice);
  g_test_add_func ("/window-fetch/half-configured", test_half_configured);
  g_test_add_func ("/window-fetch/reload-all", test_reload_all);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  il_config_free (config);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
