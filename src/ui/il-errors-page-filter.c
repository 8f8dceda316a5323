/* il-errors-page-filter.c: the Error Analysis page's filter row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check buttons for the steps and messages and two day entries, over an
 * IlErrorFilter; the rows that pass are what "Save Errors as CSV" writes.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "il-cell-tooltip.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-task-start.h"

static gboolean
parse_day (const char *text,
           gint64     *out_us)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;
  char extra;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

static char *
format_day (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("");
}

static void
apply_error_filter (IlErrorsPage *self)
{
  guint total = il_error_filter_get_n_errors (self->error_filter);
  g_autofree char *text = NULL;
  guint n;

  /* the count follows when the rows are in (the label keeps its text
   * meanwhile, so it does not flicker) */
  if (self->scan_cancellable != NULL)
    return;
  if (self->remote && self->store != NULL)
    {
      /* figures from the database: the rows were never downloaded */
      gtk_label_set_wrap (self->filter_count_label, TRUE);
      _il_errors_page_remote_apply (self);
      return;
    }
  _il_errors_page_remote_cancel (self);
  il_widget_set_tooltip_text (GTK_WIDGET (self->filter_count_label), NULL);
  gtk_label_set_wrap (self->filter_count_label, FALSE);
  il_error_filter_get_rows (self->error_filter, &n);
  {
    g_autofree char *n_text = il_format_count_str (n);
    g_autofree char *total_text = il_format_count_str (total);

    /* translators: "12 of 4,216 error rows match" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s error row matches",
                                         "%s of %s error rows match", total),
                            n_text, total_text);
  }
  gtk_label_set_text (self->filter_count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "errors.save-csv", self->store != NULL && n > 0);
}

/* Check buttons carry their pool id: id + 1, or G_MAXUINT32 for a null message. */
#define ID_KEY "il-id"

static guint32
check_id (GtkWidget *check)
{
  guint v = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), ID_KEY));

  return v == G_MAXUINT32 ? IL_STR_NONE : v - 1;
}

static void
on_check_toggled (GtkCheckButton *check,
                  IlErrorsPage   *self)
{
  gboolean on = gtk_check_button_get_active (check);
  guint32 id = check_id (GTK_WIDGET (check));
  gboolean is_step = gtk_widget_get_parent (GTK_WIDGET (check)) == GTK_WIDGET (self->steps_box);

  /* while the rows are collected the checks hold the choice */
  if (self->syncing || self->scan_cancellable != NULL)
    return;

  if (is_step)
    il_error_filter_set_step (self->error_filter, id, on);
  else
    il_error_filter_set_message (self->error_filter, id, on);

  apply_error_filter (self);
}

/* The check at @index of @box shows @label for @id; an existing one is kept
 * (ticked, as a new one starts), as building the checks anew on every
 * snapshot costs more than the rest of the filter's update. */
static void
set_check (IlErrorsPage *self,
           GtkBox       *box,
           GtkWidget   **at,
           const char   *label,
           guint32       id)
{
  GtkWidget *check = *at;

  if (check == NULL)
    {
      GtkWidget *child;

      check = gtk_check_button_new_with_label (label);
      child = gtk_widget_get_last_child (check);
      if (GTK_IS_LABEL (child))
        {
          gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (child), 60);
        }
      /* gtk_widget_set_tooltip_text() asks the display server where the
       * pointer is, for each new check */
      il_cell_set_tooltip (check, label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
      gtk_box_append (box, check);
    }
  else
    {
      if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), label) != 0)
        {
          gtk_check_button_set_label (GTK_CHECK_BUTTON (check), label);
          il_cell_set_tooltip (check, label);
        }
      /* the filter is new: ticked, as it starts */
      self->syncing = TRUE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      self->syncing = FALSE;
    }
  g_object_set_data (G_OBJECT (check), ID_KEY,
                     GUINT_TO_POINTER (id == IL_STR_NONE ? G_MAXUINT32 : id + 1));
  *at = gtk_widget_get_next_sibling (check);
}

/* Removes the checks from @next on. */
static void
clear_from (GtkBox    *box,
            GtkWidget *next)
{
  while (next != NULL)
    {
      GtkWidget *check = next;

      next = gtk_widget_get_next_sibling (check);
      gtk_box_remove (box, check);
    }
}

/* The labels of the ticked checks, or NULL when none is unticked: then a
 * step or message new in the data is ticked too, while a narrowed choice
 * stays what was chosen. */
static GHashTable *
ticked_labels_if_narrowed (GtkBox *box)
{
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean narrowed = FALSE;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      g_hash_table_add (labels, g_strdup (gtk_check_button_get_label (GTK_CHECK_BUTTON (c))));
    else
      narrowed = TRUE;
  return narrowed ? g_steal_pointer (&labels) : NULL;
}

/* Unticks (and so filters out) the checks whose labels are not in @ticked. */
static void
keep_ticked (GtkBox     *box,
             GHashTable *ticked)
{
  if (ticked == NULL)
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (!g_hash_table_contains (ticked, gtk_check_button_get_label (GTK_CHECK_BUTTON (c))))
      gtk_check_button_set_active (GTK_CHECK_BUTTON (c), FALSE);
}

