/* il-aggregates-passes.c: the sequential passes over the columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Phase 0 evaluates the filter into a bitmap and finds the time and turn
 * ranges; phase 1 fills every sum and count; phase 2 what needs the means.
 * Each runs over one half of the store with its own accumulators (a Part),
 * merged afterwards.
 */
#include "config.h"

#include "il-aggregates-private.h"

void
_il_aggregates_phase0 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;
  TzCache tzc = CACHE_EMPTY;

  p->local_lo = G_MAXINT64;
  p->local_hi = G_MININT64;
  p->turn_lo = G_MAXINT32;
  p->turn_hi = G_MININT32;

  for (guint r = p->begin; r < p->end; r++)
    {
      gint64 c;
      gint32 t;

      if (ctx->bitmap != NULL)
        {
          if (!_il_filter_compiled_matches (&ctx->f, store, r))
            continue;
          ctx->bitmap[r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
        }
      p->n++;

      c = store->created_at[r];
      if (c != IL_TIME_NONE)
        {
          c = to_local (ctx->tz, &tzc, c);
          p->local_lo = MIN (p->local_lo, c);
          p->local_hi = MAX (p->local_hi, c);
        }
      t = store->turn_number[r];
      p->turn_lo = MIN (p->turn_lo, t);
      p->turn_hi = MAX (p->turn_hi, t);
    }
}

void
_il_aggregates_part_alloc (Part *p)
{
  Ctx *ctx = p->ctx;

  p->step_count = g_new0 (guint64, ctx->n_steps);
  p->step_sum = g_new0 (double, ctx->n_steps);
  p->step_min = g_new (double, ctx->n_steps);
  p->step_max = g_new (double, ctx->n_steps);
  for (guint s = 0; s < ctx->n_steps; s++)
    {
      p->step_min[s] = INFINITY;
      p->step_max[s] = -INFINITY;
    }
  p->step_success = g_new0 (guint64, ctx->n_steps);
  p->step_error = g_new0 (guint64, ctx->n_steps);
  p->status_count = g_new0 (guint64, ctx->n_statuses);
  p->status_sum = g_new0 (double, ctx->n_statuses);
  p->sessions = g_new0 (SessionAcc, ctx->n_sessions);
  p->trend_sum = g_new0 (double, (gsize) ctx->n_steps * ctx->n_trend);
  p->trend_count = g_new0 (guint32, (gsize) ctx->n_steps * ctx->n_trend);
  p->day_count = g_new0 (guint64, ctx->n_days);
  p->heat_sum = g_new0 (double, (gsize) ctx->n_steps * ctx->n_turns);
  p->heat_count = g_new0 (guint32, (gsize) ctx->n_steps * ctx->n_turns);
  p->turn_errors = g_new0 (guint64, ctx->n_turns);
  p->error_rows = g_array_new (FALSE, FALSE, sizeof (ErrRow));
  p->step_dev = g_new0 (double, ctx->n_steps);
  p->hist = g_new0 (guint64, N_LATENCY_BINS);
}

void
_il_aggregates_part_free (Part *p)
{
  g_free (p->step_count);
  g_free (p->step_sum);
  g_free (p->step_min);
  g_free (p->step_max);
  g_free (p->step_success);
  g_free (p->step_error);
  g_free (p->status_count);
  g_free (p->status_sum);
  g_free (p->sessions);
  g_free (p->trend_sum);
  g_free (p->trend_count);
  g_free (p->day_count);
  g_free (p->heat_sum);
  g_free (p->heat_count);
  g_free (p->turn_errors);
  if (p->error_rows != NULL)
    g_array_unref (p->error_rows);
  g_free (p->step_dev);
  g_free (p->hist);
}

