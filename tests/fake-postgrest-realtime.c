/* fake-postgrest-realtime.c: the fake's Supabase Realtime endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /realtime/v1/websocket as Supabase serves it: the key in an apikey or
 * x-api-key header or in the query (401 without a valid one), Phoenix channel messages as JSON text, a join
 * that must ask for the table's postgres_changes, replies to heartbeats,
 * and one postgres_changes message per inserted row to every subscriber.
 * Connections live on the server thread; the test thread reaches them
 * through the server's main context.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fake-postgrest-private.h"

typedef struct
{
  IlFakePostgrest         *self;
  SoupWebsocketConnection *conn;
  char                    *topic;    /* joined, or NULL */
} Subscriber;

static void
subscriber_free (gpointer data)
{
  Subscriber *s = data;

  g_signal_handlers_disconnect_by_data (s->conn, s);
  g_object_unref (s->conn);
  g_free (s->topic);
  g_free (s);
}

static void
send_text (Subscriber *s,
           const char *text)
{
  if (soup_websocket_connection_get_state (s->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (s->conn, text);
}

static void
reply (Subscriber *s,
       const char *topic,
       const char *ref,
       const char *status,
       const char *response)
{
  g_autofree char *text = g_strdup_printf ("{\"topic\":\"%s\",\"event\":\"phx_reply\",\"payload\":"
                                           "{\"status\":\"%s\",\"response\":%s},\"ref\":\"%s\"}",
                                           topic, status, response, ref);

  send_text (s, text);
}

/* The join's config must ask for every event of public.interview_latency_metrics. */
static gboolean
join_wants_table (JsonObject *payload)
{
  JsonObject *config = payload && json_object_has_member (payload, "config")
                       ? json_object_get_object_member (payload, "config") : NULL;
  JsonArray *changes = config && json_object_has_member (config, "postgres_changes")
                       ? json_object_get_array_member (config, "postgres_changes") : NULL;

  for (guint i = 0; changes != NULL && i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (c != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (c, "event", ""), "*") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (c, "schema", ""), "public") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (c, "table", ""),
                        "interview_latency_metrics") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            Subscriber              *s)
{
  IlFakePostgrest *self = s->self;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *object, *payload;
  const char *topic, *event, *ref;

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_BAD_DATA, "not JSON");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  topic = json_object_get_string_member_with_default (object, "topic", "");
  event = json_object_get_string_member_with_default (object, "event", "");
  ref = json_object_get_string_member_with_default (object, "ref", "");
  payload = json_object_has_member (object, "payload") ? json_object_get_object_member (object, "payload") : NULL;

  if (strcmp (topic, "phoenix") == 0 && strcmp (event, "heartbeat") == 0)
    {
      gboolean mute;

      g_mutex_lock (&self->mutex);
      self->rt_heartbeats++;
      mute = self->rt_mute;
      g_mutex_unlock (&self->mutex);
      if (!mute)
        reply (s, "phoenix", ref, "ok", "{}");
      return;
    }
  if (strcmp (event, "phx_join") == 0 && g_str_has_prefix (topic, "realtime:"))
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();

      json_generator_set_root (gen, json_object_get_member (object, "payload"));
      g_mutex_lock (&self->mutex);
      self->rt_joins++;
      g_free (self->rt_last_join);
      self->rt_last_join = json_generator_to_data (gen, NULL);
      g_mutex_unlock (&self->mutex);
      if (!join_wants_table (payload))
        {
          reply (s, topic, ref, "error", "{\"reason\":\"invalid postgres_changes config\"}");
          return;
        }
      g_free (s->topic);
      s->topic = g_strdup (topic);
      reply (s, topic, ref, "ok",
             "{\"postgres_changes\":[{\"id\":31339675,\"event\":\"*\",\"schema\":\"public\","
             "\"table\":\"interview_latency_metrics\"}]}");
      {
        g_autofree char *system = g_strdup_printf ("{\"topic\":\"%s\",\"event\":\"system\",\"payload\":"
                                                   "{\"channel\":\"%s\",\"extension\":\"postgres_changes\","
                                                   "\"message\":\"Subscribed to PostgreSQL\",\"status\":\"ok\"},"
                                                   "\"ref\":null}", topic, topic + 9);
        send_text (s, system);
      }
      return;
    }
  /* anything else on a channel: Phoenix answers that the topic is unknown */
  reply (s, topic, ref, "error", "{\"reason\":\"unmatched topic\"}");
}

static void
on_closed (SoupWebsocketConnection *conn,
           Subscriber              *s)
{
  g_ptr_array_remove (s->self->rt_subscribers, s);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 data)
{
  IlFakePostgrest *self = data;
  Subscriber *s = g_new0 (Subscriber, 1);

  s->self = self;
  s->conn = g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (on_message), s);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), s);
  g_ptr_array_add (self->rt_subscribers, s);
  g_mutex_lock (&self->mutex);
  self->rt_connects++;
  g_mutex_unlock (&self->mutex);
}

