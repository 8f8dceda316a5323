/* il-aggregates-errors.c: the error figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here works from the error rows phase 1 copied out, so no column
 * is read at random.
 */
#include "config.h"

#include "il-aggregates-private.h"

typedef struct
{
  guint64 key;                /* step << 32 | message */
  guint64 count;
  double  sum;
  gint64  first, last;
} GroupAcc;

static int
cmp_error_group (gconstpointer a,
                 gconstpointer b)
{
  const IlErrorGroup *x = a, *y = b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  c = strcmp (x->step_name, y->step_name);
  if (c != 0)
    return c;
  if (x->message_text == NULL || y->message_text == NULL)
    return (x->message_text == NULL) - (y->message_text == NULL);
  return strcmp (x->message_text, y->message_text);
}

typedef struct
{
  guint32 session;
  guint32 n_errors;
  gint64  first_error;
  IlUuid  id;
} ErrSessCand;

static int
cmp_error_session (gconstpointer a,
                   gconstpointer b)
{
  const ErrSessCand *x = a, *y = b;

  if (x->n_errors != y->n_errors)
    return x->n_errors > y->n_errors ? -1 : 1;
  if (x->first_error != y->first_error)
    return x->first_error < y->first_error ? -1 : 1;
  return il_uuid_compare (&x->id, &y->id);
}

