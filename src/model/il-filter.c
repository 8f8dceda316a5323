/* il-filter.c: which rows of a store the dashboard looks at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "il-filter.h"
#include "il-filter-private.h"

#include <math.h>
#include <string.h>

/**
 * il_filter_init:
 * @filter: a filter (uninitialized)
 *
 * Makes @filter keep every row.
 */
void
il_filter_init (IlFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->created_min = IL_TIME_NONE;
  filter->created_max = IL_TIME_NONE;
  filter->steps = NULL;
  filter->statuses = NULL;
  filter->min_latency_ms = -INFINITY;
  filter->max_latency_ms = INFINITY;
}

void
il_filter_clear (IlFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->steps, g_hash_table_unref);
  g_clear_pointer (&filter->statuses, g_hash_table_unref);
  il_filter_init (filter);
}

static GHashTable *
copy_set (GHashTable *set)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key;

  if (set == NULL)
    return NULL;

  copy = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, key);

  return copy;
}

/**
 * il_filter_copy:
 * @dest: the copy; overwritten as if uninitialized (clear it first if it holds sets)
 * @src: the filter to copy
 *
 * Copies @src with its own copies of the sets.
 */
void
il_filter_copy (IlFilter       *dest,
                const IlFilter *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;

  *dest = *src;
  dest->steps = copy_set (src->steps);
  dest->statuses = copy_set (src->statuses);
}

static gboolean
set_equal (GHashTable *a,
           GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

gboolean
il_filter_equal (const IlFilter *a,
                 const IlFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->created_min == b->created_min && a->created_max == b->created_max
         && a->min_latency_ms == b->min_latency_ms && a->max_latency_ms == b->max_latency_ms
         && set_equal (a->steps, b->steps) && set_equal (a->statuses, b->statuses);
}

static guint8 *
compile_set (GHashTable *set,
             guint       n_ids,
             guint      *out_n)
{
  guint8 *ok;

  *out_n = n_ids;
  if (set == NULL)
    return NULL;

  /* never NULL, even for an empty pool: an empty set keeps nothing */
  ok = g_malloc0 (MAX (n_ids, 1));
  for (guint id = 0; id < n_ids; id++)
    ok[id] = g_hash_table_contains (set, GUINT_TO_POINTER (id + 1));

  return ok;
}

void
_il_filter_compile (IlFilterCompiled *out,
                    const IlFilter   *filter,
                    const IlRowStore *store)
{
  memset (out, 0, sizeof *out);

  out->created_min = filter->created_min == IL_TIME_NONE ? G_MININT64 : filter->created_min;
  out->created_max = filter->created_max == IL_TIME_NONE ? G_MAXINT64 : filter->created_max;
  out->time_bounded = filter->created_min != IL_TIME_NONE || filter->created_max != IL_TIME_NONE;
  out->min_latency_ms = filter->min_latency_ms;
  out->max_latency_ms = filter->max_latency_ms;
  out->step_ok = compile_set (filter->steps, il_string_pool_get_size (store->steps),
                              &out->n_step_ok);
  out->status_ok = compile_set (filter->statuses, il_string_pool_get_size (store->statuses),
                                &out->n_status_ok);
  out->trivial = !out->time_bounded
                 && out->step_ok == NULL
                 && out->status_ok == NULL
                 && isinf (out->min_latency_ms) && out->min_latency_ms < 0
                 && isinf (out->max_latency_ms) && out->max_latency_ms > 0;
}

void
_il_filter_compiled_clear (IlFilterCompiled *compiled)
{
  g_clear_pointer (&compiled->step_ok, g_free);
  g_clear_pointer (&compiled->status_ok, g_free);
}

/**
 * il_filter_matches:
 * @filter: a filter
 * @store: the store whose pool ids the filter holds
 * @row: a row of @store
 *
 * Returns: whether the row passes
 */
gboolean
il_filter_matches (const IlFilter   *filter,
                   const IlRowStore *store,
                   guint             row)
{
  double l;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (row < store->n_rows, FALSE);

  if (filter->created_min != IL_TIME_NONE || filter->created_max != IL_TIME_NONE)
    {
      gint64 c = store->created_at[row];

      if (c == IL_TIME_NONE)
        return FALSE;
      if (filter->created_min != IL_TIME_NONE && c < filter->created_min)
        return FALSE;
      if (filter->created_max != IL_TIME_NONE && c >= filter->created_max)
        return FALSE;
    }
  if (filter->steps != NULL
      && !g_hash_table_contains (filter->steps, GUINT_TO_POINTER (store->step[row] + 1)))
    return FALSE;
  if (filter->statuses != NULL
      && !g_hash_table_contains (filter->statuses, GUINT_TO_POINTER (store->status[row] + 1)))
    return FALSE;

  l = store->latency_ms[row];
  return l >= filter->min_latency_ms && l <= filter->max_latency_ms;
}

/**
 * il_filter_apply:
 * @filter: a filter
 * @store: a store
 * @n_rows: (out): how many rows pass
 *
 * Returns: (transfer full): the ids of the rows that pass, in store order
 */
guint32 *
il_filter_apply (const IlFilter   *filter,
                 const IlRowStore *store,
                 guint            *n_rows)
{
  IlFilterCompiled f;
  guint32 *rows;
  guint n = 0;

  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  _il_filter_compile (&f, filter, store);
  rows = g_new (guint32, MAX (store->n_rows, 1));
  for (guint r = 0; r < store->n_rows; r++)
    if (_il_filter_compiled_matches (&f, store, r))
      rows[n++] = r;
  _il_filter_compiled_clear (&f);

  *n_rows = n;
  return g_renew (guint32, rows, MAX (n, 1));
}
