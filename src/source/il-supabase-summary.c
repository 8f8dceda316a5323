/* il-supabase-summary.c: the figures computed by the database, through
 * PostgREST's POST /rest/v1/rpc/interview_latency_summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request, no paging: the answer is a few hundred kilobytes whatever the
 * table's size. The same headers as the row client (apikey always, Bearer only
 * for JWT keys), no redirect followed, the key scrubbed from every message.
 */
#include "config.h"

#include "il-supabase-summary.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-config.h"
#include "il-task-start.h"

#define DEFAULT_TIMEOUT_S 120

/**
 * il_summary_query_init:
 * @query: the query to reset
 *
 * Every row, daily UTC buckets, every step's histogram, every session.
 */
void
il_summary_query_init (IlSummaryQuery *query)
{
  g_return_if_fail (query != NULL);

  query->created_min = IL_TIME_NONE;
  query->created_max = IL_TIME_NONE;
  query->trend_bucket = IL_BUCKET_DAY;
  query->time_zone = NULL;
  query->histogram_step = NULL;
  query->session_limit = -1;
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       us)
{
  g_autoptr(GDateTime) secs = NULL;
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *text = NULL;

  if (us == IL_TIME_NONE)
    return;
  secs = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  t = g_date_time_add (secs, us % G_USEC_PER_SEC);   /* before 1970 the remainder is negative */
  text = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S.%fZ");
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, text);
}

/**
 * il_summary_query_to_json:
 * @query: the query
 *
 * Returns: (transfer full): the body of the RPC call, e.g.
 *   `{"created_min":"2026-01-01T00:00:00.000000Z","trend_bucket":"hour"}`
 */
char *
il_summary_query_to_json (const IlSummaryQuery *query)
{
  static const char *const buckets[] = { "5 min", "15 min", "hour", "day" };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail ((guint) query->trend_bucket < G_N_ELEMENTS (buckets), NULL);

  json_builder_begin_object (b);
  add_time (b, "created_min", query->created_min);
  add_time (b, "created_max", query->created_max);
  json_builder_set_member_name (b, "trend_bucket");
  json_builder_add_string_value (b, buckets[query->trend_bucket]);
  if (query->time_zone != NULL)
    {
      json_builder_set_member_name (b, "time_zone");
      json_builder_add_string_value (b, query->time_zone);
    }
  if (query->histogram_step != NULL)
    {
      json_builder_set_member_name (b, "histogram_step");
      json_builder_add_string_value (b, query->histogram_step);
    }
  if (query->session_limit >= 0)
    {
      json_builder_set_member_name (b, "session_limit");
      json_builder_add_int_value (b, query->session_limit);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* ---- the call ----------------------------------------------------------------- */

typedef struct
{
  char        *key;
  char        *base_url;
  SoupSession *session;
  SoupMessage *msg;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->key);
  g_free (call->base_url);
  g_clear_object (&call->msg);
  g_clear_object (&call->session);
  g_free (call);
}

/* Never let the key reach a message, even if a server echoed it. */
static void
task_return_error (GTask       *task,
                   GQuark       domain,
                   gint         code,
                   const char  *text)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GString) s = g_string_new (text);

  if (call->key != NULL && call->key[0] != '\0')
    g_string_replace (s, call->key, "…", 0);
  g_task_return_new_error (task, domain, code, "%s", s->str);
}

static void
parse_error_body (GBytes  *body,
                  char   **code,
                  char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonObject *o;

  *code = *message = NULL;
  if (data == NULL || len == 0 || len > 64 * 1024 || !json_parser_load_from_data (parser, data, len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "code") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "code")))
    *code = g_strdup (json_object_get_string_member (o, "code"));
  if (json_object_has_member (o, "message") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "message")))
    *message = g_strdup (json_object_get_string_member (o, "message"));
}

