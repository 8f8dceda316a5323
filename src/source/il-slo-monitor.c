/* il-slo-monitor.c: which targets just broke, across successive evaluations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-slo-monitor.h"

#include <glib/gi18n.h>

struct _IlSloMonitor
{
  GObject     parent_instance;

  /* target text of one step -> GINT_TO_POINTER (last status that was not no data) */
  GHashTable *last;
  gboolean    primed;
};

G_DEFINE_FINAL_TYPE (IlSloMonitor, il_slo_monitor, G_TYPE_OBJECT)

enum
{
  BREACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
il_slo_monitor_finalize (GObject *object)
{
  IlSloMonitor *self = IL_SLO_MONITOR (object);

  g_clear_pointer (&self->last, g_hash_table_unref);

  G_OBJECT_CLASS (il_slo_monitor_parent_class)->finalize (object);
}

static void
il_slo_monitor_class_init (IlSloMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = il_slo_monitor_finalize;

  /**
   * IlSloMonitor::breached:
   * @self: the monitor
   * @result: (type gpointer): the IlSloResult that went from met to breached
   */
  signals[BREACHED] =
    g_signal_new ("breached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
il_slo_monitor_init (IlSloMonitor *self)
{
  self->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

IlSloMonitor *
il_slo_monitor_new (void)
{
  return g_object_new (IL_TYPE_SLO_MONITOR, NULL);
}

/* Two targets that judge the same figure the same way are one: "*" and the
 * step's own name never notify twice. */
static char *
result_key (const IlSloResult *r)
{
  return il_slo_result_target_to_string (r);
}

GArray *
il_slo_monitor_feed (IlSloMonitor *self,
                     const GArray *results)
{
  GArray *news;

  g_return_val_if_fail (IL_IS_SLO_MONITOR (self), NULL);
  g_return_val_if_fail (results != NULL, NULL);

  news = g_array_new (FALSE, TRUE, sizeof (IlSloResult));
  g_array_set_clear_func (news, (GDestroyNotify) il_slo_result_clear);

  for (guint i = 0; i < results->len; i++)
    {
      const IlSloResult *r = &g_array_index ((GArray *) results, IlSloResult, i);
      g_autofree char *key = NULL;
      gpointer before;
      gboolean known;

      /* no data says nothing new: the last real status stands */
      if (r->status == IL_SLO_NO_DATA)
        continue;
      key = result_key (r);
      known = g_hash_table_lookup_extended (self->last, key, NULL, &before);
      if (r->status == IL_SLO_BREACHED && self->primed
          && (!known || GPOINTER_TO_INT (before) == IL_SLO_MET))
        {
          IlSloResult copy;

          il_slo_result_copy (&copy, r);
          g_array_append_val (news, copy);
        }
      g_hash_table_replace (self->last, g_steal_pointer (&key), GINT_TO_POINTER (r->status));
    }
  self->primed = TRUE;

  for (guint i = 0; i < news->len; i++)
    g_signal_emit (self, signals[BREACHED], 0, &g_array_index (news, IlSloResult, i));

  return news;
}

void
il_slo_monitor_reset (IlSloMonitor *self)
{
  g_return_if_fail (IL_IS_SLO_MONITOR (self));

  g_hash_table_remove_all (self->last);
  self->primed = FALSE;
}

static const char *
statistic_label (IlSloStatistic statistic)
{
  switch (statistic)
    {
    case IL_SLO_MEAN:
      return _("Mean latency");
    case IL_SLO_P50:
      return _("P50 latency");
    case IL_SLO_P75:
      return _("P75 latency");
    case IL_SLO_P90:
      return _("P90 latency");
    case IL_SLO_P95:
      return _("P95 latency");
    case IL_SLO_P99:
      return _("P99 latency");
    case IL_SLO_ERROR_RATE:
      return _("Error rate");
    case IL_SLO_N_STATISTICS:
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * il_slo_notification_texts:
 * @result: a breached result
 * @title: (out) (transfer full): the notification's title
 * @body: (out) (transfer full): its body
 */
void
il_slo_notification_texts (const IlSloResult  *result,
                           char              **title,
                           char              **body)
{
  g_autofree char *value = NULL;
  g_autofree char *bound = NULL;

  g_return_if_fail (result != NULL && title != NULL && body != NULL);

  value = il_slo_format_value (result->statistic, result->value, result->bound);
  bound = il_slo_format_bound (result->statistic, result->bound);
  /* Translators: %s is a pipeline step name */
  *title = g_strdup_printf (_("Latency target breached: %s"), result->step);
  /* Translators: "P95 latency of llm is 912.35 ms; the target is at most 800 ms." */
  *body = g_strdup_printf (_("%s of %s is %s; the target is at most %s."),
                           statistic_label (result->statistic), result->step, value, bound);
}

GNotification *
il_slo_notification_new (const IlSloResult *result)
{
  GNotification *notification;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  il_slo_notification_texts (result, &title, &body);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action (notification, "app.show-overview");
  return notification;
}

char *
il_slo_notification_id (const IlSloResult *result)
{
  g_autofree char *key = NULL;
  g_autofree char *sum = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  key = result_key (result);
  /* ids are kept short and free of the step's arbitrary characters */
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  return g_strdup_printf ("slo-%s", sum);
}