static void
sync_checks (IlErrorsPage *self)
{
  self->syncing = TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      guint32 id = check_id (c);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (c), il_error_filter_get_step (self->error_filter, id));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      guint32 id = check_id (c);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (c), il_error_filter_get_message (self->error_filter, id));
    }
  self->syncing = FALSE;
}

/* ---- the error rows, collected in a thread ----------------------------------------- */

typedef struct
{
  IlSnapshot *snapshot;   /* holds the store and aggregates the thread reads */
  gint64      from_us;
  gint64      to_us;
  GArray     *steps_off;     /* IlStrId */
  GArray     *messages_off;  /* IlStrId */
} ScanData;

static void
scan_data_free (gpointer data)
{
  ScanData *d = data;

  il_snapshot_unref (d->snapshot);
  g_array_unref (d->steps_off);
  g_array_unref (d->messages_off);
  g_free (d);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *d = task_data;
  g_autoptr(IlErrorFilter) filter = il_error_filter_new (il_snapshot_get_store (d->snapshot),
                                                         il_snapshot_get_aggregates (d->snapshot));

  il_error_filter_set_range (filter, d->from_us, d->to_us);
  for (guint i = 0; i < d->steps_off->len; i++)
    il_error_filter_set_step (filter, g_array_index (d->steps_off, IlStrId, i), FALSE);
  for (guint i = 0; i < d->messages_off->len; i++)
    il_error_filter_set_message (filter, g_array_index (d->messages_off, IlStrId, i), FALSE);
  /* the rows that pass too: the page only shows their count */
  il_error_filter_get_rows (filter, NULL);
  g_task_return_pointer (task, g_steal_pointer (&filter), (GDestroyNotify) il_error_filter_free);
}

/* The ids of @box's unticked checks. */
static GArray *
unticked_ids (GtkBox *box)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (IlStrId));

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      {
        IlStrId id = check_id (c);

        g_array_append_val (ids, id);
      }
  return ids;
}

/* @filter, over the rows of the data shown, takes the place of the one that
 * held the choice meanwhile: the days typed and the checks as they are now
 * (changed only where they differ, so rows the thread found stay). */
static void
adopt_filter (IlErrorsPage  *self,
              IlErrorFilter *filter)
{
  gint64 from_us = il_error_filter_get_from (self->error_filter);
  gint64 to_us = il_error_filter_get_to (self->error_filter);

  g_clear_pointer (&self->error_filter, il_error_filter_free_aside);
  self->error_filter = filter;
  if (il_error_filter_get_from (filter) != from_us || il_error_filter_get_to (filter) != to_us)
    il_error_filter_set_range (filter, from_us, to_us);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      gboolean on = gtk_check_button_get_active (GTK_CHECK_BUTTON (c));

      if (il_error_filter_get_step (filter, check_id (c)) != on)
        il_error_filter_set_step (filter, check_id (c), on);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      gboolean on = gtk_check_button_get_active (GTK_CHECK_BUTTON (c));

      if (il_error_filter_get_message (filter, check_id (c)) != on)
        il_error_filter_set_message (filter, check_id (c), on);
    }
  apply_error_filter (self);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (source);
  g_autoptr(IlErrorFilter) filter = g_task_propagate_pointer (G_TASK (result), NULL);

  /* a newer snapshot cancelled this scan: its rows are not the page's */
  if (filter == NULL || g_task_get_cancellable (G_TASK (result)) != self->scan_cancellable)
    return;
  g_clear_object (&self->scan_cancellable);
  adopt_filter (self, g_steal_pointer (&filter));
}

static void
start_scan (IlErrorsPage *self)
{
  IlSnapshot *snapshot = il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (self));
  g_autoptr(GTask) task = NULL;
  ScanData *d;

  g_assert (snapshot != NULL && il_snapshot_get_store (snapshot) == self->store);

  d = g_new0 (ScanData, 1);
  d->snapshot = il_snapshot_ref (snapshot);
  d->from_us = il_error_filter_get_from (self->error_filter);
  d->to_us = il_error_filter_get_to (self->error_filter);
  d->steps_off = unticked_ids (self->steps_box);
  d->messages_off = unticked_ids (self->messages_box);
  task = g_task_new (self, self->scan_cancellable, on_scanned, NULL);
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, d, scan_data_free);
  il_task_run_in_thread_soon (task, scan_thread);
}

gboolean
_il_errors_page_is_scanning (IlErrorsPage *self)
{
  return self->scan_cancellable != NULL;
}

void
_il_errors_page_cancel_scan (IlErrorsPage *self)
{
  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
}

void
_il_errors_page_finish_scan (IlErrorsPage *self)
{
  if (self->scan_cancellable == NULL)
    return;
  _il_errors_page_cancel_scan (self);
  adopt_filter (self, il_error_filter_new (self->store, self->agg));
}

