/* test-preferences.c: the preferences window against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs plain (no D-Bus session: the key is kept for the session) and under
 * tests/run-with-keyring.sh (IL_TEST_KEYRING=1: a real gnome-keyring).
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fake-postgrest.h"
#include "il-cache-preferences-group.h"
#include "il-config.h"
#include "il-demo.h"
#include "il-format.h"
#include "il-preferences-window.h"
#include "il-resources.h"
#include "il-row-cache.h"
#include "il-secret.h"
#include "il-spinner.h"

#define TEST_KEY "sb_secret_prefs-test-key-0123456789abcdef"
#define N_ROWS 1234

static gboolean with_keyring;

static gpointer
child (gpointer    win,
       const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (win), IL_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (obj);
  return obj;
}

static void
set_text (gpointer    win,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (win, name)), text);
}

static void
assert_not_in_gsettings (const char *needle)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, needle));
    }
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "supabase-url");
}

typedef struct
{
  gboolean  emitted;
  char     *url;
  char     *key;
} Changed;

static void
on_credentials_changed (IlPreferencesWindow *win,
                        const char          *url,
                        const char          *key,
                        Changed             *changed)
{
  changed->emitted = TRUE;
  changed->url = g_strdup (url);
  changed->key = g_strdup (key);
}

static void
apply_row (gpointer    win,
           const char *name)
{
  g_signal_emit_by_name (child (win, name), "apply");
}

/* No Save or Cancel: settings apply as made, the credentials on apply. */
static void
test_no_save_bar (void)
{
  IlPreferencesWindow *win = il_preferences_window_new (NULL, NULL);

  g_assert_null (gtk_widget_get_template_child (GTK_WIDGET (win), IL_TYPE_PREFERENCES_WINDOW, "save_button"));
  g_assert_null (gtk_widget_get_template_child (GTK_WIDGET (win), IL_TYPE_PREFERENCES_WINDOW, "cancel_button"));
  g_assert_true (adw_entry_row_get_show_apply_button (child (win, "url_row")));
  g_assert_true (adw_entry_row_get_show_apply_button (child (win, "key_row")));
  gtk_window_destroy (GTK_WINDOW (win));
}

/* The row's own apply button, when it is on screen (not the key row's
 * peek button, also a GtkButton). */
static gboolean
apply_button_shown (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_BUTTON (c) && gtk_widget_get_mapped (c)
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (c)), "adw-entry-apply-symbolic") == 0)
        return TRUE;
      if (apply_button_shown (c))
        return TRUE;
    }
  return FALSE;
}

static void
test_bad_url (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlPreferencesWindow *win;
  GtkWidget *url_row, *label;
  const char *bad[] = { "http://example.com", "not a url", "ftp://abc.supabase.co" };
  Changed changed = { 0 };

  reset_settings ();
  win = il_preferences_window_new (NULL, NULL);
  g_signal_connect (win, "credentials-changed", G_CALLBACK (on_credentials_changed), &changed);
  url_row = child (win, "url_row");
  label = child (win, "url_error_label");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = NULL;

      g_assert_false (il_supabase_url_normalize (bad[i], NULL, &error));
      set_text (win, "url_row", bad[i]);
      /* Typing is not checked yet... */
      g_assert_false (gtk_widget_get_visible (label));
      /* ...applying is: the reason on the row, word for word, nothing stored. */
      apply_row (win, "url_row");
      g_assert_true (gtk_widget_get_visible (label));
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, error->message);
      g_assert_true (gtk_widget_has_css_class (url_row, "error"));
      stored = g_settings_get_string (settings, "supabase-url");
      g_assert_cmpstr (stored, ==, "");
    }
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (changed.emitted);

  /* Typing again clears the complaint. */
  set_text (win, "url_row", "https://abcdefgh.supabase.co/rest/v1/");
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));

  /* A key without a URL has nowhere to go. */
  set_text (win, "url_row", "");
  set_text (win, "key_row", TEST_KEY);
  apply_row (win, "key_row");
  g_assert_true (gtk_widget_has_css_class (child (win, "key_row"), "error"));
  g_assert_true (gtk_widget_get_visible (label));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (changed.emitted);

  gtk_window_destroy (GTK_WINDOW (win));
}

static void
run_check (IlPreferencesWindow *win)
{
  IlSpinner *spinner = child (win, "test_spinner");

  g_assert_true (gtk_widget_get_sensitive (child (win, "test_button")));
  g_signal_emit_by_name (child (win, "test_button"), "clicked");
  g_assert_true (il_spinner_get_spinning (spinner));
  while (il_spinner_get_spinning (spinner))
    g_main_context_iteration (NULL, TRUE);
}

