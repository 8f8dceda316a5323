/* il-cli-server.h: the command line's figures computed by the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "il-compute-mode.h"
#include "il-period.h"
#include "il-summary.h"

G_BEGIN_DECLS

typedef enum
{
  IL_CLI_SERVER_DONE,       /* *summary (and *previous when asked) are set */
  IL_CLI_SERVER_FALLBACK,   /* compute from downloaded rows (a notice may be on err) */
  IL_CLI_SERVER_FAILED,     /* the message is on err */
} IlCliServerOutcome;

/* @mode SERVER or AUTOMATIC. The range is created_at >= @created_min
 * (IL_TIME_NONE: every row); @count_min is the first created_at a download
 * would bring (the automatic threshold compares with that count). When
 * @previous is not NULL, a second call gives the figures of [@prev_from,
 * @prev_to). */
IlCliServerOutcome il_cli_server_compute (const char       *url,
                                          const char       *key,
                                          IlComputeMode     mode,
                                          guint64           threshold,
                                          gint64            created_min,
                                          gint64            count_min,
                                          gint64            prev_from,
                                          gint64            prev_to,
                                          IlSummary       **summary,
                                          IlPeriodFigures **previous,
                                          FILE             *err);

G_END_DECLS