void
_il_errors_page_reset_filter (IlErrorsPage *self)
{
  IlRowStore *store = self->store;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) ticked_steps = NULL;
  g_autoptr(GHashTable) ticked_messages = NULL;
  gint64 from_us = IL_TIME_NONE;
  gint64 to_us = IL_TIME_NONE;
  GtkWidget *at;

  /* What the user narrowed down stays across a refresh: the ticked steps
   * and messages (by their text) and the days. The day entries are not
   * touched, so a day being typed keeps its text and cursor, and the last
   * days that parsed still bound the rows. */
  if (self->error_filter != NULL)
    {
      from_us = il_error_filter_get_from (self->error_filter);
      to_us = il_error_filter_get_to (self->error_filter);
    }
  _il_errors_page_cancel_scan (self);
  g_clear_pointer (&self->error_filter, il_error_filter_free_aside);
  /* Rows of the analysed range are found in a thread (~5 ms at 1M rows):
   * meanwhile a filter over no rows holds the days. A database summary's
   * rows stay in the database: nothing to collect. */
  if (store != NULL && self->agg != NULL && !self->remote)
    {
      self->error_filter = il_error_filter_new (NULL, NULL);
      self->scan_cancellable = g_cancellable_new ();
    }
  else
    self->error_filter = il_error_filter_new (self->agg != NULL ? store : NULL, store != NULL ? self->agg : NULL);
  il_error_filter_set_range (self->error_filter, from_us, to_us);

  if (store == NULL || self->agg == NULL)
    {
      /* A page on another tab lets go of its data when an update comes: the
       * checks stay, out of sight, to narrow the data it gets when shown. */
      apply_error_filter (self);
      return;
    }

  ticked_steps = ticked_labels_if_narrowed (self->steps_box);
  ticked_messages = ticked_labels_if_narrowed (self->messages_box);
  at = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box));
  for (guint i = 0; i < self->agg->n_steps; i++)
    if (self->agg->steps[i].error_count > 0)
      set_check (self, self->steps_box, &at, self->agg->steps[i].name, self->agg->steps[i].step);
  clear_from (self->steps_box, at);

  at = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box));
  for (guint i = 0; i < self->agg->n_error_groups; i++)
    {
      const IlErrorGroup *g = &self->agg->error_groups[i];
      gpointer key = GUINT_TO_POINTER (g->message == IL_STR_NONE ? G_MAXUINT32 : g->message + 1);
      g_autofree char *text = NULL;

      if (!g_hash_table_add (seen, key))
        continue;
      if (g->message_text == NULL)
        text = g_strdup (_("(no message)"));
      else if (g->message_text[0] == '\0')
        text = g_strdup (_("(empty message)"));
      else
        {
          text = g_strdup (g->message_text);
          g_strdelimit (text, "\r\n\t", ' ');
        }
      set_check (self, self->messages_box, &at, text, g->message);
    }
  clear_from (self->messages_box, at);

  keep_ticked (self->steps_box, ticked_steps);
  keep_ticked (self->messages_box, ticked_messages);
  if (self->scan_cancellable != NULL)
    start_scan (self);
  apply_error_filter (self);
}

void
il_errors_page_set_error_filter (IlErrorsPage       *self,
                                 const char * const *steps,
                                 const char * const *messages,
                                 gint64              from_us,
                                 gint64              to_us)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_if_fail (IL_IS_ERRORS_PAGE (self));

  if (self->store == NULL)
    return;

  _il_errors_page_finish_scan (self);
  il_error_filter_set_step_names (self->error_filter, steps);
  il_error_filter_set_message_texts (self->error_filter, messages);
  il_error_filter_set_range (self->error_filter, from_us, to_us);

  sync_checks (self);
  self->syncing = TRUE;
  from = from_us != IL_TIME_NONE ? format_day (from_us) : g_strdup ("");
  to = to_us != IL_TIME_NONE ? format_day (to_us - 1) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
  self->syncing = FALSE;

  apply_error_filter (self);
}

const guint32 *
il_errors_page_get_filtered_errors (IlErrorsPage *self,
                                    guint        *n_rows)
{
  g_return_val_if_fail (IL_IS_ERRORS_PAGE (self), NULL);

  _il_errors_page_finish_scan (self);
  return il_error_filter_get_rows (self->error_filter, n_rows);
}

void
_il_errors_page_on_date_changed (GtkEditable  *entry,
                                 IlErrorsPage *self)
{
  const char *text = gtk_editable_get_text (entry);
  gboolean is_from = entry == GTK_EDITABLE (self->from_entry);
  gint64 day = IL_TIME_NONE;
  gboolean ok = TRUE;

  if (self->syncing)
    return;

  if (text[0] != '\0')
    ok = parse_day (text, &day);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    {
      /* keep filtering by the last valid bound until the date parses */
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }

  if (is_from)
    il_error_filter_set_range (self->error_filter, day, il_error_filter_get_to (self->error_filter));
  else
    il_error_filter_set_range (self->error_filter, il_error_filter_get_from (self->error_filter),
                               day != IL_TIME_NONE ? day + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC
                                                   : IL_TIME_NONE);
  apply_error_filter (self);
}
