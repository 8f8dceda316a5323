/* il-session-search.h: sessions found by id in the database, with the
 * figures the session list shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"
#include "il-supabase-client.h"

G_BEGIN_DECLS

/* What one search gives at most: the rows held stay bounded whatever the
 * table's size. */
#define IL_SESSION_SEARCH_MAX_SESSIONS 200
#define IL_SESSION_SEARCH_MAX_ROWS     20000

/* The ids a search text finds, as the session list searches: the text,
 * lower-cased and trimmed, is a prefix of the id, written with or without
 * its dashes. Those ids are a range: @lo and @hi (both included). FALSE when
 * no id can start so (a character that is not hex, a dash out of place). */
gboolean il_session_search_range (const char *text,
                                  IlUuid     *lo,
                                  IlUuid     *hi);

typedef struct
{
  IlRowStore       *store;        /* the rows of the sessions found */
  IlSessionSummary *sessions;     /* most recent first_start first; .session indexes store->session_ids */
  guint             n_sessions;
  gboolean          more;         /* more sessions match than these */
} IlSessionSearch;

void il_session_search_free (IlSessionSearch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSessionSearch, il_session_search_free)

/* Finds the sessions of [created_min, created_max) (IL_TIME_NONE: no bound,
 * null created_at included) whose id matches @text, at most @max_sessions of
 * them (the lowest ids) from at most @max_rows rows (one more is asked for,
 * to know whether more match): their rows are asked for
 * by session_id range, in session_id order, page by page, and summed up by
 * the same code as the dashboard's aggregates. A session whose rows did not
 * all come is left out, and then "more" is set. */
void             il_supabase_client_search_sessions_async  (IlSupabaseClient    *self,
                                                            const char          *text,
                                                            gint64               created_min,
                                                            gint64               created_max,
                                                            guint                max_sessions,
                                                            guint                max_rows,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
IlSessionSearch *il_supabase_client_search_sessions_finish (IlSupabaseClient    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
