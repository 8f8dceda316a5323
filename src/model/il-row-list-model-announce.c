/* il-row-list-model-announce.c: what a replacement tells the views, at once or staged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-row-list-model-impl.h"

#define STAGE_INTERVAL_MS 20

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* Dropping a row widget costs about a third of building one. */
#define DROP_STEP(self) (4 * (self)->stage_step)

/* One step of a staged growth or shrink. */
static gboolean
stage_step (gpointer user_data)
{
  IlRowListModel *self = user_data;
  guint id = g_source_get_id (g_main_current_source ());
  guint old = self->n_shown;

  if (old < self->n_rows)
    {
      guint add = old < self->stage_limit && self->stage_step > 0
                  ? MIN (self->stage_step, self->n_rows - old) : self->n_rows - old;

      self->n_shown += add;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, add);
    }
  else if (old > self->n_rows)
    {
      guint drop = self->stage_step > 0 ? MIN (DROP_STEP (self), old - self->n_rows) : old - self->n_rows;

      self->n_shown -= drop;
      g_list_model_items_changed (G_LIST_MODEL (self), self->n_shown, drop, 0);
    }
  /* a replacement from a handler has its own stages */
  if (self->stage_id != id)
    return G_SOURCE_REMOVE;
  if (self->n_shown != self->n_rows)
    return G_SOURCE_CONTINUE;
  self->stage_id = 0;
  return G_SOURCE_REMOVE;
}

/* Rewrites the live items to the new rows and tells the views.
 *
 * A view holds items only around what it shows (GTK keeps ~200 row widgets).
 * The items alive at a position below the new count take the new row at that
 * position, and only their positions are announced, as items-changed (p, n, n)
 * per run: GTK finds the same item pointers among the added items, keeps its
 * row widgets and rebinds them. A change of count is announced at the end of
 * the list ((n, old - n, 0) or (old, 0, n - old)); items beyond the new count
 * are forgotten. Positions nobody holds an item for are not announced: what a
 * consumer reads there comes from the new rows anyway. ::changed follows. */
void
_il_row_list_model_announce (IlRowListModel *self,
                             guint           old_n)
{
  guint new_n = self->n_rows;
  g_autoptr(GArray) positions = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                                   g_hash_table_size (self->live));
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  guint i;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      IlRowItem *item = value;

      if (item->position >= new_n)
        {
          g_ptr_array_add (gone, item);
          continue;
        }
      if (item->store != self->store)
        {
          g_clear_pointer (&item->store, il_row_store_unref);
          item->store = self->store != NULL ? il_row_store_ref (self->store) : NULL;
        }
      item->row = self->rows[item->position];
      g_array_append_val (positions, item->position);
    }
  for (i = 0; i < gone->len; i++)
    _il_row_list_model_forget_item (self, gone->pdata[i]);
  g_array_sort (positions, compare_positions);

  /* Row widgets a view builds for new positions near the top cost about
   * 1 ms each: a few positions at a time there, each step after a frame.
   * Those it drops cost a third of that: positions gone from the top go a
   * few more at a time, showing placeholder items meanwhile. */
  if (self->stage_step > 0 && new_n > old_n && old_n < self->stage_limit && new_n - old_n > self->stage_step)
    new_n = old_n + self->stage_step;
  else if (self->stage_step > 0 && new_n < old_n && new_n < self->stage_limit
           && MIN (old_n, self->stage_limit) - new_n > DROP_STEP (self))
    new_n = MIN (old_n, self->stage_limit);
  if (new_n != self->n_rows)
    self->stage_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, STAGE_INTERVAL_MS, stage_step, self, NULL);
  self->n_shown = new_n;

  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);

  for (i = 0; i < positions->len;)
    {
      guint start = g_array_index (positions, guint, i);
      guint n = 1;

      while (i + n < positions->len && g_array_index (positions, guint, i + n) == start + n)
        n++;
      g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
      i += n;
    }
}

