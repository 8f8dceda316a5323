/* test-list-slices.c: changed rows of a list are announced over frames,
 * the ones a row widget shows first; the others only where a row binds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "list-test-util.h"
#include "widget-test-util.h"

#include "il-frame-budget.h"
#include "il-list-slices.h"

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

  g_signal_connect (factory, "setup", G_CALLBACK (list_test_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (list_test_bind), NULL);
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

  /* a hidden view still binds its rows again when told: over frames too,
   * with no wait, and of no more items a frame */
  gtk_widget_set_visible (scroller, FALSE);
  announced.n = 0;
  announced.max_added = 0;
  rewrite (store, 4000, changed);
  il_list_store_announce_sliced (store, changed, list, 2);
  g_assert_cmpuint (announced.n, ==, 0);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, N_ITEMS);
  run_frames (1);
  g_assert_cmpuint (announced.n, >, 0);
  g_assert_cmpuint (announced.max_added, <=, IL_FRAME_BUDGET_ROWS);
  run_frames (30);
  g_assert_cmpuint (il_list_store_get_n_unannounced (store), ==, 0);
  g_assert_cmpuint (announced.max_added, <=, IL_FRAME_BUDGET_ROWS);
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
  il_list_item_mark_bound (GTK_LIST_ITEM_FACTORY (factory), list_item);
  list_test_bind (factory, list_item);
}

static void
unbind_marked (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  il_list_item_mark_unbound (GTK_LIST_ITEM_FACTORY (factory), list_item);
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

  g_signal_connect (factory, "setup", G_CALLBACK (list_test_setup), NULL);
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

  /* every item changes: only the cells of those with a row are bound
   * again, in place (the store says nothing, so the list is not laid out
   * anew), and the rest go in a few frames instead of a slice a frame
   * (5,000 / 24: 209 frames) */
  g_signal_connect (store, "items-changed", G_CALLBACK (sum_added), &n_announced);
  n_bind = 0;
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
  g_assert_cmpuint (n_announced, ==, 0);
  g_assert_cmpuint (n_bind, ==, n_rows);
  g_assert_cmpuint (count_bound (store), ==, n_rows);
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

  /* A hidden list is told over frames, and of the items with a row only:
   * the others show their values when they get one. */
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
  n_bind = 0;
  il_list_store_announce_sliced (store, changed, list, 0);
  g_assert_cmpuint (n_bind, ==, 0);
  for (guint frames = 0; il_list_store_get_n_unannounced (store) > 0; frames++)
    {
      g_assert_cmpuint (frames, <, 100);
      run_frames (1);
    }
  g_signal_handlers_disconnect_by_func (store, sum_added, &n_announced);
  g_assert_cmpuint (n_announced, ==, 0);
  g_assert_cmpuint (n_bind, ==, n_bound);
  gtk_widget_set_visible (gtk_widget_get_parent (list), TRUE);
  run_frames (5);
  g_assert_cmpuint (check_rows (list, G_LIST_MODEL (store), 2000), >, 20);

  /* rows that go unbind their items */
  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (2);
  g_assert_cmpuint (count_bound (store), ==, 0);
  g_object_unref (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/list-slices/announced-over-frames", test_over_frames);
  g_test_add_func ("/list-slices/unshown-dropped", test_unshown_dropped);

  return g_test_run ();
}
