/* test-row-extend.c: a refresh's merge that appends to the cached store's
 * buffers gives the store the copying merge gives, and never disturbs a
 * store that shares them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-demo.h"
#include "il-row-merge.h"
#include "il-row-merge-private.h"
#include "il-row-store-private.h"

#define NOW G_GINT64_CONSTANT (1780000000000000)   /* 2026-05-28 */
#define SECOND G_USEC_PER_SEC

/* The cached store: demo rows in full-fetch order, as a fetch leaves them. */
static IlRowStore *
cached_store (guint n_rows, guint32 seed)
{
  g_autoptr(IlRowStore) demo = il_demo_generate (n_rows, seed, NOW);
  IlRowStore *parts[] = { demo };

  return il_row_store_merge (NULL, IL_TIME_NONE, NULL, 0, FALSE, parts, 1);
}

static void
append_copy (IlRowStore       *to,
             const IlRowStore *from,
             guint             r,
             gint64            created_at)
{
  il_row_store_append_copy (to, from, r);
  to->created_at[to->n_rows - 1] = created_at;
}

/* What a refresh reads: old's rows from @overlap_from on again, then @n_new
 * rows a second apart after the newest, every third in a session the cache
 * knows, with two bad rows. */
static IlRowStore *
refresh_rows (const IlRowStore *old,
              guint             overlap_from,
              guint             n_new,
              guint32           seed)
{
  g_autoptr(IlRowStore) demo = il_demo_generate (n_new, seed, NOW + (gint64) 3600 * SECOND);
  IlRowStore *fresh = il_row_store_new ();
  gint64 newest = old->created_at[old->n_rows - 1];
  gint64 bad[] = { newest + SECOND / 2, IL_SKIPPED_AT_UNKNOWN };

  for (guint r = overlap_from; r < old->n_rows; r++)
    append_copy (fresh, old, r, old->created_at[r]);
  for (guint i = 0; i < n_new; i++)
    {
      IlRowInput row = { 0 };

      row.metric_id = demo->metric_id[i];
      row.session_id = i % 3 == 0 ? old->session_ids[(i * 7) % old->n_sessions]
                                  : demo->session_ids[demo->session[i]];
      row.turn_number = demo->turn_number[i];
      row.step_name = il_row_store_get_step_name (demo, i);
      /* some ties with old latencies, to check their order */
      row.latency_ms = i % 5 == 0 ? old->latency_ms[i % old->n_rows] : demo->latency_ms[i];
      row.started_at = i % 4 == 0 ? old->started_at[i % old->n_rows] : demo->started_at[i];
      row.completed_at = demo->completed_at[i];
      row.status = il_row_store_get_status (demo, i);
      row.error_message = il_row_store_get_error_message (demo, i);
      row.metadata = i % 2 ? "{\"model\":\"fresh\"}" : NULL;
      row.created_at = newest + (gint64) (i + 1) * SECOND;
      il_row_store_append_row (fresh, &row);
    }
  il_row_store_add_skipped_at (fresh, bad, G_N_ELEMENTS (bad), "metadata: not an object");
  il_row_store_seal (fresh);
  return fresh;
}

static void
assert_ids_equal (const guint32 *a, const guint32 *b, guint n)
{
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i])
      g_error ("index entry %u: %u != %u", i, a[i], b[i]);
}

