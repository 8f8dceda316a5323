/* il-list-update.c: a list store's items updated in place, so a list view keeps their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-list-update.h"

/* Unchanged positions between two changed runs up to this many are announced
 * with them: one larger change costs less than many small ones. */
#define MERGE_GAP 4
/* Rows above and below the visible ones announced at once. */
#define MARGIN 8
/* Rows announced by one idle callback, ~10 ms of binding and measuring. */
#define CHUNK 16

#define DEFERRED_KEY "il-list-update-deferred"

typedef struct
{
  GListStore *store;     /* owns this */
  GtkBitset  *pending;   /* positions whose rows still show old contents */
  guint       idle_id;
} Deferred;

static void
deferred_free (gpointer data)
{
  Deferred *d = data;

  g_clear_handle_id (&d->idle_id, g_source_remove);
  gtk_bitset_unref (d->pending);
  g_free (d);
}

/* Splices the items at [start, end) back in place of themselves. */
static void
announce_run (GListStore *store,
              guint       start,
              guint       end)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (end - start, g_object_unref);

  /* held here: the splice takes them out of the store before they go back */
  for (guint i = start; i < end; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_list_store_splice (store, start, end - start, items->pdata, end - start);
}

/* Announces the positions of @set (below the store's length), merged into runs. */
static void
announce_set (GListStore *store,
              GtkBitset  *set)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  GtkBitsetIter iter;
  guint pos;
  guint run_start = G_MAXUINT, run_end = 0;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok && pos < n;
       ok = gtk_bitset_iter_next (&iter, &pos))
    {
      if (run_start != G_MAXUINT && pos > run_end + MERGE_GAP)
        {
          announce_run (store, run_start, run_end);
          run_start = G_MAXUINT;
        }
      if (run_start == G_MAXUINT)
        run_start = pos;
      run_end = pos + 1;
    }
  if (run_start != G_MAXUINT)
    announce_run (store, run_start, run_end);
}

static gboolean
announce_some (gpointer data)
{
  Deferred *d = data;
  g_autoptr(GtkBitset) now = gtk_bitset_new_empty ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (d->store));
  guint first = gtk_bitset_get_minimum (d->pending);

  gtk_bitset_remove_range (d->pending, n, G_MAXUINT - n);
  if (gtk_bitset_is_empty (d->pending))
    {
      d->idle_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* the next CHUNK rows from the lowest pending one */
  first = gtk_bitset_get_minimum (d->pending);
  gtk_bitset_add_range (now, first, MIN (CHUNK, n - first));
  gtk_bitset_intersect (now, d->pending);
  gtk_bitset_difference (d->pending, now);
  announce_set (d->store, now);

  if (!gtk_bitset_is_empty (d->pending))
    return G_SOURCE_CONTINUE;
  d->idle_id = 0;
  return G_SOURCE_REMOVE;
}

void
il_list_store_announce (GListStore    *store,
                        GtkBitset     *changed,
                        GtkAdjustment *vadj)
{
  Deferred *d = g_object_get_data (G_OBJECT (store), DEFERRED_KEY);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GtkBitset) now = NULL;
  guint lo = 0, hi = n;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (vadj == NULL || GTK_IS_ADJUSTMENT (vadj));

  if (d == NULL)
    {
      d = g_new0 (Deferred, 1);
      d->store = store;
      d->pending = gtk_bitset_new_empty ();
      g_object_set_data_full (G_OBJECT (store), DEFERRED_KEY, d, deferred_free);
    }
  /* rows still waiting from an earlier update show older contents too */
  gtk_bitset_union (d->pending, changed);
  gtk_bitset_remove_range (d->pending, n, G_MAXUINT - n);

  if (vadj != NULL && n > 0 && gtk_adjustment_get_upper (vadj) > 0)
    {
      /* rows are about the same height: where the screen is, in rows */
      double row = gtk_adjustment_get_upper (vadj) / n;
      double top = gtk_adjustment_get_value (vadj) / row;
      double bottom = (gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj)) / row;

      lo = top > MARGIN ? (guint) top - MARGIN : 0;
      hi = MIN (n, (guint) bottom + 1 + MARGIN);
    }

  now = gtk_bitset_new_range (lo, hi - lo);
  gtk_bitset_intersect (now, d->pending);
  gtk_bitset_difference (d->pending, now);
  announce_set (store, now);

  if (!gtk_bitset_is_empty (d->pending) && d->idle_id == 0)
    d->idle_id = g_idle_add (announce_some, d);
}

void
il_list_store_update (GListStore       *store,
                      guint             n_items,
                      IlListUpdateFunc  update,
                      gpointer          user_data,
                      GtkAdjustment    *vadj)
{
  GListModel *model = G_LIST_MODEL (store);
  guint old_n = g_list_model_get_n_items (model);
  guint n_kept = MIN (old_n, n_items);
  g_autoptr(GtkBitset) changed = gtk_bitset_new_empty ();

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (update != NULL);

  for (guint i = 0; i < n_kept; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (update (item, i, user_data))
        gtk_bitset_add (changed, i);
    }

  if (n_items > old_n)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_items - old_n, g_object_unref);
      GType type = g_list_model_get_item_type (model);

      for (guint i = old_n; i < n_items; i++)
        {
          gpointer item = g_object_new (type, NULL);

          update (item, i, user_data);
          g_ptr_array_add (items, item);
        }
      g_list_store_splice (store, old_n, 0, items->pdata, n_items - old_n);
    }
  else if (n_items < old_n)
    g_list_store_splice (store, n_items, old_n - n_items, NULL, 0);

  il_list_store_announce (store, changed, vadj);
}
