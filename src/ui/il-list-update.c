/* il-list-update.c: a list store's items updated in place, so a list view keeps their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-list-update.h"

/* Unchanged positions between two changed runs up to this many are announced
 * with them: one larger change costs less than many small ones. */
#define MERGE_GAP 4

static void
announce (GListStore *store,
          GPtrArray  *items,
          guint       start,
          guint       end)
{
  if (end > start)
    g_list_store_splice (store, start, end - start, items->pdata + start, end - start);
}

void
il_list_store_update (GListStore       *store,
                      guint             n_items,
                      IlListUpdateFunc  update,
                      gpointer          user_data)
{
  GListModel *model = G_LIST_MODEL (store);
  guint old_n = g_list_model_get_n_items (model);
  guint n_kept = MIN (old_n, n_items);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_items, g_object_unref);
  guint run_start = G_MAXUINT, run_end = 0;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (update != NULL);

  /* held here: the splices take them out of the store before they go back */
  for (guint i = 0; i < n_kept; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  for (guint i = 0; i < n_kept; i++)
    {
      if (!update (items->pdata[i], i, user_data))
        continue;
      if (run_start != G_MAXUINT && i > run_end + MERGE_GAP)
        {
          announce (store, items, run_start, run_end);
          run_start = G_MAXUINT;
        }
      if (run_start == G_MAXUINT)
        run_start = i;
      run_end = i + 1;
    }
  if (run_start != G_MAXUINT)
    announce (store, items, run_start, run_end);

  if (n_items > old_n)
    {
      GType type = g_list_model_get_item_type (model);

      for (guint i = old_n; i < n_items; i++)
        {
          gpointer item = g_object_new (type, NULL);

          update (item, i, user_data);
          g_ptr_array_add (items, item);
        }
      g_list_store_splice (store, old_n, 0, items->pdata + old_n, n_items - old_n);
    }
  else if (n_items < old_n)
    g_list_store_splice (store, n_items, old_n - n_items, NULL, 0);
}
