/* test-row-list-model.c: the lazy GListModel over the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "il-filter.h"
#include "il-row-list-model-private.h"

#define N_ROWS 20000

static const char *steps[] = { "stt", "llm", "tts", "vad, \"x\"", "rag", "détection" };
static const char *statuses[] = { "success", "error", "skipped", "timeout" };
static const char *messages[] = { "timeout", "rate limited", "", "connexion refusée", "a\nb" };

static IlRowStore *
random_store (guint n)
{
  IlRowStore *store = il_row_store_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < n; i++)
    {
      IlRowInput in = { 0 };
      g_autofree char *meta = NULL;
      guint32 m = g_rand_int (rand);

      in.metric_id.hi = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      in.metric_id.lo = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      /* a few equal his, so the low half must decide */
      if (i % 97 == 0)
        in.metric_id.hi = 7;
      in.session_id.hi = g_rand_int_range (rand, 0, 800);
      in.session_id.lo = 0x8000000000000000 | g_rand_int_range (rand, 0, 3);
      in.turn_number = g_rand_int_range (rand, -2, 30);
      in.step_name = steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (steps))];
      in.latency_ms = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 0, 50)
                      : g_rand_double_range (rand, -5, 5000);
      in.started_at = G_GINT64_CONSTANT (1790000000000000) + g_rand_int_range (rand, 0, 1000000) * 1000;
      in.completed_at = in.started_at + g_rand_int_range (rand, 0, 5000000);
      in.status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
      in.error_message = m % 3 == 0 ? NULL : messages[m % G_N_ELEMENTS (messages)];
      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          meta = NULL;
          break;
        case 1:
          meta = g_strdup ("{}");
          break;
        case 2:
          meta = g_strdup_printf ("{\"model\":\"gpt-%u\"}", g_rand_int_range (rand, 0, 20));
          break;
        case 3:
          meta = g_strdup_printf ("{\"model\":\"gpt-4o\",\"tokens\":%u}", g_rand_int_range (rand, 0, 100));
          break;
        default:
          meta = g_strdup_printf ("{\"model\":\"gpt-4o\",\"tokens\":12,\"x\":\"%u\"}",
                                  g_rand_int_range (rand, 0, 1000000));
          break;
        }
      in.metadata = meta;
      in.created_at = g_rand_int_range (rand, 0, 10) == 0 ? IL_TIME_NONE : in.completed_at + 7;
      il_row_store_append_row (store, &in);
    }
  il_row_store_seal (store);

  return store;
}

/* ---- the test's own ordering ------------------------------------------------ */

static IlRowStore *cmp_store;
static IlColumn cmp_column;
static gboolean cmp_desc;

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
cmp_nullable_str (const char *a,
                  const char *b)
{
  if (a == NULL || b == NULL)
    return CMP (a != NULL, b != NULL);
  return strcmp (a, b);
}