static IlConfig *
make_config (const char     *url,
             IlConfigOrigin  url_origin,
             const char     *key,
             IlConfigOrigin  key_origin)
{
  IlConfig *config = il_config_new ();

  config->url = g_strdup (url);
  config->url_origin = url_origin;
  config->key = g_strdup (key);
  config->key_origin = key_origin;
  return config;
}

/* The test is of the configuration in use, whatever its origin, and says
 * where it came from; what is typed but not applied plays no part. */
static void
test_connection (void)
{
  g_autoptr(IlRowStore) rows = il_demo_generate (N_ROWS, 7, 1795000000000000);
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (rows, TEST_KEY);
  g_autoptr(IlConfig) config = make_config (il_fake_postgrest_get_url (server), IL_CONFIG_ORIGIN_ENVIRONMENT,
                                            TEST_KEY, IL_CONFIG_ORIGIN_DOTENV);
  IlPreferencesWindow *win;
  AdwActionRow *row;
  GtkWidget *icon;
  /* grouped like every other count, also in the C locale */
  g_autofree char *count = il_format_count_str (N_ROWS);
  g_autofree char *expected = g_strdup_printf ("Connected: %s rows visible\n"
                                               "Tested the URL from the environment and the key from the .env file",
                                               count);

  reset_settings ();
  /* Nothing in use: nothing to test, even with a URL and key typed. */
  win = il_preferences_window_new (NULL, NULL);
  set_text (win, "url_row", il_fake_postgrest_get_url (server));
  set_text (win, "key_row", TEST_KEY);
  g_assert_false (gtk_widget_get_sensitive (child (win, "test_button")));
  gtk_window_destroy (GTK_WINDOW (win));

  win = il_preferences_window_new (NULL, config);
  row = child (win, "test_row");
  icon = child (win, "test_icon");
  set_text (win, "url_row", "https://typed-not-applied.supabase.co");
  set_text (win, "key_row", "half-typ");
  run_check (win);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, expected);
  g_assert_true (gtk_widget_has_css_class (icon, "success"));

  /* A wrong key from the command line is rejected, in words, and never shown. */
  {
    g_autoptr(IlConfig) wrong = make_config (il_fake_postgrest_get_url (server), IL_CONFIG_ORIGIN_COMMAND_LINE,
                                             "wrong-key", IL_CONFIG_ORIGIN_COMMAND_LINE);

    il_preferences_window_set_active_config (win, wrong);
    run_check (win);
    g_test_message ("wrong key: %s", adw_action_row_get_subtitle (row));
    g_assert_true (gtk_widget_has_css_class (icon, "error"));
    g_assert_false (gtk_widget_has_css_class (icon, "success"));
    g_assert_null (strstr (adw_action_row_get_subtitle (row), "wrong-key"));
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row),
                                     "\nTested the URL and key from the command line"));
  }

  /* An empty table: connected, but RLS (or nothing) hides every row. */
  {
    g_autoptr(IlFakePostgrest) empty = il_fake_postgrest_new (NULL, TEST_KEY);
    g_autoptr(IlConfig) prefs = make_config (il_fake_postgrest_get_url (empty), IL_CONFIG_ORIGIN_PREFERENCES,
                                             TEST_KEY, IL_CONFIG_ORIGIN_PREFERENCES);

    il_preferences_window_set_active_config (win, prefs);
    run_check (win);
    g_test_message ("empty: %s", adw_action_row_get_subtitle (row));
    g_assert_true (gtk_widget_has_css_class (icon, "warning"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Row Level Security"));
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row),
                                     "\nTested the URL and key from the preferences"));
  }

  gtk_window_destroy (GTK_WINDOW (win));
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_save (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_url = NULL;
  g_autofree char *stored_key = NULL;
  IlPreferencesWindow *win;
  Changed changed = { 0 };

  reset_settings ();
  win = il_preferences_window_new (NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (win), (gpointer *) &win);
  g_signal_connect (win, "credentials-changed", G_CALLBACK (on_credentials_changed), &changed);

  set_text (win, "url_row", " https://abcdefgh.supabase.co/rest/v1/ ");
  set_text (win, "key_row", TEST_KEY);
  /* Typing stores nothing and fetches nothing. */
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (changed.emitted);
  stored_url = g_settings_get_string (settings, "supabase-url");
  g_assert_cmpstr (stored_url, ==, "");
  g_clear_pointer (&stored_url, g_free);

  apply_row (win, "key_row");
  while (!changed.emitted)
    g_main_context_iteration (NULL, TRUE);

  /* Normalized URL in GSettings; the key only through the keyring API. */
  g_assert_cmpstr (changed.url, ==, "https://abcdefgh.supabase.co");
  g_assert_cmpstr (changed.key, ==, TEST_KEY);
  stored_url = g_settings_get_string (settings, "supabase-url");
  g_assert_cmpstr (stored_url, ==, "https://abcdefgh.supabase.co");
  assert_not_in_gsettings (TEST_KEY);
  g_assert_true (il_secret_is_available () == with_keyring);

  il_secret_lookup_key_async ("https://abcdefgh.supabase.co", NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  stored_key = il_secret_lookup_key_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_key, ==, TEST_KEY);

  /* The row shows the normalized URL; the window stays open. */
  g_assert_cmpstr (gtk_editable_get_text (child (win, "url_row")), ==, "https://abcdefgh.supabase.co");
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_nonnull (win);
  gtk_window_destroy (GTK_WINDOW (win));
  /* what the apply began may still hold it a moment (the keyring) */
  while (win != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Opening it again shows the stored URL and key (masked), as applied
   * values: no apply button waits on them. */
  win = il_preferences_window_new (NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (win), (gpointer *) &win);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_cmpstr (gtk_editable_get_text (child (win, "url_row")), ==, "https://abcdefgh.supabase.co");
  while (gtk_editable_get_text (child (win, "key_row"))[0] == '\0')
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (child (win, "key_row")), ==, TEST_KEY);
  while (!gtk_widget_get_mapped (child (win, "key_row")))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE));
  /* AdwEntryRow shows it only while being edited: with the focus in it */
  gtk_widget_grab_focus (child (win, "url_row"));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_false (apply_button_shown (child (win, "url_row")));
  /* typing brings it; applying puts the normalized URL in the row, which
   * is applied, not waiting to be */
  set_text (win, "url_row", "https://abcdefgh.supabase.co/rest/v1/");
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_true (apply_button_shown (child (win, "url_row")));
  apply_row (win, "url_row");
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpstr (gtk_editable_get_text (child (win, "url_row")), ==, "https://abcdefgh.supabase.co");
  g_assert_false (apply_button_shown (child (win, "url_row")));
  if (!with_keyring)
    g_assert_true (gtk_widget_has_css_class (child (win, "keyring_label"), "warning"));
  gtk_window_destroy (GTK_WINDOW (win));
  /* the store begun by the apply holds the window until it completes */
  while (win != NULL)
    g_main_context_iteration (NULL, TRUE);

  g_free (changed.url);
  g_free (changed.key);
}

