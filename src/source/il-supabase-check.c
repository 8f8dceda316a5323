/* il-supabase-check.c: the connection check and the diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-config.h"
#include "il-supabase-client-private.h"

/* ---- connection check ------------------------------------------------- */

void
il_connection_check_free (IlConnectionCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->message);
  g_free (check);
}

static IlConnectionCheck *
check_from_error (const GError *error)
{
  IlConnectionCheck *check = g_new0 (IlConnectionCheck, 1);

  check->rows_visible = -1;
  check->message = g_strdup (error->message);
  if (error->domain != IL_SOURCE_ERROR)
    check->state = IL_CONNECTION_FAILED;
  else
    switch (error->code)
      {
      case IL_SOURCE_ERROR_KEY_REJECTED: check->state = IL_CONNECTION_KEY_REJECTED; break;
      case IL_SOURCE_ERROR_TABLE_MISSING: check->state = IL_CONNECTION_TABLE_MISSING; break;
      case IL_SOURCE_ERROR_DNS:
      case IL_SOURCE_ERROR_UNREACHABLE:
      case IL_SOURCE_ERROR_TIMEOUT: check->state = IL_CONNECTION_UNREACHABLE; break;
      case IL_SOURCE_ERROR_TLS: check->state = IL_CONNECTION_TLS_ERROR; break;
      default: check->state = IL_CONNECTION_FAILED; break;
      }
  return check;
}

static gint
count_array (GBytes *body, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, IL_SOURCE_ERROR, IL_SOURCE_ERROR_INVALID_RESPONSE,
                           _("The server’s answer is not a list of rows. Check that the URL is the Supabase project URL."));
      return -1;
    }
  return (gint) json_array_get_length (json_node_get_array (root));
}

static void
check_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  GTask *task = req->data;
  g_autoptr(GError) local_error = NULL;
  IlConnectionCheck *check;
  gint n;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, check_from_error (error), (GDestroyNotify) il_connection_check_free);
      _il_supabase_request_free (req);
      g_object_unref (task);
      return;
    }

  n = count_array (body, &local_error);
  if (n < 0)
    {
      g_task_return_pointer (task, check_from_error (local_error), (GDestroyNotify) il_connection_check_free);
      _il_supabase_request_free (req);
      g_object_unref (task);
      return;
    }

  check = g_new0 (IlConnectionCheck, 1);
  check->rows_visible = _il_supabase_content_range_total (req->msg);
  if (n == 0)
    {
      check->state = IL_CONNECTION_NO_ROWS_VISIBLE;
      check->rows_visible = 0;
      check->message = g_strdup (_("Connected, but no rows are visible. If the table has rows, check its Row Level Security policies: the key’s role needs a SELECT policy."));
    }
  else
    {
      check->state = IL_CONNECTION_CONNECTED;
      if (check->rows_visible >= 0)
        {
          /* Formatted first: a G_GINT64_FORMAT inside the message hides it from xgettext. */
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, check->rows_visible);

          check->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected: %s row visible.",
                                                         "Connected: %s rows visible.",
                                                         (gulong) MIN (check->rows_visible, G_MAXLONG)),
                                            count);
        }
      else
        check->message = g_strdup (_("Connected."));
    }
  _il_supabase_request_free (req);
  g_task_return_pointer (task, check, (GDestroyNotify) il_connection_check_free);
  g_object_unref (task);
}

void
il_supabase_client_check_async (IlSupabaseClient    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  IlSupabaseRequest *req;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_check_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_pointer (task, check_from_error (error), (GDestroyNotify) il_connection_check_free);
      g_object_unref (task);
      return;
    }

  req = _il_supabase_request_new (self, g_strdup (IL_SUPABASE_TABLE "?select=metric_id&limit=1"), TRUE,
                     cancellable, check_done, task);
  _il_supabase_request_send (req);
}

