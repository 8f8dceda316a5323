/* cache-test-util.h: a private cache folder, fetches, refreshes and figures
 * for the cache tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fake-postgrest.h"
#include "il-incremental.h"
#include "il-row-cache.h"
#include "il-supabase-client.h"

#define KEY "sb_secret_cache-test-key-0123456789"
#define DAY (G_USEC_PER_SEC * (gint64) 86400)
#define N_DEMO 4000

typedef struct
{
  GAsyncResult *result;
} Wait;

/* The time the tests started at, and the cache folder they use. */
extern gint64 now;
extern char  *cache_home;

/* A new cache folder as XDG_CACHE_HOME, before anything asks GLib for it. */
void cache_test_init (void);
/* Removes the cache folder and what is in it. */
void cache_test_cleanup (void);
void done_cb (GObject *object,
              GAsyncResult *result,
              gpointer data);
GAsyncResult *wait_for (Wait *w);
IlSupabaseClient *new_client (IlFakePostgrest *fake);
IlRowStore *full_fetch (IlFakePostgrest *fake,
                        gint64 created_min);
IlRowStore *refresh (IlFakePostgrest *fake,
                     IlRowStore *cached,
                     IlRowCacheMeta *meta,
                     gint64 created_min,
                     guint *n_requests,
                     IlRefreshStats *stats);
char *figures (IlRowStore *store,
               gint64 created_min);
void assert_same_figures (IlRowStore *a,
                          IlRowStore *b,
                          gint64 created_min);
void assert_as_full_fetch (IlFakePostgrest *fake,
                           IlRowStore *got,
                           gint64 created_min);
gboolean contains_bytes (const char *hay,
                         gsize len,
                         const char *needle);
IlUuid random_uuid (void);
IlRowStore *make_rows (const gint64 *times,
                       guint n);
IlRowStore *demo_table (void);
gint64 newest_created (IlRowStore *table);
IlRowStore *without_times (IlRowStore *table,
                           const gint64 *times,
                           guint n,
                           gboolean drop_null);
