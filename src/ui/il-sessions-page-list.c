/* il-sessions-page-list.c: the session list's items, its search and the ranked lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-cell-tooltip.h"
#include "il-chart-widget.h"
#include "il-format.h"
#include "il-free-aside.h"
#include "il-list-slices.h"
#include "il-list-update.h"
#include "il-row-reaper.h"
#include "il-sessions-page-private.h"

gboolean
_il_sessions_page_session_matches (gpointer item,
                                   gpointer user_data)
{
  IlSessionsPage *self = user_data;
  IlSessionsPageItem *it = item;
  char id[37];

  if (self->search == NULL || self->agg == NULL)
    return TRUE;

  il_uuid_format (&it->shown.id, id);
  if (g_str_has_prefix (id, self->search))
    return TRUE;

  /* also accept the id typed without dashes */
  {
    char compact[33];
    guint n = 0;

    for (guint i = 0; id[i] != '\0'; i++)
      if (id[i] != '-')
        compact[n++] = id[i];
    compact[n] = '\0';

    return g_str_has_prefix (compact, self->search);
  }
}

void
_il_sessions_page_update_count (IlSessionsPage *self)
{
  guint listed, total;
  g_autofree char *text = NULL;
  g_autofree char *listed_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *remote = _il_sessions_page_remote_count_text (self);

  /* with no search, the sessions still going in count too */
  if (self->search != NULL)
    il_list_store_flush (self->sessions);
  listed = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) + il_list_store_get_n_waiting (self->sessions);
  total = g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) + il_list_store_get_n_waiting (self->sessions);
  listed_text = il_format_count_str (listed);
  total_text = il_format_count_str (total);

  if (remote != NULL)
    {
      gtk_label_set_text (self->count_label, remote);
      /* "no match" only once the database said so */
      gtk_stack_set_visible_child_name (self->list_stack,
                                        listed > 0 || _il_sessions_page_is_searching (self) ? "list" : "no-match");
      return;
    }
  if (listed == total)
    /* translators: %s is a grouped number, "3,051" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s session, most recent first",
                                         "%s sessions, most recent first", total), total_text);
  else
    /* translators: "12 of 3,051 sessions" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s session", "%s of %s sessions", total),
                            listed_text, total_text);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, listed > 0 || total == 0 ? "list" : "no-match");
}

void
il_sessions_page_set_search (IlSessionsPage *self,
                             const char     *text)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (IL_IS_SESSIONS_PAGE (self));

  if (text != NULL)
    {
      clean = g_ascii_strdown (text, -1);
      g_strstrip (clean);
    }

  il_list_store_flush (self->sessions);
  g_clear_pointer (&self->search, g_free);
  if (clean != NULL && clean[0] != '\0')
    self->search = g_steal_pointer (&clean);

  /* setting the entry's text emits search-changed (at once for the empty
   * text it passes through): ignore our own change */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      self->setting_search = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      self->setting_search = FALSE;
    }

  /* no search, no filter function: the filter model then passes positions
   * through instead of keeping a set of them across every update */
  if (self->search != NULL)
    gtk_custom_filter_set_filter_func (self->filter, _il_sessions_page_session_matches, self, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->remote)
    _il_sessions_page_remote_search (self);
  _il_sessions_page_update_count (self);
}

void
_il_sessions_page_on_search_changed (IlSessionsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *clean = g_strstrip (g_ascii_strdown (text, -1));

  if (self->setting_search)
    return;

  if (g_strcmp0 (clean[0] ? clean : NULL, self->search) != 0)
    il_sessions_page_set_search (self, text);
}

guint
il_sessions_page_get_n_listed (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), 0);

  il_list_store_flush (self->sessions);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

void
_il_sessions_page_on_ranked_row_activated (GtkListBox     *list,
                                           GtkListBoxRow  *row,
                                           IlSessionsPage *self)
{
  const guint32 *ranked;
  guint n;
  guint i = gtk_list_box_row_get_index (row);

  if (self->agg == NULL)
    return;
  ranked = list == self->slowest_list ? self->agg->slowest_sessions : self->agg->fastest_sessions;
  n = list == self->slowest_list ? self->agg->n_slowest_sessions : self->agg->n_fastest_sessions;
  if (i < n && ranked[i] < self->agg->n_sessions)
    il_sessions_page_select_session (self, self->agg->sessions[ranked[i]].session);
}

static GtkWidget *
new_ranked_row (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *id_label = _il_sessions_page_new_cell_label (0);
  GtkWidget *value = _il_sessions_page_new_cell_label (1);

  gtk_widget_add_css_class (id_label, "monospace");
  gtk_widget_set_hexpand (id_label, TRUE);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), id_label);
  gtk_box_append (GTK_BOX (box), value);
  return box;
}

/* The list's rows stay and take the new sessions: building rows anew on
 * every snapshot costs more than the rest of the update. */
