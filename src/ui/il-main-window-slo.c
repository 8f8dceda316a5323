/* il-main-window-slo.c: the window's part of the latency targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-main-window.h"
#include "il-main-window-slo.h"
#include "il-slo-format.h"
#include "il-slo-monitor.h"

static void
set_change (IlMetricTile *tile,
            double        current,
            double        previous,
            IlFigureKind  kind,
            gboolean      higher_is_better,
            gboolean      neutral,
            guint         days)
{
  IlChange change = IL_CHANGE_NONE;
  g_autofree char *tooltip = NULL;
  g_autofree char *text = il_slo_format_change (current, previous, kind, higher_is_better, days,
                                                &change, &tooltip);
  g_autofree char *amount = il_slo_format_change_amount (current, previous, kind, higher_is_better, days,
                                                         NULL, NULL);

  il_metric_tile_set_change (tile, text, amount,
                             !neutral && change == IL_CHANGE_BETTER,
                             !neutral && change == IL_CHANGE_WORSE);
  il_cell_set_tooltip (GTK_WIDGET (tile), tooltip);
}

void
_il_main_window_slo_update_tiles (IlMetricTile    **tiles,
                                  const IlSloView  *view)
{
  const IlAggregates *agg = view != NULL ? il_snapshot_get_aggregates (view->snapshot) : NULL;
  const IlPeriodFigures *prev = view != NULL ? view->previous : NULL;
  static const struct {
    IlTile         tile;
    IlSloStatistic statistic;
  } marked[] = {
    { IL_TILE_AVG_LATENCY, IL_SLO_MEAN },
    { IL_TILE_P95_LATENCY, IL_SLO_P95 },
    { IL_TILE_SUCCESS_RATE, IL_SLO_ERROR_RATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
    {
      g_autofree char *breaches = view != NULL ? il_slo_format_breaches (view, marked[i].statistic) : NULL;

      il_metric_tile_set_breached (tiles[marked[i].tile], breaches);
    }

  if (agg == NULL || prev == NULL)
    {
      il_metric_tile_set_change (tiles[IL_TILE_AVG_LATENCY], NULL, NULL, FALSE, FALSE);
      il_metric_tile_set_change (tiles[IL_TILE_P95_LATENCY], NULL, NULL, FALSE, FALSE);
      il_metric_tile_set_change (tiles[IL_TILE_SUCCESS_RATE], NULL, NULL, FALSE, FALSE);
      il_metric_tile_set_change (tiles[IL_TILE_UNIQUE_SESSIONS], NULL, NULL, FALSE, FALSE);
      for (guint i = IL_TILE_AVG_LATENCY; i <= IL_TILE_UNIQUE_SESSIONS; i++)
        il_cell_set_tooltip (GTK_WIDGET (tiles[i]), NULL);
      return;
    }
  /* volume is neither better nor worse: it is shown, not coloured */
  set_change (tiles[IL_TILE_AVG_LATENCY], agg->key.avg_latency_ms, prev->key.avg_latency_ms,
              IL_FIGURE_MS, FALSE, FALSE, view->days);
  set_change (tiles[IL_TILE_P95_LATENCY], agg->key.p95_latency_ms, prev->key.p95_latency_ms,
              IL_FIGURE_MS, FALSE, FALSE, view->days);
  set_change (tiles[IL_TILE_SUCCESS_RATE], agg->key.success_rate_pct, prev->key.success_rate_pct,
              IL_FIGURE_PERCENT, TRUE, FALSE, view->days);
  set_change (tiles[IL_TILE_UNIQUE_SESSIONS], (double) agg->key.unique_sessions,
              (double) prev->key.unique_sessions, IL_FIGURE_COUNT, TRUE, TRUE, view->days);
}

void
_il_main_window_slo_notify (GtkWindow         *window,
                            const IlSloResult *result)
{
  GtkApplication *app = gtk_window_get_application (window);
  g_autoptr(GNotification) notification = il_slo_notification_new (result);
  g_autofree char *id = il_slo_notification_id (result);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  /* Someone who refreshes by hand sees the breach on screen; only a window
   * that refreshes by itself has news to tell. */
  if (!il_dashboard_get_live (il_main_window_get_dashboard (IL_MAIN_WINDOW (window))))
    return;
  il_slo_notification_texts (result, &title, &body);
  g_object_set_data_full (G_OBJECT (window), "il-slo-last-notification", g_steal_pointer (&title), g_free);
  if (app != NULL && g_application_get_is_registered (G_APPLICATION (app)))
    g_application_send_notification (G_APPLICATION (app), id, notification);
}

const char *
_il_main_window_slo_get_last_notification (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "il-slo-last-notification");
}
