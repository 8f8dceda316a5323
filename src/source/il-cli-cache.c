/* il-cli-cache.c: the command line's fetch through the local cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "il-cli-cache.h"
#include "il-incremental.h"
#include "il-row-cache.h"
#include "il-supabase-client.h"

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

IlRowStore *
il_cli_fetch_cached (const char  *url,
                     const char  *key,
                     gint64       created_min,
                     FILE        *err,
                     GError     **error)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (url, key);
  g_autoptr(IlRowCache) cache = NULL;
  g_autoptr(IlRowStore) cached = NULL;
  g_autoptr(GError) cache_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, IL_TIME_NONE, 0 };
  IlRefreshStats stats;
  IlRowStore *store;

  /* An invalid URL has no cache; the fetch reports the URL's error. */
  if (il_supabase_client_get_base_url (client) != NULL)
    {
      cache = il_row_cache_new (NULL, il_supabase_client_get_base_url (client));
      cached = il_row_cache_load (cache, &meta, &cache_error);
      if (cached == NULL && !g_error_matches (cache_error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_NOT_FOUND))
        fprintf (err, "%s\n", cache_error->message);
      g_clear_error (&cache_error);
    }

  il_incremental_refresh_async (client, cached, cached != NULL ? &meta : NULL, created_min,
                                IL_INCREMENTAL_DEFAULT_OVERLAP, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_incremental_refresh_finish (client, result, &meta, &stats, error);
  if (store == NULL)
    return NULL;
  g_debug ("Refresh: %u rows before, %u after, %s", stats.rows_before, stats.rows_after,
           stats.full_fetch ? "full fetch" : "incremental");

  /* A cache that cannot be written costs the next run a full fetch, no more. */
  if (cache != NULL && !il_row_cache_save (cache, store, &meta, &cache_error))
    fprintf (err, "%s\n", cache_error->message);
  return store;
}