void
_il_aggregates_phase1 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;
  TzCache tzc = CACHE_EMPTY;
  BucketCache trend_cache = CACHE_EMPTY;
  BucketCache day_cache = CACHE_EMPTY;
  const IlStrId success_id = ctx->success_id < 0 ? IL_STR_NONE : (IlStrId) ctx->success_id;
  const IlStrId error_id = ctx->error_id < 0 ? IL_STR_NONE : (IlStrId) ctx->error_id;

  for (guint r = p->begin; r < p->end; r++)
    {
      IlStrId s, st;
      double lat;
      SessionAcc *sa;
      gint64 c;
      gint32 turn;
      gboolean is_error;

      if (!row_passes (ctx, r))
        continue;

      s = store->step[r];
      st = store->status[r];
      lat = store->latency_ms[r];
      is_error = st == error_id;

      p->step_count[s]++;
      p->step_sum[s] += lat;
      if (lat < p->step_min[s])
        p->step_min[s] = lat;
      if (lat > p->step_max[s])
        p->step_max[s] = lat;
      p->status_count[st]++;
      p->status_sum[st] += lat;

      sa = &p->sessions[store->session[r]];
      if (sa->n_rows == 0)
        {
          sa->first_start = store->started_at[r];
          sa->last_end = store->completed_at[r];
        }
      else
        {
          sa->first_start = MIN (sa->first_start, store->started_at[r]);
          sa->last_end = MAX (sa->last_end, store->completed_at[r]);
        }
      sa->n_rows++;
      sa->total += lat;

      turn = store->turn_number[r];
      if (turn >= 0 && turn < 64)
        sa->turn_mask |= G_GUINT64_CONSTANT (1) << turn;
      else
        sa->wide_turns = 1;

      if (st == success_id)
        {
          p->step_success[s]++;
          sa->n_success++;
        }
      else if (is_error)
        {
          p->step_error[s]++;
          sa->n_errors++;
          ErrRow e = {
            store->session[r], s, store->error_message[r], lat,
            store->started_at[r], store->created_at[r],
          };

          g_array_append_val (p->error_rows, e);
        }

      if (ctx->turns_dense)
        {
          gsize cell = (gsize) s * ctx->n_turns + (guint) (turn - ctx->turn_min);

          p->heat_sum[cell] += lat;
          p->heat_count[cell]++;
          if (is_error)
            p->turn_errors[turn - ctx->turn_min]++;
        }

      c = store->created_at[r];
      if (c != IL_TIME_NONE)
        {
          gint64 local = to_local (ctx->tz, &tzc, c);
          gint64 b = bucket_index (&trend_cache, ctx->trend_w, local) - ctx->trend_first;
          gint64 d = bucket_index (&day_cache, US_PER_DAY, local) - ctx->day_first;

          if (b >= 0)
            {
              gsize cell = (gsize) s * ctx->n_trend + (gsize) b;

              p->trend_sum[cell] += lat;
              p->trend_count[cell]++;
            }
          if (d >= 0)
            p->day_count[d]++;
        }
    }
}

void
_il_aggregates_phase2 (gpointer data)
{
  Part *p = data;
  Ctx *ctx = p->ctx;
  const IlRowStore *store = ctx->store;

  for (guint r = p->begin; r < p->end; r++)
    {
      IlStrId s;
      double lat, dev;

      if (!row_passes (ctx, r))
        continue;

      s = store->step[r];
      lat = store->latency_ms[r];
      dev = ctx->step_mean[s] - lat;
      p->step_dev[s] += dev * dev;
      if (ctx->bitmap != NULL && (ctx->hist_step < 0 || s == ctx->hist_step))
        p->hist[hist_bin (&ctx->hist, lat)]++;
    }
}

typedef struct
{
  TaskFunc func;
  gpointer data;
} Job;

static gpointer
job_run (gpointer data)
{
  Job *job = data;

  job->func (job->data);
  return NULL;
}

/* Runs fa (a) and fb (b), on two threads when worth it. */
void
_il_aggregates_run_pair (TaskFunc fa,
                         gpointer a,
                         TaskFunc fb,
                         gpointer b,
                         gboolean parallel)
{
  Job job = { fb, b };
  GThread *thread = NULL;

  if (parallel)
    thread = g_thread_try_new ("il-aggregates", job_run, &job, NULL);
  fa (a);
  if (thread != NULL)
    g_thread_join (thread);
  else
    fb (b);
}

void
_il_aggregates_merge_parts (Part *a,
                            Part *b)
{
  Ctx *ctx = a->ctx;
  gsize n_trend = (gsize) ctx->n_steps * ctx->n_trend;
  gsize n_heat = (gsize) ctx->n_steps * ctx->n_turns;

  for (guint s = 0; s < ctx->n_steps; s++)
    {
      a->step_count[s] += b->step_count[s];
      a->step_sum[s] += b->step_sum[s];
      a->step_min[s] = MIN (a->step_min[s], b->step_min[s]);
      a->step_max[s] = MAX (a->step_max[s], b->step_max[s]);
      a->step_success[s] += b->step_success[s];
      a->step_error[s] += b->step_error[s];
    }
  for (guint s = 0; s < ctx->n_statuses; s++)
    {
      a->status_count[s] += b->status_count[s];
      a->status_sum[s] += b->status_sum[s];
    }
  for (guint i = 0; i < ctx->n_sessions; i++)
    {
      SessionAcc *x = &a->sessions[i];
      const SessionAcc *y = &b->sessions[i];

      if (y->n_rows == 0)
        continue;
      if (x->n_rows == 0)
        {
          *x = *y;
          continue;
        }
      x->first_start = MIN (x->first_start, y->first_start);
      x->last_end = MAX (x->last_end, y->last_end);
      x->total += y->total;
      x->n_rows += y->n_rows;
      x->n_errors += y->n_errors;
      x->n_success += y->n_success;
      x->wide_turns |= y->wide_turns;
      x->turn_mask |= y->turn_mask;
    }
  for (gsize i = 0; i < n_trend; i++)
    {
      a->trend_sum[i] += b->trend_sum[i];
      a->trend_count[i] += b->trend_count[i];
    }
  for (guint i = 0; i < ctx->n_days; i++)
    a->day_count[i] += b->day_count[i];
  for (gsize i = 0; i < n_heat; i++)
    {
      a->heat_sum[i] += b->heat_sum[i];
      a->heat_count[i] += b->heat_count[i];
    }
  for (guint i = 0; i < ctx->n_turns; i++)
    a->turn_errors[i] += b->turn_errors[i];
  /* keeps error rows in store order */
  g_array_append_vals (a->error_rows, b->error_rows->data, b->error_rows->len);
}
