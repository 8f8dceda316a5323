/* il-row-store-impl.h: the store's private state, for the files that make
 * stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-row-store.h"

G_BEGIN_DECLS

/* The column buffers of stores that share them: a store made by appending
 * rows to a sealed one writes only its new rows, past the rows the other
 * store reads, instead of copying a million rows into fresh memory. */
#define IL_N_SHARED_BUFFERS 16
typedef struct
{
  gint      ref_count;
  /* The extent of the store whose rows end where the written part ends:
   * only a store of exactly this extent may append, and only one at once. */
  guint     n_rows;
  guint     n_sessions;
  gsize     metadata_len;
  gboolean  busy;
  /* what the buffers have room for */
  guint     capacity;
  guint     sessions_capacity;
  gsize     metadata_capacity;
  gpointer  buffers[IL_N_SHARED_BUFFERS];
} IlSharedColumns;

typedef struct
{
  gint      ref_count;
  guint     capacity;
  gsize     metadata_len;
  gsize     metadata_capacity;

  /* session interning: open addressing, slots hold index + 1 (0 = empty) */
  guint32  *session_slots;
  guint     session_mask;
  guint     sessions_capacity;

  /* non-NULL: the column buffers belong to it, not to the store */
  IlSharedColumns *shared;
  /* a store that appended to shared buffers: the extent before it */
  gboolean  appended;
  guint     base_rows;
  guint     base_sessions;
  gsize     base_metadata_len;
} IlRowStorePriv;

#define PRIV(store) ((IlRowStorePriv *) (store)->priv)

/* Room a sealed store keeps past its rows, so that a store extending it
 * with a refresh's new rows finds it. Pages never written cost address
 * space, not memory. */
static inline gsize
_il_with_slack (gsize n,
                gsize minimum,
                gsize limit)
{
  gsize slack = MAX (n / 16, minimum);

  return n > limit - slack ? limit : n + slack;
}

#define ROWS_WITH_SLACK(n)      ((guint) _il_with_slack ((n), 1024, G_MAXUINT32 - 1))
#define SESSIONS_WITH_SLACK(n)  ((guint) _il_with_slack ((n), 256, G_MAXUINT32 - 1))
#define METADATA_WITH_SLACK(n)  _il_with_slack ((n), 65536, G_MAXSIZE)

static inline guint
_il_session_hash (const IlUuid *uuid)
{
  guint64 h = (uuid->hi ^ (uuid->lo * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)));

  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  h ^= h >> 32;
  return (guint) h;
}

/* The column buffers, in IlSharedColumns order, and the other way. */
void      _il_row_store_get_buffers          (IlRowStore       *self,
                                              gpointer          buffers[IL_N_SHARED_BUFFERS]);
void      _il_row_store_set_buffers          (IlRowStore       *self,
                                              gpointer          buffers[IL_N_SHARED_BUFFERS]);
/* The session table again, with n_slots (a power of two) slots. */
void      _il_row_store_session_table_rehash (IlRowStore       *self,
                                              guint             n_slots);
/* Interns every string of @from in @to: the ids of @from's strings in @to. */
IlStrId  *_il_row_store_remap_pool           (IlStringPool     *to,
                                              IlStringPool     *from);
/* Lets go of the shared buffers of a store being freed. */
void      _il_row_store_release_shared       (IlRowStore       *self);

G_END_DECLS
