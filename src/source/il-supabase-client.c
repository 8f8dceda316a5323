/* il-supabase-client.c: every row of interview_latency_metrics, concurrently
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a fetch works: the analysed range [created_min, now] is cut into time
 * slices (the last one open-ended, so rows inserted during the fetch are
 * still read) plus, for "All data", a partition of rows whose created_at is
 * null. Each partition is paged with keyset pagination ordered by
 * (created_at, metric_id), which is unique, so rows inserted between pages
 * give neither duplicates nor gaps. Up to `concurrency` partitions run at
 * once on one SoupSession (keep-alive, bounded pool). Pages are parsed on
 * worker threads; the store is assembled in partition order and sealed on a
 * worker thread. Any failure after the retries fails the whole fetch, so the
 * caller keeps its previous store.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-config.h"
#include "il-supabase-client.h"

#define DEFAULT_PAGE_SIZE    1000
#define DEFAULT_CONCURRENCY  6
#define DEFAULT_TIMEOUT      30
#define DEFAULT_MAX_RETRIES  3
#define DEFAULT_RETRY_DELAY  500   /* ms, doubled each retry */
#define MAX_RETRY_AFTER      60    /* s: never wait longer on a 429 */

#define ALL_COLUMNS "metric_id,session_id,turn_number,step_name,latency_ms,started_at," \
                    "completed_at,status,error_message,metadata,created_at"

struct _IlSupabaseClient
{
  GObject       parent_instance;

  char         *base_url;      /* normalized, NULL when invalid */
  GError       *url_error;
  char         *key;
  gboolean      key_is_jwt;

  guint         page_size;
  guint         concurrency;
  guint         timeout;
  guint         max_retries;
  guint         retry_base_ms;

  SoupSession  *session;
  GMainContext *session_context;

  IlFetchStats  stats;
};

G_DEFINE_FINAL_TYPE (IlSupabaseClient, il_supabase_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PAGE_SIZE,
  PROP_CONCURRENCY,
  PROP_TIMEOUT,
  PROP_MAX_RETRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
static void
set_error (IlSupabaseClient *self, GError **error, IlSourceError code, const char *format, ...)
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
    set_error (self, error, IL_SOURCE_ERROR_DNS,
               _("The server name of %s could not be found (%s). Check the project URL and your network connection."),
               host, in->message);
  else if (in->domain == G_TLS_ERROR)
    set_error (self, error, IL_SOURCE_ERROR_TLS,
               _("A secure connection to %s could not be established (%s). Check the URL, the system clock and any proxy that intercepts HTTPS."),
               host, in->message);
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    set_error (self, error, IL_SOURCE_ERROR_TIMEOUT,
               _("The server did not answer within %u seconds. Try again, or analyse fewer days."),
               self->timeout);
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
           || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
           || g_error_matches (in, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    set_error (self, error, IL_SOURCE_ERROR_UNREACHABLE,
               _("The server at %s cannot be reached (%s). Check the URL and your network connection."),
               host, in->message);
  else if (in->domain == SOUP_SESSION_ERROR)
    set_error (self, error, IL_SOURCE_ERROR_INVALID_RESPONSE,
               _("The server sent a response that is not valid HTTP (%s)."), in->message);
  else
    set_error (self, error, IL_SOURCE_ERROR_CONNECTION_CUT,
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

static gboolean
looks_like_html (SoupMessage *msg, GBytes *body)
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
        set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The key’s role may not read the table %s (42501 permission denied). Grant SELECT to it, or use another key."),
                   IL_SUPABASE_TABLE);
      else if (message != NULL && strstr (message, "No API key") != NULL)
        set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The server received no API key. Set SUPABASE_KEY or enter the key in the preferences."));
      else
        set_error (self, error, IL_SOURCE_ERROR_KEY_REJECTED,
                   _("The API key was rejected (%s). Copy the anon or publishable key again from the project’s API settings."),
                   what);
      return;
    }

  if (code != NULL && (strcmp (code, "PGRST205") == 0 || strcmp (code, "42P01") == 0))
    {
      set_error (self, error, IL_SOURCE_ERROR_TABLE_MISSING,
                 _("The table %s does not exist (%s). Create it or check the project URL."),
                 IL_SUPABASE_TABLE, code);
      return;
    }
  if (code != NULL && strcmp (code, "42703") == 0)
    {
      set_error (self, error, IL_SOURCE_ERROR_COLUMN_MISSING,
                 _("A column the dashboard needs is missing from the table (42703: %s). Compare the table with the schema in the README."),
                 message ? message : "");
      return;
    }
  if (code != NULL && strcmp (code, "57014") == 0)
    {
      set_error (self, error, IL_SOURCE_ERROR_STATEMENT_TIMEOUT,
                 _("The database stopped the query because it took too long (57014 statement timeout). Add an index on (created_at, metric_id) or analyse fewer days."));
      return;
    }
  if (code != NULL && g_str_has_prefix (code, "PGRST00") && strlen (code) == 8 && code[7] >= '0' && code[7] <= '3')
    {
      set_error (self, error, IL_SOURCE_ERROR_DATABASE_UNREACHABLE,
                 _("The API cannot reach its database (%s). The project may be paused or restarting: check it in the Supabase dashboard and try again."),
                 what);
      return;
    }
  if (status == 429)
    {
      set_error (self, error, IL_SOURCE_ERROR_RATE_LIMITED,
                 _("The server is limiting the number of requests (HTTP 429). Wait a minute and try again."));
      return;
    }
  if (status == 404 && !json)
    {
      set_error (self, error, IL_SOURCE_ERROR_BAD_URL,
                 _("Nothing was found at this address (HTTP 404). Check the project URL: it should look like https://abcdefgh.supabase.co."));
      return;
    }
  if (status >= 500)
    {
      if (!json && looks_like_html (msg, body))
        set_error (self, error, IL_SOURCE_ERROR_SERVER_ERROR,
                   _("The server or a proxy in front of it failed (HTTP %u %s) and sent an HTML error page. Try again later."),
                   status, reason ? reason : "");
      else
        set_error (self, error, IL_SOURCE_ERROR_SERVER_ERROR,
                   _("The server failed (%s). Try again later."), what);
      return;
    }
  set_error (self, error, IL_SOURCE_ERROR_BAD_REQUEST,
             _("The server rejected the request (%s)."), what);
}

