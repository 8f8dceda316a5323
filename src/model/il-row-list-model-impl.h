/* il-row-list-model-impl.h: what the il-row-list-model*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-item-private.h"
#include "il-row-list-model.h"

G_BEGIN_DECLS

struct _IlRowListModel
{
  GObject     parent_instance;

  IlRowStore *store;
  IlFilter    filter;

  guint32    *rows;          /* shown, in display order */
  guint       n_rows;
  guint       n_shown;       /* positions announced: n_rows, or fewer while a growth is staged */
  guint       stage_step;    /* 0: no staging */
  guint       stage_limit;
  guint       stage_id;

  IlColumn    sort_column;   /* IL_N_COLUMNS: store order */
  gboolean    sort_descending;
  guint32    *sorted_all;    /* every store row by the sort (a GRcBox: a prepare shares it), or NULL */
  guint32    *base_rows;     /* set_rows(): the rows to show, or NULL */
  guint       n_base_rows;

  GHashTable *live;          /* position -> IlRowItem alive somewhere (weak) */
  guint       n_created;

  /* what a thread computed for the next set_store: the sorted permutation
   * (GRcBox, or NULL) and the rows passing prepared_filter in that order */
  guint32    *prepared;
  guint32    *prepared_rows;
  guint       n_prepared_rows;
  IlFilter    prepared_filter;
  IlRowStore *prepared_store;
  IlColumn    prepared_column;
  gboolean    prepared_descending;
  guint       n_sorts;       /* whole-store sorts on the calling thread */
  guint       n_filtered_in_thread; /* refreshes that took a prepared filter pass */
};

/* The model forgets the item: it keeps its row and is no longer updated. */
void _il_row_list_model_forget_item (IlRowListModel *self,
                                     IlRowItem      *item);
/* il-row-list-model-announce.c: tells the views what a replacement that
 * showed @old_n positions changed (not ::changed, which the caller emits). */
void _il_row_list_model_announce    (IlRowListModel *self,
                                     guint           old_n);

G_END_DECLS
