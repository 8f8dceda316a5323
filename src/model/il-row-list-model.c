/* il-row-list-model.c: a GListModel over the filtered rows of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only an array of row ids; a view asks for the few items it
 * shows and IlRowItems are created then (a small cache keeps the recent ones).
 * Sorting turns each column into 64-bit keys and radix-sorts them; filtering
 * a sorted view walks the sorted permutation of the whole store, so a filter
 * change never sorts again.
 */
#include "config.h"

#include <string.h>

#include "il-csv.h"
#include "il-filter-private.h"
#include "il-row-list-model.h"
#include "il-row-store-private.h"

/* ---- IlRowItem ------------------------------------------------------------ */

struct _IlRowItem
{
  GObject     parent_instance;
  IlRowStore *store;
  guint       row;
};

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

static IlRowItem *
il_row_item_new (IlRowStore *store,
                 guint       row)
{
  IlRowItem *self = g_object_new (IL_TYPE_ROW_ITEM, NULL);

  self->store = il_row_store_ref (store);
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

  return il_csv_format_cell (self->store, self->row, column);
}

/* ---- sorting ---------------------------------------------------------------- */

typedef struct
{
  guint64 key;
  guint32 row;
  guint32 pad;
} Pair;

typedef struct
{
  IlRowStore *store;
  IlColumn    column;
  gboolean    descending;
  guint32    *session_rank;
  guint32    *step_rank;
  guint32    *status_rank;
  guint32    *message_rank;
} SortCtx;

/* rank[id] = position of the string in byte order. */
static guint32 *
pool_ranks (const IlStringPool *pool)
{
  guint n = il_string_pool_get_size (pool);
  g_autofree guint32 *ids = g_new (guint32, MAX (n, 1));
  guint32 *rank = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    ids[i] = i;
  g_qsort_with_data (ids, n, sizeof (guint32), _il_string_pool_compare_ids, (gpointer) pool);
  for (guint i = 0; i < n; i++)
    rank[ids[i]] = i;

  return g_steal_pointer (&rank);
}

static int
cmp_session_uuid (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const IlUuid *ids = user_data;

  return il_uuid_compare (&ids[*(const guint32 *) a], &ids[*(const guint32 *) b]);
}

static guint32 *
session_ranks (IlRowStore *store)
{
  guint n = store->n_sessions;
  g_autofree guint32 *ids = g_new (guint32, MAX (n, 1));
  guint32 *rank = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    ids[i] = i;
  g_qsort_with_data (ids, n, sizeof (guint32), cmp_session_uuid, store->session_ids);
  for (guint i = 0; i < n; i++)
    rank[ids[i]] = i;

  return g_steal_pointer (&rank);
}