static int
compare_column (guint a,
                guint b)
{
  IlRowStore *s = cmp_store;

  switch (cmp_column)
    {
    case IL_COL_METRIC_ID:
      return il_uuid_compare (&s->metric_id[a], &s->metric_id[b]);
    case IL_COL_SESSION_ID:
      return il_uuid_compare (&s->session_ids[s->session[a]], &s->session_ids[s->session[b]]);
    case IL_COL_TURN_NUMBER:
      return CMP (s->turn_number[a], s->turn_number[b]);
    case IL_COL_STEP_NAME:
      return strcmp (il_row_store_get_step_name (s, a), il_row_store_get_step_name (s, b));
    case IL_COL_LATENCY_MS:
      return CMP (s->latency_ms[a], s->latency_ms[b]);
    case IL_COL_STARTED_AT:
      return CMP (s->started_at[a], s->started_at[b]);
    case IL_COL_COMPLETED_AT:
      return CMP (s->completed_at[a], s->completed_at[b]);
    case IL_COL_STATUS:
      return strcmp (il_row_store_get_status (s, a), il_row_store_get_status (s, b));
    case IL_COL_ERROR_MESSAGE:
      return cmp_nullable_str (il_row_store_get_error_message (s, a),
                               il_row_store_get_error_message (s, b));
    case IL_COL_METADATA:
      {
        gsize la, lb;
        const char *ma = il_row_store_get_metadata (s, a, &la);
        const char *mb = il_row_store_get_metadata (s, b, &lb);
        int r;

        if (ma == NULL || mb == NULL)
          return CMP (ma != NULL, mb != NULL);
        r = memcmp (ma, mb, MIN (la, lb));
        return r != 0 ? r : CMP (la, lb);
      }
    case IL_COL_CREATED_AT:
      return CMP (s->created_at[a], s->created_at[b]);
    case IL_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_rows (const void *pa,
              const void *pb)
{
  guint a = *(const guint32 *) pa, b = *(const guint32 *) pb;
  int r = compare_column (a, b);

  if (cmp_desc)
    r = -r;
  return r != 0 ? r : CMP (a, b);
}

/* ---- tests ------------------------------------------------------------------- */

/* Counts emissions and checks that every one leaves the announced count
 * equal to the model's (a replacement may come as removal then addition). */
static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  guint *n = user_data;
  guint before = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (model), "test-n"));

  g_assert_cmpuint (position + removed, <=, before);
  g_assert_cmpuint (before - removed + added, ==, g_list_model_get_n_items (model));
  g_object_set_data (G_OBJECT (model), "test-n", GUINT_TO_POINTER (before - removed + added));
  (*n)++;
}

static gulong
track_changes (IlRowListModel *model,
               guint          *changes)
{
  g_object_set_data (G_OBJECT (model), "test-n",
                     GUINT_TO_POINTER (g_list_model_get_n_items (G_LIST_MODEL (model))));
  return g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), changes);
}

static void
count_changing (IlRowListModel *model,
                guint          *n)
{
  (*n)++;
}

static void
test_lazy_items (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  g_autoptr(IlRowItem) item = NULL;
  g_autoptr(IlRowItem) again = NULL;
  guint changes = 0, changing = 0;

  track_changes (model, &changes);
  g_signal_connect (model, "changing", G_CALLBACK (count_changing), &changing);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == IL_TYPE_ROW_ITEM);

  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (changing, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, 0);

  item = g_list_model_get_item (G_LIST_MODEL (model), 1234);
  g_assert_cmpuint (il_row_item_get_row (item), ==, 1234);
  g_assert_true (il_row_item_get_store (item) == store);
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (model), 1234);
  g_assert_true (again == item);
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_ROWS));

  /* a view scrolling through a screenful creates a screenful */
  for (guint i = 5000; i < 5040; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, 41);

  /* sorting does not create items either; it announces the held one */
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  g_assert_cmpuint (changing, ==, 2);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (again == item);
  g_assert_cmpuint (il_row_item_get_row (item), ==, il_row_list_model_get_row (model, 1234));
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, 41);

  {
    g_autoptr(IlRowItem) top = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autofree char *text = il_row_item_dup_text (top, IL_COL_STEP_NAME);

    g_assert_cmpstr (text, ==, il_row_store_get_step_name (store, il_row_item_get_row (top)));
  }
}

static void
test_sort_columns (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  g_autofree guint32 *expected = g_new (guint32, N_ROWS);

  il_row_list_model_set_store (model, store, NULL);

  for (guint c = 0; c < IL_N_COLUMNS; c++)
    for (guint desc = 0; desc < 2; desc++)
      {
        const guint32 *rows;
        guint n, changes = 0;
        gulong id;

        for (guint i = 0; i < N_ROWS; i++)
          expected[i] = i;
        cmp_store = store;
        cmp_column = c;
        cmp_desc = desc;
        qsort (expected, N_ROWS, sizeof (guint32), compare_rows);

        id = track_changes (model, &changes);
        il_row_list_model_set_sort (model, c, desc);
        g_signal_handler_disconnect (model, id);
        /* nobody holds an item: nothing to announce */
        g_assert_cmpuint (changes, ==, 0);
        g_assert_cmpint (il_row_list_model_get_sort_column (model), ==, c);
        g_assert_cmpint (il_row_list_model_get_sort_descending (model), ==, desc);

        rows = il_row_list_model_get_rows (model, &n);
        g_assert_cmpuint (n, ==, N_ROWS);
        for (guint i = 0; i < N_ROWS; i++)
          if (rows[i] != expected[i])
            g_error ("column %s %s: position %u has row %u, expected %u",
                     il_column_name (c), desc ? "desc" : "asc", i, rows[i], expected[i]);
      }

  il_row_list_model_set_sort (model, IL_N_COLUMNS, FALSE);
  g_assert_cmpuint (il_row_list_model_get_row (model, 17), ==, 17);
}

