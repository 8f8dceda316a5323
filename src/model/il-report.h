/* il-report.h: the figures of an IlAggregates as JSON or as text (--report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"
#include "il-period.h"
#include "il-slo.h"

G_BEGIN_DECLS

/* The --report=json report (every figure of docs/figures.md), ending in a newline.
 * Steps in name order, statuses in the order of agg->statuses, error groups in
 * the order of agg->error_groups; doubles round-trip; NaN and infinities are null. */
char *il_report_format_json (const IlAggregates *agg,
                             guint64             skipped_rows);
/* The same figures for a human, labels translated. */
char *il_report_format_text (const IlAggregates *agg,
                             guint64             skipped_rows);

/* What a report adds beside the figures of the range. */
typedef struct
{
  const GArray          *slo;       /* IlSloResult from il_slo_evaluate(); NULL: none */
  const IlPeriodFigures *previous;  /* NULL: no comparison ("All data") */
} IlReportExtras;

/* il_report_format_json() plus "slo": [{"step", "statistic", "bound", "value",
 * "status"}] and "previous_period": {"from", "to", "key_metrics", "steps":
 * {STEP: {"mean", "p50", "p95", "p99", "count", "error_rate_pct"}}} (null
 * without a previous period), after the existing members. */
char *il_report_format_json_full (const IlAggregates   *agg,
                                  guint64               skipped_rows,
                                  const IlReportExtras *extras);
/* One line per result: "met: llm:p95<=800 (value 612.50 ms)". */
char *il_report_format_slo_text  (const GArray         *slo);
/* A short comparison with the previous period, for the text report. */
char *il_report_format_previous_text (const IlAggregates    *agg,
                                      const IlPeriodFigures *previous);

G_END_DECLS
