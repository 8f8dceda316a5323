/* il-supabase-client.c: reads interview_latency_metrics from Supabase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object and its settings. Requests and retries are in
 * il-supabase-request.c, the fetch in il-supabase-fetch.c, the connection
 * check and the diagnostics in il-supabase-check.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "il-config.h"
#include "il-supabase-client-private.h"

#define DEFAULT_PAGE_SIZE    1000
#define DEFAULT_CONCURRENCY  6
#define DEFAULT_TIMEOUT      30
#define DEFAULT_MAX_RETRIES  3
#define DEFAULT_RETRY_DELAY  500   /* ms, doubled each retry */
#define DEFAULT_DEADLINE     120   /* s */

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
  self->deadline = DEFAULT_DEADLINE;
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

void
il_supabase_client_set_deadline (IlSupabaseClient *self,
                                 guint             seconds)
{
  g_return_if_fail (IL_IS_SUPABASE_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->deadline = seconds;
}

guint
il_supabase_client_get_deadline (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), 0);
  return self->deadline;
}

char *
il_supabase_client_dup_advice (IlSupabaseClient *self)
{
  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (self), NULL);

  if (self->stats.slow_pages == 0)
    return NULL;
  return _il_supabase_index_advice (self->stats.slowest_page_ms);
}
