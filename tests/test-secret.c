/* test-secret.c: the API key in the keyring, and the session fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in two modes: plain (no D-Bus session: the fallback path) and under
 * tests/run-with-keyring.sh (IL_TEST_KEYRING=1: a real gnome-keyring).
 */
#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "il-secret.h"

#define URL_A "https://abcdefgh.supabase.co"
#define URL_B "https://other.supabase.co"
#define KEY_A "sb_secret_test-key-AAAA-0123456789"

static gboolean with_keyring;

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
store (const char  *url,
       const char  *key,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  il_secret_store_key_async (url, key, NULL, got_result, &result);
  return il_secret_store_key_finish (wait_result (&result), error);
}

static char *
lookup (const char  *url,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *copy = g_strdup (url);

  /* The caller's string may be gone before the keyring answers (ASan checks). */
  il_secret_lookup_key_async (copy, NULL, got_result, &result);
  g_free (copy);
  return il_secret_lookup_key_finish (wait_result (&result), error);
}

static gboolean
clear (const char  *url,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  il_secret_clear_key_async (url, NULL, got_result, &result);
  return il_secret_clear_key_finish (wait_result (&result), error);
}

static void
assert_not_in_gsettings (const char *needle)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), >, 0);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, needle));
    }
}

static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *other = NULL;
  gboolean stored;

  stored = store (URL_A, KEY_A, &error);
  if (with_keyring)
    {
      g_assert_no_error (error);
      g_assert_true (stored);
      g_assert_true (il_secret_is_available ());
    }
  else
    {
      g_assert_error (error, IL_SECRET_ERROR, IL_SECRET_ERROR_UNAVAILABLE);
      g_assert_false (stored);
      g_assert_false (il_secret_is_available ());
      /* The message is for the user and never holds the key. */
      g_assert_null (strstr (error->message, KEY_A));
    }
  g_clear_error (&error);

  got = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, KEY_A);

  /* A key belongs to its URL. */
  other = lookup (URL_B, &error);
  g_assert_null (other);
  if (with_keyring)
    g_assert_no_error (error);
  else
    g_assert_error (error, IL_SECRET_ERROR, IL_SECRET_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  assert_not_in_gsettings (KEY_A);

  g_assert_true (clear (URL_A, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = lookup (URL_A, &error);
  g_assert_null (got);
  g_clear_error (&error);
}

static void
test_replace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  store (URL_A, "first-key", NULL);
  store (URL_A, "second-key", NULL);
  got = lookup (URL_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, "second-key");
  g_assert_true (clear (URL_A, NULL));
}

static void
test_in_keyring (void)
{
  /* The same schema as il-secret.c: proves the key really is in the keyring,
   * where other tools (Passwords and Keys) find it. */
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    { { "supabase-url", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };
  g_autoptr(GError) error = NULL;
  char *secret;

  if (!with_keyring)
    {
      g_test_skip ("no Secret Service in this run");
      return;
    }

  g_assert_true (store (URL_B, KEY_A, &error));
  g_assert_no_error (error);
  secret = secret_password_lookup_sync (&schema, NULL, &error, "supabase-url", URL_B, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, KEY_A);
  secret_password_free (secret);
  g_assert_true (clear (URL_B, NULL));
  secret = secret_password_lookup_sync (&schema, NULL, &error, "supabase-url", URL_B, NULL);
  g_assert_no_error (error);
  g_assert_null (secret);
}

int
main (int   argc,
      char *argv[])
{
  with_keyring = g_getenv ("IL_TEST_KEYRING") != NULL;
  if (!with_keyring)
    {
      /* No session bus at all: the fallback path, whatever the machine has. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/il-test-bus", TRUE);
      g_unsetenv ("DISPLAY");
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secret/roundtrip", test_roundtrip);
  g_test_add_func ("/secret/replace", test_replace);
  g_test_add_func ("/secret/in-keyring", test_in_keyring);
  return g_test_run ();
}