/* ---- requests with retries -------------------------------------------- */

typedef struct _Request Request;
typedef void (*RequestDone) (Request *req, GBytes *body, GError *error);

struct _Request
{
  IlSupabaseClient *client;      /* strong */
  char             *path_query;  /* after /rest/v1/ */
  gboolean          count;
  guint             attempt;
  GCancellable     *cancellable;
  SoupMessage      *msg;         /* the last one sent */
  RequestDone       done;
  gpointer          data;
  gpointer          part;
  GMainContext     *context;
};

static void
request_free (Request *req)
{
  g_clear_object (&req->client);
  g_free (req->path_query);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
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
      self->session_context = g_main_context_ref (context);
    }
  g_main_context_unref (context);
  return self->session;
}

static void request_send (Request *req);

static gboolean
retry_cb (gpointer data)
{
  Request *req = data;

  if (g_cancellable_is_cancelled (req->cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The operation was cancelled."));
      req->done (req, NULL, error);
      return G_SOURCE_REMOVE;
    }
  request_send (req);
  return G_SOURCE_REMOVE;
}

static gboolean
cancellable_source_cb (GCancellable *cancellable, gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits @ms (or until cancelled) and sends again. */
static void
request_retry_later (Request *req, guint ms)
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

static void
request_sent_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Request *req = data;
  IlSupabaseClient *self = req->client;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;
  guint retry_ms = 0;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &transport_error);
  if (body != NULL)
    self->stats.bytes_received += g_bytes_get_size (body);

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
      map_http_error (self, req->msg, body, &error);

      /* Only these statuses are worth repeating; other 4xx never are. */
      if (status != 429 && status != 502 && status != 503 && status != 504)
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

  if (is_retryable (error) && req->attempt < self->max_retries)
    {
      if (retry_ms == 0)
        retry_ms = self->retry_base_ms << MIN (req->attempt, 10u);
      req->attempt++;
      self->stats.retries++;
      g_debug ("Retrying %s in %u ms: %s", IL_SUPABASE_TABLE, retry_ms, error->message);
      request_retry_later (req, retry_ms);
      return;
    }

  req->done (req, NULL, error);
}

static void
request_send (Request *req)
{
  IlSupabaseClient *self = req->client;
  g_autofree char *uri = g_strconcat (self->base_url, "/rest/v1/", req->path_query, NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&req->msg);
  req->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (req->msg == NULL)
    {
      g_autoptr(GError) error = NULL;
      set_error (self, &error, IL_SOURCE_ERROR_BAD_URL,
                 _("The request address could not be built from the project URL."));
      req->done (req, NULL, error);
      return;
    }
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

  self->stats.requests++;
  soup_session_send_and_read_async (get_session (self), req->msg, G_PRIORITY_DEFAULT,
                                    req->cancellable, request_sent_cb, req);
}

/* Starts a GET of /rest/v1/<path_query>; @done is called once, on the
 * current thread-default context, and owns nothing (the request is freed by
 * whoever called request_new). */