/* Row for row, session for session, index for index. */
static void
assert_same_store (const IlRowStore *got, const IlRowStore *want)
{
  guint n_steps = il_string_pool_get_size (want->steps);

  g_assert_cmpuint (got->n_rows, ==, want->n_rows);
  for (guint r = 0; r < want->n_rows; r++)
    if (!il_row_store_rows_equal (got, r, want, r))
      g_error ("row %u differs", r);
  g_assert_cmpuint (got->n_sessions, ==, want->n_sessions);
  g_assert_cmpmem (got->session_ids, got->n_sessions * sizeof (IlUuid),
                   want->session_ids, want->n_sessions * sizeof (IlUuid));
  g_assert_cmpuint (got->n_skipped, ==, want->n_skipped);
  g_assert_cmpmem (got->skipped_at, got->n_skipped * sizeof (gint64),
                   want->skipped_at, want->n_skipped * sizeof (gint64));
  g_assert_cmpstr (got->first_skip_reason, ==, want->first_skip_reason);

  g_assert_true (got->sealed);
  g_assert_cmpuint (il_string_pool_get_size (got->steps), ==, n_steps);
  for (guint s = 0; s < n_steps; s++)
    g_assert_cmpstr (il_string_pool_get (got->steps, got->step_order[s]), ==,
                     il_string_pool_get (want->steps, want->step_order[s]));
  assert_ids_equal (got->step_offsets, want->step_offsets, n_steps + 1);
  assert_ids_equal (got->by_latency, want->by_latency, want->n_rows);
  assert_ids_equal (got->by_step_latency, want->by_step_latency, want->n_rows);
  assert_ids_equal (got->session_offsets, want->session_offsets, want->n_sessions + 1);
  assert_ids_equal (got->by_session, want->by_session, want->n_rows);
  g_assert_cmpuint (il_row_store_get_memory_size (got), ==, il_row_store_get_memory_size (want));
}

static IlRowStore *
merge_one (const IlRowStore *old, const IlTimeSpan *span, IlRowStore *fresh)
{
  return il_row_store_merge (old, IL_TIME_NONE, span, 1, FALSE, &fresh, 1);
}

static IlRowStore *
copy_one (const IlRowStore *old, const IlTimeSpan *span, IlRowStore *fresh)
{
  return _il_row_store_merge_copy (old, IL_TIME_NONE, span, 1, FALSE, &fresh, 1);
}

static IlRowStore *
copy_store (IlRowStore *store)
{
  IlRowStore *parts[] = { store };

  return _il_row_store_merge_copy (NULL, IL_TIME_NONE, NULL, 0, FALSE, parts, 1);
}

static void
test_in_place (void)
{
  g_autoptr(IlRowStore) old = cached_store (3000, 11);
  g_autoptr(IlRowStore) before = copy_store (old);
  guint overlap_from = old->n_rows - 40;
  IlTimeSpan span = { old->created_at[overlap_from], IL_TIME_NONE };
  g_autoptr(IlRowStore) fresh = refresh_rows (old, overlap_from, 500, 12);
  g_autoptr(IlRowStore) want = copy_one (old, &span, fresh);
  g_autoptr(IlRowStore) got = merge_one (old, &span, fresh);

  /* new sessions and new rows in old ones; no row of the overlap lost */
  g_assert_cmpuint (want->n_rows, ==, 3500);
  g_assert_cmpuint (want->n_sessions, >, old->n_sessions);
  /* the old rows were not copied */
  g_assert_true (got->metric_id == old->metric_id);
  g_assert_true (got->metadata_text == old->metadata_text);
  assert_same_store (got, want);
  /* and the old store reads what it read */
  assert_same_store (old, before);
}

/* Rows not in full-fetch order (demo rows, by session) are sorted first. */
static void
test_unsorted (void)
{
  g_autoptr(IlRowStore) old = cached_store (1000, 81);
  IlTimeSpan span = { old->created_at[old->n_rows - 6], IL_TIME_NONE };
  g_autoptr(IlRowStore) sorted = refresh_rows (old, old->n_rows - 6, 120, 82);
  g_autoptr(IlRowStore) fresh = il_row_store_new ();
  g_autoptr(IlRowStore) want = NULL;
  g_autoptr(IlRowStore) got = NULL;

  for (guint r = sorted->n_rows; r-- > 0;)
    il_row_store_append_copy (fresh, sorted, r);
  il_row_store_seal (fresh);
  want = copy_one (old, &span, fresh);
  got = merge_one (old, &span, fresh);
  g_assert_true (got->metric_id == old->metric_id);
  assert_same_store (got, want);
}

/* Two refreshes from the same store: the second must not write where the
 * first's rows are; a refresh of the first's result appends in place. */
