/* il-dashboard-load.c: the dashboard's load and compute tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-dashboard-private.h"
#include "il-demo.h"
#include "il-incremental.h"
#include "il-row-merge.h"
#include "il-supabase-client.h"
#include "il-task-start.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* ---- computation ------------------------------------------------------ */

typedef struct
{
  IlRowStore         *store;
  IlFilter            filter;
  IlAggregateOptions  options;
  guint               generation;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  il_row_store_unref (data->store);
  il_filter_clear (&data->filter);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  IlAggregates *agg = il_aggregates_compute (data->store, &data->filter, &data->options);

  g_task_return_pointer (task, agg, (GDestroyNotify) il_aggregates_free);
}

static void
compute_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IlDashboard *self = IL_DASHBOARD (object);
  ComputeData *data = g_task_get_task_data (G_TASK (result));
  IlAggregates *agg = g_task_propagate_pointer (G_TASK (result), NULL);

  if (data->generation != self->compute_generation || agg == NULL)
    {
      /* a newer computation is on its way */
      g_clear_pointer (&agg, il_aggregates_free);
      return;
    }

  self->computing = FALSE;
  _il_dashboard_set_snapshot (self, il_snapshot_new (data->store, agg));
  if (self->ready_pending)
    {
      self->ready_pending = FALSE;
      _il_dashboard_set_state (self, IL_DASHBOARD_STATE_READY, NULL);
    }
}

