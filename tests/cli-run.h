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

/* Runs the command line with a NULL-terminated argument list. */
void  run_cli               (CliResult  *result,
                             const char *first,
                             ...) G_GNUC_NULL_TERMINATED;
/* An empty folder as cwd and XDG config dir, and no SUPABASE_* variables, so no
 * configuration leaks in from the machine running the tests. */
char *isolate_configuration (void);
