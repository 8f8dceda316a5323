/* bench-load.c: loading PostgREST pages into the row store vs json-glib's bare parse
 *
 * Usage: bench-load [--own-rows] [N_ROWS]   (default 1000000 demo rows; 1000 rows a page)
 *
 * Prints the decode throughput of the streaming page decoder and of the
 * json-glib tree parser it falls back on (one thread, pages into a batch),
 * and the time from pages to a ready (sealed) store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-glib/json-glib.h>

#include "il-row-store.h"
#include "il-row-json.h"
#include "il-row-store-private.h"
#include "il-demo.h"

#define ROWS_PER_PAGE 1000
#define REPEAT 3

/* The bench's own rows (--own-rows), from before the demo generator existed:
 * 6 steps with their own latency ranges, multi-turn sessions,
 * some errors with recurring messages, small metadata objects. */
static IlRowStore *
make_rows (guint n_rows)
{
  static const char * const steps[] = { "stt", "vad", "llm", "tts", "retrieval", "turn_detection" };
  static const double step_base[] = { 180, 20, 650, 240, 90, 35 };
  static const char * const messages[] = {
    "upstream timeout after 30s", "rate limited (429)", "connection reset by peer",
    "model overloaded, \"retry\" later", NULL,
  };
  static const char * const models[] = { "gpt-4o-mini", "whisper-1", "eleven_turbo_v2", "silero" };
  IlRowStore *store = il_row_store_new ();
  GRand *rand = g_rand_new_with_seed (20261128);
  gint64 t0 = G_GINT64_CONSTANT (1790000000000000);
  char metadata[160];

  for (guint i = 0; i < n_rows; i++)
    {
      IlRowInput row = { 0 };
      guint step = i % G_N_ELEMENTS (steps);
      guint r = g_rand_int_range (rand, 0, 1000);

      row.metric_id.hi = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      row.metric_id.lo = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      row.session_id.hi = G_GUINT64_CONSTANT (0x5e55000000004000) | (i / 60);
      row.session_id.lo = G_GUINT64_CONSTANT (0x8000000000000000) | (i / 60);
      row.turn_number = (gint32) ((i / G_N_ELEMENTS (steps)) % 10);
      row.step_name = steps[step];
      row.latency_ms = step_base[step] * (0.5 + g_rand_double (rand)) +
                       (r < 10 ? g_rand_double_range (rand, 1000, 9000) : 0);
      row.latency_ms = (gint64) (row.latency_ms * 1000) / 1000.0;
      row.started_at = t0 + (gint64) i * 2600000 + g_rand_int_range (rand, 0, 999999);
      row.completed_at = row.started_at + (gint64) (row.latency_ms * 1000);
      row.created_at = row.completed_at + g_rand_int_range (rand, 1000, 50000);
      if (r < 30)
        {
          row.status = "error";
          row.error_message = messages[r % G_N_ELEMENTS (messages)];
        }
      else if (r < 45)
        row.status = "skipped";
      else if (r == 999)
        row.status = "timeout";
      else
        row.status = "success";
      g_snprintf (metadata, sizeof metadata,
                  "{\"model\":\"%s\",\"tokens\":%u,\"temperature\":0.7,\"region\":\"eu-west-1\"}",
                  models[step % G_N_ELEMENTS (models)], g_rand_int_range (rand, 10, 2000));
      row.metadata = r % 10 == 0 ? NULL : metadata;
      il_row_store_append_row (store, &row);
    }

  g_rand_free (rand);
  il_row_store_seal (store);
  return store;
}

static GPtrArray *
write_pages (IlRowStore *store,
             gsize      *total)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree guint32 *rows = g_new (guint32, ROWS_PER_PAGE);

  *total = 0;
  for (guint start = 0; start < store->n_rows; start += ROWS_PER_PAGE)
    {
      guint n = MIN (ROWS_PER_PAGE, store->n_rows - start);
      GString *json;

      for (guint k = 0; k < n; k++)
        rows[k] = start + k;
      json = il_row_store_write_json (store, rows, n, IL_ALL_COLUMNS);
      *total += json->len;
      g_ptr_array_add (pages, g_string_free_to_bytes (json));
    }
  return pages;
}

typedef struct
{
  GPtrArray *pages;
  gint       next;
} BareState;

/* Wall and CPU seconds: the machine is shared, so CPU time measures the work
 * itself while wall time shows what a user waits for. */