static Request *
request_new (IlSupabaseClient *self,
             char             *path_query,   /* taken */
             gboolean          count,
             GCancellable     *cancellable,
             RequestDone       done,
             gpointer          data)
{
  Request *req = g_new0 (Request, 1);

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
static gboolean
check_ready (IlSupabaseClient *self, GError **error)
{
  if (self->url_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->url_error));
      return FALSE;
    }
  if (self->key == NULL || self->key[0] == '\0')
    {
      set_error (self, error, IL_SOURCE_ERROR_NOT_CONFIGURED,
                 _("No Supabase key is set. Set SUPABASE_KEY or enter the key in the preferences."));
      return FALSE;
    }
  return TRUE;
}

/* "…/123" -> 123; -1 when absent or "*". */
static gint64
content_range_total (SoupMessage *msg)
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
static char *
format_time (gint64 us)
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

static void
append_param (GString *q, const char *name, const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, "(),.:*", FALSE);

  if (q->len > 0 && q->str[q->len - 1] != '?')
    g_string_append_c (q, '&');
  g_string_append_printf (q, "%s=%s", name, escaped);
}

/* ---- fetch ------------------------------------------------------------- */

typedef struct
{
  guint      index;
  gboolean   null_part;     /* created_at is null, ordered by metric_id */
  gint64     lo;            /* IL_TIME_NONE: no lower bound */
  gint64     hi;            /* IL_TIME_NONE: open-ended */
  gboolean   has_key;
  gint64     last_t;
  IlUuid     last_id;
  gboolean   counted;       /* the first page asked for the count */
  gboolean   split;         /* split off another partition: not counted */
  gboolean   started;
  gint64     count;
  GPtrArray *batches;       /* IlRowBatch */
  guint64    rows;
  gboolean   done;
} Partition;

typedef struct
{
  IlSupabaseClient    *client;
  GTask               *task;
  GCancellable        *cancellable;     /* internal: cancelled on the first failure */
  GCancellable        *user_cancellable;
  gulong               cancel_id;
  gint64               created_min;
  GPtrArray           *partitions;      /* Partition */
  guint                n_planned;       /* partitions whose counts make the total */
  guint                running;         /* async operations in flight */
  GError              *error;
  IlFetchProgressFunc  progress;
  gpointer             progress_data;
  guint64              fetched;
  gint64               total;
  guint                n_counts;        /* partitions whose count is known */
  guint                max_page;        /* longest page received */
  gboolean             finishing;
} Fetch;

static void
partition_free (gpointer data)
{
  Partition *p = data;

  g_clear_pointer (&p->batches, g_ptr_array_unref);
  g_free (p);
}

static void
fetch_free (Fetch *f)
{
  if (f->cancel_id != 0)
    g_cancellable_disconnect (f->user_cancellable, f->cancel_id);
  g_clear_object (&f->user_cancellable);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->partitions, g_ptr_array_unref);
  g_clear_error (&f->error);
  g_clear_object (&f->client);
  g_free (f);
}

static void fetch_pump (Fetch *f);

static void
fetch_fail (Fetch *f, GError *error)
{
  if (f->error == NULL)
    {
      if (f->user_cancellable != NULL && g_cancellable_is_cancelled (f->user_cancellable))
        f->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
      else
        f->error = g_error_copy (error);
    }
  g_cancellable_cancel (f->cancellable);
}

static char *
partition_query (Fetch *f, Partition *p)
{
  IlSupabaseClient *self = f->client;
  GString *q = g_string_new (IL_SUPABASE_TABLE "?");
  g_autofree char *limit = g_strdup_printf ("%u", self->page_size);
  char id[37];

  append_param (q, "select", ALL_COLUMNS);
  if (p->null_part)
    {
      append_param (q, "created_at", "is.null");
      if (p->has_key)
        {
          g_autofree char *v = NULL;
          il_uuid_format (&p->last_id, id);
          v = g_strconcat ("gt.", id, NULL);
          append_param (q, "metric_id", v);
        }
      append_param (q, "order", "metric_id.asc");
    }
  else
    {
      if (p->lo != IL_TIME_NONE)
        {
          g_autofree char *t = format_time (p->lo);
          g_autofree char *v = g_strconcat ("gte.", t, NULL);
          append_param (q, "created_at", v);
        }
      else
        append_param (q, "created_at", "not.is.null");
      if (p->hi != IL_TIME_NONE)
        {
          g_autofree char *t = format_time (p->hi);
          g_autofree char *v = g_strconcat ("lt.", t, NULL);
          append_param (q, "created_at", v);
        }
      if (p->has_key)
        {
          g_autofree char *t = format_time (p->last_t);
          g_autofree char *v = NULL;
          il_uuid_format (&p->last_id, id);
          v = g_strdup_printf ("(created_at.gt.%s,and(created_at.eq.%s,metric_id.gt.%s))", t, t, id);
          append_param (q, "or", v);
        }
      append_param (q, "order", "created_at.asc,metric_id.asc");
    }
  append_param (q, "limit", limit);
  return g_string_free (q, FALSE);
}

