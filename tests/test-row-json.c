/* test-row-json.c: PostgREST page parsing, writing pages, compact metadata,
 * and the parallel loader; every page parsed here also goes through both
 * decoders (page-decoder-oracle.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "il-row-store.h"
#include "il-row-json.h"
#include "page-decoder-oracle.h"

/* One row object as PostgREST sends it; row i has metric_id ...i, latency 10 + i.
 * When field is set, its value is replaced by raw (raw JSON text), or the field
 * is left out when raw is NULL. */
static char *
row_json (guint       i,
          const char *field,
          const char *raw)
{
  struct { const char *name; char *value; } f[] = {
    { "metric_id", g_strdup_printf ("\"00000000-0000-0000-0000-%012u\"", i) },
    { "session_id", g_strdup ("\"5e551000-0000-4000-8000-00000000000a\"") },
    { "turn_number", g_strdup_printf ("%u", i % 4) },
    { "step_name", g_strdup ("\"llm, \\\"big\\\"\"") },
    { "latency_ms", g_strdup_printf ("%u.25", 10 + i) },
    { "started_at", g_strdup ("\"2026-10-29T06:57:55.806386+00:00\"") },
    { "completed_at", g_strdup ("\"2026-10-29T06:57:56+00:00\"") },
    { "status", g_strdup ("\"success\"") },
    { "error_message", g_strdup ("null") },
    { "metadata", g_strdup ("{\"model\":\"x\",\"n\":1}") },
    { "created_at", g_strdup ("\"2026-10-29T06:57:56.5+00:00\"") },
  };
  GString *out = g_string_new ("{");
  gboolean first = TRUE;

  for (guint k = 0; k < G_N_ELEMENTS (f); k++)
    {
      const char *value = f[k].value;

      if (field != NULL && strcmp (field, f[k].name) == 0)
        value = raw;
      if (value != NULL)
        {
          g_string_append_printf (out, "%s\"%s\":%s", first ? "" : ",", f[k].name, value);
          first = FALSE;
        }
      g_free (f[k].value);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* [row 0, middle, row 2] */
static char *
page_with (const char *middle)
{
  g_autofree char *r0 = row_json (0, NULL, NULL);
  g_autofree char *r2 = row_json (2, NULL, NULL);

  return g_strdup_printf ("[%s,\n%s,\n%s]", r0, middle, r2);
}

typedef struct
{
  const char *field;
  const char *raw;      /* NULL: field missing */
  const char *reason;   /* NULL: the row is kept */
} BadRowCase;

static const BadRowCase bad_rows[] = {
  { "metric_id", NULL, "row 1: missing field \"metric_id\"" },
  { "metric_id", "\"not-a-uuid\"", "row 1: \"metric_id\" is not a valid uuid" },
  { "metric_id", "123", "row 1: \"metric_id\" is not a string" },
  { "metric_id", "null", "row 1: \"metric_id\" is null" },
  { "session_id", "null", "row 1: \"session_id\" is null" },
  { "session_id", "\"5e551000-0000-4000-8000-00000000000\"", "row 1: \"session_id\" is not a valid uuid" },
  { "session_id", "{\"a\":1}", "row 1: \"session_id\" is not a string" },
  { "turn_number", "1.5", "row 1: \"turn_number\" is not an integer" },
  { "turn_number", "\"3\"", "row 1: \"turn_number\" is not an integer" },
  { "turn_number", "null", "row 1: \"turn_number\" is null" },
  { "turn_number", "4294967296", "row 1: \"turn_number\" is not an integer" },
  { "turn_number", NULL, "row 1: missing field \"turn_number\"" },
  { "step_name", "5", "row 1: \"step_name\" is not a string" },
  { "step_name", "null", "row 1: \"step_name\" is null" },
  { "step_name", "[\"a\"]", "row 1: \"step_name\" is not a string" },
  { "latency_ms", "\"12.5\"", "row 1: \"latency_ms\" is not a number" },
  { "latency_ms", "true", "row 1: \"latency_ms\" is not a number" },
  { "latency_ms", "null", "row 1: \"latency_ms\" is null" },
  { "latency_ms", NULL, "row 1: missing field \"latency_ms\"" },
  { "started_at", "\"yesterday\"", "row 1: \"started_at\" is not a valid timestamp" },
  { "started_at", "null", "row 1: \"started_at\" is null" },
  { "started_at", "1793257075", "row 1: \"started_at\" is not a string" },
  { "completed_at", "\"2026-13-01T00:00:00+00:00\"", "row 1: \"completed_at\" is not a valid timestamp" },
  { "completed_at", NULL, "row 1: missing field \"completed_at\"" },
  { "status", "null", "row 1: \"status\" is null" },
  { "status", NULL, "row 1: missing field \"status\"" },
  { "error_message", "5", "row 1: \"error_message\" is not a string" },
  { "error_message", NULL, "row 1: missing field \"error_message\"" },
  { "metadata", NULL, "row 1: missing field \"metadata\"" },
  { "created_at", "\"2026-10-29\"", "row 1: \"created_at\" is not a valid timestamp" },
  { "created_at", "false", "row 1: \"created_at\" is not a string" },
  { "created_at", NULL, "row 1: missing field \"created_at\"" },
  /* these fit the schema and are kept */
  { "turn_number", "3.0", NULL },
  { "latency_ms", "12", NULL },
  { "status", "\"timeout\"", NULL },
  { "error_message", "\"boom\"", NULL },
  { "metadata", "null", NULL },
  { "metadata", "[1,2]", NULL },
  { "created_at", "null", NULL },
  { "extra_column", "\"ignored\"", NULL },
};

static void
check_good_row (IlRowStore *store,
                guint       row,
                guint       i)
{
  char buf[48];
  gsize len;
  const char *meta;

  il_uuid_format (&store->metric_id[row], buf);
  g_assert_cmphex (store->metric_id[row].lo, ==, i);
  g_assert_cmphex (store->metric_id[row].hi, ==, 0);
  il_uuid_format (&store->session_ids[store->session[row]], buf);
  g_assert_cmpstr (buf, ==, "5e551000-0000-4000-8000-00000000000a");
  g_assert_cmpint (store->turn_number[row], ==, (gint) (i % 4));
  g_assert_cmpstr (il_row_store_get_step_name (store, row), ==, "llm, \"big\"");
  g_assert_cmpfloat (store->latency_ms[row], ==, 10 + i + 0.25);
  g_assert_cmpint (store->started_at[row], ==, G_GINT64_CONSTANT (1793257075806386));
  g_assert_cmpint (store->completed_at[row], ==, G_GINT64_CONSTANT (1793257076000000));
  g_assert_cmpint (store->created_at[row], ==, G_GINT64_CONSTANT (1793257076500000));
  g_assert_cmpstr (il_row_store_get_status (store, row), ==, "success");
  g_assert_null (il_row_store_get_error_message (store, row));
  meta = il_row_store_get_metadata (store, row, &len);
  g_assert_cmpmem (meta, len, "{\"model\":\"x\",\"n\":1}", strlen ("{\"model\":\"x\",\"n\":1}"));
}


static IlRowStore *
store_from_page (const char *page,
                 guint      *n_rows,
                 guint      *n_skipped,
                 char      **reason)
{
  g_autoptr(GError) error = NULL;
  IlRowBatch *batch = il_row_batch_parse_json (page, -1, &error);
  IlRowStore *store;

  /* well-formed pages never need json-glib */
  g_assert_true (decoders_agree (page, strlen (page)));
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  *n_rows = il_row_batch_get_n_rows (batch);
  *n_skipped = il_row_batch_get_n_skipped (batch);
  *reason = g_strdup (il_row_batch_get_skip_reason (batch));

  store = il_row_store_new ();
  il_row_store_append_batch (store, batch);
  il_row_store_seal (store);
  return store;
}

static void
test_bad_rows (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (bad_rows); c++)
    {
      const BadRowCase *bc = &bad_rows[c];
      g_autofree char *middle = row_json (1, bc->field, bc->raw);
      g_autofree char *page = page_with (middle);
      g_autofree char *reason = NULL;
      g_autoptr(IlRowStore) store = NULL;
      guint n_rows, n_skipped;

      g_test_message ("case %u: %s = %s", c, bc->field, bc->raw ? bc->raw : "(missing)");
      store = store_from_page (page, &n_rows, &n_skipped, &reason);

      if (bc->reason != NULL)
        {
          g_assert_cmpuint (n_rows, ==, 2);
          g_assert_cmpuint (n_skipped, ==, 1);
          g_assert_cmpstr (reason, ==, bc->reason);
          g_assert_cmpuint (store->n_skipped, ==, 1);
          g_assert_cmpstr (store->first_skip_reason, ==, bc->reason);
          check_good_row (store, 0, 0);
          check_good_row (store, 1, 2);
        }
      else
        {
          g_assert_cmpuint (n_rows, ==, 3);
          g_assert_cmpuint (n_skipped, ==, 0);
          g_assert_null (reason);
          g_assert_cmpuint (store->n_skipped, ==, 0);
          g_assert_null (store->first_skip_reason);
          check_good_row (store, 0, 0);
          check_good_row (store, 2, 2);
        }
    }
}

static void
test_kept_row_values (void)
{
  g_autofree char *r1 = row_json (1, "turn_number", "3.0");
  g_autofree char *r2 = row_json (2, "created_at", "null");
  g_autofree char *r3 = row_json (3, "status", "\"timeout\"");
  g_autofree char *r4 = row_json (4, "error_message", "\"line1\\nline2 \\\"q\\\" \\u00e9\"");
  g_autofree char *r5 = row_json (5, "metadata", "null");
  g_autofree char *r6 = row_json (6, "latency_ms", "-12");
  g_autofree char *r7 = row_json (7, "created_at", "\"2026-10-29T12:27:56.5+05:30\"");
  g_autofree char *page = g_strdup_printf ("[%s,%s,%s,%s,%s,%s,%s]", r1, r2, r3, r4, r5, r6, r7);
  g_autofree char *reason = NULL;
  g_autoptr(IlRowStore) store = NULL;
  guint n_rows, n_skipped;
  gsize len = 1;

  store = store_from_page (page, &n_rows, &n_skipped, &reason);
  g_assert_cmpuint (n_rows, ==, 7);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_cmpint (store->turn_number[0], ==, 3);
  g_assert_cmpint (store->created_at[1], ==, IL_TIME_NONE);
  g_assert_cmpstr (il_row_store_get_status (store, 2), ==, "timeout");
  g_assert_cmpstr (il_row_store_get_error_message (store, 3), ==, "line1\nline2 \"q\" \xc3\xa9");
  g_assert_null (il_row_store_get_metadata (store, 4, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpfloat (store->latency_ms[5], ==, -12.0);
  g_assert_cmpint (store->created_at[6], ==, G_GINT64_CONSTANT (1793257076500000));
  g_assert_cmpint (store->created_offset[6], ==, 330);
  g_assert_cmpuint (il_string_pool_get_size (store->statuses), ==, 2);
  /* six rows carry the default metadata, compacted; the fifth none */
  {
    g_autoptr(IlRowBatch) batch = il_row_batch_parse_json (page, -1, NULL);

    g_assert_cmpuint (il_row_batch_get_metadata_size (batch), ==, 6 * strlen ("{\"model\":\"x\",\"n\":1}"));
    g_assert_cmpuint (il_row_batch_get_metadata_size (batch), ==, store->metadata_offset[7]);
  }
  g_assert_cmpuint (store->n_sessions, ==, 1);
}

static void
test_not_objects (void)
{
  g_autofree char *r0 = row_json (0, NULL, NULL);
  g_autofree char *r2 = row_json (2, NULL, NULL);
  g_autofree char *page = g_strdup_printf ("[%s,42,%s,null,[],\"x\"]", r0, r2);
  g_autofree char *reason = NULL;
  g_autoptr(IlRowStore) store = NULL;
  guint n_rows, n_skipped;

  store = store_from_page (page, &n_rows, &n_skipped, &reason);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpuint (n_skipped, ==, 4);
  g_assert_cmpstr (reason, ==, "row 1: a number instead of an object");
  check_good_row (store, 0, 0);
  check_good_row (store, 1, 2);
}

static void
test_several_bad_rows (void)
{
  g_autofree char *r0 = row_json (0, "latency_ms", "\"slow\"");
  g_autofree char *r1 = row_json (1, NULL, NULL);
  g_autofree char *r2 = row_json (2, "status", NULL);
  g_autofree char *r3 = row_json (3, NULL, NULL);
  g_autofree char *page = g_strdup_printf ("[%s,%s,%s,%s]", r0, r1, r2, r3);
  g_autofree char *reason = NULL;
  g_autoptr(IlRowStore) store = NULL;
  guint n_rows, n_skipped;

  store = store_from_page (page, &n_rows, &n_skipped, &reason);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpuint (n_skipped, ==, 2);
  /* the first reason is kept, row numbers are 0-based */
  g_assert_cmpstr (reason, ==, "row 0: \"latency_ms\" is not a number");
  g_assert_cmphex (store->metric_id[0].lo, ==, 1);
  g_assert_cmphex (store->metric_id[1].lo, ==, 3);
}

typedef struct
{
  const char *body;
  int         code;
} BadPageCase;

static void
test_bad_pages (void)
{
  static const BadPageCase cases[] = {
    { "", IL_MODEL_ERROR_INVALID_JSON },
    { "  \r\n ", IL_MODEL_ERROR_INVALID_JSON },
    { "{not json", IL_MODEL_ERROR_INVALID_JSON },
    { "<html><body>502 Bad Gateway</body></html>", IL_MODEL_ERROR_INVALID_JSON },
    { "[{\"metric_id\":\"00000000-0000-0000-0000-000000000001\",\"sess", IL_MODEL_ERROR_INVALID_JSON },
    { "[1,2", IL_MODEL_ERROR_INVALID_JSON },
    { "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,\"message\":\"no table\"}",
      IL_MODEL_ERROR_NOT_AN_ARRAY },
    { "42", IL_MODEL_ERROR_NOT_AN_ARRAY },
    { "\"rows\"", IL_MODEL_ERROR_NOT_AN_ARRAY },
    { "null", IL_MODEL_ERROR_NOT_AN_ARRAY },
    { "true", IL_MODEL_ERROR_NOT_AN_ARRAY },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      IlRowBatch *batch;

      g_test_message ("page %u: %s", c, cases[c].body);
      decoders_agree (cases[c].body, strlen (cases[c].body));
      batch = il_row_batch_parse_json (cases[c].body, -1, &error);
      g_assert_null (batch);
      g_assert_error (error, IL_MODEL_ERROR, cases[c].code);
      g_assert_nonnull (error->message);
    }

  /* the message says what was found */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (il_row_batch_parse_json ("{\"message\":\"Invalid API key\"}", -1, &error));
    g_assert_error (error, IL_MODEL_ERROR, IL_MODEL_ERROR_NOT_AN_ARRAY);
    g_assert_cmpstr (error->message, ==,
                     "The server's response is not a list of rows (expected a JSON array, got an object)");
  }

  /* an empty array is a valid, empty page (e.g. RLS without policy) */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowBatch) batch = il_row_batch_parse_json ("[]", 2, &error);
    gint64 created;
    IlUuid id;

    g_assert_no_error (error);
    g_assert_cmpuint (il_row_batch_get_n_rows (batch), ==, 0);
    g_assert_cmpuint (il_row_batch_get_n_skipped (batch), ==, 0);
    g_assert_null (il_row_batch_get_skip_reason (batch));
    g_assert_false (il_row_batch_get_last_key (batch, &created, NULL, &id));
  }

  /* appending an empty page (found by fuzzing: memcpy from NULL) changes nothing */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowStore) store = il_row_store_new ();
    IlRowBatch *batch = il_row_batch_parse_json ("[]", 2, &error);

    g_assert_no_error (error);
    il_row_store_append_batch (store, batch);
    il_row_store_seal (store);
    g_assert_cmpuint (store->n_rows, ==, 0);
    g_assert_cmpuint (store->n_skipped, ==, 0);
  }

  /* len bounds the body: the tail after it is not read */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(IlRowBatch) batch = il_row_batch_parse_json ("[]garbage", 2, &error);

    g_assert_no_error (error);
    g_assert_nonnull (batch);
  }
}

