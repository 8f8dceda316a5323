/* il-row-sort.c: sorting row ids by a column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row becomes a 64-bit key of its column (pooled strings by their rank
 * in the pool, metadata text 8 bytes per round) and the keys are
 * radix-sorted; only ties go another round.
 */
#include "config.h"

#include <string.h>

#include "il-csv.h"
#include "il-row-sort.h"

typedef struct
{
  guint64 key;
  guint32 row;
  guint32 pad;
} Pair;

typedef struct
{
  IlRowStore *store;
  IlColumn    column;
  gboolean    descending;
  guint32    *session_rank;
  guint32    *step_rank;
  guint32    *status_rank;
  guint32    *message_rank;
} SortCtx;

static int
cmp_pool_ids (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const IlStringPool *pool = user_data;

  return strcmp (il_string_pool_get (pool, *(const guint32 *) a),
                 il_string_pool_get (pool, *(const guint32 *) b));
}

/* rank[id] = position of the string in byte order. */
static guint32 *
pool_ranks (const IlStringPool *pool)
{
  guint n = il_string_pool_get_size (pool);
  g_autofree guint32 *ids = g_new (guint32, MAX (n, 1));
  guint32 *rank = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    ids[i] = i;
  g_qsort_with_data (ids, n, sizeof (guint32), cmp_pool_ids, (gpointer) pool);
  for (guint i = 0; i < n; i++)
    rank[ids[i]] = i;

  return g_steal_pointer (&rank);
}

static int
cmp_session_uuid (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const IlUuid *ids = user_data;

  return il_uuid_compare (&ids[*(const guint32 *) a], &ids[*(const guint32 *) b]);
}

static guint32 *
session_ranks (IlRowStore *store)
{
  guint n = store->n_sessions;
  g_autofree guint32 *ids = g_new (guint32, MAX (n, 1));
  guint32 *rank = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    ids[i] = i;
  g_qsort_with_data (ids, n, sizeof (guint32), cmp_session_uuid, store->session_ids);
  for (guint i = 0; i < n; i++)
    rank[ids[i]] = i;

  return g_steal_pointer (&rank);
}