typedef struct
{
  Fetch     *fetch;
  Partition *part;
  GBytes    *body;
  gint64     count;
  gboolean   has_raw_key;   /* the key of the page's last object, read from the JSON */
  gint64     raw_t;
  IlUuid     raw_id;
} PageJob;

/* When a page has bad rows, the last object may be one of them: take the
 * cursor from the JSON itself so that bad rows are neither fetched twice
 * nor (on a page of only bad rows) the end of the fetch. Rare, so a second
 * parse is fine. */
static gboolean
raw_last_key (GBytes *body, gint64 *t, IlUuid *id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;
  JsonArray *array;
  JsonObject *obj;
  JsonNode *created;
  JsonNode *metric;
  gint16 off;

  if (!json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  if (json_array_get_length (array) == 0
      || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, json_array_get_length (array) - 1)))
    return FALSE;
  obj = json_array_get_object_element (array, json_array_get_length (array) - 1);
  created = json_object_get_member (obj, "created_at");
  metric = json_object_get_member (obj, "metric_id");
  if (created == NULL || metric == NULL || !JSON_NODE_HOLDS_VALUE (metric)
      || json_node_get_value_type (metric) != G_TYPE_STRING
      || !il_uuid_parse (json_node_get_string (metric), -1, id))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (created))
    {
      *t = IL_TIME_NONE;
      return TRUE;
    }
  return JSON_NODE_HOLDS_VALUE (created)
         && json_node_get_value_type (created) == G_TYPE_STRING
         && il_timestamp_parse (json_node_get_string (created), -1, t, &off);
}

static void
page_job_free (PageJob *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job);
}

static void
parse_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PageJob *job = data;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (job->body, &len);
  IlRowBatch *batch = il_row_batch_parse_json (bytes, len, &error);

  if (batch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (il_row_batch_get_n_skipped (batch) > 0)
    job->has_raw_key = raw_last_key (job->body, &job->raw_t, &job->raw_id);
  g_task_return_pointer (task, batch, (GDestroyNotify) il_row_batch_free);
}

static void
report_progress (Fetch *f)
{
  if (f->progress != NULL)
    f->progress (f->fetched, f->n_planned > 0 && f->n_counts == f->n_planned ? f->total : -1, f->progress_data);
}

static void partition_next_page (Fetch *f, Partition *p);
static Partition *partition_new (guint index, gint64 lo, gint64 hi, gboolean null_part);

/* Time slices hold unequal numbers of rows. When a lane is idle and nothing
 * is left to start, a partition that just got a full page gives the second
 * half of its remaining time range to a new partition. Between two pages
 * nothing is in flight for it, so the ranges never overlap. */
static void
maybe_split (Fetch *f, Partition *p, guint n_objects)
{
  IlSupabaseClient *self = f->client;
  guint active = 0;
  guint index = 0;
  gint64 upper;
  gint64 mid;
  Partition *q;

  if (p->null_part || n_objects < f->max_page || self->concurrency < 2)
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

  q = partition_new (p->index, mid, p->hi, FALSE);
  q->split = TRUE;
  p->hi = mid;
  g_ptr_array_insert (f->partitions, index + 1, q);
  g_debug ("Split a partition: %u partitions now", f->partitions->len);
}

