/* il-errors-page-remote.c: the Error Analysis page when the database
 * computed the figures: the filter's count is asked of the database, Save
 * Errors as CSV streams the matching rows from it, and "Show Session" of an
 * error group asks for the group's latest row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-csv-save.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-supabase-export.h"
#include "il-supabase-rows.h"
#include "il-toast.h"

/* Clicks closer than this make one count. */
#define COUNT_DEBOUNCE_MS 300

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

/* ---- the filter, counted by the database ---------------------------------------- */

typedef enum
{
  FILTER_ALL,     /* nothing narrowed: the summary's error count */
  FILTER_NONE,    /* no step or no message ticked: nothing passes */
  FILTER_SOME,    /* ask the database */
} FilterScope;

/* The error rows the filter passes, as a query; the rows come in the order
 * client mode writes them (a store's order). */
static FilterScope
build_query (IlErrorsPage *self,
             IlRowQuery   *q)
{
  IlErrorFilter *f = self->error_filter;
  gboolean null_on = TRUE;

  il_row_query_init (q);
  q->created_min = self->agg->filter.created_min;
  q->created_max = self->agg->filter.created_max;
  q->statuses = g_new0 (char *, 2);
  q->statuses[0] = g_strdup ("error");
  q->steps = il_error_filter_dup_step_names (f);
  q->messages = il_error_filter_dup_message_texts (f, &null_on);
  q->by_messages = q->messages != NULL;
  q->messages_null = null_on;
  q->time_min = il_error_filter_get_from (f);
  q->time_max = il_error_filter_get_to (f);
  q->fetch_order = TRUE;

  if ((q->steps != NULL && q->steps[0] == NULL) || (q->by_messages && q->messages[0] == NULL && !null_on))
    return FILTER_NONE;
  if (q->steps == NULL && !q->by_messages && q->time_min == IL_TIME_NONE && q->time_max == IL_TIME_NONE)
    return FILTER_ALL;
  return FILTER_SOME;
}

static char *
count_text (gint64 n,
            guint64 total)
{
  g_autofree char *n_text = il_format_count_str ((guint64) n);
  g_autofree char *total_text = il_format_count_str (total);

  /* translators: "12 of 4,216 error rows match" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s error row matches",
                                       "%s of %s error rows match", (gulong) total),
                          n_text, total_text);
}

static void
update_label (IlErrorsPage *self)
{
  guint64 total = self->agg != NULL ? self->agg->errors.total_errors : 0;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (self->count_error != NULL)
    {
      g_autofree char *last = self->last_count >= 0 ? count_text (self->last_count, total) : NULL;

      if (last != NULL)
        /* Translators: the first %s is "12 of 4,216 error rows match", the second says why */
        text = g_strdup_printf (_("%s (the previous filter). Counting this filter in the database failed: %s"),
                                last, self->count_error);
      else
        /* Translators: %s says why */
        text = g_strdup_printf (_("Counting the matching error rows in the database failed: %s"),
                                self->count_error);
    }
  else if (self->remote_count < 0)
    text = g_strdup (_("Counting the matching error rows in the database…"));
  else
    text = count_text (self->remote_count, total);
  if (self->agg != NULL && self->agg->filter.created_min == IL_TIME_NONE)
    tooltip = g_strdup (_("Rows with no creation time are dated by their start time, as in the error groups."));
  gtk_label_set_text (self->filter_count_label, text);
  il_widget_set_tooltip_text (GTK_WIDGET (self->filter_count_label), tooltip);
  /* the export needs no count: only a filter known to pass nothing is refused */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "errors.save-csv", total > 0 && self->remote_count != 0);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  IlErrorsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = il_supabase_client_count_rows_finish (IL_SUPABASE_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->count_cancellable);
  g_clear_pointer (&self->count_error, g_free);
  if (n < 0)
    self->count_error = g_strdup (error->message);
  else
    self->remote_count = self->last_count = n;
  update_label (self);
  g_object_unref (self);
}

static gboolean
count_now (gpointer user_data)
{
  IlErrorsPage *self = user_data;
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlRowQuery q;

  self->count_timeout = 0;
  if (client == NULL || self->agg == NULL)
    {
      self->count_error = g_strdup (_("The database is not connected."));
      update_label (self);
      return G_SOURCE_REMOVE;
    }
  build_query (self, &q);
  self->count_cancellable = g_cancellable_new ();
  il_supabase_client_count_rows_async (client, &q, self->count_cancellable, count_done, g_object_ref (self));
  il_row_query_clear (&q);
  return G_SOURCE_REMOVE;
}

void
_il_errors_page_remote_cancel (IlErrorsPage *self)
{
  g_clear_handle_id (&self->count_timeout, g_source_remove);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
}

void
_il_errors_page_remote_apply (IlErrorsPage *self)
{
  IlRowQuery q;
  FilterScope scope;

  _il_errors_page_remote_cancel (self);
  g_clear_pointer (&self->count_error, g_free);
  if (self->agg == NULL)
    return;

  scope = build_query (self, &q);
  il_row_query_clear (&q);
  if (scope == FILTER_ALL)
    self->remote_count = (gint64) self->agg->errors.total_errors;
  else if (scope == FILTER_NONE)
    self->remote_count = 0;
  else
    {
      self->remote_count = -1;
      self->count_timeout = g_timeout_add (COUNT_DEBOUNCE_MS, count_now, self);
    }
  update_label (self);
}

gint64
_il_errors_page_get_remote_count (IlErrorsPage *self)
{
  g_return_val_if_fail (IL_IS_ERRORS_PAGE (self), -1);
  return self->remote_count;
}

gboolean
_il_errors_page_is_counting (IlErrorsPage *self)
{
  g_return_val_if_fail (IL_IS_ERRORS_PAGE (self), FALSE);
  return self->count_timeout != 0 || self->count_cancellable != NULL;
}

/* ---- Save Errors as CSV, streamed -------------------------------------------------- */

typedef struct
{
  IlErrorsPage *self;
  GFile        *file;
} Save;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = il_supabase_export_finish (result, &error);
  g_autofree char *message = il_csv_save_describe (IL_CSV_SAVE_ERROR_ROWS, n, save->file, error);

  il_show_toast (GTK_WIDGET (save->self), message);
  _il_errors_page_on_save_done (save->self, n, message);
  g_object_unref (save->file);
  g_object_unref (save->self);
  g_free (save);
}

void
_il_errors_page_remote_save (IlErrorsPage *self,
                             GFile        *file)
{
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlRowQuery q;
  Save *save;

  if (client == NULL || self->agg == NULL)
    {
      const char *message = _("Nothing was written: the database is not connected.");

      il_show_toast (GTK_WIDGET (self), message);
      _il_errors_page_on_save_done (self, -1, message);
      return;
    }
  if (build_query (self, &q) == FILTER_NONE || self->remote_count == 0)
    {
      const char *message = _("No error rows match the filter: nothing was written.");

      il_row_query_clear (&q);
      il_show_toast (GTK_WIDGET (self), message);
      _il_errors_page_on_save_done (self, 0, message);
      return;
    }
  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->file = g_object_ref (file);
  il_supabase_export_async (client, &q, file, NULL, NULL, self->save_cancellable, save_done, save);
  il_row_query_clear (&q);
}
