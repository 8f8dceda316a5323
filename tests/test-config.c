/* test-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "il-config.h"

typedef struct
{
  char *root;
  char *cwd;
  char *xdg;
} Dirs;

static void
dirs_init (Dirs *d)
{
  g_autofree char *app = NULL;

  d->root = g_dir_make_tmp ("il-config-XXXXXX", NULL);
  d->cwd = g_build_filename (d->root, "cwd", NULL);
  d->xdg = g_build_filename (d->root, "xdg", NULL);
  app = g_build_filename (d->xdg, "interview-latency", NULL);
  g_assert_cmpint (g_mkdir_with_parents (d->cwd, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (app, 0700), ==, 0);
}

static void
write_file (const char *dir, const char *sub, const char *text)
{
  g_autofree char *path = g_build_filename (dir, sub, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
dirs_clear (Dirs *d)
{
  g_autofree char *a = g_build_filename (d->cwd, ".env", NULL);
  g_autofree char *b = g_build_filename (d->xdg, "interview-latency", ".env", NULL);
  g_autofree char *c = g_build_filename (d->xdg, "interview-latency", NULL);
  g_autofree char *e = g_build_filename (d->root, "custom.env", NULL);

  g_unlink (a);
  g_unlink (b);
  g_unlink (e);
  g_rmdir (c);
  g_rmdir (d->cwd);
  g_rmdir (d->xdg);
  g_rmdir (d->root);
  g_free (d->root);
  g_free (d->cwd);
  g_free (d->xdg);
}

static void
test_precedence (void)
{
  Dirs d;
  const char *env[] = { "SUPABASE_URL=https://env.supabase.co", "SUPABASE_KEY=envkey", NULL };
  const char *no_env[] = { "OTHER=1", NULL };
  const char *blank_env[] = { "SUPABASE_URL=  ", NULL };
  IlConfigInputs in = { 0 };

  dirs_init (&d);
  write_file (d.cwd, ".env", "SUPABASE_URL=https://cwd.supabase.co\nSUPABASE_KEY=cwdkey\n");
  write_file (d.xdg, "interview-latency/.env", "SUPABASE_URL=https://xdg.supabase.co\nSUPABASE_KEY=xdgkey\n");
  in.cwd = d.cwd;
  in.config_dir = d.xdg;
  in.environ = env;

  {
    /* command line > preferences > environment, per value */
    g_autoptr(IlConfig) c = NULL;
    in.cli_url = "https://cli.supabase.co";
    in.prefs_key = "prefskey";
    in.prefs_url = "https://prefs.supabase.co";
    c = il_config_resolve (&in);
    g_assert_cmpstr (c->url, ==, "https://cli.supabase.co");
    g_assert_cmpint (c->url_origin, ==, IL_CONFIG_ORIGIN_COMMAND_LINE);
    g_assert_cmpstr (c->key, ==, "prefskey");
    g_assert_cmpint (c->key_origin, ==, IL_CONFIG_ORIGIN_PREFERENCES);
    g_assert_null (c->dotenv_path);
    g_assert_true (il_config_is_complete (c));
  }
  {
    g_autoptr(IlConfig) c = NULL;
    in.cli_url = NULL;
    in.prefs_url = "";          /* empty counts as unset */
    in.prefs_key = NULL;
    c = il_config_resolve (&in);
    g_assert_cmpstr (c->url, ==, "https://env.supabase.co");
    g_assert_cmpint (c->url_origin, ==, IL_CONFIG_ORIGIN_ENVIRONMENT);
    g_assert_cmpstr (c->key, ==, "envkey");
    g_assert_cmpint (c->key_origin, ==, IL_CONFIG_ORIGIN_ENVIRONMENT);
  }
  {
    /* .env in the current directory, before the XDG one */
    g_autoptr(IlConfig) c = NULL;
    g_autofree char *expected = g_build_filename (d.cwd, ".env", NULL);
    in.environ = no_env;
    c = il_config_resolve (&in);
    g_assert_cmpstr (c->url, ==, "https://cwd.supabase.co");
    g_assert_cmpint (c->url_origin, ==, IL_CONFIG_ORIGIN_DOTENV);
    g_assert_cmpstr (c->key, ==, "cwdkey");
    g_assert_cmpstr (c->dotenv_path, ==, expected);
  }
  {
    /* the XDG one fills what the local one lacks; a blank variable is unset */
    g_autoptr(IlConfig) c = NULL;
    write_file (d.cwd, ".env", "# only the key\nSUPABASE_KEY=cwdkey\n");
    in.environ = blank_env;
    c = il_config_resolve (&in);
    g_assert_cmpstr (c->url, ==, "https://xdg.supabase.co");
    g_assert_cmpstr (c->key, ==, "cwdkey");
    g_assert_cmpint (c->url_origin, ==, IL_CONFIG_ORIGIN_DOTENV);
  }
  {
    /* a broken .env is skipped with a warning */
    g_autoptr(IlConfig) c = NULL;
    write_file (d.cwd, ".env", "SUPABASE_KEY=cwdkey\nthis is not valid\n");
    c = il_config_resolve (&in);
    g_assert_cmpstr (c->url, ==, "https://xdg.supabase.co");
    g_assert_cmpstr (c->key, ==, "xdgkey");
    g_assert_nonnull (c->warning);
    g_assert_true (g_str_has_suffix (c->warning, "Line 2: expected “=” after the name"));
  }
  {
    /* --env-file replaces the search */
    g_autoptr(IlConfig) c = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *custom = g_build_filename (d.root, "custom.env", NULL);
    g_autofree char *missing = g_build_filename (d.root, "missing.env", NULL);
    write_file (d.root, "custom.env", "export SUPABASE_URL=\"https://custom.supabase.co\"\n");
    in.cli_env_file = custom;
    c = il_config_resolve_checked (&in, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (c->url, ==, "https://custom.supabase.co");
    g_assert_null (c->key);
    g_assert_cmpint (c->key_origin, ==, IL_CONFIG_ORIGIN_NONE);
    g_assert_false (il_config_is_complete (c));
    g_assert_cmpstr (c->dotenv_path, ==, custom);
    g_clear_pointer (&c, il_config_free);

    in.cli_env_file = missing;
    c = il_config_resolve_checked (&in, &error);
    g_assert_null (c);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    c = il_config_resolve (&in);
    g_assert_nonnull (c->warning);
    g_assert_null (c->url);
  }
  {
    /* nothing anywhere */
    g_autoptr(IlConfig) c = NULL;
    IlConfigInputs none = { 0 };
    none.environ = no_env;
    none.cwd = d.xdg;           /* no .env there */
    none.config_dir = d.cwd;    /* no interview-latency/ there */
    c = il_config_resolve (&none);
    g_assert_null (c->url);
    g_assert_null (c->key);
    g_assert_false (il_config_is_complete (c));
    g_assert_null (c->warning);
  }
  dirs_clear (&d);
}

