/* il-row-list-model.c: a GListModel over the filtered rows of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only an array of row ids; a view asks for the few items it
 * shows and IlRowItems are created then. The model knows every item still
 * alive by its position (weak refs): asking again for a position returns the
 * same object, and a replacement rewrites those items in place, so a view
 * holding them finds the same pointers again and only rebinds its rows.
 * Sorting is il_row_sort (); filtering a sorted view walks the sorted
 * permutation of the whole store, so a filter change never sorts again.
 */
#include "config.h"

#include <string.h>

#include "il-filter-private.h"
#include "il-row-item-private.h"
#include "il-row-list-model-impl.h"
#include "il-row-list-model-private.h"
#include "il-row-sort.h"
#include "il-free-aside.h"
#include "il-task-start.h"

/* ---- IlRowListModel --------------------------------------------------------- */

enum {
  CHANGING,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void il_row_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IlRowListModel, il_row_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      il_row_list_model_iface_init))

static GType
il_row_list_model_get_item_type (GListModel *model)
{
  return IL_TYPE_ROW_ITEM;
}

static guint
il_row_list_model_get_n_items (GListModel *model)
{
  return IL_ROW_LIST_MODEL (model)->n_shown;
}

static void
item_finalized (gpointer  data,
                GObject  *object)
{
  IlRowListModel *self = data;

  g_hash_table_remove (self->live, GUINT_TO_POINTER (IL_ROW_ITEM (object)->position));
}

void
_il_row_list_model_forget_item (IlRowListModel *self,
                                IlRowItem      *item)
{
  g_object_weak_unref (G_OBJECT (item), item_finalized, self);
  g_hash_table_remove (self->live, GUINT_TO_POINTER (item->position));
}

static gpointer
il_row_list_model_get_item (GListModel *model,
                            guint       position)
{
  IlRowListModel *self = IL_ROW_LIST_MODEL (model);
  IlRowItem *item;

  if (position >= self->n_shown)
    return NULL;
  /* a row gone, its widget not yet dropped (staged shrink) */
  if (position >= self->n_rows)
    return il_row_item_new (NULL, 0);

  item = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  item = il_row_item_new (self->store, self->rows[position]);
  item->position = position;
  g_object_weak_ref (G_OBJECT (item), item_finalized, self);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), item);
  self->n_created++;

  return item;
}

static void
il_row_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = il_row_list_model_get_item_type;
  iface->get_n_items = il_row_list_model_get_n_items;
  iface->get_item = il_row_list_model_get_item;
}

static void
forget_all (IlRowListModel *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      g_object_weak_unref (item, item_finalized, self);
      g_hash_table_iter_remove (&iter);
    }
}

/* Indexes of a million rows that a worker sorted or filtered: freed on
 * the main thread they cost 5-8 ms of returning memory (il-free-aside.h). */
static void
clear_rows (guint32 **rows,
            gsize     n_rows)
{
  il_free_rows_aside (g_steal_pointer (rows), g_free, n_rows);
}

static void
clear_rows_box (guint32 **box)
{
  guint32 *b = g_steal_pointer (box);

  if (b != NULL)
    il_free_rows_aside (b, g_rc_box_release, g_rc_box_get_size (b) / sizeof (guint32));
}

static void
clear_prepared (IlRowListModel *self)
{
  clear_rows_box (&self->prepared);
  clear_rows (&self->prepared_rows, self->n_prepared_rows);
  self->n_prepared_rows = 0;
  il_filter_clear (&self->prepared_filter);
  g_clear_pointer (&self->prepared_store, il_row_store_unref);
}

static void
il_row_list_model_finalize (GObject *object)
{
  IlRowListModel *self = IL_ROW_LIST_MODEL (object);

  g_clear_handle_id (&self->stage_id, g_source_remove);
  forget_all (self);
  g_clear_pointer (&self->live, g_hash_table_unref);
  clear_prepared (self);
  clear_rows (&self->rows, self->n_rows);
  clear_rows_box (&self->sorted_all);
  clear_rows (&self->base_rows, self->n_base_rows);
  g_clear_pointer (&self->store, il_row_store_unref);
  il_filter_clear (&self->filter);

  G_OBJECT_CLASS (il_row_list_model_parent_class)->finalize (object);
}

