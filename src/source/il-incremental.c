/* il-incremental.c: a refresh that reads only what changed since the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cached rows are split at overlap_lo = newest cached created_at minus
 * the overlap. Everything from overlap_lo on is read again (new rows, and
 * rows of slow transactions); the cached rows below it are trusted when the
 * server counts as many in that span. When it does not, the span is cut at
 * the cached rows' quartiles and each quarter counted, recursively, until a
 * quarter holds at most one page of cached rows: that quarter is read again.
 * Deleting one row out of a million thus costs about twenty count requests
 * and one page, not a new download. The result is merged in full-fetch
 * order on a worker thread.
 */
#include "config.h"

#include <string.h>

#include "il-incremental.h"
#include "il-row-merge.h"
#include "il-supabase-range.h"
#include "il-task-start.h"

#define SPLIT_WAYS 4

typedef struct
{
  IlSupabaseClient *client;
  GTask            *task;
  IlRowStore       *old;
  IlRowCacheMeta    meta;
  gint64            created_min;
  gint64            started_at;
  guint             pending;
  GError           *error;
  GPtrArray        *fresh;          /* IlRowStore */
  GArray           *spans;          /* IlTimeSpan read again */
  gboolean          refetched_null;
  gint64           *times;          /* the old rows' dated created_at, sorted; lazily */
  gsize             n_times;
  IlRefreshStats    stats;
  IlRowStore       *result;
  gint64            overlap_lo;
  IlRowStore       *overlap_rows;   /* borrowed from fresh */
  IlFetchProgressFunc progress;
  gpointer          progress_data;
  GArray           *span_progress;  /* SpanProgress, one per span read */
} Refresh;

typedef struct
{
  guint64 received;
  gint64  total;     /* -1 until known */
} SpanProgress;

typedef struct
{
  Refresh     *refresh;
  gint64       lo;
  gint64       hi;
  IlRangeRows  rows;
  guint        progress_index;
} SpanOp;

static void
refresh_free (Refresh *r)
{
  g_clear_object (&r->client);
  g_clear_pointer (&r->old, il_row_store_unref);
  g_clear_error (&r->error);
  g_clear_pointer (&r->fresh, g_ptr_array_unref);
  g_clear_pointer (&r->spans, g_array_unref);
  g_clear_pointer (&r->span_progress, g_array_unref);
  g_free (r->times);
  g_clear_pointer (&r->result, il_row_store_unref);
  g_free (r);
}

static void refresh_maybe_done (Refresh *r);

static void
refresh_fail (Refresh *r, GError *error)
{
  if (r->error == NULL)
    r->error = error;
  else
    g_error_free (error);
}

/* ---- the cached side ------------------------------------------------------------ */

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
ensure_times (Refresh *r)
{
  gboolean sorted = TRUE;

  if (r->times != NULL)
    return;
  r->times = g_new (gint64, MAX (r->old->n_rows, 1));
  for (guint i = 0; i < r->old->n_rows; i++)
    if (r->old->created_at[i] != IL_TIME_NONE)
      {
        if (r->n_times > 0 && r->times[r->n_times - 1] > r->old->created_at[i])
          sorted = FALSE;
        r->times[r->n_times++] = r->old->created_at[i];
      }
  if (!sorted)
    qsort (r->times, r->n_times, sizeof (gint64), compare_times);
}

/* First index whose time is >= t (IL_TIME_NONE: 0, i.e. no bound below;
 * as an upper bound the caller passes n_times). */
static gsize
lower_bound (Refresh *r, gint64 t)
{
  gsize a = 0, b = r->n_times;

  if (t == IL_TIME_NONE)
    return 0;
  while (a < b)
    {
      gsize m = a + (b - a) / 2;
      if (r->times[m] < t)
        a = m + 1;
      else
        b = m;
    }
  return a;
}

static gsize
cached_dated_count (Refresh *r, gint64 lo, gint64 hi, gsize *first)
{
  gsize a, b;

  ensure_times (r);
  a = lower_bound (r, lo);
  b = hi == IL_TIME_NONE ? r->n_times : lower_bound (r, hi);
  if (first != NULL)
    *first = a;
  return b > a ? b - a : 0;
}

static guint
cached_null_count (Refresh *r)
{
  guint n = 0;

  for (guint i = 0; i < r->old->n_rows; i++)
    n += r->old->created_at[i] == IL_TIME_NONE;
  return n;
}

/* ---- requests ----------------------------------------------------------------------- */

static SpanOp *
span_op_new (Refresh *r, gint64 lo, gint64 hi, IlRangeRows rows)
{
  SpanOp *op = g_new0 (SpanOp, 1);

  op->refresh = r;
  op->lo = lo;
  op->hi = hi;
  op->rows = rows;
  r->pending++;
  return op;
}

