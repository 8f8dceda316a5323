/* il-supabase-client-private.h: what the request, fetch and check parts of
 * IlSupabaseClient share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "il-supabase-client.h"

G_BEGIN_DECLS

#define IL_SUPABASE_ALL_COLUMNS "metric_id,session_id,turn_number,step_name,latency_ms,started_at," \
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
  guint         deadline;      /* s, whole request including the body */

  SoupSession  *session;
  GMainContext *session_context;

  IlFetchStats  stats;
};

typedef struct _IlSupabaseRequest IlSupabaseRequest;
typedef void (*IlSupabaseRequestDone) (IlSupabaseRequest *req, GBytes *body, GError *error);

struct _IlSupabaseRequest
{
  IlSupabaseClient      *client;        /* strong */
  char                  *path_query;    /* after /rest/v1/ */
  gboolean               count;
  guint                  attempt;
  GCancellable          *cancellable;
  SoupMessage           *msg;           /* the last one sent */
  IlSupabaseRequestDone  done;
  gpointer               data;
  gpointer               part;
  GMainContext          *context;

  GUri                  *location;      /* a same-origin redirect being followed */
  guint                  hops;
  GCancellable          *attempt_cancellable;   /* cancelled by the deadline too */
  gulong                 cancel_id;
  GSource               *deadline;
  gboolean               deadline_hit;
  gint64                 sent_us;       /* monotonic, when the last attempt was sent */
  gint64                 elapsed_us;    /* of the attempt that answered */
};

G_GNUC_PRINTF (4, 5)
void               _il_supabase_set_error          (IlSupabaseClient      *self,
                                                    GError               **error,
                                                    IlSourceError          code,
                                                    const char            *format,
                                                    ...);
IlSupabaseRequest *_il_supabase_request_new        (IlSupabaseClient      *self,
                                                    char                  *path_query,
                                                    gboolean               count,
                                                    GCancellable          *cancellable,
                                                    IlSupabaseRequestDone  done,
                                                    gpointer               data);
void               _il_supabase_request_send       (IlSupabaseRequest     *req);
void               _il_supabase_request_free       (IlSupabaseRequest     *req);
/* A request's done callback for a count=exact request with limit=0: returns
 * the GTask of req->data with the Content-Range total as an int. */
void               _il_supabase_count_done         (IlSupabaseRequest     *req,
                                                    GBytes                *body,
                                                    GError                *error);
gboolean           _il_supabase_request_retry      (IlSupabaseRequest     *req,
                                                    guint                  ms,
                                                    const GError          *why);
gboolean           _il_supabase_check_ready        (IlSupabaseClient      *self,
                                                    GError               **error);
gint64             _il_supabase_content_range_total (SoupMessage          *msg);
gboolean           _il_supabase_looks_like_html    (SoupMessage           *msg,
                                                    GBytes                *body);
char              *_il_supabase_format_time        (gint64                 us);
/* Appends the keyset cursor after the row (@t, @id): metric_id=gt. among
 * the null created_at rows (@t NULL), else a created_at=gte. bound that the
 * index can use and the or= that steps over the rows tied with @t. */
void               _il_supabase_append_cursor      (GString               *q,
                                                    const char            *t,
                                                    const IlUuid          *id);
/* The last object's created_at text (NULL for null) and metric_id, from a
 * page's JSON: the key of a row the schema rejected. */
gboolean           _il_supabase_raw_last_key       (GBytes                *body,
                                                    char                 **t,
                                                    IlUuid                *id);
char              *_il_supabase_index_advice       (guint                  slowest_ms);
void               _il_supabase_append_param       (GString               *q,
                                                    const char            *name,
                                                    const char            *value);

G_END_DECLS
