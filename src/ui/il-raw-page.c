/* il-raw-page.c: the Raw Data page (every row, filters, Save as CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "il-compact-bin.h"
#include "il-csv.h"
#include "il-raw-page-private.h"
#include "il-csv-save.h"
#include "il-format.h"
#include "il-wrap-box.h"

G_DEFINE_FINAL_TYPE (IlRawPage, il_raw_page, IL_TYPE_DASHBOARD_PAGE)

enum {
  SAVE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- actions ---------------------------------------------------------------------- */

/* The selected row's store and id (local or fetched); NULL when none. */
static IlRowStore *
selected_row (IlRawPage *self,
              guint     *row)
{
  IlRowItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL || il_row_item_get_store (item) == NULL)
    return NULL;
  *row = il_row_item_get_row (item);
  return il_row_item_get_store (item);
}

static void
copy_text (IlRawPage  *self,
           const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_row (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  IlRawPage *self = IL_RAW_PAGE (widget);
  guint row;
  IlRowStore *store = selected_row (self, &row);
  g_autofree char *text = NULL;

  if (store == NULL)
    return;
  text = il_csv_format_row (store, row);
  copy_text (self, text);
}

static void
copy_cell (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  IlRawPage *self = IL_RAW_PAGE (widget);
  guint row;
  IlRowStore *store = selected_row (self, &row);
  g_autofree char *text = NULL;

  if (store == NULL)
    return;
  text = il_csv_format_cell (store, row, self->context_column);
  copy_text (self, text != NULL ? text : "");
}

void
il_raw_page_show_session_at (IlRawPage *self,
                             guint      position)
{
  IlRowStore *store;
  guint row;

  g_return_if_fail (IL_IS_RAW_PAGE (self));

  gtk_single_selection_set_selected (self->selection, position);
  store = selected_row (self, &row);
  if (store == NULL)
    return;
  /* by id: a fetched page is a store of its own */
  il_dashboard_page_show_session_id (IL_DASHBOARD_PAGE (self), &store->session_ids[store->session[row]]);
}

static void
show_session (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  IlRawPage *self = IL_RAW_PAGE (widget);

  il_raw_page_show_session_at (self, gtk_single_selection_get_selected (self->selection));
}

static void
on_save_progress (guint    rows_done,
                  guint    n_rows,
                  gpointer user_data)
{
  IlRawPage *self = user_data;
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, n_rows > 0 ? (double) rows_done / n_rows : 1);
  {
    g_autofree char *done_text = il_format_count_str (rows_done);
    g_autofree char *n_text = il_format_count_str (n_rows);

    /* translators: "Writing 1,000 of 200,000 rows…" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Writing %s of %s row…", "Writing %s of %s rows…",
                                         n_rows),
                            done_text, n_text);
  }
  gtk_progress_bar_set_text (self->progress_bar, text);
}

void
_il_raw_page_on_save_done (GtkWidget  *widget,
                           gint64      n_rows,
                           const char *message,
                           gpointer    user_data)
{
  IlRawPage *self = IL_RAW_PAGE (widget);

  g_clear_object (&self->save_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.cancel-save", FALSE);
  g_signal_emit (self, signals[SAVE_FINISHED], 0, n_rows, message);
}

void
il_raw_page_save_csv (IlRawPage *self,
                      GFile     *file,
                      gboolean   filtered)
{
  g_autofree guint32 *all_rows = NULL;
  const guint32 *rows;
  guint n_rows;

  g_return_if_fail (IL_IS_RAW_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->store != NULL);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);

  if (filtered)
    rows = il_row_list_model_get_rows (self->model, &n_rows);
  else if (self->agg != NULL)
    rows = all_rows = il_filter_apply (&self->agg->filter, self->store, &n_rows);
  else
    {
      rows = NULL;
      n_rows = self->store->n_rows;
    }

  self->save_cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Writing…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.cancel-save", TRUE);

  if (self->remote)
    {
      _il_raw_page_remote_save (self, file, filtered, on_save_progress);
      return;
    }
  il_csv_save_write (GTK_WIDGET (self), IL_CSV_SAVE_ROWS, self->store, rows, rows != NULL ? n_rows : 0,
                     file, on_save_progress, self, self->save_cancellable, _il_raw_page_on_save_done, NULL);
}

static void
on_file_chosen (GtkWidget *widget,
                GFile     *file,
                gpointer   filtered)
{
  if (IL_RAW_PAGE (widget)->store != NULL)
    il_raw_page_save_csv (IL_RAW_PAGE (widget), file, GPOINTER_TO_INT (filtered));
}

static void
save_as (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  gboolean filtered = g_str_equal (action_name, "raw.save-filtered");

  if (IL_RAW_PAGE (widget)->store == NULL)
    return;
  il_csv_save_choose (widget,
                      filtered ? _("Save Filtered Rows as CSV") : _("Save All Rows as CSV"),
                      filtered ? "interview-latency-filtered.csv" : "interview-latency.csv",
                      on_file_chosen, GINT_TO_POINTER (filtered));
}

static void
cancel_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  IlRawPage *self = IL_RAW_PAGE (widget);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
}

static void
on_model_changing (IlRawPage *self)
{
  if (self->replacing_store)
    {
      /* the row ids are the old store's: set_data reselects by metric_id */
      self->reselect_row = G_MAXUINT;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }
  self->reselect_row = il_row_list_model_get_row (self->model,
                                                  gtk_single_selection_get_selected (self->selection));
  if (self->reselect_row != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
on_model_changed (IlRawPage *self)
{
  guint row = self->reselect_row;

  self->reselect_row = G_MAXUINT;
  if (row != G_MAXUINT)
    {
      guint position = il_row_list_model_find_row (self->model, row);

      if (position != G_MAXUINT)
        {
          il_row_list_model_show_through (self->model, position);
          gtk_single_selection_set_selected (self->selection, position);
        }
    }
}

static void
on_selection_changed (IlRawPage *self)
{
  gboolean any = gtk_single_selection_get_selected_item (self->selection) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.show-session", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.copy-row", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.copy-cell", any);
}

/* ---- public ------------------------------------------------------------------------ */

/* The row of @store with that metric_id, or G_MAXUINT. */
static guint
find_metric_id (IlRowStore   *store,
                const IlUuid *id)
{
  for (guint i = 0; store != NULL && i < store->n_rows; i++)
    if (il_uuid_compare (&store->metric_id[i], id) == 0)
      return i;
  return G_MAXUINT;
}

static void
set_data (IlRawPage          *self,
                      IlRowStore         *store,
                      const IlAggregates *agg)
{
  double scroll = gtk_adjustment_get_value (self->vadj);
  guint selected_row = il_row_list_model_get_row (self->model, gtk_single_selection_get_selected (self->selection));
  gboolean had_selection = self->store != NULL && selected_row != G_MAXUINT;
  IlUuid selected_id;

  /* A refresh keeps the selected row (by its metric_id: its index differs
   * in the new store), the filters and the scroll position. */
  if (had_selection)
    selected_id = self->store->metric_id[selected_row];
  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->agg = store != NULL ? agg : NULL;

  self->updating = TRUE;
  if (self->agg != NULL)
    {
      _il_raw_page_fill_check_list (self, self->steps_box, self->agg->n_steps, TRUE);
      _il_raw_page_fill_check_list (self, self->statuses_box, self->agg->n_statuses, FALSE);
    }
  else
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
        gtk_box_remove (self->steps_box, child);
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->statuses_box))) != NULL)
        gtk_box_remove (self->statuses_box, child);
    }
  self->updating = FALSE;

  /* The page's own latency bounds and unticked steps and statuses stay: the
   * model takes them with the store, in one replacement. In server mode the
   * rows come from the server and the model keeps the snapshot's range. */
  self->replacing_store = TRUE;
  if (store != NULL && !self->remote)
    {
      IlFilter filter;

      _il_raw_page_build_filter (self, self->agg, &filter);
      il_row_list_model_set_store (self->model, store, &filter);
      il_filter_clear (&filter);
    }
  else
    il_row_list_model_set_store (self->model, store, self->agg != NULL ? &self->agg->filter : NULL);
  self->replacing_store = FALSE;
  if (had_selection)
    {
      guint row = find_metric_id (store, &selected_id);
      guint position = row != G_MAXUINT ? il_row_list_model_find_row (self->model, row) : G_MAXUINT;

      if (position != G_MAXUINT)
        {
          il_row_list_model_show_through (self->model, position);
          gtk_single_selection_set_selected (self->selection, position);
        }
    }
  if (store == NULL)
    _il_raw_page_update_count (self);
  else if (self->remote)
    _il_raw_page_apply_filters (self);
  else
    _il_raw_page_filters_applied (self);
  /* The list sizes itself again at the next layout: scroll back then. */
  self->restore_scroll = store != NULL && scroll > 0 ? scroll : -1;
  on_selection_changed (self);
}

