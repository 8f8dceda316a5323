/* il-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-free-aside.h"
#include "il-snapshot.h"

struct _IlSnapshot
{
  gatomicrefcount  ref_count;
  IlRowStore      *store;
  IlAggregates    *aggregates;
  IlSummary       *summary;        /* owns aggregates when set */
};

G_DEFINE_BOXED_TYPE (IlSnapshot, il_snapshot, il_snapshot_ref, il_snapshot_unref)

/**
 * il_snapshot_new:
 * @store: a sealed store
 * @aggregates: (transfer full): aggregates computed over @store
 *
 * Returns: (transfer full): a snapshot holding both
 */
IlSnapshot *
il_snapshot_new (IlRowStore   *store,
                 IlAggregates *aggregates)
{
  IlSnapshot *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (aggregates != NULL, NULL);

  self = g_new0 (IlSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->store = il_row_store_ref (store);
  self->aggregates = aggregates;
  return self;
}

/**
 * il_snapshot_new_from_summary:
 * @names: the sealed store of il_summary_dup_names (@summary)
 * @summary: (transfer full): the database's figures
 *
 * Returns: (transfer full): a snapshot of the summary's aggregates
 */
IlSnapshot *
il_snapshot_new_from_summary (IlRowStore *names,
                              IlSummary  *summary)
{
  IlSnapshot *self;

  g_return_val_if_fail (names != NULL, NULL);
  g_return_val_if_fail (summary != NULL && summary->agg != NULL, NULL);

  self = g_new0 (IlSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->store = il_row_store_ref (names);
  self->aggregates = summary->agg;
  self->summary = summary;
  return self;
}

IlSnapshot *
il_snapshot_ref (IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
il_snapshot_unref (IlSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  /* The aggregates' names point into the store: free them first (a
   * store as large is freed aside too, after them: the pool runs in
   * order). Their blocks come from a worker's heap, and the last free
   * hands that heap back to the system: 2-9 ms at 1M rows, which the
   * main thread, where the last reference usually goes, cannot spare. */
  if (self->summary != NULL)
    il_summary_free (self->summary);
  else
    il_free_rows_aside (self->aggregates, (GDestroyNotify) il_aggregates_free, self->store->n_rows);
  il_row_store_unref (self->store);
  g_free (self);
}

IlRowStore *
il_snapshot_get_store (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->store;
}

const IlAggregates *
il_snapshot_get_aggregates (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->aggregates;
}

const IlFilter *
il_snapshot_get_filter (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->aggregates->filter;
}

const IlAggregateOptions *
il_snapshot_get_options (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->aggregates->options;
}

gboolean
il_snapshot_is_summary (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->summary != NULL;
}

gboolean
il_snapshot_has_rows (const IlSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->aggregates->key.total_records > 0;
}
