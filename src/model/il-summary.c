/* il-summary.c: the figures computed in the database (interview_latency_summary)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The function returns sparse lists (only trend buckets, heatmap cells and days
 * that have rows); IlAggregates holds dense arrays with NAN for the gaps, so
 * this fills them in. Timestamps arrive as integer microseconds.
 */
#include "config.h"

#include "il-summary.h"
#include "il-summary-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (il-summary-error-quark, il_summary_error)

/* short names for the readers of il-summary-reader.c */
#define node_double        _il_summary_node_double
#define node_int           _il_summary_node_int
#define node_count         _il_summary_node_count
#define node_string        _il_summary_node_string
#define member             _il_summary_member
#define get_object         _il_summary_get_object
#define get_array          _il_summary_get_array
#define get_row            _il_summary_get_row
#define item               _il_summary_item
#define get_element_object _il_summary_get_element_object

#define DBL(o, name)   node_double (rd, member (o, name), name)
#define CNT(o, name)   node_count (rd, member (o, name), name)

/* ---- the parts -------------------------------------------------------------- */

typedef struct
{
  Reader        rd;
  IlSummary    *sum;
  IlAggregates *agg;
  GHashTable   *step_by_name;    /* name -> index + 1 */
} Parse;

static void
parse_steps (Parse      *p,
             JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  JsonArray *steps = get_array (rd, root, "steps");
  guint n = json_array_get_length (steps);

  agg->steps = g_new0 (IlStepStats, MAX (n, 1));
  agg->n_steps = n;
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonObject *o = get_element_object (rd, steps, i, "steps");
      IlStepStats *st = &agg->steps[i];
      const char *name = node_string (rd, member (o, "name"), "steps.name");
      JsonArray *outliers = get_array (rd, o, "outliers");

      if (name == NULL || node_int (rd, member (o, "index"), "steps.index") != i)
        {
          rd->bad = rd->bad != NULL ? rd->bad : "steps.index";
          return;
        }
      st->step = i;
      st->name = g_string_chunk_insert_const (p->sum->strings, name);
      g_hash_table_insert (p->step_by_name, (gpointer) st->name, GUINT_TO_POINTER (i + 1));
      st->count = CNT (o, "count");
      st->sum = DBL (o, "sum");
      st->mean = DBL (o, "mean");
      st->median = DBL (o, "median");
      st->std = DBL (o, "std");
      st->min = DBL (o, "min");
      st->max = DBL (o, "max");
      st->q1 = DBL (o, "q1");
      st->q3 = DBL (o, "q3");
      st->whisker_low = DBL (o, "whisker_low");
      st->whisker_high = DBL (o, "whisker_high");
      st->p50 = DBL (o, "p50");
      st->p75 = DBL (o, "p75");
      st->p90 = DBL (o, "p90");
      st->p95 = DBL (o, "p95");
      st->p99 = DBL (o, "p99");
      st->success_count = CNT (o, "success_count");
      st->error_count = CNT (o, "error_count");
      st->success_rate_pct = DBL (o, "success_rate_pct");
      st->error_rate_pct = DBL (o, "error_rate_pct");
      st->share_of_total_time_pct = DBL (o, "share_of_total_time_pct");
      st->n_outliers = json_array_get_length (outliers);
      st->outliers = g_new (double, MAX (st->n_outliers, 1));
      for (guint k = 0; k < st->n_outliers; k++)
        st->outliers[k] = node_double (rd, item (outliers, k), "steps.outliers");
      if (st->count == 0)
        rd->bad = rd->bad != NULL ? rd->bad : "steps.count";
    }
}

static gint
step_index (Parse      *p,
            JsonNode   *node,
            const char *where)
{
  gint64 i = node_int (&p->rd, node, where);

  if (i < 0 || i >= p->agg->n_steps)
    {
      p->rd.bad = p->rd.bad != NULL ? p->rd.bad : where;
      return 0;
    }
  return (gint) i;
}

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : (x > y);
}

