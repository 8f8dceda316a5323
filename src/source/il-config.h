/* il-config.h: where the Supabase URL and key come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "il-source-error.h"

G_BEGIN_DECLS

typedef enum
{
  IL_CONFIG_ORIGIN_NONE,
  IL_CONFIG_ORIGIN_COMMAND_LINE,
  IL_CONFIG_ORIGIN_PREFERENCES,
  IL_CONFIG_ORIGIN_ENVIRONMENT,
  IL_CONFIG_ORIGIN_DOTENV,
} IlConfigOrigin;

typedef struct
{
  char           *url;          /* as given (not normalized), NULL when unset */
  char           *key;          /* NULL when unset */
  IlConfigOrigin  url_origin;
  IlConfigOrigin  key_origin;
  char           *dotenv_path;  /* the .env file that was read, if any */
  char           *warning;      /* translated: why a .env file was skipped, or NULL */
} IlConfig;

/* What to resolve from. Every field may be NULL. */
typedef struct
{
  const char         *cli_url;
  const char         *cli_key;
  const char         *cli_env_file;   /* --env-file: replaces the .env search */
  const char         *prefs_url;      /* GSettings */
  const char         *prefs_key;      /* keyring */
  const char * const *environ;        /* NULL: the real environment (g_get_environ) */
  const char         *cwd;            /* NULL: g_get_current_dir () */
  const char         *config_dir;     /* NULL: g_get_user_config_dir () (XDG_CONFIG_HOME) */
} IlConfigInputs;

IlConfig   *il_config_new          (void);
IlConfig   *il_config_copy         (const IlConfig *config);
void        il_config_free         (IlConfig *config);

/* First non-empty value wins, separately for the URL and the key: command
 * line, preferences, environment (SUPABASE_URL / SUPABASE_KEY), then a .env
 * file (cwd/.env, then config_dir/interview-latency/.env, or only
 * cli_env_file when given). A .env that cannot be read or parsed is skipped
 * (its reason is in ->warning). @in may be NULL. Never returns NULL. */
IlConfig   *il_config_resolve      (const IlConfigInputs *in);
/* Same, but a --env-file that cannot be read or parsed is an error (for the
 * command line: exit with a message). */
IlConfig   *il_config_resolve_checked (const IlConfigInputs *in,
                                       GError              **error);
gboolean    il_config_is_complete  (const IlConfig *config);
/* Translated: "command line", "preferences", "environment", ".env file", "not set". */
const char *il_config_origin_describe (IlConfigOrigin origin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlConfig, il_config_free)

/**
 * il_supabase_url_normalize:
 * @input: what the user typed
 * @out_base: (out) (optional): the base URL without trailing `/` or `/rest/v1`,
 *   e.g. `https://abc.supabase.co`
 * @error: IL_SOURCE_ERROR_BAD_URL or IL_SOURCE_ERROR_INSECURE_URL, with a
 *   translated message saying what is wrong
 *
 * Accepts https:// URLs, and http:// only for localhost, 127.0.0.1 and ::1.
 */
gboolean    il_supabase_url_normalize (const char  *input,
                                       char       **out_base,
                                       GError     **error);
/* TRUE when @url's host is localhost or a loopback address: such a server is
 * talked to directly, never through a proxy. */
gboolean    il_url_is_loopback        (const char  *url);

typedef enum
{
  IL_KEY_KIND_NONE,
  IL_KEY_KIND_LEGACY_ANON,
  IL_KEY_KIND_LEGACY_SERVICE_ROLE,
  IL_KEY_KIND_LEGACY_JWT,          /* a JWT with another or no role */
  IL_KEY_KIND_PUBLISHABLE,         /* sb_publishable_... */
  IL_KEY_KIND_SECRET,              /* sb_secret_... */
  IL_KEY_KIND_UNKNOWN,
} IlKeyKind;

IlKeyKind   il_key_kind            (const char *key);
/* TRUE for the legacy JWT kinds: they also go in "Authorization: Bearer". */
gboolean    il_key_kind_is_jwt     (IlKeyKind   kind);
/* Translated words for the kind, never the key itself. */
const char *il_key_kind_describe   (IlKeyKind   kind);

G_END_DECLS
