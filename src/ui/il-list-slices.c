/* il-list-slices.c: in-place changes of a list store announced over frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-frame-budget.h"
#include "il-list-pacer.h"
#include "il-list-slices.h"
#include "il-list-update.h"

/* Rows bound again in one frame at most, of the window's budget
 * (il-frame-budget.h): a row in sight of six text cells costs ~0.3 ms to
 * bind, lay out and draw. */
#define PER_FRAME 24
/* Rows around the sight that count as in it (rounding, a partial row). */
#define MARGIN 2

/* Positions looked at in one frame for items no row shows. */
#define SCAN_PER_FRAME 4096

#define PENDING_KEY "il-list-slices-pending"

static GQuark
bound_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("il-list-slices-bound");
  return quark;
}

typedef struct
{
  GListStore    *store;      /* owns this */
  GtkBitset     *rest;       /* positions still to announce */
  IlListPacer    pacer;      /* the view, and its window's frames */
  GtkAdjustment *vadj;       /* the view's, while it scrolls */
  gulong         scroll_id;
  guint          wait;       /* frames still to let pass first */
  guint          n_waited;   /* frames in a row with no share of the budget */
  gboolean       tracks_rows; /* its view's factories mark the items they bind */
} Pending;

static void
pending_stop (Pending *p)
{
  il_list_pacer_stop (&p->pacer);
  if (p->vadj != NULL)
    g_signal_handler_disconnect (p->vadj, p->scroll_id);
  g_clear_object (&p->vadj);
  p->scroll_id = 0;
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  pending_stop (p);
  g_clear_pointer (&p->rest, gtk_bitset_unref);
  g_free (p);
}

/* Any change of the store rebinds or drops the rows it covers and moves
 * those after it: the waiting positions follow. */
static void
on_store_changed (GListModel *store,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Pending    *p)
{
  gtk_bitset_splice (p->rest, position, removed, added);
}

static Pending *
get_pending (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      p->store = store;
      p->rest = gtk_bitset_new_empty ();
      g_signal_connect (store, "items-changed", G_CALLBACK (on_store_changed), p);
      g_object_set_data_full (G_OBJECT (store), PENDING_KEY, p, pending_free);
    }
  return p;
}

typedef struct
{
  GtkListItemFactory *factory;
  GtkListItem        *list_item;
} BoundCell;

/* Binds the cells that show @item again, in place. */
static void
rebind_item (GObject *item)
{
  GArray *cells = g_object_get_qdata (item, bound_quark ());
  g_autoptr(GArray) copy = NULL;

  if (cells == NULL || cells->len == 0)
    return;
  /* unbinding takes each out of the array, binding puts it back */
  copy = g_array_copy (cells);
  for (guint i = 0; i < copy->len; i++)
    {
      BoundCell *cell = &g_array_index (copy, BoundCell, i);

      g_signal_emit_by_name (cell->factory, "unbind", cell->list_item);
      g_signal_emit_by_name (cell->factory, "bind", cell->list_item);
    }
}

/* Tells the rows of the items at @positions that they show something new.
 * Where the factories mark what they bind, their cells are bound again in
 * place: a splice made GTK 4.8 bind the rows through its item manager and
 * lay the list and the window out again, and a relayout of the window
 * costs X round trips. */
static void
tell (Pending   *p,
      GtkBitset *positions)
{
  GListModel *model = G_LIST_MODEL (p->store);
  GtkBitsetIter iter;
  guint pos;

  if (!p->tracks_rows)
    {
      il_list_store_announce (p->store, positions);
      return;
    }
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, positions, &pos); ok;
       ok = gtk_bitset_iter_next (&iter, &pos))
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, pos);

      if (item != NULL)
        rebind_item (item);
    }
}

/* Announces the first @max of the waiting positions in [first, first + n). */
static void
announce_range (Pending *p,
                guint    first,
                guint    n,
                guint    max)
{
  g_autoptr(GtkBitset) slice = NULL;

  if (n == 0 || gtk_bitset_is_empty (p->rest))
    return;
  slice = gtk_bitset_new_range (first, n);
  gtk_bitset_intersect (slice, p->rest);
  if (gtk_bitset_is_empty (slice))
    return;
  if (gtk_bitset_get_size (slice) > max)
    gtk_bitset_remove_range_closed (slice, gtk_bitset_get_nth (slice, max), G_MAXUINT);
  gtk_bitset_difference (p->rest, slice);
  tell (p, slice);
}

