/* il-row-cache.c: the rows of one project kept on disk between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is a columnar snapshot: a header, a table of sections (length
 * and checksum each) and the store's columns exactly as they are in memory,
 * so a load reads each column straight into the new store (one copy, no
 * parsing) and only the small string pools are rebuilt. Measured against
 * SQLite in bench/bench-cache.c. Every length, checksum and id is checked
 * before the rows are used: a damaged file is deleted, never trusted.
 * Native byte order: a file from another architecture fails the check.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "il-row-cache.h"
#include "il-row-cache-private.h"
#include "il-row-store-private.h"

G_DEFINE_QUARK (il-row-cache-error-quark, il_row_cache_error)

#define CACHE_MAGIC      "ILROWS\r\n"
#define CACHE_VERSION    2   /* 2: the skipped rows' created_at */
#define CACHE_BYTE_ORDER 0x01020304u
#define CACHE_SUFFIX     ".rows"

enum
{
  SEC_URL,
  SEC_METRIC_ID,
  SEC_SESSION,
  SEC_TURN,
  SEC_STEP,
  SEC_LATENCY,
  SEC_STARTED,
  SEC_COMPLETED,
  SEC_CREATED,
  SEC_STARTED_OFF,
  SEC_COMPLETED_OFF,
  SEC_CREATED_OFF,
  SEC_STATUS,
  SEC_ERROR,
  SEC_META_OFFSET,
  SEC_META_TEXT,
  SEC_SESSION_IDS,
  SEC_STEPS,
  SEC_STATUSES,
  SEC_MESSAGES,
  SEC_SKIP_REASON,
  SEC_SKIPPED_AT,
  N_SECTIONS
};

typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 byte_order;
  guint32 n_rows;
  guint32 n_sessions;
  guint32 n_sections;
  guint32 n_skipped;
  gint64  created_min;
  gint64  max_created;
  gint64  fetched_at;
  guint64 payload_len;
  guint64 table_hash;
  guint64 reserved[2];
  guint64 header_hash;   /* of every byte above */
} Header;

typedef struct
{
  guint64 length;
  guint64 hash;
} Section;

G_STATIC_ASSERT (sizeof (Header) == 96);
G_STATIC_ASSERT (sizeof (Section) == 16);

struct _IlRowCache
{
  GObject  parent_instance;
  char    *dir;
  char    *url;
  char    *path;
  /* why a load deleted the file, until a load finds it gone: two loads
   * at once, and the one that deleted it may return after the other */
  GMutex   lock;
  GError  *discarded;
};

G_DEFINE_FINAL_TYPE (IlRowCache, il_row_cache, G_TYPE_OBJECT)

/* ---- object ---------------------------------------------------------------- */

static void
il_row_cache_finalize (GObject *object)
{
  IlRowCache *self = IL_ROW_CACHE (object);

  g_free (self->dir);
  g_free (self->url);
  g_free (self->path);
  g_clear_error (&self->discarded);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (il_row_cache_parent_class)->finalize (object);
}

static void
il_row_cache_class_init (IlRowCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_row_cache_finalize;
}

static void
il_row_cache_init (IlRowCache *self)
{
  g_mutex_init (&self->lock);
}

/* Why a load deleted the file; NULL once it was written or cleared. */
static void
set_discarded (IlRowCache   *self,
               const GError *reason)
{
  g_mutex_lock (&self->lock);
  g_clear_error (&self->discarded);
  self->discarded = reason != NULL ? g_error_copy (reason) : NULL;
  g_mutex_unlock (&self->lock);
}

static GError *
take_discarded (IlRowCache *self)
{
  GError *reason;

  g_mutex_lock (&self->lock);
  reason = g_steal_pointer (&self->discarded);
  g_mutex_unlock (&self->lock);
  return reason;
}

char *
il_row_cache_get_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "interview-latency", NULL);
}

IlRowCache *
il_row_cache_new (const char *cache_dir,
                  const char *normalized_url)
{
  IlRowCache *self;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (normalized_url != NULL, NULL);

  self = g_object_new (IL_TYPE_ROW_CACHE, NULL);
  self->dir = cache_dir != NULL ? g_strdup (cache_dir) : il_row_cache_get_default_dir ();
  self->url = g_strdup (normalized_url);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalized_url, -1);
  name = g_strconcat (hash, CACHE_SUFFIX, NULL);
  self->path = g_build_filename (self->dir, name, NULL);
  return self;
}

