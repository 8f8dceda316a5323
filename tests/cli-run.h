/* cli-run.h: running the command line in-process with its output captured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

void cli_result_clear (CliResult *result);

/* Everything written to @stream (rewound), which it closes. */
char *cli_read_stream (FILE *stream);

/* Runs il_cli_run on @argv (program name first, NULL-terminated) and keeps
 * its exit status and everything it wrote to stdout and stderr. */
void cli_run_argv (CliResult         *result,
                   const char *const *argv);