/* Items no row shows need no announcing: a row built for one later is bound
 * to what it holds then. With the rows tracked, drops such positions from
 * the first waiting ones, up to SCAN_PER_FRAME of them or until @max that
 * rows show: a change of every item of a long list otherwise went in over
 * hundreds of frames, each of them laying the list out again. */
static void
drop_unshown (Pending *p,
              guint    max,
              guint    max_scanned)
{
  g_autoptr(GtkBitset) unshown = NULL;
  GListModel *model = G_LIST_MODEL (p->store);
  GtkBitsetIter iter;
  guint pos;
  guint n_scanned = 0, n_shown = 0;

  if (!p->tracks_rows)
    return;
  unshown = gtk_bitset_new_empty ();
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, p->rest, &pos); ok && n_scanned < max_scanned;
       ok = gtk_bitset_iter_next (&iter, &pos), n_scanned++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, pos);

      if (item == NULL || il_list_item_get_n_bound (item) == 0)
        gtk_bitset_add (unshown, pos);
      else if (++n_shown >= max)
        break;
    }
  gtk_bitset_difference (p->rest, unshown);
}

static void
announce_all (Pending *p)
{
  g_autoptr(GtkBitset) all = NULL;

  /* Only rows bound to an item need telling (a few hundred of a list's
   * thousands): the others show the item as it is when they come. Telling
   * all 15,000 sessions at once took 7 ms. */
  drop_unshown (p, G_MAXUINT, G_MAXUINT);
  all = g_steal_pointer (&p->rest);
  pending_stop (p);
  p->rest = gtk_bitset_new_empty ();
  if (!gtk_bitset_is_empty (all))
    tell (p, all);
}

/* The positions in sight in @view, from the scroll: its rows are of one height. */
static void
get_sight (GtkWidget *view,
           guint      n_items,
           guint     *first,
           guint     *n)
{
  GtkAdjustment *vadj = GTK_IS_SCROLLABLE (view) ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)) : NULL;
  double upper = vadj != NULL ? gtk_adjustment_get_upper (vadj) : 0;
  double top, bottom;

  if (upper <= 0 || n_items == 0)
    {
      /* not laid out yet: the top */
      *first = 0;
      *n = PER_FRAME;
      return;
    }
  top = floor (gtk_adjustment_get_value (vadj) / upper * n_items);
  bottom = ceil ((gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj)) / upper * n_items);
  /* rows went in since the list was laid out: the scroll's rows are fewer
   * than the model's, and no row is under 16 px high */
  bottom = MIN (bottom, top + ceil (gtk_adjustment_get_page_size (vadj) / 16));
  *first = top > MARGIN ? (guint) top - MARGIN : 0;
  *n = (guint) MIN (bottom + MARGIN, (double) n_items) - *first;
}

static void
announce_sight (Pending *p,
                guint    max)
{
  guint first, n;

  get_sight (p->pacer.view, g_list_model_get_n_items (G_LIST_MODEL (p->store)), &first, &n);
  announce_range (p, first, n, max);
}

static gboolean
announce_in_frame (GtkWidget     *window,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  Pending *p = data;
  guint64 before;
  guint max;
  gboolean hidden;

  if (p->pacer.view == NULL)
    {
      p->pacer.tick_id = 0;
      announce_all (p);
      return G_SOURCE_REMOVE;
    }
  /* A view out of sight (a hidden page) still holds its rows and binds
   * them again when told: a slice a frame too, with no sight to go first.
   * Telling a hidden list at once took 4-7 ms of the frame that left it. */
  hidden = !gtk_widget_get_mapped (p->pacer.view);
  if (p->wait > 0 && !hidden)
    {
      p->wait--;
      return G_SOURCE_CONTINUE;
    }
  /* the rows in sight first, a slice a frame, then the others */
  before = gtk_bitset_get_size (p->rest);
  max = il_frame_budget_take (window, (guint) MIN (before, PER_FRAME), 1, &p->n_waited);
  if (max == 0)
    return G_SOURCE_CONTINUE;
  if (!hidden)
    announce_sight (p, max);
  if (gtk_bitset_get_size (p->rest) == before && before > 0)
    {
      drop_unshown (p, max, SCAN_PER_FRAME);
      if (!gtk_bitset_is_empty (p->rest))
        announce_range (p, gtk_bitset_get_minimum (p->rest), PER_FRAME, max);
    }
  if (!gtk_bitset_is_empty (p->rest))
    return G_SOURCE_CONTINUE;
  p->pacer.tick_id = 0;
  pending_stop (p);
  return G_SOURCE_REMOVE;
}

