/* il-supabase-fetch-private.h: what the fetch's paging (il-supabase-fetch.c)
 * and its plan of partitions (il-supabase-plan.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-supabase-client-private.h"

G_BEGIN_DECLS

/* A planned partition and the ones split off it share one exact count. */
typedef struct
{
  gboolean   null_part;
  gint64     lo;            /* IL_TIME_NONE: no lower bound */
  gint64     hi;            /* IL_TIME_NONE: open-ended */
  gint64     count;         /* -1 until known */
  guint      attempts;      /* refetches after a shortfall */
  gboolean   checked;
  gboolean   recounting;
} Group;

typedef struct
{
  guint      index;
  Group     *group;
  gboolean   null_part;     /* created_at is null, ordered by metric_id */
  gint64     lo;            /* IL_TIME_NONE: no lower bound */
  gint64     hi;            /* IL_TIME_NONE: open-ended */
  gboolean   has_key;
  gint64     last_t;
  char      *last_t_text;   /* the raw created_at when it did not parse */
  IlUuid     last_id;
  gboolean   counted;       /* the page in flight asks for the count */
  gboolean   split;         /* split off another partition: not counted */
  gboolean   started;
  guint      empty_pages;   /* in a row */
  guint      body_retries;  /* pages that were not valid JSON */
  GPtrArray *batches;       /* IlRowBatch */
  guint64    rows;
  guint64    objects;       /* rows and bad rows: what the count counts */
  gboolean   done;
} Partition;

typedef struct
{
  IlSupabaseClient    *client;
  GTask               *task;
  GCancellable        *cancellable;     /* internal: cancelled on the first failure */
  GCancellable        *user_cancellable;
  gulong               cancel_id;
  gint64               created_min;
  GPtrArray           *partitions;      /* Partition */
  GPtrArray           *groups;          /* Group */
  guint                running;         /* async operations in flight */
  GError              *error;
  IlFetchProgressFunc  progress;
  gpointer             progress_data;
  guint64              fetched;
  guint                max_page;        /* longest page received */
  gboolean             planned;
  gboolean             finishing;
  gint64               probe_lo;        /* earliest and latest created_at seen by the probes */
  gint64               probe_hi;
  guint                probes;
} Fetch;

void       _il_supabase_fetch_fail            (Fetch     *f,
                                               GError    *error);
void       _il_supabase_fetch_pump            (Fetch     *f);
void       _il_supabase_fetch_report_progress (Fetch     *f);

Partition *_il_supabase_partition_new         (Group     *group,
                                               gint64     lo,
                                               gint64     hi);
void       _il_supabase_partition_maybe_split (Fetch     *f,
                                               Partition *p,
                                               guint      n_objects);
void       _il_supabase_fetch_probe           (Fetch     *f,
                                               gboolean   latest);
void       _il_supabase_fetch_plan            (Fetch     *f);
gboolean   _il_supabase_fetch_check_groups    (Fetch     *f);

G_END_DECLS
