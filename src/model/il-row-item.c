/* il-row-item.c: one row of a store, as an IlRowListModel hands it out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-csv.h"
#include "il-row-item-private.h"

G_DEFINE_FINAL_TYPE (IlRowItem, il_row_item, G_TYPE_OBJECT)

static void
il_row_item_finalize (GObject *object)
{
  IlRowItem *self = IL_ROW_ITEM (object);

  g_clear_pointer (&self->store, il_row_store_unref);

  G_OBJECT_CLASS (il_row_item_parent_class)->finalize (object);
}

static void
il_row_item_class_init (IlRowItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_row_item_finalize;
}

static void
il_row_item_init (IlRowItem *self)
{
}

IlRowItem *
il_row_item_new (IlRowStore *store,
                 guint       row)
{
  IlRowItem *self = g_object_new (IL_TYPE_ROW_ITEM, NULL);

  self->store = store != NULL ? il_row_store_ref (store) : NULL;
  self->row = row;

  return self;
}

IlRowStore *
il_row_item_get_store (IlRowItem *self)
{
  g_return_val_if_fail (IL_IS_ROW_ITEM (self), NULL);

  return self->store;
}

guint
il_row_item_get_row (IlRowItem *self)
{
  g_return_val_if_fail (IL_IS_ROW_ITEM (self), 0);

  return self->row;
}

char *
il_row_item_dup_text (IlRowItem *self,
                      IlColumn   column)
{
  g_return_val_if_fail (IL_IS_ROW_ITEM (self), NULL);

  if (self->store == NULL)
    return NULL;
  return il_csv_format_cell (self->store, self->row, column);
}
