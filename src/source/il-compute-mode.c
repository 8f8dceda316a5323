/* il-compute-mode.c: where the figures are computed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Automatic mode asks the database for one exact count before choosing, so a
 * small table keeps today's behaviour (rows downloaded, figures computed
 * here) and a user who never ran the SQL file loses nothing.
 */
#include "config.h"

#include "il-compute-mode.h"

#include <glib/gi18n.h>

#include "il-row-store.h"
#include "il-summary.h"
#include "il-supabase-client.h"
#include "il-supabase-range.h"

#define SQL_FILE "interview_latency_summary.sql"

static const char *const mode_names[] = { "client", "server", "automatic" };

gboolean
il_compute_mode_parse (const char    *text,
                       IlComputeMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (text, mode_names[i]))
      {
        *mode = (IlComputeMode) i;
        return TRUE;
      }
  return FALSE;
}

const char *
il_compute_mode_to_string (IlComputeMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);

  return mode_names[mode];
}

/**
 * il_compute_mode_read_settings:
 * @settings: the app's settings (il_settings_new())
 * @mode: (out): compute-mode
 * @threshold: (out): server-side-threshold
 *
 * An older compiled schema without the keys gives the defaults instead of
 * aborting.
 */
void
il_compute_mode_read_settings (GSettings     *settings,
                               IlComputeMode *mode,
                               guint64       *threshold)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (mode != NULL && threshold != NULL);

  *mode = IL_COMPUTE_AUTOMATIC;
  *threshold = IL_COMPUTE_DEFAULT_THRESHOLD;
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL)
    return;
  if (g_settings_schema_has_key (schema, "compute-mode"))
    {
      g_autofree char *text = g_settings_get_string (settings, "compute-mode");

      if (!il_compute_mode_parse (text, mode))
        *mode = IL_COMPUTE_AUTOMATIC;
    }
  if (g_settings_schema_has_key (schema, "server-side-threshold"))
    *threshold = g_settings_get_uint (settings, "server-side-threshold");
}

char *
il_compute_mode_dup_sql_path (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "sql", SQL_FILE, NULL);
  g_autofree char *source = g_build_filename (SOURCE_SQLDIR, SQL_FILE, NULL);

  if (!g_file_test (installed, G_FILE_TEST_IS_REGULAR) &&
      g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&source);
  return g_steal_pointer (&installed);
}

char *
il_compute_mode_explain_error (const GError *error)
{
  g_autofree char *path = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != IL_SUMMARY_ERROR ||
      (error->code != IL_SUMMARY_ERROR_MISSING && error->code != IL_SUMMARY_ERROR_OLD_VERSION))
    return g_strdup (error->message);

  path = il_compute_mode_dup_sql_path ();
  /* Translators: %s is a path such as /usr/share/interview-latency/sql/interview_latency_summary.sql */
  where = g_strdup_printf (_("The SQL file to run is %s"), path);
  return g_strdup_printf ("%s\n%s", error->message, where);
}

typedef struct
{
  IlSupabaseClient *client;
  IlComputeMode mode;
  guint64       threshold;
  gint64        n_rows;
} Decision;

static void
decision_free (gpointer data)
{
  Decision *d = data;

  g_clear_object (&d->client);
  g_free (d);
}

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  Decision *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->n_rows = il_supabase_client_count_finish (IL_SUPABASE_CLIENT (source), result, &error);
  if (d->n_rows < 0)
    {
      d->mode = IL_COMPUTE_CLIENT;
      g_task_return_error (task, error);
      return;
    }
  d->mode = (guint64) d->n_rows > d->threshold ? IL_COMPUTE_SERVER : IL_COMPUTE_CLIENT;
  g_task_return_boolean (task, TRUE);
}

void
il_compute_mode_decide_async (const char          *base_url,
                              const char          *key,
                              IlComputeMode        mode,
                              guint64              threshold,
                              gint64               lo,
                              gint64               hi,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Decision *d;
  IlRangeRows rows;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_compute_mode_decide_async);
  d = g_new0 (Decision, 1);
  d->mode = mode;
  d->threshold = threshold;
  d->n_rows = -1;
  g_task_set_task_data (task, d, decision_free);

  if (mode != IL_COMPUTE_AUTOMATIC)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* The rows a download would bring: a bounded range leaves out null
   * created_at, "all data" keeps them. */
  rows = lo == IL_TIME_NONE && hi == IL_TIME_NONE ? IL_RANGE_DATED_AND_NULL : IL_RANGE_DATED;
  d->client = il_supabase_client_new (base_url, key);
  il_supabase_client_count_async (d->client, lo, hi, rows, cancellable, count_cb, task);
}

IlComputeMode
il_compute_mode_decide_finish (GAsyncResult  *result,
                               gint64        *n_rows,
                               GError       **error)
{
  Decision *d;

  g_return_val_if_fail (g_task_is_valid (result, NULL), IL_COMPUTE_CLIENT);

  d = g_task_get_task_data (G_TASK (result));
  if (n_rows != NULL)
    *n_rows = d->n_rows;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return IL_COMPUTE_CLIENT;
  return d->mode;
}
