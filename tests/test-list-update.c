/* test-list-update.c: list items updated in place keep their row widgets;
 * the rows out of sight are bound again after the ones on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <gtk/gtk.h>

#include "widget-test-util.h"

#include "il-frame-budget.h"
#include "il-list-slices.h"
#include "il-list-update.h"

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject parent_instance;
  int     value;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

static void
test_item_class_init (TestItemClass *klass)
{
}

static void
test_item_init (TestItem *self)
{
}

static guint n_setup, n_bind;

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *list_item)
{
  n_setup++;
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *list_item)
{
  TestItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = g_strdup_printf ("%d", item->value);

  n_bind++;
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

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

/* The row widgets of @list, each checked to show offset + its item's position. */
static guint
check_rows (GtkWidget  *list,
            GListModel *model,
            int         offset)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (row)));
      int value = atoi (text);

      g_assert_cmpint (value, >=, offset);
      g_assert_cmpint (value, <, offset + (int) g_list_model_get_n_items (model));
      n++;
    }
  return n;
}

/* A list view of @store with @factory in a presented 300x300 window, scrolled. */
static GtkWidget *
list_in_window_with (GListStore          *store,
                     GtkListItemFactory  *factory,
                     GtkWidget          **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list;

  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 300);
  gtk_window_present (GTK_WINDOW (window));
  *out_window = window;
  return list;
}

/* The same, its rows labels of the items' values. */
static GtkWidget *
list_in_window (GListStore  *store,
                GtkWidget  **out_window)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  return list_in_window_with (store, factory, out_window);
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

/* ---- announced over frames ---- */

#define N_ITEMS 500

typedef struct
{
  guint n;          /* items-changed emissions */
  guint first;      /* the first one's position */
  guint max_added;
} Announced;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Announced  *a)
{
  /* in place: the same positions out and in */
  g_assert_cmpuint (removed, ==, added);
  if (a->n == 0)
    a->first = position;
  a->n++;
  a->max_added = MAX (a->max_added, added);
}

/* Every item shows offset + its position. */
static void
rewrite (GListStore *store,
         int         offset,
         GtkBitset  *changed)
{
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      item->value = offset + (int) i;
      gtk_bitset_add (changed, i);
    }
}

static void
test_over_frames (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)));
  g_autoptr(GtkBitset) changed = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) again = gtk_bitset_new_empty ();
  GtkAdjustment *vadj;
  GtkWidget *list;
  gpointer selected;
  Announced announced = { 0, };
  guint top, n_rows;

  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (selection)), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 300);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(TestItem) item = g_object_new (TEST_TYPE_ITEM, NULL);

      item->value = (int) i;
      g_list_store_append (store, item);
    }
  gtk_single_selection_set_selected (selection, 300);
  selected = gtk_single_selection_get_selected_item (selection);
  run_frames (10);
  /* a scroll into the middle: those rows are in sight */
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) * 290 / N_ITEMS);
  run_frames (10);
  top = (guint) (gtk_adjustment_get_value (vadj) / gtk_adjustment_get_upper (vadj) * N_ITEMS);
  g_assert_cmpuint (top, >=, 280);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 0), >, 20);

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &announced);
  rewrite (store, 1000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  /* nothing yet: the frames that draw the rest come first */
  g_assert_cmpuint (announced.n, ==, 0);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, N_ITEMS);

  run_frames (30);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  /* the rows in sight first, then slices; every row shows the new values */
  g_assert_cmpuint (announced.first, <=, top);
  g_assert_cmpuint (announced.first + 10, >=, top);
  g_assert_cmpuint (announced.n, >, 5);
  g_assert_cmpuint (announced.max_added, <=, 50);
  n_rows = check_rows (list, G_LIST_MODEL (store), 1000);
  g_assert_cmpuint (n_rows, >, 20);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpint (item->value, ==, 1000 + (int) i);
    }
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 300);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == selected);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj) / gtk_adjustment_get_upper (vadj) * N_ITEMS, >=, top);

  /* a second change before the first is all told: both end shown */
  rewrite (store, 2000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  run_frames (1);
  rewrite (store, 3000, again);
  il_list_store_announce_sliced (store, again, list, 2);
  run_frames (30);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  check_rows (list, G_LIST_MODEL (store), 3000);

  /* a hidden view has no rows to spare: at once */
  gtk_widget_set_visible (scroller, FALSE);
  announced.n = 0;
  rewrite (store, 4000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  g_assert_cmpuint (announced.n, >, 0);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  gtk_widget_set_visible (scroller, TRUE);
  run_frames (5);
  check_rows (list, G_LIST_MODEL (store), 4000);

  /* told at once on demand */
  rewrite (store, 5000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  il_list_store_announce_flush (store);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  run_frames (2);
  check_rows (list, G_LIST_MODEL (store), 5000);

  g_signal_handlers_disconnect_by_func (store, on_items_changed, &announced);

  /* what waits follows other changes: rows removed go, the others move */
  rewrite (store, 6000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  g_list_store_splice (store, 0, 100, NULL, 0);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, N_ITEMS - 100);
  run_frames (30);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  check_rows (list, G_LIST_MODEL (store), 6100);

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  g_object_unref (selection);
  g_object_unref (store);
}

/* ---- rows no one shows are not announced ---- */

static void
bind_marked (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  il_list_item_mark_bound (list_item);
  bind (factory, list_item);
}

static void
unbind_marked (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  il_list_item_mark_unbound (list_item);
}

static void
sum_added (GListModel *model,
           guint       position,
           guint       removed,
           guint       added,
           guint      *n)
{
  *n += added;
}

/* Items of @store some row is bound to. */
static guint
count_bound (GListStore *store)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      n += il_list_item_get_n_bound (item) > 0;
    }
  return n;
}

