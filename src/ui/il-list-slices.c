/* il-list-slices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-list-slices.h"

typedef struct
{
  GListStore *store;      /* not owned: the slices end with it */
  GPtrArray  *items;
  guint       next;       /* the first item not added yet */
  guint       per_turn;
  guint       source_id;
} Slices;

static const char slices_key[] = "il-list-slices";

static void
slices_free (gpointer data)
{
  Slices *slices = data;

  g_clear_handle_id (&slices->source_id, g_source_remove);
  g_ptr_array_unref (slices->items);
  g_free (slices);
}

static void
add_slice (Slices *slices)
{
  guint n = MIN (slices->per_turn, slices->items->len - slices->next);

  g_list_store_splice (slices->store, slices->next, 0, slices->items->pdata + slices->next, n);
  slices->next += n;
}

static gboolean
on_idle (gpointer data)
{
  Slices *slices = data;

  add_slice (slices);
  if (slices->next < slices->items->len)
    return G_SOURCE_CONTINUE;
  slices->source_id = 0;
  /* frees @slices */
  g_object_set_data (G_OBJECT (slices->store), slices_key, NULL);
  return G_SOURCE_REMOVE;
}

void
il_list_store_replace_sliced (GListStore *store,
                              GPtrArray  *items,
                              guint       per_turn)
{
  guint n_first = MIN (MAX (per_turn, 1), items->len);
  Slices *slices;

  g_return_if_fail (G_IS_LIST_STORE (store));

  g_object_set_data (G_OBJECT (store), slices_key, NULL);
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, n_first);
  if (n_first == items->len)
    return;

  slices = g_new0 (Slices, 1);
  slices->store = store;
  slices->items = g_ptr_array_ref (items);
  slices->next = n_first;
  slices->per_turn = n_first;
  /* after the frame that shows the first rows */
  slices->source_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_idle, slices, NULL);
  g_object_set_data_full (G_OBJECT (store), slices_key, slices, slices_free);
}

gboolean
il_list_store_slices_pending (GListStore *store)
{
  g_return_val_if_fail (G_IS_LIST_STORE (store), FALSE);
  return g_object_get_data (G_OBJECT (store), slices_key) != NULL;
}
