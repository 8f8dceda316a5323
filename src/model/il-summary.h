/* il-summary.h: the figures computed in the database (interview_latency_summary)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"

G_BEGIN_DECLS

/* The version of data/sql/interview_latency_summary.sql this code reads. A
 * database function of an older version must be replaced. */
#define IL_SUMMARY_VERSION 1

#define IL_SUMMARY_ERROR (il_summary_error_quark ())
typedef enum
{
  IL_SUMMARY_ERROR_INVALID,      /* not the function's JSON */
  IL_SUMMARY_ERROR_OLD_VERSION,  /* the database has an older function */
  IL_SUMMARY_ERROR_MISSING,      /* the database has no such function (PGRST202) */
} IlSummaryError;
GQuark il_summary_error_quark (void);

/* The function's figures as the same IlAggregates the row store gives.
 * Step, status and message ids are indexes of this summary (the names are in
 * agg, owned by the summary); session indexes point into agg->sessions. When
 * the function returned only part of the session list, the slowest and fastest
 * sessions missing from it are appended to agg->sessions. Outliers are those
 * the function returned (at most as many as the box plot draws). */
typedef struct
{
  guint         version;
  IlAggregates *agg;
  guint64       n_sessions;      /* every session of the range, listed or not */
  /*< private >*/
  GStringChunk *strings;
} IlSummary;

IlSummary *il_summary_parse (const char  *data,
                             gssize       len,
                             GError     **error);
void       il_summary_free  (IlSummary   *self);

/* A sealed store without rows whose pools and session_ids hold the summary's
 * names under the summary's ids, so views can name what they draw. */
IlRowStore *il_summary_dup_names (const IlSummary *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSummary, il_summary_free)

G_END_DECLS