static void
test_last_key (void)
{
  g_autofree char *r0 = row_json (0, NULL, NULL);
  g_autofree char *r1 = row_json (1, "created_at", "\"2026-10-29T08:57:56.5+02:00\"");
  g_autofree char *r2 = row_json (2, "created_at", "null");
  g_autofree char *page1 = g_strdup_printf ("[%s,%s]", r0, r1);
  g_autofree char *page2 = g_strdup_printf ("[%s]", r2);
  g_autoptr(IlRowBatch) b1 = il_row_batch_parse_json (page1, -1, NULL);
  g_autoptr(IlRowBatch) b2 = il_row_batch_parse_json (page2, -1, NULL);
  gint64 created;
  gint16 offset;
  IlUuid id;

  g_assert_true (il_row_batch_get_last_key (b1, &created, &offset, &id));
  g_assert_cmpint (created, ==, G_GINT64_CONSTANT (1793257076500000));
  g_assert_cmpint (offset, ==, 120);
  g_assert_cmphex (id.lo, ==, 1);
  g_assert_true (il_row_batch_get_last_key (b2, &created, &offset, &id));
  g_assert_cmpint (created, ==, IL_TIME_NONE);
  g_assert_cmphex (id.lo, ==, 2);
}

static char *
metadata_of (const char *raw)
{
  g_autofree char *row = row_json (0, "metadata", raw);
  g_autofree char *page = g_strdup_printf ("[%s]", row);
  g_autoptr(IlRowBatch) batch = NULL;
  g_autoptr(IlRowStore) store = il_row_store_new ();
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize len;

  decoders_agree (page, strlen (page));
  batch = il_row_batch_parse_json (page, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (il_row_batch_get_n_rows (batch), ==, 1);
  il_row_store_append_batch (store, g_steal_pointer (&batch));
  text = il_row_store_get_metadata (store, 0, &len);
  return g_strndup (text, len);
}

static void
test_metadata_compact (void)
{
  static const struct { const char *raw; const char *compact; } cases[] = {
    { "{ \"a\" : 1 , \"b\" : [ 1 , 2 ] }", "{\"a\":1,\"b\":[1,2]}" },
    /* member order is kept */
    { "{\"z\":1,\"a\":2,\"m\":3}", "{\"z\":1,\"a\":2,\"m\":3}" },
    { "{\"n\":{\"d\":{\"e\":[[],{}]}}}", "{\"n\":{\"d\":{\"e\":[[],{}]}}}" },
    { "{\"f\":[1.0,0.1,-2.5,1e300,1E-7,123456789012345678,3.141592653589793,-0.0]}",
      "{\"f\":[1.0,0.1,-2.5,1e+300,1e-07,123456789012345678,3.141592653589793,-0.0]}" },
    { "{\"t\":true,\"f\":false,\"n\":null,\"e\":\"\"}", "{\"t\":true,\"f\":false,\"n\":null,\"e\":\"\"}" },
    /* escapes: decoded by json-glib, re-escaped per RFC 8259; unicode kept as UTF-8 */
    { "{\"s\":\"q\\\"b\\\\s\\/\\n\\t\\r\\b\\f\\u0001\\u001f\"}",
      "{\"s\":\"q\\\"b\\\\s/\\n\\t\\r\\b\\f\\u0001\\u001f\"}" },
    { "{\"u\":\"\\u00e9 \xe2\x98\x83 \\ud83d\\ude00\"}", "{\"u\":\"\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"}" },
    { "{\"k\\\"ey\":1}", "{\"k\\\"ey\":1}" },
    { "[1,\"a\"]", "[1,\"a\"]" },
    /* a repeated name keeps its first place and its last value, as in json-glib */
    { "{\"a\":1,\"b\":2,\"a\":{\"c\":3,\"c\":4}}", "{\"a\":{\"c\":4},\"b\":2}" },
    { "{\"x\":[{\"k\":1,\"k\\u0000\":2}]}", "{\"x\":[{\"k\":2}]}" },
    /* numbers as json-glib reads them: integers stay integers, the rest doubles */
    { "[-0,-0.0,1e2,1E+2,0.5e-1,12345678901234567e-5,18]",
      "[0,-0.0,100.0,100.0,0.05,123456789012.34567,18]" },
    { "\"\\u001F\\u00E9\\u2028\x7f\"", "\"\\u001f\xc3\xa9\xe2\x80\xa8\x7f\"" },
    { " \t\r\n{\n\"a\" :\t[ ] }", "{\"a\":[]}" },
    { "\"just a string\"", "\"just a string\"" },
    { "7", "7" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *text = metadata_of (cases[c].raw);
      g_autofree char *again = metadata_of (text);

      g_assert_cmpstr (text, ==, cases[c].compact);
      /* round trip: compact text reads back to the same compact text */
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_escape (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  il_json_escape_string (out, "plain");
  g_assert_cmpstr (out->str, ==, "\"plain\"");
  g_string_truncate (out, 0);
  il_json_escape_string (out, "a\"b\\c\nd\re\tf\x01g\x7f/\xc3\xa9");
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\x7f/\xc3\xa9\"");
  g_string_truncate (out, 0);
  il_json_escape_string (out, "");
  g_assert_cmpstr (out->str, ==, "\"\"");
  g_string_truncate (out, 0);
  il_json_escape_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");
  g_string_truncate (out, 0);
  il_json_escape_string_len (out, "a\0b", 3);
  g_assert_cmpstr (out->str, ==, "\"a\\u0000b\"");
}

static void
test_write_double (void)
{
  static const struct { double d; gboolean frac; const char *text; } cases[] = {
    { 0.0, FALSE, "0" },
    { 0.0, TRUE, "0.0" },
    { 120.0, FALSE, "120" },
    { 12.25, FALSE, "12.25" },
    { 0.1, FALSE, "0.1" },
    { 1.0 / 3.0, FALSE, "0.3333333333333333" },
    { -1e-7, FALSE, "-1e-07" },
    { 1e300, TRUE, "1e+300" },
    { 123456.789, FALSE, "123456.789" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      il_json_write_double (out, cases[c].d, cases[c].frac);
      g_assert_cmpstr (out->str, ==, cases[c].text);
      g_assert_cmpfloat (g_ascii_strtod (out->str, NULL), ==, cases[c].d);
    }
}

/* A small store with every kind of value. */
static IlRowStore *
make_store (guint n)
{
  IlRowStore *store = il_row_store_new ();
  static const char * const steps[] = { "stt", "llm, \"quoted\"", "tts \xe2\x98\x83" };
  static const char * const statuses[] = { "success", "error", "skipped", "timeout" };
  static const char * const messages[] = { NULL, "boom", "multi\nline \"q\" \\ \t" };
  static const char * const metas[] = { NULL, "{\"a\":1}", "{\"n\":{\"x\":[1.5,\"\\u0001\",null]},\"u\":\"\xc3\xa9\"}" };
  static const gint16 offsets[] = { 0, 330, -480, 60 };

  for (guint i = 0; i < n; i++)
    {
      IlRowInput row = { 0 };

      row.metric_id.hi = G_GUINT64_CONSTANT (0xdeadbeef00000000) + i;
      row.metric_id.lo = G_GUINT64_CONSTANT (0x8000000000000000) | (i * 7919);
      row.session_id.hi = i / 3;
      row.session_id.lo = 0xabc;
      row.turn_number = (gint32) (i % 5) - 1;
      row.step_name = steps[i % 3];
      row.latency_ms = i % 4 == 0 ? (double) i : i * 1.37 + 0.001;
      row.started_at = G_GINT64_CONSTANT (1793257075806386) + (gint64) i * 1234567;
      row.completed_at = row.started_at + (gint64) (row.latency_ms * 1000);
      row.status = statuses[i % 4];
      row.error_message = messages[i % 3];
      row.metadata = metas[(i / 2) % 3];
      row.created_at = i % 7 == 3 ? IL_TIME_NONE : row.completed_at + 10;
      row.started_offset_min = offsets[i % 4];
      row.completed_offset_min = offsets[(i + 1) % 4];
      row.created_offset_min = i % 7 == 3 ? 0 : offsets[(i + 2) % 4];
      il_row_store_append_row (store, &row);
    }
  il_row_store_seal (store);
  return store;
}

static void
assert_stores_equal (IlRowStore *a,
                     IlRowStore *b)
{
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (a->n_sessions, ==, b->n_sessions);
  for (guint i = 0; i < a->n_rows; i++)
    {
      gsize la, lb;
      const char *ma = il_row_store_get_metadata (a, i, &la);
      const char *mb = il_row_store_get_metadata (b, i, &lb);

      g_assert_cmpint (il_uuid_compare (&a->metric_id[i], &b->metric_id[i]), ==, 0);
      g_assert_cmpint (il_uuid_compare (&a->session_ids[a->session[i]], &b->session_ids[b->session[i]]), ==, 0);
      g_assert_cmpint (a->turn_number[i], ==, b->turn_number[i]);
      g_assert_cmpstr (il_row_store_get_step_name (a, i), ==, il_row_store_get_step_name (b, i));
      g_assert_cmpfloat (a->latency_ms[i], ==, b->latency_ms[i]);
      g_assert_cmpint (a->started_at[i], ==, b->started_at[i]);
      g_assert_cmpint (a->completed_at[i], ==, b->completed_at[i]);
      g_assert_cmpint (a->created_at[i], ==, b->created_at[i]);
      g_assert_cmpint (a->started_offset[i], ==, b->started_offset[i]);
      g_assert_cmpint (a->completed_offset[i], ==, b->completed_offset[i]);
      g_assert_cmpint (a->created_offset[i], ==, b->created_offset[i]);
      g_assert_cmpstr (il_row_store_get_status (a, i), ==, il_row_store_get_status (b, i));
      g_assert_cmpstr (il_row_store_get_error_message (a, i), ==, il_row_store_get_error_message (b, i));
      g_assert_cmpmem (ma, la, mb, lb);
    }
  for (guint k = 0; k < a->n_rows; k++)
    {
      g_assert_cmpuint (a->by_latency[k], ==, b->by_latency[k]);
      g_assert_cmpuint (a->by_step_latency[k], ==, b->by_step_latency[k]);
      g_assert_cmpuint (a->by_session[k], ==, b->by_session[k]);
    }
}

static void
test_write_json_exact (void)
{
  g_autoptr(IlRowStore) store = make_store (4);
  g_autoptr(GString) json = NULL;
  static const guint32 rows[] = { 3 };

  json = il_row_store_write_json (store, rows, 1, IL_ALL_COLUMNS);
  g_assert_cmpstr (json->str, ==,
                   "[{\"metric_id\":\"deadbeef-0000-0003-8000-000000005ccd\","
                   "\"session_id\":\"00000000-0000-0001-0000-000000000abc\","
                   "\"turn_number\":2,"
                   "\"step_name\":\"stt\","
                   "\"latency_ms\":4.111000000000001,"
                   "\"started_at\":\"2026-10-29T07:57:59.510087+01:00\","
                   "\"completed_at\":\"2026-10-29T06:57:59.514198+00:00\","
                   "\"status\":\"timeout\","
                   "\"error_message\":null,"
                   "\"metadata\":{\"a\":1},"
                   "\"created_at\":null}]");

  g_string_free (json, TRUE);
  json = il_row_store_write_json (store, NULL, 2,
                                  (1u << IL_COL_METRIC_ID) | (1u << IL_COL_LATENCY_MS) |
                                  (1u << IL_COL_ERROR_MESSAGE));
  g_assert_cmpstr (json->str, ==,
                   "[{\"metric_id\":\"deadbeef-0000-0000-8000-000000000000\",\"latency_ms\":0,\"error_message\":null},"
                   "{\"metric_id\":\"deadbeef-0000-0001-8000-000000001eef\",\"latency_ms\":1.371,\"error_message\":\"boom\"}]");

  g_string_free (json, TRUE);
  json = il_row_store_write_json (store, NULL, 0, IL_ALL_COLUMNS);
  g_assert_cmpstr (json->str, ==, "[]");
}

static void
test_write_parse_round_trip (void)
{
  g_autoptr(IlRowStore) store = make_store (500);
  g_autoptr(IlRowStore) back = il_row_store_new ();
  g_autoptr(GString) json = il_row_store_write_json (store, NULL, store->n_rows, IL_ALL_COLUMNS);
  g_autoptr(GString) again = NULL;
  g_autoptr(GError) error = NULL;
  IlRowBatch *batch;

  g_assert_true (decoders_agree (json->str, json->len));
  batch = il_row_batch_parse_json (json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (il_row_batch_get_n_rows (batch), ==, 500);
  g_assert_cmpuint (il_row_batch_get_n_skipped (batch), ==, 0);
  il_row_store_append_batch (back, batch);
  il_row_store_seal (back);

  assert_stores_equal (store, back);
  again = il_row_store_write_json (back, NULL, back->n_rows, IL_ALL_COLUMNS);
  g_assert_cmpstr (again->str, ==, json->str);
}

static GPtrArray *
make_pages (IlRowStore *store,
            guint       rows_per_page)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint start = 0; start < store->n_rows; start += rows_per_page)
    {
      g_autofree guint32 *rows = g_new (guint32, rows_per_page);
      guint n = MIN (rows_per_page, store->n_rows - start);
      GString *json;

      for (guint k = 0; k < n; k++)
        rows[k] = start + k;
      json = il_row_store_write_json (store, rows, n, IL_ALL_COLUMNS);
      g_ptr_array_add (pages, g_string_free_to_bytes (json));
    }
  return pages;
}

static void
test_load_pages (void)
{
  g_autoptr(IlRowStore) store = make_store (2000);
  g_autoptr(GPtrArray) pages = make_pages (store, 100);

  g_assert_cmpuint (pages->len, ==, 20);
  for (guint threads = 0; threads <= 3; threads++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) loaded = il_row_store_load_pages (pages, threads, &error);

      g_assert_no_error (error);
      g_assert_true (loaded->sealed);
      g_assert_cmpuint (loaded->n_skipped, ==, 0);
      assert_stores_equal (store, loaded);
    }
}

static void
test_load_pages_bad (void)
{
  g_autoptr(IlRowStore) store = make_store (300);
  g_autoptr(GPtrArray) pages = make_pages (store, 100);
  g_autofree char *r0 = row_json (0, NULL, NULL);
  g_autofree char *r1 = row_json (1, "started_at", "\"noon\"");
  g_autofree char *r2 = row_json (2, "latency_ms", "null");
  g_autofree char *bad_page = g_strdup_printf ("[%s,%s,%s]", r0, r1, r2);

  g_ptr_array_insert (pages, 2, g_bytes_new (bad_page, strlen (bad_page)));
  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) loaded = il_row_store_load_pages (pages, threads, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (loaded->n_rows, ==, 301);
      g_assert_cmpuint (loaded->n_skipped, ==, 2);
      g_assert_cmpstr (loaded->first_skip_reason, ==,
                       "page 2, row 1: \"started_at\" is not a valid timestamp");
      g_assert_cmphex (loaded->metric_id[200].lo, ==, 0);
      g_assert_cmpfloat (loaded->latency_ms[200], ==, 10.25);
    }

  /* a page that is not an array fails the whole load */
  g_ptr_array_insert (pages, 3, g_bytes_new_static ("{\"code\":\"57014\"}", 16));
  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowStore) loaded = il_row_store_load_pages (pages, threads, &error);

      g_assert_null (loaded);
      g_assert_error (error, IL_MODEL_ERROR, IL_MODEL_ERROR_NOT_AN_ARRAY);
      g_assert_true (g_str_has_prefix (error->message, "Page 3: "));
    }

  /* no pages: an empty, sealed store */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autoptr(IlRowStore) loaded = il_row_store_load_pages (none, 2, NULL);

    g_assert_nonnull (loaded);
    g_assert_true (loaded->sealed);
    g_assert_cmpuint (loaded->n_rows, ==, 0);
  }
}