static void
fetched_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  SpanOp *op = data;
  Refresh *r = op->refresh;
  GError *error = NULL;
  IlRowStore *store = il_supabase_client_fetch_range_finish (r->client, result, &error);

  r->pending--;
  if (store == NULL)
    refresh_fail (r, error);
  else
    {
      /* only the newest span is open-ended */
      if (op->rows == IL_RANGE_DATED && op->hi == IL_TIME_NONE)
        r->overlap_rows = store;
      g_ptr_array_add (r->fresh, store);
    }
  g_free (op);
  refresh_maybe_done (r);
}

/* The rows of every span read so far, of the totals known so far: a span
 * whose total is not known yet makes the whole unknown. */
static void
span_progress_cb (guint64 rows_fetched, gint64 rows_total, gpointer data)
{
  SpanOp *op = data;
  Refresh *r = op->refresh;
  SpanProgress *sp = &g_array_index (r->span_progress, SpanProgress, op->progress_index);
  guint64 fetched = 0;
  gint64 total = 0;

  sp->received = rows_fetched;
  sp->total = rows_total;
  for (guint i = 0; i < r->span_progress->len; i++)
    {
      sp = &g_array_index (r->span_progress, SpanProgress, i);
      fetched += sp->received;
      total = total < 0 || sp->total < 0 ? -1 : total + sp->total;
    }
  r->progress (fetched, total, r->progress_data);
}

/* Reads a span again; its cached rows are dropped in the merge. */
static void
refetch (Refresh *r, gint64 lo, gint64 hi, IlRangeRows rows)
{
  SpanOp *op = span_op_new (r, lo, hi, rows);
  SpanProgress sp = { 0, -1 };

  op->progress_index = r->span_progress->len;
  g_array_append_val (r->span_progress, sp);

  if (rows == IL_RANGE_NULL_ONLY)
    r->refetched_null = TRUE;
  else
    {
      IlTimeSpan span = { lo, hi };
      g_array_append_val (r->spans, span);
    }
  il_supabase_client_fetch_range_progress_async (r->client, lo, hi, rows,
                                                 r->progress != NULL ? span_progress_cb : NULL, op,
                                                 g_task_get_cancellable (r->task), fetched_cb, op);
}

static void count_span (Refresh *r, gint64 lo, gint64 hi, IlRangeRows rows);

/* The server has @server rows in [lo, hi): read again what differs. */
static void
bisect (Refresh *r, gint64 lo, gint64 hi, gint64 server)
{
  gsize first;
  gsize n = cached_dated_count (r, lo, hi, &first);
  gint64 cuts[SPLIT_WAYS + 1];
  guint n_cuts = 0;

  if ((gint64) n == server)
    return;

  cuts[n_cuts++] = lo;
  if (n > il_supabase_client_get_page_size (r->client))
    for (guint k = 1; k < SPLIT_WAYS; k++)
      {
        gint64 t = r->times[first + n * k / SPLIT_WAYS];

        /* strictly inside (lo, hi) and increasing, so no quarter is empty of time */
        if ((lo == IL_TIME_NONE || t > lo) && t > cuts[n_cuts - 1] && (hi == IL_TIME_NONE || t < hi))
          cuts[n_cuts++] = t;
      }
  cuts[n_cuts++] = hi;

  if (n_cuts == 2)
    {
      r->stats.spans_refetched++;
      refetch (r, lo, hi, IL_RANGE_DATED);
      return;
    }
  for (guint k = 0; k + 1 < n_cuts; k++)
    count_span (r, cuts[k], cuts[k + 1], IL_RANGE_DATED);
}

static void
counted_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  SpanOp *op = data;
  Refresh *r = op->refresh;
  GError *error = NULL;
  gint64 server = il_supabase_client_count_finish (r->client, result, &error);

  r->pending--;
  if (server < 0)
    refresh_fail (r, error);
  else if (r->error == NULL)
    {
      if (op->rows == IL_RANGE_DATED)
        bisect (r, op->lo, op->hi, server);
      else if (op->rows == IL_RANGE_NULL_ONLY)
        {
          if (server != cached_null_count (r))
            refetch (r, IL_TIME_NONE, IL_TIME_NONE, IL_RANGE_NULL_ONLY);
        }
      else if ((guint64) server != cached_dated_count (r, op->lo, op->hi, NULL) + cached_null_count (r))
        {
          /* which of the two changed: one more request each */
          count_span (r, IL_TIME_NONE, IL_TIME_NONE, IL_RANGE_NULL_ONLY);
          count_span (r, op->lo, op->hi, IL_RANGE_DATED);
        }
    }
  g_free (op);
  refresh_maybe_done (r);
}

