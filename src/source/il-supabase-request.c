/* il-supabase-request.c: one PostgREST request with retries, and the
 * mapping of HTTP and transport failures to messages a user can act on
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

#define MAX_RETRY_AFTER 60   /* s: never wait longer on a 429 */

/* ---- errors ----------------------------------------------------------- */

/* Never let the key reach a message, even if a server echoed it. */
static char *
scrub (IlSupabaseClient *self, const char *text)
{
  g_autoptr(GString) s = g_string_new (text);

  if (self->key != NULL && self->key[0] != '\0')
    g_string_replace (s, self->key, "…", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

G_GNUC_PRINTF (4, 5)
void
_il_supabase_set_error (IlSupabaseClient *self, GError **error, IlSourceError code, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (error != NULL)
    {
      g_autofree char *clean = scrub (self, text);
      g_set_error_literal (error, IL_SOURCE_ERROR, code, clean);
    }
}

static gboolean
is_retryable (const GError *error)
{
  if (error->domain != IL_SOURCE_ERROR)
    return FALSE;
  switch (error->code)
    {
    case IL_SOURCE_ERROR_UNREACHABLE:
    case IL_SOURCE_ERROR_TIMEOUT:
    case IL_SOURCE_ERROR_CONNECTION_CUT:
    case IL_SOURCE_ERROR_RATE_LIMITED:
    case IL_SOURCE_ERROR_SERVER_ERROR:       /* only 502/503/504 get this as retryable */
    case IL_SOURCE_ERROR_DATABASE_UNREACHABLE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
map_transport_error (IlSupabaseClient *self, const GError *in, GError **error)
{
  const char *host = self->base_url ? self->base_url : "";

  if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
      return;
    }
  if (in->domain == G_RESOLVER_ERROR || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_DNS,
               _("The server name of %s could not be found (%s). Check the project URL and your network connection."),
               host, in->message);
  else if (in->domain == G_TLS_ERROR)
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_TLS,
               _("A secure connection to %s could not be established (%s). Check the URL, the system clock and any proxy that intercepts HTTPS."),
               host, in->message);
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_TIMEOUT,
               _("The server did not answer within %u seconds. Try again, or analyse fewer days."),
               self->timeout);
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
           || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
           || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_UNREACHABLE,
               _("The server at %s cannot be reached (%s). Check the URL and your network connection."),
               host, in->message);
  else if (in->domain == SOUP_SESSION_ERROR)
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_INVALID_RESPONSE,
               _("The server sent a response that is not valid HTTP (%s)."), in->message);
  else
    _il_supabase_set_error (self, error, IL_SOURCE_ERROR_CONNECTION_CUT,
               _("The connection to the server was cut before the answer was complete (%s). Try again."),
               in->message);
}

/* Reads PostgREST's {"code","details","hint","message"} (or the gateway's
 * {"message","hint"}); FALSE when the body is not such JSON. */
static gboolean
parse_error_body (GBytes *body, char **code, char **message, char **hint)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  JsonObject *obj;
  JsonNode *root;

  *code = *message = *hint = NULL;
  if (data == NULL || len == 0 || len > 64 * 1024)
    return FALSE;
  if (!json_parser_load_from_data (parser, data, len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
#define STR_MEMBER(name) \
  (json_object_has_member (obj, name) && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, name)) \
   ? g_strdup (json_object_get_string_member (obj, name)) : NULL)
  *code = STR_MEMBER ("code");
  *message = STR_MEMBER ("message");
  *hint = STR_MEMBER ("hint");
#undef STR_MEMBER
  return *code != NULL || *message != NULL;
}

gboolean
_il_supabase_looks_like_html (SoupMessage *msg, GBytes *body)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (type != NULL && g_str_has_prefix (type, "text/html"))
    return TRUE;
  while (len > 0 && g_ascii_isspace (*data))
    data++, len--;
  return len > 0 && *data == '<';
}

