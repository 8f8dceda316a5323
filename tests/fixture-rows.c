/* fixture-rows.c: the 200 rows of bench/pandas-reference.py, shared by the tests
 * that check figures against pandas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "fixture-rows.h"

#define REL_TOL 1e-9

void
assert_close (double      got,
              double      want,
              const char *what)
{
  if (isnan (want))
    {
      if (!isnan (got))
        g_error ("%s: got %.17g, want NaN", what, got);
      return;
    }
  if (!(fabs (got - want) <= REL_TOL * MAX (fabs (got), fabs (want))))
    g_error ("%s: got %.17g, want %.17g", what, got, want);
}

static guint64 lcg_x;

static guint64
lcg_next (void)
{
  lcg_x = lcg_x * G_GUINT64_CONSTANT (6364136223846793005) + G_GUINT64_CONSTANT (1442695040888963407);
  return lcg_x >> 33;
}

IlRowStore *
fixture_store (void)
{
  static const char *const steps[] = { "alpha", "beta", "gamma, \"quoted\"", "delta" };
  static const char *const messages[] = { "boom", "multi\nline", NULL };
  const gint64 t0 = G_GINT64_CONSTANT (1767225600000000);
  IlRowStore *store = il_row_store_new ();

  lcg_x = 42;
  for (guint i = 0; i < 200; i++)
    {
      IlRowInput in = { 0 };
      guint64 r = lcg_next ();
      guint64 lat_units = 5000 * (i % 4 + 1) + r % 100000;
      guint64 r2;
      gint64 created = t0 + (gint64) i * 1300000000;

      if (r % 17 == 0)
        lat_units *= 8;
      in.latency_ms = (double) lat_units / 100.0;
      r2 = lcg_next () % 100;
      if (r2 < 6)
        {
          in.status = "error";
          in.error_message = messages[lcg_next () % 3];
        }
      else if (r2 < 9)
        in.status = "skipped";
      else if (r2 == 99)
        in.status = "timeout";
      else
        in.status = "success";
      in.metric_id.hi = 0xabcdef;
      in.metric_id.lo = i;
      in.session_id.hi = 0x1000 + i / 10;
      in.session_id.lo = i / 10;
      in.turn_number = (gint32) ((i / 4) % 5);
      in.step_name = i == 199 ? "solo" : steps[i % 4];
      in.started_at = created - (gint64) lat_units * 10 - 5000;
      in.completed_at = in.started_at + (gint64) lat_units * 10;
      in.created_at = i % 50 == 7 ? IL_TIME_NONE : created;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

const IlSessionSummary *
fixture_session_summary (IlRowStore *rows,
                         const char *id_text)
{
  static IlRowStore *of;
  static IlAggregates *agg;
  IlUuid id;

  if (agg == NULL || of != rows)
    {
      IlFilter filter;
      IlAggregateOptions options;

      g_clear_pointer (&agg, il_aggregates_free);
      il_filter_init (&filter);
      il_aggregate_options_init (&options);
      agg = il_aggregates_compute (rows, &filter, &options);
      of = rows;
    }
  g_assert_true (il_uuid_parse (id_text, -1, &id));
  for (guint i = 0; i < agg->n_sessions; i++)
    if (il_uuid_compare (&agg->sessions[i].id, &id) == 0)
      return &agg->sessions[i];
  g_assert_not_reached ();
}

void
fixture_assert_same_session (const IlSessionSummary *got,
                             const IlSessionSummary *want)
{
  g_assert_true (il_uuid_compare (&got->id, &want->id) == 0);
  g_assert_cmpint (got->first_start, ==, want->first_start);
  g_assert_cmpint (got->last_end, ==, want->last_end);
  g_assert_cmpuint (got->n_rows, ==, want->n_rows);
  g_assert_cmpuint (got->n_errors, ==, want->n_errors);
  g_assert_cmpuint (got->n_success, ==, want->n_success);
  g_assert_cmpuint (got->n_turns, ==, want->n_turns);
  assert_close (got->total_latency_ms, want->total_latency_ms, "total latency");
}

