/* il-realtime.c: Supabase Realtime's word that the table changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Realtime speaks Phoenix channels over a WebSocket: JSON objects with a
 * topic, an event, a payload and a ref. We join one channel asking for the
 * table's postgres_changes, answer nothing but our own heartbeats, and turn
 * every change into "changed". The rows themselves are fetched over REST,
 * so a missed message costs nothing but time: polling still runs.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "il-config.h"
#include "il-realtime.h"

#define TOPIC "realtime:interview-latency"
#define DEFAULT_HEARTBEAT_MS 25000
#define DEFAULT_RECONNECT_MS 1000
#define MAX_RECONNECT_MS (5 * 60 * 1000)
/* a change's payload carries the row, metadata and all */
#define MAX_MESSAGE_SIZE (16 * 1024 * 1024)

struct _IlRealtime
{
  GObject                  parent_instance;

  char                    *base_url;     /* NULL when unusable */
  char                    *key;
  gboolean                 key_is_jwt;

  gboolean                 running;
  IlRealtimeState          state;
  char                    *error;

  SoupSession             *session;
  GCancellable            *connect_cancellable;
  SoupWebsocketConnection *conn;
  guint                    next_ref;
  char                    *join_ref;
  char                    *heartbeat_ref;  /* sent and not answered yet */

  guint                    heartbeat_id;
  guint                    reconnect_id;
  guint                    heartbeat_ms;
  guint                    first_reconnect_ms;
  guint                    reconnect_ms;   /* the next delay */
};

G_DEFINE_FINAL_TYPE (IlRealtime, il_realtime, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (IlRealtime *self);

static void
set_state (IlRealtime      *self,
           IlRealtimeState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
drop_connection (IlRealtime *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_pointer (&self->heartbeat_ref, g_free);
  g_clear_pointer (&self->join_ref, g_free);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
}

static gboolean
reconnect_cb (gpointer data)
{
  IlRealtime *self = data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* The connection is gone: say why and try again later, each time waiting
 * twice as long. */
static void
fail (IlRealtime *self,
      const char *why)
{
  drop_connection (self);
  g_free (self->error);
  self->error = g_strdup (why);
  if (!self->running)
    return;
  set_state (self, IL_REALTIME_CONNECTING);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (self->reconnect_ms, reconnect_cb, self);
  g_source_set_name_by_id (self->reconnect_id, "[interview-latency] realtime reconnect");
  self->reconnect_ms = MIN (self->reconnect_ms * 2, MAX_RECONNECT_MS);
}

static char *
new_ref (IlRealtime *self)
{
  return g_strdup_printf ("%u", ++self->next_ref);
}

/* Takes @payload. */
static void
send_message (IlRealtime *self,
              const char *topic,
              const char *event,
              JsonNode   *payload,
              const char *ref)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) owned = payload;
  g_autofree char *text = NULL;

  /* closing: "closed" follows and reconnects */
  if (soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, topic);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_value (builder, g_steal_pointer (&owned));
  json_builder_set_member_name (builder, "ref");
  json_builder_add_string_value (builder, ref);
  if (self->join_ref != NULL && g_strcmp0 (topic, TOPIC) == 0)
    {
      json_builder_set_member_name (builder, "join_ref");
      json_builder_add_string_value (builder, self->join_ref);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_websocket_connection_send_text (self->conn, text);
}

static void
send_join (IlRealtime *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "config");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "postgres_changes");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "*");
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, "public");
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, "interview_latency_metrics");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  /* Row level security decides what we hear about, as it decides what we
   * read: a user's JWT is the token; a publishable key has no user. */
  if (self->key_is_jwt)
    {
      json_builder_set_member_name (builder, "access_token");
      json_builder_add_string_value (builder, self->key);
    }
  json_builder_end_object (builder);

  self->join_ref = new_ref (self);
  send_message (self, TOPIC, "phx_join", json_builder_get_root (builder), self->join_ref);
}