static void
count_span (Refresh *r, gint64 lo, gint64 hi, IlRangeRows rows)
{
  SpanOp *op = span_op_new (r, lo, hi, rows);

  il_supabase_client_count_async (r->client, lo, hi, rows, g_task_get_cancellable (r->task),
                                  counted_cb, op);
}

/* ---- the end: merge on a worker thread ----------------------------------------------- */

/* The bad rows read again are those the cache counted in that span (a bad
 * row that stays bad must not make every refresh a new store). */
static gboolean
same_skipped (const IlRowStore *old, const IlRowStore *fresh, gint64 overlap_lo)
{
  g_autofree gint64 *a = NULL;
  g_autofree gint64 *b = NULL;
  guint n = 0;

  if (fresh->n_skipped == 0)
    {
      for (guint i = 0; i < old->n_skipped; i++)
        if (old->skipped_at[i] != IL_TIME_NONE && old->skipped_at[i] != IL_SKIPPED_AT_UNKNOWN
            && old->skipped_at[i] >= overlap_lo)
          return FALSE;
      return TRUE;
    }
  a = g_new (gint64, old->n_skipped + 1);
  for (guint i = 0; i < old->n_skipped; i++)
    if (old->skipped_at[i] != IL_TIME_NONE && old->skipped_at[i] != IL_SKIPPED_AT_UNKNOWN
        && old->skipped_at[i] >= overlap_lo)
      a[n++] = old->skipped_at[i];
  if (n != fresh->n_skipped)
    return FALSE;
  b = g_memdup2 (fresh->skipped_at, n * sizeof (gint64));
  qsort (a, n, sizeof (gint64), compare_times);
  qsort (b, n, sizeof (gint64), compare_times);
  /* an unknown time in the fresh rows matches nothing: merge to be safe */
  return memcmp (a, b, n * sizeof (gint64)) == 0;
}

/* The usual refresh: the newest rows read again are the cached ones and
 * nothing else changed. The cached store is then the answer as it is, and
 * neither a merge nor new indexes are needed. */
static gboolean
nothing_changed (Refresh *r)
{
  IlRowStore *old = r->old;
  IlRowStore *fresh = r->overlap_rows;
  guint n_dated = 0;
  guint a, b;

  if (r->fresh->len != 1 || fresh == NULL || r->spans->len != 1 || r->refetched_null
      || !same_skipped (old, fresh, r->overlap_lo))
    return FALSE;

  for (n_dated = old->n_rows; n_dated > 0 && old->created_at[n_dated - 1] == IL_TIME_NONE; n_dated--)
    ;
  /* rows that fell out of the range */
  if (r->created_min != IL_TIME_NONE
      && (n_dated < old->n_rows || (n_dated > 0 && old->created_at[0] < r->created_min)))
    return FALSE;

  /* the cached rows from overlap_lo on, found by bisection */
  a = 0;
  b = n_dated;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;

      if (old->created_at[mid] < r->overlap_lo)
        a = mid + 1;
      else
        b = mid;
    }
  if (n_dated - a != fresh->n_rows)
    return FALSE;
  for (guint i = 0; i < fresh->n_rows; i++)
    if (!il_row_store_rows_equal (old, a + i, fresh, i))
      return FALSE;
  return TRUE;
}

static void
merge_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Refresh *r = data;
  IlRowStore *store;
  gint64 max_created = IL_TIME_NONE;

  if (nothing_changed (r))
    {
      r->result = il_row_store_ref (r->old);
      r->stats.unchanged = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  store = il_row_store_merge (r->old, r->created_min,
                              (const IlTimeSpan *) (gpointer) r->spans->data, r->spans->len,
                              r->refetched_null,
                              (IlRowStore * const *) r->fresh->pdata, r->fresh->len);
  for (guint i = 0; i < store->n_rows; i++)
    max_created = MAX (max_created, store->created_at[i]);
  r->meta.max_created = max_created;
  r->result = store;
  g_task_return_boolean (task, TRUE);
}

static void
refresh_maybe_done (Refresh *r)
{
  GTask *task = r->task;

  if (r->pending > 0)
    return;
  if (r->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&r->error));
      g_object_unref (task);
      return;
    }
  r->meta.created_min = r->created_min;
  r->meta.fetched_at = r->started_at;
  il_task_run_in_background (task, merge_thread);
  g_object_unref (task);
}

/* ---- without a usable cache ----------------------------------------------------------- */

