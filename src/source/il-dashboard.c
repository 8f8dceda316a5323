/* il-dashboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data flow: a source (demo generator in a thread, or IlSupabaseClient) gives
 * a sealed store; every change of the range or of an option recomputes the
 * aggregates in a GTask thread and publishes them as a new snapshot (the
 * tasks are in il-dashboard-load.c). Generation counters drop stale loads
 * and stale computations. With the local cache on, a Supabase source's first
 * load shows the cached rows, then every load refreshes incrementally and
 * saves what changed.
 */
#include "config.h"


#include "il-dashboard-private.h"
#include "il-demo.h"
#include "il-model-enums.h"
#include "il-source-enums.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (IlDashboard, il_dashboard, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_STATE,
  PROP_ERROR,
  PROP_PROGRESS,
  PROP_DAYS,
  PROP_ALL_DATA,
  PROP_TREND_BUCKET,
  PROP_LOCAL_TIME,
  PROP_HISTOGRAM_STEP,
  PROP_LIVE,
  PROP_LIVE_INTERVAL,
  PROP_REFRESHED_TIME,
  PROP_USE_CACHE,
  PROP_NOTICE,
  PROP_ADVICE,
  PROP_SERVER_SIDE,
  PROP_REALTIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- hooks for tests and benchmarks ------------------------------------ */

gint64
_il_dashboard_hook_demo_now (void)
{
  const char *fixed = g_getenv ("IL_DEMO_NOW");
  gint64 us;

  if (fixed != NULL && il_timestamp_parse (fixed, -1, &us, NULL))
    return us;
  return g_get_real_time ();
}

guint
_il_dashboard_hook_demo_rows (void)
{
  const char *rows_env = g_getenv ("IL_DEMO_ROWS");

  if (rows_env != NULL && g_ascii_strtoull (rows_env, NULL, 10) > 0)
    return (guint) g_ascii_strtoull (rows_env, NULL, 10);
  return IL_DEMO_DEFAULT_ROWS;
}

guint
_il_dashboard_hook_demo_append (void)
{
  const char *append_env = g_getenv ("IL_DEMO_APPEND");

  return append_env != NULL ? (guint) g_ascii_strtoull (append_env, NULL, 10) : 0;
}

guint
_il_dashboard_hook_retry_base_ms (void)
{
  const char *retry_env = g_getenv ("IL_RETRY_BASE_MS");

  if (retry_env != NULL && retry_env[0] != '\0')
    return (guint) g_ascii_strtoull (retry_env, NULL, 10);
  return 0;
}

/* created_min of the range: IL_TIME_NONE for All data. */
gint64
_il_dashboard_range_min (IlDashboard *self,
                         gint64       now)
{
  if (self->all_data)
    return IL_TIME_NONE;
  return now - (gint64) self->days * DAY_US;
}

/* created_min of what a load holds: the range and the period before it, so
 * the comparison with the previous period needs no second fetch. */
gint64
_il_dashboard_fetch_min (IlDashboard *self,
                         gint64       now)
{
  if (self->all_data)
    return IL_TIME_NONE;
  return now - 2 * (gint64) self->days * DAY_US;
}

void
_il_dashboard_set_state (IlDashboard      *self,
                         IlDashboardState  state,
                         GError           *error)
{
  gboolean error_changed = error != NULL || self->error != NULL;

  g_clear_error (&self->error);
  self->error = error;
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

void
_il_dashboard_set_snapshot (IlDashboard *self,
                            IlSnapshot  *snapshot)
{
  /* The old one lives on in whoever still holds it. */
  g_clear_pointer (&self->snapshot, il_snapshot_unref);
  self->snapshot = snapshot;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

void
_il_dashboard_notify_progress (IlDashboard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_il_dashboard_set_notice (IlDashboard *self,
                          const char  *notice)
{
  if (g_strcmp0 (notice, self->notice) == 0)
    return;
  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

void
_il_dashboard_set_advice (IlDashboard *self,
                          const char  *advice)
{
  if (g_strcmp0 (advice, self->advice) == 0)
    return;
  g_free (self->advice);
  self->advice = g_strdup (advice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADVICE]);
}

void
_il_dashboard_set_refreshed_time (IlDashboard *self,
                                  gint64       refreshed_us)
{
  /* Notified even when equal: a refresh that found nothing still happened. */
  self->refreshed_us = refreshed_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHED_TIME]);
}

void
_il_dashboard_notify_server_side (IlDashboard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_SIDE]);
}

void
_il_dashboard_sync_histogram_step (IlDashboard *self,
                                   IlStrId      step)
{
  if (step == self->histogram_step)
    return;
  self->histogram_step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTOGRAM_STEP]);
}