static void
test_url (void)
{
  const struct { const char *in; const char *out; } good[] = {
    { "https://abc.supabase.co", "https://abc.supabase.co" },
    { "  https://abc.supabase.co/  ", "https://abc.supabase.co" },
    { "https://abc.supabase.co/rest/v1", "https://abc.supabase.co" },
    { "https://abc.supabase.co/rest/v1/", "https://abc.supabase.co" },
    { "HTTPS://ABC.supabase.co//", "https://abc.supabase.co" },
    { "http://localhost:54321", "http://localhost:54321" },
    { "http://127.0.0.1:3000/rest/v1", "http://127.0.0.1:3000" },
    { "http://[::1]:8000/", "http://[::1]:8000" },
    { "https://example.org/supabase/rest/v1", "https://example.org/supabase" },
  };
  const struct { const char *in; int code; const char *message; } bad[] = {
    { "", IL_SOURCE_ERROR_NOT_CONFIGURED, "No Supabase URL is set. Enter your project URL, e.g. https://abcdefgh.supabase.co." },
    { "abc.supabase.co", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL must start with https://, e.g. https://abcdefgh.supabase.co." },
    { "http://abc.supabase.co", IL_SOURCE_ERROR_INSECURE_URL, "Plain http:// is only allowed for localhost. Use https:// so that the API key is not sent unencrypted." },
    { "ftp://abc.supabase.co", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL must start with https://." },
    { "https://abc supabase.co", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL contains spaces. Copy it again from the project’s API settings." },
    { "https://", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL has no host name. It should look like https://abcdefgh.supabase.co." },
    { "https://abc.supabase.co/?x=1", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL must not contain “?” or “#”. Use only the project URL, e.g. https://abcdefgh.supabase.co." },
    { "https://user:pw@abc.supabase.co", IL_SOURCE_ERROR_BAD_URL, "The Supabase URL must not contain a user name or password." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (il_supabase_url_normalize (good[i].in, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_test_message ("%s", bad[i].in);
      g_assert_false (il_supabase_url_normalize (bad[i].in, &out, &error));
      g_assert_null (out);
      g_assert_error (error, IL_SOURCE_ERROR, bad[i].code);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
}

static char *
make_jwt (const char *payload)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));

  /* base64url without padding */
  for (char *p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return g_strconcat ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", b64, ".c2lnbmF0dXJl", NULL);
}

static void
test_key_kind (void)
{
  g_autofree char *anon = make_jwt ("{\"iss\":\"supabase\",\"ref\":\"abc\",\"role\":\"anon\",\"iat\":1700000000,\"exp\":2000000000}");
  g_autofree char *service = make_jwt ("{\"iss\":\"supabase\",\"role\":\"service_role\"}");
  g_autofree char *other = make_jwt ("{\"role\":\"authenticated\"}");
  g_autofree char *norole = make_jwt ("{\"sub\":\"x?>\"}");

  g_assert_cmpint (il_key_kind (NULL), ==, IL_KEY_KIND_NONE);
  g_assert_cmpint (il_key_kind (""), ==, IL_KEY_KIND_NONE);
  g_assert_cmpint (il_key_kind (anon), ==, IL_KEY_KIND_LEGACY_ANON);
  g_assert_cmpint (il_key_kind (service), ==, IL_KEY_KIND_LEGACY_SERVICE_ROLE);
  g_assert_cmpint (il_key_kind (other), ==, IL_KEY_KIND_LEGACY_JWT);
  g_assert_cmpint (il_key_kind (norole), ==, IL_KEY_KIND_LEGACY_JWT);
  g_assert_cmpint (il_key_kind ("sb_publishable_abc123"), ==, IL_KEY_KIND_PUBLISHABLE);
  g_assert_cmpint (il_key_kind ("sb_secret_abc123"), ==, IL_KEY_KIND_SECRET);
  g_assert_cmpint (il_key_kind ("a.b.c"), ==, IL_KEY_KIND_UNKNOWN);
  g_assert_cmpint (il_key_kind ("just-some-text"), ==, IL_KEY_KIND_UNKNOWN);
  g_assert_true (il_key_kind_is_jwt (IL_KEY_KIND_LEGACY_ANON));
  g_assert_false (il_key_kind_is_jwt (IL_KEY_KIND_PUBLISHABLE));

  g_assert_cmpstr (il_key_kind_describe (IL_KEY_KIND_LEGACY_ANON), ==, "legacy anon key (JWT)");
  g_assert_cmpstr (il_key_kind_describe (IL_KEY_KIND_PUBLISHABLE), ==, "publishable key");
  /* the description never contains the key */
  for (int k = IL_KEY_KIND_NONE; k <= IL_KEY_KIND_UNKNOWN; k++)
    g_assert_null (strstr (il_key_kind_describe (k), "sb_"));
}

static void
test_copy (void)
{
  g_autoptr(IlConfig) c = il_config_new ();
  g_autoptr(IlConfig) copy = NULL;

  c->url = g_strdup ("https://a.supabase.co");
  c->key = g_strdup ("k");
  c->url_origin = IL_CONFIG_ORIGIN_DOTENV;
  c->dotenv_path = g_strdup ("/x/.env");
  copy = il_config_copy (c);
  g_assert_cmpstr (copy->url, ==, c->url);
  g_assert_cmpstr (copy->key, ==, "k");
  g_assert_cmpint (copy->url_origin, ==, IL_CONFIG_ORIGIN_DOTENV);
  g_assert_cmpstr (copy->dotenv_path, ==, "/x/.env");
  g_assert_cmpstr (il_config_origin_describe (IL_CONFIG_ORIGIN_DOTENV), ==, ".env file");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/precedence", test_precedence);
  g_test_add_func ("/config/url", test_url);
  g_test_add_func ("/config/key-kind", test_key_kind);
  g_test_add_func ("/config/copy", test_copy);
  return g_test_run ();
}
