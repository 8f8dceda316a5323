/* il-slo-chart-targets.h: the latency targets of a view, as charts draw them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-layout.h"
#include "il-slo-board.h"

G_BEGIN_DECLS

typedef struct
{
  IlSloView     *view;           /* held: the flags point into its buckets' statuses */
  IlChartTarget *targets;        /* series = step index of the view's aggregates */
  guint          n_targets;
  gboolean      *flags;          /* breached_points of every target, back to back */
} IlSloChartTargets;

/* The latency targets (error-rate ones have no place on a ms axis) of @view
 * when it evaluated @snapshot, else none. */
IlSloChartTargets *il_slo_chart_targets_new  (IlSloView        *view,
                                              IlSnapshot       *snapshot);
void               il_slo_chart_targets_free (IlSloChartTargets *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSloChartTargets, il_slo_chart_targets_free)

G_END_DECLS