/* Bucket starts: every bucket from the first to the last one with rows, gaps
 * included, when the starts lie on one grid (always so in UTC); otherwise
 * (days of 23 or 25 hours in local time) the starts that have rows. */
static guint
bucket_starts (GArray  *seen,
               gint64   width,
               gint64 **out)
{
  gint64 *s = (gint64 *) seen->data;
  guint n = 0;
  gboolean grid = TRUE;

  g_array_sort (seen, cmp_gint64);
  for (guint i = 0; i < seen->len; i++)
    if (i == 0 || s[i] != s[n - 1])
      s[n++] = s[i];
  for (guint i = 1; i < n && grid; i++)
    grid = (s[i] - s[0]) % width == 0;
  if (grid && n > 0 && (s[n - 1] - s[0]) / width + 1 <= 4 * (gint64) n + 1000000)
    {
      guint total = (guint) ((s[n - 1] - s[0]) / width + 1);

      *out = g_new (gint64, total);
      for (guint i = 0; i < total; i++)
        (*out)[i] = s[0] + (gint64) i * width;
      return total;
    }
  *out = g_new (gint64, MAX (n, 1));
  if (n > 0)
    memcpy (*out, s, n * sizeof (gint64));
  return n;
}

static guint
find_start (const gint64 *starts,
            guint         n,
            gint64        t)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
parse_trend (Parse      *p,
             JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  IlTrend *tr = &agg->trend;
  JsonObject *o = get_object (rd, root, "trend");
  JsonArray *cells = get_array (rd, o, "cells");
  guint n = json_array_get_length (cells);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gsize size;

  tr->bucket = agg->options.trend_bucket;
  tr->bucket_us = node_int (rd, member (o, "bucket_us"), "trend.bucket_us");
  if (tr->bucket_us <= 0)
    tr->bucket_us = il_bucket_size_get_us (tr->bucket);
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonArray *c = get_row (rd, cells, i, 4, "trend.cells");
      gint64 t = node_int (rd, item (c, 1), "trend.cells");

      g_array_append_val (seen, t);
    }
  tr->n_buckets = bucket_starts (seen, tr->bucket_us, &tr->bucket_start);
  tr->first_bucket_us = tr->n_buckets > 0 ? tr->bucket_start[0] : 0;
  tr->n_steps = agg->n_steps;
  size = (gsize) tr->n_steps * tr->n_buckets;
  tr->mean = g_new (double, MAX (size, 1));
  tr->count = g_new0 (guint32, MAX (size, 1));
  for (gsize i = 0; i < size; i++)
    tr->mean[i] = NAN;
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonArray *c = get_row (rd, cells, i, 4, "trend.cells");
      gint s = step_index (p, item (c, 0), "trend.cells");
      guint b = find_start (tr->bucket_start, tr->n_buckets, node_int (rd, item (c, 1), "trend.cells"));
      gsize cell = (gsize) s * tr->n_buckets + b;

      tr->mean[cell] = node_double (rd, item (c, 2), "trend.cells");
      tr->count[cell] = (guint32) node_count (rd, item (c, 3), "trend.cells");
    }
}

