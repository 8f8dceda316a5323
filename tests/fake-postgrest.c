/* fake-postgrest.c: an in-process PostgREST for tests (see fake-postgrest.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"
#include "il-row-json.h"

/* ---- rows ------------------------------------------------------------- */

static void
row_texts_free (gpointer data)
{
  RowTexts *t = data;

  g_string_free (t->text, TRUE);
  g_free (t->offsets);
  g_free (t);
}

static void
fake_store_free (gpointer data)
{
  FakeStore *fs = data;

  il_row_store_unref (fs->store);
  g_ptr_array_unref (fs->texts);
  g_free (fs);
}

static void
fault_free (gpointer data)
{
  Fault *f = data;

  g_free (f->content_type);
  g_free (f->body);
  g_free (f->retry_after);
  g_free (f->location);
  g_clear_pointer (&f->rows, il_row_store_unref);
  g_free (f);
}

static int
default_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  IlFakePostgrest *self = data;
  gint64 ca = row_created (self, a);
  gint64 cb = row_created (self, b);

  if (ca != cb)
    {
      if (ca == IL_TIME_NONE)
        return 1;
      if (cb == IL_TIME_NONE)
        return -1;
      return ca < cb ? -1 : 1;
    }
  return il_uuid_compare (row_metric (self, a), row_metric (self, b));
}

void
fake_add_store_locked (IlFakePostgrest *self, IlRowStore *store)
{
  FakeStore *fs = g_new0 (FakeStore, 1);
  guint index = self->stores->len;

  fs->store = il_row_store_ref (store);
  fs->texts = g_ptr_array_new_with_free_func (row_texts_free);
  g_ptr_array_add (self->stores, fs);

  for (guint i = 0; i < store->n_rows; i++)
    {
      FakeRow r = { index, i };
      g_array_append_val (self->rows, r);
    }
  g_array_sort_with_data (self->rows, default_cmp, self);
}

/* ---- responses -------------------------------------------------------- */

void
fake_set_json (SoupServerMessage *msg, guint status, const char *content_type, const char *body, gsize len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type ? content_type : "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, body, len);
}

static void
json_field (GString *out, const char *name, const char *value, gboolean comma)
{
  if (comma)
    g_string_append_c (out, ',');
  il_json_escape_string (out, name);
  g_string_append_c (out, ':');
  if (value == NULL)
    g_string_append (out, "null");
  else
    il_json_escape_string (out, value);
}

void
fake_send_pg_error (SoupServerMessage *msg, const PgError *e)
{
  g_autoptr(GString) body = g_string_new ("{");

  json_field (body, "code", e->code, FALSE);
  json_field (body, "details", e->details, TRUE);
  json_field (body, "hint", e->hint, TRUE);
  json_field (body, "message", e->message, TRUE);
  g_string_append_c (body, '}');
  fake_set_json (msg, e->status, NULL, body->str, body->len);
}

static void
pending_free (Pending *p)
{
  g_clear_object (&p->msg);
  g_free (p->path);
  g_free (p->query);
  g_free (p->redirect);
  g_clear_pointer (&p->status_fault, fault_free);
  g_clear_pointer (&p->inserts, g_ptr_array_unref);
  g_free (p);
}

