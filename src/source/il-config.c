/* il-config.c: configuration sources, URL rules and key kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "il-config.h"
#include "il-dotenv.h"

IlConfig *
il_config_new (void)
{
  return g_new0 (IlConfig, 1);
}

IlConfig *
il_config_copy (const IlConfig *config)
{
  IlConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = il_config_new ();
  copy->url = g_strdup (config->url);
  copy->key = g_strdup (config->key);
  copy->url_origin = config->url_origin;
  copy->key_origin = config->key_origin;
  copy->dotenv_path = g_strdup (config->dotenv_path);
  copy->warning = g_strdup (config->warning);
  return copy;
}

void
il_config_free (IlConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->url);
  if (config->key != NULL)
    {
      /* Do not leave the key lying around in freed memory. */
      memset (config->key, 0, strlen (config->key));
      g_free (config->key);
    }
  g_free (config->dotenv_path);
  g_free (config->warning);
  g_free (config);
}

gboolean
il_config_is_complete (const IlConfig *config)
{
  return config != NULL
         && config->url != NULL && config->url[0] != '\0'
         && config->key != NULL && config->key[0] != '\0';
}

const char *
il_config_origin_describe (IlConfigOrigin origin)
{
  switch (origin)
    {
    case IL_CONFIG_ORIGIN_COMMAND_LINE: return _("command line");
    case IL_CONFIG_ORIGIN_PREFERENCES:  return _("preferences");
    case IL_CONFIG_ORIGIN_ENVIRONMENT:  return _("environment");
    case IL_CONFIG_ORIGIN_DOTENV:       return _(".env file");
    case IL_CONFIG_ORIGIN_NONE:
    default:                            return _("not set");
    }
}

/* Empty or all-blank values count as unset, so a blank preference does not
 * hide the environment. */
static char *
non_empty (const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (value));
  if (copy[0] == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

static void
take_value (char           **slot,
            IlConfigOrigin  *slot_origin,
            const char      *value,
            IlConfigOrigin   origin)
{
  if (*slot != NULL)
    return;
  *slot = non_empty (value);
  if (*slot != NULL)
    *slot_origin = origin;
}

/* Returns FALSE and sets @error only when the file exists but is unusable,
 * or (when @must_exist) does not exist. */
static gboolean
apply_dotenv (IlConfig   *config,
              const char *path,
              gboolean    must_exist,
              GError    **error)
{
  g_autoptr(GHashTable) table = NULL;
  gboolean had_url = config->url != NULL;
  gboolean had_key = config->key != NULL;

  if (!must_exist && !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  table = il_dotenv_load (path, error);
  if (table == NULL)
    return FALSE;

  take_value (&config->url, &config->url_origin,
              g_hash_table_lookup (table, "SUPABASE_URL"), IL_CONFIG_ORIGIN_DOTENV);
  take_value (&config->key, &config->key_origin,
              g_hash_table_lookup (table, "SUPABASE_KEY"), IL_CONFIG_ORIGIN_DOTENV);

  if (config->dotenv_path == NULL
      && ((!had_url && config->url != NULL) || (!had_key && config->key != NULL)))
    config->dotenv_path = g_strdup (path);

  return TRUE;
}

static IlConfig *
resolve (const IlConfigInputs *in,
         gboolean              checked,
         GError              **error)
{
  static const IlConfigInputs empty = { 0 };
  g_autoptr(IlConfig) config = il_config_new ();
  g_auto(GStrv) real_env = NULL;
  const char * const *env;
  g_autoptr(GError) local_error = NULL;

  if (in == NULL)
    in = &empty;

  take_value (&config->url, &config->url_origin, in->cli_url, IL_CONFIG_ORIGIN_COMMAND_LINE);
  take_value (&config->key, &config->key_origin, in->cli_key, IL_CONFIG_ORIGIN_COMMAND_LINE);
  take_value (&config->url, &config->url_origin, in->prefs_url, IL_CONFIG_ORIGIN_PREFERENCES);
  take_value (&config->key, &config->key_origin, in->prefs_key, IL_CONFIG_ORIGIN_PREFERENCES);

  env = in->environ;
  if (env == NULL)
    env = (const char * const *) (real_env = g_get_environ ());
  take_value (&config->url, &config->url_origin,
              g_environ_getenv ((char **) env, "SUPABASE_URL"), IL_CONFIG_ORIGIN_ENVIRONMENT);
  take_value (&config->key, &config->key_origin,
              g_environ_getenv ((char **) env, "SUPABASE_KEY"), IL_CONFIG_ORIGIN_ENVIRONMENT);

  if (in->cli_env_file != NULL && in->cli_env_file[0] != '\0')
    {
      if (!apply_dotenv (config, in->cli_env_file, TRUE, &local_error))
        {
          if (checked)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          config->warning = g_strdup (local_error->message);
        }
    }
  else if (config->url == NULL || config->key == NULL)
    {
      g_autofree char *cwd = in->cwd ? g_strdup (in->cwd) : g_get_current_dir ();
      const char *config_dir = in->config_dir ? in->config_dir : g_get_user_config_dir ();
      g_autofree char *local_path = g_build_filename (cwd, ".env", NULL);
      g_autofree char *user_path = g_build_filename (config_dir, "interview-latency", ".env", NULL);
      const char *paths[] = { local_path, user_path };

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          if (config->url != NULL && config->key != NULL)
            break;
          if (!apply_dotenv (config, paths[i], FALSE, &local_error))
            {
              /* A broken .env found by searching is skipped, not fatal. */
              if (config->warning == NULL)
                config->warning = g_strdup (local_error->message);
              g_clear_error (&local_error);
            }
        }
    }

  return g_steal_pointer (&config);
}

IlConfig *
il_config_resolve (const IlConfigInputs *in)
{
  return resolve (in, FALSE, NULL);
}

IlConfig *
il_config_resolve_checked (const IlConfigInputs *in,
                           GError              **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return resolve (in, TRUE, error);
}

/* ---- URL ----------------------------------------------------------------- */

static gboolean
is_local_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0
         || strcmp (host, "127.0.0.1") == 0
         || strcmp (host, "::1") == 0
         || strcmp (host, "[::1]") == 0;
}

