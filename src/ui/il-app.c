/* il-app.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-about.h"
#include "il-app.h"
#include "il-config.h"
#include "il-main-window.h"
#include "il-preferences-window.h"
#include "il-secret.h"
#if __has_include("il-diagnostics-window.h")
# include "il-diagnostics-window.h"
# define HAVE_DIAGNOSTICS 1
#endif

struct _IlApp
{
  AdwApplication  parent_instance;

  /* command line */
  gboolean        demo;
  int             days;          /* 0: from settings */
  gboolean        all_data;
  int             page;          /* -1: from settings */
  gboolean        dark;
  char           *env_file;
  char           *url;
  char           *key;

  IlConfig       *config;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (IlApp, il_app, ADW_TYPE_APPLICATION)

static IlMainWindow *
get_window (IlApp *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return IL_IS_MAIN_WINDOW (window) ? IL_MAIN_WINDOW (window) : NULL;
}

/* Resolves the configuration with the keyring's key for prefs_url. */
static void
apply_config (IlApp      *self,
              const char *prefs_url,
              const char *prefs_key,
              gboolean    at_start)
{
  IlConfigInputs in = { 0, };
  IlMainWindow *window;

  in.cli_url = self->url;
  in.cli_key = self->key;
  in.cli_env_file = self->env_file;
  in.prefs_url = prefs_url;
  in.prefs_key = prefs_key;

  g_clear_pointer (&self->config, il_config_free);
  self->config = il_config_resolve (&in);

  window = get_window (self);
  /* At start-up the window honours "refresh-on-start"; new credentials
   * always fetch. */
  if (window != NULL && at_start)
    il_main_window_open_source (window, self->config, self->demo);
  else if (window != NULL)
    il_main_window_set_source (window, self->config, self->demo);
}

typedef struct
{
  IlApp *self;
  char  *url;
} LookupData;

static void
lookup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LookupData *data = user_data;
  g_autofree char *key = il_secret_lookup_key_finish (result, NULL);

  /* No keyring or no key: the other origins still apply. */
  apply_config (data->self, data->url, key, TRUE);
  g_object_unref (data->self);
  g_free (data->url);
  g_free (data);
}

static void
resolve_and_load (IlApp *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = g_settings_get_string (settings, "supabase-url");

  if (self->demo || url[0] == '\0')
    {
      apply_config (self, url[0] != '\0' ? url : NULL, NULL, TRUE);
      return;
    }

  {
    LookupData *data = g_new0 (LookupData, 1);
    data->self = g_object_ref (self);
    data->url = g_steal_pointer (&url);
    il_secret_lookup_key_async (data->url, self->cancellable, lookup_done, data);
  }
}

static void
on_credentials_changed (IlPreferencesWindow *prefs,
                        const char          *url,
                        const char          *key,
                        IlApp               *self)
{
  /* New credentials mean real data, even if started with --demo. */
  self->demo = FALSE;
  apply_config (self, url, key, FALSE);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IlApp *self = IL_APP (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  IlPreferencesWindow *prefs = il_preferences_window_new (parent, self->config);

  g_signal_connect_object (prefs, "credentials-changed", G_CALLBACK (on_credentials_changed), self, 0);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  il_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
diagnostics_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
#ifdef HAVE_DIAGNOSTICS
  IlApp *self = IL_APP (user_data);

  il_diagnostics_window_present (gtk_application_get_active_window (GTK_APPLICATION (self)), self->config);
#endif
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Destroying windows lets them save their size; the app then quits. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (user_data));
}

static int
il_app_handle_local_options (GApplication *app,
                             GVariantDict *options)
{
  IlApp *self = IL_APP (app);

  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  g_variant_dict_lookup (options, "all", "b", &self->all_data);
  g_variant_dict_lookup (options, "dark", "b", &self->dark);
  if (!g_variant_dict_lookup (options, "days", "i", &self->days))
    self->days = 0;
  if (!g_variant_dict_lookup (options, "page", "i", &self->page))
    self->page = -1;
  g_variant_dict_lookup (options, "env-file", "^ay", &self->env_file);
  g_variant_dict_lookup (options, "url", "s", &self->url);
  g_variant_dict_lookup (options, "key", "s", &self->key);

  if (self->days != 0 && (self->days < 1 || self->days > 365))
    {
      g_printerr (_("--days must be between 1 and 365\n"));
      return 1;
    }
  return -1;
}

static void
il_app_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_action },
    { "preferences", preferences_action },
    { "about", about_action },
    { "diagnostics", diagnostics_action },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.cancel", { "Escape", NULL } },
    { "win.save-csv", { "<Control>s", NULL } },
    { "win.page-next", { "<Control>Page_Down", NULL } },
    { "win.page-previous", { "<Control>Page_Up", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (il_app_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  if (IL_APP (app)->dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
}

static void
il_app_activate (GApplication *app)
{
  IlApp *self = IL_APP (app);
  IlMainWindow *window = get_window (self);

  if (window == NULL)
    {
      window = il_main_window_new (GTK_APPLICATION (app));
      if (self->days != 0 || self->all_data)
        {
          g_autoptr(GSettings) settings = g_settings_new (APP_ID);
          il_main_window_set_range (window, self->days != 0 ? self->days : g_settings_get_int (settings, "days"),
                                    self->all_data);
        }
      if (self->page >= 0 && self->page < IL_N_PAGES)
        il_main_window_set_page (window, self->page);
      gtk_window_present (GTK_WINDOW (window));
      resolve_and_load (self);
    }
  else
    gtk_window_present (GTK_WINDOW (window));
}

static void
il_app_dispose (GObject *object)
{
  IlApp *self = IL_APP (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, il_config_free);
  g_clear_pointer (&self->env_file, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (il_app_parent_class)->dispose (object);
}

static void
il_app_class_init (IlAppClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_app_dispose;
  app_class->handle_local_options = il_app_handle_local_options;
  app_class->startup = il_app_startup;
  app_class->activate = il_app_activate;
}

static void
il_app_init (IlApp *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show generated demo data"), NULL },
    { "days", 0, 0, G_OPTION_ARG_INT, NULL, N_("Days to analyze (1-365)"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Analyze all data"), NULL },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Read SUPABASE_URL and SUPABASE_KEY from this file"), N_("PATH") },
    { "url", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Supabase project URL"), N_("URL") },
    { "key", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Supabase API key (other local users can see it: SUPABASE_KEY, a .env file or the keyring are safe)"), N_("KEY") },
    { "page", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, NULL, "Start on page N (0-6)", "N" },
    { "dark", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Force the dark style", NULL },
    { NULL }
  };

  self->page = -1;
  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

IlApp *
il_app_new (void)
{
  return g_object_new (IL_TYPE_APP,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