static void
il_row_list_model_class_init (IlRowListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_row_list_model_finalize;

  /**
   * IlRowListModel::changing:
   *
   * Emitted right before the rows are replaced (then items-changed follows).
   * The selected item is rewritten in place to the row now at its position:
   * unselect here and select again by row id on ::changed.
   */
  signals[CHANGING] = g_signal_new ("changing", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  /**
   * IlRowListModel::changed:
   *
   * Emitted once after the rows were replaced and every items-changed of the
   * replacement was emitted (also when none was).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
il_row_list_model_init (IlRowListModel *self)
{
  il_filter_init (&self->filter);
  il_filter_init (&self->prepared_filter);
  self->sort_column = IL_N_COLUMNS;
  self->live = g_hash_table_new (NULL, NULL);
}

IlRowListModel *
il_row_list_model_new (void)
{
  return g_object_new (IL_TYPE_ROW_LIST_MODEL, NULL);
}

/* Every row of store, by the column. */
/* A GRcBox: a prepare in a thread may hold it while the model drops it. */
static guint32 *
sorted_permutation (IlRowStore *store,
                    IlColumn    column,
                    gboolean    descending)
{
  guint32 *rows = g_rc_box_alloc (MAX (store->n_rows, 1) * sizeof (guint32));

  for (guint i = 0; i < store->n_rows; i++)
    rows[i] = i;
  il_row_sort (store, rows, store->n_rows, column, descending);
  return rows;
}

/* The rows of @store passing @filter: in @sorted's order, or in store order
 * when @sorted is NULL. Reads only what it is given: runs in a thread too. */
static guint32 *
filtered_rows (IlRowStore     *store,
               const IlFilter *filter,
               const guint32  *sorted,
               guint          *n_rows)
{
  IlFilterCompiled f;
  guint32 *rows;
  guint n = 0;

  if (sorted == NULL)
    return il_filter_apply (filter, store, n_rows);

  _il_filter_compile (&f, filter, store);
  rows = g_new (guint32, MAX (store->n_rows, 1));
  for (guint i = 0; i < store->n_rows; i++)
    if (_il_filter_compiled_matches (&f, store, sorted[i]))
      rows[n++] = sorted[i];
  _il_filter_compiled_clear (&f);
  *n_rows = n;
  return rows;
}

/* Whether a thread computed the rows refresh would: same store, sort and
 * filter. */
static gboolean
prepared_rows_fit (IlRowListModel *self)
{
  return self->prepared_rows != NULL && self->prepared_store == self->store
         && self->prepared_column == self->sort_column
         && self->prepared_descending == self->sort_descending
         && il_filter_equal (&self->prepared_filter, &self->filter);
}

/* Recomputes the shown rows and tells the views. */
static void
refresh (IlRowListModel *self)
{
  guint old_n = self->n_shown;
  guint old_n_rows = self->n_rows;
  guint32 *old_rows = NULL;

  g_signal_emit (self, signals[CHANGING], 0);

  g_clear_handle_id (&self->stage_id, g_source_remove);
  old_rows = g_steal_pointer (&self->rows);
  self->n_rows = 0;

  if (self->store != NULL && self->base_rows != NULL)
    {
      IlFilterCompiled f;
      guint n = 0;

      _il_filter_compile (&f, &self->filter, self->store);
      self->rows = g_new (guint32, MAX (self->n_base_rows, 1));
      for (guint i = 0; i < self->n_base_rows; i++)
        if (_il_filter_compiled_matches (&f, self->store, self->base_rows[i]))
          self->rows[n++] = self->base_rows[i];
      _il_filter_compiled_clear (&f);
      self->n_rows = n;
      if (self->sort_column != IL_N_COLUMNS)
        il_row_sort (self->store, self->rows, n,
                                     self->sort_column, self->sort_descending);
    }
  else if (self->store != NULL && self->store->n_rows > 0 && prepared_rows_fit (self))
    {
      self->rows = g_steal_pointer (&self->prepared_rows);
      self->n_rows = self->n_prepared_rows;
      self->n_filtered_in_thread++;
    }
  else if (self->store != NULL && self->store->n_rows > 0)
    {
      if (self->sort_column != IL_N_COLUMNS && self->sorted_all == NULL)
        {
          self->sorted_all = sorted_permutation (self->store, self->sort_column, self->sort_descending);
          self->n_sorts++;
        }
      self->rows = filtered_rows (self->store, &self->filter,
                                  self->sort_column != IL_N_COLUMNS ? self->sorted_all : NULL,
                                  &self->n_rows);
    }
  clear_prepared (self);

  _il_row_list_model_announce (self, old_n);
  g_signal_emit (self, signals[CHANGED], 0);
  clear_rows (&old_rows, old_n_rows);
}

void
il_row_list_model_set_store (IlRowListModel *self,
                             IlRowStore     *store,
                             const IlFilter *filter)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));

  /* a sealed store never changes: the same store keeps its sorted permutation */
  if (store != self->store || self->base_rows != NULL)
    clear_rows_box (&self->sorted_all);
  if (self->sorted_all == NULL && self->prepared != NULL && store == self->prepared_store
      && self->sort_column == self->prepared_column && self->sort_descending == self->prepared_descending)
    self->sorted_all = g_steal_pointer (&self->prepared);
  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  clear_rows (&self->base_rows, self->n_base_rows);
  self->n_base_rows = 0;

  il_filter_clear (&self->filter);
  if (filter != NULL)
    il_filter_copy (&self->filter, filter);

  refresh (self);
}

void
il_row_list_model_set_rows (IlRowListModel *self,
                            IlRowStore     *store,
                            const guint32  *rows,
                            guint           n_rows)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));
  g_return_if_fail (rows != NULL || n_rows == 0);

  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  clear_rows_box (&self->sorted_all);
  clear_rows (&self->base_rows, self->n_base_rows);
  self->base_rows = g_new (guint32, MAX (n_rows, 1));
  if (n_rows > 0)
    memcpy (self->base_rows, rows, n_rows * sizeof (guint32));
  self->n_base_rows = n_rows;

  il_filter_clear (&self->filter);

  refresh (self);
}