gboolean
il_supabase_url_normalize (const char  *input,
                           char       **out_base,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_base != NULL)
    *out_base = NULL;

  text = g_strstrip (g_strdup (input ? input : ""));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_NOT_CONFIGURED,
                           _("No Supabase URL is set. Enter your project URL, e.g. https://abcdefgh.supabase.co."));
      return FALSE;
    }
  if (strpbrk (text, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL contains spaces. Copy it again from the project’s API settings."));
      return FALSE;
    }
  if (strstr (text, "://") == NULL)
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL must start with https://, e.g. https://abcdefgh.supabase.co."));
      return FALSE;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL is not a valid URL. It should look like https://abcdefgh.supabase.co."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL has no host name. It should look like https://abcdefgh.supabase.co."));
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0)
        {
          g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                               _("The Supabase URL must start with https://."));
          return FALSE;
        }
      if (!is_local_host (host))
        {
          g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INSECURE_URL,
                               _("Plain http:// is only allowed for localhost. Use https:// so that the API key is not sent unencrypted."));
          return FALSE;
        }
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL must not contain a user name or password."));
      return FALSE;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                           _("The Supabase URL must not contain “?” or “#”. Use only the project URL, e.g. https://abcdefgh.supabase.co."));
      return FALSE;
    }

  /* Drop trailing slashes and one /rest/v1: users paste either form. */
  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  if (len >= 8 && g_ascii_strcasecmp (path + len - 8, "/rest/v1") == 0)
    {
      len -= 8;
      path[len] = '\0';
      while (len > 0 && path[len - 1] == '/')
        path[--len] = '\0';
    }

  if (out_base != NULL)
    {
      g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
      g_autofree char *lower_host = g_ascii_strdown (host, -1);
      gboolean v6 = strchr (lower_host, ':') != NULL && lower_host[0] != '[';
      int port = g_uri_get_port (uri);
      g_autofree char *port_str = port > 0 ? g_strdup_printf (":%d", port) : g_strdup ("");

      *out_base = g_strdup_printf ("%s://%s%s%s%s%s", lower_scheme,
                                   v6 ? "[" : "", lower_host, v6 ? "]" : "",
                                   port_str, path);
    }

  return TRUE;
}

/* ---- keys ---------------------------------------------------------------- */

static char *
jwt_role (const char *key)
{
  g_auto(GStrv) parts = g_strsplit (key, ".", -1);
  g_autoptr(GString) b64 = NULL;
  g_autofree guchar *payload = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *obj;
  gsize len = 0;

  if (g_strv_length (parts) != 3 || parts[1][0] == '\0')
    return NULL;

  /* base64url -> base64 with padding */
  b64 = g_string_new (parts[1]);
  for (gsize i = 0; i < b64->len; i++)
    {
      if (b64->str[i] == '-')
        b64->str[i] = '+';
      else if (b64->str[i] == '_')
        b64->str[i] = '/';
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  payload = g_base64_decode (b64->str, &len);
  if (payload == NULL || len == 0)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) payload, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  obj = json_node_get_object (root);
  if (!json_object_has_member (obj, "role"))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "role"))
      || json_node_get_value_type (json_object_get_member (obj, "role")) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strdup (json_object_get_string_member (obj, "role"));
}

gboolean
il_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  g_autoptr(GInetAddress) addr = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

IlKeyKind
il_key_kind (const char *key)
{
  g_autofree char *role = NULL;

  if (key == NULL || key[0] == '\0')
    return IL_KEY_KIND_NONE;
  if (g_str_has_prefix (key, "sb_publishable_"))
    return IL_KEY_KIND_PUBLISHABLE;
  if (g_str_has_prefix (key, "sb_secret_"))
    return IL_KEY_KIND_SECRET;

  role = jwt_role (key);
  if (role == NULL)
    return IL_KEY_KIND_UNKNOWN;
  if (strcmp (role, "anon") == 0)
    return IL_KEY_KIND_LEGACY_ANON;
  if (strcmp (role, "service_role") == 0)
    return IL_KEY_KIND_LEGACY_SERVICE_ROLE;
  return IL_KEY_KIND_LEGACY_JWT;
}

gboolean
il_key_kind_is_jwt (IlKeyKind kind)
{
  return kind == IL_KEY_KIND_LEGACY_ANON
         || kind == IL_KEY_KIND_LEGACY_SERVICE_ROLE
         || kind == IL_KEY_KIND_LEGACY_JWT;
}

const char *
il_key_kind_describe (IlKeyKind kind)
{
  switch (kind)
    {
    case IL_KEY_KIND_NONE:                return _("no key");
    case IL_KEY_KIND_LEGACY_ANON:         return _("legacy anon key (JWT)");
    case IL_KEY_KIND_LEGACY_SERVICE_ROLE: return _("legacy service_role key (JWT, bypasses Row Level Security)");
    case IL_KEY_KIND_LEGACY_JWT:          return _("JWT key with another role");
    case IL_KEY_KIND_PUBLISHABLE:         return _("publishable key");
    case IL_KEY_KIND_SECRET:              return _("secret key (bypasses Row Level Security)");
    case IL_KEY_KIND_UNKNOWN:
    default:                              return _("key of an unknown kind");
    }
}
