/* test-csv.c: the CSV writer, read back by an independent RFC 4180 parser
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

/* ---- a strict RFC 4180 reader, written for the test ------------------------ */

typedef struct
{
  char     *text;
  gboolean  quoted;
} Field;

static void
field_free (gpointer data)
{
  Field *f = data;

  g_free (f->text);
  g_free (f);
}

/* Returns an array of records (arrays of Field), or NULL when the text is not
 * RFC 4180 with CRLF line ends (bare CR or LF outside quotes, stray quotes, ...). */
static GPtrArray *
parse_csv (const char *data,
           gsize       len)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gsize i = 0;

  while (i < len)
    {
      GPtrArray *record = g_ptr_array_new_with_free_func (field_free);

      g_ptr_array_add (records, record);

      for (;;)
        {
          GString *s = g_string_new (NULL);
          Field *f = g_new0 (Field, 1);

          if (i < len && data[i] == '"')
            {
              f->quoted = TRUE;
              i++;
              for (;;)
                {
                  if (i >= len)
                    goto fail_field;
                  if (data[i] == '"')
                    {
                      if (i + 1 < len && data[i + 1] == '"')
                        {
                          g_string_append_c (s, '"');
                          i += 2;
                          continue;
                        }
                      i++;
                      break;
                    }
                  g_string_append_c (s, data[i++]);
                }
            }
          else
            {
              while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n')
                {
                  if (data[i] == '"')
                    goto fail_field;
                  g_string_append_c (s, data[i++]);
                }
            }

          f->text = g_string_free (s, FALSE);
          g_ptr_array_add (record, f);

          if (i < len && data[i] == ',')
            {
              i++;
              continue;
            }
          if (i + 1 < len && data[i] == '\r' && data[i + 1] == '\n')
            {
              i += 2;
              break;
            }
          return NULL;   /* no CRLF at the end of a record */

        fail_field:
          g_string_free (s, TRUE);
          g_free (f);
          return NULL;
        }
    }

  return g_steal_pointer (&records);
}

static const char *
field_text (GPtrArray *records,
            guint      record,
            guint      column)
{
  GPtrArray *r = g_ptr_array_index (records, record);
  Field *f = g_ptr_array_index (r, column);

  return f->text;
}

static gboolean
field_quoted (GPtrArray *records,
              guint      record,
              guint      column)
{
  GPtrArray *r = g_ptr_array_index (records, record);
  Field *f = g_ptr_array_index (r, column);

  return f->quoted;
}

/* ---- fixtures -------------------------------------------------------------- */

typedef struct
{
  const char *metric_id;
  const char *session_id;
  gint32      turn;
  const char *step;
  double      latency;
  const char *started;
  const char *completed;
  const char *status;
  const char *message;
  const char *metadata;
  const char *created;
  const char *latency_text;   /* expected field */
} Fixture;

static const Fixture fixtures[] = {
  { "00000000-0000-4000-8000-000000000001", "10000000-0000-4000-8000-000000000001", 0,
    "stt", 123.456, "2026-10-29T06:57:55.806386+00:00", "2026-10-29T06:57:56.1+00:00",
    "success", NULL, "{\"model\":\"whisper\",\"n\":3}", "2026-10-29T06:57:56+00:00", "123.456" },
  { "00000000-0000-4000-8000-000000000002", "10000000-0000-4000-8000-000000000001", 1,
    "llm, fast", 0.1, "2026-10-29T12:00:00+05:30", "2026-10-29T12:00:01.5+05:30",
    "error", "line one\r\nline two\nand \"three\"", NULL, NULL, "0.1" },
  { "00000000-0000-4000-8000-000000000003", "10000000-0000-4000-8000-000000000002", -2,
    "say \"hi\"", 100, "2026-01-01T00:00:00-08:00", "2026-01-01T00:00:00.000001-08:00",
    "skipped", "", "{\"text\":\"a,b\\\"c\",\"u\":\"日本\"}", "2026-01-01T08:00:00+00:00", "100" },
  { "00000000-0000-4000-8000-000000000004", "10000000-0000-4000-8000-000000000002", 7,
    "détection ✓", 0.30000000000000004, "2026-02-03T04:05:06.78+00:00", "2026-02-03T04:05:07+00:00",
    "weird status", "échec: délai dépassé", "{}", "2026-02-03T04:05:07.123+00:00", "0.30000000000000004" },
  { "00000000-0000-4000-8000-000000000005", "10000000-0000-4000-8000-000000000003", 2,
    "tts", 1e-7, "2026-02-03T04:05:06+00:00", "2026-02-03T04:05:07+00:00",
    "success", "cr only\rhere", NULL, "2026-02-03T04:05:07+00:00", "1e-07" },
};

