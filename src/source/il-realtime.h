/* il-realtime.h: Supabase Realtime's word that the table changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  IL_REALTIME_STOPPED,
  IL_REALTIME_CONNECTING,    /* also while waiting to reconnect */
  IL_REALTIME_SUBSCRIBED,    /* changes of the table arrive */
} IlRealtimeState;

#define IL_TYPE_REALTIME (il_realtime_get_type ())
G_DECLARE_FINAL_TYPE (IlRealtime, il_realtime, IL, REALTIME, GObject)

/* A WebSocket to the project's Realtime server (Phoenix channels), joined to
 * the changes of public.interview_latency_metrics. It carries no rows: the
 * "changed" signal (no arguments) says a row was inserted, updated or
 * deleted, and the reader fetches what changed the usual way. A lost or
 * refused connection is retried with a growing delay, for as long as it is
 * started; "state" says whether changes arrive. The key is sent only where
 * the REST requests may send it (https, or http to loopback), in headers. */
IlRealtime      *il_realtime_new        (const char  *base_url,
                                         const char  *key);
void             il_realtime_start      (IlRealtime  *self);
void             il_realtime_stop       (IlRealtime  *self);
IlRealtimeState  il_realtime_get_state  (IlRealtime  *self);
/* Why the last connection ended or failed, or NULL. */
const char      *il_realtime_get_error  (IlRealtime  *self);

/* For tests: the heartbeat interval (default 25 s) and the first reconnect
 * delay (default 1 s; it doubles up to 5 min). */
void             _il_realtime_set_timing (IlRealtime *self,
                                          guint       heartbeat_ms,
                                          guint       reconnect_ms);

G_END_DECLS