static void
fill_ranked (IlSessionsPage *self,
             GtkListBox     *list,
             const guint32  *ranked,
             guint           n)
{
  GtkWidget *child;

  for (guint i = 0; i < n; i++)
    {
      const IlSessionSummary *s = &self->agg->sessions[ranked[i]];
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      g_autofree char *total = il_format_duration (s->total_latency_ms);
      GtkWidget *box, *id_label, *value;
      char id[37];

      if (row == NULL)
        {
          gtk_list_box_append (list, new_ranked_row ());
          row = gtk_list_box_get_row_at_index (list, i);
        }
      box = gtk_list_box_row_get_child (row);
      id_label = gtk_widget_get_first_child (box);
      value = gtk_widget_get_next_sibling (id_label);

      il_uuid_format (&s->id, id);
      il_cell_set_tooltip (box, id);
      id[8] = '\0';
      gtk_label_set_text (GTK_LABEL (id_label), id);
      gtk_label_set_text (GTK_LABEL (value), total);
    }

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (list, n))) != NULL)
    gtk_list_box_remove (list, child);
}

void
_il_sessions_page_update_overview (IlSessionsPage *self)
{
  if (self->agg != NULL)
    {
      fill_ranked (self, self->slowest_list, self->agg->slowest_sessions, self->agg->n_slowest_sessions);
      fill_ranked (self, self->fastest_list, self->agg->fastest_sessions, self->agg->n_fastest_sessions);
    }
  else
    {
      fill_ranked (self, self->slowest_list, NULL, 0);
      fill_ranked (self, self->fastest_list, NULL, 0);
    }
}

static gboolean
same_summary (const IlSessionSummary *a,
              const IlSessionSummary *b)
{
  /* everything the row shows; the store index may differ */
  return il_uuid_compare (&a->id, &b->id) == 0 && a->first_start == b->first_start
         && a->last_end == b->last_end && a->n_rows == b->n_rows && a->n_errors == b->n_errors
         && a->n_success == b->n_success && a->n_turns == b->n_turns
         && a->total_latency_ms == b->total_latency_ms;
}

/* Keeps session_items in step with the store: connected first, so any
 * other handler of the change sees it done. */
static void
on_sessions_changed (GListModel     *model,
                     guint           position,
                     guint           removed,
                     guint           added,
                     IlSessionsPage *self)
{
  GPtrArray *items = self->session_items;
  guint tail;

  g_ptr_array_remove_range (items, position, removed);
  if (added == 0)
    return;
  tail = items->len - position;
  g_ptr_array_set_size (items, items->len + added);
  memmove (&items->pdata[position + added], &items->pdata[position], tail * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);

      items->pdata[position + i] = item;
      g_object_unref (item);
    }
}

GListStore *
_il_sessions_page_new_sessions_store (IlSessionsPage *self)
{
  GListStore *store = g_list_store_new (IL_TYPE_SESSIONS_PAGE_ITEM);

  self->session_items = g_ptr_array_new ();
  g_signal_connect (store, "items-changed", G_CALLBACK (on_sessions_changed), self);
  return store;
}

/* The item at @position, which the list holds. */
static inline IlSessionsPageItem *
peek_item (IlSessionsPage *self,
           guint           position)
{
  return self->session_items->pdata[position];
}

/* The list's rows in sight are bound again three frames after a new
 * snapshot: the first draws the new session's figures, the next its charts
 * (drawn in threads), the next the rows table's rows in sight. */

/* Rows built in a frame: a row of six cells costs ~0.5 ms to build, bind
 * and lay out, and the first fill shares its frames with the rows table's
 * (six a frame measured 16-20 ms of main-thread CPU at 1M rows, four
 * 12-18). */
#define NEW_ROWS_PER_FRAME 4

static void
announce (IlSessionsPage *self,
          GtkBitset      *changed)
{
  if (self->search == NULL)
    il_list_store_announce_sliced (self->sessions, changed, GTK_WIDGET (self->sessions_view), 3);
  else
    il_list_store_announce (self->sessions, changed);
}

/* The item of the snapshot's session @index. */
static gpointer
create_item (guint    index,
             gpointer user_data)
{
  IlSessionsPage *self = user_data;
  IlSessionsPageItem *item = g_object_new (IL_TYPE_SESSIONS_PAGE_ITEM, NULL);

  item->index = index;
  item->shown = self->agg->sessions[index];
  return item;
}

/* The new snapshot's items. An unchanged session keeps its item, and only
 * the span between the unchanged head and tail is replaced, so a live update
 * that adds a few recent sessions leaves the rest of the list (its widgets,
 * selection and scroll position) alone. Inside that span the old items take
 * the new sessions in place: the cells that show them are bound again, in
 * place, which costs far less than building rows anew. Those in sight go
 * first, the others over the next frames (with no search: a search filters
 * by what the items show, so its filter is told everything at once). */