/* An HTTP error status -> IL_SOURCE_ERROR with a message a user can act on. */
static void
map_http_error (IlSupabaseClient *self, SoupMessage *msg, GBytes *body, GError **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;
  gboolean json = parse_error_body (body, &code, &message, &hint);
  const char *reason = soup_message_get_reason_phrase (msg);
  g_autofree char *what = NULL;

  /* "(CODE: message)" or "(HTTP 502 Bad Gateway)" for the end of sentences. */
  if (json && code != NULL)
    what = g_strdup_printf ("%s: %s", code, message ? message : "");
  else if (json && message != NULL)
    what = g_strdup (message);
  else
    what = g_strdup_printf ("HTTP %u %s", status, reason ? reason : "");

  if (status == 401 || status == 403)
    {
      if (code != NULL && strcmp (code, "42501") == 0)
        _il_supabase_set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The key’s role may not read the table %s (42501 permission denied). Grant SELECT to it, or use another key."),
                   IL_SUPABASE_TABLE);
      else if (message != NULL && strstr (message, "No API key") != NULL)
        _il_supabase_set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The server received no API key. Set SUPABASE_KEY or enter the key in the preferences."));
      else
        _il_supabase_set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The API key was rejected (%s). Copy the anon or publishable key again from the project’s API settings."),
                   what);
      return;
    }

  if (code != NULL && (strcmp (code, "PGRST205") == 0 || strcmp (code, "42P01") == 0))
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_TABLE_MISSING,
                 _("The table %s does not exist (%s). Create it or check the project URL."),
                 IL_SUPABASE_TABLE, code);
      return;
    }
  if (code != NULL && strcmp (code, "42703") == 0)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_COLUMN_MISSING,
                 _("A column the dashboard needs is missing from the table (42703: %s). Compare the table with the schema in the README."),
                 message ? message : "");
      return;
    }
  if (code != NULL && strcmp (code, "57014") == 0)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_STATEMENT_TIMEOUT,
                 _("The database stopped the query because it took too long (57014 statement timeout). Add an index on (created_at, metric_id) or analyse fewer days."));
      return;
    }
  if (code != NULL && g_str_has_prefix (code, "PGRST00") && strlen (code) == 8 && code[7] >= '0' && code[7] <= '3')
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_DATABASE_UNREACHABLE,
                 _("The API cannot reach its database (%s). The project may be paused or restarting: check it in the Supabase dashboard and try again."),
                 what);
      return;
    }
  if (status == 429)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_RATE_LIMITED,
                 _("The server is limiting the number of requests (HTTP 429). Wait a minute and try again."));
      return;
    }
  if (status == 404 && !json)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_BAD_URL,
                 _("Nothing was found at this address (HTTP 404). Check the project URL: it should look like https://abcdefgh.supabase.co."));
      return;
    }
  if (status >= 500)
    {
      if (!json && _il_supabase_looks_like_html (msg, body))
        _il_supabase_set_error (self, error, IL_SOURCE_ERROR_SERVER_ERROR,
                   _("The server or a proxy in front of it failed (HTTP %u %s) and sent an HTML error page. Try again later."),
                   status, reason ? reason : "");
      else
        _il_supabase_set_error (self, error, IL_SOURCE_ERROR_SERVER_ERROR,
                   _("The server failed (%s). Try again later."), what);
      return;
    }
  _il_supabase_set_error (self, error, IL_SOURCE_ERROR_BAD_REQUEST,
             _("The server rejected the request (%s)."), what);
}

/* ---- requests with retries -------------------------------------------- */

static void
attempt_clear (IlSupabaseRequest *req)
{
  if (req->deadline != NULL)
    {
      g_source_destroy (req->deadline);
      g_clear_pointer (&req->deadline, g_source_unref);
    }
  if (req->cancel_id != 0)
    g_cancellable_disconnect (req->cancellable, req->cancel_id);
  req->cancel_id = 0;
  g_clear_object (&req->attempt_cancellable);
}

