/* il-cli.c: the window-less command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "il-aggregates.h"
#include "il-cli.h"
#include "il-cli-cache.h"
#include "il-cli-server.h"
#include "il-compute-mode.h"
#include "il-config.h"
#include "il-csv.h"
#include "il-demo.h"
#include "il-period.h"
#include "il-report.h"
#include "il-secret.h"
#include "il-slo.h"
#include "il-settings.h"
#include "il-supabase-client.h"

#define EXIT_SOURCE_ERROR 1
#define EXIT_USAGE        2
#define EXIT_SLO_BREACHED 3

typedef enum
{
  REPORT_NONE,
  REPORT_TEXT,
  REPORT_JSON,
} ReportFormat;

typedef struct
{
  gboolean      demo;
  int           days;
  gboolean      all;
  char         *env_file;
  char         *url;
  char         *key;
  char         *key_file;
  ReportFormat  report;
  char         *export_csv;
  char        **slo;
  gboolean      check;
  gboolean      no_cache;
  gboolean      server_side;
  gboolean      client_side;
} CliOptions;

typedef struct
{
  GMainLoop  *loop;
  GAsyncResult *result;
} SyncWait;

/* Decimal digits only: GOption's int reads 010 as octal and takes 0x10. */
static gboolean
parse_days (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  CliOptions *options = data;
  guint64 days;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 100000, &days, NULL)
      || !g_ascii_isdigit (value[0]))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--days takes a whole number of days, like 30 (got “%s”)"), value ? value : "");
      return FALSE;
    }
  options->days = (int) days;
  return TRUE;
}

char *
il_cli_read_key_file (const char  *path,
                      FILE        *err,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0)
    fprintf (err, _("Warning: the key file %s can be read by other users; restrict it with chmod 600 %s\n"),
             path, path);
  g_strstrip (contents);
  if (contents[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("The key file %s is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static gboolean
parse_report_format (const char  *option_name,
                     const char  *value,
                     gpointer     data,
                     GError     **error)
{
  CliOptions *options = data;

  if (value == NULL || g_str_equal (value, "text"))
    options->report = REPORT_TEXT;
  else if (g_str_equal (value, "json"))
    options->report = REPORT_JSON;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown report format “%s”: use text or json"), value);
      return FALSE;
    }

  return TRUE;
}

gboolean
il_cli_wanted (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--report") || g_str_has_prefix (argv[i], "--report=") ||
          g_str_equal (argv[i], "--export-csv") || g_str_has_prefix (argv[i], "--export-csv="))
        return TRUE;
      if (g_str_equal (argv[i], "--check"))
        return TRUE;
    }

  return FALSE;
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* The key saved in the preferences, when the preferences have a URL and a
 * keyring answers; NULL otherwise. */
static char *
lookup_preferences_key (const char *prefs_url)
{
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  SyncWait wait = { 0 };
  char *key;

  if (prefs_url == NULL || *prefs_url == '\0' || !il_secret_is_available ())
    return NULL;

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  il_secret_lookup_key_async (prefs_url, NULL, on_async_done, &wait);
  g_main_loop_run (loop);
  key = il_secret_lookup_key_finish (wait.result, &error);
  g_clear_object (&wait.result);

  return key;
}

static char *
lookup_preferences_url (void)
{
  /* The window's preferences, also straight from the build tree. */
  g_autoptr(GSettings) settings = il_settings_new ();

  return g_settings_get_string (settings, "supabase-url");
}

/* The targets saved in the preferences. */
static char **
lookup_saved_targets (void)
{
  g_autoptr(GSettings) settings = il_settings_new ();

  return g_settings_get_strv (settings, "slo-targets");
}

/* --slo replaces the saved targets for this run only: nothing here writes them. */
static GPtrArray *
resolve_targets (char       **cli_targets,
                 FILE        *err)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) saved = NULL;
  GPtrArray *targets;

  if (cli_targets != NULL && cli_targets[0] != NULL)
    {
      targets = il_slo_targets_parse ((const char *const *) cli_targets, &error);
      if (targets == NULL)
        fprintf (err, "%s\n", error->message);
      return targets;
    }

  saved = lookup_saved_targets ();
  targets = il_slo_targets_parse ((const char *const *) saved, &error);
  if (targets == NULL)
    /* Translators: %s explains which saved target is wrong */
    fprintf (err, _("The saved latency targets (setting slo-targets) are wrong: %s\n"), error->message);
  return targets;
}

