/* test-report.c: the --report JSON and text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-demo.h"
#include "il-report.h"

#define T0 G_GINT64_CONSTANT (1767571200000000)

static IlRowStore *
tiny_store (void)
{
  const struct
  {
    const char *step;
    double      latency_ms;
    const char *status;
    const char *message;
    guint64     session;
  } rows[] = {
    { "a\"b", 1.5, "success", NULL, 1 },
    { "a\"b", 2.5, "error", "x\ny", 1 },
    { "c", 0.1, "error", NULL, 2 },
  };
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.lo = i + 1;
      in.session_id.lo = rows[i].session;
      in.turn_number = 1;
      in.step_name = rows[i].step;
      in.latency_ms = rows[i].latency_ms;
      in.started_at = T0 + i * G_GINT64_CONSTANT (1000000);
      in.completed_at = in.started_at + 2500;
      in.status = rows[i].status;
      in.error_message = rows[i].message;
      in.created_at = in.completed_at + 1000;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);
  return store;
}

/* Every figure checked by hand and against pandas (python's repr of the same
 * Series figures: the shortest text that round-trips). */
static const char tiny_json[] =
  "{\n"
  "  \"key_metrics\": {\"total_records\": 3, \"avg_latency_ms\": 1.3666666666666665, "
  "\"p95_latency_ms\": 2.4, \"success_rate_pct\": 33.33333333333333, "
  "\"unique_sessions\": 2, \"total_latency_ms\": 4.1},\n"
  "  \"steps\": {\n"
  "    \"a\\\"b\": {\"mean\": 2, \"median\": 2, \"std\": 0.7071067811865476, \"min\": 1.5, \"max\": 2.5, "
  "\"count\": 2, \"p50\": 2, \"p75\": 2.25, \"p90\": 2.4, \"p95\": 2.45, "
  "\"p99\": 2.49, \"success_rate_pct\": 50, \"error_rate_pct\": 50, "
  "\"share_of_total_time_pct\": 97.56097560975611},\n"
  "    \"c\": {\"mean\": 0.1, \"median\": 0.1, \"std\": null, "
  "\"min\": 0.1, \"max\": 0.1, \"count\": 1, "
  "\"p50\": 0.1, \"p75\": 0.1, \"p90\": 0.1, "
  "\"p95\": 0.1, \"p99\": 0.1, \"success_rate_pct\": 0, "
  "\"error_rate_pct\": 100, \"share_of_total_time_pct\": 2.439024390243903}\n"
  "  },\n"
  "  \"status_counts\": {\"error\": 2, \"success\": 1},\n"
  "  \"error_groups\": [\n"
  "    [\"a\\\"b\", \"x\\ny\", 1, 1, 2.5],\n"
  "    [\"c\", null, 1, 1, 0.1]\n"
  "  ],\n"
  "  \"skipped_rows\": 7\n"
  "}\n";

static void
test_json_exact (void)
{
  g_autoptr(IlRowStore) store = tiny_store ();
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autofree char *json = il_report_format_json (agg, 7);

  g_assert_cmpstr (json, ==, tiny_json);
}

static const char empty_json[] =
  "{\n"
  "  \"key_metrics\": {\"total_records\": 0, \"avg_latency_ms\": null, \"p95_latency_ms\": null, "
  "\"success_rate_pct\": null, \"unique_sessions\": 0, \"total_latency_ms\": 0},\n"
  "  \"steps\": {},\n"
  "  \"status_counts\": {},\n"
  "  \"error_groups\": [],\n"
  "  \"skipped_rows\": 0\n"
  "}\n";

static void
test_json_empty (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (0, 1, T0);
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autofree char *json = il_report_format_json (agg, 0);

  g_assert_cmpstr (json, ==, empty_json);
}