static void
test_shared_tail (void)
{
  g_autoptr(IlRowStore) old = cached_store (2000, 21);
  IlTimeSpan span = { old->created_at[old->n_rows - 10], IL_TIME_NONE };
  g_autoptr(IlRowStore) fresh_a = refresh_rows (old, old->n_rows - 10, 300, 22);
  g_autoptr(IlRowStore) fresh_b = refresh_rows (old, old->n_rows - 10, 200, 23);
  g_autoptr(IlRowStore) want_a = copy_one (old, &span, fresh_a);
  g_autoptr(IlRowStore) want_b = copy_one (old, &span, fresh_b);
  g_autoptr(IlRowStore) got_a = merge_one (old, &span, fresh_a);
  g_autoptr(IlRowStore) got_b = merge_one (old, &span, fresh_b);
  g_autoptr(IlRowStore) fresh_c = NULL;
  g_autoptr(IlRowStore) want_c = NULL;
  g_autoptr(IlRowStore) got_c = NULL;
  IlTimeSpan span_c;

  g_assert_true (got_a->metric_id == old->metric_id);
  g_assert_true (got_b->metric_id != old->metric_id);
  assert_same_store (got_a, want_a);
  assert_same_store (got_b, want_b);

  /* the chain goes on after the first store is gone */
  g_clear_pointer (&old, il_row_store_unref);
  span_c.lo = got_a->created_at[got_a->n_rows - 5];
  span_c.hi = IL_TIME_NONE;
  fresh_c = refresh_rows (got_a, got_a->n_rows - 5, 100, 24);
  want_c = copy_one (got_a, &span_c, fresh_c);
  got_c = merge_one (got_a, &span_c, fresh_c);
  g_assert_true (got_c->metric_id == got_a->metric_id);
  assert_same_store (got_c, want_c);
  assert_same_store (got_a, want_a);

  /* a refresh of the store left behind copies */
  {
    g_autoptr(IlRowStore) fresh_d = refresh_rows (got_a, got_a->n_rows - 5, 50, 25);
    g_autoptr(IlRowStore) want_d = copy_one (got_a, &span_c, fresh_d);
    g_autoptr(IlRowStore) got_d = merge_one (got_a, &span_c, fresh_d);

    g_assert_true (got_d->metric_id != got_a->metric_id);
    assert_same_store (got_d, want_d);
    assert_same_store (got_c, want_c);
  }
}

/* A refresh whose store is dropped (the range changed meanwhile) gives the
 * room back: the next one appends in place. */
static void
test_dropped (void)
{
  g_autoptr(IlRowStore) old = cached_store (1200, 71);
  IlTimeSpan span = { old->created_at[old->n_rows - 4], IL_TIME_NONE };
  g_autoptr(IlRowStore) fresh_a = refresh_rows (old, old->n_rows - 4, 80, 72);
  g_autoptr(IlRowStore) fresh_b = refresh_rows (old, old->n_rows - 4, 60, 73);
  g_autoptr(IlRowStore) want_b = copy_one (old, &span, fresh_b);
  IlRowStore *got_a = merge_one (old, &span, fresh_a);
  g_autoptr(IlRowStore) got_b = NULL;

  g_assert_true (got_a->metric_id == old->metric_id);
  il_row_store_unref (got_a);   /* small: freed at once */
  got_b = merge_one (old, &span, fresh_b);
  g_assert_true (got_b->metric_id == old->metric_id);
  assert_same_store (got_b, want_b);
}

/* Whatever the copying merge would not put after the cached rows unchanged
 * goes the copying way, with the same result. */
