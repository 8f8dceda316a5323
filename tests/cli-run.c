/* cli-run.c: running the command line in-process with its output captured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include <glib/gstdio.h>

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

/* Runs the command line with a NULL-terminated argument list. */
void
run_cli (CliResult  *result,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) "interview-latency");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  cli_run_argv (result, (const char *const *) args->pdata);
}

/* An empty folder as cwd and XDG config dir, and no SUPABASE_* variables, so no
 * configuration leaks in from the machine running the tests. */
char *
isolate_configuration (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("il-cli-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (dir), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");

  return dir;
}
