/* il-app.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-about.h"
#include "il-app.h"
#include "il-cli.h"
#include "il-config.h"
#include "il-main-window.h"
#include "il-preferences-window.h"
#include "il-secret.h"
#include "il-settings.h"
#include "il-slo.h"
#include "il-slo-board.h"
#include "il-toast.h"
#if __has_include("il-diagnostics-window.h")
# include "il-diagnostics-window.h"
# define HAVE_DIAGNOSTICS 1
#endif

#define EXIT_USAGE 2

struct _IlApp
{
  AdwApplication  parent_instance;

  gboolean        options_parsed;

  /* command line */
  gboolean        demo;
  int             days;          /* 0: from settings */
  gboolean        all_data;
  int             page;          /* -1: from settings */
  gboolean        dark;
  char           *env_file;
  char           *url;
  char           *key;
  GStrv           slo;           /* targets for this run only, never saved */
  gboolean        no_cache;
  gboolean        server_side;   /* this run only, never saved */
  gboolean        client_side;

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
  /* The title says what is shown, also in the window list. */
  if (window != NULL)
    gtk_window_set_title (GTK_WINDOW (window),
                          self->demo || !il_config_is_complete (self->config)
                          ? _("Demo Data — Interview Latency") : _("Interview Latency"));
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
  g_autoptr(GSettings) settings = il_settings_new ();
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
  /* The window stays open: it now shows and tests what is in use. */
  il_preferences_window_set_active_config (prefs, self->config);
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

/* The overview's "Add Target…": the preferences on their SLOs page. */
static void
slo_preferences_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  IlApp *self = IL_APP (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  IlPreferencesWindow *prefs = il_preferences_window_new (parent, self->config);

  g_signal_connect_object (prefs, "credentials-changed", G_CALLBACK (on_credentials_changed), self, 0);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "slos");
  gtk_window_present (GTK_WINDOW (prefs));
}

/* A notification's click: the window on the overview, where the targets are. */
static void
show_overview_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  IlMainWindow *window = get_window (IL_APP (user_data));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (user_data));
      window = get_window (IL_APP (user_data));
    }
  if (window == NULL)
    return;
  il_main_window_set_page (window, IL_PAGE_OVERVIEW);
  gtk_window_present (GTK_WINDOW (window));
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
  g_autofree const char **rest = NULL;
  const char *days;
  const char *key_file;

  self->options_parsed = TRUE;
  /* No files to open: a stray argument is a typo. */
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &rest) && rest[0] != NULL)
    {
      g_printerr (_("Unexpected argument “%s”\n"), rest[0]);
      return EXIT_USAGE;
    }
  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  g_variant_dict_lookup (options, "all", "b", &self->all_data);
  g_variant_dict_lookup (options, "dark", "b", &self->dark);
  g_variant_dict_lookup (options, "no-cache", "b", &self->no_cache);
  g_variant_dict_lookup (options, "server-side", "b", &self->server_side);
  g_variant_dict_lookup (options, "client-side", "b", &self->client_side);
  if (self->server_side && self->client_side)
    {
      g_printerr (_("Use either --server-side or --client-side, not both\n"));
      return EXIT_USAGE;
    }
  /* A string: GApplication drops an integer option that is 0. */
  self->days = 0;
  if (g_variant_dict_lookup (options, "days", "&s", &days))
    {
      guint64 n;

      /* Decimal digits only. */
      if (!g_ascii_string_to_unsigned (days, 10, 1, 365, &n, NULL) || !g_ascii_isdigit (days[0]))
        {
          g_printerr (_("--days must be between 1 and 365\n"));
          return EXIT_USAGE;
        }
      self->days = (int) n;
    }
  if (!g_variant_dict_lookup (options, "page", "i", &self->page))
    self->page = -1;
  g_variant_dict_lookup (options, "env-file", "^ay", &self->env_file);
  g_variant_dict_lookup (options, "url", "s", &self->url);
  g_variant_dict_lookup (options, "key", "s", &self->key);
  if (g_variant_dict_lookup (options, "key-file", "^&ay", &key_file))
    {
      g_autoptr(GError) error = NULL;

      if (self->key != NULL)
        {
          g_printerr (_("Use either --key or --key-file, not both\n"));
          return EXIT_USAGE;
        }
      self->key = il_cli_read_key_file (key_file, stderr, &error);
      if (self->key == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  if (g_variant_dict_lookup (options, "slo", "^as", &self->slo))
    {
      g_autoptr(GPtrArray) targets = NULL;
      g_autoptr(GError) error = NULL;

      targets = il_slo_targets_parse ((const char *const *) self->slo, &error);
      if (targets == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_USAGE;
        }
    }

  return -1;
}

static gboolean
il_app_local_command_line (GApplication   *app,
                           char         ***arguments,
                           int            *exit_status)
{
  IlApp *self = IL_APP (app);
  gboolean handled;

  self->options_parsed = FALSE;
  handled = G_APPLICATION_CLASS (il_app_parent_class)->local_command_line (app, arguments, exit_status);
  /* GApplication exits 1 on options it cannot parse: that is bad usage. */
  if (handled && !self->options_parsed && *exit_status == EXIT_FAILURE)
    *exit_status = EXIT_USAGE;

  return handled;
}

static void
il_app_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_action },
    { "preferences", preferences_action },
    { "about", about_action },
    { "show-overview", show_overview_action },
    { "slo-preferences", slo_preferences_action },
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
      if (self->no_cache)
        il_main_window_set_use_cache (window, FALSE);
      if (self->server_side || self->client_side)
        il_main_window_set_compute_mode_once (window, self->server_side ? IL_COMPUTE_SERVER : IL_COMPUTE_CLIENT);
      if (self->days != 0 || self->all_data)
        {
          g_autoptr(GSettings) settings = il_settings_new ();

          /* For this run only: the saved preference stays as it was. */
          il_main_window_set_range_once (window,
                                         self->days != 0 ? self->days : g_settings_get_int (settings, "days"),
                                         self->all_data);
        }
      if (self->slo != NULL)
        {
          g_autoptr(GPtrArray) targets = il_slo_targets_parse ((const char *const *) self->slo, NULL);

          /* For this run only, as --days: parsed and checked at start-up. */
          if (targets != NULL)
            il_slo_board_set_targets_once (il_slo_board_get (il_main_window_get_dashboard (window)), targets);
        }
      if (self->page >= 0 && self->page < IL_N_PAGES)
        il_main_window_set_page (window, self->page);
      gtk_window_present (GTK_WINDOW (window));
      if (il_settings_get_problem () != NULL)
        il_show_toast (il_main_window_get_page_widget (window, IL_PAGE_OVERVIEW), il_settings_get_problem ());
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
  g_clear_pointer (&self->slo, g_strfreev);

  G_OBJECT_CLASS (il_app_parent_class)->dispose (object);
}

