/* fake-postgrest-functions.c: the fake PostgREST's POST /rest/v1/rpc/NAME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same server as the rows, as on Supabase: one URL and key serve both
 * the table and the database's functions.
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"

static void
send_json (SoupServerMessage *msg,
           guint              status,
           const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

/* What the hook answers, or PostgREST's 404 PGRST202 for a function it does
 * not know. The body is the call's named arguments as a JSON object. */
void
fake_answer_rpc (IlFakePostgrest   *self,
                 SoupServerMessage *msg,
                 const char        *path)
{
  const char *name = path + strlen ("/rest/v1/rpc/");
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *args = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *answer = NULL;
  IlFakePostgrestRpcFunc func;
  gpointer data;
  guint status = 200;

  g_mutex_lock (&self->mutex);
  func = self->rpc_func;
  data = self->rpc_data;
  self->n_rpc_calls++;
  g_free (self->last_rpc_args);
  self->last_rpc_args = g_strdup (args);
  g_mutex_unlock (&self->mutex);

  if (func == NULL)
    {
      answer = g_strdup_printf ("{\"code\":\"PGRST202\",\"details\":\"Searched for the function "
                                "public.%s with parameters created_min or with a single unnamed "
                                "json/jsonb parameter, but no matches were found in the schema "
                                "cache.\",\"hint\":null,\"message\":\"Could not find the function "
                                "public.%s(created_min) in the schema cache\"}", name, name);
      send_json (msg, 404, answer);
      return;
    }
  answer = func (name, args, &status, data);
  send_json (msg, status, answer);
}

void
il_fake_postgrest_set_rpc (IlFakePostgrest        *self,
                           IlFakePostgrestRpcFunc  func,
                           gpointer                data)
{
  g_mutex_lock (&self->mutex);
  self->rpc_func = func;
  self->rpc_data = data;
  g_mutex_unlock (&self->mutex);
}

char *
il_fake_postgrest_dup_last_rpc_args (IlFakePostgrest *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->last_rpc_args);
  g_mutex_unlock (&self->mutex);
  return s;
}

guint
il_fake_postgrest_get_n_rpc_calls (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_rpc_calls;
  g_mutex_unlock (&self->mutex);
  return n;
}
