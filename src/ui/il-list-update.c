/* il-list-update.c: a list store's items updated in place, so a list view keeps their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-list-update.h"
#include "il-frame-budget.h"
#include "il-list-pacer.h"
#include "il-list-slices.h"
#include "il-row-reaper.h"

/* Unchanged positions between two changed runs up to this many are announced
 * with them: one larger change costs less than many small ones. */
#define MERGE_GAP 4
/* GTK 4.8's list views keep this many row widgets (GTK_LIST_VIEW_MAX_LIST_ITEMS). */
#define N_ROW_WIDGETS 200
/* New rows built in one frame: ~10 ms of setup, binding and measuring
 * (of a six-column table). */
#define SLICE 16
/* Items made by an IlListCreateFunc in one frame past the rows with
 * widgets: ~1 ms of object setup and splicing per thousand. */
#define CREATED_PER_FRAME 4096

#define PENDING_KEY "il-list-update-pending"

typedef struct
{
  GListStore       *store;     /* owns this */
  GPtrArray        *rest;      /* items still to append */
  /* then the items @create still has to make, [next, end) */
  IlListCreateFunc  create;
  gpointer          create_data;
  guint             next, end;
  IlListPacer       pacer;     /* the view, and its window's frames */
  guint             per_frame;
  guint             n_waited;  /* frames in a row with no share of the budget */
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  il_list_pacer_stop (&p->pacer);
  g_clear_pointer (&p->rest, g_ptr_array_unref);
  g_free (p);
}

static guint
n_waiting (Pending *p)
{
  return p->rest->len + (p->end - p->next);
}

/* Appends up to @max of the waiting items; of those still to be made, up to
 * @max_created. */
static void
append_some (Pending *p,
             guint    max,
             guint    max_created)
{
  guint position = g_list_model_get_n_items (G_LIST_MODEL (p->store));
  guint n;

  if (p->rest->len == 0 && p->next < p->end)
    {
      /* made only now: a list of many thousands costs its objects a frame
       * at a time instead of all in the frame that fills it */
      n = MIN (MIN (max, max_created), p->end - p->next);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (p->rest, p->create (p->next + i, p->create_data));
      p->next += n;
    }
  n = MIN (max, p->rest->len);
  g_list_store_splice (p->store, position, 0, p->rest->pdata, n);
  g_ptr_array_remove_range (p->rest, 0, n);
}

static guint
slice_size (Pending *p)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (p->store));

  /* past the rows that get widgets, the rest cost little */
  return n >= N_ROW_WIDGETS ? G_MAXUINT : p->per_frame;
}

/* How many new rows go in now: the frame's share of @window's budget,
 * or the whole slice past the rows with widgets. */
static guint
rows_now (Pending   *p,
          GtkWidget *window)
{
  guint slice = slice_size (p);

  if (slice == G_MAXUINT)
    return G_MAXUINT;
  return il_frame_budget_take (window, slice, IL_FRAME_BUDGET_NEW_ROW, &p->n_waited);
}

/* Appends what this frame of @window has room for; a @view out of sight
 * builds no rows, so @hidden_max of them. */
static void
append_for_frame (Pending   *p,
                  GtkWidget *view,
                  GtkWidget *window,
                  guint      hidden_max)
{
  guint n = view == NULL || !gtk_widget_get_mapped (view) ? hidden_max : rows_now (p, window);

  if (n > 0)
    append_some (p, n, CREATED_PER_FRAME);
}

static gboolean
append_in_frame (GtkWidget     *window,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  Pending *p = data;

  /* a view out of sight (a hidden page): all at once */
  append_for_frame (p, p->pacer.view, window, G_MAXUINT);
  if (n_waiting (p) > 0)
    return G_SOURCE_CONTINUE;
  p->pacer.tick_id = 0;
  il_list_pacer_stop (&p->pacer);
  return G_SOURCE_REMOVE;
}

static Pending *
pending_get (GListStore *store)
{
  Pending *p;

  il_list_store_flush (store);
  p = g_object_get_data (G_OBJECT (store), PENDING_KEY);
  if (p == NULL)
    {
      p = g_new0 (Pending, 1);
      p->store = store;
      p->rest = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (store), PENDING_KEY, p, pending_free);
    }
  return p;
}

static void
pending_start (Pending   *p,
               GtkWidget *view,
               guint      per_frame)
{
  GtkRoot *root;

  p->per_frame = per_frame > 0 ? per_frame : SLICE;

  /* with no window on screen to pace them, at once; the view itself may be
   * about to be shown (a stack's page that had nothing to show) */
  root = view != NULL ? gtk_widget_get_root (view) : NULL;
  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (root)))
    {
      append_some (p, G_MAXUINT, G_MAXUINT);
      return;
    }
  /* the first few now, as the next frame has room for them */
  append_for_frame (p, view, GTK_WIDGET (root), slice_size (p));
  if (n_waiting (p) == 0)
    return;
  /* the window's frames, not the view's: a view that stays hidden gets
   * the rest in the next one */
  il_list_pacer_watch (&p->pacer, view, GTK_WIDGET (root));
  il_list_pacer_tick (&p->pacer, append_in_frame, p);
}

void
il_list_store_append_sliced (GListStore *store,
                             GPtrArray  *items,
                             GtkWidget  *view,
                             guint       per_frame)
{
  Pending *p;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (items != NULL);
  g_return_if_fail (view == NULL || GTK_IS_WIDGET (view));

  p = pending_get (store);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (p->rest, g_object_ref (items->pdata[i]));
  pending_start (p, view, per_frame);
}