static GHashTable *
id_set (const IlStringPool *pool,
        const char * const *names,
        guint               n)
{
  GHashTable *set = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = il_string_pool_lookup (pool, names[i]);

      if (id >= 0)
        g_hash_table_add (set, GUINT_TO_POINTER ((guint) id + 1));
    }
  return set;
}

static void
check_filter (IlRowListModel *model,
              IlRowStore     *store,
              const IlFilter *filter)
{
  g_autofree guint32 *expected = NULL;
  g_autofree guint32 *shown = NULL;
  const guint32 *rows;
  guint n_expected, n, changes = 0;
  gulong id;

  id = track_changes (model, &changes);
  il_row_list_model_set_filter (model, filter);
  g_signal_handler_disconnect (model, id);
  g_assert_cmpuint (changes, <=, 2);

  expected = il_filter_apply (filter, store, &n_expected);
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_expected);

  /* same set of rows ... */
  shown = g_memdup2 (rows, sizeof (guint32) * MAX (n, 1));
  cmp_store = store;
  cmp_column = IL_COL_METRIC_ID;
  qsort (shown, n, sizeof (guint32), compare_rows);
  qsort (expected, n, sizeof (guint32), compare_rows);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (shown[i], ==, expected[i]);

  /* ... in the model's order */
  if (il_row_list_model_get_sort_column (model) != IL_N_COLUMNS)
    {
      cmp_column = il_row_list_model_get_sort_column (model);
      cmp_desc = il_row_list_model_get_sort_descending (model);
      for (guint i = 1; i < n; i++)
        g_assert_cmpint (compare_rows (&rows[i - 1], &rows[i]), <, 0);
      cmp_desc = FALSE;
    }
  else
    for (guint i = 1; i < n; i++)
      g_assert_cmpuint (rows[i - 1], <, rows[i]);
}

static void
test_filters (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  static const char *some_steps[] = { "llm", "vad, \"x\"" };
  static const char *some_statuses[] = { "error", "timeout" };
  IlFilter filter;

  il_row_list_model_set_store (model, store, NULL);

  for (guint sorted = 0; sorted < 3; sorted++)
    {
      if (sorted == 1)
        il_row_list_model_set_sort (model, IL_COL_STEP_NAME, FALSE);
      else if (sorted == 2)
        il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);

      il_filter_init (&filter);
      check_filter (model, store, &filter);

      filter.steps = id_set (store->steps, some_steps, G_N_ELEMENTS (some_steps));
      check_filter (model, store, &filter);

      filter.statuses = id_set (store->statuses, some_statuses, G_N_ELEMENTS (some_statuses));
      check_filter (model, store, &filter);

      filter.min_latency_ms = 100;
      check_filter (model, store, &filter);

      filter.max_latency_ms = 2000;
      check_filter (model, store, &filter);
      il_filter_clear (&filter);

      /* latency only, with a created_at bound */
      il_filter_init (&filter);
      filter.min_latency_ms = 10;
      filter.max_latency_ms = 10;
      check_filter (model, store, &filter);
      filter.min_latency_ms = -INFINITY;
      filter.max_latency_ms = INFINITY;
      filter.created_min = G_GINT64_CONSTANT (1790000300000000);
      check_filter (model, store, &filter);

      /* nothing matches */
      filter.steps = g_hash_table_new (NULL, NULL);
      check_filter (model, store, &filter);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
      il_filter_clear (&filter);
    }
}