static inline guint64
key_int64 (gint64 v)
{
  return (guint64) v ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline guint64
key_double (double v)
{
  guint64 u;

  if (v == 0)
    v = 0;   /* -0 sorts with +0 */
  memcpy (&u, &v, sizeof u);
  if (u & G_GUINT64_CONSTANT (0x8000000000000000))
    return ~u;
  return u | G_GUINT64_CONSTANT (0x8000000000000000);
}

/* 8 bytes of s from offset, big-endian, zero-padded. */
static inline guint64
key_bytes (const char *s,
           gsize       len,
           gsize       offset)
{
  guint64 k = 0;

  for (gsize i = 0; i < 8; i++)
    {
      k <<= 8;
      if (offset + i < len)
        k |= (guchar) s[offset + i];
    }

  return k;
}

/* The sort key of row at depth (a string column compares 8 bytes per depth). */
static inline guint64
sort_key (const SortCtx *ctx,
          guint          row,
          guint          depth)
{
  IlRowStore *store = ctx->store;
  guint64 k = 0;

  switch (ctx->column)
    {
    case IL_COL_METRIC_ID:
      k = depth == 0 ? store->metric_id[row].hi : store->metric_id[row].lo;
      break;
    case IL_COL_SESSION_ID:
      k = ctx->session_rank[store->session[row]];
      break;
    case IL_COL_TURN_NUMBER:
      k = key_int64 (store->turn_number[row]);
      break;
    case IL_COL_STEP_NAME:
      k = ctx->step_rank[store->step[row]];
      break;
    case IL_COL_LATENCY_MS:
      k = key_double (store->latency_ms[row]);
      break;
    case IL_COL_STARTED_AT:
      k = key_int64 (store->started_at[row]);
      break;
    case IL_COL_COMPLETED_AT:
      k = key_int64 (store->completed_at[row]);
      break;
    case IL_COL_STATUS:
      k = ctx->status_rank[store->status[row]];
      break;
    case IL_COL_ERROR_MESSAGE:
      k = store->error_message[row] == IL_STR_NONE ? 0
          : (guint64) ctx->message_rank[store->error_message[row]] + 1;
      break;
    case IL_COL_METADATA:
      {
        gsize len;
        const char *s = il_row_store_get_metadata (store, row, &len);

        /* null is 0; JSON text never starts with a NUL byte */
        k = s != NULL ? key_bytes (s, len, (gsize) depth * 8) : 0;
      }
      break;
    case IL_COL_CREATED_AT:
      k = key_int64 (store->created_at[row]);
      break;
    case IL_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  return ctx->descending ? ~k : k;
}

/* Whether rows whose keys are equal up to depth may still differ after it. */
static inline gboolean
sort_has_more (const SortCtx *ctx,
               guint          row,
               guint          depth)
{
  if (ctx->column == IL_COL_METRIC_ID)
    return depth == 0;
  if (ctx->column == IL_COL_METADATA)
    {
      gsize len;

      il_row_store_get_metadata (ctx->store, row, &len);
      return len > (gsize) (depth + 1) * 8;
    }
  return FALSE;
}

/* Stable LSD radix sort of p[0..n) by key, tmp of the same size. */
static void
radix_sort (Pair  *p,
            Pair  *tmp,
            gsize  n)
{
  guint32 (*counts)[256];
  Pair *src = p, *dst = tmp;

  if (n < 64)
    {
      /* stable insertion sort */
      for (gsize i = 1; i < n; i++)
        {
          Pair x = p[i];
          gsize j = i;

          while (j > 0 && p[j - 1].key > x.key)
            {
              p[j] = p[j - 1];
              j--;
            }
          p[j] = x;
        }
      return;
    }

  counts = g_malloc0 (sizeof (guint32) * 8 * 256);
  for (gsize i = 0; i < n; i++)
    {
      guint64 k = p[i].key;

      for (guint b = 0; b < 8; b++)
        counts[b][(k >> (8 * b)) & 0xff]++;
    }

  for (guint b = 0; b < 8; b++)
    {
      guint32 *c = counts[b];
      gsize sum = 0;
      gboolean trivial = FALSE;

      for (guint v = 0; v < 256; v++)
        {
          guint32 count = c[v];

          if (count == n)
            {
              trivial = TRUE;
              break;
            }
          c[v] = sum;
          sum += count;
        }
      if (trivial)
        continue;

      for (gsize i = 0; i < n; i++)
        dst[c[(src[i].key >> (8 * b)) & 0xff]++] = src[i];

      {
        Pair *t = src;

        src = dst;
        dst = t;
      }
    }

  if (src != p)
    memcpy (p, src, n * sizeof (Pair));

  g_free (counts);
}

/* Metadata repeats a few values many times: a run of identical texts needs
 * no deeper pass (their order is already the input order). */
static gboolean
all_identical (const SortCtx *ctx,
               const Pair    *p,
               gsize          n)
{
  const char *first;
  gsize first_len;

  if (ctx->column != IL_COL_METADATA)
    return FALSE;

  first = il_row_store_get_metadata (ctx->store, p[0].row, &first_len);
  for (gsize i = 1; i < n; i++)
    {
      gsize len;
      const char *s = il_row_store_get_metadata (ctx->store, p[i].row, &len);

      if (len != first_len || (len > 0 && memcmp (s, first, len) != 0))
        return FALSE;
    }

  return TRUE;
}

static void
sort_range (const SortCtx *ctx,
            Pair          *p,
            Pair          *tmp,
            gsize          n,
            guint          depth)
{
  if (depth > 0)
    for (gsize i = 0; i < n; i++)
      p[i].key = sort_key (ctx, p[i].row, depth);

  radix_sort (p, tmp, n);

  if (ctx->column != IL_COL_METRIC_ID && ctx->column != IL_COL_METADATA)
    return;

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      gboolean more = sort_has_more (ctx, p[i].row, depth);

      while (j < n && p[j].key == p[i].key)
        {
          more = more || sort_has_more (ctx, p[j].row, depth);
          j++;
        }

      if (j - i > 1 && more && !all_identical (ctx, p + i, j - i))
        sort_range (ctx, p + i, tmp + i, j - i, depth + 1);

      i = j;
    }
}

void
il_row_list_model_sort_rows (IlRowStore *store,
                             guint32    *rows,
                             guint       n_rows,
                             IlColumn    column,
                             gboolean    descending)
{
  SortCtx ctx = { store, column, descending, NULL, NULL, NULL, NULL };
  Pair *pairs, *tmp;

  g_return_if_fail (store != NULL);
  g_return_if_fail (column < IL_N_COLUMNS);

  if (n_rows < 2)
    return;

  switch (column)
    {
    case IL_COL_SESSION_ID:
      ctx.session_rank = session_ranks (store);
      break;
    case IL_COL_STEP_NAME:
      ctx.step_rank = pool_ranks (store->steps);
      break;
    case IL_COL_STATUS:
      ctx.status_rank = pool_ranks (store->statuses);
      break;
    case IL_COL_ERROR_MESSAGE:
      ctx.message_rank = pool_ranks (store->messages);
      break;
    case IL_COL_METRIC_ID:
    case IL_COL_TURN_NUMBER:
    case IL_COL_LATENCY_MS:
    case IL_COL_STARTED_AT:
    case IL_COL_COMPLETED_AT:
    case IL_COL_METADATA:
    case IL_COL_CREATED_AT:
    case IL_N_COLUMNS:
    default:
      break;
    }

  pairs = g_new (Pair, n_rows);
  tmp = g_new (Pair, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      pairs[i].row = rows[i];
      pairs[i].key = sort_key (&ctx, rows[i], 0);
    }

  sort_range (&ctx, pairs, tmp, n_rows, 0);

  for (guint i = 0; i < n_rows; i++)
    rows[i] = pairs[i].row;

  g_free (pairs);
  g_free (tmp);
  g_free (ctx.session_rank);
  g_free (ctx.step_rank);
  g_free (ctx.status_rank);
  g_free (ctx.message_rank);
}

/* ---- IlRowListModel --------------------------------------------------------- */

#define CACHE_SIZE 128

typedef struct
{
  guint      position;
  IlRowItem *item;
} CacheEntry;

struct _IlRowListModel
{
  GObject     parent_instance;

  IlRowStore *store;
  IlFilter    filter;

  guint32    *rows;          /* shown, in display order */
  guint       n_rows;

  IlColumn    sort_column;   /* IL_N_COLUMNS: store order */
  gboolean    sort_descending;
  guint32    *sorted_all;    /* every store row by the sort, or NULL */
  guint32    *base_rows;     /* set_rows(): the rows to show, or NULL */
  guint       n_base_rows;

  CacheEntry  cache[CACHE_SIZE];
  guint       n_created;
};

enum {
  CHANGING,
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
  return IL_ROW_LIST_MODEL (model)->n_rows;
}

static gpointer
il_row_list_model_get_item (GListModel *model,
                            guint       position)
{
  IlRowListModel *self = IL_ROW_LIST_MODEL (model);
  CacheEntry *slot;

  if (position >= self->n_rows)
    return NULL;

  slot = &self->cache[position % CACHE_SIZE];
  if (slot->item != NULL && slot->position == position)
    return g_object_ref (slot->item);

  g_clear_object (&slot->item);
  slot->item = il_row_item_new (self->store, self->rows[position]);
  slot->position = position;
  self->n_created++;

  return g_object_ref (slot->item);
}

static void
il_row_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = il_row_list_model_get_item_type;
  iface->get_n_items = il_row_list_model_get_n_items;
  iface->get_item = il_row_list_model_get_item;
}

