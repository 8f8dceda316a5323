/* test-csv-save.c: saving a CSV file: progress, cancel, failures that keep
 * the old file, and the atomic file underneath
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "il-atomic-file.h"
#include "il-csv.h"
#include "il-row-store.h"

/* A bigger store of plain rows, for saving, progress and cancel. */
static IlRowStore *
plain_store (guint n)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.hi = 0x1000 + i;
      in.metric_id.lo = 0x8000000000000000 | i;
      in.session_id.hi = 1 + i / 10;
      in.session_id.lo = 0x8000000000000000;
      in.turn_number = i % 10;
      in.step_name = i % 2 ? "stt" : "llm";
      in.latency_ms = 100 + (i % 1000) / 8.0;
      in.started_at = G_GINT64_CONSTANT (1790000000000000) + (gint64) i * 1000;
      in.completed_at = in.started_at + 500;
      in.status = "success";
      in.metadata = "{\"a\":1}";
      in.created_at = in.completed_at;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);

  return store;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
count_lines (const char *data)
{
  guint n = 0;

  /* a byte loop: ASan's strstr() is quadratic on long texts */
  for (const char *p = data; *p != '\0'; p++)
    n += p[0] == '\r' && p[1] == '\n';
  return n;
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_save (void)
{
  g_autoptr(IlRowStore) store = plain_store (1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  guint32 rows[] = { 5, 3, 999 };

  g_assert_cmpint (il_csv_save (store, NULL, 0, file, NULL, &error), ==, 1000);
  g_assert_no_error (error);
  data = read_file (path);
  g_assert_cmpuint (count_lines (data), ==, 1001);

  /* replacing an existing file */
  g_assert_cmpint (il_csv_save (store, rows, 3, file, NULL, &error), ==, 3);
  g_assert_no_error (error);
  again = read_file (path);
  g_assert_cmpuint (count_lines (again), ==, 4);
  g_assert_nonnull (strstr (again, "\r\n00000000-0000-1005-8000-000000000005,"));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_unwritable (void)
{
  g_autoptr(IlRowStore) store = plain_store (10);
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain", NULL);
  g_autofree char *under_file = g_build_filename (plain, "out.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone", "out.csv", NULL);
  g_autoptr(GFile) f1 = g_file_new_for_path (under_file);
  g_autoptr(GFile) f2 = g_file_new_for_path (missing);
  g_autoptr(GFile) f3 = g_file_new_for_path ("/proc/version");
  g_autoptr(GFile) f4 = g_file_new_for_path (dir);
  g_autofree char *version_before = read_file ("/proc/version");
  g_autofree char *version_after = NULL;
  g_autofree char *plain_after = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (plain, "keep me", -1, NULL));

  /* a file where a folder is expected */
  g_assert_cmpint (il_csv_save (store, NULL, 0, f1, NULL, &error), ==, -1);
  g_assert_error (error, IL_CSV_ERROR, IL_CSV_ERROR_FOLDER_MISSING);
  g_assert_nonnull (strstr (error->message, plain));
  g_clear_error (&error);
  plain_after = read_file (plain);
  g_assert_cmpstr (plain_after, ==, "keep me");

  /* a folder that is gone */
  g_assert_cmpint (il_csv_save (store, NULL, 0, f2, NULL, &error), ==, -1);
  g_assert_error (error, IL_CSV_ERROR, IL_CSV_ERROR_FOLDER_MISSING);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* a place even root cannot write; the old contents stay */
  g_assert_cmpint (il_csv_save (store, NULL, 0, f3, NULL, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == IL_CSV_ERROR);
  g_test_message ("/proc/version: %s", error->message);
  g_clear_error (&error);
  version_after = read_file ("/proc/version");
  g_assert_cmpstr (version_after, ==, version_before);

  /* a folder as the target */
  g_assert_cmpint (il_csv_save (store, NULL, 0, f4, NULL, &error), ==, -1);
  g_assert_error (error, IL_CSV_ERROR, IL_CSV_ERROR_NOT_A_FILE);
  g_clear_error (&error);

  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  g_unlink (plain);
  g_rmdir (dir);
}

static void
test_disk_full (void)
{
  g_autoptr(IlRowStore) store = plain_store (20000);
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  int fd = open ("/dev/full", O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  out = g_unix_output_stream_new (fd, TRUE);
  g_assert_false (il_csv_write (store, NULL, 0, out, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint         last_done;
  guint         last_total;
  GMainLoop    *loop;
  gint64        result;
  GError       *error;
} AsyncState;

static void
cancel_on_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  AsyncState *st = user_data;

  st->calls++;
  st->last_done = done;
  st->last_total = total;
  if (st->cancellable != NULL)
    g_cancellable_cancel (st->cancellable);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *st = user_data;

  st->result = il_csv_save_finish (result, &st->error);
  g_main_loop_quit (st->loop);
}

static void
test_cancel_keeps_old (void)
{
  g_autoptr(IlRowStore) store = plain_store (100000);
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *old_path = g_build_filename (dir, "old.csv", NULL);
  g_autofree char *new_path = g_build_filename (dir, "new.csv", NULL);
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autofree char *after = NULL;
  g_autoptr(GCancellable) c1 = g_cancellable_new ();
  g_autoptr(GCancellable) c2 = g_cancellable_new ();
  GError *error = NULL;
  AsyncState st = { 0 };

  g_assert_true (g_file_set_contents (old_path, "old contents\r\n", -1, NULL));

  /* cancelled half-way (after the first progress report, past a flush) */
  st.cancellable = c1;
  g_assert_cmpint (il_csv_save (store, NULL, 0, old_file, c1, &error), ==, 100000);
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (old_path, "old contents\r\n", -1, NULL));
  st.loop = g_main_loop_new (NULL, FALSE);
  il_csv_save_async (store, NULL, 0, old_file, cancel_on_progress, &st, NULL, c1,
                     save_done, &st);
  g_main_loop_run (st.loop);
  g_assert_cmpint (st.result, ==, -1);
  g_assert_error (st.error, IL_CSV_ERROR, IL_CSV_ERROR_CANCELLED);
  g_clear_error (&st.error);
  after = read_file (old_path);
  g_assert_cmpstr (after, ==, "old contents\r\n");
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  /* a new file cancelled half-way leaves nothing */
  st.cancellable = c2;
  il_csv_save_async (store, NULL, 0, new_file, cancel_on_progress, &st, NULL, c2,
                     save_done, &st);
  g_main_loop_run (st.loop);
  g_assert_cmpint (st.result, ==, -1);
  g_assert_error (st.error, IL_CSV_ERROR, IL_CSV_ERROR_CANCELLED);
  g_clear_error (&st.error);
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  g_main_loop_unref (st.loop);
  g_unlink (old_path);
  g_rmdir (dir);
}

static void
test_async_progress (void)
{
  g_autoptr(IlRowStore) store = plain_store (70000);
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "all.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *data = NULL;
  AsyncState st = { 0 };
  g_autofree guint32 *rows = g_new (guint32, 50000);

  for (guint i = 0; i < 50000; i++)
    rows[i] = 69999 - i;

  st.loop = g_main_loop_new (NULL, FALSE);
  il_csv_save_async (store, rows, 50000, file, cancel_on_progress, &st, NULL, NULL,
                     save_done, &st);
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  g_assert_cmpint (st.result, ==, 50000);
  /* progress ran in this thread; the last report may be coalesced but is the total */
  g_assert_cmpuint (st.calls, >=, 1);
  g_assert_cmpuint (st.last_total, ==, 50000);
  g_assert_cmpuint (st.last_done, ==, 50000);

  data = read_file (path);
  g_assert_cmpuint (count_lines (data), ==, 50001);
  g_assert_nonnull (strstr (data, "\r\n00000000-0001-216f-8000-00000001116f,"));

  g_main_loop_unref (st.loop);
  g_unlink (path);
  g_rmdir (dir);
}

/* An empty selection writes the header only, never every row (NULL rows means all). */
static void
test_async_empty_selection (void)
{
  g_autoptr(IlRowStore) store = plain_store (100);
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "none.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *data = NULL;
  AsyncState st = { 0 };
  guint32 no_rows[1] = { 0 };

  st.loop = g_main_loop_new (NULL, FALSE);
  il_csv_save_async (store, no_rows, 0, file, NULL, NULL, NULL, NULL, save_done, &st);
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  g_assert_cmpint (st.result, ==, 0);

  data = read_file (path);
  g_assert_cmpuint (count_lines (data), ==, 1);

  g_main_loop_unref (st.loop);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- atomic files ---------------------------------------------------------- */

typedef struct
{
  char     *dir;
  char     *target;
  gint      done;          /* atomic */
  gint64    smallest_seen; /* the smallest size the target was seen with, -1: never */
  gboolean  saw_tmp;
} Watch;

static gpointer
watch_thread (gpointer data)
{
  Watch *w = data;

  while (!g_atomic_int_get (&w->done))
    {
      g_autoptr(GDir) dir = g_dir_open (w->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          if (g_str_has_prefix (name, ".new.csv."))
            w->saw_tmp = TRUE;
          else if (g_str_equal (name, "new.csv"))
            {
              /* Seen at all before the save returns is fine (the rename came
               * first); seen smaller than complete is the failure. */
              GStatBuf st;

              if (g_stat (w->target, &st) == 0 && (w->smallest_seen < 0 || st.st_size < w->smallest_seen))
                w->smallest_seen = st.st_size;
            }
        }
      g_usleep (500);
    }
  return NULL;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A new target appears only complete: written to a temporary file in the
 * same folder and renamed, so a kill mid-way leaves no truncated file. */
static void
test_atomic_new_file (void)
{
  g_autoptr(IlRowStore) store = plain_store (200000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *data = NULL;
  Watch w = { 0 };
  GThread *thread;
  GStatBuf st;
  gint64 n;

  w.smallest_seen = -1;
  w.dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  w.target = g_build_filename (w.dir, "new.csv", NULL);
  file = g_file_new_for_path (w.target);
  thread = g_thread_new ("watch", watch_thread, &w);
  n = il_csv_save (store, NULL, 0, file, NULL, &error);
  g_atomic_int_set (&w.done, 1);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 200000);
  g_assert_true (w.saw_tmp);
  g_assert_cmpint (g_stat (w.target, &st), ==, 0);
  g_assert_true (w.smallest_seen == -1 || w.smallest_seen == (gint64) st.st_size);
  data = read_file (w.target);
  g_assert_cmpuint (count_lines (data), ==, 200001);
  /* nothing else is left in the folder */
  g_assert_cmpuint (count_entries (w.dir), ==, 1);

  g_unlink (w.target);
  g_rmdir (w.dir);
  g_free (w.target);
  g_free (w.dir);
}

static void
test_atomic_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("il-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  IlAtomicFile *out;

  /* aborted: no target, no temporary */
  out = il_atomic_file_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (il_atomic_file_get_stream (out), "half", 4, NULL, NULL, NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  il_atomic_file_abort (out);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* committed */
  out = il_atomic_file_open (file, NULL, &error);
  g_assert_true (g_output_stream_write_all (il_atomic_file_get_stream (out), "old", 3, NULL, NULL, NULL));
  g_assert_true (il_atomic_file_commit (out, NULL, &error));
  g_assert_no_error (error);
  data = read_file (path);
  g_assert_cmpstr (data, ==, "old");
  g_clear_pointer (&data, g_free);

  /* an existing target keeps its content until the commit */
  out = il_atomic_file_open (file, NULL, &error);
  g_assert_true (g_output_stream_write_all (il_atomic_file_get_stream (out), "new!", 4, NULL, NULL, NULL));
  data = read_file (path);
  g_assert_cmpstr (data, ==, "old");
  g_clear_pointer (&data, g_free);
  il_atomic_file_abort (out);
  data = read_file (path);
  g_assert_cmpstr (data, ==, "old");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* a folder is not a target */
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    out = il_atomic_file_open (folder, NULL, &error);
  }
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/save", test_save);
  g_test_add_func ("/csv/unwritable", test_unwritable);
  g_test_add_func ("/csv/disk-full", test_disk_full);
  g_test_add_func ("/csv/cancel-keeps-old", test_cancel_keeps_old);
  g_test_add_func ("/csv/async-progress", test_async_progress);
  g_test_add_func ("/csv/atomic-new-file", test_atomic_new_file);
  g_test_add_func ("/csv/atomic-file", test_atomic_file);
  g_test_add_func ("/csv/async-empty-selection", test_async_empty_selection);

  return g_test_run ();
}