void
_il_supabase_request_free (IlSupabaseRequest *req)
{
  attempt_clear (req);
  g_clear_object (&req->client);
  g_free (req->path_query);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->location, g_uri_unref);
  g_clear_pointer (&req->context, g_main_context_unref);
  g_free (req);
}

static SoupSession *
get_session (IlSupabaseClient *self)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  /* A SoupSession belongs to one main context. */
  if (self->session != NULL && self->session_context != context)
    {
      g_clear_object (&self->session);
      g_clear_pointer (&self->session_context, g_main_context_unref);
    }
  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("max-conns", MAX (self->concurrency + 2, 4),
                                                     "max-conns-per-host", MAX (self->concurrency + 1, 2),
                                                     "timeout", self->timeout,
                                                     "idle-timeout", 60,
                                                     "user-agent", "interview-latency/" PACKAGE_VERSION,
                                                     NULL);
      /* Plain http is only allowed to loopback, and a proxy would see the
       * key in clear: talk to loopback directly. https goes through any
       * proxy with CONNECT, so the proxy sees only ciphertext. */
      if (self->base_url != NULL && il_url_is_loopback (self->base_url))
        soup_session_set_proxy_resolver (self->session, NULL);
      self->session_context = g_main_context_ref (context);
    }
  g_main_context_unref (context);
  return self->session;
}

static gboolean
retry_cb (gpointer data)
{
  IlSupabaseRequest *req = data;

  if (g_cancellable_is_cancelled (req->cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The operation was cancelled."));
      req->done (req, NULL, error);
      return G_SOURCE_REMOVE;
    }
  _il_supabase_request_send (req);
  return G_SOURCE_REMOVE;
}

static gboolean
cancellable_source_cb (GCancellable *cancellable, gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits @ms (or until cancelled) and sends again. */
static void
request_retry_later (IlSupabaseRequest *req, guint ms)
{
  GSource *source = g_timeout_source_new (ms);

  if (req->cancellable != NULL)
    {
      GSource *cancel_source = g_cancellable_source_new (req->cancellable);
      g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) cancellable_source_cb, NULL, NULL);
      g_source_add_child_source (source, cancel_source);
      g_source_unref (cancel_source);
    }
  g_source_set_callback (source, retry_cb, req, NULL);
  g_source_attach (source, req->context);
  g_source_unref (source);
}

/* PostgREST's own errors carry a SQLSTATE or PGRST code and say something
 * about the query, so repeating it cannot help. A 500 without one comes
 * from a gateway or a proxy and often passes. */
static gboolean
is_postgrest_error (GBytes *body)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;

  return parse_error_body (body, &code, &message, &hint) && code != NULL;
}

static gboolean
same_origin (GUri *a, GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && g_uri_get_port (a) == g_uri_get_port (b);
}

/* Follows a redirect only within the project's origin, where the key may
 * go anyway; FALSE with @error otherwise. */
static gboolean
request_redirect (IlSupabaseRequest *req, GError **error)
{
  IlSupabaseClient *self = req->client;
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (req->msg),
                                                       "Location");
  g_autoptr(GUri) base = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) target = NULL;
  g_autofree char *text = NULL;
  g_autofree char *normalized = NULL;

  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (req->msg), location, G_URI_FLAGS_ENCODED, NULL);
  if (target == NULL || base == NULL)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_INVALID_RESPONSE,
                              _("The server answered with a redirect (HTTP %u) without a valid target address."),
                              soup_message_get_status (req->msg));
      return FALSE;
    }
  text = g_uri_to_string_partial (target, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  if (!same_origin (base, target) || !il_supabase_url_normalize (text, &normalized, NULL))
    {
      g_autofree char *origin = g_uri_to_string_partial (target, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY
                                                                 | G_URI_HIDE_FRAGMENT);
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_BAD_URL,
                              _("The server redirected the request to %s, which is not the project URL %s. The key is sent only to the project URL: if the project moved, set its new URL."),
                              origin, self->base_url);
      return FALSE;
    }
  if (req->hops >= 5)
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_INVALID_RESPONSE,
                              _("The server redirected the request too many times. Check the project URL."));
      return FALSE;
    }
  req->hops++;
  g_clear_pointer (&req->location, g_uri_unref);
  req->location = g_steal_pointer (&target);
  return TRUE;
}

