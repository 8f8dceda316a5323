/* test-demo.c: the demo generator is deterministic and realistic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-demo.h"

#define NOW  G_GINT64_CONSTANT (1795910400000000)   /* 2026-11-28T00:00:00Z */
#define DAY  G_GINT64_CONSTANT (86400000000)

static gboolean
stores_equal (IlRowStore *a,
              IlRowStore *b)
{
  if (a->n_rows != b->n_rows || a->n_sessions != b->n_sessions)
    return FALSE;
  for (guint r = 0; r < a->n_rows; r++)
    {
      gsize la, lb;
      const char *ma = il_row_store_get_metadata (a, r, &la);
      const char *mb = il_row_store_get_metadata (b, r, &lb);

      if (il_uuid_compare (&a->metric_id[r], &b->metric_id[r]) != 0
          || il_uuid_compare (&a->session_ids[a->session[r]], &b->session_ids[b->session[r]]) != 0
          || a->turn_number[r] != b->turn_number[r]
          || g_strcmp0 (il_row_store_get_step_name (a, r), il_row_store_get_step_name (b, r)) != 0
          || a->latency_ms[r] != b->latency_ms[r]
          || a->started_at[r] != b->started_at[r]
          || a->completed_at[r] != b->completed_at[r]
          || a->created_at[r] != b->created_at[r]
          || a->started_offset[r] != b->started_offset[r]
          || a->completed_offset[r] != b->completed_offset[r]
          || a->created_offset[r] != b->created_offset[r]
          || g_strcmp0 (il_row_store_get_status (a, r), il_row_store_get_status (b, r)) != 0
          || g_strcmp0 (il_row_store_get_error_message (a, r), il_row_store_get_error_message (b, r)) != 0
          || la != lb
          || (la > 0 && memcmp (ma, mb, la) != 0))
        {
          g_test_message ("rows %u differ", r);
          return FALSE;
        }
    }
  return TRUE;
}

static void
test_deterministic (void)
{
  g_autoptr(IlRowStore) a = il_demo_generate (5000, 1234, NOW);
  g_autoptr(IlRowStore) b = il_demo_generate (5000, 1234, NOW);
  g_autoptr(IlRowStore) c = il_demo_generate (5000, 1235, NOW);

  g_assert_cmpuint (a->n_rows, ==, 5000);
  g_assert_true (a->sealed);
  g_assert_true (stores_equal (a, b));
  g_assert_false (stores_equal (a, c));
  g_assert_cmpint (il_uuid_compare (&a->metric_id[0], &c->metric_id[0]), !=, 0);
}

static void
test_sizes (void)
{
  const guint sizes[] = { 0, 1, 7, 61, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(IlRowStore) store = il_demo_generate (sizes[i], IL_DEMO_DEFAULT_SEED, NOW);
      g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);

      g_assert_cmpuint (store->n_rows, ==, sizes[i]);
      g_assert_true (store->sealed);
      g_assert_cmpuint (agg->key.total_records, ==, sizes[i]);
    }
}

