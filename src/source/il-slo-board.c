/* il-slo-board.c: the latency targets of a dashboard and how its data fares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-slo-board.h"
#include "il-dashboard-private.h"
#include "il-slo-monitor.h"
#include "il-task-start.h"

/* ---- the view ------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (IlSloView, il_slo_view, il_slo_view_ref, il_slo_view_unref)

IlSloView *
il_slo_view_ref (IlSloView *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
il_slo_view_unref (IlSloView *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  /* the buckets and results name steps of the snapshot's store */
  g_clear_pointer (&self->buckets, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->previous, il_period_figures_free);
  g_clear_pointer (&self->snapshot, il_snapshot_unref);
  g_free (self);
}

const IlSloResult *
il_slo_view_find (const IlSloView *self,
                  const char      *step,
                  IlSloStatistic   statistic)
{
  const IlSloResult *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->results->len; i++)
    {
      const IlSloResult *r = &g_array_index (self->results, IlSloResult, i);

      if (r->statistic != statistic || g_strcmp0 (r->step, step) != 0)
        continue;
      if (r->status == IL_SLO_BREACHED)
        return r;
      if (found == NULL)
        found = r;
    }
  return found;
}

gint64
il_slo_view_last_met (const IlSloView *self,
                      guint            index)
{
  g_return_val_if_fail (self != NULL, IL_TIME_NONE);
  g_return_val_if_fail (index < self->results->len, IL_TIME_NONE);

  if (self->buckets->pdata[index] == NULL)
    return IL_TIME_NONE;
  return il_slo_buckets_get_last_met (self->buckets->pdata[index]);
}

/* ---- the board ----------------------------------------------------------- */

struct _IlSloBoard
{
  GObject       parent_instance;

  IlDashboard  *dashboard;       /* not owned: the board lives as its data */
  GSettings    *settings;
  GPtrArray    *saved;           /* from "slo-targets" */
  GPtrArray    *once;            /* for this run, or NULL */
  IlSloMonitor *monitor;

  IlSloView    *view;
  guint         generation;
  gboolean      running;
  /* the range the monitor has seen: another one is not news */
  int           fed_days;
  gboolean      fed_all_data;
};

