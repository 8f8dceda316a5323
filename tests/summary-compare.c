/* summary-compare.c: the figures of the database summary against the row store's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "summary-compare.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "il-report.h"

#define REL_TOL 1e-9

static void
assert_close (double      got,
              double      want,
              const char *what)
{
  if (isnan (want) || isnan (got))
    {
      if (isnan (want) != isnan (got))
        g_error ("%s: got %.17g, want %.17g", what, got, want);
      return;
    }
  if (!(fabs (got - want) <= REL_TOL * MAX (fabs (got), fabs (want))))
    g_error ("%s: got %.17g, want %.17g", what, got, want);
}

static void
assert_same_uuid (const IlUuid *got,
                  const IlUuid *want,
                  const char   *what)
{
  char a[37], b[37];

  il_uuid_format (got, a);
  il_uuid_format (want, b);
  if (strcmp (a, b) != 0)
    g_error ("%s: got %s, want %s", what, a, b);
}

static void
compare_steps (const IlAggregates *got,
               const IlAggregates *want)
{
  g_assert_cmpuint (got->n_steps, ==, want->n_steps);
  g_assert_cmpint (got->slowest_step, ==, want->slowest_step);
  for (guint i = 0; i < want->n_steps; i++)
    {
      const IlStepStats *g = &got->steps[i], *w = &want->steps[i];

      g_test_message ("step %s", w->name);
      g_assert_cmpstr (g->name, ==, w->name);
      g_assert_cmpuint (g->count, ==, w->count);
      assert_close (g->sum, w->sum, "sum");
      assert_close (g->mean, w->mean, "mean");
      assert_close (g->median, w->median, "median");
      assert_close (g->std, w->std, "std");
      assert_close (g->min, w->min, "min");
      assert_close (g->max, w->max, "max");
      assert_close (g->q1, w->q1, "q1");
      assert_close (g->q3, w->q3, "q3");
      assert_close (g->whisker_low, w->whisker_low, "whisker_low");
      assert_close (g->whisker_high, w->whisker_high, "whisker_high");
      assert_close (g->p50, w->p50, "p50");
      assert_close (g->p75, w->p75, "p75");
      assert_close (g->p90, w->p90, "p90");
      assert_close (g->p95, w->p95, "p95");
      assert_close (g->p99, w->p99, "p99");
      g_assert_cmpuint (g->success_count, ==, w->success_count);
      g_assert_cmpuint (g->error_count, ==, w->error_count);
      assert_close (g->success_rate_pct, w->success_rate_pct, "success_rate_pct");
      assert_close (g->error_rate_pct, w->error_rate_pct, "error_rate_pct");
      assert_close (g->share_of_total_time_pct, w->share_of_total_time_pct, "share");
      /* the function sends the outliers the box plot draws: all up to 300, else
       * 300 at evenly spaced ranks */
      g_assert_cmpuint (g->n_outliers, ==, MIN (w->n_outliers, 300));
      for (guint k = 0; k < g->n_outliers; k++)
        {
          guint rank = w->n_outliers <= 300 ? k
                       : (guint) round ((double) k * (w->n_outliers - 1) / 299);

          assert_close (g->outliers[k], w->outliers[rank], "outlier");
        }
    }
}

/* Every cell with rows in want is in got with the same count and mean, and got
 * has no other cell with rows. */
static void
compare_trend (const IlTrend *got,
               const IlTrend *want,
               gboolean       with_mean)
{
  guint n_got = 0, n_want = 0;

  g_assert_cmpuint (got->n_steps, ==, want->n_steps);
  for (gsize i = 0; i < (gsize) got->n_steps * got->n_buckets; i++)
    n_got += got->count[i] > 0;
  for (guint s = 0; s < want->n_steps; s++)
    for (guint b = 0; b < want->n_buckets; b++)
      {
        gsize w = (gsize) s * want->n_buckets + b;
        guint k;

        if (want->count[w] == 0)
          continue;
        n_want++;
        for (k = 0; k < got->n_buckets && got->bucket_start[k] != want->bucket_start[b]; k++)
          ;
        if (k == got->n_buckets)
          g_error ("bucket %" G_GINT64_FORMAT " of step %u missing", want->bucket_start[b], s);
        g_assert_cmpuint (got->count[(gsize) s * got->n_buckets + k], ==, want->count[w]);
        if (with_mean)
          assert_close (got->mean[(gsize) s * got->n_buckets + k], want->mean[w], "trend mean");
      }
  g_assert_cmpuint (n_got, ==, n_want);
}

void
compare_histogram (const IlHistogram *got,
                   const IlHistogram *want)
{
  g_assert_cmpuint (got->n_bins, ==, want->n_bins);
  assert_close (got->min, want->min, "histogram min");
  assert_close (got->max, want->max, "histogram max");
  for (guint i = 0; i < want->n_bins; i++)
    g_assert_cmpuint (got->counts[i], ==, want->counts[i]);
}

