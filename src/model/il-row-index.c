/* il-row-index.c: sealing a store: the sorted row indexes readers use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-row-store.h"
#include "il-row-store-private.h"

/* ---- sealing: indexes ------------------------------------------------------ */

/* Maps a double to an unsigned key with the same order (negatives first). */
static inline guint64
double_key (double d)
{
  const guint64 sign = G_GUINT64_CONSTANT (0x8000000000000000);
  guint64 bits;

  memcpy (&bits, &d, sizeof bits);
  return (bits & sign) ? ~bits : bits | sign;
}

/* Row ids sorted by latency, ties in row order: an LSD radix sort (stable)
 * over 16-bit digits, skipping digits on which all keys agree. */
static guint32 *
sort_by_latency (const IlRowStore *self)
{
  guint n = self->n_rows;
  g_autofree guint64 *keys = g_new (guint64, MAX (n, 1));
  g_autofree guint64 *keys_tmp = g_new (guint64, MAX (n, 1));
  guint32 *rows = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *rows_tmp = g_new (guint32, MAX (n, 1));
  g_autofree guint *counts = g_new (guint, 65536);
  guint64 all_or = 0, all_and = G_MAXUINT64;

  for (guint i = 0; i < n; i++)
    {
      keys[i] = double_key (self->latency_ms[i]);
      rows[i] = i;
      all_or |= keys[i];
      all_and &= keys[i];
    }

  for (guint shift = 0; shift < 64; shift += 16)
    {
      guint64 *tk;
      guint32 *tr;
      guint sum = 0;

      if ((((all_or ^ all_and) >> shift) & 0xffff) == 0)
        continue;

      memset (counts, 0, 65536 * sizeof (guint));
      for (guint i = 0; i < n; i++)
        counts[(keys[i] >> shift) & 0xffff]++;
      for (guint d = 0; d < 65536; d++)
        {
          guint c = counts[d];

          counts[d] = sum;
          sum += c;
        }
      for (guint i = 0; i < n; i++)
        {
          guint pos = counts[(keys[i] >> shift) & 0xffff]++;

          keys_tmp[pos] = keys[i];
          rows_tmp[pos] = rows[i];
        }
      tk = keys; keys = keys_tmp; keys_tmp = tk;
      tr = rows; rows = rows_tmp; rows_tmp = tr;
    }

  return rows;
}

static int
compare_session_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const IlRowStore *self = user_data;
  guint32 ra = *(const guint32 *) a;
  guint32 rb = *(const guint32 *) b;

  if (self->started_at[ra] != self->started_at[rb])
    return self->started_at[ra] < self->started_at[rb] ? -1 : 1;
  return il_uuid_compare (&self->metric_id[ra], &self->metric_id[rb]);
}

void
il_row_store_seal (IlRowStore *self)
{
  guint n, n_steps;
  g_autofree guint32 *step_rank = NULL;
  g_autofree guint32 *fill = NULL;

  g_return_if_fail (self != NULL);

  if (self->sealed)
    return;
  n = self->n_rows;
  n_steps = il_string_pool_get_size (self->steps);

  /* Give back the growth slack. */
  _il_row_store_trim (self);

  /* steps in name order */
  self->step_order = g_new (IlStrId, MAX (n_steps, 1));
  for (guint s = 0; s < n_steps; s++)
    self->step_order[s] = s;
  g_qsort_with_data (self->step_order, n_steps, sizeof (IlStrId),
                     _il_string_pool_compare_ids, self->steps);
  step_rank = g_new (guint32, MAX (n_steps, 1));
  for (guint r = 0; r < n_steps; r++)
    step_rank[self->step_order[r]] = r;

  self->by_latency = sort_by_latency (self);

  /* by (step rank, latency): a stable partition of by_latency */
  self->step_offsets = g_new0 (guint32, n_steps + 1);
  for (guint i = 0; i < n; i++)
    self->step_offsets[step_rank[self->step[i]] + 1]++;
  for (guint r = 0; r < n_steps; r++)
    self->step_offsets[r + 1] += self->step_offsets[r];
  fill = g_memdup2 (self->step_offsets, (n_steps + 1) * sizeof (guint32));
  self->by_step_latency = g_new (guint32, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      guint32 row = self->by_latency[k];

      self->by_step_latency[fill[step_rank[self->step[row]]]++] = row;
    }
  g_clear_pointer (&fill, g_free);

  /* by (session, started_at, metric_id): partition by session, sort each part */
  self->session_offsets = g_new0 (guint32, self->n_sessions + 1);
  for (guint i = 0; i < n; i++)
    self->session_offsets[self->session[i] + 1]++;
  for (guint s = 0; s < self->n_sessions; s++)
    self->session_offsets[s + 1] += self->session_offsets[s];
  fill = g_memdup2 (self->session_offsets, (self->n_sessions + 1) * sizeof (guint32));
  self->by_session = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    self->by_session[fill[self->session[i]]++] = i;
  for (guint s = 0; s < self->n_sessions; s++)
    {
      guint start = self->session_offsets[s];
      guint len = self->session_offsets[s + 1] - start;

      if (len > 1)
        g_qsort_with_data (self->by_session + start, len, sizeof (guint32),
                           compare_session_rows, self);
    }

  self->sealed = TRUE;
}

/* ---- sealing a store extended in place ------------------------------------- */

/* (latency, row): the order of sort_by_latency */
static int
compare_latency_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const IlRowStore *self = user_data;
  guint32 ra = *(const guint32 *) a;
  guint32 rb = *(const guint32 *) b;
  guint64 ka = double_key (self->latency_ms[ra]);
  guint64 kb = double_key (self->latency_ms[rb]);

  if (ka != kb)
    return ka < kb ? -1 : 1;
  return ra < rb ? -1 : ra > rb;
}

