/* il-sessions-page-remote.c: a session's rows fetched by its id, when the
 * database computed the figures and no row was downloaded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-sessions-page-private.h"
#include "il-supabase-rows.h"

/* More than any interview has steps; a session beyond it shows its first rows. */
#define SESSION_ROWS_MAX 20000

void
_il_sessions_page_cancel_fetch (IlSessionsPage *self)
{
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_pointer (&self->fetched, il_row_store_unref);
  g_clear_pointer (&self->fetch_error, g_free);
}

static guint
count_turns (IlRowStore *store)
{
  g_autoptr(GHashTable) turns = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < store->n_rows; i++)
    g_hash_table_add (turns, GINT_TO_POINTER (store->turn_number[i]));
  return g_hash_table_size (turns);
}

typedef struct
{
  IlSessionsPage *self;
  IlUuid          id;
} Fetch;

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *f = user_data;
  IlSessionsPage *self = f->self;
  g_autoptr(GError) error = NULL;
  IlRowStore *store = il_supabase_client_rows_finish (IL_SUPABASE_CLIENT (object), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      g_free (f);
      return;
    }

  g_clear_object (&self->fetch_cancellable);
  if (store == NULL)
    {
      /* Translators: %s says why; the session's rows could not be fetched */
      self->fetch_error = g_strdup_printf (_("The session’s rows could not be fetched: %s"), error->message);
      _il_sessions_page_show_detail (self, &f->id, 0, NULL);
    }
  else
    {
      self->fetched = store;
      g_clear_pointer (&self->detail, il_session_detail_free);
      /* the store holds this one session: index 0, every row of the range */
      if (store->n_sessions > 0)
        self->detail = il_session_detail_compute (store, NULL, 0);
      else
        self->fetch_error = g_strdup (_("This session has no rows in the analysed range."));
      _il_sessions_page_show_detail (self, &f->id, count_turns (store), store);
    }
  g_object_unref (self);
  g_free (f);
}

void
_il_sessions_page_fetch (IlSessionsPage *self,
                         const IlUuid   *session_id)
{
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlRowQuery query;
  Fetch *f;

  _il_sessions_page_cancel_fetch (self);
  if (client == NULL)
    {
      self->fetch_error = g_strdup (_("The rows of this session are in the database, which is not connected."));
      return;
    }

  il_row_query_init (&query);
  query.by_session = TRUE;
  query.session_id = *session_id;
  query.descending = FALSE;
  if (self->agg != NULL)
    {
      query.created_min = self->agg->filter.created_min;
      query.created_max = self->agg->filter.created_max;
    }
  f = g_new0 (Fetch, 1);
  f->self = g_object_ref (self);
  f->id = *session_id;
  self->fetch_cancellable = g_cancellable_new ();
  il_supabase_client_rows_async (client, &query, 0, SESSION_ROWS_MAX, FALSE, self->fetch_cancellable,
                                 fetch_done, f);
}

gboolean
il_sessions_page_rows_are_remote (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), FALSE);
  return self->remote;
}

void
il_sessions_page_show_session_id (IlSessionsPage *self,
                                  const IlUuid   *session_id)
{
  g_return_if_fail (IL_IS_SESSIONS_PAGE (self));
  g_return_if_fail (session_id != NULL);

  if (self->store != NULL)
    for (guint32 i = 0; i < self->store->n_sessions; i++)
      if (il_uuid_compare (&self->store->session_ids[i], session_id) == 0)
        {
          il_sessions_page_select_session (self, i);
          return;
        }

  if (!self->remote)
    return;
  /* not in the listed sessions: its rows all the same */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selected = G_MAXUINT32;
  self->zoom = 1;
  g_clear_pointer (&self->detail, il_session_detail_free);
  _il_sessions_page_fetch (self, session_id);
  _il_sessions_page_show_detail (self, session_id, 0, self->store);
}
