/* il-cli-server.c: the command line's figures computed by the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window-less run waits on a main loop of its own for each request, as
 * the row download does.
 */
#include "config.h"

#include "il-cli-server.h"

#include <glib/gi18n.h>

#include "il-row-store.h"
#include "il-supabase-summary.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static IlSummary *
fetch_summary (const char  *url,
               const char  *key,
               gint64       from,
               gint64       to,
               GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { loop, NULL };
  IlSummaryQuery query;

  il_summary_query_init (&query);
  query.created_min = from;
  query.created_max = to;
  /* the reports list no session: only the counts matter */
  query.session_limit = 0;
  il_supabase_summary_fetch_async (url, key, &query, 0, NULL, done_cb, &wait);
  result = wait_for (&wait);
  return il_supabase_summary_fetch_finish (result, error);
}

static gboolean
is_function_problem (const GError *error)
{
  return g_error_matches (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_MISSING) ||
         g_error_matches (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION);
}

IlCliServerOutcome
il_cli_server_compute (const char       *url,
                       const char       *key,
                       IlComputeMode     mode,
                       guint64           threshold,
                       gint64            created_min,
                       gint64            count_min,
                       gint64            prev_from,
                       gint64            prev_to,
                       IlSummary       **summary,
                       IlPeriodFigures **previous,
                       FILE             *err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (mode != IL_COMPUTE_CLIENT, IL_CLI_SERVER_FALLBACK);
  g_return_val_if_fail (summary != NULL, IL_CLI_SERVER_FAILED);

  if (mode == IL_COMPUTE_AUTOMATIC)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(GAsyncResult) result = NULL;
      Wait wait = { loop, NULL };

      il_compute_mode_decide_async (url, key, mode, threshold, count_min, IL_TIME_NONE,
                                    NULL, done_cb, &wait);
      result = wait_for (&wait);
      /* a failed count: the download says what is wrong */
      if (il_compute_mode_decide_finish (result, NULL, NULL) != IL_COMPUTE_SERVER)
        return IL_CLI_SERVER_FALLBACK;
    }

  sum = fetch_summary (url, key, created_min, IL_TIME_NONE, &error);
  if (sum == NULL)
    {
      text = il_compute_mode_explain_error (error);
      if (mode == IL_COMPUTE_AUTOMATIC && is_function_problem (error))
        {
          /* Translators: %s says what is wrong with the database function */
          fprintf (err, _("%s\nComputing the figures from the downloaded rows instead.\n"), text);
          return IL_CLI_SERVER_FALLBACK;
        }
      fprintf (err, "%s\n", text);
      return IL_CLI_SERVER_FAILED;
    }

  if (previous != NULL)
    {
      g_autoptr(IlSummary) prev = fetch_summary (url, key, prev_from, prev_to, &error);

      if (prev == NULL)
        {
          text = il_compute_mode_explain_error (error);
          fprintf (err, "%s\n", text);
          return IL_CLI_SERVER_FAILED;
        }
      *previous = il_period_figures_from_aggregates (prev->agg, prev_from, prev_to);
    }

  *summary = g_steal_pointer (&sum);
  return IL_CLI_SERVER_DONE;
}
