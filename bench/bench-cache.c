/* bench-cache.c: the local cache: warm start and incremental refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Storage: N demo rows (default 1,000,000) written to and read back from
 *    the columnar snapshot (il-row-cache.c) and, when built with SQLite, from
 *    an SQLite table, to a ready (sealed) store; size on disk; the checksum
 *    against SHA-256. Then the aggregates of the first chart.
 * 2. Refresh against the fake PostgREST with 50 ms per request: one that
 *    finds nothing and one that finds 1,000 new rows.
 * Usage: bench-cache [ROWS [DELAY_MS]]
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#ifdef HAVE_SQLITE
#include <sqlite3.h>
#endif

#include "../tests/fake-postgrest.h"
#include "il-aggregates.h"
#include "il-demo.h"
#include "il-filter.h"
#include "il-incremental.h"

#include "il-row-cache.h"
#include "il-row-merge.h"
#include "il-row-merge-private.h"
#include "il-supabase-client.h"

#define KEY "sb_publishable_bench"

static double
secs_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* CPU seconds of the process: the machine may be shared, so wall time
 * alone overstates what a refresh costs. */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* The demo rows in full-fetch order, as a fetch or the cache holds them. */
static IlRowStore *
sorted_demo (guint n, gint64 now)
{
  g_autoptr(IlRowStore) demo = il_demo_generate (n, IL_DEMO_DEFAULT_SEED, now);
  IlRowStore *fresh[1] = { demo };

  return il_row_store_merge (NULL, IL_TIME_NONE, NULL, 0, FALSE, fresh, 1);
}

#ifdef HAVE_SQLITE
static void
bench_sqlite (IlRowStore *store, const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "bench.sqlite", NULL);
  sqlite3 *db;
  sqlite3_stmt *st;
  gint64 start;
  double write_s, read_s;
  g_autoptr(IlRowStore) loaded = il_row_store_new ();

  g_unlink (path);
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; CREATE TABLE r (metric_id BLOB, session_id BLOB, turn INT,"
                " step TEXT, latency REAL, started INT, completed INT, created INT, so INT, co INT, cro INT,"
                " status TEXT, error TEXT, metadata TEXT)", NULL, NULL, NULL);
  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO r VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL);
  for (guint i = 0; i < store->n_rows; i++)
    {
      gsize len;
      const char *meta = il_row_store_get_metadata (store, i, &len);
      const char *err = il_row_store_get_error_message (store, i);

      sqlite3_bind_blob (st, 1, &store->metric_id[i], 16, SQLITE_STATIC);
      sqlite3_bind_blob (st, 2, &store->session_ids[store->session[i]], 16, SQLITE_STATIC);
      sqlite3_bind_int (st, 3, store->turn_number[i]);
      sqlite3_bind_text (st, 4, il_row_store_get_step_name (store, i), -1, SQLITE_STATIC);
      sqlite3_bind_double (st, 5, store->latency_ms[i]);
      sqlite3_bind_int64 (st, 6, store->started_at[i]);
      sqlite3_bind_int64 (st, 7, store->completed_at[i]);
      sqlite3_bind_int64 (st, 8, store->created_at[i]);
      sqlite3_bind_int (st, 9, store->started_offset[i]);
      sqlite3_bind_int (st, 10, store->completed_offset[i]);
      sqlite3_bind_int (st, 11, store->created_offset[i]);
      sqlite3_bind_text (st, 12, il_row_store_get_status (store, i), -1, SQLITE_STATIC);
      if (err != NULL)
        sqlite3_bind_text (st, 13, err, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (st, 13);
      if (meta != NULL)
        sqlite3_bind_text (st, 14, meta, (int) len, SQLITE_STATIC);
      else
        sqlite3_bind_null (st, 14);
      sqlite3_step (st);
      sqlite3_reset (st);
    }
  sqlite3_finalize (st);
  sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  write_s = secs_since (start);
  sqlite3_close (db);

  start = g_get_monotonic_time ();
  sqlite3_open (path, &db);
  sqlite3_prepare_v2 (db, "SELECT * FROM r", -1, &st, NULL);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      IlRowInput row = { 0 };

      memcpy (&row.metric_id, sqlite3_column_blob (st, 0), 16);
      memcpy (&row.session_id, sqlite3_column_blob (st, 1), 16);
      row.turn_number = sqlite3_column_int (st, 2);
      row.step_name = (const char *) sqlite3_column_text (st, 3);
      row.latency_ms = sqlite3_column_double (st, 4);
      row.started_at = sqlite3_column_int64 (st, 5);
      row.completed_at = sqlite3_column_int64 (st, 6);
      row.created_at = sqlite3_column_int64 (st, 7);
      row.started_offset_min = sqlite3_column_int (st, 8);
      row.completed_offset_min = sqlite3_column_int (st, 9);
      row.created_offset_min = sqlite3_column_int (st, 10);
      row.status = (const char *) sqlite3_column_text (st, 11);
      row.error_message = (const char *) sqlite3_column_text (st, 12);
      row.metadata = (const char *) sqlite3_column_text (st, 13);
      il_row_store_append_row (loaded, &row);
    }
  sqlite3_finalize (st);
  sqlite3_close (db);
  il_row_store_seal (loaded);
  read_s = secs_since (start);

  g_print ("sqlite:   write %.3f s, read to a ready store %.3f s, %.1f MB on disk\n",
           write_s, read_s, file_size (path) / 1e6);
  g_unlink (path);
}
#endif

