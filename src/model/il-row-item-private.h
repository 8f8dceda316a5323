/* il-row-item-private.h: an IlRowItem's fields, which its model rewrites in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-list-model.h"

G_BEGIN_DECLS

struct _IlRowItem
{
  GObject     parent_instance;
  IlRowStore *store;
  guint       row;
  guint       position;  /* in the model that registered it */
};

G_END_DECLS