void
_il_aggregates_compute_errors (Finish *fin)
{
  Ctx *ctx = fin->ctx;
  Part *m = fin->merged;
  IlAggregates *agg = fin->agg;
  const IlRowStore *store = ctx->store;
  const ErrRow *err = (const ErrRow *) m->error_rows->data;
  guint n_err = m->error_rows->len;
  g_autoptr(GHashTable) groups_by_key = NULL;
  g_autofree GroupAcc *groups = NULL;
  g_autofree guint32 *row_group = NULL;
  g_autofree guint32 *by_group = NULL;
  g_autofree guint64 *affected = NULL;
  g_autofree gint64 *first_error = NULL;
  g_autofree ErrSessCand *cands = NULL;
  g_autofree gint *top_index = NULL;
  g_autofree guint8 *failed = NULL;
  guint n_groups = 0, n_cands = 0;
  TzCache tzc = CACHE_EMPTY;
  guint64 best = 0;

  agg->errors.total_errors = n_err;
  agg->errors.error_rate_pct = ctx->n > 0 ? (double) n_err / (double) ctx->n * 100.0 : NAN;
  agg->errors.most_failing_step = -1;
  for (guint i = 0; i < agg->n_steps; i++)
    if (agg->steps[i].error_count > best)
      {
        best = agg->steps[i].error_count;
        agg->errors.most_failing_step = (gint) i;
      }

  /* error trend: errors per day per step over the same days as the daily volume */
  agg->error_trend.bucket = IL_BUCKET_DAY;
  agg->error_trend.bucket_us = US_PER_DAY;
  agg->error_trend.n_buckets = ctx->n_days;
  agg->error_trend.bucket_start = g_new (gint64, MAX (ctx->n_days, 1));
  fill_bucket_starts (ctx, agg->error_trend.bucket_start, ctx->day_first, ctx->n_days, US_PER_DAY);
  agg->error_trend.first_bucket_us = ctx->n_days > 0 ? agg->error_trend.bucket_start[0] : 0;
  agg->error_trend.n_steps = agg->n_steps;
  agg->error_trend.mean = NULL;
  agg->error_trend.count = g_new0 (guint32, MAX ((gsize) agg->n_steps * ctx->n_days, 1));

  if (n_err == 0)
    {
      agg->error_groups = g_new0 (IlErrorGroup, 1);
      agg->error_sessions = g_new0 (IlErrorSession, 1);
      return;
    }

  groups_by_key = g_hash_table_new (g_int64_hash, g_int64_equal);
  groups = g_new0 (GroupAcc, n_err);
  row_group = g_new (guint32, n_err);
  by_group = g_new (guint32, n_err);
  first_error = g_new (gint64, ctx->n_sessions);
  for (guint i = 0; i < ctx->n_sessions; i++)
    first_error[i] = G_MAXINT64;

  for (guint i = 0; i < n_err; i++)
    {
      const ErrRow *e = &err[i];
      guint64 key = ((guint64) e->step << 32) | e->message;
      gint64 seen = e->created_at != IL_TIME_NONE ? e->created_at : e->started_at;
      gpointer found;
      GroupAcc *g;
      guint32 sess = e->session;

      if (i > 0 && key == groups[row_group[i - 1]].key)
        g = &groups[row_group[i - 1]];   /* errors often come in runs */
      else if (g_hash_table_lookup_extended (groups_by_key, &key, NULL, &found))
        g = &groups[GPOINTER_TO_UINT (found)];
      else
        {
          g = &groups[n_groups];
          g->key = key;
          g->first = G_MAXINT64;
          g->last = G_MININT64;
          g_hash_table_insert (groups_by_key, &g->key, GUINT_TO_POINTER (n_groups));
          n_groups++;
        }
      row_group[i] = (guint32) (g - groups);
      g->count++;
      g->sum += e->latency_ms;
      g->first = MIN (g->first, seen);
      g->last = MAX (g->last, seen);

      first_error[sess] = MIN (first_error[sess], e->started_at);

      if (e->created_at != IL_TIME_NONE)
        {
          gint64 local = to_local (ctx->tz, &tzc, e->created_at);
          gint64 day = floor_div (local, US_PER_DAY);
          gint64 in_day = local - day * US_PER_DAY;
          gint64 dow = ((day + 3) % 7 + 7) % 7;   /* 1970-01-01 was a Thursday */
          gint idx = fin->store_to_index[e->step];

          agg->error_dow_hour[dow][in_day / US_PER_HOUR]++;
          if (day - ctx->day_first >= 0 && day - ctx->day_first < ctx->n_days)
            agg->error_trend.count[(gsize) idx * ctx->n_days + (gsize) (day - ctx->day_first)]++;
        }
    }

  /* affected sessions: the rows bucketed by group (counting sort), then a
   * per-session stamp says whether the group already saw that session */
  affected = g_new0 (guint64, n_groups);
  {
    g_autofree guint32 *start = g_new0 (guint32, n_groups + 1);
    g_autofree guint32 *stamp = g_new0 (guint32, ctx->n_sessions);

    for (guint i = 0; i < n_err; i++)
      start[row_group[i] + 1]++;
    for (guint g = 0; g < n_groups; g++)
      start[g + 1] += start[g];
    for (guint i = 0; i < n_err; i++)
      by_group[start[row_group[i]]++] = err[i].session;
    /* start[g] is now the end of group g */
    for (guint g = 0, i = 0; g < n_groups; g++)
      for (; i < start[g]; i++)
        if (stamp[by_group[i]] != g + 1)
          {
            stamp[by_group[i]] = g + 1;
            affected[g]++;
          }
  }

  agg->n_error_groups = n_groups;
  agg->error_groups = g_new0 (IlErrorGroup, n_groups);
  for (guint i = 0; i < n_groups; i++)
    {
      IlErrorGroup *eg = &agg->error_groups[i];
      const GroupAcc *g = &groups[i];
      IlStrId step = (IlStrId) (g->key >> 32);
      gint idx = fin->store_to_index[step];

      eg->step = step;
      eg->step_name = il_string_pool_get (store->steps, step);
      eg->message = (IlStrId) (g->key & G_MAXUINT32);
      eg->message_text = il_string_pool_get (store->messages, eg->message);
      eg->count = g->count;
      eg->share_of_step_pct = (double) g->count / (double) agg->steps[idx].count * 100.0;
      eg->first_seen = g->first;
      eg->last_seen = g->last;
      eg->affected_sessions = affected[i];
      eg->avg_latency_ms = g->sum / (double) g->count;
    }
  qsort (agg->error_groups, n_groups, sizeof (IlErrorGroup), cmp_error_group);

  /* sessions with errors, top N_ERROR_SESSIONS */
  cands = g_new (ErrSessCand, agg->errors.sessions_with_errors);
  for (guint i = 0; i < ctx->n_sessions; i++)
    if (m->sessions[i].n_errors > 0)
      {
        ErrSessCand *c = &cands[n_cands++];

        c->session = i;
        c->n_errors = m->sessions[i].n_errors;
        c->first_error = first_error[i];
        c->id = store->session_ids[i];
      }
  g_assert (n_cands == agg->errors.sessions_with_errors);
  qsort (cands, n_cands, sizeof (ErrSessCand), cmp_error_session);
  agg->n_error_sessions = MIN (n_cands, N_ERROR_SESSIONS);
  agg->error_sessions = g_new0 (IlErrorSession, MAX (agg->n_error_sessions, 1));

  top_index = g_new (gint, ctx->n_sessions);
  for (guint i = 0; i < ctx->n_sessions; i++)
    top_index[i] = -1;
  for (guint i = 0; i < agg->n_error_sessions; i++)
    top_index[cands[i].session] = (gint) i;
  failed = g_new0 (guint8, MAX ((gsize) agg->n_error_sessions * ctx->n_steps, 1));
  for (guint i = 0; i < n_err; i++)
    {
      gint t = top_index[err[i].session];

      if (t >= 0)
        failed[(gsize) t * ctx->n_steps + err[i].step] = 1;
    }
  for (guint i = 0; i < agg->n_error_sessions; i++)
    {
      IlErrorSession *es = &agg->error_sessions[i];
      const guint8 *f = failed + (gsize) i * ctx->n_steps;

      es->session = cands[i].session;
      es->id = cands[i].id;
      es->n_errors = cands[i].n_errors;
      es->first_error = cands[i].first_error;
      es->failed_steps = g_new (IlStrId, ctx->n_steps);
      for (guint k = 0; k < ctx->n_steps; k++)
        if (f[store->step_order[k]])
          es->failed_steps[es->n_failed_steps++] = store->step_order[k];
    }
}

