/* fake-postgrest-rpc.c: PostgREST's POST /rest/v1/rpc/<function> on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own SoupServer on its own thread, beside the table fake in
 * fake-postgrest.c (which serves GET of the table only).
 */
#include "config.h"

#include "fake-postgrest-rpc.h"

#include <libsoup/soup.h>
#include <string.h>

struct _IlFakeRpc
{
  char          *key;
  IlFakeRpcFunc  func;
  gpointer       user_data;

  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  SoupServer    *server;

  GMutex         mutex;
  GCond          cond;
  char          *url;
  guint          n_calls;
  char          *last_body;
  char          *last_authorization;
};

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  IlFakeRpc *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autofree char *args = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *apikey = soup_message_headers_get_one (headers, "apikey");
  g_autofree char *body = NULL;
  guint status = 200;

  g_mutex_lock (&self->mutex);
  self->n_calls++;
  g_free (self->last_body);
  self->last_body = g_strdup (args);
  g_free (self->last_authorization);
  self->last_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_mutex_unlock (&self->mutex);

  if (apikey == NULL || g_strcmp0 (apikey, self->key) != 0)
    {
      reply (msg, 401, apikey == NULL
             ? "{\"message\":\"No API key found in request\",\"hint\":\"No `apikey` request header or url param was found.\"}"
             : "{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}");
      return;
    }
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      reply (msg, 405, "{\"code\":\"PGRST117\",\"details\":null,\"hint\":null,\"message\":\"Unsupported HTTP method\"}");
      return;
    }
  if (strcmp (path, "/rest/v1/rpc/interview_latency_summary") != 0 || self->func == NULL)
    {
      reply (msg, 404,
             "{\"code\":\"PGRST202\",\"details\":\"Searched for the function "
             "public.interview_latency_summary with parameters created_min, trend_bucket or with a single "
             "unnamed json/jsonb parameter, but no matches were found in the schema cache.\","
             "\"hint\":null,\"message\":\"Could not find the function "
             "public.interview_latency_summary(created_min, trend_bucket) in the schema cache\"}");
      return;
    }
  body = self->func (args, &status, self->user_data);
  reply (msg, status, body != NULL ? body : "null");
}

static gpointer
server_thread (gpointer data)
{
  IlFakeRpc *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "postgrest-fake/12", NULL);
  soup_server_add_handler (self->server, "/rest/v1", handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake-postgrest-rpc: cannot listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->mutex);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

IlFakeRpc *
il_fake_rpc_new (const char    *key,
                 IlFakeRpcFunc  func,
                 gpointer       user_data)
{
  IlFakeRpc *self = g_new0 (IlFakeRpc, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->key = g_strdup (key);
  self->func = func;
  self->user_data = user_data;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->mutex);
  self->thread = g_thread_new ("fake-postgrest-rpc", server_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
il_fake_rpc_free (IlFakeRpc *self)
{
  GSource *source;

  if (self == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->key);
  g_free (self->url);
  g_free (self->last_body);
  g_free (self->last_authorization);
  g_free (self);
}

const char *
il_fake_rpc_get_url (IlFakeRpc *self)
{
  return self->url;
}

guint
il_fake_rpc_get_n_calls (IlFakeRpc *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_calls;
  g_mutex_unlock (&self->mutex);
  return n;
}

char *
il_fake_rpc_dup_last_body (IlFakeRpc *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->last_body);
  g_mutex_unlock (&self->mutex);
  return s;
}

char *
il_fake_rpc_dup_last_authorization (IlFakeRpc *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->last_authorization);
  g_mutex_unlock (&self->mutex);
  return s;
}
