/* test-page-decoder.c: the streaming page decoder reads what json-glib reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <math.h>

#include "il-row-store.h"
#include "il-row-store-private.h"
#include "page-decoder-oracle.h"

/* A row of the schema with the text of one field replaced; for inputs below. */
#define ROW_HEAD "{\"metric_id\":\"00000000-0000-0000-0000-000000000001\"," \
                 "\"session_id\":\"5e551000-0000-4000-8000-00000000000a\",\"turn_number\":1," \
                 "\"started_at\":\"2026-10-29T06:57:55.806386+00:00\"," \
                 "\"completed_at\":\"2026-10-29T06:57:56+00:00\",\"status\":\"success\"," \
                 "\"error_message\":null,\"created_at\":null,"
#define ROW(rest) ROW_HEAD rest "}"
#define GOOD "\"step_name\":\"llm\",\"latency_ms\":1.5,\"metadata\":{}"

typedef struct
{
  const char *page;
  gboolean    sure;   /* the streaming decoder reads it without json-glib */
} TrickyCase;

static const TrickyCase tricky[] = {
  { "[]", TRUE },
  { " \t\r\n[ \n ] \n", TRUE },
  { "[{}]", TRUE },
  { "[1,-0,-0.0,1e2,\"s\",true,false,null,[],{},[[{}]],{\"a\":[1]}]", TRUE },
  { "[" ROW (GOOD) "]", TRUE },
  { "[ " ROW (GOOD) " , " ROW (GOOD) " ]", TRUE },
  /* members in any order, unknown ones skipped whatever they hold */
  { "[{\"metadata\":null,\"x\":{\"y\":[1,{\"z\":\"\\u00e9\"}]},\"latency_ms\":2,"
    "\"created_at\":null,\"error_message\":\"e\",\"status\":\"error\",\"step_name\":\"tts\","
    "\"completed_at\":\"2026-10-29T06:57:56Z\",\"started_at\":\"2026-10-29T06:57:55Z\","
    "\"turn_number\":0,\"session_id\":\"5e551000-0000-4000-8000-00000000000a\","
    "\"metric_id\":\"00000000-0000-0000-0000-000000000002\",\"zzz\":true}]", TRUE },
  /* a repeated member: json-glib keeps the last value */
  { "[" ROW ("\"step_name\":5,\"step_name\":\"llm\",\"latency_ms\":1,\"metadata\":1,"
             "\"metadata\":null") "]", TRUE },
  { "[" ROW ("\"step_name\":\"llm\",\"latency_ms\":1,\"metadata\":1,\"latency_ms\":null") "]", TRUE },
  { "[" ROW ("\"step_name\":\"llm\",\"latency_ms\":1,\"metadata\":{\"a\":1,\"a\":2}") "]", TRUE },
  /* escaped names still name columns; escaped values */
  { "[" ROW ("\"step\\u005fname\":\"\\u00e9\\ud83d\\ude00\\/\\\"\",\"latency_ms\":1,"
             "\"metad\\u0061ta\":\"\\b\\f\\n\\r\\t\\\\\"") "]", TRUE },
  { "[" ROW ("\"step_name\":\"" "0123456789012345678901234567890123456789012345678901234567890123456789"
             "0123456789012345678901234567890123456789012345678901234567890123456789\","
             "\"latency_ms\":1,\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"\",\"latency_ms\":1,\"metadata\":\"\"") "]", TRUE },
  /* numbers: integers, decimals, exponents, the edges of double */
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":1e400,\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":-1E-400,\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":123456789012345678,\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":9007199254740993.0,\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":1.7976931348623157e308,\"metadata\":4.9e-324") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":2.2250738585072011e-308,"
             "\"metadata\":[0.1e1,1.000000000000000000000000001,100000000000000000000000.0]") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":0.000000000000000000000000000000000001234,"
             "\"metadata\":{}") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":1,\"metadata\":{},\"turn_number\":-3e0") "]", TRUE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":1,\"metadata\":{},\"turn_number\":2147483648") "]", TRUE },
  /* json-glib's own readings: the streaming decoder hands these over */
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":1234567890123456789,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"\\ud800\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"\\udc00\\ud800\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"\\ud800\\u0041\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\\u0000b\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\\u12\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\\101\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\x01\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"\xff\",\"latency_ms\":1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"\xc3\xa9\",\"latency_ms\":1,\"metadata\":{\"\xed\xa0\x80\":1}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":- 1,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":01,\"metadata\":{}") "]", FALSE },
  { "[" ROW ("\"step_name\":\"a\",\"latency_ms\":0x1f,\"metadata\":{}") "]", FALSE },
  { "[1.]", FALSE },
  { "[.5]", FALSE },
  { "[+1]", FALSE },
  { "[1e]", FALSE },
  { "[TRUE]", FALSE },
  { "[nul]", FALSE },
  { "[truex]", FALSE },
  { "[1//note\n]", FALSE },
  { "[/* note */]", FALSE },
  { "\xef\xbb\xbf[]", FALSE },
  { "[] []", FALSE },
  { "[],", FALSE },
  { "[1,]", FALSE },
  { "[,1]", FALSE },
  { "[{\"a\":1,}]", FALSE },
  { "[{\"a\" 1}]", FALSE },
  { "[{'a':1}]", FALSE },
  { "var rows = [];", FALSE },
  { "{\"message\":\"JWT expired\"}", FALSE },
  { "\"rows\"", FALSE },
  { "", FALSE },
  { " \v ", FALSE },
  { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", FALSE },
};

