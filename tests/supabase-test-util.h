/* supabase-test-util.h: rows, fetches and checks shared by the Supabase
 * client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fake-postgrest.h"
#include "il-supabase-client.h"

#define KEY "sb_publishable_T3stK3y-very-secret-0123456789"
#define HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))

typedef struct
{
  GAsyncResult *result;
  guint         n_progress;
  guint64       last_rows;
  gint64        last_total;
  GCancellable *cancel_after_progress;
} Wait;

/* Every message the tests saw, to check that the key never appears. */
extern GPtrArray *messages;
/* Whole seconds: the rows' times are made from it. */
extern gint64     base_time;

/* Checks that @message does not give the key away and keeps it. */
void              remember         (const char       *message);
/* n rows over the 10 days before base_time; groups of 3 share a created_at
 * (ties across page boundaries); every @null_every-th has none. */
IlRowStore       *make_rows        (guint             n,
                                    guint32           seed,
                                    guint             null_every,
                                    gint64            time_offset);
/* The metric_ids that a fetch from created_min must return, in order. */
GArray           *expected_ids     (IlRowStore      **stores,
                                    guint             n_stores,
                                    gint64            created_min);
void              assert_ids       (IlRowStore       *got,
                                    GArray           *expected);
/* Keeps the result in the Wait at @data. */
void              done_cb          (GObject          *object,
                                    GAsyncResult     *result,
                                    gpointer          data);
/* Fetches from @created_min, iterating the main context until it ends. */
IlRowStore       *fetch            (IlSupabaseClient *client,
                                    gint64            created_min,
                                    GCancellable     *cancellable,
                                    Wait             *w,
                                    GError          **error);
IlSupabaseClient *client_new       (IlFakePostgrest  *fake,
                                    guint             concurrency);
/* The fake's request log holds no key and no time zone offset. */
void              assert_log_clean (IlFakePostgrest  *fake);

/* Sets messages and base_time up; call after g_test_init (). */
void              supabase_test_init   (void);
/* Reports and frees the messages; returns @ret, g_test_run ()'s result. */
int               supabase_test_finish (int               ret);