/* Runs before the handshake: what Supabase's gateway refuses never
 * becomes a WebSocket. */
static void
check_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  IlFakePostgrest *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *apikey = soup_message_headers_get_one (headers, "x-api-key");
  gboolean off;

  if (apikey == NULL)
    apikey = soup_message_headers_get_one (headers, "apikey");
  if (apikey == NULL && query != NULL)
    apikey = g_hash_table_lookup (query, "apikey");
  g_mutex_lock (&self->mutex);
  off = self->rt_off;
  g_free (self->rt_last_query);
  self->rt_last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_mutex_unlock (&self->mutex);
  if (off)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (apikey == NULL || (self->key != NULL && strcmp (apikey, self->key) != 0))
    {
      static const char body[] = "{\"message\":\"Invalid API key\"}";

      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
}

void
fake_realtime_setup (IlFakePostgrest *self)
{
  self->rt_subscribers = g_ptr_array_new_with_free_func (subscriber_free);
  soup_server_add_handler (self->server, "/realtime/v1/websocket", check_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/realtime/v1/websocket", NULL, NULL,
                                     websocket_cb, self, NULL);
}

void
fake_realtime_teardown (IlFakePostgrest *self)
{
  g_clear_pointer (&self->rt_subscribers, g_ptr_array_unref);
}

/* On the server thread. */
void
fake_realtime_broadcast (IlFakePostgrest *self,
                         guint            n_rows)
{
  for (guint i = 0; i < self->rt_subscribers->len; i++)
    {
      Subscriber *s = g_ptr_array_index (self->rt_subscribers, i);

      if (s->topic == NULL)
        continue;
      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *text = g_strdup_printf (
            "{\"topic\":\"%s\",\"event\":\"postgres_changes\",\"payload\":{\"data\":"
            "{\"schema\":\"public\",\"table\":\"interview_latency_metrics\",\"type\":\"INSERT\","
            "\"commit_timestamp\":\"2026-12-02T08:00:00.000Z\",\"columns\":[],\"record\":{},"
            "\"errors\":null},\"ids\":[31339675]},\"ref\":null}", s->topic);

          send_text (s, text);
        }
    }
}

typedef struct
{
  IlFakePostgrest *self;
  guint            n_rows;
  gboolean         drop;
} Invoke;

static gboolean
invoke_cb (gpointer data)
{
  Invoke *inv = data;

  if (inv->drop)
    {
      /* closing removes each from the list */
      g_autoptr(GPtrArray) all = g_ptr_array_new ();

      for (guint i = 0; i < inv->self->rt_subscribers->len; i++)
        g_ptr_array_add (all, ((Subscriber *) g_ptr_array_index (inv->self->rt_subscribers, i))->conn);
      for (guint i = 0; i < all->len; i++)
        soup_websocket_connection_close (g_ptr_array_index (all, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "restart");
    }
  else
    fake_realtime_broadcast (inv->self, inv->n_rows);
  return G_SOURCE_REMOVE;
}

static void
invoke (IlFakePostgrest *self,
        guint            n_rows,
        gboolean         drop)
{
  Invoke *inv = g_new0 (Invoke, 1);

  inv->self = self;
  inv->n_rows = n_rows;
  inv->drop = drop;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, invoke_cb, inv, g_free);
}

void
il_fake_postgrest_insert_rows (IlFakePostgrest *self,
                               IlRowStore      *rows)
{
  g_mutex_lock (&self->mutex);
  fake_add_store_locked (self, rows);
  g_mutex_unlock (&self->mutex);
  invoke (self, rows->n_rows, FALSE);
}

void
il_fake_postgrest_set_realtime (IlFakePostgrest *self,
                                gboolean         available)
{
  g_mutex_lock (&self->mutex);
  self->rt_off = !available;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_realtime_mute (IlFakePostgrest *self,
                                 gboolean         mute)
{
  g_mutex_lock (&self->mutex);
  self->rt_mute = mute;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_realtime_drop (IlFakePostgrest *self)
{
  invoke (self, 0, TRUE);
}

void
il_fake_postgrest_get_realtime_counts (IlFakePostgrest *self,
                                       guint           *connects,
                                       guint           *joins,
                                       guint           *heartbeats)
{
  g_mutex_lock (&self->mutex);
  if (connects != NULL)
    *connects = self->rt_connects;
  if (joins != NULL)
    *joins = self->rt_joins;
  if (heartbeats != NULL)
    *heartbeats = self->rt_heartbeats;
  g_mutex_unlock (&self->mutex);
}

char *
il_fake_postgrest_dup_realtime_query (IlFakePostgrest *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->rt_last_query);
  g_mutex_unlock (&self->mutex);
  return s;
}

char *
il_fake_postgrest_dup_realtime_join (IlFakePostgrest *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->rt_last_join);
  g_mutex_unlock (&self->mutex);
  return s;
}
