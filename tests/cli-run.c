/* cli-run.c: running the command line in-process with its output captured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "cli-run.h"
#include "il-cli.h"

void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

char *
cli_read_stream (FILE *stream)
{
  GString *text = g_string_new (NULL);
  char buf[4096];
  size_t n;

  rewind (stream);
  while ((n = fread (buf, 1, sizeof buf, stream)) > 0)
    g_string_append_len (text, buf, n);
  fclose (stream);

  return g_string_free (text, FALSE);
}

void
cli_run_argv (CliResult         *result,
              const char *const *argv)
{
  FILE *out = tmpfile ();
  FILE *err = tmpfile ();

  g_assert_nonnull (out);
  g_assert_nonnull (err);

  result->status = il_cli_run ((int) g_strv_length ((char **) argv), (char **) argv, out, err);
  result->out = cli_read_stream (out);
  result->err = cli_read_stream (err);
}
