/* bench-explorer.c: the Raw Data explorer at 1,000,000 rows: sort by each
 * column, filter, and CSV export speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-explorer [N_ROWS]
 */
#include "config.h"

#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "il-csv.h"
#include "il-demo.h"
#include "il-row-list-model.h"
#include "il-row-sort.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlRowListModel) model = NULL;
  g_autofree guint32 *rows = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  IlFilter filter;
  gint64 start;
  double ms;
  GStatBuf st;

  start = g_get_monotonic_time ();
  store = il_demo_generate (n_rows, IL_DEMO_DEFAULT_SEED, G_GINT64_CONSTANT (1795000000000000));
  g_print ("demo store: %u rows, %u sessions in %.0f ms\n", store->n_rows, store->n_sessions, ms_since (start));

  /* sorting every row by each column (what a header click does) */
  rows = g_new (guint32, store->n_rows);
  for (guint c = 0; c < IL_N_COLUMNS; c++)
    for (guint desc = 0; desc < 2; desc++)
      {
        for (guint i = 0; i < store->n_rows; i++)
          rows[i] = i;
        start = g_get_monotonic_time ();
        il_row_sort (store, rows, store->n_rows, c, desc);
        g_print ("sort by %-14s %-4s %7.1f ms\n", il_column_name (c), desc ? "desc" : "asc", ms_since (start));
      }

  /* the model: set store, sort, filter */
  model = il_row_list_model_new ();
  start = g_get_monotonic_time ();
  il_row_list_model_set_store (model, store, NULL);
  g_print ("model set_store (all rows)      %7.1f ms\n", ms_since (start));

  il_filter_init (&filter);
  filter.steps = g_hash_table_new (NULL, NULL);
  g_hash_table_add (filter.steps, GUINT_TO_POINTER (1));
  g_hash_table_add (filter.steps, GUINT_TO_POINTER (2));
  filter.min_latency_ms = 500;
  start = g_get_monotonic_time ();
  il_row_list_model_set_filter (model, &filter);
  g_print ("filter (2 steps, >= 500 ms), unsorted  %7.1f ms -> %u rows\n", ms_since (start),
           g_list_model_get_n_items (G_LIST_MODEL (model)));

  start = g_get_monotonic_time ();
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  g_print ("model sort by latency desc (filtered view)  %7.1f ms\n", ms_since (start));

  filter.min_latency_ms = 800;
  start = g_get_monotonic_time ();
  il_row_list_model_set_filter (model, &filter);
  g_print ("filter change on a sorted view  %7.1f ms -> %u rows\n", ms_since (start),
           g_list_model_get_n_items (G_LIST_MODEL (model)));
  il_filter_clear (&filter);

  start = g_get_monotonic_time ();
  il_row_list_model_set_filter (model, NULL);
  g_print ("filter cleared on a sorted view %7.1f ms -> %u rows\n", ms_since (start),
           g_list_model_get_n_items (G_LIST_MODEL (model)));

  /* CSV: formatting only (into /dev/null), then a real file */
  {
    int fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
    g_autoptr(GOutputStream) sink = g_unix_output_stream_new (fd, TRUE);

    start = g_get_monotonic_time ();
    if (!il_csv_write (store, NULL, 0, sink, NULL, NULL, NULL, &error))
      g_error ("%s", error->message);
    ms = ms_since (start);
  }

  dir = g_dir_make_tmp ("bench-explorer-XXXXXX", NULL);
  path = g_build_filename (dir, "all.csv", NULL);
  file = g_file_new_for_path (path);
  start = g_get_monotonic_time ();
  if (il_csv_save (store, NULL, 0, file, NULL, &error) < 0)
    g_error ("%s", error->message);
  {
    double file_ms = ms_since (start);

    g_stat (path, &st);
    g_print ("CSV format only: %.0f ms, %.0f MB/s\n", ms, st.st_size / 1e6 / (ms / 1000));
    g_print ("CSV save to file (%s): %.1f MB in %.0f ms, %.0f MB/s\n", dir, st.st_size / 1e6, file_ms,
             st.st_size / 1e6 / (file_ms / 1000));
  }
  g_unlink (path);
  g_rmdir (dir);

  return 0;
}
