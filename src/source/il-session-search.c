/* il-session-search.c: sessions found by id in the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * session_id is a uuid column: PostgreSQL has no LIKE for it (42883, which
 * PostgREST answers with 404), and PostgREST casts no filter to text. The
 * session list searches by id prefix, and the ids with a given prefix are a
 * range of uuids (PostgreSQL orders uuids by their bytes, as their hex
 * text), so the search is session_id=gte.LO&session_id=lte.HI: exact, and an
 * index on session_id serves it.
 */
#include "config.h"

#include <string.h>

#include "il-row-merge.h"
#include "il-session-search.h"
#include "il-supabase-rows.h"
#include "il-task-start.h"

/* Rows per request. */
#define SEARCH_PAGE 1000

gboolean
il_session_search_range (const char *text,
                         IlUuid     *lo,
                         IlUuid     *hi)
{
  g_autofree char *clean = NULL;
  char hex[33];
  char lo_text[37], hi_text[37];
  guint n = 0;
  gboolean dashed;

  g_return_val_if_fail (text != NULL && lo != NULL && hi != NULL, FALSE);

  clean = g_strstrip (g_ascii_strdown (text, -1));
  dashed = strchr (clean, '-') != NULL;
  if (strlen (clean) > (dashed ? 36 : 32))
    return FALSE;
  for (guint i = 0; clean[i] != '\0'; i++)
    {
      gboolean dash_here = i == 8 || i == 13 || i == 18 || i == 23;

      if (dashed && dash_here)
        {
          if (clean[i] != '-')
            return FALSE;
          continue;
        }
      if (!g_ascii_isxdigit (clean[i]))
        return FALSE;
      hex[n++] = clean[i];
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      char *out = pass == 0 ? lo_text : hi_text;
      guint k = 0;

      for (guint i = 0; i < 32; i++)
        {
          if (i == 8 || i == 12 || i == 16 || i == 20)
            out[k++] = '-';
          out[k++] = i < n ? hex[i] : pass == 0 ? '0' : 'f';
        }
      out[k] = '\0';
    }
  return il_uuid_parse (lo_text, -1, lo) && il_uuid_parse (hi_text, -1, hi);
}

void
il_session_search_free (IlSessionSearch *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->store, il_row_store_unref);
  g_free (self->sessions);
  g_free (self);
}

typedef struct
{
  IlRowQuery  query;
  guint       max_sessions;
  guint       max_rows;
  GPtrArray  *pages;         /* IlRowStore, in session_id order */
  guint64     offset;
  guint64     n_rows;
  guint       n_ids;         /* distinct session ids seen */
  IlUuid      last_id;
  gboolean    more;
} Search;

static void
search_free (gpointer data)
{
  Search *s = data;

  il_row_query_clear (&s->query);
  g_ptr_array_unref (s->pages);
  g_free (s);
}

static int
compare_uuid (gconstpointer a,
              gconstpointer b)
{
  return il_uuid_compare (a, b);
}

/* The rows are in; in a worker: one store in full-fetch order, the same
 * aggregates as the dashboard over it, and only the sessions kept. */
static void
sum_up_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Search *s = task_data;
  g_autoptr(IlSessionSearch) result = g_new0 (IlSessionSearch, 1);
  g_autoptr(IlAggregates) agg = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (IlUuid));
  IlAggregateOptions options;
  IlFilter filter;

  for (guint p = 0; p < s->pages->len; p++)
    {
      IlRowStore *page = g_ptr_array_index (s->pages, p);

      for (guint r = 0; r < page->n_rows; r++)
        {
          const IlUuid *id = &page->session_ids[page->session[r]];

          if (kept->len == 0 || il_uuid_compare (&g_array_index (kept, IlUuid, kept->len - 1), id) != 0)
            g_array_append_val (kept, *id);
        }
    }
  /* the last session may have more rows than came */
  if (s->more && kept->len > 0)
    g_array_set_size (kept, kept->len - 1);
  if (kept->len > s->max_sessions)
    {
      g_array_set_size (kept, s->max_sessions);
      s->more = TRUE;
    }

  result->store = il_row_store_merge (NULL, IL_TIME_NONE, NULL, 0, FALSE,
                                      (IlRowStore * const *) s->pages->pdata, s->pages->len);
  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (result->store, &filter, &options);
  il_filter_clear (&filter);

  result->sessions = g_new (IlSessionSummary, MAX (kept->len, 1));
  for (guint i = 0; i < agg->n_sessions; i++)
    if (bsearch (&agg->sessions[i].id, kept->data, kept->len, sizeof (IlUuid), compare_uuid) != NULL)
      result->sessions[result->n_sessions++] = agg->sessions[i];
  result->more = s->more;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) il_session_search_free);
}

static void fetch_next (GTask *task);

static void
page_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Search *s = g_task_get_task_data (task);
  GError *error = NULL;
  IlRowStore *page = il_supabase_client_rows_finish (IL_SUPABASE_CLIENT (object), result, NULL, &error);
  guint asked = (guint) MIN ((guint64) SEARCH_PAGE, s->max_rows + 1 - s->n_rows);

  if (page == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (s->pages, page);
  for (guint r = 0; r < page->n_rows; r++)
    {
      const IlUuid *id = &page->session_ids[page->session[r]];

      if (s->n_ids == 0 || il_uuid_compare (&s->last_id, id) != 0)
        {
          s->n_ids++;
          s->last_id = *id;
        }
    }
  s->n_rows += page->n_rows;
  s->offset += page->n_rows + page->n_skipped;

  /* fewer than asked only at the end */
  if (page->n_rows + page->n_skipped < asked)
    s->more = FALSE;
  else if (s->n_ids > s->max_sessions || s->n_rows > s->max_rows || s->pages->len >= 240)
    s->more = TRUE;
  else
    {
      fetch_next (task);
      return;
    }
  il_task_run_in_thread_soon (task, sum_up_thread);
  g_object_unref (task);
}

static void
fetch_next (GTask *task)
{
  Search *s = g_task_get_task_data (task);
  /* one row more than may be kept: it tells whether there are more */
  guint limit = (guint) MIN ((guint64) SEARCH_PAGE, s->max_rows + 1 - s->n_rows);

  il_supabase_client_rows_async (g_task_get_source_object (task), &s->query, s->offset, limit, FALSE,
                                 g_task_get_cancellable (task), page_done, task);
}

void
il_supabase_client_search_sessions_async (IlSupabaseClient    *self,
                                          const char          *text,
                                          gint64               created_min,
                                          gint64               created_max,
                                          guint                max_sessions,
                                          guint                max_rows,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  Search *s;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (max_sessions > 0 && max_rows > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_search_sessions_async);
  s = g_new0 (Search, 1);
  il_row_query_init (&s->query);
  s->query.created_min = created_min;
  s->query.created_max = created_max;
  s->query.order_by = IL_COL_SESSION_ID;
  s->query.descending = FALSE;
  s->max_sessions = max_sessions;
  s->max_rows = max_rows;
  s->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_store_unref);
  g_task_set_task_data (task, s, search_free);

  s->query.by_session_range = TRUE;
  if (!il_session_search_range (text, &s->query.session_min, &s->query.session_max))
    {
      /* no id can match: nothing to ask */
      il_task_run_in_thread_soon (task, sum_up_thread);
      g_object_unref (task);
      return;
    }
  fetch_next (task);
}

IlSessionSearch *
il_supabase_client_search_sessions_finish (IlSupabaseClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