static void
test_set_rows (void)
{
  g_autoptr(IlRowStore) store = random_store (2000);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  guint32 rows[] = { 1500, 3, 77, 1999, 0, 640 };
  const guint32 *shown;
  guint n, changes = 0;
  IlFilter filter;

  track_changes (model, &changes);
  il_row_list_model_set_rows (model, store, rows, G_N_ELEMENTS (rows));
  g_assert_cmpuint (changes, ==, 1);
  shown = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (shown[i], ==, rows[i]);

  /* sorted by a column, then filtered: always a subset of those rows */
  il_row_list_model_set_sort (model, IL_COL_TURN_NUMBER, FALSE);
  shown = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (rows));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (store->turn_number[shown[i - 1]], <=, store->turn_number[shown[i]]);

  il_filter_init (&filter);
  filter.min_latency_ms = store->latency_ms[77];
  filter.max_latency_ms = store->latency_ms[77];
  il_row_list_model_set_filter (model, &filter);
  shown = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (store->latency_ms[shown[i]], ==, store->latency_ms[77]);
  il_filter_clear (&filter);
}

static void
test_empty_store (void)
{
  g_autoptr(IlRowStore) store = il_row_store_new ();
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  guint changes = 0;

  il_row_store_seal (store);
  track_changes (model, &changes);
  il_row_list_model_set_store (model, store, NULL);
  il_row_list_model_set_sort (model, IL_COL_METADATA, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (il_row_list_model_get_row (model, 0), ==, G_MAXUINT);
  il_row_list_model_set_store (model, NULL, NULL);
}

/* Records each items-changed as "position,removed,added;". */
static void
log_changes (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             GString    *log)
{
  g_string_append_printf (log, "%u,%u,%u;", position, removed, added);
}

static void
count_changed (IlRowListModel *model,
               guint          *n)
{
  (*n)++;
}

/* Asserts each held item is what the model returns for its position, with
 * the row now there. */
static void
check_held (IlRowListModel *model,
            IlRowItem     **held,
            const guint    *positions,
            guint           n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IlRowItem) again = g_list_model_get_item (G_LIST_MODEL (model), positions[i]);

      g_assert_true (again == held[i]);
      g_assert_cmpuint (il_row_item_get_row (held[i]), ==, il_row_list_model_get_row (model, positions[i]));
      g_assert_true (il_row_item_get_store (held[i]) == il_row_list_model_get_store (model));
    }
}