const char *
il_row_cache_get_path (IlRowCache *self)
{
  g_return_val_if_fail (IL_IS_ROW_CACHE (self), NULL);
  return self->path;
}

/* ---- sections ---------------------------------------------------------------- */

static inline guint64
padded (guint64 len)
{
  return (len + 7) & ~(guint64) 7;
}

/* A string pool as NUL-terminated strings, one after another. */
static GBytes *
pack_pool (const IlStringPool *pool)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < il_string_pool_get_size (pool); i++)
    {
      const char *str = il_string_pool_get (pool, i);
      g_string_append_len (s, str, strlen (str) + 1);
    }
  return g_string_free_to_bytes (s);
}

typedef struct
{
  const void *data;
  gsize       len;
} Chunk;

static void
store_chunks (IlRowStore *store,
              const char *url,
              Chunk       chunks[N_SECTIONS],
              GBytes     *pools[3])
{
  gsize n = store->n_rows;
  const char *reason = store->first_skip_reason ? store->first_skip_reason : "";

  chunks[SEC_URL] = (Chunk) { url, strlen (url) };
  chunks[SEC_METRIC_ID] = (Chunk) { store->metric_id, n * sizeof (IlUuid) };
  chunks[SEC_SESSION] = (Chunk) { store->session, n * sizeof (guint32) };
  chunks[SEC_TURN] = (Chunk) { store->turn_number, n * sizeof (gint32) };
  chunks[SEC_STEP] = (Chunk) { store->step, n * sizeof (IlStrId) };
  chunks[SEC_LATENCY] = (Chunk) { store->latency_ms, n * sizeof (double) };
  chunks[SEC_STARTED] = (Chunk) { store->started_at, n * sizeof (gint64) };
  chunks[SEC_COMPLETED] = (Chunk) { store->completed_at, n * sizeof (gint64) };
  chunks[SEC_CREATED] = (Chunk) { store->created_at, n * sizeof (gint64) };
  chunks[SEC_STARTED_OFF] = (Chunk) { store->started_offset, n * sizeof (gint16) };
  chunks[SEC_COMPLETED_OFF] = (Chunk) { store->completed_offset, n * sizeof (gint16) };
  chunks[SEC_CREATED_OFF] = (Chunk) { store->created_offset, n * sizeof (gint16) };
  chunks[SEC_STATUS] = (Chunk) { store->status, n * sizeof (IlStrId) };
  chunks[SEC_ERROR] = (Chunk) { store->error_message, n * sizeof (IlStrId) };
  chunks[SEC_META_OFFSET] = (Chunk) { store->metadata_offset, (n + 1) * sizeof (guint64) };
  chunks[SEC_META_TEXT] = (Chunk) { store->metadata_text, store->metadata_offset[n] };
  chunks[SEC_SESSION_IDS] = (Chunk) { store->session_ids, (gsize) store->n_sessions * sizeof (IlUuid) };
  pools[0] = pack_pool (store->steps);
  pools[1] = pack_pool (store->statuses);
  pools[2] = pack_pool (store->messages);
  for (guint k = 0; k < 3; k++)
    chunks[SEC_STEPS + k].data = g_bytes_get_data (pools[k], &chunks[SEC_STEPS + k].len);
  chunks[SEC_SKIP_REASON] = (Chunk) { reason, strlen (reason) };
  chunks[SEC_SKIPPED_AT] = (Chunk) { store->skipped_at, (gsize) store->n_skipped * sizeof (gint64) };
}

/* ---- saving -------------------------------------------------------------------- */

/* @format has two %s: the path, then the system's reason. */
G_GNUC_PRINTF (2, 0)
static gboolean
set_io_error (GError **error, const char *format, const char *path, int saved_errno)
{
  g_autofree char *message = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  message = g_strdup_printf (format, path, g_strerror (saved_errno));
#pragma GCC diagnostic pop
  g_set_error_literal (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_FAILED, message);
  return FALSE;
}

