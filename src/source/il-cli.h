/* il-cli.h: the window-less command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv asks for a window-less run (--report, --export-csv or --check). */
gboolean il_cli_wanted (int    argc,
                        char **argv);

/* Runs `interview-latency [--demo] [--days N | --all] [--env-file PATH]
 * [--report[=text|json]] [--export-csv=PATH]` without a display. Figures go to
 * @out, messages to @err (stdout/stderr when NULL). Returns the exit status: 0 on
 * success, 1 on a data-source or write error, 2 on bad usage.
 * `--check [--slo STEP:STAT<=VALUE]...` evaluates the latency targets (the saved
 * slo-targets when no --slo is given) and returns 3 when one is breached. */
int      il_cli_run    (int    argc,
                        char **argv,
                        FILE  *out,
                        FILE  *err);

/* The key from a file (--key-file), warning on @err like ssh when others may
 * read it. */
char    *il_cli_read_key_file (const char  *path,
                               FILE        *err,
                               GError     **error);

G_END_DECLS