static void
parsed_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  PageJob *job = data;
  Fetch *f = job->fetch;
  Partition *p = job->part;
  IlSupabaseClient *self = f->client;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowBatch) batch = g_task_propagate_pointer (G_TASK (result), &error);
  guint n_objects;

  f->running--;

  /* Cancelled while this page was parsed: report nothing more. */
  if (f->error == NULL && g_cancellable_is_cancelled (f->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The operation was cancelled."));
      fetch_fail (f, cancelled);
    }

  if (batch == NULL && f->error == NULL)
    {
      g_autoptr(GError) mapped = NULL;

      if (error->domain == IL_MODEL_ERROR && error->code == IL_MODEL_ERROR_NOT_AN_ARRAY)
        set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent data that is not a list of rows (%s). Check that the URL points to the Supabase project API."),
                   error->message);
      else
        set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                   _("The server sent a page that is not valid JSON (%s). Try again; if it persists, check any proxy between you and Supabase."),
                   error->message);
      fetch_fail (f, mapped);
      page_job_free (job);
      fetch_pump (f);
      return;
    }
  if (f->error != NULL)
    {
      page_job_free (job);
      fetch_pump (f);
      return;
    }

  if (p->counted && job->count >= 0)
    {
      f->total = (f->n_counts == 0 ? 0 : f->total) + job->count;
      f->n_counts++;
    }
  p->counted = FALSE;

  n_objects = il_row_batch_get_n_rows (batch) + il_row_batch_get_n_skipped (batch);
  if (n_objects == 0)
    p->done = TRUE;
  else
    {
      gint16 off;
      guint n_rows = il_row_batch_get_n_rows (batch);

      /* A page that is shorter than one already received was not cut by
       * the server's max-rows (which is at least that long): nothing more
       * matched when it was read. A full or unknown page needs another. */
      if (n_objects < f->max_page && n_objects < self->page_size)
        p->done = TRUE;
      f->max_page = MAX (f->max_page, n_objects);

      if (job->has_raw_key && (job->raw_t == IL_TIME_NONE) == p->null_part)
        {
          p->last_t = job->raw_t;
          p->last_id = job->raw_id;
        }
      else if (!il_row_batch_get_last_key (batch, &p->last_t, &off, &p->last_id))
        {
          g_autoptr(GError) mapped = NULL;
          /* Every row of the page was bad: we cannot tell where the next page starts. */
          set_error (self, &mapped, IL_SOURCE_ERROR_INVALID_RESPONSE,
                     _("No row of a page could be read, so the fetch cannot go on (%s). Compare the table with the schema in the README."),
                     il_row_batch_get_skip_reason (batch) ? il_row_batch_get_skip_reason (batch) : "");
          fetch_fail (f, mapped);
          page_job_free (job);
          fetch_pump (f);
          return;
        }
      p->has_key = TRUE;
      p->rows += n_rows;
      f->fetched += n_rows;
      g_ptr_array_add (p->batches, g_steal_pointer (&batch));
    }
  page_job_free (job);

  report_progress (f);

  if (!p->done)
    {
      maybe_split (f, p, n_objects);
      partition_next_page (f, p);
    }
  fetch_pump (f);
}

static void
page_done (Request *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  Partition *p = NULL;
  PageJob *job;
  g_autoptr(GTask) task = NULL;

  p = req->part;

  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        fetch_fail (f, error);
      f->running--;
      request_free (req);
      fetch_pump (f);
      return;
    }

  /* A captive portal or the dashboard's address answers 200 with a web page. */
  if (looks_like_html (req->msg, body))
    {
      g_autoptr(GError) html = NULL;

      set_error (f->client, &html, IL_SOURCE_ERROR_INVALID_RESPONSE,
                 _("The server sent a web page instead of data. Check that the URL is the project URL (https://<project>.supabase.co) and that no login page or proxy is in the way."));
      fetch_fail (f, html);
      f->running--;
      request_free (req);
      fetch_pump (f);
      return;
    }

  job = g_new0 (PageJob, 1);
  job->fetch = f;
  job->part = p;
  job->body = g_bytes_ref (body);
  job->count = req->count ? content_range_total (req->msg) : -1;
  request_free (req);

  /* f->running stays: the parse is the continuation of this request. */
  task = g_task_new (NULL, f->cancellable, parsed_cb, job);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, parse_thread);
}

static void
partition_next_page (Fetch *f, Partition *p)
{
  Request *req;
  gboolean count = !p->has_key && !p->split;   /* the first page also asks for the count */

  p->counted = count;
  req = request_new (f->client, partition_query (f, p), count, f->cancellable, page_done, f);
  req->part = p;
  f->running++;
  request_send (req);
}

typedef struct
{
  GPtrArray *partitions;
} Assembly;

static void
assemble_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *partitions = data;
  IlRowStore *store = il_row_store_new ();

  for (guint i = 0; i < partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (partitions, i);

      for (guint k = 0; k < p->batches->len; k++)
        {
          IlRowBatch *batch = g_steal_pointer (&p->batches->pdata[k]);

          /* a page of only bad rows: just count them */
          if (il_row_batch_get_n_rows (batch) == 0)
            {
              il_row_store_add_skipped (store, il_row_batch_get_n_skipped (batch),
                                        il_row_batch_get_skip_reason (batch));
              il_row_batch_free (batch);
            }
          else
            il_row_store_append_batch (store, batch);
        }
      g_ptr_array_set_size (p->batches, 0);
    }
  il_row_store_seal (store);
  g_task_return_pointer (task, store, (GDestroyNotify) il_row_store_unref);
}