static void
bench_storage (guint n_rows, const char *dir)
{
  g_autoptr(IlRowStore) store = sorted_demo (n_rows, g_get_real_time ());
  g_autoptr(IlRowCache) cache = il_row_cache_new (dir, "https://bench.supabase.co");
  g_autoptr(IlRowStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IlRowCacheMeta meta = { IL_TIME_NONE, IL_TIME_NONE, g_get_real_time () };
  IlAggregateOptions options;
  IlFilter filter;
  gint64 start;
  double write_s, load_s, agg_s, load_cpu;
  gsize payload = store->n_rows * (sizeof (IlUuid) + 8 * 4 + 4 * 4) + store->metadata_offset[store->n_rows];

  g_print ("%u rows\n", store->n_rows);

  start = g_get_monotonic_time ();
  if (!il_row_cache_save (cache, store, &meta, &error))
    g_error ("%s", error->message);
  write_s = secs_since (start);

  start = g_get_monotonic_time ();
  load_cpu = cpu_seconds ();
  loaded = il_row_cache_load (cache, &meta, &error);
  if (loaded == NULL)
    g_error ("%s", error->message);
  load_s = secs_since (start);
  load_cpu = cpu_seconds () - load_cpu;

  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  start = g_get_monotonic_time ();
  il_aggregates_free (il_aggregates_compute (loaded, &filter, &options));
  agg_s = secs_since (start);
  il_filter_clear (&filter);

  g_print ("snapshot: write %.3f s (fsync included), load to a ready store %.3f s (%.3f s CPU), %.1f MB on disk\n",
           write_s, load_s, load_cpu, il_row_cache_get_size (cache) / 1e6);
  g_print ("warm start: load %.3f s + aggregates %.3f s = %.3f s (target <= 1.5 s to the first chart)\n",
           load_s, agg_s, load_s + agg_s);

  {
    g_autofree guint8 *buf = g_malloc (payload);
    g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
    volatile guint64 h;
    double xxh_s, sha_s;

    memset (buf, 0x5a, payload);
    start = g_get_monotonic_time ();
    h = il_row_cache_checksum (buf, payload);
    xxh_s = secs_since (start);
    (void) h;
    start = g_get_monotonic_time ();
    g_checksum_update (sha, buf, payload);
    (void) g_checksum_get_string (sha);
    sha_s = secs_since (start);
    g_print ("checksum of %.1f MB: xxh64 %.3f s, sha-256 %.3f s\n", payload / 1e6, xxh_s, sha_s);
  }

#ifdef HAVE_SQLITE
  bench_sqlite (store, dir);
#endif
  il_row_cache_clear (cache, NULL);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static IlRowStore *
timed_refresh (IlFakePostgrest *fake, IlRowStore *cached, IlRowCacheMeta *meta, gint64 created_min,
               const char *what)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), KEY);
  g_autoptr(GError) error = NULL;
  IlRefreshStats stats;
  IlRowStore *store;
  Wait w = { 0 };
  guint before = il_fake_postgrest_get_n_requests (fake);
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();
  double secs;

  il_incremental_refresh_async (client, cached, meta, created_min, IL_INCREMENTAL_DEFAULT_OVERLAP,
                                NULL, done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = il_incremental_refresh_finish (client, w.result, meta, &stats, &error);
  g_object_unref (w.result);
  if (store == NULL)
    g_error ("%s", error->message);
  secs = secs_since (start);
  if (what != NULL)
    g_print ("refresh, %s: %.3f s (%.3f s CPU, the fake's included), %u requests, %u -> %u rows\n",
             what, secs, cpu_seconds () - cpu,
             il_fake_postgrest_get_n_requests (fake) - before, stats.rows_before, stats.rows_after);
  return store;
}

/* A refresh's rows: @src's from @from on again, then @demo's at
 * @first_created, a millisecond apart. */
static IlRowStore *
rows_after (const IlRowStore *src,
            guint             from,
            const IlRowStore *demo,
            gint64            first_created)
{
  IlRowStore *rows = il_row_store_new ();

  for (guint i = from; src != NULL && i < src->n_rows; i++)
    il_row_store_append_copy (rows, src, i);
  for (guint i = 0; i < demo->n_rows; i++)
    {
      il_row_store_append_copy (rows, demo, i);
      rows->created_at[rows->n_rows - 1] = first_created + i * 1000;
    }
  il_row_store_seal (rows);
  return rows;
}

/* A cache of n_rows (the last 30 days) against the fake server holding the
 * same rows, 50 ms per request. */
