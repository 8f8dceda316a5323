/* il-paths.h: installed or run from the build tree, and where data lives then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the executable lies inside the build tree it was built in. */
gboolean    il_paths_is_uninstalled  (void);
/* The translations: the build tree's when uninstalled, else the installed ones. */
const char *il_paths_get_localedir   (void);
/* The build tree's compiled settings schema when uninstalled, else NULL. */
const char *il_paths_get_schemadir   (void);

G_END_DECLS
