/* fake-postgrest-rpc.h: PostgREST's POST /rest/v1/rpc/<function> on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IlFakeRpc IlFakeRpc;

/* Answers one call of the function: args is the request body (a JSON
 * object); returns the response body and sets *status (200 by default).
 * Runs on the server's thread, so it may block (e.g. run psql). */
typedef char *(*IlFakeRpcFunc) (const char *args,
                                guint      *status,
                                gpointer    user_data);

/* A server whose only function is interview_latency_summary, answered by
 * func; with func NULL it answers 404 PGRST202 as PostgREST does for a
 * function that does not exist. Requests without key in apikey get 401. */
IlFakeRpc  *il_fake_rpc_new          (const char    *key,
                                      IlFakeRpcFunc  func,
                                      gpointer       user_data);
void        il_fake_rpc_free         (IlFakeRpc     *self);
const char *il_fake_rpc_get_url      (IlFakeRpc     *self);
guint       il_fake_rpc_get_n_calls  (IlFakeRpc     *self);
/* The last request's body and Authorization header (NULL when absent). */
char       *il_fake_rpc_dup_last_body          (IlFakeRpc *self);
char       *il_fake_rpc_dup_last_authorization (IlFakeRpc *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlFakeRpc, il_fake_rpc_free)

G_END_DECLS