static void
bench_refresh (guint n_rows, guint delay_ms)
{
  gint64 now = g_get_real_time ();
  gint64 created_min = now - (gint64) 30 * 86400 * G_USEC_PER_SEC;
  g_autoptr(IlRowStore) table = sorted_demo (n_rows, now - 120 * G_USEC_PER_SEC);
  g_autoptr(IlFakePostgrest) fake = il_fake_postgrest_new (table, KEY);
  g_autoptr(IlRowStore) cached = NULL;
  g_autoptr(IlRowStore) warm = NULL;
  g_autoptr(IlRowStore) grown = NULL;
  g_autoptr(IlRowStore) demo_new = il_demo_generate (1000, 7, now);
  g_autoptr(IlRowStore) new_rows = NULL;
  IlRowCacheMeta meta = { created_min, IL_TIME_NONE, now };

  for (guint i = 0; i < table->n_rows; i++)
    meta.max_created = MAX (meta.max_created, table->created_at[i]);
  {
    IlRowStore *parts[1] = { table };
    cached = il_row_store_merge (NULL, created_min, NULL, 0, FALSE, parts, 1);
  }

  /* The fake renders its JSON once per column set: not part of a refresh. */
  g_clear_pointer (&warm, il_row_store_unref);
  warm = timed_refresh (fake, cached, &meta, created_min, NULL);
  il_fake_postgrest_set_delay (fake, delay_ms);
  g_print ("%u cached rows, fake PostgREST with %u ms per request\n", cached->n_rows, delay_ms);

  g_clear_pointer (&warm, il_row_store_unref);
  warm = timed_refresh (fake, cached, &meta, created_min, "nothing new");

  /* 1,000 rows created in the last minute, after the newest cached row */
  new_rows = rows_after (NULL, 0, demo_new, now - 60 * G_USEC_PER_SEC);
  il_fake_postgrest_fault_insert_rows (fake, il_fake_postgrest_get_n_requests (fake) + 1, new_rows);
  grown = timed_refresh (fake, warm, &meta, created_min, "1,000 new rows");
  g_print ("(round trips: %u ms each; the rest is the fake's count over %u rows, the parse and the merge)\n",
           delay_ms, n_rows);

  /* The merge alone, as a refresh does it: the overlap read again, then
   * 1,000 new rows; appended to the cached store's buffers, and copied. */
  {
    gint64 overlap_lo = meta.max_created - IL_INCREMENTAL_DEFAULT_OVERLAP;
    IlTimeSpan span = { overlap_lo, IL_TIME_NONE };
    guint from = grown->n_rows;
    g_autoptr(IlRowStore) more = il_demo_generate (1000, 8, now);
    g_autoptr(IlRowStore) fresh = NULL;

    while (from > 0 && grown->created_at[from - 1] >= overlap_lo)
      from--;
    fresh = rows_after (grown, from, more, now - 30 * G_USEC_PER_SEC);
    for (guint copy = 0; copy < 2; copy++)
      {
        gint64 start = g_get_monotonic_time ();
        double cpu = cpu_seconds ();
        IlRowStore *merged = copy ? _il_row_store_merge_copy (grown, created_min, &span, 1, FALSE, &fresh, 1)
                                  : il_row_store_merge (grown, created_min, &span, 1, FALSE, &fresh, 1);

        g_print ("merge of %u rows + %u read again + 1,000 new into %u (sealed), %s: %.3f s (%.3f s CPU)\n",
                 grown->n_rows, grown->n_rows - from, merged->n_rows,
                 merged->metric_id == grown->metric_id ? "appended in place" : "copied",
                 secs_since (start), cpu_seconds () - cpu);
        il_row_store_unref (merged);
      }
  }

  /* A retention job deleted the 1,000 oldest rows, and one row in the middle. */
  {
    IlTimeSpan gone[2] = { { IL_TIME_NONE, grown->created_at[1000] },
                           { grown->created_at[grown->n_rows / 2], grown->created_at[grown->n_rows / 2] + 1 } };
    g_autoptr(IlRowStore) after_table = il_row_store_merge (grown, IL_TIME_NONE, gone, 2, FALSE, NULL, 0);
    g_autoptr(IlFakePostgrest) after = il_fake_postgrest_new (after_table, KEY);
    g_autoptr(IlRowStore) warm_after = NULL;
    g_autoptr(IlRowStore) pruned = NULL;
    IlRowCacheMeta after_meta = meta;

    /* render the fake's JSON outside the timing, as above */
    warm_after = timed_refresh (after, after_table, &after_meta, created_min, NULL);
    il_fake_postgrest_set_delay (after, delay_ms);
    pruned = timed_refresh (after, grown, &meta, created_min, "1,001 rows deleted");
  }
}

int
main (int argc, char **argv)
{
  guint n_rows = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  guint delay_ms = argc > 2 ? (guint) atoi (argv[2]) : 50;
  g_autofree char *dir = g_dir_make_tmp ("bench-cache-XXXXXX", NULL);

  bench_storage (n_rows, dir);
  g_rmdir (dir);
  bench_refresh (n_rows, delay_ms);
  return 0;
}