static void
assembled_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Fetch *f = data;
  GError *error = NULL;
  IlRowStore *store = g_task_propagate_pointer (G_TASK (result), &error);

  if (f->user_cancellable != NULL && g_cancellable_is_cancelled (f->user_cancellable))
    {
      g_clear_pointer (&store, il_row_store_unref);
      g_task_return_new_error (f->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
    }
  else
    g_task_return_pointer (f->task, store, (GDestroyNotify) il_row_store_unref);
  g_clear_error (&error);
  g_object_unref (f->task);
}

/* Starts partitions while lanes are free; finishes when everything is done. */
static void
fetch_pump (Fetch *f)
{
  IlSupabaseClient *self = f->client;
  gboolean all_done = TRUE;
  guint active = 0;

  if (f->finishing)
    return;

  if (f->error != NULL)
    {
      if (f->running == 0)
        {
          GTask *task = f->task;

          f->finishing = TRUE;
          g_task_return_error (task, g_error_copy (f->error));
          g_object_unref (task);
        }
      return;
    }

  for (guint i = 0; i < f->partitions->len; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->started && !p->done)
        active++;
    }
  for (guint i = 0; i < f->partitions->len && active < self->concurrency; i++)
    {
      Partition *p = g_ptr_array_index (f->partitions, i);
      if (p->started)
        continue;
      p->started = TRUE;
      partition_next_page (f, p);
      active++;
    }

  for (guint i = 0; i < f->partitions->len; i++)
    if (!((Partition *) g_ptr_array_index (f->partitions, i))->done)
      all_done = FALSE;

  if (all_done && f->running == 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, assembled_cb, f);

      f->finishing = TRUE;
      f->total = (gint64) f->fetched;
      f->n_counts = f->n_planned = MAX (f->n_planned, 1);
      report_progress (f);
      g_task_set_task_data (task, g_ptr_array_ref (f->partitions), (GDestroyNotify) g_ptr_array_unref);
      g_task_run_in_thread (task, assemble_thread);
    }
}

static Partition *
partition_new (guint index, gint64 lo, gint64 hi, gboolean null_part)
{
  Partition *p = g_new0 (Partition, 1);

  p->index = index;
  p->lo = lo;
  p->hi = hi;
  p->null_part = null_part;
  p->count = -1;
  p->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_batch_free);
  return p;
}

/* Time slices over [lo, now], the last one open-ended. */
static void
fetch_plan (Fetch *f, gint64 lo)
{
  IlSupabaseClient *self = f->client;
  gint64 now = g_get_real_time ();
  /* one slice per lane: maybe_split() rebalances unequal slices */
  guint k = self->concurrency;

  if (lo == IL_TIME_NONE || now <= lo || (now - lo) < (gint64) k * G_USEC_PER_SEC)
    k = 1;

  for (guint i = 0; i < k; i++)
    {
      gint64 a = i == 0 ? lo : lo + (gint64) ((double) (now - lo) * i / k);
      gint64 b = i + 1 == k ? IL_TIME_NONE : lo + (gint64) ((double) (now - lo) * (i + 1) / k);
      g_ptr_array_add (f->partitions, partition_new (i, a, b, FALSE));
    }
  if (f->created_min == IL_TIME_NONE)
    g_ptr_array_add (f->partitions, partition_new (k, IL_TIME_NONE, IL_TIME_NONE, TRUE));
  f->n_planned = f->partitions->len;
}

/* "All data" with concurrency: the earliest created_at bounds the slices. */
static void
probe_done (Request *req, GBytes *body, GError *error)
{
  Fetch *f = req->data;
  gint64 lo = IL_TIME_NONE;

  f->running--;
  if (body == NULL || f->error != NULL)
    {
      if (error != NULL)
        fetch_fail (f, error);
      request_free (req);
      fetch_pump (f);
      return;
    }
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    gsize len;
    const char *data = g_bytes_get_data (body, &len);
    JsonNode *root;

    if (json_parser_load_from_data (parser, data, len, NULL)
        && (root = json_parser_get_root (parser)) != NULL
        && JSON_NODE_HOLDS_ARRAY (root)
        && json_array_get_length (json_node_get_array (root)) > 0)
      {
        JsonNode *row = json_array_get_element (json_node_get_array (root), 0);
        if (JSON_NODE_HOLDS_OBJECT (row))
          {
            JsonObject *obj = json_node_get_object (row);
            JsonNode *created = json_object_get_member (obj, "created_at");
            gint16 off;

            if (created != NULL && JSON_NODE_HOLDS_VALUE (created)
                && json_node_get_value_type (created) == G_TYPE_STRING
                && !il_timestamp_parse (json_node_get_string (created), -1, &lo, &off))
              lo = IL_TIME_NONE;
          }
      }
  }
  request_free (req);

  if (lo == IL_TIME_NONE)
    {
      /* No dated rows (or an odd answer): one partition does it all. */
      g_ptr_array_add (f->partitions, partition_new (0, IL_TIME_NONE, IL_TIME_NONE, FALSE));
      g_ptr_array_add (f->partitions, partition_new (1, IL_TIME_NONE, IL_TIME_NONE, TRUE));
      f->n_planned = f->partitions->len;
    }
  else
    {
      fetch_plan (f, lo);
      /* fetch_plan set the first slice's lower bound to lo; keep it unbounded
       * below so nothing earlier than the probe is lost. */
      ((Partition *) g_ptr_array_index (f->partitions, 0))->lo = IL_TIME_NONE;
    }
  fetch_pump (f);
}

