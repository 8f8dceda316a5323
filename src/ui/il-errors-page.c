/* il-errors-page.c: the Error Analysis page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "il-aggregate-charts.h"
#include "il-cell-tooltip.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-csv-save.h"
#include "il-error-filter.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-list-update.h"
#include "il-scroll-content.h"
#include "il-scroll-passthrough.h"
#include "il-staged-reveal.h"
#include "il-text-cell.h"
#include "il-toast.h"
#include "il-wrap-box.h"

G_DEFINE_FINAL_TYPE (IlErrorsPage, il_errors_page, IL_TYPE_DASHBOARD_PAGE)

enum {
  SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
il_errors_page_find_session (IlErrorsPage *self,
                             guint         group_index)
{
  const IlErrorGroup *g;
  IlRowStore *store;
  gint64 error_id;
  gint64 best_start = G_MININT64;
  guint best = G_MAXUINT;

  g_return_val_if_fail (IL_IS_ERRORS_PAGE (self), G_MAXUINT);

  if (self->agg == NULL || self->store == NULL || group_index >= self->agg->n_error_groups)
    return G_MAXUINT;

  store = self->store;
  g = &self->agg->error_groups[group_index];
  error_id = il_string_pool_lookup (store->statuses, "error");
  if (error_id < 0)
    return G_MAXUINT;

  for (guint row = 0; row < store->n_rows; row++)
    {
      if (store->status[row] != (IlStrId) error_id ||
          store->step[row] != g->step ||
          store->error_message[row] != g->message)
        continue;
      if (store->started_at[row] < best_start)
        continue;
      if (!il_filter_matches (&self->agg->filter, store, row))
        continue;
      best_start = store->started_at[row];
      best = store->session[row];
    }

  return best;
}

void
il_errors_page_show_session (IlErrorsPage *self,
                             guint         group_index)
{
  guint session;

  g_return_if_fail (IL_IS_ERRORS_PAGE (self));

  session = il_errors_page_find_session (self, group_index);
  if (session != G_MAXUINT)
    il_dashboard_page_show_session (IL_DASHBOARD_PAGE (self), session);
  else if (self->agg != NULL && group_index < self->agg->n_error_groups && self->store != NULL
           && self->store->n_rows == 0)
    /* no row here: the database knows the group's latest session */
    _il_errors_page_fetch_session (self, &self->agg->error_groups[group_index]);
}

/* ---- figures, charts, sessions with errors ------------------------------------------ */

static char *
format_count (guint64 n)
{
  return il_format_count_str (n);
}

static void
update_figures (IlErrorsPage *self)
{
  const IlErrorSummary *e = &self->agg->errors;
  g_autofree char *total = format_count (e->total_errors);
  g_autofree char *rate = NULL;
  g_autofree char *sessions = format_count (e->sessions_with_errors);
  const char *step = "—";

  if (!isnan (e->error_rate_pct))
    rate = il_format_percent_str (e->error_rate_pct);
  if (e->most_failing_step >= 0 && (guint) e->most_failing_step < self->agg->n_steps)
    step = self->agg->steps[e->most_failing_step].name;

  gtk_label_set_text (self->fig_total, total);
  gtk_label_set_text (self->fig_rate, rate != NULL ? rate : "—");
  gtk_label_set_text (self->fig_step, step);
  il_widget_set_tooltip_text (GTK_WIDGET (self->fig_step), step);
  gtk_label_set_text (self->fig_sessions, sessions);
}

static void
on_session_row_activated (GtkListBox    *list,
                          GtkListBoxRow *row,
                          IlErrorsPage  *self)
{
  guint index = gtk_list_box_row_get_index (row);

  /* the rows still show the last snapshot's sessions (for a frame) */
  if (self->sessions_stale)
    return;
  /* by id: a database summary may not list the session */
  if (self->agg != NULL && index < self->agg->n_error_sessions)
    il_dashboard_page_show_session_id (IL_DASHBOARD_PAGE (self), &self->agg->error_sessions[index].id);
}

static GtkWidget *
new_cell (int   width,
          float xalign)
{
  /* a text cell: a new text is only drawn, nothing measures it */
  GtkWidget *cell = il_text_cell_new (xalign);

  if (width > 0)
    gtk_widget_set_size_request (cell, width, -1);
  else
    gtk_widget_set_hexpand (cell, TRUE);
  if (xalign > 0)
    gtk_widget_add_css_class (cell, "numeric");
  return cell;
}

