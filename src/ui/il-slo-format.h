/* il-slo-format.h: the words and figures of targets and period comparisons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-period.h"
#include "il-slo-board.h"

G_BEGIN_DECLS

typedef enum
{
  IL_FIGURE_COUNT,
  IL_FIGURE_MS,
  IL_FIGURE_PERCENT,
} IlFigureKind;

/* "P95", "Mean", "Error rate". */
const char *il_slo_format_statistic (IlSloStatistic statistic);
/* A target's value as the window shows it, with the locale's marks:
 * "1,974.28 ms" ("1.974,28 ms" in German), "2.50 %"; two decimals, more when
 * fewer would show a breached value at or within its bound. */
char       *il_slo_format_shown_value (IlSloStatistic statistic,
                                       double         value,
                                       double         bound);
/* A bound as typed, with the locale's marks: "800 ms", "2,5 %". */
char       *il_slo_format_shown_bound (IlSloStatistic statistic,
                                       double         bound);
/* "P95 ≤ 800 ms" for a target. */
char       *il_slo_format_target    (IlSloStatistic statistic,
                                     double         bound);

/* The change from @previous to @current: "▲ 12 % vs previous 7 days" (or the
 * absolute change when @previous is 0); NULL when there is nothing to compare.
 * *@change says whether it is better or worse; @tooltip (nullable) gets both
 * values and the absolute and relative change. */
char       *il_slo_format_change    (double         current,
                                     double         previous,
                                     IlFigureKind   kind,
                                     gboolean       higher_is_better,
                                     guint          days,
                                     IlChange      *change,
                                     char         **tooltip);

/* Only the arrow and amount: "▲ 12 %". */
char       *il_slo_format_change_amount (double        current,
                                         double        previous,
                                         IlFigureKind  kind,
                                         gboolean      higher_is_better,
                                         guint         days,
                                         IlChange     *change,
                                         char        **tooltip);
/* "Arrows: change against the previous 7 days". */
char       *il_slo_format_compare_caption (guint days);

/* "Target breached: llm P95 912.35 ms (at most 800 ms)", one line per breached
 * result of @statistic in @view (every step); NULL when none is breached. */
char       *il_slo_format_breaches  (const IlSloView *view,
                                     IlSloStatistic   statistic);

G_END_DECLS
