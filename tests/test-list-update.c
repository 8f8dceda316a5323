/* test-list-update.c: list items updated in place keep their row widgets;
 * new rows go in over frames, waiting out the busy ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "list-test-util.h"
#include "widget-test-util.h"

#include "il-frame-budget.h"
#include "il-list-update.h"

/* Item i gets offset + i; changes it unless the offset is the same. */
static gboolean
set_value (gpointer item,
           guint    position,
           gpointer user_data)
{
  TestItem *it = item;
  int value = GPOINTER_TO_INT (user_data) + (int) position;

  if (it->value == value)
    return FALSE;
  it->value = value;
  return TRUE;
}

static void
test_rows_kept (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkWidget *window;
  GtkWidget *list;
  guint n_rows, setups;

  list = list_in_window (store, &window);

  /* a first fill: 16 rows a frame at most, as many as the frame's budget
   * has room for (12) now, more in each frame up to the 200 rows that get
   * widgets, then the rest */
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (0), list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 12);
  g_assert_cmpuint (n_setup, <=, 12);
  run_frames (30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1000);
  n_rows = check_rows (list, G_LIST_MODEL (store), 0);
  /* GTK 4.8 keeps 200 rows around the top one, whatever the height */
  g_assert_cmpuint (n_rows, >=, 150);
  g_assert_cmpuint (n_setup, ==, n_rows);
  setups = n_setup;

  /* every item shows something new: every row is bound again, none built */
  n_bind = 0;
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
  g_assert_cmpuint (n_bind, ==, n_rows);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 5000), ==, n_rows);
  run_frames (30);
  g_assert_cmpuint (n_setup, ==, setups);

  /* the same contents: nothing is bound */
  n_bind = 0;
  il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
  run_frames (30);
  g_assert_cmpuint (n_bind, ==, 0);

  /* only the last items change: the rows above stay as they are */
  {
    g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), 100);

    item->value = -1;
    n_bind = 0;
    il_list_store_update (store, 1000, set_value, GINT_TO_POINTER (5000), list);
    g_assert_cmpint (item->value, ==, 5100);
    /* GTK 4.8 binds the rows after a change again, for their positions */
    g_assert_cmpuint (n_bind, ==, n_rows - 100);
  }

  /* fewer items, then more: the items kept take the new values in place */
  il_list_store_update (store, 10, set_value, GINT_TO_POINTER (7000), list);
  run_frames (30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 7000), ==, 10);
  il_list_store_update (store, 30, set_value, GINT_TO_POINTER (9000), list);
  run_frames (30);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 9000), ==, 30);

  /* an update while the fill still goes on starts from what is in */
  il_list_store_update (store, 0, set_value, GINT_TO_POINTER (0), list);
  il_list_store_update (store, 500, set_value, GINT_TO_POINTER (100), list);
  il_list_store_update (store, 400, set_value, GINT_TO_POINTER (200), list);
  /* the 12 in take new values; the next frame's budget went to them, so
   * no more go in before it */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 12);
  run_frames (30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 400);
  check_rows (list, G_LIST_MODEL (store), 200);
  {
    g_autoptr(TestItem) last = g_list_model_get_item (G_LIST_MODEL (store), 399);

    g_assert_cmpint (last->value, ==, 599);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (30);
  g_object_unref (store);
}

typedef struct
{
  GListStore *store;
  guint       n_created;
  guint       last_created;    /* at the last frame */
  guint       max_per_frame;   /* made in one frame while the list held < 200 */
  guint       max_later;       /* and past 200 */
} Created;

static gpointer
create_item (guint    index,
             gpointer user_data)
{
  Created *c = user_data;
  TestItem *item = g_object_new (TEST_TYPE_ITEM, NULL);

  item->value = (int) index;
  c->n_created++;
  return item;
}

static gboolean
count_created (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  Created *c = user_data;
  guint made = c->n_created - c->last_created;

  /* the store holds what this frame made: before it, fewer than 200? */
  if (g_list_model_get_n_items (G_LIST_MODEL (c->store)) - made < 200)
    c->max_per_frame = MAX (c->max_per_frame, made);
  else
    c->max_later = MAX (c->max_later, made);
  c->last_created = c->n_created;
  return G_SOURCE_CONTINUE;
}

static void
check_values (GListStore *store,
              int         first)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpint (item->value, ==, first + (int) i);
    }
}

