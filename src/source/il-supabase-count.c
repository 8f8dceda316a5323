/* il-supabase-count.c: the exact number of rows in a span of created_at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * limit=0 with Prefer: count=exact: PostgREST answers an empty array and
 * the total in Content-Range ("*\/123"), which costs the database one count
 * and sends no rows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-supabase-client-private.h"
#include "il-supabase-range.h"
#include "il-supabase-range-private.h"

static void
append_time (GString *q, const char *name, const char *op, gint64 t)
{
  g_autofree char *s = _il_supabase_format_time (t);
  g_autofree char *v = g_strconcat (op, ".", s, NULL);

  _il_supabase_append_param (q, name, v);
}

void
_il_supabase_append_range (GString     *q,
                           gint64       lo,
                           gint64       hi,
                           IlRangeRows  rows)
{
  if (rows == IL_RANGE_NULL_ONLY)
    {
      _il_supabase_append_param (q, "created_at", "is.null");
      return;
    }
  if (rows == IL_RANGE_DATED)
    {
      if (lo != IL_TIME_NONE)
        append_time (q, "created_at", "gte", lo);
      else
        _il_supabase_append_param (q, "created_at", "not.is.null");
      if (hi != IL_TIME_NONE)
        append_time (q, "created_at", "lt", hi);
      return;
    }

  /* dated and null: or=(and(created_at.gte.A,created_at.lt.B),created_at.is.null) */
  if (lo == IL_TIME_NONE && hi == IL_TIME_NONE)
    return;
  {
    g_autofree char *a = lo != IL_TIME_NONE ? _il_supabase_format_time (lo) : NULL;
    g_autofree char *b = hi != IL_TIME_NONE ? _il_supabase_format_time (hi) : NULL;
    g_autofree char *dated = NULL;
    g_autofree char *v = NULL;

    if (a != NULL && b != NULL)
      dated = g_strdup_printf ("and(created_at.gte.%s,created_at.lt.%s)", a, b);
    else if (a != NULL)
      dated = g_strdup_printf ("created_at.gte.%s", a);
    else
      dated = g_strdup_printf ("created_at.lt.%s", b);
    v = g_strdup_printf ("(%s,created_at.is.null)", dated);
    _il_supabase_append_param (q, "or", v);
  }
}

/* Returns the task of req->data with the Content-Range total. */
void
_il_supabase_count_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  GTask *task = req->data;
  gint64 total;

  if (body == NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      _il_supabase_request_free (req);
      g_object_unref (task);
      return;
    }
  total = _il_supabase_content_range_total (req->msg);
  if (total < 0)
    {
      g_autoptr(GError) bad = NULL;

      _il_supabase_set_error (req->client, &bad, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("The server did not say how many rows there are. Check that the URL points to the Supabase project API."));
      g_task_return_error (task, g_steal_pointer (&bad));
    }
  else
    g_task_return_int (task, total);
  _il_supabase_request_free (req);
  g_object_unref (task);
}

void
il_supabase_client_count_async (IlSupabaseClient    *self,
                                gint64               lo,
                                gint64               hi,
                                IlRangeRows          rows,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  GString *q;
  IlSupabaseRequest *req;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_count_async);
  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  q = g_string_new (IL_SUPABASE_TABLE "?");
  _il_supabase_append_param (q, "select", "metric_id");
  _il_supabase_append_range (q, lo, hi, rows);
  _il_supabase_append_param (q, "limit", "0");
  req = _il_supabase_request_new (self, g_string_free (q, FALSE), TRUE, cancellable, _il_supabase_count_done, task);
  _il_supabase_request_send (req);
}

gint64
il_supabase_client_count_finish (IlSupabaseClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