gboolean
_il_dashboard_cache_enabled (IlDashboard *self)
{
  return self->use_cache && !self->cache_vetoed && il_dashboard_is_remote (self);
}

void
_il_dashboard_set_cache_dir (IlDashboard *self,
                             const char  *cache_dir)
{
  g_free (self->cache_dir);
  self->cache_dir = g_strdup (cache_dir);
}

/* ---- GObject ---------------------------------------------------------- */

static void
il_dashboard_dispose (GObject *object)
{
  IlDashboard *self = IL_DASHBOARD (object);

  self->load_generation++;
  self->compute_generation++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->auto_refresh_id, g_source_remove);
  _il_dashboard_drop_realtime (self);
  g_clear_pointer (&self->snapshot, il_snapshot_unref);
  g_clear_pointer (&self->store, il_row_store_unref);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (il_dashboard_parent_class)->dispose (object);
}

static void
il_dashboard_finalize (GObject *object)
{
  IlDashboard *self = IL_DASHBOARD (object);

  g_clear_pointer (&self->config, il_config_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->advice, g_free);
  g_clear_pointer (&self->server_previous, il_period_figures_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (il_dashboard_parent_class)->finalize (object);
}

static void
il_dashboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IlDashboard *self = IL_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, il_dashboard_get_progress (self));
      break;
    case PROP_DAYS:
      g_value_set_int (value, self->days);
      break;
    case PROP_ALL_DATA:
      g_value_set_boolean (value, self->all_data);
      break;
    case PROP_TREND_BUCKET:
      g_value_set_enum (value, self->trend_bucket);
      break;
    case PROP_LOCAL_TIME:
      g_value_set_boolean (value, self->local_time);
      break;
    case PROP_HISTOGRAM_STEP:
      g_value_set_uint (value, self->histogram_step);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_LIVE_INTERVAL:
      g_value_set_int (value, self->live_interval_s);
      break;
    case PROP_REALTIME:
      g_value_set_boolean (value, il_dashboard_get_realtime (self));
      break;
    case PROP_REFRESHED_TIME:
      g_value_set_int64 (value, self->refreshed_us);
      break;
    case PROP_USE_CACHE:
      g_value_set_boolean (value, self->use_cache);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_ADVICE:
      g_value_set_string (value, self->advice);
      break;
    case PROP_SERVER_SIDE:
      g_value_set_boolean (value, self->server_side);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Uses the range without saving it. */
static void
set_range (IlDashboard *self,
           int          days,
           gboolean     all_data)
{
  gboolean changed = FALSE;

  days = CLAMP (days, 1, 365);
  all_data = !!all_data;
  g_object_freeze_notify (G_OBJECT (self));
  if (days != self->days)
    {
      self->days = days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
      changed = TRUE;
    }
  if (all_data != self->all_data)
    {
      self->all_data = all_data;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_DATA]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (changed)
    _il_dashboard_on_range_changed (self);
}

