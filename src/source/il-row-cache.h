/* il-row-cache.h: the rows of one project kept on disk between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "il-row-store.h"

G_BEGIN_DECLS

#define IL_ROW_CACHE_ERROR (il_row_cache_error_quark ())

/* Every message says what happens next (the cache is rebuilt). */
typedef enum
{
  IL_ROW_CACHE_ERROR_NOT_FOUND,    /* no cache yet: not worth a message */
  IL_ROW_CACHE_ERROR_CORRUPT,      /* truncated, damaged, or not ours */
  IL_ROW_CACHE_ERROR_OLD_FORMAT,   /* written by another version */
  IL_ROW_CACHE_ERROR_FAILED,       /* the file could not be read or written */
} IlRowCacheError;

GQuark il_row_cache_error_quark (void);

/* What range the cached rows cover. */
typedef struct
{
  gint64 created_min;   /* the bound they were fetched with; IL_TIME_NONE: every
                         * row, null created_at included */
  gint64 max_created;   /* the newest created_at among them; IL_TIME_NONE: none */
  gint64 fetched_at;    /* when the server was last read, us since the epoch */
} IlRowCacheMeta;

#define IL_TYPE_ROW_CACHE (il_row_cache_get_type ())
G_DECLARE_FINAL_TYPE (IlRowCache, il_row_cache, IL, ROW_CACHE, GObject)

/* $XDG_CACHE_HOME/interview-latency */
char        *il_row_cache_get_default_dir  (void);

/* @cache_dir: NULL for the default folder.
 * @normalized_url: il_supabase_url_normalize's output; the file is named by
 * its hash. The key is never given here, so it is never written. */
IlRowCache  *il_row_cache_new              (const char       *cache_dir,
                                            const char       *normalized_url);
/* The file's path (it may not exist). */
const char  *il_row_cache_get_path         (IlRowCache       *self);

/* Returns: (transfer full): the sealed cached store, or NULL with
 * IL_ROW_CACHE_ERROR. A file that fails any check is deleted, so the next
 * save rebuilds it; the error says so. */
IlRowStore  *il_row_cache_load             (IlRowCache       *self,
                                            IlRowCacheMeta   *meta,
                                            GError          **error);
/* Writes a new file next to the old one, syncs it and renames it over the
 * old one: a crash leaves either the old or the new cache. Mode 0600, in a
 * 0700 folder. @store must be sealed. */
gboolean     il_row_cache_save             (IlRowCache           *self,
                                            IlRowStore           *store,
                                            const IlRowCacheMeta *meta,
                                            GError              **error);
/* Deletes this project's cache; TRUE when there is none afterwards. */
gboolean     il_row_cache_clear            (IlRowCache       *self,
                                            GError          **error);
/* Bytes on disk (0 when there is none). */
guint64      il_row_cache_get_size         (IlRowCache       *self);

/* On a worker thread; the store and meta come back from _finish. */
void         il_row_cache_load_async       (IlRowCache          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
IlRowStore  *il_row_cache_load_finish      (IlRowCache          *self,
                                            GAsyncResult        *result,
                                            IlRowCacheMeta      *meta,
                                            GError             **error);
void         il_row_cache_save_async       (IlRowCache           *self,
                                            IlRowStore           *store,
                                            const IlRowCacheMeta *meta,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean     il_row_cache_save_finish      (IlRowCache          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Every project's cache in @cache_dir (NULL: the default folder), for
 * "Clear Cached Data" in the preferences. */
guint64      il_row_cache_get_total_size   (const char       *cache_dir);
gboolean     il_row_cache_clear_all        (const char       *cache_dir,
                                            GError          **error);

/* The checksum of the file format (XXH64, seed 0), exposed for tests and
 * benchmarks. */
guint64      il_row_cache_checksum         (const void       *data,
                                            gsize             len);

G_END_DECLS
