/* chart-test-fake.h: hand-made aggregates for the chart tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-charts.h"

typedef struct
{
  IlAggregates agg;     /* first: a Fake is an IlAggregates */
  GPtrArray   *owned;
} Fake;

/* Keeps p until the Fake is freed; returns p. */
gpointer own       (Fake       *f,
                    gpointer    p);
void     fake_free (Fake       *f);
/* n_steps steps; step i has its median at base * (i + 1); long_name replaces
 * the name of step 0 when not NULL. n_steps 0 gives zero rows. */
Fake    *fake_new  (guint       n_steps,
                    double      base,
                    const char *long_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)