static void
test_created (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkWidget *window;
  GtkWidget *list;
  Created c = { store, 0, };
  guint tick;

  list = list_in_window (store, &window);
  run_frames (3);

  /* made as they go in: a few a frame, then a few thousand a frame */
  tick = gtk_widget_add_tick_callback (window, count_created, &c, NULL);
  il_list_store_append_created (store, 10, 9000, create_item, &c, list, 8);
  g_assert_cmpuint (c.n_created, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 8);
  g_assert_cmpuint (il_list_store_get_n_waiting (store), ==, 9000 - 8);
  c.last_created = c.n_created;
  while (il_list_store_get_n_waiting (store) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.n_created, ==, 9000);
  g_assert_cmpuint (c.max_per_frame, ==, 8);
  g_assert_cmpuint (c.max_later, >, 8);
  g_assert_cmpuint (c.max_later, <, 9000 - 200);
  check_values (store, 10);
  check_rows (list, G_LIST_MODEL (store), 10);

  /* dropped: the rest is never made */
  g_list_store_remove_all (store);
  c.n_created = c.last_created = 0;
  il_list_store_append_created (store, 0, 500, create_item, &c, list, 8);
  il_list_store_cancel (store);
  g_assert_cmpuint (il_list_store_get_n_waiting (store), ==, 0);
  run_frames (5);
  g_assert_cmpuint (c.n_created, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 8);

  /* flushed: all made at once */
  g_list_store_remove_all (store);
  c.n_created = c.last_created = 0;
  il_list_store_append_created (store, 0, 500, create_item, &c, list, 8);
  il_list_store_flush (store);
  g_assert_cmpuint (c.n_created, ==, 500);
  g_assert_cmpuint (il_list_store_get_n_waiting (store), ==, 0);
  check_values (store, 0);

  /* with no window on screen, all at once */
  gtk_widget_remove_tick_callback (window, tick);
  gtk_widget_set_visible (window, FALSE);
  g_list_store_remove_all (store);
  c.n_created = 0;
  il_list_store_append_created (store, 3, 700, create_item, &c, list, 8);
  g_assert_cmpuint (c.n_created, ==, 700);
  check_values (store, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  g_object_unref (store);
}

static gboolean
mark_busy (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  il_frame_budget_mark_busy (widget);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GListStore *stores[2];
  guint       last;   /* items in both at the last frame */
  guint       max;    /* the most that went in between two frames */
} Shared;

static gboolean
count_shared (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Shared *s = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (s->stores[0]))
            + g_list_model_get_n_items (G_LIST_MODEL (s->stores[1]));

  s->max = MAX (s->max, n - s->last);
  s->last = n;
  return G_SOURCE_CONTINUE;
}

/* Rows wait out frames that paint much already (a chart's new render, a
 * page's widgets shown), a few at most; a frame's budget is shared. */
