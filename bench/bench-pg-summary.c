/* bench-pg-summary.c: interview_latency_summary over a large table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a throw-away PostgreSQL, fills the table with ROWS generated rows
 * (default 10,000,000: 7 steps, about 100 rows per session, 90 days) in SQL,
 * creates the README's one index, then times the summary of the last DAYS
 * days (default 30) a few times (wall clock and the server process's CPU
 * time, with the machine's load) and prints the plan of its main query
 * (auto_explain: analyze, buffers) from the server log. Each run is a new
 * backend, whose peak memory is printed too.
 * Usage: bench-pg-summary [ROWS [DAYS [RUNS]]]
 * IL_SUMMARY_SQL=FILE times another version of the function, e.g. an older
 * one from git show, to compare on the same rows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "../tests/pg-server.h"
#include "il-summary.h"

static const char schema_sql[] =
  "create table public.interview_latency_metrics ("
  "  metric_id uuid not null default gen_random_uuid (),"
  "  session_id uuid not null,"
  "  turn_number integer not null default 0,"
  "  step_name text not null,"
  "  latency_ms numeric not null,"
  "  started_at timestamp with time zone not null,"
  "  completed_at timestamp with time zone not null,"
  "  status text not null,"
  "  error_message text null,"
  "  metadata jsonb null,"
  "  created_at timestamp with time zone null default now ());";

/* Sessions of ~100 rows (14 turns of 7 steps) spread evenly over 90 days
 * before 2026-11-30; skewed latencies per step with a 1 % tail of slow ones;
 * 3 % errors (4 messages and null), 2 % skipped. Rows are inserted in time
 * order, as a live table grows. A fixed seed makes every run's rows the
 * same, so that two versions' answers (md5 below) can be compared. */
static const char fill_sql[] =
  "select setseed (0.25);"
  "insert into public.interview_latency_metrics"
  " (session_id, turn_number, step_name, latency_ms, started_at, completed_at,"
  "  status, error_message, created_at)"
  " select md5('s' || s)::uuid, t, step, lat,"
  "        at, at + lat * interval '1 ms', status,"
  "        case when status = 'error' then (array['timeout', 'rate limited', 'upstream 502',"
  "             E'bad response:\\n{\"code\": 1}', null])[1 + (i %% 5)] end,"
  "        at + lat * interval '1 ms' + interval '5 ms'"
  " from (select i, i / 100 as s, (i / 7) %% 14 as t,"
  "              (array['vad', 'stt', 'turn_detection', 'llm_first_token', 'llm_total',"
  "                     'tts_first_byte', 'tts_total'])[1 + i %% 7] as step,"
  "              round((((array[15, 180, 60, 450, 1200, 220, 900])[1 + i %% 7])"
  "                     * (0.4 + random () * random () * 2.5)"
  "                     + case when random () < 0.01 then 4000 * random () else 0 end)::numeric, 2) as lat,"
  "              case when random () < 0.03 then 'error' when random () < 0.02 then 'skipped'"
  "                   else 'success' end as status,"
  "              timestamptz '2026-11-30T00:00:00Z' - interval '90 days'"
  "                + (i::float8 / %u) * interval '90 days' as at"
  "       from generate_series (0, %u - 1) i) g;";