static gboolean
heartbeat_cb (gpointer data)
{
  IlRealtime *self = data;
  g_autoptr(JsonNode) empty = json_node_init_object (json_node_alloc (), json_object_new ());

  if (self->heartbeat_ref != NULL)
    {
      /* the last one got no answer in a whole interval: a dead connection
       * that TCP has not noticed yet */
      self->heartbeat_id = 0;
      fail (self, _("The Realtime server stopped answering."));
      return G_SOURCE_REMOVE;
    }
  self->heartbeat_ref = new_ref (self);
  send_message (self, "phoenix", "heartbeat", g_steal_pointer (&empty), self->heartbeat_ref);
  return G_SOURCE_CONTINUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
on_join_reply (IlRealtime *self,
               JsonObject *payload)
{
  const char *reason;
  g_autofree char *text = NULL;

  if (g_strcmp0 (member_string (payload, "status"), "ok") == 0)
    {
      self->reconnect_ms = self->first_reconnect_ms;
      g_clear_pointer (&self->error, g_free);
      set_state (self, IL_REALTIME_SUBSCRIBED);
      return;
    }
  reason = member_string (member_object (payload, "response"), "reason");
  /* Translators: %s is the Realtime server's reason, in English */
  text = g_strdup_printf (_("The Realtime server refused the subscription: %s"),
                          reason != NULL ? reason : _("no reason given"));
  fail (self, text);
}

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            IlRealtime              *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object, *payload;
  const char *topic, *event, *ref;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  /* Anything we cannot read is not ours to act on; polling still runs. */
  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  topic = member_string (object, "topic");
  event = member_string (object, "event");
  ref = member_string (object, "ref");
  payload = member_object (object, "payload");
  if (event == NULL)
    return;

  if (g_str_equal (event, "phx_reply"))
    {
      if (ref != NULL && g_strcmp0 (ref, self->heartbeat_ref) == 0)
        g_clear_pointer (&self->heartbeat_ref, g_free);
      else if (ref != NULL && g_strcmp0 (ref, self->join_ref) == 0)
        on_join_reply (self, payload);
      return;
    }
  if (g_strcmp0 (topic, TOPIC) != 0)
    return;
  if (g_str_equal (event, "postgres_changes")
      || g_str_equal (event, "INSERT") || g_str_equal (event, "UPDATE") || g_str_equal (event, "DELETE"))
    g_signal_emit (self, signals[CHANGED], 0);
  else if (g_str_equal (event, "system") && g_strcmp0 (member_string (payload, "status"), "error") == 0)
    {
      const char *why = member_string (payload, "message");
      /* Translators: %s is the Realtime server's message, in English */
      g_autofree char *text = g_strdup_printf (_("The Realtime server reported an error: %s"),
                                               why != NULL ? why : _("no reason given"));

      fail (self, text);
    }
  else if (g_str_equal (event, "phx_error") || g_str_equal (event, "phx_close"))
    fail (self, _("The Realtime server closed the channel."));
}

static void
on_closed (SoupWebsocketConnection *conn,
           IlRealtime              *self)
{
  fail (self, _("The Realtime connection was closed."));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn =
    soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  IlRealtime *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  g_clear_object (&self->connect_cancellable);
  if (conn == NULL)
    {
      /* Translators: %s says why, e.g. "Unexpected response status 404" */
      g_autofree char *text = g_strdup_printf (_("Realtime is not available: %s"), error->message);

      fail (self, text);
      return;
    }

  self->conn = g_steal_pointer (&conn);
  soup_websocket_connection_set_max_incoming_payload_size (self->conn, MAX_MESSAGE_SIZE);
  g_signal_connect (self->conn, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (on_closed), self);
  send_join (self);
  self->heartbeat_id = g_timeout_add (self->heartbeat_ms, heartbeat_cb, self);
  g_source_set_name_by_id (self->heartbeat_id, "[interview-latency] realtime heartbeat");
}