void
il_list_store_append_created (GListStore       *store,
                              guint             first,
                              guint             n_items,
                              IlListCreateFunc  create,
                              gpointer          user_data,
                              GtkWidget        *view,
                              guint             per_frame)
{
  Pending *p;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (create != NULL);
  g_return_if_fail (view == NULL || GTK_IS_WIDGET (view));

  p = pending_get (store);
  p->create = create;
  p->create_data = user_data;
  p->next = first;
  p->end = first + n_items;
  pending_start (p, view, per_frame);
}

void
il_list_store_flush (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  g_return_if_fail (G_IS_LIST_STORE (store));

  if (p == NULL || n_waiting (p) == 0)
    return;
  il_list_pacer_stop (&p->pacer);
  append_some (p, G_MAXUINT, G_MAXUINT);
}

guint
il_list_store_get_n_waiting (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  g_return_val_if_fail (G_IS_LIST_STORE (store), 0);

  return p != NULL ? n_waiting (p) : 0;
}

void
il_list_store_cancel (GListStore *store)
{
  Pending *p = g_object_get_data (G_OBJECT (store), PENDING_KEY);

  g_return_if_fail (G_IS_LIST_STORE (store));

  if (p == NULL)
    return;
  il_list_pacer_stop (&p->pacer);
  g_ptr_array_set_size (p->rest, 0);
  p->next = p->end = 0;
}

/* Splices the items at [start, end) back in place of themselves. */
static void
announce_run (GListStore *store,
              guint       start,
              guint       end)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (end - start, g_object_unref);

  /* held here: the splice takes them out of the store before they go back */
  for (guint i = start; i < end; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_list_store_splice (store, start, end - start, items->pdata, end - start);
}

void
il_list_store_announce (GListStore *store,
                        GtkBitset  *changed)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  GtkBitsetIter iter;
  guint pos;
  guint run_start = G_MAXUINT, run_end = 0;

  g_return_if_fail (G_IS_LIST_STORE (store));

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, changed, &pos); ok && pos < n;
       ok = gtk_bitset_iter_next (&iter, &pos))
    {
      if (run_start != G_MAXUINT && pos > run_end + MERGE_GAP)
        {
          announce_run (store, run_start, run_end);
          run_start = G_MAXUINT;
        }
      if (run_start == G_MAXUINT)
        run_start = pos;
      run_end = pos + 1;
    }
  if (run_start != G_MAXUINT)
    announce_run (store, run_start, run_end);
}

/* il_list_store_update(); @wait is G_MAXUINT to announce the changes at once. */
static void
update_store (GListStore       *store,
              guint             n_items,
              IlListUpdateFunc  update,
              gpointer          user_data,
              GtkWidget        *view,
              guint             per_frame,
              guint             wait)
{
  GListModel *model = G_LIST_MODEL (store);
  guint old_n;
  guint n_kept;
  g_autoptr(GtkBitset) changed = gtk_bitset_new_empty ();

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (update != NULL);

  /* what still waited is filled anew below */
  il_list_store_cancel (store);
  old_n = g_list_model_get_n_items (model);
  n_kept = MIN (old_n, n_items);
  for (guint i = 0; i < n_kept; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (update (item, i, user_data))
        gtk_bitset_add (changed, i);
    }
  if (n_items < old_n)
    il_row_reaper_splice (store, n_items, old_n - n_items, NULL, 0, view);
  if (wait == G_MAXUINT)
    il_list_store_announce (store, changed);
  else
    il_list_store_announce_sliced (store, changed, view, wait);

  if (n_items > old_n)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_items - old_n, g_object_unref);
      GType type = g_list_model_get_item_type (model);

      for (guint i = old_n; i < n_items; i++)
        {
          gpointer item = g_object_new (type, NULL);

          update (item, i, user_data);
          g_ptr_array_add (items, item);
        }
      il_list_store_append_sliced (store, items, view, per_frame);
    }
}

void
il_list_store_update (GListStore       *store,
                      guint             n_items,
                      IlListUpdateFunc  update,
                      gpointer          user_data,
                      GtkWidget        *view)
{
  update_store (store, n_items, update, user_data, view, 0, G_MAXUINT);
}

void
il_list_store_update_sliced (GListStore       *store,
                             guint             n_items,
                             IlListUpdateFunc  update,
                             gpointer          user_data,
                             GtkWidget        *view,
                             guint             per_frame,
                             guint             wait)
{
  g_return_if_fail (GTK_IS_WIDGET (view));

  update_store (store, n_items, update, user_data, view, per_frame, wait);
}

gboolean
il_string_list_replace (GtkStringList      *list,
                        guint               position,
                        guint               n_removals,
                        const char * const *additions)
{
  guint n_additions;

  g_return_val_if_fail (GTK_IS_STRING_LIST (list), FALSE);
  g_return_val_if_fail (additions != NULL, FALSE);

  n_additions = g_strv_length ((char **) additions);
  if (n_additions == n_removals)
    {
      guint i = 0;

      while (i < n_additions &&
             g_strcmp0 (gtk_string_list_get_string (list, position + i), additions[i]) == 0)
        i++;
      if (i == n_additions)
        return FALSE;
    }
  gtk_string_list_splice (list, position, n_removals, additions);
  return TRUE;
}