IlConnectionCheck *
il_supabase_client_check_finish (IlSupabaseClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* What a page that takes seconds means, and the fix. */
char *
_il_supabase_index_advice (guint slowest_ms)
{
  g_autofree char *secs = g_strdup_printf ("%.1f", slowest_ms / 1000.0);

  return g_strdup_printf (_("Some pages took more than a second to read (the slowest %s s): the database scans the table for each page. Add an index in the SQL editor: create index on %s (created_at, metric_id);"),
                          secs, IL_SUPABASE_TABLE);
}

/* ---- diagnostics -------------------------------------------------- */

void
il_diagnostic_free (IlDiagnostic *diag)
{
  if (diag == NULL)
    return;
  g_free (diag->title);
  g_free (diag->detail);
  g_free (diag);
}

static void
add_diag (GPtrArray *list, const char *title, gboolean ok, char *detail)
{
  IlDiagnostic *d = g_new0 (IlDiagnostic, 1);

  d->title = g_strdup (title);
  d->ok = ok;
  d->detail = detail;
  g_ptr_array_add (list, d);
}

typedef struct
{
  GPtrArray *list;
  guint      step;
} Diagnose;

static void
diagnose_free (Diagnose *d)
{
  g_ptr_array_unref (d->list);
  g_free (d);
}

static void diagnose_step (GTask *task);

static void
diagnose_done (IlSupabaseRequest *req, GBytes *body, GError *error)
{
  GTask *task = req->data;
  Diagnose *d = g_task_get_task_data (task);
  IlSupabaseClient *self = req->client;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _il_supabase_request_free (req);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
      return;
    }

  switch (d->step)
    {
    case 0:
      if (body == NULL)
        add_diag (d->list, _("Exact row count"), FALSE, g_strdup (error->message));
      else
        {
          gint64 total = _il_supabase_content_range_total (req->msg);
          char *detail;

          if (total >= 0)
            {
              /* Formatted first: a G_GINT64_FORMAT inside the message hides it from xgettext. */
              g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, total);

              detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row visible to this key",
                                                     "%s rows visible to this key",
                                                     (gulong) MIN (total, G_MAXLONG)),
                                        count);
            }
          else
            detail = g_strdup (_("The server did not give a count"));
          add_diag (d->list, _("Exact row count"), total > 0, detail);
        }
      break;
    case 1:
      if (body == NULL)
        add_diag (d->list, _("Sample of 5 rows, no filter"), FALSE, g_strdup (error->message));
      else
        {
          g_autoptr(GError) parse_error = NULL;
          g_autoptr(IlRowBatch) batch = il_row_batch_parse_json (g_bytes_get_data (body, NULL),
                                                                 g_bytes_get_size (body), &parse_error);
          if (batch == NULL)
            add_diag (d->list, _("Sample of 5 rows, no filter"), FALSE, g_strdup (parse_error->message));
          else if (il_row_batch_get_n_skipped (batch) > 0)
            add_diag (d->list, _("Sample of 5 rows, no filter"), FALSE,
                      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of the rows does not fit the schema: %s",
                                                    "%u of the rows do not fit the schema: %s",
                                                    il_row_batch_get_n_skipped (batch)),
                                       il_row_batch_get_n_skipped (batch),
                                       il_row_batch_get_skip_reason (batch)));
          else
            add_diag (d->list, _("Sample of 5 rows, no filter"), il_row_batch_get_n_rows (batch) > 0,
                      il_row_batch_get_n_rows (batch) > 0
                      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row read, it fits the schema",
                                                      "%u rows read, all fit the schema",
                                                      il_row_batch_get_n_rows (batch)),
                                         il_row_batch_get_n_rows (batch))
                      : g_strdup (_("No rows returned: check the Row Level Security policies")));
        }
      break;
    case 2:
      add_diag (d->list, _("Single-column query (created_at)"), body != NULL,
                body != NULL ? g_strdup (_("The created_at column can be read and filtered"))
                             : g_strdup (error->message));
      break;
    case 3:
    default:
      /* a page as the fetch asks for it: slow without an index */
      if (body == NULL)
        add_diag (d->list, _("Page speed"), FALSE, g_strdup (error->message));
      else if (req->elapsed_us > G_USEC_PER_SEC)
        add_diag (d->list, _("Page speed"), FALSE, _il_supabase_index_advice ((guint) (req->elapsed_us / 1000)));
      else
        {
          g_autofree char *secs = g_strdup_printf ("%.2f", req->elapsed_us / 1e6);
          add_diag (d->list, _("Page speed"), TRUE,
                    g_strdup_printf (_("A page in (created_at, metric_id) order took %s s"), secs));
        }
      break;
    }
  (void) self;
  _il_supabase_request_free (req);
  d->step++;
  diagnose_step (task);
}

static void
diagnose_step (GTask *task)
{
  IlSupabaseClient *self = g_task_get_source_object (task);
  Diagnose *d = g_task_get_task_data (task);
  const char *queries[] = {
    IL_SUPABASE_TABLE "?select=metric_id&limit=1",
    IL_SUPABASE_TABLE "?select=" IL_SUPABASE_ALL_COLUMNS "&limit=5",
    IL_SUPABASE_TABLE "?select=created_at&created_at=gte.1970-01-01T00:00:00Z&order=created_at.desc&limit=1",
    IL_SUPABASE_TABLE "?select=" IL_SUPABASE_ALL_COLUMNS "&created_at=not.is.null"
      "&order=created_at.asc,metric_id.asc&limit=1000",
  };
  IlSupabaseRequest *req;

  if (d->step >= G_N_ELEMENTS (queries))
    {
      g_task_return_pointer (task, g_ptr_array_ref (d->list), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  req = _il_supabase_request_new (self, g_strdup (queries[d->step]), d->step == 0,
                     g_task_get_cancellable (task), diagnose_done, task);
  _il_supabase_request_send (req);
}

void
il_supabase_client_diagnose_async (IlSupabaseClient    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  Diagnose *d;
  GTask *task;
  IlKeyKind kind;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_diagnose_async);
  g_task_set_check_cancellable (task, FALSE);
  d = g_new0 (Diagnose, 1);
  d->list = g_ptr_array_new_with_free_func ((GDestroyNotify) il_diagnostic_free);
  g_task_set_task_data (task, d, (GDestroyNotify) diagnose_free);

  add_diag (d->list, _("Supabase URL"), self->url_error == NULL,
            self->url_error == NULL ? g_strdup (self->base_url) : g_strdup (self->url_error->message));
  kind = il_key_kind (self->key);
  add_diag (d->list, _("API key"), kind != IL_KEY_KIND_NONE,
            g_strdup (il_key_kind_describe (kind)));

  if (!_il_supabase_check_ready (self, &error))
    {
      g_task_return_pointer (task, g_ptr_array_ref (d->list), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  diagnose_step (task);
}

GPtrArray *
il_supabase_client_diagnose_finish (IlSupabaseClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
