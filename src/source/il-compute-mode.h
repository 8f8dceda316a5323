/* il-compute-mode.h: where the figures are computed, in the app from
 * downloaded rows or in the database by interview_latency_summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  IL_COMPUTE_CLIENT,      /* download the rows, compute in the app */
  IL_COMPUTE_SERVER,      /* the database function, an error when it is missing */
  IL_COMPUTE_AUTOMATIC,   /* the function above the threshold when it exists, else the app */
} IlComputeMode;

#define IL_COMPUTE_DEFAULT_THRESHOLD 2000000

/* "client", "server", "automatic"; FALSE for anything else. */
gboolean    il_compute_mode_parse        (const char     *text,
                                          IlComputeMode  *mode);
const char *il_compute_mode_to_string    (IlComputeMode   mode);

/* The settings compute-mode and server-side-threshold (the defaults when the
 * schema lacks them). */
void        il_compute_mode_read_settings (GSettings     *settings,
                                           IlComputeMode *mode,
                                           guint64       *threshold);

/* The installed interview_latency_summary.sql (the source tree's when run
 * from the build tree and the installed one is absent). */
char       *il_compute_mode_dup_sql_path (void);

/* The message of a missing or old function (IL_SUMMARY_ERROR), followed by
 * where the SQL file to run is; other errors' message unchanged. */
char       *il_compute_mode_explain_error (const GError  *error);

/* Settles AUTOMATIC with one exact count of the rows with created_at in
 * [lo, hi) (lo and hi IL_TIME_NONE: every row, null created_at included):
 * SERVER above @threshold rows, else CLIENT. CLIENT and SERVER are returned
 * as they are, without a request. */
void          il_compute_mode_decide_async  (const char          *base_url,
                                             const char          *key,
                                             IlComputeMode        mode,
                                             guint64              threshold,
                                             gint64               lo,
                                             gint64               hi,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns: CLIENT or SERVER; *n_rows is the count (-1 when none was made).
 * On error (the count failed) CLIENT, with @error set. */
IlComputeMode il_compute_mode_decide_finish (GAsyncResult        *result,
                                             gint64              *n_rows,
                                             GError             **error);

G_END_DECLS