static void
user_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  /* May run on another thread: GCancellable is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (data));
}

void
il_supabase_client_fetch_async (IlSupabaseClient    *self,
                                gint64               created_min,
                                IlFetchProgressFunc  progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  Fetch *f;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_fetch_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!check_ready (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  memset (&self->stats, 0, sizeof self->stats);

  f = g_new0 (Fetch, 1);
  f->client = g_object_ref (self);
  f->task = task;
  f->created_min = created_min;
  f->progress = progress;
  f->progress_data = progress_data;
  f->total = -1;
  f->cancellable = g_cancellable_new ();
  f->partitions = g_ptr_array_new_with_free_func (partition_free);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  if (cancellable != NULL)
    {
      f->user_cancellable = g_object_ref (cancellable);
      f->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                            g_object_ref (f->cancellable), g_object_unref);
    }

  if (created_min == IL_TIME_NONE && self->concurrency > 1)
    {
      GString *q = g_string_new (IL_SUPABASE_TABLE "?");
      Request *req;

      append_param (q, "select", "created_at");
      append_param (q, "created_at", "not.is.null");
      append_param (q, "order", "created_at.asc,metric_id.asc");
      append_param (q, "limit", "1");
      req = request_new (self, g_string_free (q, FALSE), FALSE, f->cancellable, probe_done, f);
      f->running++;
      request_send (req);
      return;
    }

  fetch_plan (f, created_min);
  fetch_pump (f);
}

IlRowStore *
il_supabase_client_fetch_finish (IlSupabaseClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

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
check_done (Request *req, GBytes *body, GError *error)
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
      request_free (req);
      g_object_unref (task);
      return;
    }

  n = count_array (body, &local_error);
  if (n < 0)
    {
      g_task_return_pointer (task, check_from_error (local_error), (GDestroyNotify) il_connection_check_free);
      request_free (req);
      g_object_unref (task);
      return;
    }

  check = g_new0 (IlConnectionCheck, 1);
  check->rows_visible = content_range_total (req->msg);
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
  request_free (req);
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
  Request *req;

  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_supabase_client_check_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!check_ready (self, &error))
    {
      g_task_return_pointer (task, check_from_error (error), (GDestroyNotify) il_connection_check_free);
      g_object_unref (task);
      return;
    }

  req = request_new (self, g_strdup (IL_SUPABASE_TABLE "?select=metric_id&limit=1"), TRUE,
                     cancellable, check_done, task);
  request_send (req);
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

/* ---- diagnostics (issue 7) -------------------------------------------- */

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
diagnose_done (Request *req, GBytes *body, GError *error)
{
  GTask *task = req->data;
  Diagnose *d = g_task_get_task_data (task);
  IlSupabaseClient *self = req->client;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      request_free (req);
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
          gint64 total = content_range_total (req->msg);
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
                      g_strdup_printf (_("%u of the rows do not fit the schema: %s"),
                                       il_row_batch_get_n_skipped (batch),
                                       il_row_batch_get_skip_reason (batch)));
          else
            add_diag (d->list, _("Sample of 5 rows, no filter"), il_row_batch_get_n_rows (batch) > 0,
                      il_row_batch_get_n_rows (batch) > 0
                      ? g_strdup_printf (_("%u rows read, all fit the schema"), il_row_batch_get_n_rows (batch))
                      : g_strdup (_("No rows returned: check the Row Level Security policies")));
        }
      break;
    case 2:
    default:
      add_diag (d->list, _("Single-column query (created_at)"), body != NULL,
                body != NULL ? g_strdup (_("The created_at column can be read and filtered"))
                             : g_strdup (error->message));
      break;
    }
  (void) self;
  request_free (req);
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
    IL_SUPABASE_TABLE "?select=" ALL_COLUMNS "&limit=5",
    IL_SUPABASE_TABLE "?select=created_at&created_at=gte.1970-01-01T00:00:00Z&order=created_at.desc&limit=1",
  };
  Request *req;

  if (d->step >= G_N_ELEMENTS (queries))
    {
      g_task_return_pointer (task, g_ptr_array_ref (d->list), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  req = request_new (self, g_strdup (queries[d->step]), d->step == 0,
                     g_task_get_cancellable (task), diagnose_done, task);
  request_send (req);
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

  if (!check_ready (self, &error))
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

/* ---- object ------------------------------------------------------------ */

static void
il_supabase_client_finalize (GObject *object)
{
  IlSupabaseClient *self = IL_SUPABASE_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->session_context, g_main_context_unref);
  g_free (self->base_url);
  g_clear_error (&self->url_error);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_free (self->key);

  G_OBJECT_CLASS (il_supabase_client_parent_class)->finalize (object);
}

static void
il_supabase_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  IlSupabaseClient *self = IL_SUPABASE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZE: g_value_set_uint (value, self->page_size); break;
    case PROP_CONCURRENCY: g_value_set_uint (value, self->concurrency); break;
    case PROP_TIMEOUT: g_value_set_uint (value, self->timeout); break;
    case PROP_MAX_RETRIES: g_value_set_uint (value, self->max_retries); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_supabase_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  IlSupabaseClient *self = IL_SUPABASE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PAGE_SIZE: il_supabase_client_set_page_size (self, g_value_get_uint (value)); break;
    case PROP_CONCURRENCY: il_supabase_client_set_concurrency (self, g_value_get_uint (value)); break;
    case PROP_TIMEOUT: il_supabase_client_set_timeout (self, g_value_get_uint (value)); break;
    case PROP_MAX_RETRIES: il_supabase_client_set_max_retries (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_supabase_client_class_init (IlSupabaseClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = il_supabase_client_finalize;
  object_class->get_property = il_supabase_client_get_property;
  object_class->set_property = il_supabase_client_set_property;

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 100000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, 32, DEFAULT_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 20, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
il_supabase_client_init (IlSupabaseClient *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->concurrency = DEFAULT_CONCURRENCY;
  self->timeout = DEFAULT_TIMEOUT;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->retry_base_ms = DEFAULT_RETRY_DELAY;
}

IlSupabaseClient *
il_supabase_client_new (const char *base_url,
                        const char *key)
{
  IlSupabaseClient *self = g_object_new (IL_TYPE_SUPABASE_CLIENT, NULL);

  if (!il_supabase_url_normalize (base_url, &self->base_url, &self->url_error))
    g_clear_pointer (&self->base_url, g_free);
  if (key != NULL)
    self->key = g_strstrip (g_strdup (key));
  /* SPEC 3: only a JWT (three dot-separated parts) also goes in Authorization. */
  if (self->key != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (self->key, ".", -1);
      self->key_is_jwt = g_strv_length (parts) == 3 && parts[0][0] && parts[1][0] && parts[2][0];
    }
  return self;
}

const char *
il_supabase_client_get_base_url (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);
  return self->base_url;
}

/* Settings take effect on the next session (i.e. the next context change or
 * a change of concurrency/timeout drops the current one). */
static void
drop_session (IlSupabaseClient *self)
{
  g_clear_object (&self->session);
  g_clear_pointer (&self->session_context, g_main_context_unref);
}

void
il_supabase_client_set_page_size (IlSupabaseClient *self,
                                  guint             page_size)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (page_size > 0);

  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

guint
il_supabase_client_get_page_size (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), 0);
  return self->page_size;
}

void
il_supabase_client_set_concurrency (IlSupabaseClient *self,
                                    guint             concurrency)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  concurrency = CLAMP (concurrency, 1, 32);
  if (self->concurrency == concurrency)
    return;
  self->concurrency = concurrency;
  drop_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

guint
il_supabase_client_get_concurrency (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), 0);
  return self->concurrency;
}

void
il_supabase_client_set_timeout (IlSupabaseClient *self,
                                guint             seconds)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  drop_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
il_supabase_client_get_timeout (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), 0);
  return self->timeout;
}

void
il_supabase_client_set_max_retries (IlSupabaseClient *self,
                                    guint             max_retries)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));

  if (self->max_retries == max_retries)
    return;
  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

guint
il_supabase_client_get_max_retries (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), 0);
  return self->max_retries;
}

void
il_supabase_client_set_retry_base_delay (IlSupabaseClient *self,
                                         guint             ms)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  self->retry_base_ms = ms;
}

void
il_supabase_client_get_stats (IlSupabaseClient *self,
                              IlFetchStats     *stats)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (stats != NULL);
  *stats = self->stats;
}