static void
respond (Pending *p)
{
  IlFakePostgrest *self = p->self;
  SoupServerMessage *msg = p->msg;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *apikey = soup_message_headers_get_one (req, "apikey");
  g_autofree char *query_key = NULL;

  if (apikey == NULL && p->query != NULL)
    {
      /* The gateway also takes ?apikey= (we never send it, but be faithful). */
      g_autoptr(GHashTable) form = soup_form_decode (p->query);
      query_key = g_strdup (g_hash_table_lookup (form, "apikey"));
      apikey = query_key;
    }

  if (p->redirect != NULL)
    {
      g_autofree char *target = g_strconcat (p->redirect, p->query ? p->query : "", NULL);
      soup_server_message_set_redirect (msg, 302, target);
      return;
    }

  if (p->delete_oldest > 0)
    {
      guint n = 0;

      /* the rows are in created_at order, the null ones last */
      g_mutex_lock (&self->mutex);
      while (n < p->delete_oldest && n < self->rows->len
             && row_created (self, &g_array_index (self->rows, FakeRow, n)) != IL_TIME_NONE)
        n++;
      g_array_remove_range (self->rows, 0, n);
      g_mutex_unlock (&self->mutex);
    }
  if (p->inserts != NULL)
    {
      g_mutex_lock (&self->mutex);
      for (guint i = 0; i < p->inserts->len; i++)
        fake_add_store_locked (self, g_ptr_array_index (p->inserts, i));
      g_mutex_unlock (&self->mutex);
      for (guint i = 0; i < p->inserts->len; i++)
        fake_realtime_broadcast (self, ((IlRowStore *) g_ptr_array_index (p->inserts, i))->n_rows);
    }

  if (apikey == NULL)
    {
      static const char body[] = "{\"message\":\"No API key found in request\","
                                 "\"hint\":\"No `apikey` request header or url param was found.\"}";
      fake_set_json (msg, 401, NULL, body, strlen (body));
      return;
    }
  if (self->key != NULL && strcmp (apikey, self->key) != 0)
    {
      static const char body[] = "{\"message\":\"Invalid API key\","
                                 "\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}";
      fake_set_json (msg, 401, NULL, body, strlen (body));
      return;
    }

  if (p->status_fault != NULL)
    {
      Fault *f = p->status_fault;

      if (f->retry_after != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", f->retry_after);
      fake_set_json (msg, f->status, f->content_type, f->body ? f->body : "", f->body ? strlen (f->body) : 0);
      return;
    }

  if (g_str_has_prefix (p->path, "/rest/v1/rpc/"))
    {
      fake_answer_rpc (self, msg, p->path);
      return;
    }

  if (strcmp (p->path, TABLE_PATH) != 0 || self->table_missing)
    {
      const char *name = g_str_has_prefix (p->path, "/rest/v1/") ? p->path + 9 : p->path;
      PgError e = { 0 };

      if (self->table_missing && self->table_missing_legacy)
        fake_pg_error_set (&e, 404, "42P01",
                      g_strdup_printf ("relation \"public.%s\" does not exist", name), NULL, NULL);
      else
        fake_pg_error_set (&e, 404, "PGRST205",
                      g_strdup_printf ("Could not find the table 'public.%s' in the schema cache", name),
                      NULL, NULL);
      fake_send_pg_error (msg, &e);
      g_free (e.code);
      g_free (e.message);
      g_free (e.hint);
      return;
    }

  fake_answer_rows (p);
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

/* Holds the answer back for what the rows skipped before it cost. */
static void
respond_charged (Pending *p)
{
  respond (p);
  if (p->skip_ns >= 1000000)
    {
      GSource *source = g_timeout_source_new ((guint) MIN (p->skip_ns / 1000000, G_MAXUINT));

      soup_server_message_pause (p->msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (p->msg), g_object_unref);
      g_source_attach (source, p->self->context);
      g_source_unref (source);
    }
}

static gboolean
delayed_cb (gpointer data)
{
  Pending *p = data;

  soup_server_message_unpause (p->msg);
  respond_charged (p);
  return G_SOURCE_REMOVE;
}

static void
random_fault (IlFakePostgrest *self, Pending *p)
{
  IlFakeRandomFault kind = g_rand_int_range (self->random, 0, IL_FAKE_N_RANDOM);
  static const char html[] = "<html><body><h1>500 Internal Server Error</h1></body></html>";

  self->random_counts[kind]++;
  switch (kind)
    {
    case IL_FAKE_RANDOM_SHORT:
      p->short_rows = g_rand_int_range (self->random, 1, MAX (self->max_rows, 2));
      break;
    case IL_FAKE_RANDOM_EMPTY:
      p->short_rows = 0;
      break;
    case IL_FAKE_RANDOM_HTML_500:
    case IL_FAKE_RANDOM_BAD_JSON:
    case IL_FAKE_RANDOM_502:
      g_clear_pointer (&p->status_fault, fault_free);
      p->status_fault = g_new0 (Fault, 1);
      p->status_fault->status = kind == IL_FAKE_RANDOM_HTML_500 ? 500 : kind == IL_FAKE_RANDOM_502 ? 502 : 200;
      p->status_fault->content_type = g_strdup (kind == IL_FAKE_RANDOM_BAD_JSON ? NULL : "text/html");
      p->status_fault->body = g_strdup (kind == IL_FAKE_RANDOM_BAD_JSON ? "[{\"metric_id\":\"1f" : html);
      break;
    case IL_FAKE_RANDOM_CUT:
    case IL_FAKE_N_RANDOM:
    default:
      p->cut = TRUE;
      break;
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  IlFakePostgrest *self = data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  Pending *p = g_new0 (Pending, 1);
  guint delay;
  guint n;

  p->self = self;
  p->msg = g_object_ref (msg);
  p->short_rows = -1;
  p->path = g_strdup (g_uri_get_path (uri));
  p->query = g_strdup (g_uri_get_query (uri));

  g_mutex_lock (&self->mutex);
  n = ++self->n_requests;
  g_ptr_array_add (self->log, p->query ? g_strdup_printf ("%s?%s", p->path, p->query) : g_strdup (p->path));
  g_free (self->last_authorization);
  self->last_authorization = g_strdup (soup_message_headers_get_one (req, "Authorization"));
  delay = self->delay_ms;
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);

      if (f->request_no != 0 && f->request_no != n)
        continue;
      switch (f->kind)
        {
        case FAULT_DELAY:
          delay += f->ms;
          break;
        case FAULT_STATUS:
          if (p->status_fault == NULL)
            {
              p->status_fault = g_new0 (Fault, 1);
              p->status_fault->status = f->status;
              p->status_fault->content_type = g_strdup (f->content_type);
              p->status_fault->body = g_strdup (f->body);
              p->status_fault->retry_after = g_strdup (f->retry_after);
            }
          break;
        case FAULT_CUT:
          p->cut = TRUE;
          break;
        case FAULT_BAD_ROW:
          p->bad_row = TRUE;
          break;
        case FAULT_BAD_PAGE:
          p->bad_page = TRUE;
          break;
        case FAULT_SHORT:
          p->short_rows = (int) f->n;
          break;
        case FAULT_BAD_TAIL:
          p->bad_tail = f->n;
          break;
        case FAULT_TRICKLE:
          p->trickle_ms = f->ms;
          break;
        case FAULT_REDIRECT:
          g_free (p->redirect);
          p->redirect = g_strdup (f->location);
          break;
        case FAULT_DELETE_OLDEST:
          p->delete_oldest += f->n;
          break;
        case FAULT_DROP_FILTERS:
          p->drop_filters = TRUE;
          break;
        case FAULT_INSERT:
        default:
          if (p->inserts == NULL)
            p->inserts = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_store_unref);
          g_ptr_array_add (p->inserts, il_row_store_ref (f->rows));
          break;
        }
    }
  if (self->random != NULL && g_rand_double (self->random) < self->random_rate)
    random_fault (self, p);
  g_mutex_unlock (&self->mutex);

  if (delay > 0)
    {
      GSource *source = g_timeout_source_new (delay);

      soup_server_message_pause (msg);
      /* freed by the source, also when the server stops before it fires */
      g_source_set_callback (source, delayed_cb, p, (GDestroyNotify) pending_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
      return;
    }

  respond_charged (p);
  pending_free (p);
}

/* ---- thread ----------------------------------------------------------- */

static gboolean
not_tls_incoming (GSocketService     *service,
                  GSocketConnection  *connection,
                  GObject            *source,
                  gpointer            data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  IlFakePostgrest *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "postgrest-fake/12", NULL);
  soup_server_add_handler (self->server, "/rest/v1", handler, self, NULL);
  fake_realtime_setup (self);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fake-postgrest: cannot listen on 127.0.0.1: %s", error->message);

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    self->not_tls = g_socket_service_new ();
    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->not_tls), addr, G_SOCKET_TYPE_STREAM,
                                        G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
      g_error ("fake-postgrest: cannot listen on 127.0.0.1: %s", error->message);
    g_signal_connect (self->not_tls, "incoming", G_CALLBACK (not_tls_incoming), NULL);
    g_socket_service_start (self->not_tls);
    self->tls_error_url = g_strdup_printf ("https://127.0.0.1:%u",
                                           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  }

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->mutex);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  fake_realtime_teardown (self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_socket_service_stop (self->not_tls);
  g_socket_listener_close (G_SOCKET_LISTENER (self->not_tls));
  g_clear_object (&self->not_tls);
  /* Let pending sources (delayed answers) be dropped and freed. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

IlFakePostgrest *
il_fake_postgrest_new (IlRowStore *rows,
                       const char *key)
{
  IlFakePostgrest *self = g_new0 (IlFakePostgrest, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->key = g_strdup (key);
  self->stores = g_ptr_array_new_with_free_func (fake_store_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (FakeRow));
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->max_rows = 1000;
  if (rows != NULL)
    fake_add_store_locked (self, rows);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->mutex);
  self->thread = g_thread_new ("fake-postgrest", server_thread, self);
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
il_fake_postgrest_free (IlFakePostgrest *self)
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
  g_ptr_array_unref (self->faults);
  g_ptr_array_unref (self->log);
  g_array_unref (self->rows);
  g_clear_pointer (&self->bad_ids, g_array_unref);
  g_ptr_array_unref (self->stores);
  g_free (self->last_authorization);
  g_free (self->last_rpc_args);
  g_free (self->rt_last_join);
  g_free (self->rt_last_query);
  g_clear_pointer (&self->random, g_rand_free);
  g_free (self->url);
  g_free (self->tls_error_url);
  g_free (self->key);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
il_fake_postgrest_get_url (IlFakePostgrest *self)
{
  return self->url;
}

const char *
il_fake_postgrest_get_tls_error_url (IlFakePostgrest *self)
{
  return self->tls_error_url;
}

void
il_fake_postgrest_set_max_rows (IlFakePostgrest *self,
                                guint            max_rows)
{
  g_mutex_lock (&self->mutex);
  self->max_rows = max_rows;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_set_bad_rows (IlFakePostgrest *self,
                                const IlUuid    *ids,
                                guint            n_ids)
{
  g_mutex_lock (&self->mutex);
  if (self->bad_ids == NULL)
    self->bad_ids = g_array_new (FALSE, FALSE, sizeof (IlUuid));
  g_array_set_size (self->bad_ids, 0);
  g_array_append_vals (self->bad_ids, ids, n_ids);
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_set_delay (IlFakePostgrest *self,
                             guint            ms)
{
  g_mutex_lock (&self->mutex);
  self->delay_ms = ms;
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_set_table_missing (IlFakePostgrest *self,
                                     gboolean         missing,
                                     gboolean         legacy)
{
  g_mutex_lock (&self->mutex);
  self->table_missing = missing;
  self->table_missing_legacy = legacy;
  g_mutex_unlock (&self->mutex);
}

guint
il_fake_postgrest_get_n_requests (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_requests;
  g_mutex_unlock (&self->mutex);
  return n;
}

GPtrArray *
il_fake_postgrest_dup_log (IlFakePostgrest *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->log, i)));
  g_mutex_unlock (&self->mutex);
  return copy;
}

char *
il_fake_postgrest_dup_last_authorization (IlFakePostgrest *self)
{
  char *s;

  g_mutex_lock (&self->mutex);
  s = g_strdup (self->last_authorization);
  g_mutex_unlock (&self->mutex);
  return s;
}

guint
il_fake_postgrest_get_n_rows (IlFakePostgrest *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->rows->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

void
il_fake_postgrest_set_skip_cost (IlFakePostgrest *self,
                                 guint            ns_per_row)
{
  g_mutex_lock (&self->mutex);
  self->skip_cost_ns = ns_per_row;
  g_mutex_unlock (&self->mutex);
}

guint64
il_fake_postgrest_get_rows_skipped (IlFakePostgrest *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->rows_skipped;
  g_mutex_unlock (&self->mutex);
  return n;
}