static void
test_decoder_tricky (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (tricky); c++)
    {
      g_autofree char *escaped = g_strescape (tricky[c].page, NULL);

      g_test_message ("case %u: %s", c, escaped);
      g_assert_cmpint (decoders_agree (tricky[c].page, strlen (tricky[c].page)), ==, tricky[c].sure);
    }
}

/* What the streaming decoder itself writes, value by value. */
static void
test_decoder_values (void)
{
  static const char page[] =
    "[" ROW ("\"step_name\":\"\\u00e9\\ud83d\\ude00\",\"latency_ms\":1e2,"
             "\"metadata\":{ \"a\" : [1.50, -0, 1E2, \"\\u001F\\/\"] }") ",\n"
    " " ROW ("\"step_name\":\"llm\",\"latency_ms\":-0.0,\"turn_number\":3.0,\"metadata\":null") ",\n"
    " " ROW ("\"step_name\":\"llm\",\"latency_ms\":9007199254740993.0,\"metadata\":7,"
             "\"latency_ms\":2.5") ",\n"
    " " ROW ("\"step_name\":\"llm\",\"latency_ms\":1e400,\"metadata\":{}") ",\n"
    " 17]";
  g_autoptr(IlRowBatch) batch = _il_row_batch_new ();
  const char *meta;

  g_assert_true (_il_page_decode (batch, page, strlen (page)));
  g_assert_cmpuint (batch->n_rows, ==, 3);
  g_assert_cmpuint (batch->n_skipped, ==, 2);
  g_assert_cmpstr (batch->skip_reason, ==, "row 3: \"latency_ms\" is not a number");

  g_assert_cmpstr (il_string_pool_get (batch->steps, batch->step[0]), ==, "\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_cmpfloat (batch->latency_ms[0], ==, 100.0);
  meta = batch->metadata->str + batch->metadata_offset[0];
  g_assert_cmpmem (meta, batch->metadata_offset[1] - batch->metadata_offset[0],
                   "{\"a\":[1.5,0,100.0,\"\\u001f/\"]}", strlen ("{\"a\":[1.5,0,100.0,\"\\u001f/\"]}"));

  g_assert_cmpfloat (batch->latency_ms[1], ==, 0.0);
  g_assert_true (signbit (batch->latency_ms[1]));
  g_assert_cmpint (batch->turn_number[1], ==, 3);
  g_assert_cmpuint (batch->metadata_offset[2], ==, batch->metadata_offset[1]);   /* null */

  /* the last of a repeated member counts */
  g_assert_cmpfloat (batch->latency_ms[2], ==, 2.5);
  g_assert_cmpmem (batch->metadata->str + batch->metadata_offset[2], 1, "7", 1);
  g_assert_cmpuint (batch->metadata_offset[3], ==, batch->metadata->len);

  g_assert_true (decoders_agree (page, strlen (page)));
}

/* Every page in the fuzz corpora; the demo pages never need json-glib. */
static void
test_decoder_corpus (void)
{
  static const char * const dirs[] = { "fuzz-row-batch", "fuzz-page-decoder" };
  guint n_files = 0;

  for (guint k = 0; k < G_N_ELEMENTS (dirs); k++)
    {
      g_autofree char *path = g_build_filename (TEST_SRCDIR, "fuzz", "corpus", dirs[k], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *text = NULL;
          gsize len;
          gboolean sure;

          g_assert_true (g_file_get_contents (file, &text, &len, NULL));
          sure = decoders_agree (text, len);
          g_test_message ("%s: %s", name, sure ? "streaming" : "json-glib");
          if (g_str_has_prefix (name, "demo-"))
            g_assert_true (sure);
          n_files++;
        }
    }
  g_assert_cmpuint (n_files, >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-decoder/values", test_decoder_values);
  g_test_add_func ("/page-decoder/tricky", test_decoder_tricky);
  g_test_add_func ("/page-decoder/corpus", test_decoder_corpus);

  return g_test_run ();
}
