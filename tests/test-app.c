/* test-app.c: the window's command line, through the real IlApp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "il-aggregates.h"
#include "il-app.h"
#include "il-demo.h"
#include "il-main-window-private.h"
#include "il-settings.h"
#include "il-slo-board.h"
#include "il-status-badge-private.h"

#define DEMO_NOW  "2025-11-28T12:00:00Z"
#define DEMO_ROWS 20000

typedef void (*CheckFunc) (IlMainWindow *window,
                           GSettings    *settings);

typedef struct
{
  GSettings *settings;
  CheckFunc  check;
  gboolean   figures;     /* wait for the first figures */
  gint64     deadline;
  gboolean   checked;
} Run;

static gpointer
template_child (IlMainWindow *window,
                const char   *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (window), IL_TYPE_MAIN_WINDOW, name);

  g_assert_nonnull (obj);
  return obj;
}

static guint64
demo_rows_within (int days)
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) agg = NULL;
  IlAggregateOptions options;
  IlFilter filter;
  gint64 now;

  g_assert_true (il_timestamp_parse (DEMO_NOW, -1, &now, NULL));
  store = il_demo_generate (DEMO_ROWS, IL_DEMO_DEFAULT_SEED, now);
  il_filter_init (&filter);
  filter.created_min = now - (gint64) days * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (store, &filter, &options);
  il_filter_clear (&filter);

  return agg->key.total_records;
}

/* Once the window is idle (with figures if asked): the checks, then quit. */
static gboolean
poll_window (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  Run *run = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));
  IlMainWindow *window = windows != NULL ? IL_MAIN_WINDOW (windows->data) : NULL;

  g_assert_cmpint (g_get_monotonic_time (), <, run->deadline);
  if (window == NULL || !il_main_window_is_idle (window) ||
      (run->figures && il_main_window_get_aggregates (window) == NULL))
    return G_SOURCE_CONTINUE;

  run->check (window, run->settings);
  run->checked = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Run          *run)
{
  g_timeout_add (20, poll_window, run);
}

/* Runs the application with @args (NULL-terminated) until @check has run. */
static void
run_app (CheckFunc   check,
         gboolean    figures,
         const char *first,
         ...)
{
  g_autoptr(IlApp) app = il_app_new ();
  g_autoptr(GSettings) settings = il_settings_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  Run run = { settings, check, figures, g_get_monotonic_time () + 120 * G_USEC_PER_SEC, FALSE };
  va_list ap;
  int status;

  /* Every run starts from the saved defaults. */
  g_settings_reset (settings, "days");
  g_settings_reset (settings, "all-data");
  g_settings_reset (settings, "supabase-url");

  g_ptr_array_add (args, (char *) "interview-latency");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  status = g_application_run (G_APPLICATION (app), args->len - 1, (char **) args->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);
}

/* What the README says the first run shows. */
static void
check_first_run (IlMainWindow *window,
                 GSettings    *settings)
{
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Demo Data — Interview Latency");
  g_assert_cmpint (il_status_badge_get_status (_il_main_window_get_status_badge (window)), ==, IL_STATUS_DEMO);
  g_assert_cmpstr (_il_status_badge_get_text (_il_main_window_get_status_badge (window)), ==,
                   "Demo data · 200,000 rows");
}

static void
test_first_run (void)
{
  /* The demo's full size, as a user sees it. */
  g_unsetenv ("IL_DEMO_ROWS");
  run_app (check_first_run, TRUE, NULL);
  g_setenv ("IL_DEMO_ROWS", G_STRINGIFY (DEMO_ROWS), TRUE);
}

static void
check_days_once (IlMainWindow *window,
                 GSettings    *settings)
{
  GtkSpinButton *spin = template_child (window, "days_spin");

  /* Shown and used... */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 90);
  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, ==, demo_rows_within (90));
  /* ...but not saved over the preference. */
  g_assert_cmpint (g_settings_get_int (settings, "days"), ==, 30);
  g_assert_false (g_settings_get_boolean (settings, "all-data"));

  /* A range the user picks in the window is saved. */
  gtk_spin_button_set_value (spin, 7);
  g_assert_cmpint (g_settings_get_int (settings, "days"), ==, 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 7);
}

static void
test_days_once (void)
{
  run_app (check_days_once, TRUE, "--demo", "--days", "90", NULL);
}

static void
check_all_once (IlMainWindow *window,
                GSettings    *settings)
{
  GtkToggleButton *all = template_child (window, "all_data_button");

  g_assert_true (gtk_toggle_button_get_active (all));
  g_assert_cmpuint (il_main_window_get_aggregates (window)->key.total_records, ==, DEMO_ROWS);
  g_assert_false (g_settings_get_boolean (settings, "all-data"));

  /* A change in Preferences replaces the one-off range. */
  g_settings_set_int (settings, "days", 14);
  g_assert_false (gtk_toggle_button_get_active (all));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (window, "days_spin")), ==, 14);
  g_assert_false (g_settings_get_boolean (settings, "all-data"));
}

static void
test_all_once (void)
{
  run_app (check_all_once, TRUE, "--demo", "--all", NULL);
}

static void
check_url_once (IlMainWindow *window,
                GSettings    *settings)
{
  g_autofree char *saved_url = g_settings_get_string (settings, "supabase-url");

  g_assert_cmpstr (il_main_window_get_config (window)->url, ==, "http://127.0.0.1:9");
  g_assert_cmpstr (saved_url, ==, "");
}

static void
test_url_once (void)
{
  /* Port 9 (discard) is closed: the fetch fails at once, nothing to wait for. */
  run_app (check_url_once, FALSE, "--url", "http://127.0.0.1:9", "--key", "sb_secret_app-test", "--days", "3", NULL);
}

static void
check_slo_once (IlMainWindow *window,
                GSettings    *settings)
{
  GPtrArray *targets = il_slo_board_get_targets (il_slo_board_get (il_main_window_get_dashboard (window)));
  g_auto(GStrv) saved = g_settings_get_strv (settings, "slo-targets");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* used for this run... */
  g_assert_cmpuint (targets->len, ==, 2);
  first = il_slo_target_to_string (targets->pdata[0]);
  second = il_slo_target_to_string (targets->pdata[1]);
  g_assert_cmpstr (first, ==, "stt:p95<=1");
  g_assert_cmpstr (second, ==, "*:error_rate<=2%");
  /* ...never saved */
  g_assert_cmpuint (g_strv_length (saved), ==, 0);

  /* a notification's click shows the overview */
  il_main_window_set_page (window, IL_PAGE_TRENDS);
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "show-overview", NULL);
  g_assert_cmpint (il_main_window_get_page (window), ==, IL_PAGE_OVERVIEW);
}

static void
test_slo_once (void)
{
  run_app (check_slo_once, TRUE, "--demo", "--slo", "stt:p95<=1", "--slo", "*:error_rate<=2%", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_home = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  int ret;

  /* Nothing configured: no .env of the user's, no environment. */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);
  g_setenv ("IL_DEMO_ROWS", G_STRINGIFY (DEMO_ROWS), TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/first-run", test_first_run);
  g_test_add_func ("/app/days-once", test_days_once);
  g_test_add_func ("/app/all-once", test_all_once);
  g_test_add_func ("/app/url-once", test_url_once);
  g_test_add_func ("/app/slo-once", test_slo_once);

  ret = g_test_run ();
  g_rmdir (config_home);
  return ret;
}
