/* summary-compare.h: the figures of the database summary against the row store's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Doubles agree to 1e-9 relative (NaN with NaN), counts and times exactly.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "il-aggregates.h"
#include "il-summary.h"

G_BEGIN_DECLS

/* Every figure; store is the one want was computed from (for step names).
 * all_sessions: the summary lists every session (no session_limit). */
void compare_all        (const IlSummary         *sum,
                         const IlAggregates      *want,
                         const IlRowStore        *store,
                         gboolean                 all_sessions);
void compare_session    (const IlSessionSummary  *got,
                         const IlSessionSummary  *want);
void compare_histogram  (const IlHistogram       *got,
                         const IlHistogram       *want);
/* il_report_format_json of both, number by number */
void compare_reports    (const IlAggregates      *got,
                         const IlAggregates      *want);
void compare_json_nodes (JsonNode                *got,
                         JsonNode                *want,
                         const char              *path);

G_END_DECLS
