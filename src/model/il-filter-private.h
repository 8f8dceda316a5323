/* il-filter-private.h: a filter turned into flat lookups, for fast row loops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-filter.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  trivial;          /* every row passes */
  gboolean  time_bounded;     /* a created_at bound is set: null created_at is out */
  gint64    created_min;      /* inclusive; G_MININT64 when unbounded */
  gint64    created_max;      /* exclusive; G_MAXINT64 when unbounded */
  double    min_latency_ms;
  double    max_latency_ms;
  guint8   *step_ok;          /* by step id; NULL keeps every step */
  guint     n_step_ok;
  guint8   *status_ok;        /* by status id; NULL keeps every status */
  guint     n_status_ok;
} IlFilterCompiled;

void _il_filter_compile       (IlFilterCompiled       *out,
                               const IlFilter         *filter,
                               const IlRowStore       *store);
void _il_filter_compiled_clear (IlFilterCompiled      *compiled);

static inline gboolean
_il_filter_compiled_matches (const IlFilterCompiled *f,
                             const IlRowStore       *store,
                             guint                   row)
{
  if (f->trivial)
    return TRUE;
  if (f->time_bounded)
    {
      gint64 c = store->created_at[row];

      if (c == IL_TIME_NONE || c < f->created_min || c >= f->created_max)
        return FALSE;
    }
  if (f->step_ok != NULL)
    {
      IlStrId s = store->step[row];

      if (s >= f->n_step_ok || !f->step_ok[s])
        return FALSE;
    }
  if (f->status_ok != NULL)
    {
      IlStrId s = store->status[row];

      if (s >= f->n_status_ok || !f->status_ok[s])
        return FALSE;
    }
  {
    double l = store->latency_ms[row];

    /* written so that a NaN latency fails a bound, as it would in pandas */
    if (!(l >= f->min_latency_ms && l <= f->max_latency_ms))
      return FALSE;
  }
  return TRUE;
}

G_END_DECLS
