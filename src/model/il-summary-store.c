/* il-summary-store.c: a store of names without rows for a database summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Views name steps, statuses, messages and sessions through the store of the
 * snapshot they draw. A summary's ids are indexes of its own lists, so a store
 * that interns the same names in the same order makes every id mean the same.
 */
#include "config.h"

#include "il-summary.h"

IlRowStore *
il_summary_dup_names (const IlSummary *self)
{
  const IlAggregates *agg;
  IlRowStore *store;

  g_return_val_if_fail (self != NULL && self->agg != NULL, NULL);

  agg = self->agg;
  store = il_row_store_new ();
  for (guint i = 0; i < agg->n_steps; i++)
    {
      IlStrId id = il_string_pool_intern (store->steps, agg->steps[i].name, -1);

      g_assert (id == agg->steps[i].step);
    }
  for (guint i = 0; i < agg->n_statuses; i++)
    {
      IlStrId id = il_string_pool_intern (store->statuses, agg->statuses[i].name, -1);

      g_assert (id == agg->statuses[i].status);
    }
  /* messages get their ids in the order of the error groups, as parsed */
  for (guint i = 0; i < agg->n_error_groups; i++)
    {
      const IlErrorGroup *g = &agg->error_groups[i];

      if (g->message_text != NULL)
        {
          IlStrId id = il_string_pool_intern (store->messages, g->message_text, -1);

          g_assert (id == g->message);
        }
    }
  for (guint i = 0; i < agg->n_sessions; i++)
    {
      guint32 id = il_row_store_intern_session (store, &agg->sessions[i].id);

      g_assert (id == i);
    }
  il_row_store_seal (store);
  return store;
}