void
_il_dashboard_start_compute (IlDashboard *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  if (self->store == NULL)
    return;
  if (self->server_side)
    {
      /* the database computes: ask it again with the new options */
      _il_dashboard_load (self);
      return;
    }

  data = g_new0 (ComputeData, 1);
  data->store = il_row_store_ref (self->store);
  il_filter_init (&data->filter);
  data->filter.created_min = _il_dashboard_range_min (self, self->store_now);
  il_aggregate_options_init (&data->options);
  data->options.trend_bucket = self->trend_bucket;
  data->options.trend_bucket_auto = self->trend_bucket_auto;
  data->options.trend_statistic = self->trend_statistic;
  data->options.local_time = self->local_time;
  data->options.histogram_step = self->histogram_step;
  data->options.histogram_spacing = self->histogram_log ? IL_HISTOGRAM_SPACING_LOG : IL_HISTOGRAM_SPACING_LINEAR;
  data->options.histogram_clip_p99 = self->histogram_clip;
  data->generation = ++self->compute_generation;
  self->computing = TRUE;

  task = g_task_new (self, NULL, compute_done, NULL);
  g_task_set_source_tag (task, _il_dashboard_start_compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  il_task_run_in_background (task, compute_thread);
}

/* ---- loading ---------------------------------------------------------- */

/* @meta: what the store covers, for the next incremental refresh; NULL
 * when it did not come through the cache. */
static void
set_store (IlDashboard          *self,
           IlRowStore           *store,
           gint64                bound,
           gint64                now,
           const IlRowCacheMeta *meta)
{
  if (self->server_side && self->histogram_step != IL_STR_NONE && self->store != NULL)
    {
      /* the step keeps its name, not its id in the summary's names */
      gint64 id = il_string_pool_lookup (store->steps,
                                         il_string_pool_get (self->store->steps, self->histogram_step));

      _il_dashboard_sync_histogram_step (self, id >= 0 ? (IlStrId) id : IL_STR_NONE);
    }
  _il_dashboard_set_server_side (self, FALSE);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->store_bound = bound;
  self->store_now = now;
  self->store_has_meta = meta != NULL;
  if (meta != NULL)
    self->store_meta = *meta;
  self->ready_pending = TRUE;
  _il_dashboard_start_compute (self);
}

static void
end_load (IlDashboard *self)
{
  g_clear_object (&self->load_cancellable);
}

typedef struct
{
  gint64      now;
  IlRowStore *shown;   /* the rows to add to, or NULL */
  guint       n_new;
  guint32     seed;
} DemoLoad;

static void
demo_load_free (gpointer data)
{
  DemoLoad *load = data;

  g_clear_pointer (&load->shown, il_row_store_unref);
  g_free (load);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoLoad *load = task_data;
  IlRowStore *store;

  if (load->shown != NULL)
    {
      g_autoptr(IlRowStore) fresh = il_demo_generate_between (load->n_new, load->seed,
                                                              load->now - 10 * 60 * G_USEC_PER_SEC, load->now);
      gint64 newest = IL_TIME_NONE, oldest_new = G_MAXINT64;

      /* A refresh's new rows come after the cached ones: so do these. */
      for (guint i = 0; i < load->shown->n_rows; i++)
        newest = MAX (newest, load->shown->created_at[i]);
      for (guint i = 0; i < fresh->n_rows; i++)
        oldest_new = MIN (oldest_new, fresh->created_at[i]);
      if (fresh->n_rows > 0 && newest != IL_TIME_NONE && oldest_new <= newest)
        {
          gint64 shift = newest - oldest_new + 1000;

          for (guint i = 0; i < fresh->n_rows; i++)
            {
              fresh->started_at[i] += shift;
              fresh->completed_at[i] += shift;
              fresh->created_at[i] += shift;
            }
        }
      store = il_row_store_merge (load->shown, IL_TIME_NONE, NULL, 0, FALSE, &fresh, 1);
    }
  else
    store = il_demo_generate (_il_dashboard_hook_demo_rows (), IL_DEMO_DEFAULT_SEED, load->now);
  g_task_return_pointer (task, store, (GDestroyNotify) il_row_store_unref);
}

static void
demo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  IlDashboard *self = IL_DASHBOARD (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  gint64 now = ((DemoLoad *) g_task_get_task_data (G_TASK (result)))->now;
  IlRowStore *store = g_task_propagate_pointer (G_TASK (result), NULL);

  if (generation != self->load_generation || store == NULL)
    {
      g_clear_pointer (&store, il_row_store_unref);
      return;
    }

  end_load (self);
  /* Demo data covers every day: any range filters locally. */
  set_store (self, store, IL_TIME_NONE, now, NULL);
}

static void
on_fetch_progress (guint64  rows_fetched,
                   gint64   rows_total,
                   gpointer user_data)
{
  IlDashboard *self = IL_DASHBOARD (user_data);

  self->rows_fetched = rows_fetched;
  self->rows_total = rows_total;
  _il_dashboard_notify_progress (self);
}

typedef struct
{
  IlDashboard *self;
  guint        generation;
  gint64       bound;
  gint64       now;
} FetchData;

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchData *data = user_data;
  IlDashboard *self = data->self;
  g_autoptr(GError) error = NULL;
  IlRowStore *store = il_supabase_client_fetch_finish (IL_SUPABASE_CLIENT (object), result, &error);

  if (data->generation == self->load_generation)
    {
      end_load (self);

      if (store != NULL)
        {
          g_autofree char *advice = il_supabase_client_dup_advice (IL_SUPABASE_CLIENT (object));

          _il_dashboard_set_refreshed_time (self, g_get_real_time ());
          _il_dashboard_set_advice (self, advice);
          set_store (self, g_steal_pointer (&store), data->bound, data->now, NULL);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _il_dashboard_set_state (self, IL_DASHBOARD_STATE_CANCELLED, NULL);
      else
        _il_dashboard_set_state (self, IL_DASHBOARD_STATE_FAILED, g_steal_pointer (&error));   /* the snapshot stays */
    }

  g_clear_pointer (&store, il_row_store_unref);
  g_object_unref (self);
  g_free (data);
}

/* ---- loading through the local cache ----------------------------------- */

typedef struct
{
  IlDashboard      *self;
  guint             generation;
  gint64            bound;
  gint64            now;
  IlSupabaseClient *client;
  IlRowStore       *cached;   /* what the refresh starts from, or NULL */
  IlRowCacheMeta    meta;     /* what @cached covers */
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->cached, il_row_store_unref);
  g_clear_object (&data->client);
  g_object_unref (data->self);
  g_free (data);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  IlDashboard *self = IL_DASHBOARD (user_data);
  g_autoptr(GError) error = NULL;

  /* A cache that cannot be written costs the next start a full fetch, no more. */
  if (!il_row_cache_save_finish (IL_ROW_CACHE (object), result, &error))
    g_debug ("The local cache was not saved: %s", error->message);
  self->saves_pending--;
  g_object_unref (self);
}

/* Takes @store (NULL with @error). */
static void
refresh_finished (RefreshData          *data,
                  IlRowStore           *store,
                  const IlRowCacheMeta *meta,
                  gboolean              unchanged,
                  GError               *error)
{
  IlDashboard *self = data->self;

  if (data->generation == self->load_generation)
    {
      end_load (self);

      if (store != NULL)
        {
          g_autofree char *advice = il_supabase_client_dup_advice (data->client);

          _il_dashboard_set_refreshed_time (self, g_get_real_time ());
          _il_dashboard_set_advice (self, advice);
          if (unchanged && store == self->store)
            {
              /* Nothing new: the snapshot stays, only the time moves. */
              self->store_meta = *meta;
              if (self->computing)
                self->ready_pending = TRUE;
              else
                _il_dashboard_set_state (self, IL_DASHBOARD_STATE_READY, NULL);
            }
          else
            {
              if (!unchanged && self->cache != NULL)
                {
                  self->saves_pending++;
                  il_row_cache_save_async (self->cache, store, meta, NULL, save_done, g_object_ref (self));
                }
              set_store (self, g_steal_pointer (&store), meta->created_min, data->now, meta);
            }
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _il_dashboard_set_state (self, IL_DASHBOARD_STATE_CANCELLED, NULL);
      else
        _il_dashboard_set_state (self, IL_DASHBOARD_STATE_FAILED, g_steal_pointer (&error));   /* the snapshot stays */
    }

  g_clear_pointer (&store, il_row_store_unref);
  g_clear_error (&error);
  refresh_data_free (data);
}

static void
refresh_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError *error = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, IL_TIME_NONE, 0 };
  IlRefreshStats stats = { 0 };
  IlRowStore *store = il_incremental_refresh_finish (IL_SUPABASE_CLIENT (object), result, &meta, &stats, &error);

  if (store != NULL)
    g_debug ("Refresh: %u rows before, %u after, %s", stats.rows_before, stats.rows_after,
             stats.full_fetch ? "full fetch" : stats.unchanged ? "unchanged" : "incremental");
  refresh_finished (user_data, store, &meta, stats.unchanged, error);
}