static void
request_sent_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  IlSupabaseRequest *req = data;
  IlSupabaseClient *self = req->client;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gboolean deadline_hit = req->deadline_hit;
  guint status;
  guint retry_ms = 0;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &transport_error);
  attempt_clear (req);
  req->elapsed_us = g_get_monotonic_time () - req->sent_us;
  if (body != NULL)
    self->stats.bytes_received += g_bytes_get_size (body);

  if (body == NULL && deadline_hit && !g_cancellable_is_cancelled (req->cancellable))
    {
      /* A body that trickles in defeats the idle timeout: give up, since
       * a server this slow will not do better on a second try. */
      _il_supabase_set_error (self, &error, IL_SOURCE_ERROR_TIMEOUT,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The server took more than %u second to send one answer, so the fetch was stopped. Try again later, or analyse fewer days.",
                                           "The server took more than %u seconds to send one answer, so the fetch was stopped. Try again later, or analyse fewer days.",
                                           self->deadline),
                              self->deadline);
      req->done (req, NULL, error);
      return;
    }
  if (body == NULL)
    map_transport_error (self, transport_error, &error);
  else
    {
      status = soup_message_get_status (req->msg);
      if (status >= 200 && status < 300)
        {
          req->done (req, body, NULL);
          return;
        }
      if (SOUP_STATUS_IS_REDIRECTION (status) && status != 304)
        {
          if (!request_redirect (req, &error))
            {
              req->done (req, NULL, error);
              return;
            }
          _il_supabase_request_send (req);
          return;
        }
      map_http_error (self, req->msg, body, &error);

      /* Only these are worth repeating; 4xx and PostgREST's errors never are. */
      if (status != 429 && status != 502 && status != 503 && status != 504
          && !(status >= 500 && !is_postgrest_error (body)))
        {
          req->done (req, NULL, error);
          return;
        }
      if (status == 429)
        {
          const char *after = soup_message_headers_get_one (soup_message_get_response_headers (req->msg),
                                                            "Retry-After");
          guint64 secs;

          /* seconds only; an HTTP date falls back to the backoff */
          if (after != NULL && g_ascii_string_to_unsigned (after, 10, 0, G_MAXUINT32, &secs, NULL))
            retry_ms = (guint) MIN (secs, MAX_RETRY_AFTER) * 1000;
        }
    }

  if (is_retryable (error) && _il_supabase_request_retry (req, retry_ms, error))
    return;

  req->done (req, NULL, error);
}

/* Sends @req again after @ms (0: the backoff) when attempts are left. */
gboolean
_il_supabase_request_retry (IlSupabaseRequest *req,
                            guint              ms,
                            const GError      *why)
{
  IlSupabaseClient *self = req->client;

  if (req->attempt >= self->max_retries)
    return FALSE;
  if (ms == 0)
    ms = self->retry_base_ms << MIN (req->attempt, 10u);
  req->attempt++;
  self->stats.retries++;
  g_debug ("Retrying %s in %u ms: %s", IL_SUPABASE_TABLE, ms, why ? why->message : "");
  request_retry_later (req, ms);
  return TRUE;
}

