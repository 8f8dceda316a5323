/* test-compute-preferences.c: the preferences group of where the figures are
 * computed: bound to the settings both ways, the threshold only for
 * Automatic, and the function check against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "fake-postgrest.h"
#include "il-compute-preferences-group.h"
#include "il-preferences-window.h"
#include "widget-test-util.h"

#define API_KEY "sb_publishable_ComputePrefsTestKey_0123456789"

static void
test_bindings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *group = g_object_ref_sink (il_compute_preferences_group_new ());
  AdwComboRow *combo = ADW_COMBO_ROW (find_descendant (group, ADW_TYPE_COMBO_ROW));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (find_descendant (group, GTK_TYPE_SPIN_BUTTON));
  GtkWidget *threshold_row = gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW);
  g_autofree char *mode = NULL;

  /* the default: Automatic above 2,000,000 rows */
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 2000000);
  g_assert_true (gtk_widget_get_sensitive (threshold_row));

  /* a choice is saved at once */
  adw_combo_row_set_selected (combo, 1);
  mode = g_settings_get_string (settings, "compute-mode");
  g_assert_cmpstr (mode, ==, "server");
  g_assert_false (gtk_widget_get_sensitive (threshold_row));
  adw_combo_row_set_selected (combo, 2);
  g_free (mode);
  mode = g_settings_get_string (settings, "compute-mode");
  g_assert_cmpstr (mode, ==, "client");
  gtk_spin_button_set_value (spin, 500000);
  g_assert_cmpuint (g_settings_get_uint (settings, "server-side-threshold"), ==, 500000);

  /* and the settings show */
  g_settings_set_string (settings, "compute-mode", "automatic");
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (threshold_row));
  g_settings_set_uint (settings, "server-side-threshold", 7000000);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 7000000);

  g_settings_reset (settings, "compute-mode");
  g_settings_reset (settings, "server-side-threshold");
  g_object_unref (group);
}

static gboolean
checked (IlComputePreferencesGroup *group)
{
  const char *status = _il_compute_preferences_group_get_status (group);

  return status[0] != '\0' && strstr (status, "Checking") == NULL && strstr (status, "Not checked") == NULL;
}

static void
wait_checked (IlComputePreferencesGroup *group)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!checked (group))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
answer_fixture (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* A missing function says so, with the SQL file to run; an installed one
 * its version. */
static void
test_check (void)
{
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (NULL, API_KEY);
  GtkWidget *group = g_object_ref_sink (il_compute_preferences_group_new ());
  const char *status;

  il_compute_preferences_group_check (IL_COMPUTE_PREFERENCES_GROUP (group), il_fake_postgrest_get_url (fake),
                                      API_KEY);
  wait_checked (IL_COMPUTE_PREFERENCES_GROUP (group));
  status = _il_compute_preferences_group_get_status (IL_COMPUTE_PREFERENCES_GROUP (group));
  g_assert_nonnull (strstr (status, "interview_latency_summary"));
  g_assert_nonnull (strstr (status, "The SQL file to run is "));
  g_assert_nonnull (strstr (status, "interview_latency_summary.sql"));

  il_fake_postgrest_set_rpc (fake, answer_fixture, NULL);
  il_compute_preferences_group_check (IL_COMPUTE_PREFERENCES_GROUP (group), il_fake_postgrest_get_url (fake),
                                      API_KEY);
  wait_checked (IL_COMPUTE_PREFERENCES_GROUP (group));
  status = _il_compute_preferences_group_get_status (IL_COMPUTE_PREFERENCES_GROUP (group));
  g_assert_true (g_str_has_prefix (status, "Installed (version 1)"));
  g_object_unref (group);
}

/* The preferences window shows the group on its Data page. */
static void
test_in_window (void)
{
  IlPreferencesWindow *window = il_preferences_window_new (NULL, NULL);

  g_assert_nonnull (find_descendant (GTK_WIDGET (window), IL_TYPE_COMPUTE_PREFERENCES_GROUP));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/compute-preferences/bindings", test_bindings);
  g_test_add_func ("/compute-preferences/check", test_check);
  g_test_add_func ("/compute-preferences/in-window", test_in_window);
  return g_test_run ();
}
