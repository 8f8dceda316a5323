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

  return g_test_run ();
}