static gboolean
restore_scroll_cb (gpointer user_data)
{
  IlRawPage *self = IL_RAW_PAGE (user_data);
  GtkAdjustment *vadj = self->vadj;
  double value = self->restore_scroll;

  self->restore_scroll_id = 0;
  self->restore_scroll = -1;
  if (value >= 0 && vadj != NULL && gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) >= value)
    gtk_adjustment_set_value (vadj, value);
  return G_SOURCE_REMOVE;
}

/* Not from inside the list's size allocation, which this is part of: after it. */
static void
on_vadjustment_changed (GtkAdjustment *vadj,
                        IlRawPage     *self)
{
  double value = self->restore_scroll;

  if (value < 0 || self->restore_scroll_id != 0
      || gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) < value)
    return;
  self->restore_scroll_id = g_idle_add (restore_scroll_cb, self);
}

gboolean
il_raw_page_is_sorting (IlRawPage *self)
{
  g_return_val_if_fail (IL_IS_RAW_PAGE (self), FALSE);

  return self->prepare_cancellable != NULL;
}

IlRowListModel *
_il_raw_page_get_model (IlRawPage *self)
{
  g_return_val_if_fail (IL_IS_RAW_PAGE (self), NULL);

  return self->model;
}

GtkWidget *
il_raw_page_new (void)
{
  return g_object_new (IL_TYPE_RAW_PAGE, NULL);
}

