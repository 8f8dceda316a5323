/* il-slo-board.h: the latency targets of a dashboard and how its data fares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One board per dashboard follows its snapshots: for each it evaluates the
 * targets (saved in "slo-targets", or given for this run only), follows them
 * over the trend buckets and computes the figures of the previous period, in
 * a worker thread, and publishes the outcome as an immutable view. Views of
 * the same range feed an IlSloMonitor, so a target that breaks emits
 * ::breached once.
 */
#pragma once

#include "il-dashboard.h"
#include "il-period.h"
#include "il-slo.h"

G_BEGIN_DECLS

typedef struct
{
  /*< private >*/
  gatomicrefcount  ref_count;
  /*< public >*/
  IlSnapshot      *snapshot;     /* what was evaluated */
  GPtrArray       *targets;      /* IlSloTarget, as evaluated */
  GArray          *results;      /* IlSloResult, il_slo_evaluate()'s order */
  GPtrArray       *buckets;      /* IlSloBuckets per result, NULL when the step has no rows */
  IlPeriodFigures *previous;     /* NULL: nothing to compare with (All data, or not loaded) */
  guint            days;         /* length of the range and of the previous period */
} IlSloView;

#define IL_TYPE_SLO_VIEW (il_slo_view_get_type ())
GType       il_slo_view_get_type (void) G_GNUC_CONST;
IlSloView  *il_slo_view_ref      (IlSloView *self);
void        il_slo_view_unref    (IlSloView *self);
/* The result of @step (a step name) with @statistic that is breached, else
 * the first one with that statistic, else NULL. */
const IlSloResult *il_slo_view_find (const IlSloView *self,
                                     const char      *step,
                                     IlSloStatistic   statistic);
/* Start of the latest trend bucket where result @index was met, IL_TIME_NONE when none. */
gint64      il_slo_view_last_met (const IlSloView *self,
                                  guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSloView, il_slo_view_unref)

#define IL_TYPE_SLO_BOARD (il_slo_board_get_type ())
G_DECLARE_FINAL_TYPE (IlSloBoard, il_slo_board, IL, SLO_BOARD, GObject)

/* The board of @dashboard, made on first use and kept as long as it lives;
 * it reads the saved targets from the dashboard's settings (none without). */
IlSloBoard  *il_slo_board_get                (IlDashboard *dashboard);
/* The targets in force (IlSloTarget). */
GPtrArray   *il_slo_board_get_targets        (IlSloBoard  *self);
/* Targets for this run only (the command line's --slo), never saved; a
 * change of the saved targets replaces them. NULL goes back to the saved. */
void         il_slo_board_set_targets_once   (IlSloBoard  *self,
                                              GPtrArray   *targets);
/* The last evaluation (NULL before the first); ref it to keep it. */
IlSloView   *il_slo_board_get_view           (IlSloBoard  *self);
/* TRUE while no evaluation runs. */
gboolean     il_slo_board_is_idle            (IlSloBoard  *self);

G_END_DECLS