static void
test_falls_back (void)
{
  for (guint c = 0; c < 5; c++)
    {
      g_autoptr(IlRowStore) old = cached_store (1500, 31 + c);
      guint overlap_from = old->n_rows - 30;
      IlTimeSpan span = { old->created_at[overlap_from], IL_TIME_NONE };
      g_autoptr(IlRowStore) fresh = NULL;
      g_autoptr(IlRowStore) want = NULL;
      g_autoptr(IlRowStore) got = NULL;
      gint64 created_min = IL_TIME_NONE;

      switch (c)
        {
        case 0:   /* a row read again has changed */
          fresh = refresh_rows (old, overlap_from, 20, 40);
          fresh->latency_ms[3] += 1;
          break;
        case 1:   /* a row in the span read again was deleted */
          fresh = refresh_rows (old, overlap_from + 1, 20, 41);
          break;
        case 2:   /* a slow transaction's row, older than the newest cached */
          fresh = il_row_store_new ();
          for (guint r = overlap_from; r < old->n_rows; r++)
            append_copy (fresh, old, r, old->created_at[r]);
          {
            g_autoptr(IlRowStore) late = refresh_rows (old, old->n_rows, 1, 42);
            append_copy (fresh, late, 0, old->created_at[old->n_rows - 2] + 1);
          }
          {
            IlRowStore *parts[] = { fresh };
            IlRowStore *sorted = il_row_store_merge (NULL, IL_TIME_NONE, NULL, 0, FALSE, parts, 1);
            il_row_store_unref (fresh);
            fresh = sorted;
          }
          break;
        case 3:   /* the range starts later: old rows drop out */
          fresh = refresh_rows (old, overlap_from, 20, 43);
          created_min = old->created_at[10];
          break;
        case 4:   /* a fresh row with an old id (and a new time) */
          fresh = refresh_rows (old, overlap_from, 20, 44);
          fresh->metric_id[fresh->n_rows - 1] = old->metric_id[5];
          break;
        default:
          g_assert_not_reached ();
        }

      want = _il_row_store_merge_copy (old, created_min, &span, 1, FALSE, &fresh, 1);
      got = il_row_store_merge (old, created_min, &span, 1, FALSE, &fresh, 1);
      g_assert_true (got->metric_id != old->metric_id);
      assert_same_store (got, want);
    }
}

/* A store whose sessions are not numbered in the order of their first rows
 * (a summary names sessions before any row): the copying merge numbers
 * them again, so the result must be a copy. */
static void
test_session_order (void)
{
  g_autoptr(IlRowStore) demo = cached_store (600, 51);
  g_autoptr(IlRowStore) named = il_row_store_new ();
  g_autoptr(IlRowStore) fresh = NULL;
  g_autoptr(IlRowStore) want = NULL;
  g_autoptr(IlRowStore) got = NULL;
  IlTimeSpan span;

  il_row_store_intern_session (named, &demo->session_ids[demo->n_sessions - 1]);
  for (guint r = 0; r < demo->n_rows; r++)
    append_copy (named, demo, r, demo->created_at[r]);
  il_row_store_seal (named);
  span.lo = named->created_at[named->n_rows - 3];
  span.hi = IL_TIME_NONE;
  fresh = refresh_rows (named, named->n_rows - 3, 10, 52);
  want = copy_one (named, &span, fresh);
  got = merge_one (named, &span, fresh);
  g_assert_true (got->metric_id != named->metric_id);
  assert_same_store (got, want);
}

/* A new step name changes the ranks of the others: indexes from scratch. */
static void
test_new_step (void)
{
  g_autoptr(IlRowStore) old = cached_store (1000, 61);
  IlTimeSpan span = { IL_TIME_NONE, IL_TIME_NONE };
  g_autoptr(IlRowStore) fresh = il_row_store_new ();
  g_autoptr(IlRowStore) want = NULL;
  g_autoptr(IlRowStore) got = NULL;

  span.lo = old->created_at[old->n_rows - 1] + 1;
  {
    g_autoptr(IlRowStore) more = refresh_rows (old, old->n_rows, 3, 62);
    IlRowInput row = { 0 };

    for (guint r = 0; r < more->n_rows; r++)
      append_copy (fresh, more, r, more->created_at[r]);
    row.metric_id.hi = 42;
    row.session_id = old->session_ids[0];
    row.step_name = "aaa_first_by_name";
    row.status = "success";
    row.latency_ms = 1.5;
    row.created_at = more->created_at[more->n_rows - 1] + 1;
    il_row_store_append_row (fresh, &row);
    il_row_store_seal (fresh);
  }
  want = copy_one (old, &span, fresh);
  got = merge_one (old, &span, fresh);
  g_assert_true (got->metric_id == old->metric_id);
  g_assert_cmpuint (il_string_pool_get_size (got->steps), ==, il_string_pool_get_size (old->steps) + 1);
  assert_same_store (got, want);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-extend/in-place", test_in_place);
  g_test_add_func ("/row-extend/unsorted", test_unsorted);
  g_test_add_func ("/row-extend/shared-tail", test_shared_tail);
  g_test_add_func ("/row-extend/dropped", test_dropped);
  g_test_add_func ("/row-extend/falls-back", test_falls_back);
  g_test_add_func ("/row-extend/session-order", test_session_order);
  g_test_add_func ("/row-extend/new-step", test_new_step);
  return g_test_run ();
}