/* Closing with a half-typed URL and key changes nothing. */
static void
test_unapplied (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *stored_url = NULL;
  IlPreferencesWindow *win;
  Changed changed = { 0 };

  g_settings_set_string (settings, "supabase-url", "https://before.supabase.co");
  win = il_preferences_window_new (NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (win), (gpointer *) &win);
  g_signal_connect (win, "credentials-changed", G_CALLBACK (on_credentials_changed), &changed);

  set_text (win, "url_row", "https://after.supabase.co");
  set_text (win, "key_row", "other-key");
  gtk_window_destroy (GTK_WINDOW (win));
  while (g_main_context_iteration (NULL, FALSE));

  g_assert_null (win);
  g_assert_false (changed.emitted);
  stored_url = g_settings_get_string (settings, "supabase-url");
  g_assert_cmpstr (stored_url, ==, "https://before.supabase.co");
  reset_settings ();
}

static void
test_origins (void)
{
  g_autoptr(IlConfig) config = il_config_new ();
  IlPreferencesWindow *win;
  const char *key_text;
  g_autofree char *url_expected = NULL;

  config->url = g_strdup ("https://fromenv.supabase.co");
  config->url_origin = IL_CONFIG_ORIGIN_ENVIRONMENT;
  config->key = g_strdup (TEST_KEY);
  config->key_origin = IL_CONFIG_ORIGIN_DOTENV;
  config->dotenv_path = g_strdup ("/home/user/project/.env");

  win = il_preferences_window_new (NULL, config);
  url_expected = g_strdup_printf ("https://fromenv.supabase.co, from %s",
                                  il_config_origin_describe (IL_CONFIG_ORIGIN_ENVIRONMENT));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (win, "url_origin_row")), ==, url_expected);
  key_text = adw_action_row_get_subtitle (child (win, "key_origin_row"));
  g_assert_nonnull (strstr (key_text, il_config_origin_describe (IL_CONFIG_ORIGIN_DOTENV)));
  g_assert_null (strstr (key_text, TEST_KEY));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (win, "dotenv_row")), ==, "/home/user/project/.env");
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_settings_bound (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IlPreferencesWindow *win = il_preferences_window_new (NULL, NULL);

  /* The schema's defaults reach the widgets. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (win, "days_spin")), ==, 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (win, "auto_refresh_spin")), ==, 30);
  g_assert_true (gtk_switch_get_active (child (win, "refresh_on_start_switch")));
  g_assert_false (gtk_switch_get_active (child (win, "local_time_switch")));

  gtk_spin_button_set_value (child (win, "days_spin"), 90);
  g_assert_cmpint (g_settings_get_int (settings, "days"), ==, 90);
  gtk_switch_set_active (child (win, "local_time_switch"), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "local-time"));
  gtk_spin_button_set_value (child (win, "auto_refresh_spin"), 15);
  g_assert_cmpint (g_settings_get_int (settings, "live-interval-seconds"), ==, 15);
  /* Seconds, 5 to 3600. */
  gtk_spin_button_set_value (child (win, "auto_refresh_spin"), 1);
  g_assert_cmpint (g_settings_get_int (settings, "live-interval-seconds"), ==, 5);
  gtk_window_destroy (GTK_WINDOW (win));

  g_settings_reset (settings, "days");
  g_settings_reset (settings, "local-time");
  g_settings_reset (settings, "live-interval-seconds");
}