#define N_LONG 5000

static void
test_unshown_dropped (void)
{
  GListStore *store = g_list_store_new (TEST_TYPE_ITEM);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkBitset) changed = gtk_bitset_new_empty ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GdkFrameClock *clock;
  GtkAdjustment *vadj;
  GtkWidget *window;
  GtkWidget *list;
  guint n_rows, n_bound, n_announced = 0, n_frames = 0;

  g_signal_connect (factory, "setup", G_CALLBACK (setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_marked), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_marked), NULL);
  il_list_store_track_rows (store);
  list = list_in_window_with (store, factory, &window);
  for (guint i = 0; i < N_LONG; i++)
    {
      g_autoptr(TestItem) item = g_object_new (TEST_TYPE_ITEM, NULL);

      item->value = (int) i;
      g_list_store_append (store, item);
    }
  run_frames (10);
  /* the items bound are those with a row: GTK 4.8 keeps 200 or so */
  n_rows = check_rows (list, G_LIST_MODEL (store), 0);
  n_bound = count_bound (store);
  g_assert_cmpuint (n_bound, ==, n_rows);
  g_assert_cmpuint (n_rows, <, 300);

  /* every item changes: only those with a row are announced, and the rest
   * go in a few frames instead of a slice a frame (5,000 / 24: 209 frames) */
  g_signal_connect (store, "items-changed", G_CALLBACK (sum_added), &n_announced);
  for (guint i = 0; i < N_LONG; i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      item->value = 1000 + (int) i;
      gtk_bitset_add (changed, i);
    }
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_phase), &n_frames);
  il_list_store_announce_sliced (store, changed, list, 0);
  while (il_list_store_get_n_unannounced (store) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handlers_disconnect_by_func (clock, count_frame_phase, &n_frames);
  /* the rows at 24 a frame, then the rest 4,096 a frame */
  g_assert_cmpuint (n_frames, <=, 30);
  g_assert_cmpuint (n_announced, >=, n_rows);
  /* runs of rows close together go as one */
  g_assert_cmpuint (n_announced, <=, n_rows + 8);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 1000), ==, n_rows);
  g_signal_handlers_disconnect_by_func (store, sum_added, &n_announced);

  /* rows built later show what their items hold */
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
  {
    g_autoptr(TestItem) last = g_list_model_get_item (G_LIST_MODEL (store), N_LONG - 1);

    while (il_list_item_get_n_bound (last) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
    g_assert_cmpuint (il_list_item_get_n_bound (last), ==, 1);
  }
  run_frames (2);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 1000), >, 20);

  /* A hidden list is told at once, and of the items with a row only: the
   * others show their values when they get one. */
  gtk_widget_set_visible (gtk_widget_get_parent (list), FALSE);
  n_bound = count_bound (store);
  n_announced = 0;
  for (guint i = 0; i < N_LONG; i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      item->value = 2000 + (int) i;
      gtk_bitset_add (changed, i);
    }
  g_signal_connect (store, "items-changed", G_CALLBACK (sum_added), &n_announced);
  il_list_store_announce_sliced (store, changed, list, 0);
  g_signal_handlers_disconnect_by_func (store, sum_added, &n_announced);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  g_assert_cmpuint (n_announced, >=, n_bound);
  g_assert_cmpuint (n_announced, <=, n_bound + 8);
  gtk_widget_set_visible (gtk_widget_get_parent (list), TRUE);
  run_frames (5);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 2000), >, 20);

  /* rows that go unbind their items */
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  g_assert_cmpuint (count_bound (store), ==, 0);
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
  g_test_add_func ("/list-update/announced-over-frames", test_over_frames);
  g_test_add_func ("/list-update/unshown-dropped", test_unshown_dropped);
  g_test_add_func ("/list-update/created-as-they-go-in", test_created);
  g_test_add_func ("/list-update/busy-frames-skipped", test_busy_frames);
  g_test_add_func ("/list-update/string-list-replace", test_string_list_replace);

  return g_test_run ();
}