typedef struct
{
  double wall;
  double cpu;
} Timing;

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
timing_start (Timing *t)
{
  t->wall = g_get_monotonic_time () / 1e6;
  t->cpu = cpu_now ();
}

static void
timing_stop (Timing *t)
{
  t->wall = g_get_monotonic_time () / 1e6 - t->wall;
  t->cpu = cpu_now () - t->cpu;
}

static void
timing_min (Timing       *best,
            const Timing *t)
{
  best->wall = MIN (best->wall, t->wall);
  best->cpu = MIN (best->cpu, t->cpu);
}

static gpointer
bare_worker (gpointer data)
{
  BareState *state = data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&state->next, 1)) < state->pages->len)
    {
      GBytes *page = g_ptr_array_index (state->pages, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data_ = g_bytes_get_data (page, &len);

      if (!json_parser_load_from_data (parser, data_, len, NULL))
        g_error ("page %u does not parse", i);
    }
  return NULL;
}

static Timing
bare_parse (GPtrArray *pages,
            guint      n_threads)
{
  BareState state = { pages, 0 };
  GThread *threads[16];
  Timing t;

  timing_start (&t);
  /* one thread: parse on this thread, as il_row_store_load_pages does */
  if (n_threads == 1)
    bare_worker (&state);
  else
    {
      for (guint k = 0; k < n_threads; k++)
        threads[k] = g_thread_new ("bare", bare_worker, &state);
      for (guint k = 0; k < n_threads; k++)
        g_thread_join (threads[k]);
    }
  timing_stop (&t);
  return t;
}

typedef gboolean (*DecodeFunc) (IlRowBatch *batch, const char *data, gsize len);

static gboolean
decode_streaming (IlRowBatch *batch,
                  const char *data,
                  gsize       len)
{
  return _il_page_decode (batch, data, len);
}

static gboolean
decode_dom (IlRowBatch *batch,
            const char *data,
            gsize       len)
{
  return _il_row_batch_parse_dom (batch, data, len, NULL);
}

/* One thread decodes every page into one reused batch, as a loader worker does. */
static Timing
decode_pages (GPtrArray  *pages,
              DecodeFunc  decode,
              guint      *n_rows)
{
  g_autoptr(IlRowBatch) batch = _il_row_batch_new ();
  Timing t;

  *n_rows = 0;
  timing_start (&t);
  for (guint i = 0; i < pages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (pages, i), &len);

      if (!decode (batch, data, len))
        g_error ("page %u: the decoder gave up", i);
      *n_rows += il_row_batch_get_n_rows (batch);
    }
  timing_stop (&t);
  return t;
}

static gsize
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  if (line == NULL)
    return 0;
  return strtoul (line + strlen (key) + 1, NULL, 10);
}