static inline guint64
key_int64 (gint64 v)
{
  return (guint64) v ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline guint64
key_double (double v)
{
  guint64 u;

  if (v == 0)
    v = 0;   /* -0 sorts with +0 */
  memcpy (&u, &v, sizeof u);
  if (u & G_GUINT64_CONSTANT (0x8000000000000000))
    return ~u;
  return u | G_GUINT64_CONSTANT (0x8000000000000000);
}

/* 8 bytes of s from offset, big-endian, zero-padded. */
static inline guint64
key_bytes (const char *s,
           gsize       len,
           gsize       offset)
{
  guint64 k = 0;

  for (gsize i = 0; i < 8; i++)
    {
      k <<= 8;
      if (offset + i < len)
        k |= (guchar) s[offset + i];
    }

  return k;
}

/* The sort key of row at depth (a string column compares 8 bytes per depth). */
static inline guint64
sort_key (const SortCtx *ctx,
          guint          row,
          guint          depth)
{
  IlRowStore *store = ctx->store;
  guint64 k = 0;

  switch (ctx->column)
    {
    case IL_COL_METRIC_ID:
      k = depth == 0 ? store->metric_id[row].hi : store->metric_id[row].lo;
      break;
    case IL_COL_SESSION_ID:
      k = ctx->session_rank[store->session[row]];
      break;
    case IL_COL_TURN_NUMBER:
      k = key_int64 (store->turn_number[row]);
      break;
    case IL_COL_STEP_NAME:
      k = ctx->step_rank[store->step[row]];
      break;
    case IL_COL_LATENCY_MS:
      k = key_double (store->latency_ms[row]);
      break;
    case IL_COL_STARTED_AT:
      k = key_int64 (store->started_at[row]);
      break;
    case IL_COL_COMPLETED_AT:
      k = key_int64 (store->completed_at[row]);
      break;
    case IL_COL_STATUS:
      k = ctx->status_rank[store->status[row]];
      break;
    case IL_COL_ERROR_MESSAGE:
      k = store->error_message[row] == IL_STR_NONE ? 0
          : (guint64) ctx->message_rank[store->error_message[row]] + 1;
      break;
    case IL_COL_METADATA:
      {
        gsize len;
        const char *s = il_row_store_get_metadata (store, row, &len);

        /* null is 0; JSON text never starts with a NUL byte */
        k = s != NULL ? key_bytes (s, len, (gsize) depth * 8) : 0;
      }
      break;
    case IL_COL_CREATED_AT:
      k = key_int64 (store->created_at[row]);
      break;
    case IL_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  return ctx->descending ? ~k : k;
}

/* Whether rows whose keys are equal up to depth may still differ after it. */
static inline gboolean
sort_has_more (const SortCtx *ctx,
               guint          row,
               guint          depth)
{
  if (ctx->column == IL_COL_METRIC_ID)
    return depth == 0;
  if (ctx->column == IL_COL_METADATA)
    {
      gsize len;

      il_row_store_get_metadata (ctx->store, row, &len);
      return len > (gsize) (depth + 1) * 8;
    }
  return FALSE;
}

/* Stable LSD radix sort of p[0..n) by key, tmp of the same size. */
static void
radix_sort (Pair  *p,
            Pair  *tmp,
            gsize  n)
{
  guint32 (*counts)[256];
  Pair *src = p, *dst = tmp;

  if (n < 64)
    {
      /* stable insertion sort */
      for (gsize i = 1; i < n; i++)
        {
          Pair x = p[i];
          gsize j = i;

          while (j > 0 && p[j - 1].key > x.key)
            {
              p[j] = p[j - 1];
              j--;
            }
          p[j] = x;
        }
      return;
    }

  counts = g_malloc0 (sizeof (guint32) * 8 * 256);
  for (gsize i = 0; i < n; i++)
    {
      guint64 k = p[i].key;

      for (guint b = 0; b < 8; b++)
        counts[b][(k >> (8 * b)) & 0xff]++;
    }

  for (guint b = 0; b < 8; b++)
    {
      guint32 *c = counts[b];
      gsize sum = 0;
      gboolean trivial = FALSE;

      for (guint v = 0; v < 256; v++)
        {
          guint32 count = c[v];

          if (count == n)
            {
              trivial = TRUE;
              break;
            }
          c[v] = sum;
          sum += count;
        }
      if (trivial)
        continue;

      for (gsize i = 0; i < n; i++)
        dst[c[(src[i].key >> (8 * b)) & 0xff]++] = src[i];

      {
        Pair *t = src;

        src = dst;
        dst = t;
      }
    }

  if (src != p)
    memcpy (p, src, n * sizeof (Pair));

  g_free (counts);
}

/* Metadata repeats a few values many times: a run of identical texts needs
 * no deeper pass (their order is already the input order). */
static gboolean
all_identical (const SortCtx *ctx,
               const Pair    *p,
               gsize          n)
{
  const char *first;
  gsize first_len;

  if (ctx->column != IL_COL_METADATA)
    return FALSE;

  first = il_row_store_get_metadata (ctx->store, p[0].row, &first_len);
  for (gsize i = 1; i < n; i++)
    {
      gsize len;
      const char *s = il_row_store_get_metadata (ctx->store, p[i].row, &len);

      if (len != first_len || (len > 0 && memcmp (s, first, len) != 0))
        return FALSE;
    }

  return TRUE;
}

static void
sort_range (const SortCtx *ctx,
            Pair          *p,
            Pair          *tmp,
            gsize          n,
            guint          depth)
{
  if (depth > 0)
    for (gsize i = 0; i < n; i++)
      p[i].key = sort_key (ctx, p[i].row, depth);

  radix_sort (p, tmp, n);

  if (ctx->column != IL_COL_METRIC_ID && ctx->column != IL_COL_METADATA)
    return;

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      gboolean more = sort_has_more (ctx, p[i].row, depth);

      while (j < n && p[j].key == p[i].key)
        {
          more = more || sort_has_more (ctx, p[j].row, depth);
          j++;
        }

      if (j - i > 1 && more && !all_identical (ctx, p + i, j - i))
        sort_range (ctx, p + i, tmp + i, j - i, depth + 1);

      i = j;
    }
}

void
il_row_sort (IlRowStore *store,
             guint32    *rows,
             guint       n_rows,
             IlColumn    column,
             gboolean    descending)
{
  SortCtx ctx = { store, column, descending, NULL, NULL, NULL, NULL };
  Pair *pairs, *tmp;

  g_return_if_fail (store != NULL);
  g_return_if_fail (column < IL_N_COLUMNS);

  if (n_rows < 2)
    return;

  switch (column)
    {
    case IL_COL_SESSION_ID:
      ctx.session_rank = session_ranks (store);
      break;
    case IL_COL_STEP_NAME:
      ctx.step_rank = pool_ranks (store->steps);
      break;
    case IL_COL_STATUS:
      ctx.status_rank = pool_ranks (store->statuses);
      break;
    case IL_COL_ERROR_MESSAGE:
      ctx.message_rank = pool_ranks (store->messages);
      break;
    case IL_COL_METRIC_ID:
    case IL_COL_TURN_NUMBER:
    case IL_COL_LATENCY_MS:
    case IL_COL_STARTED_AT:
    case IL_COL_COMPLETED_AT:
    case IL_COL_METADATA:
    case IL_COL_CREATED_AT:
    case IL_N_COLUMNS:
    default:
      break;
    }

  pairs = g_new (Pair, n_rows);
  tmp = g_new (Pair, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      pairs[i].row = rows[i];
      pairs[i].key = sort_key (&ctx, rows[i], 0);
    }

  sort_range (&ctx, pairs, tmp, n_rows, 0);

  for (guint i = 0; i < n_rows; i++)
    rows[i] = pairs[i].row;

  g_free (pairs);
  g_free (tmp);
  g_free (ctx.session_rank);
  g_free (ctx.step_rank);
  g_free (ctx.status_rank);
  g_free (ctx.message_rank);
}