/* (session, started_at, metric_id): the order of by_session */
static int
compare_session_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const IlRowStore *self = user_data;
  guint32 sa = self->session[*(const guint32 *) a];
  guint32 sb = self->session[*(const guint32 *) b];

  if (sa != sb)
    return sa < sb ? -1 : 1;
  return compare_session_rows (a, b, user_data);
}

/* Merges two runs of row ids sorted by cmp into out; returns how many. */
static guint
merge_ids (const guint32    *a,
           guint             n_a,
           const guint32    *b,
           guint             n_b,
           GCompareDataFunc  cmp,
           const IlRowStore *self,
           guint32          *out)
{
  guint i = 0, j = 0, k = 0;

  while (i < n_a && j < n_b)
    out[k++] = cmp (&a[i], &b[j], (gpointer) self) <= 0 ? a[i++] : b[j++];
  memcpy (out + k, a + i, (n_a - i) * sizeof (guint32));
  k += n_a - i;
  memcpy (out + k, b + j, (n_b - j) * sizeof (guint32));
  return k + n_b - j;
}

void
_il_row_store_seal_extended (IlRowStore       *self,
                             const IlRowStore *prefix)
{
  guint n0 = prefix->n_rows;
  guint n = self->n_rows;
  guint k = n - n0;
  guint n_steps = il_string_pool_get_size (self->steps);
  guint old_sessions = prefix->n_sessions;
  g_autofree guint32 *added = NULL;
  g_autofree guint32 *step_rank = NULL;
  g_autofree guint32 *new_offsets = NULL;
  g_autofree guint32 *fill = NULL;
  g_autofree guint32 *by_step = NULL;
  guint out;

  g_return_if_fail (!self->sealed && prefix->sealed && n >= n0);

  /* A new step moves the others' ranks: index from scratch (rare). */
  if (n_steps != il_string_pool_get_size (prefix->steps))
    {
      il_row_store_seal (self);
      return;
    }
  _il_row_store_trim (self);

  self->step_order = g_memdup2 (prefix->step_order, MAX (n_steps, 1) * sizeof (IlStrId));
  step_rank = g_new (guint32, MAX (n_steps, 1));
  for (guint r = 0; r < n_steps; r++)
    step_rank[self->step_order[r]] = r;

  /* The new rows by latency; an old row comes before a new one of the same
   * latency, as its id is lower. */
  added = g_new (guint32, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    added[i] = n0 + i;
  g_qsort_with_data (added, k, sizeof (guint32), compare_latency_rows, self);
  self->by_latency = g_new (guint32, MAX (n, 1));
  merge_ids (prefix->by_latency, n0, added, k, compare_latency_rows, self, self->by_latency);

  /* per step: the old part merged with the new rows of that step, which a
   * stable partition of the new rows by latency gives */
  new_offsets = g_new0 (guint32, n_steps + 1);
  for (guint i = 0; i < k; i++)
    new_offsets[step_rank[self->step[added[i]]] + 1]++;
  for (guint r = 0; r < n_steps; r++)
    new_offsets[r + 1] += new_offsets[r];
  fill = g_memdup2 (new_offsets, (n_steps + 1) * sizeof (guint32));
  by_step = g_new (guint32, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    by_step[fill[step_rank[self->step[added[i]]]]++] = added[i];
  self->step_offsets = g_new (guint32, n_steps + 1);
  for (guint r = 0; r <= n_steps; r++)
    self->step_offsets[r] = prefix->step_offsets[r] + new_offsets[r];
  self->by_step_latency = g_new (guint32, MAX (n, 1));
  for (guint r = 0; r < n_steps; r++)
    merge_ids (prefix->by_step_latency + prefix->step_offsets[r],
               prefix->step_offsets[r + 1] - prefix->step_offsets[r],
               by_step + new_offsets[r], new_offsets[r + 1] - new_offsets[r],
               compare_latency_rows, self, self->by_step_latency + self->step_offsets[r]);

  /* per session: the old part merged with the new rows of that session;
   * new sessions come after every old one */
  self->session_offsets = g_new0 (guint32, self->n_sessions + 1);
  for (guint s = 0; s < old_sessions; s++)
    self->session_offsets[s + 1] = prefix->session_offsets[s + 1] - prefix->session_offsets[s];
  for (guint i = 0; i < k; i++)
    self->session_offsets[self->session[n0 + i] + 1]++;
  for (guint s = 0; s < self->n_sessions; s++)
    self->session_offsets[s + 1] += self->session_offsets[s];
  for (guint i = 0; i < k; i++)
    added[i] = n0 + i;
  g_qsort_with_data (added, k, sizeof (guint32), compare_session_order, self);
  self->by_session = g_new (guint32, MAX (n, 1));
  out = 0;
  for (guint i = 0, copied = 0; i <= k; )
    {
      guint s = i < k ? self->session[added[i]] : G_MAXUINT;
      guint old_end = s < old_sessions ? prefix->session_offsets[s] : n0;
      guint j = i;

      /* the old sessions before s, untouched */
      memcpy (self->by_session + out, prefix->by_session + copied, (old_end - copied) * sizeof (guint32));
      out += old_end - copied;
      copied = old_end;
      if (i == k)
        break;
      while (j < k && self->session[added[j]] == s)
        j++;
      if (s < old_sessions)
        {
          guint len = prefix->session_offsets[s + 1] - copied;

          out += merge_ids (prefix->by_session + copied, len, added + i, j - i,
                            compare_session_rows, self, self->by_session + out);
          copied += len;
        }
      else
        {
          memcpy (self->by_session + out, added + i, (j - i) * sizeof (guint32));
          out += j - i;
        }
      i = j;
    }
  g_assert (out == n);

  self->sealed = TRUE;
}
