/* il-snapshot.h: what one render of the dashboard needs, immutable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "il-aggregates.h"
#include "il-summary.h"

G_BEGIN_DECLS

/* A sealed store with the aggregates computed over it. Whoever holds a
 * reference keeps all of it alive, so a view draws from the snapshot it holds
 * and nothing is borrowed "until the next call". Never changes once made. */
typedef struct _IlSnapshot IlSnapshot;

#define IL_TYPE_SNAPSHOT (il_snapshot_get_type ())
GType               il_snapshot_get_type       (void) G_GNUC_CONST;

/* Takes a reference on store and ownership of aggregates. */
IlSnapshot         *il_snapshot_new            (IlRowStore   *store,
                                                IlAggregates *aggregates);
/* Figures computed by the database: takes ownership of @summary (its
 * aggregates are the snapshot's) and a reference on @names, the store of
 * il_summary_dup_names() that has no rows. */
IlSnapshot         *il_snapshot_new_from_summary (IlRowStore *names,
                                                  IlSummary  *summary);
IlSnapshot         *il_snapshot_ref            (IlSnapshot   *self);
void                il_snapshot_unref          (IlSnapshot   *self);

IlRowStore         *il_snapshot_get_store      (const IlSnapshot *self);
const IlAggregates *il_snapshot_get_aggregates (const IlSnapshot *self);
/* The filter and options the aggregates were computed with. */
const IlFilter     *il_snapshot_get_filter     (const IlSnapshot *self);
const IlAggregateOptions *il_snapshot_get_options (const IlSnapshot *self);
/* TRUE when the figures came from the database: the store holds names, no rows. */
gboolean            il_snapshot_is_summary     (const IlSnapshot *self);
/* TRUE when the filter left at least one row. */
gboolean            il_snapshot_has_rows       (const IlSnapshot *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSnapshot, il_snapshot_unref)

G_END_DECLS