#define WRITE_FAILED  _("Could not write the local cache %s: %s. The data is fetched from the server instead.")
#define READ_FAILED   _("Could not read the local cache %s: %s. The data is fetched from the server instead.")
#define DELETE_FAILED _("Could not delete the local cache %s: %s.")

static gboolean
write_all (int fd, const void *data, gsize len)
{
  const char *p = data;

  while (len > 0)
    {
      gssize w = write (fd, p, MIN (len, (gsize) 1 << 30));

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      p += w;
      len -= w;
    }
  return TRUE;
}

gboolean
il_row_cache_save (IlRowCache           *self,
                   IlRowStore           *store,
                   const IlRowCacheMeta *meta,
                   GError              **error)
{
  static const guint8 zeros[8] = { 0 };
  Chunk chunks[N_SECTIONS];
  GBytes *pools[3] = { NULL };
  Section table[N_SECTIONS];
  Header header;
  g_autofree char *tmp = NULL;
  guint64 payload = 0;
  gboolean ok = FALSE;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (IL_IS_ROW_CACHE (self), FALSE);
  g_return_val_if_fail (store != NULL && store->sealed, FALSE);
  g_return_val_if_fail (meta != NULL, FALSE);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      saved_errno = errno;   /* before gettext runs */
      return set_io_error (error, _("Could not create the cache folder %s: %s. The data is fetched from the server instead."),
                           self->dir, saved_errno);
    }
  /* The folder is ours alone, whatever the umask made of it. */
  g_chmod (self->dir, 0700);

  store_chunks (store, self->url, chunks, pools);
  for (guint k = 0; k < N_SECTIONS; k++)
    {
      table[k].length = chunks[k].len;
      table[k].hash = il_row_cache_checksum (chunks[k].data, chunks[k].len);
      payload += padded (chunks[k].len);
    }

  memset (&header, 0, sizeof header);
  memcpy (header.magic, CACHE_MAGIC, 8);
  header.version = CACHE_VERSION;
  header.byte_order = CACHE_BYTE_ORDER;
  header.n_rows = store->n_rows;
  header.n_sessions = store->n_sessions;
  header.n_sections = N_SECTIONS;
  header.n_skipped = store->n_skipped;
  header.created_min = meta->created_min;
  header.max_created = meta->max_created;
  header.fetched_at = meta->fetched_at;
  header.payload_len = payload;
  header.table_hash = il_row_cache_checksum (table, sizeof table);
  header.header_hash = il_row_cache_checksum (&header, G_STRUCT_OFFSET (Header, header_hash));

  tmp = g_strconcat (self->path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      set_io_error (error, WRITE_FAILED, self->path, saved_errno);
      goto out;
    }

  ok = write_all (fd, &header, sizeof header) && write_all (fd, table, sizeof table);
  for (guint k = 0; ok && k < N_SECTIONS; k++)
    ok = write_all (fd, chunks[k].data, chunks[k].len)
         && write_all (fd, zeros, padded (chunks[k].len) - chunks[k].len);
  /* The data must be on disk before the rename makes it the cache. */
  ok = ok && fsync (fd) == 0;
  saved_errno = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (ok && g_rename (tmp, self->path) != 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      set_io_error (error, WRITE_FAILED, self->path, saved_errno);
      goto out;
    }
  else
    {
      int dir_fd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

      set_discarded (self, NULL);
      /* makes the rename itself durable */
      if (dir_fd >= 0)
        {
          fsync (dir_fd);
          close (dir_fd);
        }
    }

out:
  for (guint k = 0; k < 3; k++)
    g_clear_pointer (&pools[k], g_bytes_unref);
  return ok;
}

/* ---- loading ------------------------------------------------------------------- */

static gboolean
read_at (int fd, void *buf, gsize len, guint64 offset)
{
  char *p = buf;

  while (len > 0)
    {
      gssize r = pread (fd, p, MIN (len, (gsize) 1 << 30), (off_t) offset);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return FALSE;
      p += r;
      len -= r;
      offset += r;
    }
  return TRUE;
}

static void
corrupt (GError **error, const char *why)
{
  g_set_error (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_CORRUPT,
               /* Translators: %s says what is wrong */
               _("The local cache was damaged (%s); it was deleted and the data is fetched again."), why);
}

