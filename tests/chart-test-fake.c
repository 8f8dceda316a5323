/* chart-test-fake.c: hand-made aggregates for the chart tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "chart-test-fake.h"
#include "chart-test-util.h"

#define DAY_US G_GINT64_CONSTANT (86400000000)

gpointer
own (Fake    *f,
     gpointer p)
{
  g_ptr_array_add (f->owned, p);
  return p;
}

void
fake_free (Fake *f)
{
  g_ptr_array_unref (f->owned);
  g_free (f);
}

/* n_steps steps; step i has its median at base * (i + 1); long_name replaces
 * the name of step 0 when not NULL. n_steps 0 gives zero rows. */
Fake *
fake_new (guint       n_steps,
          double      base,
          const char *long_name)
{
  Fake *f = g_new0 (Fake, 1);
  IlAggregates *a = &f->agg;
  const guint nb = 10, nt = 5;
  guint64 total = 0, errors = 0;

  f->owned = g_ptr_array_new_with_free_func (g_free);
  il_aggregate_options_init (&a->options);
  a->n_steps = n_steps;
  a->steps = own (f, g_new0 (IlStepStats, MAX (n_steps, 1)));
  for (guint i = 0; i < n_steps; i++)
    {
      IlStepStats *s = &a->steps[i];
      double m = base * (i + 1);

      s->step = i;
      s->name = own (f, i == 0 && long_name ? g_strdup (long_name) : g_strdup_printf ("step_%03u", i));
      s->count = 100 + i;
      s->median = s->p50 = m;
      s->mean = m * 1.05;
      s->q1 = m * 0.8;
      s->q3 = m * 1.2;
      s->whisker_low = m * 0.5;
      s->whisker_high = m * 1.6;
      s->min = m * 0.4;
      s->max = m * 2;
      s->std = m * 0.1;
      s->sum = s->mean * s->count;
      s->p75 = m * 1.2;
      s->p90 = m * 1.4;
      s->p95 = m * 1.5;
      s->p99 = m * 1.9;
      s->outliers = g_new (double, 2);
      s->outliers[0] = s->min;
      s->outliers[1] = s->max;
      s->n_outliers = 2;
      own (f, s->outliers);
      s->error_count = i % 3;
      s->success_count = s->count - s->error_count;
      s->error_rate_pct = 100.0 * s->error_count / s->count;
      s->success_rate_pct = 100 - s->error_rate_pct;
      total += s->count;
      errors += s->error_count;
    }
  for (guint i = 0; i < n_steps; i++)
    a->steps[i].share_of_total_time_pct = 100.0 / n_steps;
  a->slowest_step = n_steps ? (gint) n_steps - 1 : -1;
  a->key.total_records = total;
  a->key.avg_latency_ms = n_steps ? base : NAN;
  a->errors.total_errors = errors;
  a->errors.error_rate_pct = total ? 100.0 * errors / total : NAN;

  a->n_statuses = n_steps ? 3 : 0;
  a->statuses = own (f, g_new0 (IlStatusCount, 3));
  a->statuses[0] = (IlStatusCount) { 0, "success", total - errors - (total / 10), base };
  a->statuses[1] = (IlStatusCount) { 1, "skipped", total / 10, base / 2 };
  a->statuses[2] = (IlStatusCount) { 2, "error", errors, base * 2 };

  a->trend.bucket = IL_BUCKET_DAY;
  a->trend.bucket_us = DAY_US;
  a->trend.first_bucket_us = T0;
  a->trend.n_buckets = n_steps ? nb : 0;
  a->trend.n_steps = n_steps;
  a->trend.bucket_start = own (f, g_new (gint64, nb));
  a->trend.mean = own (f, g_new (double, (gsize) MAX (n_steps, 1) * nb));
  a->trend.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nb));
  for (guint b = 0; b < nb; b++)
    a->trend.bucket_start[b] = T0 + b * DAY_US;
  for (guint i = 0; i < n_steps; i++)
    for (guint b = 0; b < nb; b++)
      {
        /* step 0: a gap at bucket 3 and a lone point at bucket 5 */
        gboolean gap = i == 0 && (b == 3 || b == 4 || b == 6);
        a->trend.mean[i * nb + b] = gap ? NAN : base * (i + 1) + b;
        a->trend.count[i * nb + b] = gap ? 0 : 10;
      }
  a->error_trend = a->trend;
  a->error_trend.mean = NULL;
  a->error_trend.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nb));
  for (guint i = 0; i < n_steps * nb; i++)
    a->error_trend.count[i] = i % 4;

  a->heatmap.n_steps = n_steps;
  a->heatmap.turn_min = 1;
  a->heatmap.turn_max = nt;
  a->heatmap.n_turns = n_steps ? nt : 0;
  a->heatmap.mean = own (f, g_new (double, (gsize) MAX (n_steps, 1) * nt));
  a->heatmap.count = own (f, g_new (guint32, (gsize) MAX (n_steps, 1) * nt));
  for (guint i = 0; i < n_steps; i++)
    for (guint t = 0; t < nt; t++)
      {
        gboolean empty = i == 0 && t == 2;
        a->heatmap.mean[i * nt + t] = empty ? NAN : base * (i + 1) * (1 + t * 0.1);
        a->heatmap.count[i * nt + t] = empty ? 0 : 7;
      }

  a->n_days = n_steps ? nb : 0;
  a->daily_volume = own (f, g_new (IlDayCount, nb));
  for (guint b = 0; b < nb; b++)
    a->daily_volume[b] = (IlDayCount) { T0 + b * DAY_US, 100 + b * 10 };

  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      a->error_dow_hour[d][h] = n_steps ? (d * 24 + h) % 5 : 0;

  a->n_turn_errors = n_steps ? nt : 0;
  a->turn_errors = own (f, g_new0 (IlTurnErrorRate, nt));
  for (guint t = 0; t < nt; t++)
    a->turn_errors[t] = (IlTurnErrorRate) { (gint32) t + 1, 100, t, (double) t };

  a->latency_histogram.n_bins = 50;
  a->latency_histogram.min = 0;
  a->latency_histogram.max = base * 2 * MAX (n_steps, 1);
  a->latency_histogram.counts = own (f, g_new0 (guint64, 50));
  for (guint i = 0; i < 50 && n_steps; i++)
    a->latency_histogram.counts[i] = (i * 7) % 23;
  a->session_total_histogram.n_bins = 30;
  a->session_total_histogram.min = base;
  a->session_total_histogram.max = base * 40;
  a->session_total_histogram.counts = own (f, g_new0 (guint64, 30));
  for (guint i = 0; i < 30 && n_steps; i++)
    a->session_total_histogram.counts[i] = 30 - i;
  return f;
}