static void
parse_heatmap (Parse      *p,
               JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  IlHeatmap *hm = &agg->heatmap;
  JsonArray *cells = get_array (rd, get_object (rd, root, "heatmap"), "cells");
  guint n = json_array_get_length (cells);
  gint64 lo = G_MAXINT32, hi = G_MININT32;
  gsize size;

  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      gint64 t = node_int (rd, item (get_row (rd, cells, i, 4, "heatmap.cells"), 1), "heatmap.cells");

      lo = MIN (lo, t);
      hi = MAX (hi, t);
    }
  hm->n_steps = agg->n_steps;
  /* as the row store: no heatmap for turn spans too wide to draw */
  if (n == 0 || rd->bad != NULL || hi - lo >= 4096)
    {
      hm->turn_min = 0;
      hm->turn_max = -1;
      hm->mean = g_new (double, 1);
      hm->count = g_new0 (guint32, 1);
      return;
    }
  hm->turn_min = (gint32) lo;
  hm->turn_max = (gint32) hi;
  hm->n_turns = (guint) (hi - lo + 1);
  size = (gsize) hm->n_steps * hm->n_turns;
  hm->mean = g_new (double, MAX (size, 1));
  hm->count = g_new0 (guint32, MAX (size, 1));
  for (gsize i = 0; i < size; i++)
    hm->mean[i] = NAN;
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonArray *c = get_row (rd, cells, i, 4, "heatmap.cells");
      gint s = step_index (p, item (c, 0), "heatmap.cells");
      gsize cell = (gsize) s * hm->n_turns + (gsize) (node_int (rd, item (c, 1), "heatmap.cells") - lo);

      hm->mean[cell] = node_double (rd, item (c, 2), "heatmap.cells");
      hm->count[cell] = (guint32) node_count (rd, item (c, 3), "heatmap.cells");
    }
}

static void
parse_histogram (Reader      *rd,
                 JsonObject  *o,
                 IlHistogram *h)
{
  JsonArray *counts = get_array (rd, o, "counts");

  h->min = DBL (o, "min");
  h->max = DBL (o, "max");
  h->n_bins = json_array_get_length (counts);
  h->counts = g_new0 (guint64, MAX (h->n_bins, 1));
  for (guint i = 0; i < h->n_bins; i++)
    h->counts[i] = node_count (rd, item (counts, i), "histogram.counts");
}

static void
session_from_row (Reader           *rd,
                  JsonArray        *a,
                  IlSessionSummary *ss)
{
  const char *id = node_string (rd, item (a, 0), "sessions.rows");

  if (id == NULL || !il_uuid_parse (id, -1, &ss->id))
    rd->bad = rd->bad != NULL ? rd->bad : "sessions.rows";
  ss->first_start = node_int (rd, item (a, 1), "sessions.rows");
  ss->last_end = node_int (rd, item (a, 2), "sessions.rows");
  ss->n_rows = (guint32) node_count (rd, item (a, 3), "sessions.rows");
  ss->n_errors = (guint32) node_count (rd, item (a, 4), "sessions.rows");
  ss->n_success = (guint32) node_count (rd, item (a, 5), "sessions.rows");
  ss->n_turns = (guint32) node_count (rd, item (a, 6), "sessions.rows");
  ss->total_latency_ms = node_double (rd, item (a, 7), "sessions.rows");
}

/* Index of the session with that id in agg->sessions, appending it when the
 * list was cut short. */
static guint32
session_ref (Parse            *p,
             GHashTable       *by_id,
             GArray           *sessions,
             IlSessionSummary *ss)
{
  gpointer found;

  if (g_hash_table_lookup_extended (by_id, &ss->id, NULL, &found))
    return GPOINTER_TO_UINT (found);
  ss->session = sessions->len;
  g_array_append_val (sessions, *ss);
  g_hash_table_insert (by_id, &g_array_index (sessions, IlSessionSummary, sessions->len - 1).id,
                       GUINT_TO_POINTER (ss->session));
  return ss->session;
}

static guint
uuid_hash (gconstpointer key)
{
  const IlUuid *u = key;

  return (guint) (u->hi ^ (u->hi >> 32) ^ u->lo ^ (u->lo >> 32));
}

static gboolean
uuid_equal (gconstpointer a,
            gconstpointer b)
{
  return il_uuid_compare (a, b) == 0;
}

