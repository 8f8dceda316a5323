/* pg-server.c: a throw-away PostgreSQL server for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pg-server.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

const char pg_server_table_sql[] =
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
  "  created_at timestamp with time zone null default now ());"
  "create index on public.interview_latency_metrics (created_at, metric_id);";

struct _PgServer
{
  char  *bindir;
  char  *dir;          /* socket folder; data in dir/data */
  guint  port;
  GPid   pid;
  uid_t  uid;          /* who runs initdb and postgres */
  gid_t  gid;
};

char *
pg_server_find_bindir (void)
{
  const char *env = g_getenv ("IL_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  char *best = NULL;
  long best_version = -1;

  if (env != NULL && *env != '\0')
    {
      g_autofree char *postgres = g_build_filename (env, "postgres", NULL);

      return g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
    }
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      g_autofree char *postgres = g_build_filename (bin, "postgres", NULL);
      g_autofree char *initdb = g_build_filename (bin, "initdb", NULL);
      g_autofree char *psql = g_build_filename (bin, "psql", NULL);
      long version = strtol (name, NULL, 10);

      if (version > best_version
          && g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE)
          && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE)
          && g_file_test (psql, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (best);
          best = g_steal_pointer (&bin);
          best_version = version;
        }
    }
  return best;
}

/* Runs in the child between fork and exec. */
static void
child_setup (gpointer data)
{
  PgServer *self = data;

  if (geteuid () == 0 && self->uid != 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (self->gid) != 0 || setuid (self->uid) != 0)
        _exit (126);
    }
  /* after setuid, which clears it: postgres dies with the test, even on abort */
  prctl (PR_SET_PDEATHSIG, SIGQUIT);
}

static gboolean
run (PgServer    *self,
     char       **argv,
     gboolean     as_owner,
     char       **out,
     GError     **error)
{
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status;

  if (!g_spawn_sync (self->dir, argv, NULL, G_SPAWN_DEFAULT,
                     as_owner ? child_setup : NULL, self, &std_out, &std_err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s%s", argv[0],
                   std_err != NULL ? std_err : "", std_out != NULL ? std_out : "");
      return FALSE;
    }
  if (out != NULL)
    *out = g_steal_pointer (&std_out);
  return TRUE;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL))
    return 0;
  bound = g_socket_get_local_address (socket, NULL);
  return bound != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

static gboolean
launch (PgServer *self,
        GError  **error)
{
  g_autofree char *postgres = g_build_filename (self->bindir, "postgres", NULL);
  g_autofree char *data = g_build_filename (self->dir, "data", NULL);
  g_autofree char *log = g_build_filename (self->dir, "postgres.log", NULL);
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  char *argv[] = {
    postgres, "-D", data, "-p", port, "-k", self->dir,
    "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
    "-c", "full_page_writes=off", "-c", "logging_collector=off", NULL,
  };
  int fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  gboolean ok;

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", log, g_strerror (errno));
      return FALSE;
    }
  ok = g_spawn_async_with_fds (self->dir, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                               child_setup, self, &self->pid, -1, fd, fd, error);
  close (fd);
  return ok;
}

/* Polls until the server answers; FALSE when it exited or took too long. */
static gboolean
wait_ready (PgServer *self,
            GError  **error)
{
  for (int i = 0; i < 600; i++)
    {
      int status;

      if (pg_server_psql (self, NULL, "select 1", NULL, NULL))
        return TRUE;
      if (waitpid (self->pid, &status, WNOHANG) == self->pid)
        {
          g_autofree char *log_path = g_build_filename (self->dir, "postgres.log", NULL);
          g_autofree char *log = NULL;

          self->pid = 0;
          g_file_get_contents (log_path, &log, NULL, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "postgres exited: %s", log ? log : "");
          return FALSE;
        }
      g_usleep (100000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "postgres did not start within 60 s");
  return FALSE;
}

PgServer *
pg_server_start (const char *bindir,
                 GError    **error)
{
  g_autoptr(PgServer) self = g_new0 (PgServer, 1);
  g_autofree char *initdb = g_build_filename (bindir, "initdb", NULL);
  g_autofree char *data = NULL;

  self->bindir = g_strdup (bindir);
  self->dir = g_dir_make_tmp ("il-pg-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  data = g_build_filename (self->dir, "data", NULL);

  /* deletes the folder once this process is gone, however it ends */
  {
    g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
    char *argv[] = {
      "/bin/sh", "-c", "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; rm -rf \"$2\"",
      "sh", pid, self->dir, NULL,
    };

    g_spawn_async (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, NULL, NULL);
  }

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        pw = getpwnam ("nobody");
      if (pw == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "running as root and there is no postgres or nobody user to run PostgreSQL as");
          return NULL;
        }
      self->uid = pw->pw_uid;
      self->gid = pw->pw_gid;
      if (chown (self->dir, self->uid, self->gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "chown %s: %s",
                       self->dir, g_strerror (errno));
          return NULL;
        }
    }

  {
    char *argv[] = {
      initdb, "-D", data, "-U", "il", "--auth=trust", "--no-sync", "-E", "UTF8",
      "--locale=C.UTF-8", NULL,
    };

    if (!run (self, argv, TRUE, NULL, error))
      return NULL;
  }

  /* the port may be taken between free_port() and bind(): try another */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      self->port = free_port ();
      if (self->port == 0)
        self->port = 54320 + g_random_int_range (0, 1000);
      if (!launch (self, error))
        return NULL;
      if (wait_ready (self, &local_error))
        return g_steal_pointer (&self);
      if (self->pid != 0 || attempt == 2)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return NULL;
}

gboolean
pg_server_psql (PgServer   *self,
                const char *db,
                const char *sql,
                char      **out,
                GError    **error)
{
  g_autofree char *psql = g_build_filename (self->bindir, "psql", NULL);
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  char *argv[] = {
    psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self->dir, "-p", port,
    "-U", "il", "-d", (char *) (db != NULL ? db : "postgres"), "-c", (char *) sql, NULL,
  };

  return run (self, argv, FALSE, out, error);
}

gboolean
pg_server_psql_file (PgServer   *self,
                     const char *db,
                     const char *path,
                     GError    **error)
{
  g_autofree char *psql = g_build_filename (self->bindir, "psql", NULL);
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  char *argv[] = {
    psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self->dir, "-p", port,
    "-U", "il", "-d", (char *) (db != NULL ? db : "postgres"), "-f", (char *) path, NULL,
  };

  return run (self, argv, FALSE, NULL, error);
}

const char *
pg_server_get_dir (PgServer *self)
{
  return self->dir;
}

guint
pg_server_get_port (PgServer *self)
{
  return self->port;
}

void
pg_server_stop (PgServer *self)
{
  if (self == NULL)
    return;

  if (self->pid > 0)
    {
      int status;

      kill (self->pid, SIGINT);   /* fast shutdown */
      for (int i = 0; i < 300 && waitpid (self->pid, &status, WNOHANG) == 0; i++)
        g_usleep (100000);
      if (waitpid (self->pid, &status, WNOHANG) == 0)
        {
          kill (self->pid, SIGKILL);
          waitpid (self->pid, &status, 0);
        }
      g_spawn_close_pid (self->pid);
    }
  if (self->dir != NULL)
    {
      char *argv[] = { "rm", "-rf", self->dir, NULL };

      g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                    | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (self->bindir);
  g_free (self->dir);
  g_free (self);
}