G_DEFINE_FINAL_TYPE (IlSloBoard, il_slo_board, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  BREACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
il_slo_board_finalize (GObject *object)
{
  IlSloBoard *self = IL_SLO_BOARD (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->once, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->view, il_slo_view_unref);

  G_OBJECT_CLASS (il_slo_board_parent_class)->finalize (object);
}

static void
il_slo_board_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IlSloBoard *self = IL_SLO_BOARD (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_boxed (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_slo_board_class_init (IlSloBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = il_slo_board_finalize;
  object_class->get_property = il_slo_board_get_property;

  properties[PROP_VIEW] = g_param_spec_boxed ("view", NULL, NULL, IL_TYPE_SLO_VIEW,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IlSloBoard::breached:
   * @self: the board
   * @result: (type gpointer): an IlSloResult that went from met to breached
   */
  signals[BREACHED] =
    g_signal_new ("breached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
il_slo_board_init (IlSloBoard *self)
{
  self->monitor = il_slo_monitor_new ();
  self->saved = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_target_free);
  self->fed_days = -1;
}

static gpointer
copy_target (gconstpointer target,
             gpointer      user_data)
{
  return il_slo_target_copy (target);
}

static GPtrArray *
copy_targets (GPtrArray *targets)
{
  GPtrArray *copy = g_ptr_array_copy (targets, copy_target, NULL);

  g_ptr_array_set_free_func (copy, (GDestroyNotify) il_slo_target_free);
  return copy;
}

/* ---- evaluation in a worker ---------------------------------------------- */

typedef struct
{
  IlSnapshot *snapshot;
  GPtrArray  *targets;
  gboolean    compare;
  IlPeriodFigures *given;   /* computed by the database, or NULL */
  gint64      from, to;
  guint       days;
  guint       generation;
  int         range_days;
  gboolean    all_data;
} Work;

static void
work_free (Work *work)
{
  il_snapshot_unref (work->snapshot);
  g_ptr_array_unref (work->targets);
  g_clear_pointer (&work->given, il_period_figures_free);
  g_free (work);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Work *work = task_data;
  const IlAggregates *agg = il_snapshot_get_aggregates (work->snapshot);
  IlRowStore *store = il_snapshot_get_store (work->snapshot);
  IlSloView *view = g_new0 (IlSloView, 1);
  g_autoptr(IlSloSeries) series = NULL;

  g_atomic_ref_count_init (&view->ref_count);
  view->snapshot = il_snapshot_ref (work->snapshot);
  view->targets = g_ptr_array_ref (work->targets);
  view->results = il_slo_evaluate (work->targets, agg);
  view->buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_buckets_free);
  view->days = work->days;

  if (view->results->len > 0 && agg->trend.n_buckets > 0)
    series = il_slo_series_new (store, agg);
  for (guint i = 0; i < view->results->len; i++)
    {
      const IlSloResult *r = &g_array_index (view->results, IlSloResult, i);
      gint step = il_slo_find_step (agg, r->step);

      g_ptr_array_add (view->buckets,
                       series != NULL && step >= 0
                       ? il_slo_series_evaluate (series, work->targets->pdata[r->target_index], (guint) step)
                       : NULL);
    }

  if (work->compare)
    {
      IlPeriodFigures *previous = work->given != NULL
                                  ? g_steal_pointer (&work->given)
                                  : il_period_figures_compute (store, &agg->filter, work->from, work->to);

      /* a period without rows compares with nothing */
      if (previous->key.total_records > 0)
        view->previous = previous;
      else
        il_period_figures_free (previous);
    }

  g_task_return_pointer (task, view, (GDestroyNotify) il_slo_view_unref);
}

static void
evaluate_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  IlSloBoard *self = IL_SLO_BOARD (object);
  Work *work = g_task_get_task_data (G_TASK (result));
  IlSloView *view = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GArray) news = NULL;

  if (work->generation != self->generation || view == NULL)
    {
      g_clear_pointer (&view, il_slo_view_unref);
      return;
    }
  self->running = FALSE;

  if (work->range_days != self->fed_days || work->all_data != self->fed_all_data)
    il_slo_monitor_reset (self->monitor);
  self->fed_days = work->range_days;
  self->fed_all_data = work->all_data;

  g_clear_pointer (&self->view, il_slo_view_unref);
  self->view = view;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);

  news = il_slo_monitor_feed (self->monitor, view->results);
  for (guint i = 0; i < news->len; i++)
    g_signal_emit (self, signals[BREACHED], 0, &g_array_index (news, IlSloResult, i));
}

static void
evaluate (IlSloBoard *self)
{
  IlSnapshot *snapshot = il_dashboard_get_snapshot (self->dashboard);
  const IlAggregates *agg;
  g_autoptr(GTask) task = NULL;
  Work *work;

  self->generation++;
  if (snapshot == NULL)
    {
      /* another source (or none): what it shows first is not news */
      il_slo_monitor_reset (self->monitor);
      self->fed_days = -1;
      self->running = FALSE;
      if (self->view != NULL)
        {
          g_clear_pointer (&self->view, il_slo_view_unref);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
        }
      return;
    }

  agg = il_snapshot_get_aggregates (snapshot);
  work = g_new0 (Work, 1);
  work->snapshot = il_snapshot_ref (snapshot);
  work->targets = copy_targets (il_slo_board_get_targets (self));
  work->generation = self->generation;
  work->range_days = il_dashboard_get_days (self->dashboard);
  work->all_data = il_dashboard_get_all_data (self->dashboard);
  /* The previous period is compared only when the loaded rows cover it
   * (loads fetch it with the range), or when the database computed it. */
  if (self->dashboard->server_side && snapshot == self->dashboard->snapshot && !work->all_data
      && work->range_days > 0 && self->dashboard->server_previous != NULL
      && self->dashboard->server_previous->to - self->dashboard->server_previous->from
         == (gint64) work->range_days * 86400 * G_USEC_PER_SEC)
    {
      work->days = (guint) work->range_days;
      work->from = self->dashboard->server_previous->from;
      work->to = self->dashboard->server_previous->to;
      work->given = il_period_figures_copy (self->dashboard->server_previous);
      work->compare = TRUE;
    }
  else if (!work->all_data && agg->filter.created_min != IL_TIME_NONE && work->range_days > 0)
    {
      work->days = (guint) work->range_days;
      il_period_previous_window (il_dashboard_get_now (self->dashboard), work->days, &work->from, &work->to);
      work->compare = !self->dashboard->server_side
                      && self->dashboard->store != NULL
                      && il_snapshot_get_store (snapshot) == self->dashboard->store
                      && (self->dashboard->store_bound == IL_TIME_NONE
                          || self->dashboard->store_bound <= work->from);
    }
  self->running = TRUE;

  task = g_task_new (self, NULL, evaluate_done, NULL);
  g_task_set_source_tag (task, evaluate);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  il_task_run_in_thread_soon (task, evaluate_thread);
}

/* A new source leaves the dashboard idle: what it shows first is not news. */
static void
on_state_changed (IlSloBoard *self)
{
  if (il_dashboard_get_state (self->dashboard) == IL_DASHBOARD_STATE_IDLE)
    {
      il_slo_monitor_reset (self->monitor);
      self->fed_days = -1;
    }
}

static void
load_saved (IlSloBoard *self)
{
  g_auto(GStrv) texts = g_settings_get_strv (self->settings, "slo-targets");
  g_autoptr(GError) error = NULL;
  GPtrArray *targets = il_slo_targets_parse ((const char *const *) texts, &error);

  /* a bad saved list (edited by hand) counts as none; the CLI says why */
  if (targets == NULL)
    {
      g_warning ("The saved latency targets are wrong: %s", error->message);
      targets = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_target_free);
    }
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  self->saved = targets;
}