/* Fills a pool from NUL-terminated strings; every string must be new, so
 * ids stay as they were saved. */
static gboolean
unpack_pool (IlStringPool *pool, const char *data, gsize len)
{
  const char *p = data;
  const char *end = data + len;
  guint expected = 0;

  if (len > 0 && data[len - 1] != '\0')
    return FALSE;
  while (p < end)
    {
      gsize l = strlen (p);

      if (il_string_pool_intern (pool, p, l) != expected)
        return FALSE;
      expected++;
      p += l + 1;
    }
  return TRUE;
}

static gboolean
ids_below (const guint32 *ids, gsize n, guint32 limit, gboolean none_ok)
{
  guint32 bad = 0;

  /* branch-free: a million ids in well under a millisecond */
  for (gsize i = 0; i < n; i++)
    bad |= (ids[i] >= limit) & !(none_ok & (ids[i] == IL_STR_NONE));
  return bad == 0;
}

static IlRowStore *
load_file (IlRowCache *self, int fd, IlRowCacheMeta *meta, GError **error)
{
  Header header;
  Section table[N_SECTIONS];
  struct stat st;
  g_autoptr(IlRowStore) store = NULL;
  void *dest[N_SECTIONS] = { NULL };
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) pool_data = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reason = NULL;
  g_autofree gint64 *skipped_at = NULL;
  gsize n;
  guint64 expected[N_SECTIONS];
  guint64 offset;

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      return set_io_error (error, READ_FAILED, self->path, saved_errno), NULL;
    }
  if ((guint64) st.st_size < sizeof header || !read_at (fd, &header, sizeof header, 0)
      || memcmp (header.magic, CACHE_MAGIC, 8) != 0)
    return corrupt (error, _("not a cache file")), NULL;
  if (header.version != CACHE_VERSION || header.byte_order != CACHE_BYTE_ORDER)
    {
      g_set_error (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_OLD_FORMAT,
                   _("The local cache was written by another version of the app; it was deleted and the data is fetched again."));
      return NULL;
    }
  if (header.header_hash != il_row_cache_checksum (&header, G_STRUCT_OFFSET (Header, header_hash))
      || header.n_sections != N_SECTIONS)
    return corrupt (error, _("bad header")), NULL;
  if ((guint64) st.st_size != sizeof header + sizeof table + header.payload_len)
    return corrupt (error, _("wrong length, perhaps truncated")), NULL;
  if (!read_at (fd, table, sizeof table, sizeof header)
      || header.table_hash != il_row_cache_checksum (table, sizeof table))
    return corrupt (error, _("bad section table")), NULL;

  n = header.n_rows;
  expected[SEC_METRIC_ID] = n * sizeof (IlUuid);
  expected[SEC_SESSION] = n * sizeof (guint32);
  expected[SEC_TURN] = n * sizeof (gint32);
  expected[SEC_STEP] = n * sizeof (IlStrId);
  expected[SEC_LATENCY] = n * sizeof (double);
  expected[SEC_STARTED] = n * sizeof (gint64);
  expected[SEC_COMPLETED] = n * sizeof (gint64);
  expected[SEC_CREATED] = n * sizeof (gint64);
  expected[SEC_STARTED_OFF] = n * sizeof (gint16);
  expected[SEC_COMPLETED_OFF] = n * sizeof (gint16);
  expected[SEC_CREATED_OFF] = n * sizeof (gint16);
  expected[SEC_STATUS] = n * sizeof (IlStrId);
  expected[SEC_ERROR] = n * sizeof (IlStrId);
  expected[SEC_META_OFFSET] = (n + 1) * sizeof (guint64);
  expected[SEC_SESSION_IDS] = (guint64) header.n_sessions * sizeof (IlUuid);
  expected[SEC_SKIPPED_AT] = (guint64) header.n_skipped * sizeof (gint64);
  offset = 0;
  for (guint k = 0; k < N_SECTIONS; k++)
    {
      gboolean variable = k == SEC_URL || k == SEC_META_TEXT || k == SEC_STEPS || k == SEC_STATUSES
                          || k == SEC_MESSAGES || k == SEC_SKIP_REASON;

      if ((!variable && table[k].length != expected[k]) || table[k].length > header.payload_len)
        return corrupt (error, _("bad section length")), NULL;
      offset += padded (table[k].length);
    }
  if (offset != header.payload_len || header.n_sessions > MAX (n, 1))
    return corrupt (error, _("bad section length")), NULL;

  store = il_row_store_new ();
  _il_row_store_alloc_exact (store, header.n_rows, table[SEC_META_TEXT].length, header.n_sessions);
  url = g_malloc (table[SEC_URL].length + 1);
  reason = g_malloc (table[SEC_SKIP_REASON].length + 1);
  for (guint k = 0; k < 3; k++)
    g_ptr_array_add (pool_data, g_malloc (table[SEC_STEPS + k].length + 1));
  dest[SEC_URL] = url;
  dest[SEC_METRIC_ID] = store->metric_id;
  dest[SEC_SESSION] = store->session;
  dest[SEC_TURN] = store->turn_number;
  dest[SEC_STEP] = store->step;
  dest[SEC_LATENCY] = store->latency_ms;
  dest[SEC_STARTED] = store->started_at;
  dest[SEC_COMPLETED] = store->completed_at;
  dest[SEC_CREATED] = store->created_at;
  dest[SEC_STARTED_OFF] = store->started_offset;
  dest[SEC_COMPLETED_OFF] = store->completed_offset;
  dest[SEC_CREATED_OFF] = store->created_offset;
  dest[SEC_STATUS] = store->status;
  dest[SEC_ERROR] = store->error_message;
  dest[SEC_META_OFFSET] = store->metadata_offset;
  dest[SEC_META_TEXT] = store->metadata_text;
  dest[SEC_SESSION_IDS] = store->session_ids;
  for (guint k = 0; k < 3; k++)
    dest[SEC_STEPS + k] = g_ptr_array_index (pool_data, k);
  dest[SEC_SKIP_REASON] = reason;
  skipped_at = g_new (gint64, MAX (header.n_skipped, 1));
  dest[SEC_SKIPPED_AT] = skipped_at;

  offset = sizeof header + sizeof table;
  for (guint k = 0; k < N_SECTIONS; k++)
    {
      if (!read_at (fd, dest[k], table[k].length, offset))
        return corrupt (error, _("wrong length, perhaps truncated")), NULL;
      if (il_row_cache_checksum (dest[k], table[k].length) != table[k].hash)
        return corrupt (error, _("checksum mismatch")), NULL;
      offset += padded (table[k].length);
    }
  url[table[SEC_URL].length] = '\0';
  reason[table[SEC_SKIP_REASON].length] = '\0';
  /* Another project's file under this name would be a hash collision. */
  if (strcmp (url, self->url) != 0)
    return corrupt (error, _("it belongs to another project")), NULL;

  /* The columns are used as indexes: every id must be in range. */
  for (guint k = 0; k < 3; k++)
    if (!unpack_pool (k == 0 ? store->steps : k == 1 ? store->statuses : store->messages,
                      g_ptr_array_index (pool_data, k), table[SEC_STEPS + k].length))
      return corrupt (error, _("bad strings")), NULL;
  if (!ids_below (store->session, n, header.n_sessions, FALSE)
      || !ids_below (store->step, n, il_string_pool_get_size (store->steps), FALSE)
      || !ids_below (store->status, n, il_string_pool_get_size (store->statuses), FALSE)
      || !ids_below (store->error_message, n, il_string_pool_get_size (store->messages), TRUE))
    return corrupt (error, _("bad row")), NULL;
  {
    guint64 bad = store->metadata_offset[0];

    for (gsize i = 0; i < n; i++)
      bad |= store->metadata_offset[i + 1] < store->metadata_offset[i];
    if (bad != 0 || store->metadata_offset[n] != table[SEC_META_TEXT].length)
      return corrupt (error, _("bad row")), NULL;
  }

  if (header.n_skipped > 0)
    il_row_store_add_skipped_at (store, skipped_at, header.n_skipped, reason[0] ? reason : NULL);
  il_row_store_seal (store);

  meta->created_min = header.created_min;
  meta->max_created = header.max_created;
  meta->fetched_at = header.fetched_at;
  return g_steal_pointer (&store);
}

