/* bench-server-mode.c: the command line's memory when the database computes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a throw-away PostgreSQL and a fake PostgREST whose RPC runs the real
 * interview_latency_summary through psql, then for each table size fills the
 * table and runs the real executable with `--report=json --server-side`
 * (30 days, so two calls: the range and the period before it; then --all)
 * and prints its peak RSS (the child's VmHWM, from wait4). The figure should
 * not grow with the table and stay under 150 MB; the last lines say whether
 * it does. Ten million rows take minutes to generate.
 * Usage: bench-server-mode [ROWS...]   (default 1000000 10000000)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "../tests/fake-postgrest.h"
#include "../tests/pg-server.h"

#define KEY "sb_secret_bench-server-mode"

static PgServer *server;

/* Sessions of ~100 rows over the 60 days before now, 7 steps, 3 % errors. */
static const char fill_sql[] =
  "truncate public.interview_latency_metrics;"
  "insert into public.interview_latency_metrics"
  " (session_id, turn_number, step_name, latency_ms, started_at, completed_at,"
  "  status, error_message, created_at)"
  " select md5('s' || s)::uuid, t, step, lat, at, at + lat * interval '1 ms', status,"
  "        case when status = 'error' then (array['timeout', 'rate limited', null])[1 + (i %% 3)] end,"
  "        at + lat * interval '1 ms'"
  " from (select i, i / 100 as s, (i / 7) %% 14 as t,"
  "              (array['vad', 'stt', 'turn_detection', 'llm_first_token', 'llm_total',"
  "                     'tts_first_byte', 'tts_total'])[1 + i %% 7] as step,"
  "              round((((array[15, 180, 60, 450, 1200, 220, 900])[1 + i %% 7])"
  "                     * (0.4 + random () * random () * 2.5))::numeric, 2) as lat,"
  "              case when random () < 0.03 then 'error' else 'success' end as status,"
  "              now () - interval '60 days' + (i::float8 / %u) * interval '60 days' as at"
  "       from generate_series (0, %u - 1) i) g;"
  "analyze public.interview_latency_metrics;";

static char *
rpc_via_psql (const char *name,
              const char *args,
              guint      *status,
              gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "select public.interview_latency_summary("
    "  created_min => (a->>'created_min')::timestamptz,"
    "  created_max => (a->>'created_max')::timestamptz,"
    "  trend_bucket => coalesce (a->>'trend_bucket', 'day'),"
    "  time_zone => coalesce (a->>'time_zone', 'UTC'),"
    "  histogram_step => a->>'histogram_step',"
    "  session_limit => (a->>'session_limit')::int)"
    " from (select $args$%s$args$::jsonb as a) x", args);
  char *out = NULL;

  if (!pg_server_psql (server, "bench", sql, &out, &error))
    {
      *status = 400;
      return g_strdup ("{\"code\":\"P0001\",\"details\":null,\"hint\":null,\"message\":\"failed\"}");
    }
  return out;
}

/* Runs the executable; returns its peak RSS in KiB (-1 on failure). */
static long
run_app (const char  *url,
         const char  *range,
         double      *seconds,
         gsize       *out_len)
{
  g_autofree char *exe = g_build_filename (BUILD_ROOT, "src", "interview-latency", NULL);
  g_autofree char *schemas = g_build_filename (BUILD_ROOT, "data", NULL);
  g_autofree char *cfg = g_dir_make_tmp ("il-bench-XXXXXX", NULL);
  const char *argv[] = { exe, range, "--report=json", "--server-side", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  struct rusage ru;
  GPid pid;
  int out_fd;
  int status;
  gint64 t0 = g_get_monotonic_time ();
  GString *out = g_string_new (NULL);
  char buf[65536];
  gssize n;

  envp = g_environ_setenv (envp, "SUPABASE_URL", url, TRUE);
  envp = g_environ_setenv (envp, "SUPABASE_KEY", KEY, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", cfg, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cfg, TRUE);
  if (!g_spawn_async_with_pipes (cfg, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }
  while ((n = read (out_fd, buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (out_fd);
  if (wait4 (pid, &status, 0, &ru) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("the app failed (status %d)\n", status);
      g_string_free (out, TRUE);
      return -1;
    }
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *out_len = out->len;
  g_string_free (out, TRUE);
  g_rmdir (cfg);
  return ru.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *bindir = pg_server_find_bindir ();
  g_autofree char *sql_file = g_build_filename (SRCDIR, "data", "sql", "interview_latency_summary.sql", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlFakePostgrest) fake = NULL;
  guint sizes[8] = { 1000000, 10000000 };
  long rss_min = G_MAXLONG, rss_max = 0;
  guint n_sizes = 2;

  if (argc > 1)
    {
      n_sizes = 0;
      for (int i = 1; i < argc && n_sizes < G_N_ELEMENTS (sizes); i++)
        sizes[n_sizes++] = (guint) strtoul (argv[i], NULL, 10);
    }
  if (bindir == NULL)
    {
      g_printerr ("PostgreSQL is not installed (apt-get install postgresql)\n");
      return 77;
    }
  server = pg_server_start (bindir, &error);
  if (server == NULL
      || !pg_server_psql (server, NULL, "create database bench", NULL, &error)
      || !pg_server_psql (server, "bench", pg_server_table_sql, NULL, &error)
      || !pg_server_psql_file (server, "bench", sql_file, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fake = il_fake_postgrest_new (NULL, KEY);
  il_fake_postgrest_set_rpc (fake, rpc_via_psql, NULL);

  printf ("%10s  %-9s  %12s  %9s  %11s\n", "table rows", "range", "peak RSS", "wall", "report");
  for (guint i = 0; i < n_sizes; i++)
    {
      g_autofree char *fill = g_strdup_printf (fill_sql, sizes[i], sizes[i]);
      const char *ranges[] = { "--days=30", "--all" };

      if (!pg_server_psql (server, "bench", fill, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
        {
          double seconds = 0;
          gsize len = 0;
          long rss = run_app (il_fake_postgrest_get_url (fake), ranges[r], &seconds, &len);

          if (rss < 0)
            return 1;
          rss_min = MIN (rss_min, rss);
          rss_max = MAX (rss_max, rss);
          printf ("%10u  %-9s  %9.1f MB  %7.1f s  %7zu B\n", sizes[i], ranges[r], rss / 1024.0,
                  seconds, len);
          fflush (stdout);
        }
    }
  printf ("RPC calls: %u, row requests: %u\n", il_fake_postgrest_get_n_rpc_calls (fake),
          il_fake_postgrest_get_n_requests (fake) - il_fake_postgrest_get_n_rpc_calls (fake));
  printf ("peak RSS from %.1f to %.1f MB over %u to %u rows: %s 150 MB\n",
          rss_min / 1024.0, rss_max / 1024.0, sizes[0], sizes[n_sizes - 1],
          rss_max < 150 * 1024 ? "under" : "OVER");

  pg_server_stop (server);
  return 0;
}