static void
on_saved_changed (IlSloBoard *self)
{
  load_saved (self);
  /* the user picked targets: the one-off ones are over */
  g_clear_pointer (&self->once, g_ptr_array_unref);
  il_slo_monitor_reset (self->monitor);
  evaluate (self);
}

IlSloBoard *
il_slo_board_get (IlDashboard *dashboard)
{
  IlSloBoard *self;

  g_return_val_if_fail (IL_IS_DASHBOARD (dashboard), NULL);

  self = g_object_get_data (G_OBJECT (dashboard), "il-slo-board");
  if (self != NULL)
    return self;

  self = g_object_new (IL_TYPE_SLO_BOARD, NULL);
  self->dashboard = dashboard;
  g_object_set_data_full (G_OBJECT (dashboard), "il-slo-board", self, g_object_unref);
  if (dashboard->settings != NULL)
    {
      self->settings = g_object_ref (dashboard->settings);
      load_saved (self);
      g_signal_connect_object (self->settings, "changed::slo-targets",
                               G_CALLBACK (on_saved_changed), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (dashboard, "notify::snapshot", G_CALLBACK (evaluate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dashboard, "notify::state", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  evaluate (self);
  return self;
}

GPtrArray *
il_slo_board_get_targets (IlSloBoard *self)
{
  g_return_val_if_fail (IL_IS_SLO_BOARD (self), NULL);
  return self->once != NULL ? self->once : self->saved;
}

void
il_slo_board_set_targets_once (IlSloBoard *self,
                               GPtrArray  *targets)
{
  g_return_if_fail (IL_IS_SLO_BOARD (self));

  g_clear_pointer (&self->once, g_ptr_array_unref);
  if (targets != NULL)
    self->once = copy_targets (targets);
  il_slo_monitor_reset (self->monitor);
  evaluate (self);
}

IlSloView *
il_slo_board_get_view (IlSloBoard *self)
{
  g_return_val_if_fail (IL_IS_SLO_BOARD (self), NULL);
  return self->view;
}

gboolean
il_slo_board_is_idle (IlSloBoard *self)
{
  g_return_val_if_fail (IL_IS_SLO_BOARD (self), TRUE);
  return !self->running;
}
