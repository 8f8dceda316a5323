/* il-settings.h: the app's settings, which never abort on a missing schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new GSettings for the app's schema: the build tree's when run from it,
 * else the installed one. Without any, the built-in schema on a memory
 * backend (defaults, nothing saved), shared by every object this returns. */
GSettings  *il_settings_new         (void);
/* Why settings are not saved, short and translated (stderr already has the
 * details), or NULL when they are. */
const char *il_settings_get_problem (void);

G_END_DECLS