void
_il_sessions_page_replace_items (IlSessionsPage *self)
{
  g_autoptr(GtkBitset) changed = NULL;
  GListModel *model = G_LIST_MODEL (self->sessions);
  guint old_n;
  guint n = self->agg != NULL ? self->agg->n_sessions : 0;
  guint head = 0, tail = 0;
  guint n_removed, n_added, n_reused;

  /* sessions of the last snapshot still going in: this one's instead (the
   * rows it still had to bind again stay waiting, and follow the splices) */
  il_list_store_cancel (self->sessions);
  old_n = g_list_model_get_n_items (model);
  g_assert (self->session_items->len == old_n);
  while (head < old_n && head < n)
    {
      IlSessionsPageItem *item = peek_item (self, head);

      if (item->found || !same_summary (&item->shown, &self->agg->sessions[head]))
        break;
      item->index = head;
      head++;
    }
  while (tail < old_n - head && tail < n - head)
    {
      IlSessionsPageItem *item = peek_item (self, old_n - 1 - tail);

      if (item->found || !same_summary (&item->shown, &self->agg->sessions[n - 1 - tail]))
        break;
      item->index = n - 1 - tail;
      tail++;
    }
  n_removed = old_n - head - tail;
  n_added = n - head - tail;
  n_reused = MIN (n_removed, n_added);

  changed = gtk_bitset_new_empty ();
  for (guint i = head; i < head + n_reused; i++)
    {
      IlSessionsPageItem *item = peek_item (self, i);

      if (item->found || !same_summary (&item->shown, &self->agg->sessions[i]))
        gtk_bitset_add (changed, i);
      item->index = i;
      item->shown = self->agg->sessions[i];
      item->found = FALSE;
    }

  if (n_added > n_reused)
    {
      announce (self, changed);
      /* at the end (a first load): a few rows a frame, fewer than a list
       * of its own could take, the rest of the page being new as well; the
       * items too are made as they go in (15,000 took ~4 ms) */
      if (tail == 0)
        {
          il_list_store_append_created (self->sessions, head + n_reused, n_added - n_reused, create_item, self,
                                        GTK_WIDGET (self->sessions_view), NEW_ROWS_PER_FRAME);
        }
      else
        {
          g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_added - n_reused, g_object_unref);

          for (guint i = head + n_reused; i < head + n_added; i++)
            g_ptr_array_add (items, create_item (i, self));
          g_list_store_splice (self->sessions, head + n_reused, 0, items->pdata, items->len);
        }
      return;
    }
  if (n_removed > n_reused)
    {
      /* Their last references go on a background thread: a range of fewer
       * days finalized thousands of items here (~6 ms at 1M rows). */
      GPtrArray *removed = g_ptr_array_new_full (n_removed - n_reused, g_object_unref);

      for (guint i = head + n_reused; i < head + n_removed; i++)
        g_ptr_array_add (removed, g_object_ref (peek_item (self, i)));
      il_row_reaper_splice (self->sessions, head + n_reused, n_removed - n_reused, NULL, 0,
                            GTK_WIDGET (self->sessions_view));
      il_free_aside (removed, (GDestroyNotify) g_ptr_array_unref);
    }
  announce (self, changed);
}

/* Position of the session @id in the (filtered) list, or GTK_INVALID_LIST_POSITION. */
guint
_il_sessions_page_find_listed (IlSessionsPage *self,
                               const IlUuid   *id)
{
  /* with no search both list the same; the store walks in order faster */
  GListModel *model = self->search == NULL ? G_LIST_MODEL (self->sessions) : G_LIST_MODEL (self->filtered);
  guint i = 0;

  /* with no search the list is the summary's sessions in order: a session
   * the summary lacks lets nothing in (the waiting rows all at once cost
   * ~10 ms at 1M rows), one past the rows in lets them in */
  if (self->search == NULL && !self->found_shown && self->agg != NULL)
    {
      for (guint k = 0; k < self->agg->n_sessions; k++)
        if (il_uuid_compare (&self->agg->sessions[k].id, id) == 0)
          {
            if (k >= g_list_model_get_n_items (model))
              il_list_store_flush (self->sessions);
            return k < g_list_model_get_n_items (model) ? k : GTK_INVALID_LIST_POSITION;
          }
      return GTK_INVALID_LIST_POSITION;
    }

  /* among the rows in the list first: those still going in a few a frame
   * are let in at once only when it is not there (that builds their rows) */
  for (gboolean flushed = FALSE; ; flushed = TRUE)
    {
      guint n = g_list_model_get_n_items (model);

      for (; i < n; i++)
        {
          g_autoptr(IlSessionsPageItem) item = g_list_model_get_item (model, i);

          if (il_uuid_compare (&item->shown.id, id) == 0)
            return i;
        }
      if (flushed || il_list_store_get_n_waiting (self->sessions) == 0)
        return GTK_INVALID_LIST_POSITION;
      il_list_store_flush (self->sessions);
    }
}