void
compare_session (const IlSessionSummary *g,
                 const IlSessionSummary *w)
{
  assert_same_uuid (&g->id, &w->id, "session");
  g_assert_cmpint (g->first_start, ==, w->first_start);
  g_assert_cmpint (g->last_end, ==, w->last_end);
  g_assert_cmpuint (g->n_rows, ==, w->n_rows);
  g_assert_cmpuint (g->n_errors, ==, w->n_errors);
  g_assert_cmpuint (g->n_success, ==, w->n_success);
  g_assert_cmpuint (g->n_turns, ==, w->n_turns);
  assert_close (g->total_latency_ms, w->total_latency_ms, "session total");
}

static void
compare_errors (const IlAggregates *got,
                const IlAggregates *want,
                const IlRowStore   *store)
{
  g_assert_cmpuint (got->errors.total_errors, ==, want->errors.total_errors);
  assert_close (got->errors.error_rate_pct, want->errors.error_rate_pct, "error rate");
  g_assert_cmpint (got->errors.most_failing_step, ==, want->errors.most_failing_step);
  g_assert_cmpuint (got->errors.sessions_with_errors, ==, want->errors.sessions_with_errors);

  g_assert_cmpuint (got->n_error_groups, ==, want->n_error_groups);
  for (guint i = 0; i < want->n_error_groups; i++)
    {
      const IlErrorGroup *g = &got->error_groups[i], *w = &want->error_groups[i];

      g_assert_cmpstr (g->step_name, ==, w->step_name);
      g_assert_cmpstr (g->message_text, ==, w->message_text);
      g_assert_cmpuint (g->count, ==, w->count);
      assert_close (g->share_of_step_pct, w->share_of_step_pct, "share of step");
      g_assert_cmpint (g->first_seen, ==, w->first_seen);
      g_assert_cmpint (g->last_seen, ==, w->last_seen);
      g_assert_cmpuint (g->affected_sessions, ==, w->affected_sessions);
      assert_close (g->avg_latency_ms, w->avg_latency_ms, "group avg");
    }

  compare_trend (&got->error_trend, &want->error_trend, FALSE);
  g_assert_cmpmem (got->error_dow_hour, sizeof got->error_dow_hour,
                   want->error_dow_hour, sizeof want->error_dow_hour);

  g_assert_cmpuint (got->n_error_sessions, ==, want->n_error_sessions);
  for (guint i = 0; i < want->n_error_sessions; i++)
    {
      const IlErrorSession *g = &got->error_sessions[i], *w = &want->error_sessions[i];

      assert_same_uuid (&g->id, &w->id, "error session");
      g_assert_cmpuint (g->n_errors, ==, w->n_errors);
      g_assert_cmpint (g->first_error, ==, w->first_error);
      g_assert_cmpuint (g->n_failed_steps, ==, w->n_failed_steps);
      for (guint k = 0; k < w->n_failed_steps; k++)
        g_assert_cmpstr (got->steps[g->failed_steps[k]].name, ==,
                         il_string_pool_get (store->steps, w->failed_steps[k]));
    }
}

