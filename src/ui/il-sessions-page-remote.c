/* il-sessions-page-remote.c: when the database computed the figures and no
 * row was downloaded: a session's rows fetched by its id, and the search
 * asked of the database (the summary lists only the latest sessions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-format.h"
#include "il-session-search.h"
#include "il-list-update.h"
#include "il-row-reaper.h"
#include "il-sessions-page-private.h"
#include "il-supabase-rows.h"

/* Keys closer than this make one search. */
#define SEARCH_DEBOUNCE_MS 300

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

/* ---- the search, in the database ---------------------------------------------- */

void
_il_sessions_page_show_found (IlSessionsPage     *self,
                              IlSessionsPageItem *item)
{
  /* not one of the summary's sessions */
  self->selected = G_MAXUINT32;
  /* the same session, its rows there or on their way */
  if ((self->detail != NULL || self->fetch_cancellable != NULL)
      && il_uuid_compare (&self->shown_id, &item->shown.id) == 0)
    return;
  if (!self->keep_view)
    {
      self->zoom = 1;
      gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->timeline_scroller), 0);
    }
  g_clear_pointer (&self->detail, il_session_detail_free);
  _il_sessions_page_fetch (self, &item->shown.id);
  _il_sessions_page_show_detail (self, &item->shown.id, 0, self->store);
}

void
_il_sessions_page_remote_cancel_search (IlSessionsPage *self)
{
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_error, g_free);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  IlSessionsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSessionSearch) found = il_supabase_client_search_sessions_finish (IL_SUPABASE_CLIENT (object),
                                                                                 result, &error);
  g_autoptr(GPtrArray) items = NULL;
  IlUuid previous;
  gboolean had_detail;
  guint position;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->search_cancellable);
  if (found == NULL)
    {
      /* what the list shows stays */
      self->search_error = g_strdup (error->message);
      _il_sessions_page_update_count (self);
      g_object_unref (self);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->n_sessions; i++)
    {
      IlSessionsPageItem *item = g_object_new (IL_TYPE_SESSIONS_PAGE_ITEM, NULL);

      item->index = G_MAXUINT;
      item->shown = found->sessions[i];
      item->found = TRUE;
      g_ptr_array_add (items, item);
    }
  self->found_shown = TRUE;
  self->n_found = found->n_sessions;
  self->found_more = found->more;
  /* the session shown stays selected when it was found again */
  previous = self->shown_id;
  had_detail = self->detail != NULL || self->fetch_cancellable != NULL;
  self->replacing = TRUE;
  il_list_store_cancel (self->sessions);
  il_row_reaper_splice (self->sessions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions)),
                        items->pdata, items->len, GTK_WIDGET (self->sessions_view));
  position = had_detail ? _il_sessions_page_find_listed (self, &previous) : GTK_INVALID_LIST_POSITION;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
  self->replacing = FALSE;
  self->keep_view = position != GTK_INVALID_LIST_POSITION;
  _il_sessions_page_reselect (self);
  self->keep_view = FALSE;
  _il_sessions_page_update_count (self);
  g_object_unref (self);
}

static gboolean
search_now (gpointer user_data)
{
  IlSessionsPage *self = user_data;
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));

  self->search_timeout = 0;
  if (client == NULL || self->agg == NULL || self->search == NULL)
    {
      self->search_error = g_strdup (_("The database is not connected."));
      _il_sessions_page_update_count (self);
      return G_SOURCE_REMOVE;
    }
  self->search_cancellable = g_cancellable_new ();
  il_supabase_client_search_sessions_async (client, self->search, self->agg->filter.created_min,
                                            self->agg->filter.created_max, IL_SESSION_SEARCH_MAX_SESSIONS,
                                            IL_SESSION_SEARCH_MAX_ROWS, self->search_cancellable, search_done,
                                            g_object_ref (self));
  _il_sessions_page_update_count (self);
  return G_SOURCE_REMOVE;
}

void
_il_sessions_page_remote_search (IlSessionsPage *self)
{
  _il_sessions_page_remote_cancel_search (self);
  if (self->search == NULL)
    {
      /* the summary's list back */
      if (self->found_shown)
        {
          _il_sessions_page_replace_items (self);
          self->found_shown = FALSE;
        }
      return;
    }
  self->search_timeout = g_timeout_add (SEARCH_DEBOUNCE_MS, search_now, self);
}

gboolean
_il_sessions_page_is_searching (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), FALSE);
  return self->search_timeout != 0 || self->search_cancellable != NULL;
}

char *
_il_sessions_page_remote_count_text (IlSessionsPage *self)
{
  g_autofree char *shown = NULL;

  if (!self->remote || self->search == NULL)
    return NULL;
  if (self->search_error != NULL)
    /* Translators: %s says why */
    return g_strdup_printf (_("Searching the database failed: %s"), self->search_error);
  if (_il_sessions_page_is_searching (self))
    return g_strdup (_("Searching every session of the range in the database…"));
  if (!self->found_shown)
    return NULL;
  if (self->found_more)
    {
      g_autofree char *n = il_format_count_str (self->n_found);

      /* Translators: %s is a number of sessions, "200" */
      return g_strdup_printf (_("Showing the first %s matching sessions; refine the search"), n);
    }
  shown = il_format_count_str (self->n_found);
  /* Translators: %s is a number of sessions */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s session of the range matches",
                                       "%s sessions of the range match", self->n_found), shown);
}
