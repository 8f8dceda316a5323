/* il-paths.c: installed or run from the build tree, and where data lives then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `build/src/interview-latency` must work with nothing installed, and an
 * installed copy must never read a build tree: the build tree's paths are
 * compiled in, and only used when the executable itself lies in that tree.
 */
#include "config.h"

#include <stdlib.h>

#include "il-paths.h"

static gboolean
detect_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = NULL;
  char *real_root;

  if (exe == NULL)
    return FALSE;
  /* Gone or moved: nothing to read there anyway. */
  real_root = realpath (BUILD_ROOT, NULL);
  if (real_root == NULL)
    return FALSE;
  root = g_strconcat (real_root, G_DIR_SEPARATOR_S, NULL);
  free (real_root);

  return g_str_has_prefix (exe, root);
}

gboolean
il_paths_is_uninstalled (void)
{
  static gsize once = 0;
  static gboolean uninstalled;

  if (g_once_init_enter (&once))
    {
      uninstalled = detect_uninstalled ();
      g_once_init_leave (&once, 1);
    }

  return uninstalled;
}

const char *
il_paths_get_localedir (void)
{
  /* meson builds <build>/po/<lang>/LC_MESSAGES/<domain>.mo: a locale dir. */
  return il_paths_is_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR;
}

const char *
il_paths_get_schemadir (void)
{
  return il_paths_is_uninstalled () ? BUILD_SCHEMADIR : NULL;
}