static void
full_fetched_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Refresh *r = g_task_get_task_data (task);
  GError *error = NULL;
  IlRowStore *store = il_supabase_client_fetch_finish (r->client, result, &error);

  if (store == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The fetch is in full-fetch order already; just note the range. */
  r->result = store;
  r->meta.created_min = r->created_min;
  r->meta.fetched_at = r->started_at;
  r->meta.max_created = IL_TIME_NONE;
  for (guint i = 0; i < store->n_rows; i++)
    r->meta.max_created = MAX (r->meta.max_created, store->created_at[i]);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
il_incremental_refresh_async (IlSupabaseClient     *client,
                              IlRowStore           *cached,
                              const IlRowCacheMeta *meta,
                              gint64                created_min,
                              gint64                overlap_us,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  il_incremental_refresh_progress_async (client, cached, meta, created_min, overlap_us, NULL, NULL,
                                         cancellable, callback, user_data);
}

void
il_incremental_refresh_progress_async (IlSupabaseClient     *client,
                                       IlRowStore           *cached,
                                       const IlRowCacheMeta *meta,
                                       gint64                created_min,
                                       gint64                overlap_us,
                                       IlFetchProgressFunc   progress,
                                       gpointer              progress_data,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GTask *task;
  Refresh *r;
  gint64 overlap_lo;
  gint64 check_lo;
  gboolean usable;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (client));
  g_return_if_fail (cached == NULL || meta != NULL);
  g_return_if_fail (overlap_us >= 0);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_incremental_refresh_async);
  r = g_new0 (Refresh, 1);
  r->client = g_object_ref (client);
  r->task = task;
  r->created_min = created_min;
  r->started_at = g_get_real_time ();
  r->fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_store_unref);
  r->spans = g_array_new (FALSE, FALSE, sizeof (IlTimeSpan));
  r->span_progress = g_array_new (FALSE, FALSE, sizeof (SpanProgress));
  r->progress = progress;
  r->progress_data = progress_data;
  g_task_set_task_data (task, r, (GDestroyNotify) refresh_free);
  if (cached != NULL)
    {
      r->old = il_row_store_ref (cached);
      r->meta = *meta;
      r->stats.rows_before = cached->n_rows;
    }

  /* The cache serves when it has dated rows still in the range, and when it
   * holds the null created_at rows if they are wanted. */
  usable = cached != NULL
           && meta->max_created != IL_TIME_NONE
           && (created_min != IL_TIME_NONE || meta->created_min == IL_TIME_NONE)
           && (created_min == IL_TIME_NONE || meta->max_created >= created_min);
  if (!usable)
    {
      r->stats.full_fetch = TRUE;
      il_supabase_client_fetch_async (client, created_min, progress, progress_data, cancellable,
                                      full_fetched_cb, task);
      return;
    }

  overlap_lo = meta->max_created - overlap_us;
  if (created_min != IL_TIME_NONE && overlap_lo < created_min)
    overlap_lo = created_min;
  r->overlap_lo = overlap_lo;

  /* Hold the task until every request is sent: a synchronous failure must
   * not finish it half-way. */
  r->pending++;

  refetch (r, overlap_lo, IL_TIME_NONE, IL_RANGE_DATED);

  check_lo = created_min;
  if (created_min != IL_TIME_NONE && meta->created_min != IL_TIME_NONE && created_min < meta->created_min)
    {
      /* More days than cached: the older part, in parallel slices. */
      gint64 hi = MIN (meta->created_min, overlap_lo);
      guint k = il_supabase_client_get_concurrency (client);

      for (guint i = 0; i < k; i++)
        {
          gint64 a = created_min + (hi - created_min) / k * i;
          gint64 b = i + 1 == k ? hi : created_min + (hi - created_min) / k * (i + 1);

          if (b > a)
            refetch (r, a, b, IL_RANGE_DATED);
        }
      check_lo = hi;
    }
  else if (created_min != IL_TIME_NONE && meta->created_min != IL_TIME_NONE)
    check_lo = MAX (created_min, meta->created_min);

  if (created_min == IL_TIME_NONE)
    count_span (r, IL_TIME_NONE, overlap_lo, IL_RANGE_DATED_AND_NULL);
  else if (check_lo < overlap_lo)
    count_span (r, check_lo, overlap_lo, IL_RANGE_DATED);

  r->pending--;
  refresh_maybe_done (r);
}

IlRowStore *
il_incremental_refresh_finish (IlSupabaseClient  *client,
                               GAsyncResult      *result,
                               IlRowCacheMeta    *meta,
                               IlRefreshStats    *stats,
                               GError           **error)
{
  Refresh *r;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  r = g_task_get_task_data (G_TASK (result));
  r->stats.rows_after = r->result->n_rows;
  if (meta != NULL)
    *meta = r->meta;
  if (stats != NULL)
    *stats = r->stats;
  return g_steal_pointer (&r->result);
}