static void
connect_now (IlRealtime *self)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  set_state (self, IL_REALTIME_CONNECTING);
  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", 30,
                                                     "user-agent", "interview-latency/" PACKAGE_VERSION,
                                                     NULL);
      /* as for REST: loopback directly, https through any proxy */
      if (il_url_is_loopback (self->base_url))
        soup_session_set_proxy_resolver (self->session, NULL);
    }
  url = g_strconcat (self->base_url, "/realtime/v1/websocket?vsn=1.0.0", NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      fail (self, _("The project URL cannot be used for Realtime."));
      return;
    }
  /* The key in headers, never in the URL (browsers must put it there):
   * the gateway checks apikey, Realtime reads x-api-key. */
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "apikey", self->key);
  soup_message_headers_replace (headers, "x-api-key", self->key);
  /* a redirect could carry the key to another origin */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, connected_cb, self);
}

void
il_realtime_start (IlRealtime *self)
{
  g_return_if_fail (IL_IS_REALTIME (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->reconnect_ms = self->first_reconnect_ms;
  if (self->base_url == NULL || self->key == NULL || *self->key == '\0')
    {
      g_free (self->error);
      self->error = g_strdup (_("Realtime needs the project URL and key."));
      set_state (self, IL_REALTIME_CONNECTING);
      return;
    }
  connect_now (self);
}

void
il_realtime_stop (IlRealtime *self)
{
  g_return_if_fail (IL_IS_REALTIME (self));

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  set_state (self, IL_REALTIME_STOPPED);
}

IlRealtimeState
il_realtime_get_state (IlRealtime *self)
{
  g_return_val_if_fail (IL_IS_REALTIME (self), IL_REALTIME_STOPPED);
  return self->state;
}

const char *
il_realtime_get_error (IlRealtime *self)
{
  g_return_val_if_fail (IL_IS_REALTIME (self), NULL);
  return self->error;
}

void
_il_realtime_set_timing (IlRealtime *self,
                         guint       heartbeat_ms,
                         guint       reconnect_ms)
{
  g_return_if_fail (IL_IS_REALTIME (self));

  self->heartbeat_ms = MAX (heartbeat_ms, 1);
  self->first_reconnect_ms = self->reconnect_ms = MAX (reconnect_ms, 1);
}

IlRealtime *
il_realtime_new (const char *base_url,
                 const char *key)
{
  IlRealtime *self = g_object_new (IL_TYPE_REALTIME, NULL);

  if (base_url != NULL && !il_supabase_url_normalize (base_url, &self->base_url, NULL))
    g_clear_pointer (&self->base_url, g_free);
  if (key != NULL)
    {
      self->key = g_strstrip (g_strdup (key));
      self->key_is_jwt = il_key_kind_is_jwt (il_key_kind (self->key));
    }
  return self;
}

static void
il_realtime_dispose (GObject *object)
{
  IlRealtime *self = IL_REALTIME (object);

  self->running = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (il_realtime_parent_class)->dispose (object);
}

static void
il_realtime_finalize (GObject *object)
{
  IlRealtime *self = IL_REALTIME (object);

  g_free (self->base_url);
  g_free (self->key);
  g_free (self->error);
  G_OBJECT_CLASS (il_realtime_parent_class)->finalize (object);
}

static void
il_realtime_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IlRealtime *self = IL_REALTIME (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_realtime_class_init (IlRealtimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = il_realtime_dispose;
  object_class->finalize = il_realtime_finalize;
  object_class->get_property = il_realtime_get_property;

  /* An IlRealtimeState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, IL_REALTIME_STOPPED, IL_REALTIME_SUBSCRIBED, IL_REALTIME_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
il_realtime_init (IlRealtime *self)
{
  self->heartbeat_ms = DEFAULT_HEARTBEAT_MS;
  self->first_reconnect_ms = self->reconnect_ms = DEFAULT_RECONNECT_MS;
}
