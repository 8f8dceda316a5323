/* il-secret.c: the Supabase API key in the user's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "il-secret.h"

/* Without a Secret Service the key must still work for this run, but it is
 * never written anywhere else: it lives in this table until the process ends. */
static GMutex      session_lock;
static GHashTable *session_keys;
static gboolean    service_failed;

typedef struct
{
  char *url;
  char *key;
} StoreData;

static void
wipe_free (gpointer data)
{
  char *s = data;

  if (s != NULL)
    {
      memset (s, 0, strlen (s));
      g_free (s);
    }
}

static void
store_data_free (gpointer data)
{
  StoreData *sd = data;

  g_free (sd->url);
  wipe_free (sd->key);
  g_free (sd);
}

G_DEFINE_QUARK (il-secret-error-quark, il_secret_error)

static const SecretSchema *
il_secret_get_schema (void)
{
  /* Named after the app id, so a .Devel build keeps its own key. */
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "supabase-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GHashTable *
make_attributes (const char *url)
{
  /* libsecret keeps a reference to the table until the call completes: the
   * table must own its values, the caller's string may be gone by then. */
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "supabase-url", g_strdup (url));
  return attributes;
}

static void
session_set (const char *url,
             const char *key)
{
  g_mutex_lock (&session_lock);
  if (session_keys == NULL)
    session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  if (key != NULL)
    g_hash_table_replace (session_keys, g_strdup (url), g_strdup (key));
  else
    g_hash_table_remove (session_keys, url);
  g_mutex_unlock (&session_lock);
}

static char *
session_get (const char *url)
{
  char *ret = NULL;

  g_mutex_lock (&session_lock);
  if (session_keys != NULL)
    ret = g_strdup (g_hash_table_lookup (session_keys, url));
  g_mutex_unlock (&session_lock);
  return ret;
}

static gboolean
get_service_failed (void)
{
  gboolean ret;

  g_mutex_lock (&session_lock);
  ret = service_failed;
  g_mutex_unlock (&session_lock);
  return ret;
}

static void
set_service_failed (const GError *error)
{
  g_mutex_lock (&session_lock);
  service_failed = TRUE;
  g_mutex_unlock (&session_lock);
  g_debug ("Secret Service unavailable, keeping the key for this session: %s", error->message);
}

static void
return_unavailable (GTask *task)
{
  g_task_return_new_error (task, IL_SECRET_ERROR, IL_SECRET_ERROR_UNAVAILABLE,
                           _("No keyring is available: the API key is kept for this session only"));
}

/**
 * il_secret_is_available:
 *
 * Returns: %FALSE once the Secret Service could not be reached; keys are then
 *   kept in memory for the session. %TRUE before the first attempt.
 */
gboolean
il_secret_is_available (void)
{
  return !get_service_failed ();
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  StoreData *sd = g_task_get_task_data (task);

  if (secret_password_store_finish (result, &error))
    {
      session_set (sd->url, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_service_failed (error);
  session_set (sd->url, sd->key);
  return_unavailable (task);
}

/**
 * il_secret_store_key_async:
 * @url: the normalized Supabase URL the key belongs to
 * @key: the API key
 *
 * Stores @key in the default keyring collection. Without a Secret Service the
 * key is kept in memory and the finish call fails with
 * %IL_SECRET_ERROR_UNAVAILABLE: the key still works until the app quits.
 */
void
il_secret_store_key_async (const char          *url,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  StoreData *sd;

  g_return_if_fail (url != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_secret_store_key_async);
  sd = g_new0 (StoreData, 1);
  sd->url = g_strdup (url);
  sd->key = g_strdup (key);
  g_task_set_task_data (task, sd, store_data_free);

  if (get_service_failed ())
    {
      session_set (url, key);
      return_unavailable (task);
      return;
    }

  /* Translators: the label of the keyring item, e.g. in Passwords and Keys */
  label = g_strdup_printf (_("Interview Latency API key for %s"), url);
  attributes = make_attributes (sd->url);
  secret_password_storev (il_secret_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, key, cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
il_secret_store_key_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  const char *url = g_task_get_task_data (task);
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error == NULL)
    {
      char *key = secret != NULL ? g_strdup (secret) : session_get (url);

      secret_password_free (secret);
      g_task_return_pointer (task, key, wipe_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_service_failed (error);
  {
    char *key = session_get (url);

    if (key != NULL)
      g_task_return_pointer (task, key, wipe_free);
    else
      return_unavailable (task);
  }
}

/**
 * il_secret_lookup_key_async:
 * @url: the normalized Supabase URL
 *
 * Looks up the key stored for @url.
 */
void
il_secret_lookup_key_async (const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_secret_lookup_key_async);
  g_task_set_task_data (task, g_strdup (url), g_free);

  if (get_service_failed ())
    {
      char *key = session_get (url);

      if (key != NULL)
        g_task_return_pointer (task, key, wipe_free);
      else
        return_unavailable (task);
      return;
    }

  attributes = make_attributes (url);
  secret_password_lookupv (il_secret_get_schema (), attributes, cancellable,
                           lookup_cb, g_steal_pointer (&task));
}

/**
 * il_secret_lookup_key_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL without an error when
 *   none is stored. Without a Secret Service the session key is returned; when
 *   there is none, %NULL with %IL_SECRET_ERROR_UNAVAILABLE.
 */
char *
il_secret_lookup_key_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    set_service_failed (error);

  /* Nothing was persisted without a keyring: clearing the session copy is all. */
  g_task_return_boolean (task, TRUE);
}

/**
 * il_secret_clear_key_async:
 * @url: the normalized Supabase URL
 *
 * Removes the key of @url from the keyring and from the session.
 */
void
il_secret_clear_key_async (const char          *url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_secret_clear_key_async);
  session_set (url, NULL);

  if (get_service_failed ())
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  attributes = make_attributes (url);
  secret_password_clearv (il_secret_get_schema (), attributes, cancellable,
                          clear_cb, g_steal_pointer (&task));
}

gboolean
il_secret_clear_key_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