/* Without cached rows: a plain fetch, which reports its progress. */
static void
full_fetch_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RefreshData *data = user_data;
  GError *error = NULL;
  IlRowStore *store = il_supabase_client_fetch_finish (IL_SUPABASE_CLIENT (object), result, &error);
  IlRowCacheMeta meta = { data->bound, IL_TIME_NONE, data->now };

  for (guint i = 0; store != NULL && i < store->n_rows; i++)
    meta.max_created = MAX (meta.max_created, store->created_at[i]);
  refresh_finished (data, store, &meta, FALSE, error);
}

static void
start_refresh (RefreshData *data)
{
  if (data->cached == NULL)
    {
      il_supabase_client_fetch_async (data->client, data->bound, on_fetch_progress, data->self,
                                      data->self->load_cancellable, full_fetch_done, data);
      return;
    }
  /* With its progress too: a refresh that reads older days, or bisects
   * after deletes, may read many pages. */
  il_incremental_refresh_progress_async (data->client, data->cached, data->cached != NULL ? &data->meta : NULL,
                                         data->bound, IL_INCREMENTAL_DEFAULT_OVERLAP,
                                         on_fetch_progress, data->self,
                                         data->self->load_cancellable, refresh_done, data);
}

/* Shows the cached rows while the refresh runs (the state stays loading),
 * when they cover the range. */
static void
publish_cached (IlDashboard *self,
                RefreshData *data)
{
  gint64 cached_min = data->meta.created_min;
  gint64 range_min = _il_dashboard_range_min (self, data->now);

  if (self->store != NULL)
    return;
  /* the previous period may come with the refresh */
  if (cached_min != IL_TIME_NONE && (range_min == IL_TIME_NONE || range_min < cached_min))
    return;

  self->store = il_row_store_ref (data->cached);
  self->store_bound = cached_min;
  self->store_now = data->now;
  self->store_has_meta = TRUE;
  self->store_meta = data->meta;
  _il_dashboard_set_refreshed_time (self, data->meta.fetched_at);
  _il_dashboard_start_compute (self);
}

static void
cache_load_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RefreshData *data = user_data;
  IlDashboard *self = data->self;
  g_autoptr(GError) error = NULL;
  IlRowStore *cached = il_row_cache_load_finish (IL_ROW_CACHE (object), result, &data->meta, &error);

  if (data->generation != self->load_generation)
    {
      /* A newer load reads it again, but a damaged file is gone by now:
       * say so here. */
      if (self->cache == IL_ROW_CACHE (object) && cached == NULL &&
          !g_error_matches (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_NOT_FOUND))
        _il_dashboard_set_notice (self, error->message);
      g_clear_pointer (&cached, il_row_store_unref);
      refresh_data_free (data);
      return;
    }
  self->cache_read = TRUE;
  data->cached = cached;
  if (cached != NULL)
    publish_cached (self, data);
  else if (!g_error_matches (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_NOT_FOUND))
    _il_dashboard_set_notice (self, error->message);   /* discarded: a full fetch follows */
  start_refresh (data);
}

/* The first load of a source reads the cache first; every load after it
 * refreshes the store it has. */