/* utime + stime of a /proc/PID/stat line, in seconds */
static double
stat_cpu_s (const char *line)
{
  const char *p = strrchr (line, ')');
  g_auto(GStrv) f = NULL;

  if (p == NULL)
    return NAN;
  f = g_strsplit (p + 2, " ", -1);
  if (g_strv_length (f) < 13)
    return NAN;
  return (g_ascii_strtod (f[11], NULL) + g_ascii_strtod (f[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return NAN;
  return g_ascii_strtod (text, NULL);
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
fail (GError *error)
{
  fprintf (stderr, "bench-pg-summary: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

/* error is read after the call */
#define CHECK(call) G_STMT_START { if (!(call)) fail (error); } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000000;
  guint days = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 30;
  guint runs = argc > 3 ? (guint) strtoul (argv[3], NULL, 10) : 3;
  g_autofree char *bindir = pg_server_find_bindir ();
  g_autofree char *sql_file = g_strdup (g_getenv ("IL_SUMMARY_SQL"));
  g_autofree char *fill = g_strdup_printf (fill_sql, rows, rows);
  g_autofree char *call = NULL;
  g_autofree char *size = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  g_autoptr(PgServer) server = NULL;
  GError *error = NULL;
  g_autofree char *timed = NULL;
  double t0, best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (sql_file == NULL)
    sql_file = g_build_filename (SRCDIR, "data", "sql", "interview_latency_summary.sql", NULL);
  if (bindir == NULL)
    {
      fprintf (stderr, "bench-pg-summary: PostgreSQL is not installed (apt-get install postgresql)\n");
      return 1;
    }
  server = pg_server_start (bindir, &error);
  CHECK (server != NULL);

  printf ("PostgreSQL from %s, %u rows, summary of the last %u days\n", bindir, rows, days);
  printf ("function from %s\n", sql_file);
  CHECK (pg_server_psql (server, NULL, schema_sql, NULL, &error));
  CHECK (pg_server_psql_file (server, NULL, sql_file, &error));

  t0 = now_s ();
  CHECK (pg_server_psql (server, NULL, fill, NULL, &error));
  printf ("insert:           %8.1f s\n", now_s () - t0);
  t0 = now_s ();
  CHECK (pg_server_psql (server, NULL,
                         "create index on public.interview_latency_metrics (created_at, metric_id)",
                         NULL, &error));
  CHECK (pg_server_psql (server, NULL, "vacuum analyze public.interview_latency_metrics", NULL, &error));
  printf ("index + analyze:  %8.1f s\n", now_s () - t0);
  {
    g_autofree char *sql = g_strdup_printf ("select pg_size_pretty (pg_total_relation_size ('public.interview_latency_metrics'))"
                                            " || ', ' || (select count (*) from public.interview_latency_metrics"
                                            "   where created_at >= timestamptz '2026-11-30T00:00:00Z' - interval '%u days')"
                                            " || ' rows in the range'", days);

    CHECK (pg_server_psql (server, NULL, sql, &size, &error));
  }

  /* the JSON's length and md5 tell whether two versions answer the same */
  /* offset 0: a subquery pulled up would call the function once per use of j */
  call = g_strdup_printf ("select length (j) || ' bytes of JSON, md5 ' || md5 (j)"
                          " from (select public.interview_latency_summary ("
                          "created_min => timestamptz '2026-11-30T00:00:00Z' - interval '%u days')::text as j"
                          " offset 0) s",
                          days);
  /* the backend's own CPU time (from /proc/self/stat, read by the server
   * itself) says what the query costs even on a busy machine */
  timed = g_strdup_printf ("select pg_read_file ('/proc/self/stat'); %s; select pg_read_file ('/proc/self/stat');"
                           /* peak and shared memory of the backend, in kB */
                           "select substring (s from 'VmHWM:\\s*(\\d+)') || ' ' || substring (s from 'RssShmem:\\s*(\\d+)')"
                           " from pg_read_file ('/proc/self/status') s",
                           call);
  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      double t, cpu;
      guint n_lines;
      double hwm_kb = NAN, shmem_kb = NAN;

      t0 = now_s ();
      CHECK (pg_server_psql (server, NULL, timed, &out, &error));
      t = now_s () - t0;
      lines = g_strsplit (g_strstrip (out), "\n", -1);
      /* psql separates the three results by empty lines */
      {
        guint n = 0;

        for (guint k = 0; lines[k] != NULL; k++)
          if (lines[k][0] != '\0')
            lines[n++] = lines[k];
          else
            g_free (lines[k]);
        lines[n] = NULL;
      }
      n_lines = g_strv_length (lines);
      cpu = n_lines >= 4 ? stat_cpu_s (lines[2]) - stat_cpu_s (lines[0]) : NAN;
      if (n_lines >= 4)
        {
          char *end = NULL;

          hwm_kb = g_ascii_strtod (lines[3], &end);
          shmem_kb = g_ascii_strtod (end, NULL);
        }
      best = MIN (best, t);
      best_cpu = MIN (best_cpu, cpu);
      /* the peak includes the shared buffers the backend touched */
      printf ("summary run %u:    %8.2f s wall, %6.2f s backend CPU, load %.1f (%s),"
              " backend peak %.0f MB (%.0f MB of it shared)\n",
              i + 1, t, cpu, load_average (), n_lines >= 4 ? lines[1] : "?",
              hwm_kb / 1024, shmem_kb / 1024);
    }
  printf ("summary best:     %8.2f s wall, %6.2f s CPU (table and index %s)\n",
          best, best_cpu, g_strstrip (size));

  /* the function's own query, planned and run with its buffers */
  {
    g_autofree char *explain = g_strdup_printf ("load 'auto_explain';"
                                                "set auto_explain.log_min_duration = 0;"
                                                "set auto_explain.log_analyze = on;"
                                                "set auto_explain.log_buffers = on;"
                                                "set auto_explain.log_timing = on;"
                                                "set auto_explain.log_nested_statements = on;"
                                                "%s", call);

    CHECK (pg_server_psql (server, NULL, explain, NULL, &error));
  }
  log_path = g_build_filename (pg_server_get_dir (server), "postgres.log", NULL);
  if (g_file_get_contents (log_path, &log, NULL, NULL))
    {
      const char *text = g_strrstr (log, "Query Text: with");
      const char *plan = text != NULL ? strstr (text, "  (cost=") : NULL;

      /* the plan, without the query text before it */
      while (plan != NULL && plan > text && plan[-1] != '\n')
        plan--;
      printf ("\nauto_explain of the function's query (analyze, buffers):\n%s\n", plan != NULL ? plan : log);
    }
  return 0;
}
