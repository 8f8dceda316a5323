/* il-supabase-plan.c: the fetch's partitions: where they start (two
 * probes for the earliest and latest created_at), how a busy one is split
 * for an idle lane, and the check of each against its exact count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "il-supabase-fetch-private.h"

/* Time slices hold unequal numbers of rows. When a lane is idle and nothing
 * is left to start, a partition that just got a full page gives the second
 * half of its remaining time range to a new partition. Between two pages
 * nothing is in flight for it, so the ranges never overlap. */
void
_il_supabase_partition_maybe_split (Fetch *f, Partition *p, guint n_objects)
{
  IlSupabaseClient *self = f->client;
  guint active = 0;
  guint index = 0;
  gint64 upper;
  gint64 mid;
  Partition *q;

  if (p->null_part || p->last_t_text != NULL || n_objects < f->max_page || self->concurrency < 2)
    return;
  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *o = g_ptr_array_index (f->partitions, i);
      if (!o->started)
        return;
      if (!o->done)
        active++;
      if (o == p)
        index = i;
    }
  if (active >= self->concurrency)
    return;

  upper = p->hi != IL_TIME_NONE ? p->hi : g_get_real_time ();
  if (upper - p->last_t < 2 * G_USEC_PER_SEC)
    return;
  mid = p->last_t + (upper - p->last_t) / 2;

  q = _il_supabase_partition_new (p->group, mid, p->hi);
  q->split = TRUE;
  p->hi = mid;
  g_ptr_array_insert (f->partitions, index + 1, q);
  g_debug ("Split a partition: %u partitions now", f->partitions->len);
}

static gboolean
group_done (Fetch *f, Group *g)
{
  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->group == g && !p->done)
        return FALSE;
    }
  return TRUE;
}

static guint64
group_objects (Fetch *f, Group *g)
{
  guint64 n = 0;

  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->group == g)
        n += p->objects;
    }
  return n;
}

static char *
group_query (Fetch *f, Group *g)
{
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");

  _il_supabase_append_param (q, "select", "metric_id");
  if (g->null_part)
    _il_supabase_append_param (q, "created_at", "is.null");
  else
    {
      if (g->lo != IL_TIME_NONE)
        {
          g_autofree char *t = _il_supabase_format_time (g->lo);
          g_autofree char *v = g_strconcat ("gte.", t, NULL);
          _il_supabase_append_param (q, "created_at", v);
        }
      else
        _il_supabase_append_param (q, "created_at", "not.is.null");
      if (g->hi != IL_TIME_NONE)
        {
          g_autofree char *t = _il_supabase_format_time (g->hi);
          g_autofree char *v = g_strconcat ("lt.", t, NULL);
          _il_supabase_append_param (q, "created_at", v);
        }
    }
  _il_supabase_append_param (q, "limit", "1");
  return g_string_free (q, FALSE);
}

/* Fetches the group's range again, from a single counted partition. */
static void
group_refetch (Fetch *f, Group *g)
{
  guint at = f->partitions->len;

  for (guint i = f->partitions->len; i-- > 0;)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->group == g)
        {
          f->fetched -= p->rows;
          g_ptr_array_remove_index (f->partitions, i);
          at = i;
        }
    }
  g->attempts++;
  g->count = -1;
  g_ptr_array_insert (f->partitions, at, _il_supabase_partition_new (g, g->lo, g->hi));
  _il_supabase_fetch_report_progress (f);
}

static void
group_short_error (Fetch *f, Group *g, guint64 got, gint64 counted)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *n_got = g_strdup_printf ("%" G_GUINT64_FORMAT, got);
  g_autofree char *n_counted = g_strdup_printf ("%" G_GINT64_FORMAT, counted);

  _il_supabase_set_error (f->client, &error, IL_SOURCE_ERROR_PARTIAL_FETCH,
                          _("The server sent %s rows where it counted %s, also when asked again. The figures would be wrong, so they are not shown. Try again; if it persists, check any proxy or gateway between you and Supabase."),
                          n_got, n_counted);
  _il_supabase_fetch_fail (f, error);
}

static void
recount_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  Group *g = req->part;
  gint64 now_counted = body != NULL ? _il_supabase_content_range_total (req->msg) : -1;
  guint64 got;

  f->running--;
  g->recounting = FALSE;
  _il_supabase_request_free (req);
  if (f->error != NULL || body == NULL)
    {
      if (error != NULL)
        _il_supabase_fetch_fail (f, error);
      _il_supabase_fetch_pump (f);
      return;
    }
  got = group_objects (f, g);
  /* Rows deleted while the pages were read explain a shortfall. */
  if (now_counted >= 0 && (guint64) now_counted <= got)
    g->checked = TRUE;
  else if (g->attempts < 1)
    {
      g_debug ("A partition got %" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT " rows: fetching it again",
               got, now_counted);
      group_refetch (f, g);
    }
  else
    group_short_error (f, g, got, now_counted >= 0 ? now_counted : g->count);
  _il_supabase_fetch_pump (f);
}

