/* bench-pg-summary.c: interview_latency_summary over a large table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a throw-away PostgreSQL, fills the table with ROWS generated rows
 * (default 10,000,000: 7 steps, about 100 rows per session, 90 days) in SQL,
 * creates the README's one index, then times the summary of the last DAYS
 * days (default 30) a few times (wall clock and the server process's CPU
 * time, alone and with its parallel workers, with the machine's load) and
 * prints the plan of its main query (auto_explain: analyze, buffers) from
 * the server log. Each run is a new
 * backend, whose peak memory is printed too.
 * Usage: bench-pg-summary [ROWS [DAYS [RUNS]]]
 * IL_SUMMARY_SQL=FILE times another version of the function, e.g. an older
 * one from git show; IL_SUMMARY_COMPARE=FILE times one more version in runs
 * alternating with the first, on the same server and rows (this VM's speed
 * drifts by 15 % with the other work on it).
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

/* CPU seconds of the postmaster's children that have exited (cutime +
 * cstime): a backend and its parallel workers once the session is over */
static double
children_cpu_s (const char *pid_file)
{
  g_autofree char *pid_text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  const char *p;
  g_auto(GStrv) f = NULL;

  if (!g_file_get_contents (pid_file, &pid_text, NULL, NULL))
    return NAN;
  path = g_strdup_printf ("/proc/%ld/stat", strtol (pid_text, NULL, 10));
  if (!g_file_get_contents (path, &line, NULL, NULL) || (p = strrchr (line, ')')) == NULL)
    return NAN;
  f = g_strsplit (p + 2, " ", -1);
  if (g_strv_length (f) < 15)
    return NAN;
  return (g_ascii_strtod (f[13], NULL) + g_ascii_strtod (f[14], NULL)) / sysconf (_SC_CLK_TCK);
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

/* the JSON's length and md5 tell whether two versions answer the same;
 * offset 0: a subquery pulled up would call the function once per use of j */
static char *
summary_call (const char *schema,
              guint       days)
{
  return g_strdup_printf ("select length (j) || ' bytes of JSON, md5 ' || md5 (j)"
                          " from (select %s.interview_latency_summary ("
                          "created_min => timestamptz '2026-11-30T00:00:00Z' - interval '%u days')::text as j"
                          " offset 0) s",
                          schema, days);
}

/* One run in a new backend: wall clock, the backend's own CPU time (from
 * /proc/self/stat, read by the server itself: what the query costs even on
 * a busy machine) and with its parallel workers (the postmaster's reaped
 * children), and the backend's peak memory. */
static void
time_run (PgServer   *server,
          const char *pid_file,
          const char *call,
          double     *t,
          double     *cpu,
          double     *total,
          const char *label,
          guint       run)
{
  g_autofree char *timed = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GError *error = NULL;
  double t0, total0;
  guint n_lines;
  double hwm_kb = NAN, shmem_kb = NAN;

  timed = g_strdup_printf ("select pg_read_file ('/proc/self/stat'); %s; select pg_read_file ('/proc/self/stat');"
                           /* peak and shared memory of the backend, in kB */
                           "select substring (s from 'VmHWM:\\s*(\\d+)') || ' ' || substring (s from 'RssShmem:\\s*(\\d+)')"
                           " from pg_read_file ('/proc/self/status') s",
                           call);
  total0 = children_cpu_s (pid_file);
  t0 = now_s ();
  CHECK (pg_server_psql (server, NULL, timed, &out, &error));
  *t = now_s () - t0;
  /* until the postmaster has reaped the backend */
  g_usleep (500000);
  *total = children_cpu_s (pid_file) - total0;
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
  *cpu = n_lines >= 4 ? stat_cpu_s (lines[2]) - stat_cpu_s (lines[0]) : NAN;
  if (n_lines >= 4)
    {
      char *end = NULL;

      hwm_kb = g_ascii_strtod (lines[3], &end);
      shmem_kb = g_ascii_strtod (end, NULL);
    }
  /* the peak includes the shared buffers the backend touched */
  printf ("summary run %u%s%s: %8.2f s wall, %6.2f s backend CPU, %6.2f s with its parallel workers,"
          " load %.1f (%s), backend peak %.0f MB (%.0f MB of it shared)\n",
          run, label != NULL ? " of " : "   ", label != NULL ? label : "", *t, *cpu, *total,
          load_average (), n_lines >= 4 ? lines[1] : "?", hwm_kb / 1024, shmem_kb / 1024);
}

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
  g_autofree char *compare_file = g_strdup (g_getenv ("IL_SUMMARY_COMPARE"));
  g_autofree char *call = NULL;
  g_autofree char *size = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  g_autoptr(PgServer) server = NULL;
  GError *error = NULL;
  double t0;
  double best[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  double best_cpu[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  double best_total[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  const char *schemas[2] = { "public", "compare" };
  const char *versions[2] = { "this", "the other" };
  guint n_versions = 1;
  g_autofree char *pid_file = NULL;

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
  pid_file = g_build_filename (pg_server_get_dir (server), "data", "postmaster.pid", NULL);

  printf ("PostgreSQL from %s, %u rows, summary of the last %u days\n", bindir, rows, days);
  printf ("function from %s\n", sql_file);
  CHECK (pg_server_psql (server, NULL, schema_sql, NULL, &error));
  CHECK (pg_server_psql_file (server, NULL, sql_file, &error));
  if (compare_file != NULL)
    {
      g_autofree char *text = NULL;
      g_autofree char *copy = g_build_filename (pg_server_get_dir (server), "compare.sql", NULL);
      g_auto(GStrv) parts = NULL;
      g_autofree char *renamed = NULL;

      /* the other version as compare.interview_latency_summary, on the same rows */
      CHECK (g_file_get_contents (compare_file, &text, NULL, &error));
      parts = g_strsplit (text, "public.interview_latency_summary", -1);
      renamed = g_strjoinv ("compare.interview_latency_summary", parts);
      CHECK (g_file_set_contents (copy, renamed, -1, &error));
      CHECK (pg_server_psql (server, NULL, "create schema compare", NULL, &error));
      CHECK (pg_server_psql_file (server, NULL, copy, &error));
      printf ("runs alternate with the function from %s\n", compare_file);
      n_versions = 2;
    }

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

  call = summary_call ("public", days);
  for (guint i = 0; i < runs; i++)
    for (guint v = 0; v < n_versions; v++)
      {
        g_autofree char *version_call = summary_call (schemas[v], days);
        double t, cpu, total;

        time_run (server, pid_file, version_call, &t, &cpu, &total,
                  compare_file != NULL ? versions[v] : NULL, i + 1);
        best[v] = MIN (best[v], t);
        best_cpu[v] = MIN (best_cpu[v], cpu);
        best_total[v] = MIN (best_total[v], total);
      }
  for (guint v = 0; v < n_versions; v++)
    printf ("summary best%s%s: %8.2f s wall, %6.2f s backend CPU, %6.2f s with workers"
            " (table and index %s)\n",
            compare_file != NULL ? " of " : "", compare_file != NULL ? versions[v] : "    ",
            best[v], best_cpu[v], best_total[v], g_strstrip (size));

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
      const char *text = NULL;

      /* the last statement that starts with "with": the function's query */
      for (const char *q = strstr (log, "Query Text:"); q != NULL; q = strstr (q + 1, "Query Text:"))
        {
          const char *p = q + strlen ("Query Text:");

          while (g_ascii_isspace (*p))
            p++;
          if (g_str_has_prefix (p, "with"))
            text = q;
        }
      const char *plan = text != NULL ? strstr (text, "  (cost=") : NULL;

      /* the plan, without the query text before it */
      while (plan != NULL && plan > text && plan[-1] != '\n')
        plan--;
      printf ("\nauto_explain of the function's query (analyze, buffers):\n%s\n", plan != NULL ? plan : log);
    }
  return 0;
}