/* A replacement rewrites the items a view holds and announces only them. */
static void
test_replace_in_place (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowStore) other = random_store (N_ROWS / 2);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  /* a screenful at 100, a focused row at 5000, a row near the end */
  guint positions[12] = { 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 5000, N_ROWS - 3 };
  IlRowItem *held[12];
  IlRowItem *tail;
  guint changing = 0, changed = 0, created, tail_row, n_filtered;
  IlFilter filter;

  il_row_list_model_set_store (model, store, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    held[i] = g_list_model_get_item (G_LIST_MODEL (model), positions[i]);
  created = _il_row_list_model_get_n_items_created (model);
  g_assert_cmpuint (created, ==, 12);
  g_signal_connect (model, "items-changed", G_CALLBACK (log_changes), log);
  g_signal_connect (model, "changing", G_CALLBACK (count_changing), &changing);
  g_signal_connect (model, "changed", G_CALLBACK (count_changed), &changed);

  /* same count: only the held positions, one emission per run */
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  g_assert_cmpstr (log->str, ==, "100,10,10;5000,1,1;19997,1,1;");
  g_assert_cmpuint (changing, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  check_held (model, held, positions, 12);
  g_assert_cmpuint (_il_row_list_model_get_n_items_created (model), ==, created);

  /* fewer rows: the end goes first; the item beyond the new count is
   * forgotten and keeps its row */
  tail = held[11];
  tail_row = il_row_item_get_row (tail);
  g_string_truncate (log, 0);
  il_filter_init (&filter);
  filter.min_latency_ms = 2000;
  il_row_list_model_set_filter (model, &filter);
  n_filtered = g_list_model_get_n_items (G_LIST_MODEL (model));
  {
    g_autofree char *expected = g_strdup_printf ("%u,%u,0;100,10,10;5000,1,1;", n_filtered, N_ROWS - n_filtered);

    g_assert_cmpuint (n_filtered, >, 5001);
    g_assert_cmpuint (n_filtered, <, N_ROWS - 3);
    g_assert_cmpstr (log->str, ==, expected);
  }
  g_assert_cmpuint (changed, ==, 2);
  check_held (model, held, positions, 11);
  g_assert_cmpuint (il_row_item_get_row (tail), ==, tail_row);

  /* more rows again: added at the end; the forgotten item stays forgotten */
  g_string_truncate (log, 0);
  filter.min_latency_ms = -INFINITY;
  il_row_list_model_set_filter (model, &filter);
  {
    g_autoptr(IlRowItem) at_tail = g_list_model_get_item (G_LIST_MODEL (model), positions[11]);
    g_autofree char *expected = g_strdup_printf ("%u,0,%u;100,10,10;5000,1,1;", n_filtered, N_ROWS - n_filtered);

    g_assert_cmpstr (log->str, ==, expected);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
    g_assert_true (at_tail != tail);
    g_assert_cmpuint (il_row_item_get_row (at_tail), ==, il_row_list_model_get_row (model, positions[11]));
    g_assert_cmpuint (il_row_item_get_row (tail), ==, tail_row);
  }
  g_assert_cmpuint (changed, ==, 3);
  il_filter_clear (&filter);
  g_object_unref (tail);

  /* another store: the held items show its rows */
  g_string_truncate (log, 0);
  il_row_list_model_set_store (model, other, NULL);
  g_assert_cmpstr (log->str, ==, "10000,10000,0;100,10,10;5000,1,1;");
  check_held (model, held, positions, 11);

  /* released items are forgotten: nothing left to announce */
  for (guint i = 0; i < 11; i++)
    g_object_unref (held[i]);
  g_string_truncate (log, 0);
  il_row_list_model_set_sort (model, IL_COL_STEP_NAME, FALSE);
  g_assert_cmpstr (log->str, ==, "");
  g_assert_cmpuint (changed, ==, 5);
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  int *outcome = user_data;
  g_autoptr(GError) error = NULL;

  if (il_row_list_model_prepare_store_finish (IL_ROW_LIST_MODEL (source), result, &error))
    *outcome = 1;
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      *outcome = 2;
    }
}

static int
prepare_filtered (IlRowListModel *model,
                  IlRowStore     *store,
                  const IlFilter *filter,
                  GCancellable   *cancellable)
{
  int outcome = 0;

  il_row_list_model_prepare_store_async (model, store, filter, cancellable, on_prepared, &outcome);
  while (outcome == 0)
    g_main_context_iteration (NULL, TRUE);
  return outcome;
}

static int
prepare (IlRowListModel *model,
         IlRowStore     *store,
         GCancellable   *cancellable)
{
  return prepare_filtered (model, store, NULL, cancellable);
}