/* Compares each finished group with its count; TRUE when all are checked. */
gboolean
_il_supabase_fetch_check_groups (Fetch *f)
{
  gboolean all = TRUE;

  for (guint i = 0; i < f->groups->len && f->error == NULL; i++)
    {
      Group *g = g_ptr_array_index (f->groups, i);
      IlSupabaseRequest *req;

      if (g->checked)
        continue;
      if (g->recounting || !group_done (f, g))
        {
          all = FALSE;
          continue;
        }
      if (g->count < 0 || group_objects (f, g) >= (guint64) g->count)
        {
          g->checked = TRUE;
          continue;
        }
      all = FALSE;
      g->recounting = TRUE;
      req = _il_supabase_request_new (f->client, group_query (f, g), TRUE, f->cancellable, recount_done, f);
      req->part = g;
      f->running++;
      _il_supabase_request_send (req);
    }
  return all && f->error == NULL;
}

Partition *
_il_supabase_partition_new (Group *group, gint64 lo, gint64 hi)
{
  Partition *p = g_new0 (Partition, 1);

  p->group = group;
  p->lo = lo;
  p->hi = hi;
  p->null_part = group->null_part;
  p->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_batch_free);
  return p;
}

static void
add_group (Fetch *f, gint64 lo, gint64 hi, gboolean null_part)
{
  Group *g = g_new0 (Group, 1);

  g->lo = lo;
  g->hi = hi;
  g->null_part = null_part;
  g->count = -1;
  g_ptr_array_add (f->groups, g);
  g_ptr_array_add (f->partitions, _il_supabase_partition_new (g, lo, hi));
}

/* Slices where the rows are: between the earliest and the latest created_at
 * the probes found (not the calendar range asked for, which may be mostly
 * empty), the first slice unbounded below the range's start and the last
 * open-ended. */
void
_il_supabase_fetch_plan (Fetch *f)
{
  IlSupabaseClient *self = f->client;
  gint64 lo = f->probe_lo;
  gint64 hi = f->probe_hi;
  guint k = self->concurrency;

  if (lo == IL_TIME_NONE || hi == IL_TIME_NONE || hi - lo < (gint64) k * G_USEC_PER_SEC)
    k = 1;

  for (guint i = 0; i < k; i++)
    {
      gint64 a = i == 0 ? f->created_min : lo + (gint64) ((double) (hi - lo) * i / k);
      gint64 b = i + 1 == k ? IL_TIME_NONE : lo + (gint64) ((double) (hi - lo) * (i + 1) / k);
      add_group (f, a, b, FALSE);
    }
  if (f->created_min == IL_TIME_NONE)
    add_group (f, IL_TIME_NONE, IL_TIME_NONE, TRUE);
  f->planned = TRUE;
}

/* The created_at of the first row of a one-row answer. */
static gint64
first_created_at (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;
  JsonNode *row;
  JsonNode *created;
  gint64 t;
  gint16 off;

  if (!json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (root)
      || json_array_get_length (json_node_get_array (root)) == 0)
    return IL_TIME_NONE;
  row = json_array_get_element (json_node_get_array (root), 0);
  if (!JSON_NODE_HOLDS_OBJECT (row))
    return IL_TIME_NONE;
  created = json_object_get_member (json_node_get_object (row), "created_at");
  if (created == NULL || !JSON_NODE_HOLDS_VALUE (created)
      || json_node_get_value_type (created) != G_TYPE_STRING
      || !il_timestamp_parse (json_node_get_string (created), -1, &t, &off))
    return IL_TIME_NONE;
  return t;
}

static void
probe_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  gboolean latest = GPOINTER_TO_INT (req->part);

  f->running--;
  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        _il_supabase_fetch_fail (f, error);
      _il_supabase_request_free (req);
      _il_supabase_fetch_pump (f);
      return;
    }
  if (latest)
    f->probe_hi = first_created_at (body);
  else
    f->probe_lo = first_created_at (body);
  _il_supabase_request_free (req);

  if (++f->probes == 2)
    _il_supabase_fetch_plan (f);
  _il_supabase_fetch_pump (f);
}

void
_il_supabase_fetch_probe (Fetch *f, gboolean latest)
{
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");
  IlSupabaseRequest *req;

  _il_supabase_append_param (q, "select", "created_at");
  if (f->created_min != IL_TIME_NONE)
    {
      g_autofree char *t = _il_supabase_format_time (f->created_min);
      g_autofree char *v = g_strconcat ("gte.", t, NULL);
      _il_supabase_append_param (q, "created_at", v);
    }
  else
    _il_supabase_append_param (q, "created_at", "not.is.null");
  _il_supabase_append_param (q, "order", latest ? "created_at.desc,metric_id.desc" : "created_at.asc,metric_id.asc");
  _il_supabase_append_param (q, "limit", "1");
  req = _il_supabase_request_new (f->client, g_string_free (q, FALSE), FALSE, f->cancellable, probe_done, f);
  req->part = GINT_TO_POINTER (latest);
  f->running++;
  _il_supabase_request_send (req);
}
