/* test-row-store.c: uuids, timestamps, string pools, the store and its indexes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "il-row-store.h"

static void
test_uuid_parse (void)
{
  IlUuid u;
  char buf[37];

  g_assert_true (il_uuid_parse ("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", -1, &u));
  g_assert_cmphex (u.hi, ==, G_GUINT64_CONSTANT (0x0a1b2c3d4e5f6071));
  g_assert_cmphex (u.lo, ==, G_GUINT64_CONSTANT (0x8293a4b5c6d7e8f9));
  il_uuid_format (&u, buf);
  g_assert_cmpstr (buf, ==, "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

  /* upper case is read, written lower case */
  g_assert_true (il_uuid_parse ("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFE", -1, &u));
  g_assert_cmphex (u.hi, ==, G_MAXUINT64);
  g_assert_cmphex (u.lo, ==, G_MAXUINT64 - 1);
  il_uuid_format (&u, buf);
  g_assert_cmpstr (buf, ==, "ffffffff-ffff-ffff-ffff-fffffffffffe");

  /* a slice of a longer string */
  g_assert_true (il_uuid_parse ("00000000-0000-0000-0000-000000000001xyz", 36, &u));
  g_assert_cmphex (u.hi, ==, 0);
  g_assert_cmphex (u.lo, ==, 1);

  g_assert_false (il_uuid_parse ("", -1, &u));
  g_assert_false (il_uuid_parse (NULL, -1, &u));
  g_assert_false (il_uuid_parse ("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f", -1, &u));    /* 35 */
  g_assert_false (il_uuid_parse ("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f90", -1, &u));  /* 37 */
  g_assert_false (il_uuid_parse ("0a1b2c3d4e5f-6071-8293-a4b5c6d7e8f9-", -1, &u));   /* dash misplaced */
  g_assert_false (il_uuid_parse ("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg", -1, &u));   /* not hex */
  g_assert_false (il_uuid_parse ("0a1b2c3d 4e5f-6071-8293-a4b5c6d7e8f9", -1, &u));
  g_assert_false (il_uuid_parse ("0a1b2c3d4e5f60718293a4b5c6d7e8f9", -1, &u));       /* no dashes */
}

static void
test_uuid_compare (void)
{
  IlUuid a, b, c;

  g_assert_true (il_uuid_parse ("00000000-0000-0000-ffff-ffffffffffff", -1, &a));
  g_assert_true (il_uuid_parse ("00000000-0000-0001-0000-000000000000", -1, &b));
  g_assert_true (il_uuid_parse ("f0000000-0000-0000-0000-000000000000", -1, &c));
  g_assert_cmpint (il_uuid_compare (&a, &b), <, 0);
  g_assert_cmpint (il_uuid_compare (&b, &a), >, 0);
  g_assert_cmpint (il_uuid_compare (&b, &c), <, 0);   /* unsigned: 0xf... is last */
  g_assert_cmpint (il_uuid_compare (&c, &c), ==, 0);
}

typedef struct
{
  const char *text;
  gint64      us;
  gint16      offset;
} TsCase;