/* A new store sorted in a thread: set_store takes it without sorting. */
static void
test_prepare_store (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowStore) other = random_store (N_ROWS / 2);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree guint32 *expected = g_new (guint32, N_ROWS / 2);
  const guint32 *rows;
  guint n;

  il_row_list_model_set_store (model, store, NULL);
  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 1);

  /* nothing shown changes while it sorts */
  g_assert_cmpint (prepare (model, other, NULL), ==, 1);
  g_assert_true (il_row_list_model_get_store (model) == store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 1);

  il_row_list_model_set_store (model, other, NULL);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 1);
  for (guint i = 0; i < N_ROWS / 2; i++)
    expected[i] = i;
  cmp_store = other;
  cmp_column = IL_COL_LATENCY_MS;
  cmp_desc = TRUE;
  qsort (expected, N_ROWS / 2, sizeof (guint32), compare_rows);
  cmp_desc = FALSE;
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, N_ROWS / 2);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, expected[i]);

  /* the sort changed meanwhile: the prepared one is not used */
  g_assert_cmpint (prepare (model, store, NULL), ==, 1);
  il_row_list_model_set_sort (model, IL_COL_STEP_NAME, FALSE);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 2);
  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 3);
  rows = il_row_list_model_get_rows (model, &n);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (il_row_store_get_step_name (store, rows[i - 1]),
                             il_row_store_get_step_name (store, rows[i])), <=, 0);

  /* for another store than the next set_store's: not used either */
  g_assert_cmpint (prepare (model, other, NULL), ==, 1);
  il_row_list_model_set_store (model, store, NULL);
  il_row_list_model_set_store (model, other, NULL);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 4);

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (prepare (model, store, cancellable), ==, 2);
  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 5);
}

/* The rows of @model, then those of a model that computed them itself. */
static void
assert_rows_as_computed_here (IlRowListModel *model,
                              IlRowStore     *store,
                              const IlFilter *filter)
{
  g_autoptr(IlRowListModel) here = il_row_list_model_new ();
  const guint32 *rows, *expected;
  guint n, n_expected;

  il_row_list_model_set_sort (here, il_row_list_model_get_sort_column (model),
                              il_row_list_model_get_sort_descending (model));
  il_row_list_model_set_store (here, store, filter);
  rows = il_row_list_model_get_rows (model, &n);
  expected = il_row_list_model_get_rows (here, &n_expected);
  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpmem (rows, n * sizeof (guint32), expected, n_expected * sizeof (guint32));
}

/* The filter pass in the prepare's thread: set_store takes its rows only
 * for an equal filter, the same store and the same sort. */
static void
test_prepare_filter (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  IlFilter slow, slower, copy;

  il_filter_init (&slow);
  slow.min_latency_ms = 2500;
  slow.statuses = g_hash_table_new (NULL, NULL);
  g_hash_table_add (slow.statuses, GUINT_TO_POINTER (1));
  il_filter_init (&slower);
  slower.min_latency_ms = 4000;

  il_row_list_model_set_sort (model, IL_COL_LATENCY_MS, TRUE);
  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 1);

  /* the same store, another filter (a range change): only the filter pass,
   * on the sort the model holds */
  g_assert_cmpint (prepare_filtered (model, store, &slow, NULL), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  il_filter_copy (&copy, &slow);
  il_row_list_model_set_store (model, store, &copy);
  il_filter_clear (&copy);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 1);
  g_assert_cmpuint (_il_row_list_model_get_n_sorts (model), ==, 1);
  assert_rows_as_computed_here (model, store, &slow);

  /* another filter than the prepared one: computed here, rightly */
  g_assert_cmpint (prepare_filtered (model, store, &slow, NULL), ==, 1);
  il_row_list_model_set_store (model, store, &slower);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 1);
  assert_rows_as_computed_here (model, store, &slower);

  /* the prepared rows go with the next replacement, used or not */
  g_assert_cmpint (prepare_filtered (model, store, &slower, NULL), ==, 1);
  il_row_list_model_set_filter (model, &slow);
  il_row_list_model_set_store (model, store, &slower);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 1);
  assert_rows_as_computed_here (model, store, &slower);

  /* store order */
  il_row_list_model_set_sort (model, IL_N_COLUMNS, FALSE);
  g_assert_cmpint (prepare_filtered (model, store, &slower, NULL), ==, 1);
  il_row_list_model_set_store (model, store, &slower);
  g_assert_cmpuint (_il_row_list_model_get_n_filtered_in_thread (model), ==, 2);
  assert_rows_as_computed_here (model, store, &slower);

  il_filter_clear (&slow);
  il_filter_clear (&slower);
}