IlRowStore *
il_row_cache_load (IlRowCache     *self,
                   IlRowCacheMeta *meta,
                   GError        **error)
{
  g_autoptr(GError) local = NULL;
  IlRowCacheMeta dummy;
  IlRowStore *store;
  int fd;

  g_return_val_if_fail (IL_IS_ROW_CACHE (self), NULL);

  if (meta == NULL)
    meta = &dummy;
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) discarded = saved_errno == ENOENT ? take_discarded (self) : NULL;

      if (discarded != NULL)
        g_propagate_error (error, g_steal_pointer (&discarded));
      else if (saved_errno == ENOENT)
        g_set_error (error, IL_ROW_CACHE_ERROR, IL_ROW_CACHE_ERROR_NOT_FOUND,
                     _("There is no local cache yet."));
      else
        set_io_error (error, READ_FAILED, self->path, saved_errno);
      return NULL;
    }
  store = load_file (self, fd, meta, &local);
  close (fd);
  if (store == NULL)
    {
      /* Never trusted again: the next save writes a new one. */
      if (local->code == IL_ROW_CACHE_ERROR_CORRUPT || local->code == IL_ROW_CACHE_ERROR_OLD_FORMAT)
        {
          set_discarded (self, local);
          g_unlink (self->path);
        }
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return store;
}

