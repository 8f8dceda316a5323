/* il-supabase-summary.h: the figures computed by the database, through
 * PostgREST's POST /rest/v1/rpc/interview_latency_summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-source-error.h"
#include "il-summary.h"

G_BEGIN_DECLS

#define IL_SUMMARY_FUNCTION "interview_latency_summary"

typedef struct
{
  gint64        created_min;     /* IL_TIME_NONE: no bound (every row, null created_at included) */
  gint64        created_max;     /* IL_TIME_NONE: no bound */
  IlBucketSize  trend_bucket;
  const char   *time_zone;       /* NULL: "UTC"; else an IANA name such as "Europe/Berlin" */
  const char   *histogram_step;  /* NULL: the latency histogram of every step */
  gint          session_limit;   /* < 0: every session */
} IlSummaryQuery;

void  il_summary_query_init (IlSummaryQuery *query);

/* The JSON body of the call (only the arguments that differ from the defaults). */
char *il_summary_query_to_json (const IlSummaryQuery *query);

/* Calls the function of the project at base_url (as accepted by
 * il_supabase_url_normalize) with the key, and parses its answer in a worker
 * thread. timeout_s: seconds without an answer before giving up (0: 120 s;
 * the database works for a while before it sends anything). */
void       il_supabase_summary_fetch_async  (const char           *base_url,
                                             const char           *key,
                                             const IlSummaryQuery *query,
                                             guint                 timeout_s,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* Returns: (transfer full): the figures, or NULL with IL_SOURCE_ERROR (network,
 * key, timeout...) or IL_SUMMARY_ERROR (MISSING: the SQL file was never run;
 * OLD_VERSION: it must be run again; INVALID), messages a user can act on. */
IlSummary *il_supabase_summary_fetch_finish (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