IlRowStore *
il_row_list_model_get_store (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), NULL);

  return self->store;
}

void
il_row_list_model_set_filter (IlRowListModel *self,
                              const IlFilter *filter)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));

  il_filter_clear (&self->filter);
  if (filter != NULL)
    il_filter_copy (&self->filter, filter);

  refresh (self);
}

void
il_row_list_model_set_sort (IlRowListModel *self,
                            IlColumn        column,
                            gboolean        descending)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));
  g_return_if_fail (column <= IL_N_COLUMNS);

  descending = !!descending;
  if (column == self->sort_column &&
      (column == IL_N_COLUMNS || descending == self->sort_descending))
    return;

  self->sort_column = column;
  self->sort_descending = descending;
  clear_rows_box (&self->sorted_all);

  refresh (self);
}

IlColumn
il_row_list_model_get_sort_column (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), IL_N_COLUMNS);

  return self->sort_column;
}

gboolean
il_row_list_model_get_sort_descending (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), FALSE);

  return self->sort_descending;
}

const guint32 *
il_row_list_model_get_rows (IlRowListModel *self,
                            guint          *n_rows)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), NULL);

  if (n_rows != NULL)
    *n_rows = self->n_rows;

  return self->rows;
}

guint
il_row_list_model_get_row (IlRowListModel *self,
                           guint           position)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), G_MAXUINT);

  if (position >= self->n_rows)
    return G_MAXUINT;

  return self->rows[position];
}

guint
il_row_list_model_find_row (IlRowListModel *self,
                            guint           row)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->n_rows; i++)
    if (self->rows[i] == row)
      return i;

  return G_MAXUINT;
}

typedef struct
{
  IlRowStore *store;
  IlColumn    column;
  gboolean    descending;
  IlFilter    filter;
  guint32    *sorted;   /* GRcBox; NULL for store order */
  guint32    *rows;
  guint       n_rows;
} PrepareJob;

static void
prepare_job_free (gpointer data)
{
  PrepareJob *job = data;

  il_row_store_unref (job->store);
  il_filter_clear (&job->filter);
  clear_rows_box (&job->sorted);
  clear_rows (&job->rows, job->n_rows);
  g_free (job);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PrepareJob *job = task_data;

  if (job->column != IL_N_COLUMNS && job->sorted == NULL)
    job->sorted = sorted_permutation (job->store, job->column, job->descending);
  if (!g_cancellable_is_cancelled (cancellable))
    job->rows = filtered_rows (job->store, &job->filter, job->sorted, &job->n_rows);
  g_task_return_boolean (task, TRUE);
}

void
il_row_list_model_prepare_store_async (IlRowListModel      *self,
                                       IlRowStore          *store,
                                       const IlFilter      *filter,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrepareJob *job;

  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));
  g_return_if_fail (store != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_row_list_model_prepare_store_async);
  job = g_new0 (PrepareJob, 1);
  job->store = il_row_store_ref (store);
  job->column = self->sort_column;
  job->descending = self->sort_descending;
  il_filter_init (&job->filter);
  if (filter != NULL)
    il_filter_copy (&job->filter, filter);
  /* the same store in the same order: only the filter pass is left */
  if (store == self->store && self->sorted_all != NULL && self->base_rows == NULL)
    job->sorted = g_rc_box_acquire (self->sorted_all);
  g_task_set_task_data (task, job, prepare_job_free);
  il_task_run_in_thread_soon (task, prepare_in_thread);
}

gboolean
il_row_list_model_prepare_store_finish (IlRowListModel  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  PrepareJob *job;

  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  clear_prepared (self);
  self->prepared = g_steal_pointer (&job->sorted);
  self->prepared_rows = g_steal_pointer (&job->rows);
  self->n_prepared_rows = job->n_rows;
  il_filter_copy (&self->prepared_filter, &job->filter);
  self->prepared_store = il_row_store_ref (job->store);
  self->prepared_column = job->column;
  self->prepared_descending = job->descending;
  return TRUE;
}

void
il_row_list_model_set_staged (IlRowListModel *self,
                              guint           step,
                              guint           limit)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));

  self->stage_step = step;
  self->stage_limit = limit;
}

void
il_row_list_model_show_through (IlRowListModel *self,
                                guint           position)
{
  guint old;

  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));

  if (position < self->n_shown || position >= self->n_rows)
    return;
  old = self->n_shown;
  self->n_shown = position + 1;
  if (self->n_shown == self->n_rows)
    g_clear_handle_id (&self->stage_id, g_source_remove);
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_shown - old);
}

guint
_il_row_list_model_get_n_sorts (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), 0);

  return self->n_sorts;
}

guint
_il_row_list_model_get_n_items_created (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), 0);

  return self->n_created;
}

guint
_il_row_list_model_get_n_filtered_in_thread (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), 0);

  return self->n_filtered_in_thread;
}