static void
test_busy_frames (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkWidget *window;
  GtkWidget *list;
  GdkFrameClock *clock;
  Created c = { store, 0, };
  gint64 marked, frames;
  guint tick, count;

  list = list_in_window (store, &window);
  run_frames (3);
  clock = gtk_widget_get_frame_clock (window);
  g_assert_false (il_frame_budget_is_busy (window));

  /* the next frame is busy: none now, none in it, all in the one after */
  il_frame_budget_mark_busy (list);
  marked = gdk_frame_clock_get_frame_counter (clock) + 1;
  g_assert_true (il_frame_budget_is_busy (window));
  il_list_store_append_created (store, 0, 8, create_item, &c, list, 8);
  g_assert_cmpuint (c.n_created, ==, 0);
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gdk_frame_clock_get_frame_counter (clock), >, marked);
  g_assert_cmpuint (c.n_created, ==, 8);
  check_values (store, 0);

  /* every frame busy: rows still go in, a slice after a few frames each
   * time */
  g_list_store_remove_all (store);
  c.n_created = 0;
  tick = gtk_widget_add_tick_callback (window, mark_busy, NULL, NULL);
  run_frames (2);
  frames = gdk_frame_clock_get_frame_counter (clock);
  il_list_store_append_created (store, 0, 16, create_item, &c, list, 8);
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < 16)
    g_main_context_iteration (NULL, TRUE);
  frames = gdk_frame_clock_get_frame_counter (clock) - frames;
  /* the call itself counts as one wait */
  g_assert_cmpint (frames, >=, 2 * IL_FRAME_BUDGET_MAX_WAIT);
  g_assert_cmpint (frames, <=, 2 * (IL_FRAME_BUDGET_MAX_WAIT + 1) + 2);
  check_values (store, 0);
  gtk_widget_remove_tick_callback (window, tick);

  /* two lists that waited long take their slice in turn, never both in one
   * frame */
  {
    GListStore *other = g_list_store_new (TEST_TYPE_ITEM);
    Created d = { other, 0, };
    Shared shared = { { store, other }, 0, 0 };

    run_frames (2);
    g_list_store_remove_all (store);
    c.n_created = 0;
    tick = gtk_widget_add_tick_callback (window, mark_busy, NULL, NULL);
    run_frames (1);
    il_list_store_append_created (store, 0, 12, create_item, &c, list, 8);
    il_list_store_append_created (other, 0, 12, create_item, &d, list, 8);
    g_assert_cmpuint (c.n_created + d.n_created, ==, 0);
    shared.last = 0;
    count = gtk_widget_add_tick_callback (window, count_shared, &shared, NULL);
    while (il_list_store_get_n_waiting (store) + il_list_store_get_n_waiting (other) > 0)
      g_main_context_iteration (NULL, TRUE);
    gtk_widget_remove_tick_callback (window, tick);
    /* the count ticks on: the last slice is counted, the last busy frame ends */
    frames = gdk_frame_clock_get_frame_counter (clock);
    while (gdk_frame_clock_get_frame_counter (clock) < frames + 2)
      g_main_context_iteration (NULL, TRUE);
    gtk_widget_remove_tick_callback (window, count);
    g_assert_false (il_frame_budget_is_busy (window));
    g_assert_cmpuint (shared.max, ==, 8);
    check_values (store, 0);
    check_values (other, 0);
    g_object_unref (other);
  }

  /* two lists filling at once share each frame: 12 new rows between them */
  {
    GListStore *other = g_list_store_new (TEST_TYPE_ITEM);
    Created d = { other, 0, };
    Shared shared = { { store, other }, 0, 0 };

    run_frames (2);
    g_list_store_remove_all (store);
    c.n_created = 0;
    tick = gtk_widget_add_tick_callback (window, count_shared, &shared, NULL);
    il_list_store_append_created (store, 0, 100, create_item, &c, list, 8);
    il_list_store_append_created (other, 0, 100, create_item, &d, list, 8);
    g_assert_cmpuint (c.n_created + d.n_created, ==, IL_FRAME_BUDGET_ROWS / IL_FRAME_BUDGET_NEW_ROW);
    shared.last = IL_FRAME_BUDGET_ROWS / IL_FRAME_BUDGET_NEW_ROW;
    while (il_list_store_get_n_waiting (store) + il_list_store_get_n_waiting (other) > 0)
      g_main_context_iteration (NULL, TRUE);
    gtk_widget_remove_tick_callback (window, tick);
    g_assert_cmpuint (shared.max, ==, IL_FRAME_BUDGET_ROWS / IL_FRAME_BUDGET_NEW_ROW);
    check_values (store, 0);
    check_values (other, 0);
    g_object_unref (other);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  g_object_unref (store);
}

/* The same strings change nothing; others are spliced in. */
static void
test_string_list_replace (void)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char * const[]) { "All", "asr", "llm", NULL });
  guint n_changes = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &n_changes);

  g_assert_false (il_string_list_replace (list, 1, 2, (const char * const[]) { "asr", "llm", NULL }));
  g_assert_false (il_string_list_replace (list, 0, 0, (const char * const[]) { NULL }));
  g_assert_cmpuint (n_changes, ==, 0);

  g_assert_true (il_string_list_replace (list, 1, 2, (const char * const[]) { "asr", "tts", NULL }));
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (list, 2), ==, "tts");

  /* a new count: a prefix of the old is not the same */
  g_assert_true (il_string_list_replace (list, 1, 2, (const char * const[]) { "asr", NULL }));
  g_assert_cmpuint (n_changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (il_string_list_replace (list, 1, 1, (const char * const[]) { "asr", "llm", NULL }));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (list, 0), ==, "All");
  g_assert_cmpstr (gtk_string_list_get_string (list, 2), ==, "llm");
  g_assert_cmpuint (n_changes, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/list-update/rows-kept", test_rows_kept);
  g_test_add_func ("/list-update/created-as-they-go-in", test_created);
  g_test_add_func ("/list-update/busy-frames-skipped", test_busy_frames);
  g_test_add_func ("/list-update/string-list-replace", test_string_list_replace);

  return g_test_run ();
}