static void
test_json_parses (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (20000, IL_DEMO_DEFAULT_SEED, T0);
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autofree char *json = il_report_format_json (agg, 3);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *key, *steps, *statuses;
  JsonArray *groups;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 5);

  key = json_object_get_object_member (root, "key_metrics");
  g_assert_cmpint (json_object_get_int_member (key, "total_records"), ==, 20000);
  g_assert_cmpint (json_object_get_int_member (key, "unique_sessions"), ==, (gint64) agg->key.unique_sessions);
  /* doubles round-trip exactly */
  g_assert_cmpfloat (json_object_get_double_member (key, "avg_latency_ms"), ==, agg->key.avg_latency_ms);
  g_assert_cmpfloat (json_object_get_double_member (key, "p95_latency_ms"), ==, agg->key.p95_latency_ms);
  g_assert_cmpfloat (json_object_get_double_member (key, "total_latency_ms"), ==, agg->key.total_latency_ms);

  steps = json_object_get_object_member (root, "steps");
  g_assert_cmpuint (json_object_get_size (steps), ==, agg->n_steps);
  for (guint i = 0; i < agg->n_steps; i++)
    {
      JsonObject *st = json_object_get_object_member (steps, agg->steps[i].name);

      g_assert_nonnull (st);
      g_assert_cmpuint (json_object_get_size (st), ==, 14);
      g_assert_cmpfloat (json_object_get_double_member (st, "std"), ==, agg->steps[i].std);
      g_assert_cmpfloat (json_object_get_double_member (st, "p99"), ==, agg->steps[i].p99);
      g_assert_cmpfloat (json_object_get_double_member (st, "share_of_total_time_pct"), ==,
                         agg->steps[i].share_of_total_time_pct);
    }

  statuses = json_object_get_object_member (root, "status_counts");
  g_assert_cmpuint (json_object_get_size (statuses), ==, agg->n_statuses);
  g_assert_cmpint (json_object_get_int_member (statuses, "success"), ==, (gint64) agg->statuses[0].count);

  groups = json_object_get_array_member (root, "error_groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, agg->n_error_groups);
  for (guint i = 0; i < agg->n_error_groups; i++)
    {
      JsonArray *g = json_array_get_array_element (groups, i);

      g_assert_cmpuint (json_array_get_length (g), ==, 5);
      g_assert_cmpstr (json_array_get_string_element (g, 0), ==, agg->error_groups[i].step_name);
      if (agg->error_groups[i].message_text == NULL)
        g_assert_true (json_array_get_null_element (g, 1));
      else
        g_assert_cmpstr (json_array_get_string_element (g, 1), ==, agg->error_groups[i].message_text);
      g_assert_cmpint (json_array_get_int_element (g, 2), ==, (gint64) agg->error_groups[i].count);
      g_assert_cmpint (json_array_get_int_element (g, 3), ==, (gint64) agg->error_groups[i].affected_sessions);
      g_assert_cmpfloat (json_array_get_double_element (g, 4), ==, agg->error_groups[i].avg_latency_ms);
    }
  g_assert_cmpint (json_object_get_int_member (root, "skipped_rows"), ==, 3);
}

static void
test_nan_is_null (void)
{
  g_autoptr(IlRowStore) store = tiny_store ();
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autofree char *json = NULL;

  /* any non-finite figure is null, never "nan" or "inf" */
  agg->key.avg_latency_ms = NAN;
  agg->key.p95_latency_ms = INFINITY;
  agg->steps[0].mean = -INFINITY;
  json = il_report_format_json (agg, 0);
  g_assert_nonnull (strstr (json, "\"avg_latency_ms\": null"));
  g_assert_nonnull (strstr (json, "\"p95_latency_ms\": null"));
  g_assert_nonnull (strstr (json, "{\"mean\": null"));
  g_assert_null (strstr (json, "nan"));
  g_assert_null (strstr (json, "inf"));
}

static void
test_text (void)
{
  g_autoptr(IlRowStore) store = tiny_store ();
  g_autoptr(IlAggregates) agg = il_aggregates_compute (store, NULL, NULL);
  g_autofree char *text = il_report_format_text (agg, 7);
  g_autoptr(IlRowStore) empty = il_demo_generate (0, 1, T0);
  g_autoptr(IlAggregates) none = il_aggregates_compute (empty, NULL, NULL);
  g_autofree char *none_text = il_report_format_text (none, 0);

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Total records        3\n"));
  g_assert_nonnull (strstr (text, "Unique sessions      2\n"));
  g_assert_nonnull (strstr (text, "Average latency      1.37 ms\n"));
  g_assert_nonnull (strstr (text, "P95 latency          2.40 ms\n"));
  g_assert_nonnull (strstr (text, "Success rate         33.33 %\n"));
  g_assert_nonnull (strstr (text, "Total time           4.10 ms\n"));
  g_assert_nonnull (strstr (text, "Slowest step         a\"b (2.00 ms)\n"));
  g_assert_nonnull (strstr (text, "\n  a\"b "));
  g_assert_nonnull (strstr (text, "  [a\"b] x | y\n"));
  g_assert_nonnull (strstr (text, "  [c] (no message)\n"));
  g_assert_nonnull (strstr (text, "(no message)"));
  g_assert_nonnull (strstr (text, "Rows skipped while loading: 7\n"));

  g_assert_nonnull (strstr (none_text, "No rows in this range."));
  g_assert_nonnull (strstr (none_text, "No errors in this range."));
  g_assert_nonnull (strstr (none_text, "Average latency      -\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/json/exact", test_json_exact);
  g_test_add_func ("/report/json/empty", test_json_empty);
  g_test_add_func ("/report/json/parses", test_json_parses);
  g_test_add_func ("/report/json/nan-is-null", test_nan_is_null);
  g_test_add_func ("/report/text", test_text);

  return g_test_run ();
}