static void
il_raw_page_dispose (GObject *object)
{
  IlRawPage *self = IL_RAW_PAGE (object);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  _il_raw_page_clear_pending_cells (self);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_handle_id (&self->restore_scroll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_RAW_PAGE);

  G_OBJECT_CLASS (il_raw_page_parent_class)->dispose (object);
}

static void
il_raw_page_finalize (GObject *object)
{
  IlRawPage *self = IL_RAW_PAGE (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->vadj);
  g_clear_object (&self->remote_rows);
  g_clear_object (&self->model);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_pointer (&self->pending_cells, g_ptr_array_unref);
  g_clear_pointer (&self->store, il_row_store_unref);

  G_OBJECT_CLASS (il_raw_page_parent_class)->finalize (object);
}

static void
apply_snapshot (IlRawPage  *self,
                IlSnapshot *snapshot)
{
  self->remote = snapshot != NULL && il_snapshot_is_summary (snapshot);
  if (!self->remote)
    _il_raw_page_remote_clear (self);
  set_data (self,
            snapshot != NULL ? il_snapshot_get_store (snapshot) : NULL,
            snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL);
}

static void
on_store_prepared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IlRawPage *self;

  /* cancelled: a newer snapshot came, or the page went */
  if (!il_row_list_model_prepare_store_finish (IL_ROW_LIST_MODEL (source), result, NULL))
    return;
  self = IL_RAW_PAGE (user_data);
  g_clear_object (&self->prepare_cancellable);
  apply_snapshot (self, il_dashboard_page_get_snapshot (IL_DASHBOARD_PAGE (self)));
}

