/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "il-app.h"
#include "il-cli.h"
#include "il-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IlApp) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, il_paths_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* --report and --export-csv never open a window, so they need no display. */
  if (il_cli_wanted (argc, argv))
    return il_cli_run (argc, argv, NULL, NULL);

  app = il_app_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
