/* il-errors-page-remote.c: "Show Session" of an error group when the
 * database computed the figures: the group's latest row is asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-errors-page-private.h"
#include "il-supabase-rows.h"
#include "il-toast.h"

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  IlErrorsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowStore) store = il_supabase_client_rows_finish (IL_SUPABASE_CLIENT (object), result, NULL, &error);

  if (store == NULL)
    {
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("The session could not be found: %s"), error->message);

      il_show_toast (GTK_WIDGET (self), text);
    }
  else if (store->n_rows > 0)
    il_dashboard_page_show_session_id (IL_DASHBOARD_PAGE (self), &store->session_ids[store->session[0]]);
  g_object_unref (self);
}

void
_il_errors_page_fetch_session (IlErrorsPage       *self,
                               const IlErrorGroup *group)
{
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlSnapshot *snapshot = il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (self));
  IlRowQuery query;

  if (client == NULL || snapshot == NULL)
    return;

  il_row_query_init (&query);
  query.created_min = il_snapshot_get_filter (snapshot)->created_min;
  query.created_max = il_snapshot_get_filter (snapshot)->created_max;
  query.steps = g_new0 (char *, 2);
  query.steps[0] = g_strdup (group->step_name);
  query.statuses = g_new0 (char *, 2);
  query.statuses[0] = g_strdup ("error");
  query.by_message = TRUE;
  query.message = g_strdup (group->message_text);
  il_supabase_client_rows_async (client, &query, 0, 1, FALSE, NULL, fetch_done, g_object_ref (self));
  il_row_query_clear (&query);
}