static void
test_shape (void)
{
  static const char *const names[] = {
    "llm_first_token", "llm_total", "retrieval, rerank & \"context\" assembly", "stt",
    "tts_first_byte", "tts_total", "turn_detection", "vad",
  };
  const guint n = 100000;
  g_autoptr(IlRowStore) store = il_demo_generate (n, IL_DEMO_DEFAULT_SEED, NOW);
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint64 errors = 0, skipped = 0, timeouts = 0, null_messages = 0, multi_line = 0, null_metadata = 0;
  g_autoptr(GHashTable) messages = g_hash_table_new (g_str_hash, g_str_equal);
  double early = 0, late = 0;
  guint n_early = 0, n_late = 0;

  /* steps, in name order */
  g_assert_cmpuint (agg->n_steps, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < agg->n_steps; i++)
    g_assert_cmpstr (agg->steps[i].name, ==, names[i]);

  /* thousands of sessions, about one per 60-70 rows, 3-15 turns */
  g_assert_cmpuint (store->n_sessions, >, n / 80);
  g_assert_cmpuint (store->n_sessions, <, n / 50);
  g_assert_cmpint (agg->heatmap.turn_min, ==, 1);
  g_assert_cmpint (agg->heatmap.turn_max, ==, 15);
  for (guint i = 0; i < agg->n_sessions; i++)
    {
      g_assert_cmpuint (agg->sessions[i].n_turns, <=, 15);
      if (i + 1 < agg->n_sessions)   /* the last session may be cut short */
        g_assert_cmpuint (agg->sessions[i].n_turns, >=, 3);
    }

  for (guint r = 0; r < store->n_rows; r++)
    {
      const char *status = il_row_store_get_status (store, r);
      const char *msg = il_row_store_get_error_message (store, r);
      gsize len;
      const char *meta = il_row_store_get_metadata (store, r, &len);

      g_assert_cmpint (store->started_at[r], >=, NOW - 30 * DAY);
      g_assert_cmpint (store->completed_at[r], <=, NOW);
      g_assert_cmpint (store->completed_at[r] - store->started_at[r], ==,
                       (gint64) llround (store->latency_ms[r] * 1000));
      g_assert_cmpint (store->created_at[r], >, store->completed_at[r]);
      g_assert_cmpint (store->created_at[r] - store->completed_at[r], <, 50000);
      g_assert_cmpfloat (store->latency_ms[r], >=, 0);

      if (g_str_equal (status, "error"))
        {
          errors++;
          if (msg == NULL)
            null_messages++;
          else
            {
              g_hash_table_add (messages, (gpointer) msg);
              multi_line += strchr (msg, '\n') != NULL;
            }
        }
      else
        {
          g_assert_null (msg);
          if (g_str_equal (status, "skipped"))
            skipped++;
          else if (g_str_equal (status, "timeout"))
            timeouts++;
          else
            g_assert_cmpstr (status, ==, "success");
        }

      if (meta == NULL)
        null_metadata++;
      else if (r % 97 == 0)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (json_parser_load_from_data (parser, meta, (gssize) len, &error));
          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
        }

      if (g_str_equal (il_row_store_get_step_name (store, r), "llm_first_token")
          && g_str_equal (status, "success"))
        {
          if (store->started_at[r] < NOW - 25 * DAY)
            {
              early += store->latency_ms[r];
              n_early++;
            }
          else if (store->started_at[r] >= NOW - 5 * DAY)
            {
              late += store->latency_ms[r];
              n_late++;
            }
        }
    }

  g_test_message ("errors %" G_GUINT64_FORMAT ", skipped %" G_GUINT64_FORMAT ", timeouts %" G_GUINT64_FORMAT,
                  errors, skipped, timeouts);
  /* about 2% errors, 1% skipped, a rare unknown status */
  g_assert_cmpuint (errors, >, n * 15 / 1000);
  g_assert_cmpuint (errors, <, n * 30 / 1000);
  g_assert_cmpuint (skipped, >, n * 5 / 1000);
  g_assert_cmpuint (skipped, <, n * 15 / 1000);
  g_assert_cmpuint (timeouts, >=, 1);
  g_assert_cmpuint (timeouts, <, 50);
  /* 5 recurring messages, one multi-line, plus null messages */
  g_assert_cmpuint (g_hash_table_size (messages), ==, 5);
  g_assert_cmpuint (null_messages, >, 0);
  g_assert_cmpuint (multi_line, >, 0);
  g_assert_cmpuint (null_metadata, >, 0);
  g_assert_cmpuint (null_metadata, <, n / 10);

  /* a visible trend: the LLM is slower at the end of the month */
  g_assert_cmpuint (n_early, >, 100);
  g_assert_cmpuint (n_late, >, 100);
  g_assert_cmpfloat (late / n_late, >, 1.15 * early / n_early);
  /* and more traffic at the end */
  g_assert_cmpuint (agg->n_days, >=, 29);
  g_assert_cmpuint (agg->daily_volume[agg->n_days - 2].count, >, agg->daily_volume[1].count);
}

/* The rows of a live tick: sessions that started in the span's first half,
 * every row after its start; over 30 days, the same rows as il_demo_generate. */
static void
test_between (void)
{
  const gint64 start = NOW - G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC;
  g_autoptr(IlRowStore) tick = il_demo_generate_between (1000, 99, start, NOW);
  g_autoptr(IlRowStore) month = il_demo_generate_between (3000, 1234, NOW - 30 * DAY, NOW);
  g_autoptr(IlRowStore) plain = il_demo_generate (3000, 1234, NOW);
  g_autofree gint64 *first = NULL;

  g_assert_cmpuint (tick->n_rows, ==, 1000);
  g_assert_true (tick->sealed);
  first = g_new (gint64, tick->n_sessions);
  for (guint s = 0; s < tick->n_sessions; s++)
    first[s] = G_MAXINT64;
  for (guint r = 0; r < tick->n_rows; r++)
    {
      g_assert_cmpint (tick->started_at[r], >=, start);
      g_assert_cmpint (tick->created_at[r], >, tick->started_at[r]);
      first[tick->session[r]] = MIN (first[tick->session[r]], tick->started_at[r]);
    }
  for (guint s = 0; s < tick->n_sessions; s++)
    g_assert_cmpint (first[s], <, start + (NOW - start) / 2);
  g_assert_true (stores_equal (month, plain));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/sizes", test_sizes);
  g_test_add_func ("/demo/shape", test_shape);
  g_test_add_func ("/demo/between", test_between);

  return g_test_run ();
}