static void
il_app_class_init (IlAppClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_app_dispose;
  app_class->local_command_line = il_app_local_command_line;
  app_class->handle_local_options = il_app_handle_local_options;
  app_class->startup = il_app_startup;
  app_class->activate = il_app_activate;
}

/* main() hands --report, --export-csv and --check to il_cli_run() before the
 * application parses anything: they are listed here for --help only. */
static gboolean
window_less_option (const char  *option_name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  return TRUE;
}

static void
il_app_init (IlApp *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show generated demo data"), NULL },
    { "days", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Days to analyze (1-365)"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Analyze all data"), NULL },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Read SUPABASE_URL and SUPABASE_KEY from this file"), N_("PATH") },
    { "url", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Supabase project URL"), N_("URL") },
    { "key", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Supabase API key (other local users can see it: SUPABASE_KEY, a .env file, --key-file or the keyring are safe)"), N_("KEY") },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Read the Supabase API key from this file (mode 600)"), N_("PATH") },
    { "report", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer) window_less_option,
      N_("Print the figures and exit (text or json)"), N_("FORMAT") },
    { "export-csv", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) window_less_option,
      N_("Write every row of the range as CSV and exit"), N_("PATH") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Fetch every row from the server, without reading or writing the local cache"), NULL },
    { "server-side", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Compute the figures in the database (interview_latency_summary) instead of downloading rows; --export-csv still downloads them"), NULL },
    { "client-side", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Download the rows and compute the figures in the app"), NULL },
    { "check", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer) window_less_option,
      N_("Evaluate the latency targets and exit with 3 when one is breached"), NULL },
    { "slo", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("A latency target for this run instead of the saved ones, e.g. 'llm:p95<=800' or '*:error_rate<=2%' (repeatable)"),
      N_("STEP:STAT<=VALUE") },
    { "page", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, NULL, "Start on page N (0-6)", "N" },
    { "dark", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Force the dark style", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
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