static GtkWidget *
new_session_row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static GtkWidget *
new_session_row (void)
{
  GtkWidget *box = new_session_row_box ();
  GtkWidget *id_label = new_cell (110, 0);

  gtk_widget_add_css_class (id_label, "monospace");
  gtk_box_append (GTK_BOX (box), id_label);
  gtk_box_append (GTK_BOX (box), new_cell (60, 1));
  gtk_box_append (GTK_BOX (box), new_cell (170, 0));
  gtk_box_append (GTK_BOX (box), new_cell (-1, 0));
  return box;
}

/* The list's rows stay and take the new sessions: building them anew on
 * every snapshot cost more than the rest of the page's update. */
void
_il_errors_page_update_sessions_list (IlErrorsPage *self)
{
  guint n = self->agg != NULL ? self->agg->n_error_sessions : 0;
  GtkWidget *child;

  for (guint i = 0; i < n; i++)
    {
      const IlErrorSession *s = &self->agg->error_sessions[i];
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sessions_list, i);
      g_autoptr(GString) steps = g_string_new (NULL);
      g_autofree char *errors = il_format_count_str (s->n_errors);
      g_autofree char *first = il_format_time (s->first_error, TRUE);
      GtkWidget *id_label, *errors_label, *first_label, *steps_label;
      char id[37];

      if (row == NULL)
        {
          gtk_list_box_append (self->sessions_list, new_session_row ());
          row = gtk_list_box_get_row_at_index (self->sessions_list, i);
        }
      id_label = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
      errors_label = gtk_widget_get_next_sibling (id_label);
      first_label = gtk_widget_get_next_sibling (errors_label);
      steps_label = gtk_widget_get_next_sibling (first_label);

      il_uuid_format (&s->id, id);
      for (guint k = 0; k < s->n_failed_steps; k++)
        {
          if (k > 0)
            g_string_append (steps, ", ");
          g_string_append (steps, il_string_pool_get (self->store->steps, s->failed_steps[k]));
        }

      il_cell_set_tooltip (id_label, id);
      id[8] = '\0';
      il_text_cell_set_text (IL_TEXT_CELL (id_label), id);
      il_text_cell_set_text (IL_TEXT_CELL (errors_label), errors);
      il_text_cell_set_text (IL_TEXT_CELL (first_label), first);
      il_text_cell_set_text (IL_TEXT_CELL (steps_label), steps->str);
      il_cell_set_tooltip (steps_label, steps->str);
    }

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->sessions_list, n))) != NULL)
    gtk_list_box_remove (self->sessions_list, child);
}

void
_il_errors_page_on_save_done (IlErrorsPage *self,
                              gint64        n_rows,
                              const char   *message)
{
  g_clear_object (&self->save_cancellable);
  g_signal_emit (self, signals[SAVE_FINISHED], 0, n_rows, message);
}

static void
on_save_done (GtkWidget  *widget,
              gint64      n_rows,
              const char *message,
              gpointer    user_data)
{
  _il_errors_page_on_save_done (IL_ERRORS_PAGE (widget), n_rows, message);
}

void
il_errors_page_save_errors_csv (IlErrorsPage *self,
                                GFile        *file)
{
  const guint32 *rows;
  guint n_rows;

  g_return_if_fail (IL_IS_ERRORS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->store != NULL && self->error_filter != NULL);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);

  if (self->remote)
    {
      /* the rows are in the database: streamed from it */
      self->save_cancellable = g_cancellable_new ();
      _il_errors_page_remote_save (self, file);
      return;
    }

  /* il_csv_save_async() reads zero rows as "every row of the store" */
  _il_errors_page_finish_scan (self);
  rows = il_error_filter_get_rows (self->error_filter, &n_rows);
  if (n_rows == 0)
    {
      const char *message = _("No error rows match the filter: nothing was written.");

      il_show_toast (GTK_WIDGET (self), message);
      g_signal_emit (self, signals[SAVE_FINISHED], 0, (gint64) 0, message);
      return;
    }

  self->save_cancellable = g_cancellable_new ();
  il_csv_save_write (GTK_WIDGET (self), IL_CSV_SAVE_ERROR_ROWS, self->store,
                     rows, n_rows, file,
                     NULL, NULL, self->save_cancellable, on_save_done, NULL);
}

static void
on_file_chosen (GtkWidget *widget,
                GFile     *file,
                gpointer   user_data)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (widget);

  if (self->store != NULL && self->error_filter != NULL)
    il_errors_page_save_errors_csv (self, file);
}

