/* aggregates-test-util.c: hand-made stores for the aggregate tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aggregates-test-util.h"

IlRowStore *
make_store (const Row *rows,
            guint      n)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.hi = 7;
      in.metric_id.lo = i + 1;
      in.session_id.hi = 0x5e55;
      in.session_id.lo = rows[i].session + 1;
      in.turn_number = rows[i].turn;
      in.step_name = rows[i].step;
      in.latency_ms = rows[i].latency_ms;
      in.started_at = rows[i].started_at;
      in.completed_at = rows[i].started_at + (gint64) (rows[i].latency_ms * 1000);
      in.status = rows[i].status;
      in.error_message = rows[i].message;
      if (rows[i].created_at == 0)
        in.created_at = in.completed_at + 1000;
      else if (rows[i].created_at == NO_CREATED)
        in.created_at = IL_TIME_NONE;
      else
        in.created_at = rows[i].created_at;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

IlStrId
step_id (IlRowStore *store,
         const char *name)
{
  gint64 id = il_string_pool_lookup (store->steps, name);

  g_assert_cmpint (id, >=, 0);
  return (IlStrId) id;
}

IlStrId
status_id (IlRowStore *store,
           const char *name)
{
  gint64 id = il_string_pool_lookup (store->statuses, name);

  g_assert_cmpint (id, >=, 0);
  return (IlStrId) id;
}