static void
parse_sessions (Parse      *p,
                JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  JsonObject *o = get_object (rd, root, "sessions");
  JsonArray *rows = get_array (rd, o, "rows");
  JsonArray *slowest = get_array (rd, o, "slowest");
  JsonArray *fastest = get_array (rd, o, "fastest");
  guint n = json_array_get_length (rows);
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  JsonObject *hist;

  p->sum->n_sessions = CNT (o, "count");
  /* room for the extra slowest/fastest ones: the hash table keys point into it */
  sessions = g_array_sized_new (FALSE, TRUE, sizeof (IlSessionSummary), n + 10);
  by_id = g_hash_table_new (uuid_hash, uuid_equal);
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      IlSessionSummary ss = { 0 };

      session_from_row (rd, get_row (rd, rows, i, 8, "sessions.rows"), &ss);
      session_ref (p, by_id, sessions, &ss);
    }
  agg->n_slowest_sessions = MIN (json_array_get_length (slowest), 5);
  agg->slowest_sessions = g_new (guint32, 5);
  for (guint i = 0; i < agg->n_slowest_sessions && rd->bad == NULL; i++)
    {
      IlSessionSummary ss = { 0 };

      session_from_row (rd, get_row (rd, slowest, i, 8, "sessions.slowest"), &ss);
      agg->slowest_sessions[i] = session_ref (p, by_id, sessions, &ss);
    }
  agg->n_fastest_sessions = MIN (json_array_get_length (fastest), 5);
  agg->fastest_sessions = g_new (guint32, 5);
  for (guint i = 0; i < agg->n_fastest_sessions && rd->bad == NULL; i++)
    {
      IlSessionSummary ss = { 0 };

      session_from_row (rd, get_row (rd, fastest, i, 8, "sessions.fastest"), &ss);
      agg->fastest_sessions[i] = session_ref (p, by_id, sessions, &ss);
    }
  agg->n_sessions = sessions->len;
  agg->sessions = (IlSessionSummary *) (gpointer) g_array_steal (sessions, NULL);
  if (agg->sessions == NULL)
    agg->sessions = g_new0 (IlSessionSummary, 1);
  for (guint i = 0; i < agg->n_sessions; i++)
    agg->sessions[i].session = i;

  hist = get_object (rd, o, "total_histogram");
  parse_histogram (rd, hist, &agg->session_total_histogram);
}

static IlStrId
intern (GHashTable *ids,
        const char *s)
{
  gpointer found;
  guint id;

  if (s == NULL)
    return IL_STR_NONE;
  if (g_hash_table_lookup_extended (ids, s, NULL, &found))
    return GPOINTER_TO_UINT (found);
  id = g_hash_table_size (ids);
  g_hash_table_insert (ids, (gpointer) s, GUINT_TO_POINTER (id));
  return id;
}

