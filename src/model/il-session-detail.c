/* il-session-detail.c: one session's rows, for the deep dive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-aggregates.h"
#include "il-filter-private.h"

/**
 * il_session_detail_compute:
 * @store: a sealed store
 * @filter: (nullable): the rows to look at; %NULL for every row
 * @session: index into store->session_ids
 *
 * Returns: (transfer full): the session's passing rows, by started_at
 */
IlSessionDetail *
il_session_detail_compute (IlRowStore     *store,
                           const IlFilter *filter,
                           guint32         session)
{
  IlSessionDetail *d;
  IlFilterCompiled f;
  IlFilter all;
  guint32 begin, end;
  double sum = 0;
  guint64 n_success = 0;
  IlStrId success_id, error_id;
  gint64 id;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (store->sealed, NULL);
  g_return_val_if_fail (session < store->n_sessions, NULL);

  if (filter == NULL)
    {
      il_filter_init (&all);
      filter = &all;
    }
  _il_filter_compile (&f, filter, store);
  id = il_string_pool_lookup (store->statuses, "success");
  success_id = id < 0 ? IL_STR_NONE : (IlStrId) id;
  id = il_string_pool_lookup (store->statuses, "error");
  error_id = id < 0 ? IL_STR_NONE : (IlStrId) id;

  begin = store->session_offsets[session];
  end = store->session_offsets[session + 1];
  d = g_new0 (IlSessionDetail, 1);
  d->rows = g_new (guint32, MAX (end - begin, 1));
  d->cumulative_ms = g_new (double, MAX (end - begin, 1));
  d->start = G_MAXINT64;
  d->end = G_MININT64;
  for (guint32 i = begin; i < end; i++)
    {
      guint32 r = store->by_session[i];

      if (!_il_filter_compiled_matches (&f, store, r))
        continue;
      sum += store->latency_ms[r];
      d->rows[d->n_rows] = r;
      d->cumulative_ms[d->n_rows] = sum;
      d->n_rows++;
      d->start = MIN (d->start, store->started_at[r]);
      d->end = MAX (d->end, store->completed_at[r]);
      d->n_errors += store->status[r] == error_id;
      n_success += store->status[r] == success_id;
    }
  _il_filter_compiled_clear (&f);

  d->total_latency_ms = sum;
  if (d->n_rows == 0)
    {
      d->start = d->end = 0;
      d->success_rate_pct = NAN;
      d->avg_latency_ms = NAN;
    }
  else
    {
      d->success_rate_pct = (double) n_success / d->n_rows * 100.0;
      d->avg_latency_ms = sum / d->n_rows;
    }
  return d;
}

IlSessionDetail *
il_session_detail_copy (const IlSessionDetail *self)
{
  IlSessionDetail *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->rows = g_memdup2 (self->rows, sizeof self->rows[0] * self->n_rows);
  copy->cumulative_ms = g_memdup2 (self->cumulative_ms, sizeof self->cumulative_ms[0] * self->n_rows);
  return copy;
}

void
il_session_detail_free (IlSessionDetail *self)
{
  if (self == NULL)
    return;

  g_free (self->rows);
  g_free (self->cumulative_ms);
  g_free (self);
}