static void
il_raw_page_snapshot_changed (IlDashboardPage *page,
                              IlSnapshot      *snapshot)
{
  IlRawPage *self = IL_RAW_PAGE (page);
  IlRowStore *store = snapshot != NULL ? il_snapshot_get_store (snapshot) : NULL;

  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);

  /* Sorting a new large store takes tens of ms, and filtering it several:
   * in a thread, while the table still shows the rows it has. The filter is
   * the one set_data will build; the model checks that it is. */
  if (store != NULL && !il_snapshot_is_summary (snapshot) && store->n_rows >= IL_RAW_PAGE_PREPARE_IN_THREAD)
    {
      IlFilter filter;

      _il_raw_page_build_filter (self, il_snapshot_get_aggregates (snapshot), &filter);
      self->prepare_cancellable = g_cancellable_new ();
      il_row_list_model_prepare_store_async (self->model, store, &filter, self->prepare_cancellable,
                                             on_store_prepared, self);
      il_filter_clear (&filter);
      return;
    }
  apply_snapshot (self, snapshot);
}

/* Before the first data the page says "Loading…", after a failed one "No Data". */
static void
il_raw_page_state_changed (IlDashboardPage *page)
{
  if (IL_RAW_PAGE (page)->store == NULL)
    _il_raw_page_update_count (IL_RAW_PAGE (page));
}

static void
il_raw_page_class_init (IlRawPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_raw_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_raw_page_snapshot_changed;
  IL_DASHBOARD_PAGE_CLASS (klass)->state_changed = il_raw_page_state_changed;
  /* A filter pass over every row and a rebind at each update: only when shown. */
  IL_DASHBOARD_PAGE_CLASS (klass)->lazy = TRUE;
  object_class->finalize = il_raw_page_finalize;

  /**
   * IlRawPage::save-finished:
   * @n_rows: rows written, or -1
   * @message: what the toast said
   */
  signals[SAVE_FINISHED] = g_signal_new ("save-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (IL_TYPE_COMPACT_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-raw-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, box);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, steps_button);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, statuses_button);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, statuses_box);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, min_spin);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, max_spin);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IlRawPage, context_menu_model);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_latency_changed",
                                                G_CALLBACK (_il_raw_page_on_latency_changed));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_spin_output",
                                                G_CALLBACK (_il_raw_page_on_spin_output));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_spin_input",
                                                G_CALLBACK (_il_raw_page_on_spin_input));

  gtk_widget_class_install_action (widget_class, "raw.copy-row", NULL, copy_row);
  gtk_widget_class_install_action (widget_class, "raw.copy-cell", NULL, copy_cell);
  gtk_widget_class_install_action (widget_class, "raw.show-session", NULL, show_session);
  gtk_widget_class_install_action (widget_class, "raw.save-filtered", NULL, save_as);
  gtk_widget_class_install_action (widget_class, "raw.save-all", NULL, save_as);
  gtk_widget_class_install_action (widget_class, "raw.cancel-save", NULL, cancel_save);
  gtk_widget_class_install_action (widget_class, "raw.reset-filters", NULL, _il_raw_page_reset_filters);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "raw.copy-row", NULL);

}

static void
il_raw_page_init (IlRawPage *self)
{
  g_type_ensure (IL_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->reselect_row = G_MAXUINT;
  self->restore_scroll = -1;
  self->remote_order_by = IL_COL_STARTED_AT;
  self->remote_descending = TRUE;
  self->model = il_row_list_model_new ();
  /* GTK keeps up to 200 row widgets: build those a few rows at a time */
  il_row_list_model_set_staged (self->model, IL_RAW_PAGE_STAGE_ROWS, 240);
  g_signal_connect_object (self->model, "changing", G_CALLBACK (on_model_changing),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* once the replacement was announced to the selection and the view */
  g_signal_connect_object (self->model, "changed", G_CALLBACK (on_model_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* the scrolled window sets it once; g_object_get is too slow for each bind */
  self->vadj = g_object_ref (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)));
  g_signal_connect_object (self->vadj, "changed", G_CALLBACK (on_vadjustment_changed), self, 0);

  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_column = -1;
  _il_raw_page_add_columns (self);

  self->context_menu = gtk_popover_menu_new_from_model (self->context_menu_model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.cancel-save", FALSE);
  _il_raw_page_update_count (self);
  on_selection_changed (self);
}