static void
parse_errors (Parse      *p,
              JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  JsonObject *o = get_object (rd, root, "errors");
  JsonArray *groups = get_array (rd, root, "error_groups");
  JsonArray *cells = get_array (rd, get_object (rd, root, "error_trend"), "cells");
  JsonArray *hours = get_array (rd, root, "error_dow_hour");
  JsonArray *sessions = get_array (rd, root, "error_sessions");
  g_autoptr(GHashTable) messages = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *most = member (o, "most_failing_step");
  guint n;

  agg->errors.total_errors = CNT (o, "total_errors");
  agg->errors.error_rate_pct = DBL (o, "error_rate_pct");
  agg->errors.sessions_with_errors = CNT (o, "sessions_with_errors");
  agg->errors.most_failing_step = most == NULL || JSON_NODE_HOLDS_NULL (most)
                                  ? -1 : step_index (p, most, "errors.most_failing_step");

  n = json_array_get_length (groups);
  agg->n_error_groups = n;
  agg->error_groups = g_new0 (IlErrorGroup, MAX (n, 1));
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonObject *g = get_element_object (rd, groups, i, "error_groups");
      IlErrorGroup *eg = &agg->error_groups[i];
      const char *step = node_string (rd, member (g, "step"), "error_groups.step");
      const char *message = node_string (rd, member (g, "message"), "error_groups.message");
      guint idx = step != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (p->step_by_name, step)) : 0;

      if (idx == 0)
        {
          rd->bad = rd->bad != NULL ? rd->bad : "error_groups.step";
          break;
        }
      eg->step = idx - 1;
      eg->step_name = agg->steps[idx - 1].name;
      if (message != NULL)
        eg->message_text = g_string_chunk_insert_const (p->sum->strings, message);
      eg->message = intern (messages, eg->message_text);
      eg->count = CNT (g, "count");
      eg->share_of_step_pct = DBL (g, "share_of_step_pct");
      eg->first_seen = node_int (rd, member (g, "first_seen_us"), "error_groups.first_seen_us");
      eg->last_seen = node_int (rd, member (g, "last_seen_us"), "error_groups.last_seen_us");
      eg->affected_sessions = CNT (g, "affected_sessions");
      eg->avg_latency_ms = DBL (g, "avg_latency_ms");
    }

  /* errors per day per step, over the days of the daily volume */
  {
    IlTrend *et = &agg->error_trend;

    et->bucket = IL_BUCKET_DAY;
    et->bucket_us = il_bucket_size_get_us (IL_BUCKET_DAY);
    et->n_buckets = agg->n_days;
    et->bucket_start = g_new (gint64, MAX (agg->n_days, 1));
    for (guint d = 0; d < agg->n_days; d++)
      et->bucket_start[d] = agg->daily_volume[d].day_start;
    et->first_bucket_us = agg->n_days > 0 ? et->bucket_start[0] : 0;
    et->n_steps = agg->n_steps;
    et->count = g_new0 (guint32, MAX ((gsize) agg->n_steps * agg->n_days, 1));
    n = json_array_get_length (cells);
    for (guint i = 0; i < n && rd->bad == NULL; i++)
      {
        JsonArray *c = get_row (rd, cells, i, 3, "error_trend.cells");
        gint s = step_index (p, item (c, 0), "error_trend.cells");
        gint64 t = node_int (rd, item (c, 1), "error_trend.cells");
        guint d = find_start (et->bucket_start, et->n_buckets, t);

        if (d >= et->n_buckets || et->bucket_start[d] != t)
          rd->bad = rd->bad != NULL ? rd->bad : "error_trend.cells";
        else
          et->count[(gsize) s * et->n_buckets + d] = (guint32) node_count (rd, item (c, 2), "error_trend.cells");
      }
  }

  n = json_array_get_length (hours);
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonArray *c = get_row (rd, hours, i, 3, "error_dow_hour");
      gint64 dow = node_int (rd, item (c, 0), "error_dow_hour");
      gint64 hour = node_int (rd, item (c, 1), "error_dow_hour");

      if (dow < 0 || dow > 6 || hour < 0 || hour > 23)
        rd->bad = rd->bad != NULL ? rd->bad : "error_dow_hour";
      else
        agg->error_dow_hour[dow][hour] = node_count (rd, item (c, 2), "error_dow_hour");
    }

  n = json_array_get_length (sessions);
  agg->error_sessions = g_new0 (IlErrorSession, MAX (n, 1));
  for (guint i = 0; i < n && rd->bad == NULL; i++)
    {
      JsonObject *s = get_element_object (rd, sessions, i, "error_sessions");
      IlErrorSession *es = &agg->error_sessions[agg->n_error_sessions++];
      const char *id = node_string (rd, member (s, "session_id"), "error_sessions.session_id");
      JsonArray *failed = get_array (rd, s, "failed_steps");
      guint n_failed = json_array_get_length (failed);

      if (id == NULL || !il_uuid_parse (id, -1, &es->id))
        rd->bad = rd->bad != NULL ? rd->bad : "error_sessions.session_id";
      es->session = G_MAXUINT32;
      for (guint k = 0; k < agg->n_sessions; k++)
        if (il_uuid_compare (&agg->sessions[k].id, &es->id) == 0)
          es->session = k;
      es->n_errors = (guint32) CNT (s, "errors");
      es->first_error = node_int (rd, member (s, "first_error_us"), "error_sessions.first_error_us");
      es->failed_steps = g_new (IlStrId, MAX (n_failed, 1));
      for (guint k = 0; k < n_failed && rd->bad == NULL; k++)
        {
          const char *name = node_string (rd, item (failed, k), "error_sessions.failed_steps");
          guint idx = name != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (p->step_by_name, name)) : 0;

          if (idx == 0)
            rd->bad = rd->bad != NULL ? rd->bad : "error_sessions.failed_steps";
          else
            es->failed_steps[es->n_failed_steps++] = idx - 1;
        }
    }
}

