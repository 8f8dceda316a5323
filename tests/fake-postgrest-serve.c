/* fake-postgrest-serve.c: the tests' fake PostgREST as a standalone server,
 * to look at the app against a "remote" table by hand:
 *
 *   build/tests/fake-postgrest-serve [ROWS] [INSERT_EVERY_S]
 *   build/src/interview-latency --url URL --key any
 *
 * or, to look at server mode (--server-side), the pandas fixture's rows with
 * a summary read from a file (tests/summary-fixture.json, or a copy edited
 * to list fewer sessions) as the answer of the database function:
 *
 *   build/tests/fake-postgrest-serve --fixture SUMMARY.json
 *
 * Every INSERT_EVERY_S seconds (0: never) 40 more demo rows are added,
 * spread over the last 30 days like the others, so live mode has something
 * to find (through the count check, as a late commit would be), and Realtime
 * subscribers hear of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "fake-postgrest.h"
#include "fixture-rows.h"
#include "il-demo.h"

static char *
answer_summary (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  return g_strdup (data);
}

static guint32 seed = 1;

static gboolean
insert_rows (gpointer user_data)
{
  IlFakePostgrest *server = user_data;
  g_autoptr(IlRowStore) fresh = il_demo_generate (40, seed++, g_get_real_time ());

  il_fake_postgrest_insert_rows (server, fresh);
  g_print ("%u rows in the table, %u requests so far\n", il_fake_postgrest_get_n_rows (server),
           il_fake_postgrest_get_n_requests (server));
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 2 && g_str_equal (argv[1], "--fixture"))
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(IlRowStore) rows = fixture_store ();
      g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (rows, NULL);
      g_autofree char *summary = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (argv[2], &summary, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      il_fake_postgrest_set_rpc (server, answer_summary, summary);
      g_print ("%s\n", il_fake_postgrest_get_url (server));
      fflush (stdout);
      g_main_loop_run (loop);
      return 0;
    }
  guint n_rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  guint every_s = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 0;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IlRowStore) rows = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, g_get_real_time ());
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (rows, NULL);

  g_print ("%s\n", il_fake_postgrest_get_url (server));
  fflush (stdout);
  if (every_s > 0)
    g_timeout_add_seconds (every_s, insert_rows, server);
  g_main_loop_run (loop);
  return 0;
}