/* Deterministic mutations of a good page: never a crash, and every element of
 * a page that parses is either kept or counted as skipped. */
static void
test_mutations (void)
{
  g_autoptr(IlRowStore) store = make_store (6);
  g_autoptr(GString) json = il_row_store_write_json (store, NULL, store->n_rows, IL_ALL_COLUMNS);
  static const char bytes[] = "{}[]\",:0123456789.-+eEtfnulZT \\x\x01\xff";
  GRand *rand = g_rand_new_with_seed (42);
  guint n_ok = 0;

  for (guint iter = 0; iter < 3000; iter++)
    {
      g_autofree char *text = g_memdup2 (json->str, json->len + 1);
      gsize len = json->len;
      guint n_edits = g_rand_int_range (rand, 1, 4);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRowBatch) batch = NULL;

      for (guint e = 0; e < n_edits; e++)
        {
          guint pos = g_rand_int_range (rand, 0, (gint32) len);

          if (g_rand_boolean (rand))
            text[pos] = bytes[g_rand_int_range (rand, 0, sizeof bytes - 1)];
          else
            {
              /* delete a short run */
              guint n = MIN ((guint) g_rand_int_range (rand, 1, 8), (guint) (len - pos));

              memmove (text + pos, text + pos + n, len - pos - n + 1);
              len -= n;
            }
        }

      decoders_agree (text, len);
      batch = il_row_batch_parse_json (text, len, &error);
      if (batch == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == IL_MODEL_ERROR);
          continue;
        }
      g_assert_no_error (error);
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        JsonNode *root;

        g_assert_true (json_parser_load_from_data (parser, text, len, NULL));
        root = json_parser_get_root (parser);
        g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
        g_assert_cmpuint (il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch), ==,
                          json_array_get_length (json_node_get_array (root)));
        g_assert_true ((il_row_batch_get_n_skipped (batch) == 0) ==
                       (il_row_batch_get_skip_reason (batch) == NULL));
      }
      n_ok++;
    }
  g_rand_free (rand);
  g_test_message ("%u of 3000 mutated pages parsed", n_ok);
  g_assert_cmpuint (n_ok, >, 0);
}


int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-json/parse/bad-rows", test_bad_rows);
  g_test_add_func ("/row-json/parse/kept-values", test_kept_row_values);
  g_test_add_func ("/row-json/parse/not-objects", test_not_objects);
  g_test_add_func ("/row-json/parse/several-bad-rows", test_several_bad_rows);
  g_test_add_func ("/row-json/parse/bad-pages", test_bad_pages);
  g_test_add_func ("/row-json/parse/last-key", test_last_key);
  g_test_add_func ("/row-json/parse/mutations", test_mutations);
  g_test_add_func ("/row-json/metadata/compact", test_metadata_compact);
  g_test_add_func ("/row-json/write/escape", test_escape);
  g_test_add_func ("/row-json/write/double", test_write_double);
  g_test_add_func ("/row-json/write/exact", test_write_json_exact);
  g_test_add_func ("/row-json/write/round-trip", test_write_parse_round_trip);
  g_test_add_func ("/row-json/load/pages", test_load_pages);
  g_test_add_func ("/row-json/load/bad", test_load_pages_bad);

  return g_test_run ();
}