static void
parse_options (Parse      *p,
               JsonObject *root)
{
  Reader *rd = &p->rd;
  IlAggregates *agg = p->agg;
  JsonObject *o = get_object (rd, root, "options");
  const char *bucket = node_string (rd, member (o, "trend_bucket"), "options.trend_bucket");
  const char *zone = node_string (rd, member (o, "time_zone"), "options.time_zone");
  const char *bounds[2] = {
    node_string (rd, member (o, "created_min"), "options.created_min"),
    node_string (rd, member (o, "created_max"), "options.created_max"),
  };
  gint64 *fields[2] = { &agg->filter.created_min, &agg->filter.created_max };

  il_filter_init (&agg->filter);
  il_aggregate_options_init (&agg->options);
  if (g_strcmp0 (bucket, "5 min") == 0)
    agg->options.trend_bucket = IL_BUCKET_5_MIN;
  else if (g_strcmp0 (bucket, "15 min") == 0)
    agg->options.trend_bucket = IL_BUCKET_15_MIN;
  else if (g_strcmp0 (bucket, "hour") == 0)
    agg->options.trend_bucket = IL_BUCKET_HOUR;
  agg->options.local_time = zone != NULL && g_ascii_strcasecmp (zone, "UTC") != 0;
  for (guint i = 0; i < 2; i++)
    if (bounds[i] != NULL && !il_timestamp_parse (bounds[i], -1, fields[i], NULL))
      rd->bad = rd->bad != NULL ? rd->bad : "options";
}

/**
 * il_summary_parse:
 * @data: the JSON the function returned
 * @len: its length, or -1 when NUL-terminated
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the figures, or %NULL with @error set
 *   (%IL_SUMMARY_ERROR_OLD_VERSION when the function must be replaced)
 */
