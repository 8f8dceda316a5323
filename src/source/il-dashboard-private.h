/* il-dashboard-private.h: hooks for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the environment on every load, never set by the app itself.
 */
#pragma once

#include "il-dashboard.h"

G_BEGIN_DECLS

/* IL_DEMO_NOW (a timestamp): the "now" demo data is generated at, so its
 * figures are reproducible; else the real time. */
gint64 _il_dashboard_hook_demo_now       (void);
/* IL_DEMO_ROWS: how many demo rows to generate; else IL_DEMO_DEFAULT_ROWS. */
guint  _il_dashboard_hook_demo_rows      (void);
/* IL_RETRY_BASE_MS: the first retry delay of Supabase fetches, so tests of
 * failures run fast; 0 when unset (the client's default). */
guint  _il_dashboard_hook_retry_base_ms  (void);

G_END_DECLS