static void
il_dashboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IlDashboard *self = IL_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      set_range (self, g_value_get_int (value), self->all_data);
      break;
    case PROP_ALL_DATA:
      set_range (self, self->days, g_value_get_boolean (value));
      break;
    case PROP_TREND_BUCKET:
      il_dashboard_set_trend_bucket (self, g_value_get_enum (value));
      break;
    case PROP_LOCAL_TIME:
      il_dashboard_set_local_time (self, g_value_get_boolean (value));
      break;
    case PROP_HISTOGRAM_STEP:
      il_dashboard_set_histogram_step (self, g_value_get_uint (value));
      break;
    case PROP_LIVE:
      il_dashboard_set_live (self, g_value_get_boolean (value));
      break;
    case PROP_LIVE_INTERVAL:
      il_dashboard_set_live_interval (self, g_value_get_int (value));
      break;
    case PROP_USE_CACHE:
      if (self->use_cache != g_value_get_boolean (value))
        {
          self->use_cache = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_dashboard_class_init (IlDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = il_dashboard_dispose;
  object_class->finalize = il_dashboard_finalize;
  object_class->get_property = il_dashboard_get_property;
  object_class->set_property = il_dashboard_set_property;

  properties[PROP_SNAPSHOT] = g_param_spec_boxed ("snapshot", NULL, NULL, IL_TYPE_SNAPSHOT, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, IL_TYPE_DASHBOARD_STATE,
                                              IL_DASHBOARD_STATE_IDLE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_DAYS] = g_param_spec_int ("days", NULL, NULL, 1, 365, 30, rw);
  properties[PROP_ALL_DATA] = g_param_spec_boolean ("all-data", NULL, NULL, FALSE, rw);
  properties[PROP_TREND_BUCKET] = g_param_spec_enum ("trend-bucket", NULL, NULL, IL_TYPE_BUCKET_SIZE,
                                                     IL_BUCKET_DAY, rw);
  properties[PROP_LOCAL_TIME] = g_param_spec_boolean ("local-time", NULL, NULL, FALSE, rw);
  properties[PROP_HISTOGRAM_STEP] = g_param_spec_uint ("histogram-step", NULL, NULL, 0, G_MAXUINT,
                                                       IL_STR_NONE, rw);
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, rw);
  properties[PROP_LIVE_INTERVAL] = g_param_spec_int ("live-interval", NULL, NULL, 5, 3600, 30, rw);
  /* Live, and Supabase Realtime tells of changes as they happen. */
  properties[PROP_REALTIME] = g_param_spec_boolean ("realtime", NULL, NULL, FALSE, ro);
  properties[PROP_REFRESHED_TIME] = g_param_spec_int64 ("refreshed-time", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /* What the settings say; il_dashboard_set_use_cache can veto it. */
  properties[PROP_USE_CACHE] = g_param_spec_boolean ("use-cache", NULL, NULL, FALSE, rw);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, ro);
  properties[PROP_ADVICE] = g_param_spec_string ("advice", NULL, NULL, NULL, ro);
  properties[PROP_SERVER_SIDE] = g_param_spec_boolean ("server-side", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
il_dashboard_init (IlDashboard *self)
{
  self->days = 30;
  self->trend_bucket = IL_BUCKET_DAY;
  self->histogram_step = IL_STR_NONE;
  self->store_bound = IL_TIME_NONE;
  self->rows_total = -1;
  self->live_interval_s = 30;
  /* without settings (tests, benches) the rows are downloaded */
  self->compute_mode = IL_COMPUTE_CLIENT;
  self->compute_threshold = IL_COMPUTE_DEFAULT_THRESHOLD;
}

/* The saved range, whole: it replaces a one-off range. */
static void
load_saved_range (IlDashboard *self)
{
  set_range (self,
             g_settings_get_int (self->settings, "days"),
             g_settings_get_boolean (self->settings, "all-data"));
}

IlDashboard *
il_dashboard_new (GSettings *settings)
{
  IlDashboard *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (IL_TYPE_DASHBOARD, NULL);
  if (settings != NULL)
    {
      /* Read, never bound both ways: a range for one run must not be
       * saved; il_dashboard_set_range saves a range the user picks. */
      self->settings = g_object_ref (settings);
      load_saved_range (self);
      g_signal_connect_object (settings, "changed::days", G_CALLBACK (load_saved_range), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::all-data", G_CALLBACK (load_saved_range), self,
                               G_CONNECT_SWAPPED);
      g_settings_bind (settings, "trend-bucket", self, "trend-bucket", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "local-time", self, "local-time", G_SETTINGS_BIND_DEFAULT);
      _il_dashboard_migrate_auto_refresh (settings);
      g_settings_bind (settings, "live", self, "live", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "live-interval-seconds", self, "live-interval", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "use-cache", self, "use-cache", G_SETTINGS_BIND_GET);
      _il_dashboard_load_histogram_shape (self);
      _il_dashboard_load_trend_options (self);
      g_signal_connect_object (settings, "changed::trend-statistic", G_CALLBACK (_il_dashboard_load_trend_options),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::trend-bucket-auto", G_CALLBACK (_il_dashboard_load_trend_options),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::distribution-log-scale", G_CALLBACK (_il_dashboard_load_histogram_shape),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::distribution-clip-p99", G_CALLBACK (_il_dashboard_load_histogram_shape),
                               self, G_CONNECT_SWAPPED);
      _il_dashboard_bind_compute_settings (self, settings);
    }
  return self;
}

/* ---- public API ------------------------------------------------------- */

void
il_dashboard_set_source (IlDashboard    *self,
                         const IlConfig *config,
                         gboolean        demo)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  g_clear_pointer (&self->config, il_config_free);
  self->config = config != NULL ? il_config_copy (config) : NULL;
  self->demo = demo;
  _il_dashboard_drop_realtime (self);
  /* Cancel whatever the old source started. */
  self->load_generation++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* A new source: the old store says nothing about the new one's range. */
  g_clear_pointer (&self->store, il_row_store_unref);
  g_clear_object (&self->cache);
  self->cache_read = FALSE;
  self->store_has_meta = FALSE;
  self->reload_all = FALSE;
  _il_dashboard_set_notice (self, NULL);
  _il_dashboard_set_refreshed_time (self, 0);
  self->ready_pending = FALSE;
  _il_dashboard_set_server_side (self, FALSE);
  _il_dashboard_set_state (self, IL_DASHBOARD_STATE_IDLE, NULL);
  _il_dashboard_arm_live (self);
}

const IlConfig *
il_dashboard_get_config (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), NULL);
  return self->config;
}