static void
save_csv (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  if (IL_ERRORS_PAGE (widget)->store == NULL)
    return;
  il_csv_save_choose (widget, _("Save Errors as CSV"), "interview-latency-errors.csv",
                      on_file_chosen, NULL);
}

/* ---- data ------------------------------------------------------------------------- */

/* No error groups: none in the range, or no data yet. */
static void
show_no_groups (IlErrorsPage *self)
{
  il_staged_reveal_stack_child (self->stack,
                                    il_dashboard_page_is_loading_first_data (IL_DASHBOARD_PAGE (self))
                                    ? "loading" : "empty");
}

static void
set_data (IlErrorsPage       *self,
          IlRowStore         *store,
          const IlAggregates *agg)
{
  guint n;

  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->agg = store != NULL ? agg : NULL;

  n = self->agg != NULL ? self->agg->n_error_groups : 0;
  _il_errors_page_update_tables (self, n);
  _il_errors_page_reset_filter (self);

  if (n == 0)
    show_no_groups (self);
  else
    {
      const IlErrorSummary *e = &self->agg->errors;
      g_autofree char *groups = NULL;
      g_autofree char *count = il_format_count_str (n);

      update_figures (self);
      gtk_widget_set_visible (self->dow_hour_section, e->total_errors > DOW_HOUR_MIN_ERRORS);
      /* translators: %s is a number of error groups, grouped as "1,234" */
      groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s group of errors (step and message), most frequent first.",
                                             "%s groups of errors (step and message), most frequent first.",
                                             n), count);
      gtk_label_set_text (self->summary_label, groups);
      il_staged_reveal_stack_child (self->stack, "groups");
    }
}

GtkWidget *
il_errors_page_new (void)
{
  return g_object_new (IL_TYPE_ERRORS_PAGE, NULL);
}

static void
il_errors_page_dispose (GObject *object)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (object);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  _il_errors_page_remote_cancel (self);
  _il_errors_page_cancel_scan (self);
  g_clear_pointer (&self->count_error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_ERRORS_PAGE);
  if (self->pace_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pace_tick);
  self->pace_tick = 0;
  g_clear_object (&self->selection);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->store, il_row_store_unref);
  g_clear_pointer (&self->error_filter, il_error_filter_free_aside);
  self->agg = NULL;

  G_OBJECT_CLASS (il_errors_page_parent_class)->dispose (object);
}

static void
il_errors_page_snapshot_changed (IlDashboardPage *page,
                                 IlSnapshot      *snapshot)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (page);

  self->remote = snapshot != NULL && il_snapshot_is_summary (snapshot);
  self->last_count = -1;
  set_data (self,
            snapshot != NULL ? il_snapshot_get_store (snapshot) : NULL,
            snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL);
}

static void
il_errors_page_state_changed (IlDashboardPage *page)
{
  if (IL_ERRORS_PAGE (page)->agg == NULL)
    show_no_groups (IL_ERRORS_PAGE (page));
}

static void
il_errors_page_class_init (IlErrorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_errors_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_errors_page_snapshot_changed;
  IL_DASHBOARD_PAGE_CLASS (klass)->state_changed = il_errors_page_state_changed;
  /* Filling takes 0.2-0.6 s at 1M rows on the main thread: only when shown. */
  IL_DASHBOARD_PAGE_CLASS (klass)->lazy = TRUE;

  /**
   * IlErrorsPage::save-finished:
   * @n_rows: rows written, or -1 on failure
   * @message: what the toast said
   */
  signals[SAVE_FINISHED] = g_signal_new ("save-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-errors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, groups_scroller);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, fig_total);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, fig_rate);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, fig_step);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, fig_sessions);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, dow_hour_section);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, messages_box);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, filter_count_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_date_changed",
                                                G_CALLBACK (_il_errors_page_on_date_changed));
  gtk_widget_class_bind_template_callback (widget_class, on_session_row_activated);

  gtk_widget_class_install_action (widget_class, "errors.save-csv", NULL, save_csv);

}

static void
il_errors_page_init (IlErrorsPage *self)
{
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  g_type_ensure (IL_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));
  il_scroll_passthrough_attach (self->groups_scroller);

  self->groups = g_list_store_new (IL_TYPE_ERRORS_PAGE_ITEM);
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->groups)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  _il_errors_page_add_columns (self);
  self->remote_count = self->last_count = -1;
  _il_errors_page_reset_filter (self);
  show_no_groups (self);
}