static void
parse_uuid (const char *s,
            IlUuid     *out)
{
  g_assert_true (il_uuid_parse (s, -1, out));
}

static void
parse_time (const char *s,
            gint64     *us,
            gint16     *offset)
{
  *us = IL_TIME_NONE;
  *offset = 0;
  if (s != NULL)
    g_assert_true (il_timestamp_parse (s, -1, us, offset));
}

static IlRowStore *
fixture_store (void)
{
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      const Fixture *f = &fixtures[i];
      IlRowInput in = { 0 };

      parse_uuid (f->metric_id, &in.metric_id);
      parse_uuid (f->session_id, &in.session_id);
      in.turn_number = f->turn;
      in.step_name = f->step;
      in.latency_ms = f->latency;
      parse_time (f->started, &in.started_at, &in.started_offset_min);
      parse_time (f->completed, &in.completed_at, &in.completed_offset_min);
      in.status = f->status;
      in.error_message = f->message;
      in.metadata = f->metadata;
      parse_time (f->created, &in.created_at, &in.created_offset_min);
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);

  return store;
}

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
write_to_string (IlRowStore    *store,
                 const guint32 *rows,
                 guint          n_rows,
                 gsize         *len)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (il_csv_write (store, rows, n_rows, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* ---- tests ------------------------------------------------------------------- */

static void
test_fields (void)
{
  g_autoptr(IlRowStore) store = fixture_store ();
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *data = NULL;
  gsize len;

  data = write_to_string (store, NULL, 0, &len);
  g_assert_true (g_utf8_validate (data, len, NULL));

  records = parse_csv (data, len);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (fixtures));

  for (guint c = 0; c < IL_N_COLUMNS; c++)
    {
      g_assert_cmpuint (((GPtrArray *) records->pdata[0])->len, ==, IL_N_COLUMNS);
      g_assert_cmpstr (field_text (records, 0, c), ==, il_column_name (c));
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      const Fixture *f = &fixtures[i];
      guint r = i + 1;

      g_assert_cmpuint (((GPtrArray *) records->pdata[r])->len, ==, IL_N_COLUMNS);
      g_assert_cmpstr (field_text (records, r, IL_COL_METRIC_ID), ==, f->metric_id);
      g_assert_cmpstr (field_text (records, r, IL_COL_SESSION_ID), ==, f->session_id);
      g_assert_cmpint (atoi (field_text (records, r, IL_COL_TURN_NUMBER)), ==, f->turn);
      g_assert_cmpstr (field_text (records, r, IL_COL_STEP_NAME), ==, f->step);
      g_assert_cmpstr (field_text (records, r, IL_COL_LATENCY_MS), ==, f->latency_text);
      g_assert_cmpfloat (g_ascii_strtod (field_text (records, r, IL_COL_LATENCY_MS), NULL), ==, f->latency);
      /* timestamps as received */
      g_assert_cmpstr (field_text (records, r, IL_COL_STARTED_AT), ==, f->started);
      g_assert_cmpstr (field_text (records, r, IL_COL_COMPLETED_AT), ==, f->completed);
      g_assert_cmpstr (field_text (records, r, IL_COL_STATUS), ==, f->status);
      g_assert_cmpstr (field_text (records, r, IL_COL_ERROR_MESSAGE), ==, f->message ? f->message : "");
      g_assert_cmpstr (field_text (records, r, IL_COL_METADATA), ==, f->metadata ? f->metadata : "");
      g_assert_cmpstr (field_text (records, r, IL_COL_CREATED_AT), ==, f->created ? f->created : "");

      /* null is an empty unquoted field, an empty string is "" */
      if (f->message == NULL)
        g_assert_false (field_quoted (records, r, IL_COL_ERROR_MESSAGE));
      else if (f->message[0] == '\0')
        g_assert_true (field_quoted (records, r, IL_COL_ERROR_MESSAGE));
      if (f->metadata == NULL)
        g_assert_false (field_quoted (records, r, IL_COL_METADATA));
      if (f->created == NULL)
        g_assert_false (field_quoted (records, r, IL_COL_CREATED_AT));
    }

  /* metadata is compact JSON that parses back */
  g_assert_cmpstr (field_text (records, 3, IL_COL_METADATA), ==, "{\"text\":\"a,b\\\"c\",\"u\":\"日本\"}");
}

static void
test_quoting_exact (void)
{
  g_autoptr(IlRowStore) store = fixture_store ();
  g_autofree char *data = NULL;
  guint32 rows[] = { 1, 2 };
  gsize len;

  data = write_to_string (store, rows, G_N_ELEMENTS (rows), &len);
  g_assert_true (g_str_has_prefix (data, "metric_id,session_id,turn_number,step_name,latency_ms,"
                                         "started_at,completed_at,status,error_message,metadata,created_at\r\n"));
  g_assert_nonnull (strstr (data, "\r\n00000000-0000-4000-8000-000000000002,10000000-0000-4000-8000-000000000001,1,"
                                  "\"llm, fast\",0.1,2026-10-29T12:00:00+05:30,2026-10-29T12:00:01.5+05:30,error,"
                                  "\"line one\r\nline two\nand \"\"three\"\"\",,\r\n"));
  g_assert_nonnull (strstr (data, ",-2,\"say \"\"hi\"\"\",100,"));
  g_assert_nonnull (strstr (data, ",skipped,\"\",\"{\"\"text\"\":\"\"a,b\\\"\"c\"\",\"\"u\"\":\"\"日本\"\"}\","));
  g_assert_true (g_str_has_suffix (data, ",2026-01-01T08:00:00+00:00\r\n"));
}

static void
test_double_format (void)
{
  static const struct { double v; const char *s; } cases[] = {
    { 0, "0" }, { 1, "1" }, { -3, "-3" }, { 0.5, "0.5" }, { 123.456, "123.456" },
    { 0.001, "0.001" }, { 0.000123, "0.000123" }, { 1234567.125, "1234567.125" },
    { 0.1 + 0.2, "0.30000000000000004" }, { 1e-7, "1e-07" }, { 1e300, "1e+300" },
    { 2.5e-5, "0.000025" }, { 98765.4321, "98765.4321" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[32];
      gsize len = il_csv_format_double (cases[i].v, buf);

      g_assert_cmpstr (buf, ==, cases[i].s);
      g_assert_cmpuint (len, ==, strlen (cases[i].s));
    }

  /* random doubles round-trip */
  for (guint i = 0; i < 20000; i++)
    {
      char buf[32];
      double v = g_test_rand_double_range (-1e6, 1e6);

      if (i % 3 == 0)
        v = (double) g_test_rand_int_range (0, 10000000) / 1000.0;
      il_csv_format_double (v, buf);
      g_assert_cmpfloat (g_ascii_strtod (buf, NULL), ==, v);
    }
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

static void
test_format_cell (void)
{
  g_autoptr(IlRowStore) store = fixture_store ();
  g_autofree char *a = il_csv_format_cell (store, 1, IL_COL_STEP_NAME);
  g_autofree char *b = il_csv_format_cell (store, 1, IL_COL_METADATA);
  g_autofree char *c = il_csv_format_cell (store, 2, IL_COL_ERROR_MESSAGE);
  g_autofree char *d = il_csv_format_cell (store, 0, IL_COL_STARTED_AT);
  g_autofree char *e = il_csv_format_cell (store, 0, IL_COL_LATENCY_MS);

  g_assert_cmpstr (a, ==, "llm, fast");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "2026-10-29T06:57:55.806386+00:00");
  g_assert_cmpstr (e, ==, "123.456");

  {
    g_autofree char *row = il_csv_format_row (store, 2);

    g_assert_cmpstr (row, ==, "00000000-0000-4000-8000-000000000003,10000000-0000-4000-8000-000000000002,-2,"
                              "\"say \"\"hi\"\"\",100,2026-01-01T00:00:00-08:00,2026-01-01T00:00:00.000001-08:00,"
                              "skipped,\"\",\"{\"\"text\"\":\"\"a,b\\\"\"c\"\",\"\"u\"\":\"\"日本\"\"}\","
                              "2026-01-01T08:00:00+00:00");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/fields", test_fields);
  g_test_add_func ("/csv/quoting", test_quoting_exact);
  g_test_add_func ("/csv/double", test_double_format);
  g_test_add_func ("/csv/format-cell", test_format_cell);
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
