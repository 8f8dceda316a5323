/* il-row-merge-private.h: what the two ways of merging share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "il-row-merge.h"

G_BEGIN_DECLS

static inline guint
_il_uuid_hash (gconstpointer p)
{
  const IlUuid *u = p;
  return (guint) (u->hi ^ (u->hi >> 32) ^ u->lo ^ (u->lo >> 32));
}

static inline gboolean
_il_uuid_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (IlUuid)) == 0;
}

/* A bit per hash of the fresh ids: most old rows are ruled out without a
 * hash table lookup. */
#define IL_ID_FILTER_BITS (1u << 20)

static inline guint
_il_id_filter_bit (const IlUuid *u)
{
  return (guint) ((u->lo * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 44) & (IL_ID_FILTER_BITS - 1);
}

static inline void
_il_id_filter_add (guint64 *filter, const IlUuid *u)
{
  filter[_il_id_filter_bit (u) / 64] |= G_GUINT64_CONSTANT (1) << (_il_id_filter_bit (u) % 64);
}

static inline gboolean
_il_id_filter_has (const guint64 *filter, const IlUuid *u)
{
  return (filter[_il_id_filter_bit (u) / 64] >> (_il_id_filter_bit (u) % 64)) & 1;
}

/* Whether the merge keeps @old's row @row (before looking at fresh ids). */
gboolean    _il_row_merge_old_row_kept    (const IlRowStore *old,
                                           guint             row,
                                           gint64            created_min,
                                           const IlTimeSpan *refetched,
                                           guint             n_refetched,
                                           gboolean          refetched_null);
/* Adds to @store the counts of @old's bad rows that were not read again. */
void        _il_row_merge_add_old_skipped (IlRowStore       *store,
                                           const IlRowStore *old,
                                           gint64            created_min,
                                           const IlTimeSpan *refetched,
                                           guint             n_refetched,
                                           gboolean          refetched_null);

/* il_row_store_merge's usual case, when @fresh only adds rows after
 * @old's and reads some of @old's again unchanged: a store that shares
 * @old's buffers and writes just the new rows. NULL when that is not the
 * case, or @old's buffers have no room: then merge by copying. */
IlRowStore *_il_row_store_try_extend      (const IlRowStore *old,
                                           gint64            created_min,
                                           const IlTimeSpan *refetched,
                                           guint             n_refetched,
                                           gboolean          refetched_null,
                                           const IlRowStore *fresh);
/* il_row_store_merge without that shortcut: tests compare the two. */
IlRowStore *_il_row_store_merge_copy      (const IlRowStore   *old,
                                           gint64              created_min,
                                           const IlTimeSpan   *refetched,
                                           guint               n_refetched,
                                           gboolean            refetched_null,
                                           IlRowStore * const *fresh,
                                           guint               n_fresh);

G_END_DECLS