static void
clear_cache (IlRowListModel *self)
{
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i].item);
}

static void
il_row_list_model_finalize (GObject *object)
{
  IlRowListModel *self = IL_ROW_LIST_MODEL (object);

  clear_cache (self);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->sorted_all, g_free);
  g_clear_pointer (&self->base_rows, g_free);
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
   * A GtkSingleSelection whose selected item is replaced looks for it among
   * every new item, which would create all of them: unselect here and select
   * again by row id after items-changed.
   */
  signals[CHANGING] = g_signal_new ("changing", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void
il_row_list_model_init (IlRowListModel *self)
{
  il_filter_init (&self->filter);
  self->sort_column = IL_N_COLUMNS;
}

IlRowListModel *
il_row_list_model_new (void)
{
  return g_object_new (IL_TYPE_ROW_LIST_MODEL, NULL);
}

/* Recomputes the shown rows and tells the views.
 *
 * A replacement is announced as "all removed" then "all added", never as one
 * items-changed (0, old, new): for that, GtkListItemManager (GTK 4.8 and later)
 * looks for the items of its tracked rows (anchor, focus) among every added
 * item by pointer, which would create one IlRowItem per row. The model is
 * empty between the two emissions, so views never see a half state. */
static void
refresh (IlRowListModel *self)
{
  guint old_n = self->n_rows;
  guint32 *old_rows;

  g_signal_emit (self, signals[CHANGING], 0);

  clear_cache (self);
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
        il_row_list_model_sort_rows (self->store, self->rows, n,
                                     self->sort_column, self->sort_descending);
    }
  else if (self->store != NULL && self->store->n_rows > 0)
    {
      if (self->sort_column == IL_N_COLUMNS)
        self->rows = il_filter_apply (&self->filter, self->store, &self->n_rows);
      else
        {
          guint n_all = self->store->n_rows;
          guint n = 0;
          IlFilterCompiled f;

          if (self->sorted_all == NULL)
            {
              self->sorted_all = g_new (guint32, n_all);
              for (guint i = 0; i < n_all; i++)
                self->sorted_all[i] = i;
              il_row_list_model_sort_rows (self->store, self->sorted_all, n_all,
                                           self->sort_column, self->sort_descending);
            }

          _il_filter_compile (&f, &self->filter, self->store);
          self->rows = g_new (guint32, n_all);
          for (guint i = 0; i < n_all; i++)
            {
              guint32 row = self->sorted_all[i];

              if (_il_filter_compiled_matches (&f, self->store, row))
                self->rows[n++] = row;
            }
          _il_filter_compiled_clear (&f);
          self->n_rows = n;
        }
    }

  if (old_n > 0 && self->n_rows > 0)
    {
      guint32 *new_rows = g_steal_pointer (&self->rows);
      guint new_n = self->n_rows;

      self->n_rows = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      clear_cache (self);
      self->rows = new_rows;
      self->n_rows = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
    }
  else if (old_n > 0 || self->n_rows > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_rows);

  g_free (old_rows);
}

void
il_row_list_model_set_store (IlRowListModel *self,
                             IlRowStore     *store,
                             const IlFilter *filter)
{
  g_return_if_fail (IL_IS_ROW_LIST_MODEL (self));

  /* a sealed store never changes: the same store keeps its sorted permutation */
  if (store != self->store || self->base_rows != NULL)
    g_clear_pointer (&self->sorted_all, g_free);
  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  g_clear_pointer (&self->base_rows, g_free);
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
  g_clear_pointer (&self->sorted_all, g_free);
  g_clear_pointer (&self->base_rows, g_free);
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
  g_clear_pointer (&self->sorted_all, g_free);

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

guint
il_row_list_model_get_n_items_created (IlRowListModel *self)
{
  g_return_val_if_fail (IL_IS_ROW_LIST_MODEL (self), 0);

  return self->n_created;
}