static gboolean
reset_peak (void)
{
  /* not g_file_set_contents: it would replace the file, /proc wants a write */
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static IlRowStore *
our_load (GPtrArray *pages,
          guint      n_threads,
          Timing    *t)
{
  g_autoptr(GError) error = NULL;
  IlRowStore *store;

  timing_start (t);
  store = il_row_store_load_pages (pages, n_threads, &error);
  timing_stop (t);
  if (store == NULL)
    g_error ("load failed: %s", error->message);
  return store;
}

static void
print_line (const char   *what,
            const Timing *t,
            double        mb,
            const Timing *bare)
{
  printf ("%-34s %6.3f s wall %6.1f MB/s | %6.3f s CPU %6.1f MB/s per CPU-s",
          what, t->wall, mb / t->wall, t->cpu, mb / t->cpu);
  if (bare != NULL)
    printf (" | overhead vs bare: %+.1f%% wall, %+.1f%% CPU",
            (t->wall / bare->wall - 1) * 100, (t->cpu / bare->cpu - 1) * 100);
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  gboolean own_rows = argc > 1 && strcmp (argv[1], "--own-rows") == 0;
  guint n_rows;
  g_autoptr(GPtrArray) pages = NULL;
  gsize total;
  double mb;
  Timing bare1, bare2, load1, load2, stream, dom;
  gsize rss_before, hwm, size, metadata_len;
  gboolean peak_ok;

  setvbuf (stdout, NULL, _IOLBF, 0);   /* show progress when redirected */

  {
    g_autoptr(IlRowStore) source = NULL;
    gint64 start = g_get_monotonic_time ();

    if (own_rows)
      {
        argc--;
        argv++;
      }
    n_rows = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
    /* a fixed "now" keeps the pages identical from run to run */
    source = own_rows ? make_rows (n_rows)
                      : il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, G_GINT64_CONSTANT (1793257075806386));
    pages = write_pages (source, &total);
    printf ("generated %u rows, %u pages in %.2f s\n", n_rows, pages->len,
            (g_get_monotonic_time () - start) / 1e6);
  }
  mb = total / 1e6;
  printf ("JSON: %.1f MB (%.0f bytes/row)\n\n", mb, (double) total / n_rows);

  /* Memory first, in a fresh heap: later loads would reuse freed memory and
   * hide the peak. */
  {
    g_autoptr(IlRowStore) store = NULL;
    gsize rss_after;
    Timing t;

    rss_before = read_status_kb ("VmRSS:");
    peak_ok = reset_peak ();
    store = our_load (pages, 2, &t);
    hwm = read_status_kb ("VmHWM:");
    rss_after = read_status_kb ("VmRSS:");
    load2 = t;

    size = il_row_store_get_memory_size (store);
    metadata_len = store->metadata_offset[store->n_rows];
    printf ("rows: %u, skipped: %u, sessions: %u\n", store->n_rows, store->n_skipped, store->n_sessions);
    printf ("store: %.1f MB; %.1f bytes/row metadata text aside, %.1f bytes/row with it\n",
            size / 1e6, (double) (size - metadata_len) / store->n_rows, (double) size / store->n_rows);
    printf ("RSS growth after the load: %.1f MB\n", ((double) rss_after - rss_before) / 1e3);
    if (peak_ok)
      printf ("peak RSS growth during the 2-thread load: %.1f MB = %.2fx the final store "
              "(RSS before %.1f MB, peak %.1f MB; the pages themselves are in RSS before)\n\n",
              ((double) hwm - rss_before) / 1e3, ((double) hwm - rss_before) * 1e3 / size,
              rss_before / 1e3, hwm / 1e3);
    else
      printf ("peak RSS: cannot reset VmHWM (/proc/self/clear_refs not writable)\n\n");
  }

  /* best of REPEAT runs: the machine is shared, take the least disturbed one */
  bare1.wall = bare1.cpu = bare2.wall = bare2.cpu = G_MAXDOUBLE;
  load1 = stream = dom = bare1;
  for (guint r = 0; r < REPEAT; r++)
    {
      Timing t;
      guint n_stream, n_dom;

      t = decode_pages (pages, decode_streaming, &n_stream);
      timing_min (&stream, &t);
      t = decode_pages (pages, decode_dom, &n_dom);
      timing_min (&dom, &t);
      if (n_stream != n_rows || n_dom != n_rows)
        g_error ("decoded %u and %u rows of %u", n_stream, n_dom, n_rows);

      t = bare_parse (pages, 1);
      timing_min (&bare1, &t);
      t = bare_parse (pages, 2);
      timing_min (&bare2, &t);
      il_row_store_unref (our_load (pages, 1, &t));
      timing_min (&load1, &t);
      if (r + 1 < REPEAT)
        {
          il_row_store_unref (our_load (pages, 2, &t));
          timing_min (&load2, &t);
        }
    }
  printf ("decode, 1 thread (MB/s per core = MB per CPU-s):\n");
  print_line ("streaming decoder:", &stream, mb, NULL);
  print_line ("json-glib tree parser:", &dom, mb, NULL);
  printf ("streaming / json-glib: %.1fx per CPU-s\n\n", dom.cpu / stream.cpu);
  print_line ("json-glib bare parse, 1 thread:", &bare1, mb, NULL);
  print_line ("json-glib bare parse, 2 threads:", &bare2, mb, NULL);
  print_line ("our load, 1 thread:", &load1, mb, &bare1);
  print_line ("our load, 2 threads:", &load2, mb, &bare2);

  printf ("\npages to a ready store, 2 threads: %.3f s wall for %u rows (%.3f s CPU)\n",
          load2.wall, n_rows, load2.cpu);
  printf ("\ntargets: decode >= 300 MB/s per core and >= 10x json-glib; 1M rows to a ready store\n"
          "<= 2 s on two cores; < 120 B/row, peak < 2x store\n");
  return 0;
}