static void
load_cached (IlDashboard      *self,
             IlSupabaseClient *client,
             gboolean          reload_all)
{
  RefreshData *data = g_new0 (RefreshData, 1);

  data->self = g_object_ref (self);
  data->generation = self->load_generation;
  data->now = g_get_real_time ();
  data->bound = _il_dashboard_fetch_min (self, data->now);
  data->client = g_object_ref (client);
  _il_dashboard_notify_progress (self);

  /* An invalid URL has no cache; the refresh reports the URL's error. */
  if (self->cache == NULL && il_supabase_client_get_base_url (client) != NULL)
    self->cache = il_row_cache_new (self->cache_dir, il_supabase_client_get_base_url (client));

  if (reload_all)
    self->cache_read = TRUE;
  else if (!self->cache_read && self->cache != NULL)
    {
      /* Not cancellable: a damaged file is deleted on the way, which the
       * notice must say. A cancel stops the refresh after it. */
      il_row_cache_load_async (self->cache, NULL, cache_load_done, data);
      return;
    }
  else if (self->store != NULL && self->store_has_meta)
    {
      data->cached = il_row_store_ref (self->store);
      data->meta = self->store_meta;
    }
  start_refresh (data);
}

static void
load (IlDashboard *self,
      gboolean     quiet)
{
  gboolean reload_all = self->reload_all;

  self->reload_all = FALSE;
  self->load_generation++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->ready_pending = FALSE;
  self->rows_fetched = 0;
  self->rows_total = -1;
  self->quiet_load = quiet;
  if (!quiet)
    _il_dashboard_set_state (self, IL_DASHBOARD_STATE_LOADING, NULL);

  if (!il_dashboard_is_remote (self))
    {
      g_autoptr(GTask) task = g_task_new (self, self->load_cancellable, demo_done,
                                          GUINT_TO_POINTER (self->load_generation));
      DemoLoad *data = g_new0 (DemoLoad, 1);
      guint n_new = quiet && self->store != NULL ? _il_dashboard_hook_demo_append () : 0;

      data->now = _il_dashboard_hook_demo_now ();
      if (n_new > 0)
        {
          data->shown = il_row_store_ref (self->store);
          data->n_new = n_new;
          data->seed = IL_DEMO_DEFAULT_SEED + self->load_generation;
        }
      g_task_set_source_tag (task, _il_dashboard_load);
      g_task_set_task_data (task, data, demo_load_free);
      il_task_run_in_background (task, demo_thread);
    }
  else
    {
      g_autoptr(IlSupabaseClient) client = il_supabase_client_new (self->config->url, self->config->key);

      if (_il_dashboard_hook_retry_base_ms () > 0)
        il_supabase_client_set_retry_base_delay (client, _il_dashboard_hook_retry_base_ms ());
      if (self->compute_mode != IL_COMPUTE_CLIENT)
        _il_dashboard_load_server (self, client, reload_all);
      else
        _il_dashboard_load_rows (self, client, reload_all);
    }
}

void
_il_dashboard_load (IlDashboard *self)
{
  load (self, FALSE);
}

void
_il_dashboard_load_quietly (IlDashboard *self)
{
  load (self, TRUE);
}

/* Downloads the rows of the range and of the period before it, for the
 * comparison (through the local cache when it is on). The figures are
 * restricted to the range when they are computed. */
void
_il_dashboard_load_rows (IlDashboard      *self,
                         IlSupabaseClient *client,
                         gboolean          reload_all)
{
  FetchData *data;

  if (_il_dashboard_cache_enabled (self))
    {
      load_cached (self, client, reload_all);
      return;
    }

  data = g_new0 (FetchData, 1);
  data->self = g_object_ref (self);
  data->generation = self->load_generation;
  data->now = g_get_real_time ();
  data->bound = _il_dashboard_fetch_min (self, data->now);
  _il_dashboard_notify_progress (self);
  il_supabase_client_fetch_async (client, data->bound, on_fetch_progress, self,
                                  self->load_cancellable, fetch_done, data);
}

/* A range change filters locally when the store covers it and the period
 * before it, else refetches. */
void
_il_dashboard_on_range_changed (IlDashboard *self)
{
  gint64 now, wanted, range_min;

  if (self->server_side)
    {
      /* the database has every row: ask it for the new range */
      _il_dashboard_load (self);
      return;
    }
  if (self->store == NULL)
    {
      if (self->load_cancellable == NULL && self->config != NULL && !self->demo)
        _il_dashboard_load (self);
      return;
    }

  now = self->store_bound == IL_TIME_NONE ? self->store_now : g_get_real_time ();
  wanted = _il_dashboard_fetch_min (self, now);
  range_min = _il_dashboard_range_min (self, now);
  if (self->store_bound == IL_TIME_NONE || (wanted != IL_TIME_NONE && wanted >= self->store_bound))
    {
      if (self->store_bound != IL_TIME_NONE)
        self->store_now = now;
      _il_dashboard_start_compute (self);
    }
  else if (range_min != IL_TIME_NONE && range_min >= self->store_bound)
    {
      /* The range's figures are at hand; the older days the comparison
       * needs follow without a loading state. */
      self->store_now = now;
      _il_dashboard_start_compute (self);
      _il_dashboard_load_quietly (self);
    }
  else
    _il_dashboard_load (self);
}
