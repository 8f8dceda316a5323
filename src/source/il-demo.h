/* il-demo.h: deterministic, realistic demo rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

#define IL_DEMO_DEFAULT_ROWS 200000
#define IL_DEMO_DEFAULT_SEED 20261128

/* Generates n_rows rows (sealed store) spread over the 30 days before now_us:
 * the same (n_rows, seed, now_us) always gives the same rows. */
IlRowStore *il_demo_generate (guint   n_rows,
                              guint32 seed,
                              gint64  now_us);
/* The same, with the sessions starting between @start_us and @end_us (2 h
 * before it for a span over 4 h, else in its first half): the rows of a
 * live tick, e.g. */
IlRowStore *il_demo_generate_between (guint   n_rows,
                                      guint32 seed,
                                      gint64  start_us,
                                      gint64  end_us);

G_END_DECLS
