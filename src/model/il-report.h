/* il-report.h: the figures of an IlAggregates as JSON or as text (--report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"

G_BEGIN_DECLS

/* The --report=json report (every figure of docs/figures.md), ending in a newline.
 * Steps in name order, statuses in the order of agg->statuses, error groups in
 * the order of agg->error_groups; doubles round-trip; NaN and infinities are null. */
char *il_report_format_json (const IlAggregates *agg,
                             guint64             skipped_rows);
/* The same figures for a human, labels translated. */
char *il_report_format_text (const IlAggregates *agg,
                             guint64             skipped_rows);

G_END_DECLS