/* Staged growth: a few positions at a time up to the limit, then the rest. */
static void
test_staged (void)
{
  g_autoptr(IlRowStore) store = random_store (N_ROWS);
  g_autoptr(IlRowListModel) model = il_row_list_model_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  const guint32 *rows;
  guint n, changed = 0;
  IlFilter filter;

  il_row_list_model_set_staged (model, 16, 40);
  g_signal_connect (model, "items-changed", G_CALLBACK (log_changes), log);
  g_signal_connect (model, "changed", G_CALLBACK (count_changed), &changed);
  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 16);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 16));
  /* the rows are all there for whoever reads them */
  rows = il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, ==, N_ROWS);
  g_assert_cmpuint (il_row_list_model_get_row (model, N_ROWS - 1), ==, rows[N_ROWS - 1]);
  g_assert_cmpuint (il_row_list_model_find_row (model, 5000), ==, 5000);

  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < N_ROWS)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (log->str, ==, "0,0,16;16,0,16;32,0,16;48,0,19952;");

  /* fewer rows: at once */
  g_string_truncate (log, 0);
  il_filter_init (&filter);
  filter.min_latency_ms = 4998;
  il_row_list_model_set_filter (model, &filter);
  il_row_list_model_get_rows (model, &n);
  g_assert_cmpuint (n, <, 16);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  /* a replacement while it grows starts from what is shown; selecting a
   * position beyond it shows it first */
  filter.min_latency_ms = -INFINITY;
  il_row_list_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 16);
  il_row_list_model_set_sort (model, IL_COL_TURN_NUMBER, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 32);
  il_row_list_model_show_through (model, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1001);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < N_ROWS)
    g_main_context_iteration (NULL, TRUE);
  il_filter_clear (&filter);

  /* far fewer rows: the positions past the limit go at once, the others a
   * few at a time, as placeholders */
  il_row_list_model_set_staged (model, 4, 40);
  {
    g_autoptr(IlRowItem) top = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(IlRowItem) ghost = NULL;
    g_autoptr(GString) expected = g_string_new (NULL);
    guint shown;

    g_string_truncate (log, 0);
    filter.min_latency_ms = 4998;
    il_row_list_model_set_filter (model, &filter);
    il_row_list_model_get_rows (model, &n);
    g_assert_cmpuint (n, >=, 1);
    g_assert_cmpuint (n, <, 8);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 40);
    g_string_append_printf (expected, "40,%u,0;0,1,1;", N_ROWS - 40);
    g_assert_cmpstr (log->str, ==, expected->str);
    g_assert_cmpuint (il_row_item_get_row (top), ==, il_row_list_model_get_row (model, 0));
    ghost = g_list_model_get_item (G_LIST_MODEL (model), 20);
    g_assert_null (il_row_item_get_store (ghost));
    g_assert_cmpuint (il_row_list_model_find_row (model, il_row_list_model_get_row (model, 0)), ==, 0);
    il_filter_clear (&filter);

    while (g_list_model_get_n_items (G_LIST_MODEL (model)) > n)
      g_main_context_iteration (NULL, TRUE);
    for (shown = 40; shown > n; shown -= MIN (16, shown - n))
      g_string_append_printf (expected, "%u,%u,0;", shown - MIN (16, shown - n), MIN (16, shown - n));
    g_assert_cmpstr (log->str, ==, expected->str);
  }

  /* off: at once */
  il_row_list_model_set_staged (model, 0, 0);
  il_row_list_model_set_store (model, NULL, NULL);
  il_row_list_model_set_store (model, store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-list-model/lazy-items", test_lazy_items);
  g_test_add_func ("/row-list-model/sort-columns", test_sort_columns);
  g_test_add_func ("/row-list-model/filters", test_filters);
  g_test_add_func ("/row-list-model/set-rows", test_set_rows);
  g_test_add_func ("/row-list-model/empty", test_empty_store);
  g_test_add_func ("/row-list-model/replace-in-place", test_replace_in_place);
  g_test_add_func ("/row-list-model/prepare-store", test_prepare_store);
  g_test_add_func ("/row-list-model/prepare-filter", test_prepare_filter);
  g_test_add_func ("/row-list-model/staged", test_staged);

  return g_test_run ();
}
