/* bench-ui-x11.h: time the main thread spent in X round trips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void    bench_x11_install        (void);
gint64  bench_x11_wait_now       (void);
guint64 bench_x11_round_trips_now (void);

G_END_DECLS
