/* pg-server.h: a throw-away PostgreSQL server for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PgServer PgServer;

/* The folder holding initdb, postgres and psql (IL_PG_BINDIR, else the newest
 * /usr/lib/postgresql/N/bin), or NULL when PostgreSQL is not installed. */
char     *pg_server_find_bindir (void);

/* initdb into a new temporary folder, then postgres on a free loopback port
 * with its unix socket in that folder. As root, both run as the "postgres"
 * user (or "nobody"), since PostgreSQL refuses to run as root. The server dies
 * with this process even when a test aborts. */
PgServer *pg_server_start       (const char  *bindir,
                                 GError     **error);
/* Runs psql -c sql (several statements allowed) in database db (NULL:
 * postgres); stdout in *out (unaligned, tuples only) when out is not NULL. */
gboolean  pg_server_psql        (PgServer    *self,
                                 const char  *db,
                                 const char  *sql,
                                 char       **out,
                                 GError     **error);
gboolean  pg_server_psql_file   (PgServer    *self,
                                 const char  *db,
                                 const char  *path,
                                 GError     **error);
const char *pg_server_get_dir   (PgServer    *self);
guint     pg_server_get_port    (PgServer    *self);
/* Stops the server (fast shutdown) and deletes its folder. */
void      pg_server_stop        (PgServer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgServer, pg_server_stop)

/* The table as the README creates it, with the README's one index. */
extern const char pg_server_table_sql[];

G_END_DECLS