static void
test_timestamp_parse (void)
{
  static const TsCase good[] = {
    { "2026-10-29T06:57:55.806386+00:00", G_GINT64_CONSTANT (1793257075806386), 0 },
    { "2026-10-29T06:57:55+00:00", G_GINT64_CONSTANT (1793257075000000), 0 },
    { "2026-10-29T06:57:55.5+00:00", G_GINT64_CONSTANT (1793257075500000), 0 },
    { "2026-10-29T06:57:55.50+00:00", G_GINT64_CONSTANT (1793257075500000), 0 },
    { "2026-10-29T06:57:55.806386Z", G_GINT64_CONSTANT (1793257075806386), 0 },
    { "2026-10-29 06:57:55.806386+00", G_GINT64_CONSTANT (1793257075806386), 0 },
    { "2026-10-29T12:27:55.806386+05:30", G_GINT64_CONSTANT (1793257075806386), 330 },
    { "2026-10-29T12:27:55.806386+0530", G_GINT64_CONSTANT (1793257075806386), 330 },
    /* negative offset: local date is the day before the UTC date */
    { "2026-10-28T22:57:55.806386-08:00", G_GINT64_CONSTANT (1793257075806386), -480 },
    /* leap day, offset crossing midnight into March 1st UTC */
    { "2024-02-29T23:30:00-01:00", G_GINT64_CONSTANT (1709253000000000), -60 },
    { "2024-02-29T00:00:00+00:00", G_GINT64_CONSTANT (1709164800000000), 0 },
    { "1969-12-31T23:59:59.999999+00:00", -1, 0 },
    { "1970-01-01T00:00:00+00:00", 0, 0 },
    { "2026-01-01T00:00:00.1+00:00", G_GINT64_CONSTANT (1767225600100000), 0 },
    { "2026-01-01T00:00:00.000001+00:00", G_GINT64_CONSTANT (1767225600000001), 0 },
  };
  static const char * const bad[] = {
    "",
    "garbage",
    "2026-10-29",
    "2026-10-29T06:57:55",                  /* no offset */
    "2026-10-29T06:57:55.+00:00",           /* empty fraction */
    "2026-10-29T06:57:55.1234567+00:00",    /* 7 fraction digits */
    "2026-10-29T06:57+00:00",
    "2026-13-01T00:00:00+00:00",
    "2026-00-01T00:00:00+00:00",
    "2025-02-29T00:00:00+00:00",            /* not a leap year */
    "2100-02-29T00:00:00+00:00",
    "2026-04-31T00:00:00+00:00",
    "2026-10-29T24:00:00+00:00",
    "2026-10-29T06:60:00+00:00",
    "2026-10-29T06:57:61+00:00",
    "2026-10-29X06:57:55+00:00",
    "2026-10-29T06:57:55+0",
    "2026-10-29T06:57:55+00:0",
    "2026-10-29T06:57:55+00:00x",
    "2026-10-29T06:57:55 +00:00",
    "26-10-29T06:57:55+00:00",
    "2026-1-29T06:57:55+00:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 us = 42;
      gint16 offset = 42;

      if (!il_timestamp_parse (good[i].text, -1, &us, &offset))
        g_error ("failed to parse %s", good[i].text);
      g_assert_cmpint (us, ==, good[i].us);
      g_assert_cmpint (offset, ==, good[i].offset);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (il_timestamp_parse (bad[i], -1, NULL, NULL))
        g_error ("parsed bad timestamp %s", bad[i]);
    }

  /* a slice: the length bounds the text */
  {
    gint64 us;
    gint16 offset;

    g_assert_true (il_timestamp_parse ("2026-10-29T06:57:55+00:00\"}", 25, &us, &offset));
    g_assert_cmpint (us, ==, G_GINT64_CONSTANT (1793257075000000));
    g_assert_false (il_timestamp_parse ("2026-10-29T06:57:55+00:00", 24, &us, &offset));
  }
}