static void
wait_idle (IlCachePreferencesGroup *group)
{
  while (il_cache_preferences_group_is_busy (group))
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_cache_group (GtkWidget *widget)
{
  if (IL_IS_CACHE_PREFERENCES_GROUP (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_cache_group (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The local cache's size, its Clear button and its switch. */
static void
test_cache_group (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("il-prefs-cache-XXXXXX", NULL);
  g_autoptr(IlRowCache) cache = il_row_cache_new (dir, "https://abc.supabase.co");
  g_autoptr(IlRowStore) store = il_demo_generate (2000, IL_DEMO_DEFAULT_SEED, g_get_real_time ());
  IlRowCacheMeta meta = { IL_TIME_NONE, IL_TIME_NONE, 1 };
  g_autofree char *expected = NULL;
  g_autofree char *zero = g_format_size (0);
  g_autofree char *stray = g_build_filename (dir, "notes.txt", NULL);
  IlPreferencesWindow *win = il_preferences_window_new (NULL, NULL);
  IlCachePreferencesGroup *group;
  GtkWidget *clear;
  GtkWidget *use_cache;

  /* The window shows the group on its Data page. */
  group = IL_CACHE_PREFERENCES_GROUP (find_cache_group (GTK_WIDGET (win)));
  g_assert_nonnull (group);
  clear = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (group), IL_TYPE_CACHE_PREFERENCES_GROUP, "clear_button");
  use_cache = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (group), IL_TYPE_CACHE_PREFERENCES_GROUP,
                                             "use_cache_switch");
  g_assert_true (gtk_widget_has_css_class (clear, "destructive-action"));

  g_assert_true (il_row_cache_save (cache, store, &meta, NULL));
  g_assert_true (g_file_set_contents (stray, "not a cache", -1, NULL));
  expected = g_format_size (il_row_cache_get_size (cache));
  g_assert_cmpuint (il_row_cache_get_size (cache), >, 1000);

  il_cache_preferences_group_set_cache_dir (group, dir);
  g_assert_true (il_cache_preferences_group_is_busy (group));
  g_assert_false (gtk_widget_get_sensitive (clear));
  wait_idle (group);
  g_assert_cmpstr (il_cache_preferences_group_get_size_text (group), ==, expected);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (clear, ADW_TYPE_ACTION_ROW))),
                   ==, expected);
  g_assert_true (gtk_widget_get_sensitive (clear));

  /* Clear deletes the cache files, nothing else, and shows the new size. */
  g_signal_emit_by_name (clear, "clicked");
  wait_idle (group);
  g_assert_false (g_file_test (il_row_cache_get_path (cache), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (stray, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (il_cache_preferences_group_get_size_text (group), ==, zero);
  g_assert_false (gtk_widget_get_sensitive (clear));

  /* The switch is the "use-cache" setting. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (use_cache)));
  gtk_switch_set_active (GTK_SWITCH (use_cache), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "use-cache"));
  g_settings_reset (settings, "use-cache");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (use_cache)));

  gtk_window_destroy (GTK_WINDOW (win));
  g_unlink (stray);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  with_keyring = g_getenv ("IL_TEST_KEYRING") != NULL;
  if (!with_keyring)
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/il-test-bus", TRUE);
      /* The accessibility bus would warn about the missing session bus. */
      g_setenv ("GTK_A11Y", "none", TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  g_test_add_func ("/preferences/no-save-bar", test_no_save_bar);
  g_test_add_func ("/preferences/bad-url", test_bad_url);
  g_test_add_func ("/preferences/test-connection", test_connection);
  g_test_add_func ("/preferences/apply", test_save);
  g_test_add_func ("/preferences/unapplied", test_unapplied);
  g_test_add_func ("/preferences/origins", test_origins);
  g_test_add_func ("/preferences/settings-bound", test_settings_bound);
  g_test_add_func ("/preferences/cache-group", test_cache_group);
  return g_test_run ();
}
