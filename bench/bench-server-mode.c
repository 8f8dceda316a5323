/* bench-server-mode.c: the command line's memory when the database computes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a throw-away PostgreSQL and a fake PostgREST whose RPC runs the real
 * interview_latency_summary through psql, then for each table size fills the
 * table and runs the real executable with `--report=json --server-side`
 * (30 days, so two calls: the range and the period before it; then --all)
 * and prints its peak RSS (the child's VmHWM, read while it runs). Under a display
 * (xvfb-run -a) it then does the same for the window: a child process opens
 * it in server mode, waits for the summary and shows every page in turn (the
 * rows those pages fetch on demand come from the fake's own 50,000 rows; the
 * database's table is only summarised). The figures should not grow with
 * the table and stay under 150 MB; the last lines say whether they do. Ten
 * million rows take minutes to generate.
 * Usage: bench-server-mode [ROWS...]   (default 1000000 10000000)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "../tests/fake-postgrest.h"
#include "../tests/pg-server.h"
#include "il-demo.h"
#include "il-main-window.h"
#include "il-raw-page-private.h"

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

/* The VmHWM of process @pid in KiB, -1 once it has exited. */
static long
vm_hwm (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

/* ---- the window, in a child process of its own ---------------------------- */

static IlMainWindow *window;

static gboolean
window_idle (void)
{
  return il_main_window_is_idle (window) && il_main_window_get_aggregates (window) != NULL;
}

static void
spin_until_idle (guint min_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 900 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < start + min_ms * 1000 || !window_idle ())
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("the window did not load in 15 minutes\n");
          exit (1);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The window in server mode at @url over @range, every page shown. */
static int
window_child (const char *url,
              const char *range)
{
  IlConfig *config;

  adw_init ();
  config = il_config_new ();
  g_free (config->url);
  g_free (config->key);
  config->url = g_strdup (url);
  config->key = g_strdup (KEY);
  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  il_main_window_set_use_cache (window, FALSE);
  il_main_window_set_compute_mode_once (window, IL_COMPUTE_SERVER);
  il_main_window_set_range_once (window, 30, g_str_equal (range, "--all"));
  gtk_window_present (GTK_WINDOW (window));
  il_main_window_set_source (window, config, FALSE);
  spin_until_idle (200);
  for (IlPage page = 0; page < IL_N_PAGES; page++)
    {
      il_main_window_set_page (window, page);
      spin_until_idle (500);
      if (page == IL_PAGE_RAW)
        {
          IlRawPage *raw = IL_RAW_PAGE (il_main_window_get_page_widget (window, IL_PAGE_RAW));

          /* until the raw rows are counted and their first pages are in */
          while (_il_raw_page_get_remote_rows (raw) == NULL
                 || il_remote_rows_get_total (_il_raw_page_get_remote_rows (raw)) < 0
                 || il_remote_rows_is_loading (_il_raw_page_get_remote_rows (raw)))
            g_main_context_iteration (NULL, TRUE);
          spin_until_idle (300);
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
  il_config_free (config);
  /* exact, where the parent's reading can miss the last milliseconds */
  printf ("VmHWM %ld\n", vm_hwm (getpid ()));
  return 0;
}

/* Runs @argv with the bench's environment; returns its peak RSS in KiB
 * (-1 on failure). Not wait4's ru_maxrss: that counts this process's own
 * pages, mapped in the child between fork and exec, and this process holds
 * the fake's rows. The child's VmHWM is read while it runs instead; it only
 * grows, and a child that ends does so after its last allocation. */
static long
run_child (const char  *url,
           const char **argv,
           double      *seconds,
           gsize       *out_len)
{
  g_autofree char *schemas = g_build_filename (BUILD_ROOT, "data", NULL);
  g_autofree char *cfg = g_dir_make_tmp ("il-bench-XXXXXX", NULL);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd;
  int status;
  gint64 t0 = g_get_monotonic_time ();
  GString *out = g_string_new (NULL);
  char buf[65536];
  long peak = -1;

  envp = g_environ_setenv (envp, "SUPABASE_URL", url, TRUE);
  envp = g_environ_setenv (envp, "SUPABASE_KEY", KEY, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", cfg, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cfg, TRUE);
  if (!g_spawn_async_with_pipes (cfg, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error)
      || !g_unix_set_fd_nonblocking (out_fd, TRUE, &error))
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }
  for (;;)
    {
      gssize n;
      pid_t done;

      peak = MAX (peak, vm_hwm (pid));
      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, n);
      done = waitpid (pid, &status, WNOHANG);
      if (done == pid)
        break;
      g_usleep (2000);
    }
  for (gssize n; (n = read (out_fd, buf, sizeof buf)) > 0;)
    g_string_append_len (out, buf, n);
  close (out_fd);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("the app failed (status %d)\n", status);
      g_string_free (out, TRUE);
      return -1;
    }
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *out_len = out->len;
  if (g_str_has_prefix (out->str, "VmHWM "))
    peak = MAX (peak, strtol (out->str + strlen ("VmHWM "), NULL, 10));
  g_string_free (out, TRUE);
  g_rmdir (cfg);
  return peak;
}

/* The executable's report; returns its peak RSS in KiB (-1 on failure). */
static long
run_app (const char  *url,
         const char  *range,
         double      *seconds,
         gsize       *out_len)
{
  g_autofree char *exe = g_build_filename (BUILD_ROOT, "src", "interview-latency", NULL);
  const char *argv[] = { exe, range, "--report=json", "--server-side", NULL };

  return run_child (url, argv, seconds, out_len);
}

/* This bench as the window's process; returns its peak RSS in KiB. */
static long
run_window (const char *self,
            const char *url,
            const char *range,
            double     *seconds)
{
  const char *argv[] = { self, "--window-child", url, range, NULL };
  gsize len;

  return run_child (url, argv, seconds, &len);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *bindir = pg_server_find_bindir ();
  g_autofree char *sql_file = g_build_filename (SRCDIR, "data", "sql", "interview_latency_summary.sql", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlFakePostgrest) fake = NULL;
  g_autoptr(IlRowStore) fake_rows = NULL;
  /* the children run in a folder of their own */
  g_autofree char *self = g_canonicalize_filename (argv[0], NULL);
  guint sizes[8] = { 1000000, 10000000 };
  long rss_min = G_MAXLONG, rss_max = 0;
  long win_min = G_MAXLONG, win_max = 0;
  guint n_sizes = 2;
  gboolean display = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;

  if (argc == 4 && g_str_equal (argv[1], "--window-child"))
    return window_child (argv[2], argv[3]);
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
  fake_rows = il_demo_generate (50000, IL_DEMO_DEFAULT_SEED, g_get_real_time ());
  fake = il_fake_postgrest_new (fake_rows, KEY);
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
      for (guint r = 0; display && r < G_N_ELEMENTS (ranges); r++)
        {
          double seconds = 0;
          long rss = run_window (self, il_fake_postgrest_get_url (fake), ranges[r], &seconds);

          if (rss < 0)
            return 1;
          win_min = MIN (win_min, rss);
          win_max = MAX (win_max, rss);
          printf ("%10u  %-9s  %9.1f MB  %7.1f s  the window, every page shown\n", sizes[i], ranges[r],
                  rss / 1024.0, seconds);
          fflush (stdout);
        }
    }
  printf ("RPC calls: %u, row requests: %u\n", il_fake_postgrest_get_n_rpc_calls (fake),
          il_fake_postgrest_get_n_requests (fake) - il_fake_postgrest_get_n_rpc_calls (fake));
  printf ("peak RSS from %.1f to %.1f MB over %u to %u rows: %s 150 MB\n",
          rss_min / 1024.0, rss_max / 1024.0, sizes[0], sizes[n_sizes - 1],
          rss_max < 150 * 1024 ? "under" : "OVER");
  if (display)
    printf ("the window's peak RSS from %.1f to %.1f MB over %u to %u rows: %s 150 MB\n",
            win_min / 1024.0, win_max / 1024.0, sizes[0], sizes[n_sizes - 1],
            win_max < 150 * 1024 ? "under" : "OVER");
  else
    printf ("the window: no display (run under xvfb-run -a to measure it)\n");

  pg_server_stop (server);
  return 0;
}
