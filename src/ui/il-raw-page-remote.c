/* il-raw-page-remote.c: the Raw Data page when the database computed the
 * figures: rows are paged from the server with the page's filters and order,
 * and Save as CSV streams them page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-csv-save.h"
#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-staged-reveal.h"
#include "il-supabase-export.h"
#include "il-toast.h"

/* The labels of the checked buttons, or NULL when all are checked. */
static GStrv
checked_names (GtkBox *box)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  gboolean all = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        g_strv_builder_add (names, gtk_check_button_get_label (GTK_CHECK_BUTTON (child)));
      else
        all = FALSE;
    }
  return all ? NULL : g_strv_builder_end (names);
}

/* The range of the snapshot, and with @filtered the page's controls. */
static void
build_query (IlRawPage  *self,
             IlRowQuery *q,
             gboolean    filtered)
{
  double min = gtk_spin_button_get_value (self->min_spin);
  double max = gtk_spin_button_get_value (self->max_spin);

  il_row_query_init (q);
  if (self->agg != NULL)
    {
      q->created_min = self->agg->filter.created_min;
      q->created_max = self->agg->filter.created_max;
    }
  q->order_by = self->remote_order_by;
  q->descending = self->remote_descending;
  if (!filtered)
    return;
  q->steps = checked_names (self->steps_box);
  q->statuses = checked_names (self->statuses_box);
  if (min > 0)
    q->min_latency_ms = min;
  if (max > 0)
    q->max_latency_ms = max;
}

void
_il_raw_page_remote_apply (IlRawPage *self)
{
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlRemoteRows *rows;
  IlRowQuery q;

  if (client == NULL)
    {
      _il_raw_page_remote_clear (self);
      return;
    }
  build_query (self, &q, TRUE);
  rows = il_remote_rows_new (client, &q);
  il_row_query_clear (&q);
  g_signal_connect_object (rows, "notify::total", G_CALLBACK (_il_raw_page_update_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rows, "notify::error", G_CALLBACK (_il_raw_page_update_count), self,
                           G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (rows));
  g_clear_object (&self->remote_rows);
  self->remote_rows = rows;
}

void
_il_raw_page_remote_clear (IlRawPage *self)
{
  if (self->remote_rows == NULL)
    return;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  g_clear_object (&self->remote_rows);
}

gboolean
_il_raw_page_remote_set_sort (IlRawPage *self,
                              IlColumn   column,
                              gboolean   descending)
{
  if (!il_row_query_can_order_by (column))
    return FALSE;
  if (column != self->remote_order_by || descending != self->remote_descending)
    {
      self->remote_order_by = column;
      self->remote_descending = descending;
      _il_raw_page_apply_filters (self);
    }
  return TRUE;
}

void
_il_raw_page_remote_update_count (IlRawPage *self,
                                  guint      total)
{
  const GError *error = il_remote_rows_get_error (self->remote_rows);
  gint64 n = il_remote_rows_get_total (self->remote_rows);
  g_autofree char *text = NULL;

  if (error != NULL && n < 0)
    {
      /* Translators: %s says why the rows could not be fetched */
      text = g_strdup_printf (_("Rows unavailable: %s"), error->message);
    }
  else if (n < 0)
    text = g_strdup (_("Fetching rows from the database…"));
  else if ((guint64) n == total)
    text = il_format_rows ((guint64) n);
  else
    {
      g_autofree char *n_text = il_format_count_str ((guint64) n);
      g_autofree char *total_text = il_format_count_str (total);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row", "%s of %s rows", total),
                              n_text, total_text);
    }
  gtk_label_set_text (self->count_label, text);
  /* the whole message, where the label ellipsizes it; gone with the error */
  il_widget_set_tooltip_text (GTK_WIDGET (self->count_label), error != NULL && n < 0 ? error->message : NULL);

  if (total == 0)
    il_staged_reveal_stack_child (self->stack, "no-data");
  else if (n == 0)
    il_staged_reveal_stack_child (self->stack, "empty");
  else
    il_staged_reveal_stack_child (self->stack, "table");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.save-filtered", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.save-all", total > 0);
}

typedef struct
{
  IlRawPage *self;
  GFile     *file;
} Save;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = il_supabase_export_finish (result, &error);
  g_autofree char *message = il_csv_save_describe (IL_CSV_SAVE_ROWS, n, save->file, error);

  il_show_toast (GTK_WIDGET (save->self), message);
  _il_raw_page_on_save_done (GTK_WIDGET (save->self), n, message, NULL);
  g_object_unref (save->file);
  g_object_unref (save->self);
  g_free (save);
}

void
_il_raw_page_remote_save (IlRawPage         *self,
                          GFile             *file,
                          gboolean           filtered,
                          IlCsvProgressFunc  progress)
{
  g_autoptr(IlSupabaseClient) client = il_dashboard_page_new_client (IL_DASHBOARD_PAGE (self));
  IlRowQuery q;
  Save *save;

  if (client == NULL)
    {
      _il_raw_page_on_save_done (GTK_WIDGET (self), -1, _("Nothing was written: the database is not connected."),
                                 NULL);
      return;
    }
  build_query (self, &q, filtered);
  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->file = g_object_ref (file);
  il_supabase_export_async (client, &q, file, progress, self, self->save_cancellable, save_done, save);
  il_row_query_clear (&q);
}

IlRemoteRows *
_il_raw_page_get_remote_rows (IlRawPage *self)
{
  g_return_val_if_fail (IL_IS_RAW_PAGE (self), NULL);
  return self->remote_rows;
}