gboolean
il_dashboard_is_remote (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return !self->demo && self->config != NULL && il_config_is_complete (self->config);
}

void
il_dashboard_refresh (IlDashboard *self)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  _il_dashboard_load (self);
}

void
il_dashboard_reload_all (IlDashboard *self)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  self->reload_all = TRUE;
  _il_dashboard_load (self);
}

void
il_dashboard_cancel (IlDashboard *self)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

IlSnapshot *
il_dashboard_get_snapshot (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), NULL);
  return self->snapshot;
}

IlDashboardState
il_dashboard_get_state (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), IL_DASHBOARD_STATE_IDLE);
  return self->state;
}

const GError *
il_dashboard_get_error (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), NULL);
  return self->error;
}

double
il_dashboard_get_progress (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), -1);

  if (self->rows_total <= 0)
    return -1;
  return MIN (1.0, (double) self->rows_fetched / (double) self->rows_total);
}

void
il_dashboard_get_fetch_counts (IlDashboard *self,
                               guint64     *rows_fetched,
                               gint64      *rows_total)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  if (rows_fetched != NULL)
    *rows_fetched = self->rows_fetched;
  if (rows_total != NULL)
    *rows_total = self->rows_total;
}

gboolean
il_dashboard_is_loading (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->load_cancellable != NULL;
}

gboolean
il_dashboard_is_idle (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->load_cancellable == NULL && !self->computing && self->saves_pending == 0;
}

gboolean
il_dashboard_has_data (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->store != NULL;
}

gint64
il_dashboard_get_refreshed_time (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), 0);
  return self->refreshed_us;
}

gint64
il_dashboard_get_now (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), 0);
  return self->store != NULL ? self->store_now : _il_dashboard_hook_demo_now ();
}

int
il_dashboard_get_days (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), 30);
  return self->days;
}

void
il_dashboard_set_days (IlDashboard *self,
                       int          days)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  il_dashboard_set_range (self, days, self->all_data);
}

gboolean
il_dashboard_get_all_data (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->all_data;
}

void
il_dashboard_set_all_data (IlDashboard *self,
                           gboolean     all_data)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  il_dashboard_set_range (self, self->days, all_data);
}

void
il_dashboard_set_range (IlDashboard *self,
                        int          days,
                        gboolean     all_data)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  set_range (self, days, all_data);
  if (self->settings != NULL)
    {
      /* Not read back half-written (new days with the old all-data). */
      g_signal_handlers_block_by_func (self->settings, load_saved_range, self);
      g_settings_set_int (self->settings, "days", self->days);
      g_settings_set_boolean (self->settings, "all-data", self->all_data);
      g_signal_handlers_unblock_by_func (self->settings, load_saved_range, self);
    }
}

void
il_dashboard_set_range_once (IlDashboard *self,
                             int          days,
                             gboolean     all_data)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  set_range (self, days, all_data);
}

IlBucketSize
il_dashboard_get_trend_bucket (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), IL_BUCKET_DAY);
  return self->trend_bucket;
}

void
il_dashboard_set_trend_bucket (IlDashboard  *self,
                               IlBucketSize  bucket)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  g_return_if_fail (bucket <= IL_BUCKET_DAY);

  if (bucket == self->trend_bucket)
    return;
  self->trend_bucket = bucket;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREND_BUCKET]);
  _il_dashboard_start_compute (self);
}

gboolean
il_dashboard_get_local_time (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->local_time;
}

void
il_dashboard_set_local_time (IlDashboard *self,
                             gboolean     local_time)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  local_time = !!local_time;
  if (local_time == self->local_time)
    return;
  self->local_time = local_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_TIME]);
  _il_dashboard_start_compute (self);
}

IlStrId
il_dashboard_get_histogram_step (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), IL_STR_NONE);
  return self->histogram_step;
}

void
il_dashboard_set_histogram_step (IlDashboard *self,
                                 IlStrId      step)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  if (step == self->histogram_step)
    return;
  self->histogram_step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTOGRAM_STEP]);
  _il_dashboard_start_compute (self);
}

gboolean
il_dashboard_get_use_cache (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->use_cache && !self->cache_vetoed;
}

void
il_dashboard_set_use_cache (IlDashboard *self,
                            gboolean     use_cache)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  self->cache_vetoed = !use_cache;
  if (use_cache && !self->use_cache)
    {
      self->use_cache = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_CACHE]);
    }
}

const char *
il_dashboard_get_notice (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), NULL);
  return self->notice;
}

const char *
il_dashboard_get_advice (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), NULL);
  return self->advice;
}