static void
check_format (gint64      us,
              gint16      offset,
              const char *expected)
{
  char buf[48];
  gsize len;
  gint64 back;
  gint16 back_offset;

  len = il_timestamp_format (us, offset, buf);
  g_assert_cmpstr (buf, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
  g_assert_true (il_timestamp_parse (buf, len, &back, &back_offset));
  g_assert_cmpint (back, ==, us);
  g_assert_cmpint (back_offset, ==, offset);
}

static void
test_timestamp_format (void)
{
  check_format (G_GINT64_CONSTANT (1793257075806386), 0, "2026-10-29T06:57:55.806386+00:00");
  check_format (G_GINT64_CONSTANT (1793257075000000), 0, "2026-10-29T06:57:55+00:00");
  check_format (G_GINT64_CONSTANT (1793257075500000), 0, "2026-10-29T06:57:55.5+00:00");
  check_format (G_GINT64_CONSTANT (1793257075000010), 0, "2026-10-29T06:57:55.00001+00:00");
  check_format (G_GINT64_CONSTANT (1793257075806386), 330, "2026-10-29T12:27:55.806386+05:30");
  check_format (G_GINT64_CONSTANT (1793257075806386), -480, "2026-10-28T22:57:55.806386-08:00");
  check_format (G_GINT64_CONSTANT (1709253000000000), -60, "2024-02-29T23:30:00-01:00");
  check_format (G_GINT64_CONSTANT (1709253000000000), 0, "2024-03-01T00:30:00+00:00");
  check_format (-1, 0, "1969-12-31T23:59:59.999999+00:00");
  check_format (0, 0, "1970-01-01T00:00:00+00:00");
}

static void
test_string_pool (void)
{
  g_autoptr(IlStringPool) pool = il_string_pool_new ();
  g_autofree char *long_text = g_strnfill (1000, 'x');

  g_assert_cmpuint (il_string_pool_get_size (pool), ==, 0);
  g_assert_cmpuint (il_string_pool_intern (pool, "b", -1), ==, 0);
  g_assert_cmpuint (il_string_pool_intern (pool, "a", -1), ==, 1);
  g_assert_cmpuint (il_string_pool_intern (pool, "b", -1), ==, 0);
  g_assert_cmpuint (il_string_pool_intern (pool, "abc", 1), ==, 1);        /* slice "a" */
  g_assert_cmpuint (il_string_pool_intern (pool, "", -1), ==, 2);          /* empty is not null */
  g_assert_cmpuint (il_string_pool_intern (pool, NULL, -1), ==, IL_STR_NONE);
  g_assert_cmpuint (il_string_pool_intern (pool, long_text, 999), ==, 3);
  g_assert_cmpuint (strlen (il_string_pool_get (pool, 3)), ==, 999);
  g_assert_cmpuint (il_string_pool_get_size (pool), ==, 4);
  g_assert_cmpstr (il_string_pool_get (pool, 0), ==, "b");
  g_assert_cmpstr (il_string_pool_get (pool, 2), ==, "");
  g_assert_null (il_string_pool_get (pool, IL_STR_NONE));
  g_assert_cmpint (il_string_pool_lookup (pool, "a"), ==, 1);
  g_assert_cmpint (il_string_pool_lookup (pool, "zz"), ==, -1);
  g_assert_cmpint (il_string_pool_lookup (pool, NULL), ==, -1);
}

static void
test_column_names (void)
{
  g_assert_cmpstr (il_column_name (IL_COL_METRIC_ID), ==, "metric_id");
  g_assert_cmpstr (il_column_name (IL_COL_LATENCY_MS), ==, "latency_ms");
  g_assert_cmpstr (il_column_name (IL_COL_METADATA), ==, "metadata");
  g_assert_cmpstr (il_column_name (IL_COL_CREATED_AT), ==, "created_at");
  g_assert_true (g_quark_to_string (IL_MODEL_ERROR) != NULL);
}

static IlUuid
make_uuid (guint64 hi,
           guint64 lo)
{
  IlUuid u = { hi, lo };
  return u;
}

static IlRowInput
make_row (guint64     id,
          guint64     session,
          const char *step,
          double      latency,
          gint64      started_at)
{
  IlRowInput row = { 0 };

  row.metric_id = make_uuid (0, id);
  row.session_id = make_uuid (session, 7);
  row.turn_number = (gint32) id % 3;
  row.step_name = step;
  row.latency_ms = latency;
  row.started_at = started_at;
  row.completed_at = started_at + (gint64) (latency * 1000);
  row.status = "success";
  row.created_at = started_at + 1;
  return row;
}

static void
test_store_append_seal (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  IlRowInput rows[8];
  static const guint32 expect_by_latency[] = { 7, 1, 6, 0, 4, 2, 5, 3 };
  static const guint32 expect_by_step[] = { 7, 1, 3,  6, 2,  0, 4, 5 };
  static const guint32 expect_by_session[] = { 3, 1, 0,  4, 5, 2,  6,  7 };
  const char *meta;
  gsize len;

  /* steps: "tts" rows 0 4 5, "llm" rows 2 6, "asr" rows 1 3 7 */
  rows[0] = make_row (10, 1, "tts", 50.0, 1000);
  rows[1] = make_row (11, 1, "asr", 20.0, 900);
  rows[2] = make_row (12, 2, "llm", 60.0, 3000);
  rows[3] = make_row (13, 1, "asr", 900.5, 100);
  rows[4] = make_row (14, 2, "tts", 50.0, 2000);   /* latency tie with row 0 */
  rows[5] = make_row (15, 2, "tts", 70.0, 2000);   /* started_at tie with row 4: metric_id decides */
  rows[6] = make_row (16, 3, "llm", 30.0, 5);
  rows[7] = make_row (17, 4, "asr", -1.0, 5);
  rows[2].status = "error";
  rows[2].error_message = "timeout, \"upstream\"\nretry";
  rows[3].status = "weird status";
  rows[3].metadata = "{\"a\":[1,2.5,\"x\"]}";
  rows[6].created_at = IL_TIME_NONE;
  rows[6].created_offset_min = 0;
  rows[6].started_offset_min = -480;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    il_row_store_append_row (store, &rows[i]);
  il_row_store_add_skipped (store, 2, "row 3: first");
  il_row_store_add_skipped (store, 1, "row 9: second");
  il_row_store_seal (store);
  il_row_store_seal (store);   /* idempotent */

  g_assert_true (store->sealed);
  g_assert_cmpuint (store->n_rows, ==, 8);
  g_assert_cmpuint (store->n_skipped, ==, 3);
  g_assert_cmpstr (store->first_skip_reason, ==, "row 3: first");

  /* sessions interned in order of first appearance */
  g_assert_cmpuint (store->n_sessions, ==, 4);
  g_assert_cmpuint (store->session[0], ==, 0);
  g_assert_cmpuint (store->session[2], ==, 1);
  g_assert_cmpuint (store->session[4], ==, 1);
  g_assert_cmpuint (store->session[6], ==, 2);
  g_assert_cmpuint (store->session[7], ==, 3);
  g_assert_cmphex (store->session_ids[1].hi, ==, 2);
  g_assert_cmphex (store->session_ids[1].lo, ==, 7);

  /* columns */
  g_assert_cmpstr (il_row_store_get_step_name (store, 0), ==, "tts");
  g_assert_cmpstr (il_row_store_get_step_name (store, 6), ==, "llm");
  g_assert_cmpstr (il_row_store_get_status (store, 3), ==, "weird status");
  g_assert_cmpstr (il_row_store_get_error_message (store, 2), ==, "timeout, \"upstream\"\nretry");
  g_assert_null (il_row_store_get_error_message (store, 0));
  g_assert_cmpuint (store->error_message[0], ==, IL_STR_NONE);
  g_assert_cmpfloat (store->latency_ms[3], ==, 900.5);
  g_assert_cmpint (store->created_at[6], ==, IL_TIME_NONE);
  g_assert_cmpint (store->created_at[5], ==, 2001);
  g_assert_cmpint (store->started_offset[6], ==, -480);
  g_assert_cmpint (store->turn_number[5], ==, 0);
  g_assert_cmphex (store->metric_id[7].lo, ==, 17);
  meta = il_row_store_get_metadata (store, 3, &len);
  g_assert_cmpuint (len, ==, strlen ("{\"a\":[1,2.5,\"x\"]}"));
  g_assert_cmpmem (meta, len, "{\"a\":[1,2.5,\"x\"]}", len);
  len = 99;
  g_assert_null (il_row_store_get_metadata (store, 2, &len));
  g_assert_cmpuint (len, ==, 0);

  /* steps in name order: asr llm tts */
  g_assert_cmpuint (il_string_pool_get_size (store->steps), ==, 3);
  g_assert_cmpstr (il_string_pool_get (store->steps, store->step_order[0]), ==, "asr");
  g_assert_cmpstr (il_string_pool_get (store->steps, store->step_order[1]), ==, "llm");
  g_assert_cmpstr (il_string_pool_get (store->steps, store->step_order[2]), ==, "tts");
  g_assert_cmpuint (store->step_offsets[0], ==, 0);
  g_assert_cmpuint (store->step_offsets[1], ==, 3);
  g_assert_cmpuint (store->step_offsets[2], ==, 5);
  g_assert_cmpuint (store->step_offsets[3], ==, 8);

  g_assert_cmpmem (store->by_latency, 8 * sizeof (guint32), expect_by_latency, sizeof expect_by_latency);
  g_assert_cmpmem (store->by_step_latency, 8 * sizeof (guint32), expect_by_step, sizeof expect_by_step);

  /* session 0: rows 3 (t=100) 1 (900) 0 (1000); session 1: 4 5 (t=2000, ids 14 < 15) 2 */
  g_assert_cmpmem (store->by_session, 8 * sizeof (guint32), expect_by_session, sizeof expect_by_session);
  g_assert_cmpuint (store->session_offsets[0], ==, 0);
  g_assert_cmpuint (store->session_offsets[1], ==, 3);
  g_assert_cmpuint (store->session_offsets[2], ==, 6);
  g_assert_cmpuint (store->session_offsets[3], ==, 7);
  g_assert_cmpuint (store->session_offsets[4], ==, 8);

  g_assert_cmpuint (il_row_store_get_memory_size (store), >, 8 * 80);
}

static void
test_store_empty (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  IlRowStore *ref;

  il_row_store_seal (store);
  g_assert_cmpuint (store->n_rows, ==, 0);
  g_assert_cmpuint (store->n_sessions, ==, 0);
  g_assert_cmpuint (store->n_skipped, ==, 0);
  g_assert_null (store->first_skip_reason);
  g_assert_nonnull (store->step_offsets);
  g_assert_cmpuint (store->step_offsets[0], ==, 0);
  g_assert_nonnull (store->session_offsets);
  g_assert_cmpuint (store->session_offsets[0], ==, 0);

  ref = il_row_store_ref (store);
  g_assert_true (ref == store);
  il_row_store_unref (ref);
}

/* Many rows: geometric growth, session interning with rehashing, radix sort,
 * and the memory budget (< 120 bytes a row, metadata aside). */
static void
test_store_many (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  const guint n = 20000;
  static const char * const steps[] = { "stt", "llm", "tts", "vad" };
  GRand *rand = g_rand_new_with_seed (7);
  gsize size, metadata_len;

  for (guint i = 0; i < n; i++)
    {
      IlRowInput row = make_row (i, i / 5, steps[i % 4], g_rand_double_range (rand, -10, 5000),
                                 G_GINT64_CONSTANT (1700000000000000) + g_rand_int_range (rand, 0, 1000000));

      if (i % 100 == 0)
        row.latency_ms = 42.0;   /* ties */
      row.metadata = i % 3 == 0 ? "{\"k\":1}" : NULL;
      il_row_store_append_row (store, &row);
    }
  g_rand_free (rand);
  il_row_store_seal (store);

  g_assert_cmpuint (store->n_rows, ==, n);
  g_assert_cmpuint (store->n_sessions, ==, n / 5);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (store->session[i], ==, i / 5);

  for (guint k = 1; k < n; k++)
    {
      guint32 a = store->by_latency[k - 1], b = store->by_latency[k];

      g_assert_true (store->latency_ms[a] < store->latency_ms[b] ||
                     (store->latency_ms[a] == store->latency_ms[b] && a < b));
    }
  for (guint s = 0; s < 4; s++)
    {
      const char *name = il_string_pool_get (store->steps, store->step_order[s]);

      g_assert_cmpuint (store->step_offsets[s + 1] - store->step_offsets[s], ==, n / 4);
      for (guint k = store->step_offsets[s]; k < store->step_offsets[s + 1]; k++)
        {
          g_assert_cmpstr (il_row_store_get_step_name (store, store->by_step_latency[k]), ==, name);
          if (k > store->step_offsets[s])
            g_assert_cmpfloat (store->latency_ms[store->by_step_latency[k - 1]], <=,
                               store->latency_ms[store->by_step_latency[k]]);
        }
    }
  for (guint s = 0; s < store->n_sessions; s++)
    {
      g_assert_cmpuint (store->session_offsets[s + 1] - store->session_offsets[s], ==, 5);
      for (guint k = store->session_offsets[s]; k < store->session_offsets[s + 1]; k++)
        {
          g_assert_cmpuint (store->session[store->by_session[k]], ==, s);
          if (k > store->session_offsets[s])
            g_assert_cmpint (store->started_at[store->by_session[k - 1]], <=,
                             store->started_at[store->by_session[k]]);
        }
    }

  metadata_len = store->metadata_offset[n];
  g_assert_cmpuint (metadata_len, ==, ((n + 2) / 3) * strlen ("{\"k\":1}"));
  size = il_row_store_get_memory_size (store);
  g_test_message ("%.1f bytes/row", (double) (size - metadata_len) / n);
  g_assert_cmpuint ((size - metadata_len) / n, <, 120);
}

/* Rows appended within a reservation land in the columns and the text
 * made for them: no column moves (grows) on the way. */
static void
test_reserve (void)
{
  g_autoptr (IlRowStore) store = il_row_store_new ();
  const guint n = 5000;
  const char *meta = "{\"k\":1}";
  IlUuid *metric_id;
  double *latency_ms;
  char *metadata_text;

  il_row_store_reserve (store, n, n * strlen (meta));
  metric_id = store->metric_id;
  latency_ms = store->latency_ms;
  metadata_text = store->metadata_text;
  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = i / 5 + 1;
      in.turn_number = (gint32) (i % 5);
      in.step_name = "llm";
      in.latency_ms = i * 0.5;
      in.started_at = 1000000 + i;
      in.completed_at = 2000000 + i;
      in.created_at = 3000000 + i;
      in.status = "success";
      in.metadata = meta;
      il_row_store_append_row (store, &in);
    }
  g_assert_true (store->metric_id == metric_id);
  g_assert_true (store->latency_ms == latency_ms);
  g_assert_true (store->metadata_text == metadata_text);
  il_row_store_seal (store);
  g_assert_cmpuint (store->n_rows, ==, n);
  g_assert_cmpuint (store->n_sessions, ==, n / 5);
  g_assert_cmpuint (store->metric_id[n - 1].lo, ==, n);
  g_assert_cmpfloat (store->latency_ms[n - 1], ==, (n - 1) * 0.5);
  g_assert_cmpuint (store->metadata_offset[n], ==, n * strlen (meta));
  g_assert_cmpmem (store->metadata_text + (n - 1) * strlen (meta), strlen (meta), meta, strlen (meta));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-store/uuid/parse", test_uuid_parse);
  g_test_add_func ("/row-store/uuid/compare", test_uuid_compare);
  g_test_add_func ("/row-store/timestamp/parse", test_timestamp_parse);
  g_test_add_func ("/row-store/timestamp/format", test_timestamp_format);
  g_test_add_func ("/row-store/string-pool", test_string_pool);
  g_test_add_func ("/row-store/reserve", test_reserve);
  g_test_add_func ("/row-store/column-names", test_column_names);
  g_test_add_func ("/row-store/append-seal", test_store_append_seal);
  g_test_add_func ("/row-store/empty", test_store_empty);
  g_test_add_func ("/row-store/many", test_store_many);

  return g_test_run ();
}