/* Rows that come into sight go in with the next frame, not from here: the
 * list moves its adjustment while it lays itself out. */
static void
on_scrolled (GtkAdjustment *vadj,
             Pending       *p)
{
  p->wait = 0;
}

void
il_list_store_announce_sliced (GListStore *store,
                               GtkBitset  *changed,
                               GtkWidget  *view,
                               guint       wait)
{
  Pending *p;
  GtkRoot *root;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (changed != NULL);
  g_return_if_fail (view == NULL || GTK_IS_WIDGET (view));

  p = get_pending (store);
  gtk_bitset_union (p->rest, changed);
  if (gtk_bitset_is_empty (p->rest))
    return;
  root = view != NULL ? gtk_widget_get_root (view) : NULL;
  /* no frames to pace by */
  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (root)))
    {
      announce_all (p);
      return;
    }
  if (p->pacer.view != view || p->pacer.window != GTK_WIDGET (root))
    {
      pending_stop (p);
      il_list_pacer_watch (&p->pacer, view, GTK_WIDGET (root));
      if (GTK_IS_SCROLLABLE (view) && gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)) != NULL)
        {
          p->vadj = g_object_ref (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)));
          p->scroll_id = g_signal_connect (p->vadj, "value-changed", G_CALLBACK (on_scrolled), p);
        }
    }
  /* not now: the frames that draw what else changed with them come first */
  if (p->pacer.tick_id == 0)
    {
      p->wait = wait;
      il_list_pacer_tick (&p->pacer, announce_in_frame, p);
    }
}

void
il_list_store_announce_flush (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  g_return_if_fail (G_IS_LIST_STORE (store));

  if (p != NULL)
    announce_all (p);
}

guint
il_list_store_get_n_unannounced (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  g_return_val_if_fail (G_IS_LIST_STORE (store), 0);

  return p != NULL ? (guint) gtk_bitset_get_size (p->rest) : 0;
}

void
il_list_store_track_rows (GListStore *store)
{
  g_return_if_fail (G_IS_LIST_STORE (store));

  get_pending (store)->tracks_rows = TRUE;
}

void
il_list_item_mark_bound (GtkListItemFactory *factory,
                         GtkListItem        *list_item)
{
  GObject *item;
  GArray *cells;
  BoundCell cell = { factory, list_item };

  g_return_if_fail (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory));
  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));

  item = gtk_list_item_get_item (list_item);
  if (item == NULL)
    return;
  cells = g_object_get_qdata (item, bound_quark ());
  if (cells == NULL)
    {
      cells = g_array_new (FALSE, FALSE, sizeof (BoundCell));
      g_object_set_qdata_full (item, bound_quark (), cells, (GDestroyNotify) g_array_unref);
    }
  g_array_append_val (cells, cell);
}

void
il_list_item_mark_unbound (GtkListItemFactory *factory,
                           GtkListItem        *list_item)
{
  GObject *item;
  GArray *cells;

  g_return_if_fail (GTK_IS_LIST_ITEM_FACTORY (factory));
  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));

  item = gtk_list_item_get_item (list_item);
  cells = item != NULL ? g_object_get_qdata (item, bound_quark ()) : NULL;
  if (cells == NULL)
    return;
  for (guint i = 0; i < cells->len; i++)
    {
      BoundCell *cell = &g_array_index (cells, BoundCell, i);

      if (cell->factory == factory && cell->list_item == list_item)
        {
          g_array_remove_index_fast (cells, i);
          break;
        }
    }
}

guint
il_list_item_get_n_bound (gpointer item)
{
  GArray *cells;

  g_return_val_if_fail (G_IS_OBJECT (item), 0);

  cells = g_object_get_qdata (item, bound_quark ());
  return cells != NULL ? cells->len : 0;
}