static gboolean
deadline_cb (gpointer data)
{
  IlSupabaseRequest *req = data;

  req->deadline_hit = TRUE;
  g_clear_pointer (&req->deadline, g_source_unref);
  g_cancellable_cancel (req->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

void
_il_supabase_request_send (IlSupabaseRequest *req)
{
  IlSupabaseClient *self = req->client;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;

  if (req->location != NULL)
    uri = g_uri_to_string (req->location);
  else
    uri = g_strconcat (self->base_url, "/rest/v1/", req->path_query, NULL);

  g_clear_object (&req->msg);
  req->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (req->msg == NULL)
    {
      g_autoptr(GError) error = NULL;
      _il_supabase_set_error (self, &error, IL_SOURCE_ERROR_BAD_URL,
                 _("The request address could not be built from the project URL."));
      req->done (req, NULL, error);
      return;
    }
  /* Redirects are checked here, hop by hop: libsoup would send the key
   * to any origin. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "apikey", self->key);
  if (self->key_is_jwt)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->key, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (req->count)
    soup_message_headers_replace (headers, "Prefer", "count=exact");

  attempt_clear (req);
  req->deadline_hit = FALSE;
  req->attempt_cancellable = g_cancellable_new ();
  if (req->cancellable != NULL)
    req->cancel_id = g_cancellable_connect (req->cancellable, G_CALLBACK (request_cancelled_cb),
                                            g_object_ref (req->attempt_cancellable), g_object_unref);
  req->deadline = g_timeout_source_new_seconds (self->deadline);
  g_source_set_callback (req->deadline, deadline_cb, req, NULL);
  g_source_attach (req->deadline, req->context);

  self->stats.requests++;
  req->sent_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (get_session (self), req->msg, G_PRIORITY_DEFAULT,
                                    req->attempt_cancellable, request_sent_cb, req);
}

/* Starts a GET of /rest/v1/<path_query>; @done is called once, on the
 * current thread-default context, and owns nothing (the request is freed by
 * whoever called _il_supabase_request_new). */
IlSupabaseRequest *
_il_supabase_request_new (IlSupabaseClient      *self,
                          char                  *path_query,   /* taken */
                          gboolean               count,
                          GCancellable          *cancellable,
                          IlSupabaseRequestDone  done,
                          gpointer               data)
{
  IlSupabaseRequest *req = g_new0 (IlSupabaseRequest, 1);

  req->client = g_object_ref (self);
  req->path_query = path_query;
  req->count = count;
  req->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  req->done = done;
  req->data = data;
  req->context = g_main_context_ref_thread_default ();
  return req;
}

/* Checks that a client can send at all. */
gboolean
_il_supabase_check_ready (IlSupabaseClient *self, GError **error)
{
  if (self->url_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->url_error));
      return FALSE;
    }
  if (self->key == NULL || self->key[0] == '\0')
    {
      _il_supabase_set_error (self, error, IL_SOURCE_ERROR_NOT_CONFIGURED,
                 _("No Supabase key is set. Set SUPABASE_KEY or enter the key in the preferences."));
      return FALSE;
    }
  return TRUE;
}

/* "…/123" -> 123; -1 when absent or "*". */
gint64
_il_supabase_content_range_total (SoupMessage *msg)
{
  const char *range = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Range");
  const char *slash;
  guint64 v;

  if (range == NULL || (slash = strchr (range, '/')) == NULL)
    return -1;
  if (!g_ascii_string_to_unsigned (slash + 1, 10, 0, G_MAXINT64, &v, NULL))
    return -1;
  return (gint64) v;
}

/* ---- query building ------------------------------------------------------ */

/* UTC with microseconds and 'Z': what PostgreSQL compares exactly. */
char *
_il_supabase_format_time (gint64 us)
{
  gint64 secs = us >= 0 ? us / G_USEC_PER_SEC : -((-us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gint64 frac = us - secs * G_USEC_PER_SEC;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (secs);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%06" G_GINT64_FORMAT "Z", base, frac);
}

void
_il_supabase_append_param (GString *q, const char *name, const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, "(),.:*", FALSE);

  if (q->len > 0 && q->str[q->len - 1] != '?')
    g_string_append_c (q, '&');
  g_string_append_printf (q, "%s=%s", name, escaped);
}