static int
cmp_turn_error (gconstpointer a,
                gconstpointer b)
{
  return cmp_gint32 (&((const IlTurnErrorRate *) a)->turn, &((const IlTurnErrorRate *) b)->turn);
}

void
_il_aggregates_compute_turn_errors_sparse (Ctx          *ctx,
                                           IlAggregates *agg)
{
  const IlRowStore *store = ctx->store;
  g_autoptr(GHashTable) by_turn = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) acc = g_array_new (FALSE, TRUE, sizeof (IlTurnErrorRate));
  const IlStrId error_id = ctx->error_id < 0 ? IL_STR_NONE : (IlStrId) ctx->error_id;

  /* only for turn spans too wide for dense arrays: slow but rare */
  for (guint r = 0; r < store->n_rows; r++)
    {
      gpointer found;
      IlTurnErrorRate *t;

      if (!row_passes (ctx, r))
        continue;
      if (!g_hash_table_lookup_extended (by_turn, GINT_TO_POINTER (store->turn_number[r]), NULL, &found))
        {
          IlTurnErrorRate zero = { .turn = store->turn_number[r] };

          found = GUINT_TO_POINTER (acc->len);
          g_array_append_val (acc, zero);
          g_hash_table_insert (by_turn, GINT_TO_POINTER (zero.turn), found);
        }
      t = &g_array_index (acc, IlTurnErrorRate, GPOINTER_TO_UINT (found));
      t->count++;
      t->errors += store->status[r] == error_id;
    }
  agg->n_turn_errors = acc->len;
  agg->turn_errors = g_new (IlTurnErrorRate, MAX (acc->len, 1));
  for (guint i = 0; i < acc->len; i++)
    {
      agg->turn_errors[i] = g_array_index (acc, IlTurnErrorRate, i);
      agg->turn_errors[i].error_rate_pct = (double) agg->turn_errors[i].errors
                                           / (double) agg->turn_errors[i].count * 100.0;
    }
  qsort (agg->turn_errors, agg->n_turn_errors, sizeof (IlTurnErrorRate), cmp_turn_error);
}
