/* il-slo-monitor.h: which targets just broke, across successive evaluations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-slo.h"

G_BEGIN_DECLS

#define IL_TYPE_SLO_MONITOR (il_slo_monitor_get_type ())
G_DECLARE_FINAL_TYPE (IlSloMonitor, il_slo_monitor, IL, SLO_MONITOR, GObject)

IlSloMonitor  *il_slo_monitor_new   (void);
/* Takes one evaluation (a GArray of IlSloResult from il_slo_evaluate()) and
 * returns the results that went from met to breached since the previous ones,
 * emitting ::breached for each. A (target, step) that stays breached, or comes
 * back breached after having no data, is not returned again: only after it has
 * been met. The first evaluation only records the state: a target already
 * breached then is on screen, not news; a step first seen later, already
 * breached, is news.
 * Returns: (transfer full) (element-type IlSloResult): a GArray (it clears them) */
GArray        *il_slo_monitor_feed  (IlSloMonitor *self,
                                     const GArray *results);
/* Forgets every state, e.g. when the targets or the data source change. */
void           il_slo_monitor_reset (IlSloMonitor *self);

/* A desktop notification for a newly breached result: the step, statistic,
 * value and bound; clicking it activates "app.show-overview". */
GNotification *il_slo_notification_new   (const IlSloResult  *result);
/* The title and body il_slo_notification_new() uses. */
void           il_slo_notification_texts (const IlSloResult  *result,
                                          char              **title,
                                          char              **body);
/* An id for g_application_send_notification(): one per (target, step), so a
 * newer notification replaces an older one of the same target. */
char          *il_slo_notification_id  (const IlSloResult *result);

G_END_DECLS