static IlRowStore *
fetch_store (const IlConfig  *config,
             gint64           created_min,
             GError         **error)
{
  g_autoptr(IlSupabaseClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SyncWait wait = { 0 };
  IlRowStore *store;

  client = il_supabase_client_new (config->url, config->key);
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  il_supabase_client_fetch_async (client, created_min, NULL, NULL, NULL, on_async_done, &wait);
  g_main_loop_run (loop);
  store = il_supabase_client_fetch_finish (client, wait.result, error);
  g_clear_object (&wait.result);

  return store;
}

/* --server-side / --client-side for this run, else the saved setting. */
static IlComputeMode
resolve_compute_mode (const CliOptions *options,
                      guint64          *threshold)
{
  g_autoptr(GSettings) settings = NULL;
  IlComputeMode mode;

  *threshold = IL_COMPUTE_DEFAULT_THRESHOLD;
  if (options->server_side)
    return IL_COMPUTE_SERVER;
  if (options->client_side)
    return IL_COMPUTE_CLIENT;
  settings = il_settings_new ();
  il_compute_mode_read_settings (settings, &mode, threshold);
  return mode;
}

static gint64
demo_now (void)
{
  const char *fixed = g_getenv ("IL_DEMO_NOW");
  gint64 now;
  gint16 offset;

  /* Tests pin "now" so demo figures are reproducible. */
  if (fixed != NULL && il_timestamp_parse (fixed, -1, &now, &offset))
    return now;

  return g_get_real_time ();
}

int
il_cli_run (int    argc,
            char **argv,
            FILE  *out,
            FILE  *err)
{
  CliOptions options = { .days = G_MININT };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) aggregates = NULL;
  const IlAggregates *figures = NULL;
  g_auto(GStrv) args = NULL;
  IlAggregateOptions agg_options;
  IlFilter filter;
  gint64 now;
  gint64 created_min;
  gint64 fetch_min;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GArray) slo_results = NULL;
  g_autoptr(IlPeriodFigures) previous = NULL;
  g_autoptr(IlSummary) summary = NULL;
  IlComputeMode compute_mode = IL_COMPUTE_CLIENT;
  guint64 threshold = IL_COMPUTE_DEFAULT_THRESHOLD;
  guint n_skipped = 0;
  gboolean compare;
  int status = 0;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, N_("Use the built-in demo data"), NULL },
    { "days", 0, 0, G_OPTION_ARG_CALLBACK, parse_days, N_("Days to analyze (1-365, default 30)"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_("Analyze all data, without a time bound"), NULL },
    { "env-file", 0, 0, G_OPTION_ARG_FILENAME, &options.env_file, N_("Read SUPABASE_URL and SUPABASE_KEY from this file"), N_("PATH") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url, N_("Supabase project URL"), N_("URL") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &options.key, N_("Supabase API key (other local users can see it: SUPABASE_KEY, a .env file, --key-file or the keyring are safe)"), N_("KEY") },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &options.key_file, N_("Read the Supabase API key from this file (mode 600)"), N_("PATH") },
    { "report", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_report_format, N_("Print the figures and exit (text or json)"), N_("FORMAT") },
    { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, &options.export_csv, N_("Write every row of the range as CSV and exit"), N_("PATH") },
    /* xgettext:no-c-format */
    { "slo", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.slo, N_("A latency target for this run instead of the saved ones, e.g. 'llm:p95<=800' or '*:error_rate<=2%' (repeatable)"), N_("STEP:STAT<=VALUE") },
    { "check", 0, 0, G_OPTION_ARG_NONE, &options.check, N_("Evaluate the latency targets and exit with 3 when one is breached"), NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &options.no_cache, N_("Fetch every row from the server, without reading or writing the local cache"), NULL },
    { "server-side", 0, 0, G_OPTION_ARG_NONE, &options.server_side, N_("Compute --report and --check in the database (interview_latency_summary) instead of downloading rows; --export-csv still downloads them"), NULL },
    { "client-side", 0, 0, G_OPTION_ARG_NONE, &options.client_side, N_("Download the rows and compute the figures in the app"), NULL },
    { NULL }
  };
  GOptionGroup *group;

  if (out == NULL)
    out = stdout;
  if (err == NULL)
    err = stderr;

  context = g_option_context_new (NULL);
  group = g_option_group_new (NULL, NULL, NULL, &options, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);

  /* g_option_context_parse_strv() edits the vector: work on a copy. */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      fprintf (err, "%s\n", error->message);
      status = EXIT_USAGE;
      goto out;
    }

  if (g_strv_length (args) > 1)
    {
      fprintf (err, _("Unexpected argument “%s”\n"), args[1]);
      status = EXIT_USAGE;
      goto out;
    }

  if (options.key != NULL && options.key_file != NULL)
    {
      fprintf (err, _("Use either --key or --key-file, not both\n"));
      status = EXIT_USAGE;
      goto out;
    }
  if (options.days != G_MININT && options.all)
    {
      fprintf (err, _("Use either --days or --all, not both\n"));
      status = EXIT_USAGE;
      goto out;
    }

  if (options.server_side && options.client_side)
    {
      fprintf (err, _("Use either --server-side or --client-side, not both\n"));
      status = EXIT_USAGE;
      goto out;
    }
  if (options.server_side && options.demo)
    {
      fprintf (err, _("--server-side needs a Supabase project: the demo data is not in a database\n"));
      status = EXIT_USAGE;
      goto out;
    }

  /* G_MININT: not given */
  if (options.days == G_MININT)
    options.days = 30;
  else if (options.days < 1 || options.days > 365)
    {
      fprintf (err, _("--days must be between 1 and 365\n"));
      status = EXIT_USAGE;
      goto out;
    }

  if (options.report == REPORT_NONE && options.export_csv == NULL && !options.check)
    {
      fprintf (err, _("Nothing to do: use --report or --export-csv\n"));
      status = EXIT_USAGE;
      goto out;
    }

  /* Targets are checked before anything is fetched: bad usage costs no request. */
  if (options.check || options.report != REPORT_NONE)
    {
      targets = resolve_targets (options.slo, err);
      if (targets == NULL)
        {
          status = EXIT_USAGE;
          goto out;
        }
      if (options.check && targets->len == 0)
        {
          fprintf (err, "%s\n", _("--check needs latency targets: give --slo 'STEP:STAT<=VALUE' or save targets in the preferences"));
          status = EXIT_USAGE;
          goto out;
        }
    }
  /* A report compares with the period before the range: one fetch of both.
   * --check alone needs the range only. */
  compare = options.report != REPORT_NONE && !options.all;

  if (options.demo)
    {
      now = demo_now ();
      created_min = options.all ? IL_TIME_NONE : now - (gint64) options.days * G_USEC_PER_SEC * 86400;
      store = il_demo_generate (IL_DEMO_DEFAULT_ROWS, IL_DEMO_DEFAULT_SEED, now);
    }
  else
    {
      g_autofree char *prefs_url = lookup_preferences_url ();
      g_autofree char *prefs_key = NULL;
      g_autoptr(IlConfig) config = NULL;
      IlConfigInputs inputs = { 0 };

      if (options.key_file != NULL)
        {
          options.key = il_cli_read_key_file (options.key_file, err, &error);
          if (options.key == NULL)
            {
              fprintf (err, "%s\n", error->message);
              status = EXIT_SOURCE_ERROR;
              goto out;
            }
        }
      inputs.cli_url = options.url;
      inputs.cli_key = options.key;
      inputs.cli_env_file = options.env_file;
      inputs.prefs_url = prefs_url;
      /* Only ask the keyring when nothing closer gives a key. */
      if (options.key == NULL)
        inputs.prefs_key = prefs_key = lookup_preferences_key (prefs_url);

      config = il_config_resolve_checked (&inputs, &error);
      if (config == NULL)
        {
          fprintf (err, "%s\n", error->message);
          status = EXIT_SOURCE_ERROR;
          goto out;
        }

      /* a .env found by the search that could not be used: say which and why */
      if (config->warning != NULL)
        fprintf (err, _("Skipped a .env file: %s\n"), config->warning);
      if (!il_config_is_complete (config))
        {
          fprintf (err, "%s\n",
                   _("No data source is configured: set SUPABASE_URL and SUPABASE_KEY (environment, "
                     ".env file or --env-file), or use --demo"));
          status = EXIT_SOURCE_ERROR;
          goto out;
        }

      now = g_get_real_time ();
      created_min = options.all ? IL_TIME_NONE : now - (gint64) options.days * G_USEC_PER_SEC * 86400;
      fetch_min = created_min;
      if (compare)
        {
          gint64 previous_end;

          il_period_previous_window (now, (guint) options.days, &fetch_min, &previous_end);
        }
      compute_mode = resolve_compute_mode (&options, &threshold);
      /* Rows downloaded anyway for the CSV: nothing to gain from the database. */
      if (compute_mode == IL_COMPUTE_AUTOMATIC && options.export_csv != NULL)
        compute_mode = IL_COMPUTE_CLIENT;
      if (compute_mode != IL_COMPUTE_CLIENT && (options.report != REPORT_NONE || options.check))
        {
          gint64 from = IL_TIME_NONE, to = IL_TIME_NONE;

          if (compare)
            il_period_previous_window (now, (guint) options.days, &from, &to);
          switch (il_cli_server_compute (config->url, config->key, compute_mode, threshold,
                                         created_min, fetch_min, from, to, &summary,
                                         compare ? &previous : NULL, err))
            {
            case IL_CLI_SERVER_FAILED:
              status = EXIT_SOURCE_ERROR;
              goto out;
            case IL_CLI_SERVER_FALLBACK:
              compute_mode = IL_COMPUTE_CLIENT;
              break;
            case IL_CLI_SERVER_DONE:
            default:
              break;
            }
        }

      if (summary == NULL || options.export_csv != NULL)
        {
          if (options.no_cache)
            store = fetch_store (config, fetch_min, &error);
          else
            store = il_cli_fetch_cached (config->url, config->key, fetch_min, err, &error);
          if (store == NULL)
            {
              fprintf (err, "%s\n", error->message);
              status = EXIT_SOURCE_ERROR;
              goto out;
            }
        }
    }

  il_filter_init (&filter);
  filter.created_min = created_min;

  if (options.export_csv != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options.export_csv);
      g_autofree guint32 *rows = NULL;
      guint n_rows = 0;
      gint64 written;

      rows = il_filter_apply (&filter, store, &n_rows);
      written = il_csv_save (store, rows, n_rows, file, NULL, &error);
      if (written < 0)
        {
          fprintf (err, "%s\n", error->message);
          status = EXIT_SOURCE_ERROR;
          il_filter_clear (&filter);
          goto out;
        }
      if (options.report == REPORT_NONE)
        {
          /* Formatted first: a G_GINT64_FORMAT inside the message hides it from xgettext. */
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, written);

          fprintf (err, g_dngettext (GETTEXT_PACKAGE, "%s row written to %s\n",
                                     "%s rows written to %s\n", (gulong) written),
                   count, options.export_csv);
        }
    }

  if (options.report != REPORT_NONE || options.check)
    {
      if (summary != NULL)
        figures = summary->agg;
      else
        {
          n_skipped = store->n_skipped;
          il_aggregate_options_init (&agg_options);
          figures = aggregates = il_aggregates_compute (store, &filter, &agg_options);
          if (compare)
            {
              gint64 from, to;

              il_period_previous_window (now, (guint) options.days, &from, &to);
              previous = il_period_figures_compute (store, NULL, from, to);
            }
        }
      slo_results = il_slo_evaluate (targets, figures);
      if (options.check && il_slo_any_breached (slo_results))
        status = EXIT_SLO_BREACHED;
    }

  if (options.check && options.report == REPORT_NONE)
    {
      g_autofree char *text = il_report_format_slo_text (slo_results);

      fputs (text, out);
    }

  if (options.report != REPORT_NONE)
    {
      g_autofree char *text = NULL;

      if (options.report == REPORT_JSON)
        {
          IlReportExtras extras = { slo_results, previous };

          text = il_report_format_json_full (figures, n_skipped, &extras);
        }
      else
        {
          g_autofree char *base = il_report_format_text (figures, n_skipped);
          GString *all = g_string_new (base);

          if (previous != NULL)
            {
              g_autofree char *prev = il_report_format_previous_text (figures, previous);

              g_string_append_printf (all, "\n%s", prev);
            }
          if (slo_results->len > 0)
            {
              g_autofree char *lines = il_report_format_slo_text (slo_results);
              g_auto(GStrv) split = g_strsplit (lines, "\n", -1);

              /* indented like the report's other sections */
              g_string_append_printf (all, "\n%s\n", _("Latency targets"));
              for (guint i = 0; split[i] != NULL && split[i][0] != '\0'; i++)
                g_string_append_printf (all, "  %s\n", split[i]);
            }
          text = g_string_free (all, FALSE);
        }
      fputs (text, out);
      if (!g_str_has_suffix (text, "\n"))
        fputc ('\n', out);
      /* a full disk or a closed pipe must not pass for a report */
      if (fflush (out) != 0 || ferror (out))
        {
          int saved = errno;

          fprintf (err, _("Could not write the report: %s\n"), g_strerror (saved));
          status = EXIT_SOURCE_ERROR;
          il_filter_clear (&filter);
          goto out;
        }
      if (n_skipped > 0 && options.report == REPORT_TEXT)
        fprintf (err, _("%u rows skipped; first: %s\n"), n_skipped,
                 store->first_skip_reason ? store->first_skip_reason : "");
    }

  il_filter_clear (&filter);

out:
  fflush (out);
  g_free (options.env_file);
  g_free (options.url);
  if (options.key != NULL)
    memset (options.key, 0, strlen (options.key));
  g_free (options.key);
  g_free (options.key_file);
  g_free (options.export_csv);
  g_strfreev (options.slo);
  return status;
}