IlSummary *
il_summary_parse (const char  *data,
                  gssize       len,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(IlSummary) sum = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) step_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  Parse p = { { NULL }, NULL, NULL, NULL };
  Reader *rd = &p.rd;
  JsonNode *node;
  JsonObject *root, *key, *hist;
  JsonArray *statuses, *days, *turns;
  IlAggregates *agg;
  gint64 version;
  JsonNode *slowest;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_INVALID,
                   _("The database summary is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_INVALID,
                   _("The database summary is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);
  version = node_int (rd, member (root, "version"), "version");
  if (rd->bad != NULL || version < IL_SUMMARY_VERSION)
    {
      g_set_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_OLD_VERSION,
                   _("The database function interview_latency_summary is older than this app "
                     "(version %u needed): run data/sql/interview_latency_summary.sql again "
                     "in the Supabase SQL editor to update it"),
                   IL_SUMMARY_VERSION);
      return NULL;
    }

  sum = g_new0 (IlSummary, 1);
  sum->version = (guint) version;
  sum->strings = g_string_chunk_new (1024);
  sum->agg = agg = g_new0 (IlAggregates, 1);
  agg->p99_latency_ms = NAN;   /* not in the summary */
  p.sum = sum;
  p.agg = agg;
  p.step_by_name = step_by_name;

  parse_options (&p, root);

  key = get_object (rd, root, "key_metrics");
  agg->key.total_records = CNT (key, "total_records");
  agg->key.avg_latency_ms = DBL (key, "avg_latency_ms");
  agg->key.p95_latency_ms = DBL (key, "p95_latency_ms");
  agg->key.success_rate_pct = DBL (key, "success_rate_pct");
  agg->key.unique_sessions = CNT (key, "unique_sessions");
  agg->key.total_latency_ms = DBL (key, "total_latency_ms");

  parse_steps (&p, root);
  slowest = member (root, "slowest_step");
  agg->slowest_step = slowest == NULL || JSON_NODE_HOLDS_NULL (slowest)
                      ? -1 : step_index (&p, slowest, "slowest_step");

  statuses = get_array (rd, root, "status_counts");
  agg->n_statuses = json_array_get_length (statuses);
  agg->statuses = g_new0 (IlStatusCount, MAX (agg->n_statuses, 1));
  for (guint i = 0; i < agg->n_statuses && rd->bad == NULL; i++)
    {
      JsonObject *o = get_element_object (rd, statuses, i, "status_counts");
      const char *name = node_string (rd, member (o, "status"), "status_counts.status");
      IlStatusCount *sc = &agg->statuses[i];

      sc->status = i;
      sc->name = g_string_chunk_insert_const (sum->strings, name != NULL ? name : "");
      sc->count = CNT (o, "count");
      sc->mean_latency_ms = DBL (o, "mean_latency_ms");
      if (name == NULL)
        rd->bad = rd->bad != NULL ? rd->bad : "status_counts.status";
    }

  if (rd->bad == NULL)
    parse_trend (&p, root);
  if (rd->bad == NULL)
    parse_heatmap (&p, root);

  turns = get_array (rd, root, "turn_errors");
  agg->n_turn_errors = json_array_get_length (turns);
  agg->turn_errors = g_new0 (IlTurnErrorRate, MAX (agg->n_turn_errors, 1));
  for (guint i = 0; i < agg->n_turn_errors && rd->bad == NULL; i++)
    {
      JsonObject *o = get_element_object (rd, turns, i, "turn_errors");
      IlTurnErrorRate *t = &agg->turn_errors[i];

      t->turn = (gint32) node_int (rd, member (o, "turn"), "turn_errors.turn");
      t->count = CNT (o, "count");
      t->errors = CNT (o, "errors");
      t->error_rate_pct = DBL (o, "error_rate_pct");
    }

  days = get_array (rd, root, "daily_volume");
  agg->n_days = json_array_get_length (days);
  agg->daily_volume = g_new0 (IlDayCount, MAX (agg->n_days, 1));
  for (guint i = 0; i < agg->n_days && rd->bad == NULL; i++)
    {
      JsonArray *c = get_row (rd, days, i, 2, "daily_volume");

      agg->daily_volume[i].day_start = node_int (rd, item (c, 0), "daily_volume");
      agg->daily_volume[i].count = node_count (rd, item (c, 1), "daily_volume");
    }

  if (rd->bad == NULL)
    parse_sessions (&p, root);
  else
    {
      agg->sessions = g_new0 (IlSessionSummary, 1);
      agg->slowest_sessions = g_new (guint32, 1);
      agg->fastest_sessions = g_new (guint32, 1);
    }

  hist = get_object (rd, root, "latency_histogram");
  parse_histogram (rd, hist, &agg->latency_histogram);

  if (rd->bad == NULL)
    parse_errors (&p, root);

  if (rd->bad != NULL)
    {
      g_set_error (error, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_INVALID,
                   _("The database summary has an unexpected “%s”: is "
                     "interview_latency_summary the function shipped with this app?"),
                   rd->bad);
      return NULL;
    }
  return g_steal_pointer (&sum);
}

void
il_summary_free (IlSummary *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->agg, il_aggregates_free);
  if (self->strings != NULL)
    g_string_chunk_free (self->strings);
  g_free (self);
}