gboolean
il_row_cache_clear (IlRowCache *self,
                    GError    **error)
{
  g_return_val_if_fail (IL_IS_ROW_CACHE (self), FALSE);

  if (g_unlink (self->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      return set_io_error (error, DELETE_FAILED, self->path, saved_errno);
    }
  set_discarded (self, NULL);
  return TRUE;
}

guint64
il_row_cache_get_size (IlRowCache *self)
{
  GStatBuf st;

  g_return_val_if_fail (IL_IS_ROW_CACHE (self), 0);

  if (g_stat (self->path, &st) != 0)
    return 0;
  return (guint64) st.st_size;
}

/* Our files only: a folder the user pointed elsewhere keeps its other files. */
static gboolean
is_cache_file (const char *name)
{
  return strlen (name) >= 64 + strlen (CACHE_SUFFIX)
         && (g_str_has_suffix (name, CACHE_SUFFIX) || strstr (name, CACHE_SUFFIX ".") != NULL);
}

guint64
il_row_cache_get_total_size (const char *cache_dir)
{
  g_autofree char *dir_path = cache_dir ? g_strdup (cache_dir) : il_row_cache_get_default_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint64 total = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf st;

      if (is_cache_file (name) && g_stat (path, &st) == 0)
        total += (guint64) st.st_size;
    }
  return total;
}

gboolean
il_row_cache_clear_all (const char *cache_dir,
                        GError    **error)
{
  g_autofree char *dir_path = cache_dir ? g_strdup (cache_dir) : il_row_cache_get_default_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  gboolean ok = TRUE;

  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (is_cache_file (name) && g_unlink (path) != 0 && errno != ENOENT && ok)
        {
          int saved_errno = errno;
          ok = set_io_error (error, DELETE_FAILED, path, saved_errno);
        }
    }
  return ok;
}

gboolean
_il_row_cache_fix_checksums (guint8 *data,
                             gsize   len)
{
  Header header;
  Section table[N_SECTIONS];
  guint64 offset = sizeof header + sizeof table;

  if (len < offset)
    return FALSE;
  memcpy (&header, data, sizeof header);
  memcpy (table, data + sizeof header, sizeof table);
  for (guint k = 0; k < N_SECTIONS; k++)
    {
      guint64 avail = offset < len ? len - offset : 0;
      guint64 l = MIN (table[k].length, avail);

      table[k].hash = il_row_cache_checksum (data + MIN (offset, len), l);
      if (table[k].length > len)
        break;
      offset += padded (table[k].length);
    }
  header.table_hash = il_row_cache_checksum (table, sizeof table);
  header.header_hash = il_row_cache_checksum (&header, G_STRUCT_OFFSET (Header, header_hash));
  memcpy (data, &header, sizeof header);
  memcpy (data + sizeof header, table, sizeof table);
  return TRUE;
}