void
compare_all (const IlSummary    *sum,
             const IlAggregates *want,
             const IlRowStore   *store,
             gboolean            all_sessions)
{
  const IlAggregates *got = sum->agg;

  g_assert_cmpuint (sum->version, ==, IL_SUMMARY_VERSION);
  g_assert_cmpuint (got->key.total_records, ==, want->key.total_records);
  assert_close (got->key.avg_latency_ms, want->key.avg_latency_ms, "avg");
  assert_close (got->key.p95_latency_ms, want->key.p95_latency_ms, "p95");
  assert_close (got->key.success_rate_pct, want->key.success_rate_pct, "success rate");
  g_assert_cmpuint (got->key.unique_sessions, ==, want->key.unique_sessions);
  assert_close (got->key.total_latency_ms, want->key.total_latency_ms, "total");

  compare_steps (got, want);

  g_assert_cmpuint (got->n_statuses, ==, want->n_statuses);
  for (guint i = 0; i < want->n_statuses; i++)
    {
      g_assert_cmpstr (got->statuses[i].name, ==, want->statuses[i].name);
      g_assert_cmpuint (got->statuses[i].count, ==, want->statuses[i].count);
      assert_close (got->statuses[i].mean_latency_ms, want->statuses[i].mean_latency_ms, "status mean");
    }

  compare_trend (&got->trend, &want->trend, TRUE);
  g_assert_cmpint (got->trend.bucket_us, ==, want->trend.bucket_us);

  g_assert_cmpint (got->heatmap.turn_min, ==, want->heatmap.turn_min);
  g_assert_cmpint (got->heatmap.turn_max, ==, want->heatmap.turn_max);
  for (gsize i = 0; i < (gsize) want->heatmap.n_steps * want->heatmap.n_turns; i++)
    {
      g_assert_cmpuint (got->heatmap.count[i], ==, want->heatmap.count[i]);
      assert_close (got->heatmap.mean[i], want->heatmap.mean[i], "heatmap mean");
    }
  g_assert_cmpuint (got->n_turn_errors, ==, want->n_turn_errors);
  for (guint i = 0; i < want->n_turn_errors; i++)
    {
      g_assert_cmpint (got->turn_errors[i].turn, ==, want->turn_errors[i].turn);
      g_assert_cmpuint (got->turn_errors[i].count, ==, want->turn_errors[i].count);
      g_assert_cmpuint (got->turn_errors[i].errors, ==, want->turn_errors[i].errors);
      assert_close (got->turn_errors[i].error_rate_pct, want->turn_errors[i].error_rate_pct, "turn rate");
    }

  g_assert_cmpuint (got->n_days, ==, want->n_days);
  for (guint i = 0; i < want->n_days; i++)
    {
      g_assert_cmpint (got->daily_volume[i].day_start, ==, want->daily_volume[i].day_start);
      g_assert_cmpuint (got->daily_volume[i].count, ==, want->daily_volume[i].count);
    }

  g_assert_cmpuint (sum->n_sessions, ==, want->n_sessions);
  if (all_sessions)
    {
      g_assert_cmpuint (got->n_sessions, ==, want->n_sessions);
      for (guint i = 0; i < want->n_sessions; i++)
        compare_session (&got->sessions[i], &want->sessions[i]);
    }
  g_assert_cmpuint (got->n_slowest_sessions, ==, want->n_slowest_sessions);
  for (guint i = 0; i < want->n_slowest_sessions; i++)
    compare_session (&got->sessions[got->slowest_sessions[i]], &want->sessions[want->slowest_sessions[i]]);
  g_assert_cmpuint (got->n_fastest_sessions, ==, want->n_fastest_sessions);
  for (guint i = 0; i < want->n_fastest_sessions; i++)
    compare_session (&got->sessions[got->fastest_sessions[i]], &want->sessions[want->fastest_sessions[i]]);
  compare_histogram (&got->session_total_histogram, &want->session_total_histogram);
  compare_histogram (&got->latency_histogram, &want->latency_histogram);

  compare_errors (got, want, store);
}

/* The --report=json of both, number by number. */
void
compare_json_nodes (JsonNode   *got,
                    JsonNode   *want,
                    const char *path)
{
  g_assert_cmpint (JSON_NODE_TYPE (got), ==, JSON_NODE_TYPE (want));
  if (JSON_NODE_HOLDS_OBJECT (want))
    {
      JsonObject *g = json_node_get_object (got), *w = json_node_get_object (want);
      g_autoptr(GList) members = json_object_get_members (w);

      g_assert_cmpuint (json_object_get_size (g), ==, json_object_get_size (w));
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strconcat (path, ".", l->data, NULL);

          g_assert_true (json_object_has_member (g, l->data));
          compare_json_nodes (json_object_get_member (g, l->data), json_object_get_member (w, l->data), sub);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (want))
    {
      JsonArray *g = json_node_get_array (got), *w = json_node_get_array (want);

      g_assert_cmpuint (json_array_get_length (g), ==, json_array_get_length (w));
      for (guint i = 0; i < json_array_get_length (w); i++)
        compare_json_nodes (json_array_get_element (g, i), json_array_get_element (w, i), path);
    }
  else if (JSON_NODE_HOLDS_VALUE (want) && json_node_get_value_type (want) == G_TYPE_INT64
           && json_node_get_value_type (got) == G_TYPE_INT64)
    g_assert_cmpint (json_node_get_int (got), ==, json_node_get_int (want));
  else if (JSON_NODE_HOLDS_VALUE (want) && json_node_get_value_type (want) != G_TYPE_STRING)
    assert_close (json_node_get_double (got), json_node_get_double (want), path);
  else if (JSON_NODE_HOLDS_VALUE (want))
    g_assert_cmpstr (json_node_get_string (got), ==, json_node_get_string (want));
}

void
compare_reports (const IlAggregates *got,
                 const IlAggregates *want)
{
  g_autofree char *a = il_report_format_json (got, 0);
  g_autofree char *b = il_report_format_json (want, 0);
  g_autoptr(JsonParser) pa = json_parser_new ();
  g_autoptr(JsonParser) pb = json_parser_new ();

  g_assert_true (json_parser_load_from_data (pa, a, -1, NULL));
  g_assert_true (json_parser_load_from_data (pb, b, -1, NULL));
  compare_json_nodes (json_parser_get_root (pa), json_parser_get_root (pb), "report");
}
