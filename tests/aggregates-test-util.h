/* aggregates-test-util.h: hand-made stores for the aggregate tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

#define T0     G_GINT64_CONSTANT (1767571200000000)   /* 2026-01-05T00:00:00Z, a Monday */
#define SEC    G_GINT64_CONSTANT (1000000)
#define HOUR   (3600 * SEC)
#define DAY    (24 * HOUR)
#define NO_CREATED G_MININT64 + 1   /* "created_at is null" in a Row table */

typedef struct
{
  guint       session;
  gint32      turn;
  const char *step;
  double      latency_ms;
  const char *status;
  const char *message;
  gint64      started_at;
  gint64      created_at;          /* 0: completed_at + 1 ms; NO_CREATED: null */
} Row;

/* A store of @n rows as the table says. */
IlRowStore *make_store (const Row  *rows,
                        guint       n);
/* The id of a step or status name, which the store must hold. */
IlStrId     step_id    (IlRowStore *store,
                        const char *name);
IlStrId     status_id  (IlRowStore *store,
                        const char *name);