static void
return_http_error (GTask  *task,
                   guint   status,
                   GBytes *body)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *what = NULL;

  parse_error_body (body, &code, &message);
  if (code != NULL)
    what = g_strdup_printf ("%s: %s", code, message != NULL ? message : "");
  else if (message != NULL)
    what = g_strdup (message);
  else
    what = g_strdup_printf ("HTTP %u", status);

  if (g_strcmp0 (code, "PGRST202") == 0)
    {
      task_return_error (task, IL_SUMMARY_ERROR, IL_SUMMARY_ERROR_MISSING,
                         _("The database has no function interview_latency_summary. Run "
                           "data/sql/interview_latency_summary.sql in the Supabase SQL editor "
                           "(see the README), or compute the figures in the app."));
      return;
    }
  if (status == 401 || status == 403)
    {
      text = g_strdup_printf (_("The API key was rejected (%s). Copy the anon or publishable "
                                "key again from the project’s API settings."), what);
      task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_KEY_REJECTED, text);
      return;
    }
  if (g_strcmp0 (code, "57014") == 0)
    {
      task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_STATEMENT_TIMEOUT,
                         _("The database stopped the summary because it took too long "
                           "(57014 statement timeout). Raise the statement timeout of the "
                           "key’s role (see the README) or analyse fewer days."));
      return;
    }
  if (status >= 500)
    {
      text = g_strdup_printf (_("The server failed (%s). Try again later."), what);
      task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_SERVER_ERROR, text);
      return;
    }
  text = g_strdup_printf (_("The server rejected the request (%s)."), what);
  task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_REQUEST, text);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GBytes *body = data;
  gsize len = 0;
  const char *text = g_bytes_get_data (body, &len);
  GError *error = NULL;
  IlSummary *summary = il_summary_parse (text != NULL ? text : "", (gssize) len, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) il_summary_free);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  IlSummary *summary = g_task_propagate_pointer (G_TASK (result), &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) il_summary_free);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;
  GCancellable *cancellable;
  GTask *parse;
  guint status;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_TIMEOUT,
                           _("The database summary did not arrive in time. Try again, or analyse fewer days."));
      else
        {
          text = g_strdup_printf (_("The server at %s cannot be reached (%s). Check the URL and "
                                    "your network connection."), call->base_url, error->message);
          task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_UNREACHABLE, text);
        }
      return;
    }

  status = soup_message_get_status (call->msg);
  if (status != SOUP_STATUS_OK)
    {
      return_http_error (task, status, body);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  parse = g_task_new (NULL, cancellable, parsed_cb, g_steal_pointer (&task));
  g_task_set_task_data (parse, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
  il_task_run_in_background (parse, parse_thread);
  g_object_unref (parse);
}

/**
 * il_supabase_summary_fetch_async:
 * @base_url: the project URL
 * @key: the API key
 * @query: the arguments
 * @timeout_s: seconds without progress before giving up, 0 for the default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: for @callback
 *
 * POSTs @query to the function and parses the answer off the main thread.
 */
void
il_supabase_summary_fetch_async (const char           *base_url,
                                 const char           *key,
                                 const IlSummaryQuery *query,
                                 guint                 timeout_s,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  gsize body_len;
  Call *call;

  g_return_if_fail (query != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_summary_fetch_async);
  call = g_new0 (Call, 1);
  call->key = g_strdup (key);
  g_task_set_task_data (task, call, call_free);

  if (key == NULL || key[0] == '\0' || base_url == NULL || base_url[0] == '\0')
    {
      task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_NOT_CONFIGURED,
                         _("No data source is configured: set SUPABASE_URL and SUPABASE_KEY."));
      return;
    }
  if (!il_supabase_url_normalize (base_url, &call->base_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  uri = g_strconcat (call->base_url, "/rest/v1/rpc/" IL_SUMMARY_FUNCTION, NULL);
  call->msg = soup_message_new (SOUP_METHOD_POST, uri);
  if (call->msg == NULL)
    {
      task_return_error (task, IL_SOURCE_ERROR, IL_SOURCE_ERROR_BAD_URL,
                         _("The request address could not be built from the project URL."));
      return;
    }
  /* a redirect could carry the key to another origin */
  soup_message_add_flags (call->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "apikey", key);
  if (il_key_kind_is_jwt (il_key_kind (key)))
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", key, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  body = il_summary_query_to_json (query);
  body_len = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), body_len);
  soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);

  call->session = soup_session_new_with_options ("timeout", timeout_s > 0 ? timeout_s : DEFAULT_TIMEOUT_S,
                                                 "user-agent", "interview-latency/" PACKAGE_VERSION,
                                                 NULL);
  /* a proxy would see the key in clear over http to loopback */
  if (il_url_is_loopback (call->base_url))
    soup_session_set_proxy_resolver (call->session, NULL);
  soup_session_send_and_read_async (call->session, call->msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

/**
 * il_supabase_summary_fetch_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the figures
 */
IlSummary *
il_supabase_summary_fetch_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
