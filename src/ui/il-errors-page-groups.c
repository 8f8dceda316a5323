/* il-errors-page-groups.c: the Error Analysis page's table of error groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The items, the cells, and how a new snapshot reaches the rows: in place
 * and a few per frame, with the sessions list in a frame of its own.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "il-cell-tooltip.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-list-update.h"

struct _IlErrorsPageItem
{
  GObject      parent_instance;
  guint        index;
  /* what the row shows: a new snapshot binds the row again only when this
   * changed (the strings are copies, the group's belong to its snapshot) */
  IlErrorGroup shown;
};

G_DEFINE_FINAL_TYPE (IlErrorsPageItem, il_errors_page_item, G_TYPE_OBJECT)

static void
il_errors_page_item_finalize (GObject *object)
{
  IlErrorsPageItem *self = (IlErrorsPageItem *) object;

  g_free ((char *) self->shown.step_name);
  g_free ((char *) self->shown.message_text);

  G_OBJECT_CLASS (il_errors_page_item_parent_class)->finalize (object);
}

static void
il_errors_page_item_class_init (IlErrorsPageItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_errors_page_item_finalize;
}

static void
il_errors_page_item_init (IlErrorsPageItem *self)
{
}

static const struct
{
  const char *title;
  int         width;
  gboolean    expand;
  float       xalign;
} column_specs[N_COLS] = {
  [COL_STEP] = { N_("Step"), 140, FALSE, 0 },
  [COL_MESSAGE] = { N_("Error Message"), 320, TRUE, 0 },
  [COL_COUNT] = { N_("Count"), 70, FALSE, 1 },
  [COL_SHARE] = { N_("Share of Step"), 110, FALSE, 1 },
  [COL_FIRST] = { N_("First Seen"), 160, FALSE, 0 },
  [COL_LAST] = { N_("Last Seen"), 160, FALSE, 0 },
  [COL_SESSIONS] = { N_("Affected Sessions"), 130, FALSE, 1 },
  [COL_AVG_LATENCY] = { N_("Avg Latency"), 110, FALSE, 1 },
  [COL_ACTION] = { "", 130, FALSE, 0 },
};

char *
_il_errors_page_format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
on_show_session_clicked (GtkButton   *button,
                         GtkListItem *list_item)
{
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (button), IL_TYPE_ERRORS_PAGE);

  /* a row still showing the last snapshot's group (for a frame or two) */
  if (page != NULL && gtk_bitset_contains (IL_ERRORS_PAGE (page)->unannounced,
                                           gtk_list_item_get_position (list_item)))
    return;
  if (item != NULL && page != NULL)
    il_errors_page_show_session (IL_ERRORS_PAGE (page), item->index);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnInfo               *info)
{
  GtkWidget *child;

  if (info->column == COL_ACTION)
    {
      child = gtk_button_new_with_label (_("Show Session"));
      /* gtk_widget_set_tooltip_text() asks the display server where the
       * pointer is, for each new row */
      il_cell_set_tooltip (child, _("Open the most recent session with this error"));
      gtk_widget_add_css_class (child, "flat");
      g_signal_connect (child, "clicked", G_CALLBACK (on_show_session_clicked), list_item);
    }
  else
    {
      /* not a label: a label's new text resizes its cell, and GTK 4.8 then
       * measures every cell of the column again (all rows with widgets,
       * ~8 ms at a range change); an inscription's size does not depend
       * on its text, so new text is only drawn */
      child = gtk_inscription_new (NULL);
      gtk_inscription_set_xalign (GTK_INSCRIPTION (child), column_specs[info->column].xalign);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (child), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_lines (GTK_INSCRIPTION (child), 1);
      gtk_inscription_set_nat_lines (GTK_INSCRIPTION (child), 1);
      /* one line, however tall the row (the button makes it taller): an
       * inscription shows as many lines as its height holds */
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      if (column_specs[info->column].xalign > 0)
        gtk_widget_add_css_class (child, "numeric");
    }

  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnInfo               *info)
{
  IlErrorsPage *self = info->page;
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  const IlErrorGroup *g;
  g_autofree char *text = NULL;

  if (info->column == COL_ACTION || self->agg == NULL || item->index >= self->agg->n_error_groups)
    return;

  g = &self->agg->error_groups[item->index];
  gtk_widget_remove_css_class (child, "dim-label");
  il_cell_set_tooltip (child, NULL);

  switch (info->column)
    {
    case COL_STEP:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), g->step_name);
      il_cell_set_tooltip (child, g->step_name);
      return;
    case COL_MESSAGE:
      if (g->message_text == NULL)
        {
          gtk_inscription_set_text (GTK_INSCRIPTION (child), _("(no message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else if (g->message_text[0] == '\0')
        {
          gtk_inscription_set_text (GTK_INSCRIPTION (child), _("(empty message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else
        {
          /* one line here, the full text on hover */
          text = g_strdup (g->message_text);
          g_strdelimit (text, "\r\n\t", ' ');
          gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
          il_cell_set_tooltip (child, g->message_text);
        }
      return;
    case COL_COUNT:
      text = il_format_count_str (g->count);
      break;
    case COL_SHARE:
      text = il_format_percent_str (g->share_of_step_pct);
      break;
    case COL_FIRST:
      text = _il_errors_page_format_time (g->first_seen);
      break;
    case COL_LAST:
      text = _il_errors_page_format_time (g->last_seen);
      break;
    case COL_SESSIONS:
      text = il_format_count_str (g->affected_sessions);
      break;
    case COL_AVG_LATENCY:
      /* translators: a latency in milliseconds */
      /* one decimal, grouped: the column keeps ms throughout */
      text = il_format_exact_ms (round (g->avg_latency_ms * 10) / 10);
      break;
    case COL_ACTION:
    case N_COLS:
    default:
      g_assert_not_reached ();
    }

  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

void
_il_errors_page_add_columns (IlErrorsPage *self)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      ColumnInfo *info = &self->columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      info->page = self;
      info->column = c;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), info);

      column = gtk_column_view_column_new (column_specs[c].title[0] ? _(column_specs[c].title) : "",
                                           factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, column_specs[c].expand);
      gtk_column_view_column_set_fixed_width (column, column_specs[c].width);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* ---- a new snapshot's groups, over frames ----------------------------------------- */

/* The group at @position into the item; TRUE when its row shows something new. */
static gboolean
update_item (gpointer item,
             guint    position,
             gpointer user_data)
{
  IlErrorsPage *self = user_data;
  IlErrorsPageItem *it = item;
  const IlErrorGroup *g = &self->agg->error_groups[position];
  IlErrorGroup *shown = &it->shown;

  it->index = position;
  if (g_strcmp0 (shown->step_name, g->step_name) == 0 && g_strcmp0 (shown->message_text, g->message_text) == 0
      && shown->count == g->count && shown->share_of_step_pct == g->share_of_step_pct
      && shown->first_seen == g->first_seen && shown->last_seen == g->last_seen
      && shown->affected_sessions == g->affected_sessions && shown->avg_latency_ms == g->avg_latency_ms)
    return FALSE;

  g_free ((char *) shown->step_name);
  g_free ((char *) shown->message_text);
  *shown = *g;
  shown->step_name = g_strdup (g->step_name);
  shown->message_text = g_strdup (g->message_text);
  return TRUE;
}

/* Rows rebound in one frame: a row's nine cells cost ~0.3 ms to bind and
 * measure, and a column view keeps widgets for up to 200 rows, out of
 * sight ones too. */
#define ROWS_PER_FRAME 10
/* Rows built in one frame: a new row costs several times a rebound one
 * (its cells' widgets, controllers and accessible objects). */
#define NEW_ROWS_PER_FRAME 5

/* Records a row whose item took new contents, to be announced later. */
static gboolean
record_item (gpointer item,
             guint    position,
             gpointer user_data)
{
  IlErrorsPage *self = user_data;

  if (update_item (item, position, self))
    gtk_bitset_add (self->unannounced, position);
  return FALSE;
}

/* Announces up to @max waiting rows, those in sight first. */
static void
announce_some (IlErrorsPage *self,
               guint         max)
{
  g_autoptr(GtkBitset) now = gtk_bitset_new_empty ();
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  double upper = adj != NULL ? gtk_adjustment_get_upper (adj) : 0;
  guint first = 0;
  GtkBitsetIter iter;
  guint pos;

  /* rows are of one height: the first one in sight from the scroll offset */
  if (upper > 0 && n > 0)
    first = MIN (n - 1, (guint) (gtk_adjustment_get_value (adj) / upper * n));
  for (gboolean ok = gtk_bitset_iter_init_at (&iter, self->unannounced, first, &pos);
       ok && gtk_bitset_get_size (now) < max; ok = gtk_bitset_iter_next (&iter, &pos))
    gtk_bitset_add (now, pos);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->unannounced, &pos);
       ok && pos < first && gtk_bitset_get_size (now) < max; ok = gtk_bitset_iter_next (&iter, &pos))
    gtk_bitset_add (now, pos);
  gtk_bitset_difference (self->unannounced, now);
  il_list_store_announce (self->groups, now);
}

/* One step of the update per frame: the rows in sight first, then the
 * sessions list (further down), then the other rows. */
static gboolean
pace_in_frame (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (widget);
  /* rows are built (in the window's ticks) or rebound in this frame */
  gboolean rows_busy = !gtk_bitset_is_empty (self->unannounced)
                       || il_list_store_get_n_waiting (self->groups) > 0;

  /* the sessions list in a frame of its own, after the rows' */
  if (self->sessions_stale && !rows_busy && !self->rows_were_busy)
    {
      self->sessions_stale = FALSE;
      _il_errors_page_update_sessions_list (self);
    }
  else
    announce_some (self, ROWS_PER_FRAME);
  self->rows_were_busy = rows_busy;
  if (!gtk_bitset_is_empty (self->unannounced) || self->sessions_stale)
    return G_SOURCE_CONTINUE;
  self->pace_tick = 0;
  self->rows_were_busy = FALSE;
  return G_SOURCE_REMOVE;
}

/* The list holds the new groups. Items stay and take new contents in place
 * (their rows are rebound, not built anew); as rebinding every row of a
 * column view at once took 8-10 ms at a range change, the rows are told
 * of it a few per frame. A row still waiting when the next snapshot comes
 * keeps waiting, and binds whatever its item shows then. */
static void
update_groups (IlErrorsPage *self,
               guint         n)
{
  guint old_n;

  il_list_store_cancel (self->groups);
  old_n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  il_list_store_update (self->groups, MIN (n, old_n), record_item, self, NULL);
  if (n < old_n)
    gtk_bitset_remove_range (self->unannounced, n, old_n - n);
  if (n > old_n)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n - old_n, g_object_unref);

      for (guint i = old_n; i < n; i++)
        {
          IlErrorsPageItem *item = g_object_new (IL_TYPE_ERRORS_PAGE_ITEM, NULL);

          update_item (item, i, self);
          g_ptr_array_add (items, item);
        }
      il_list_store_append_sliced (self->groups, items, GTK_WIDGET (self->column_view), NEW_ROWS_PER_FRAME);
    }
  announce_some (self, ROWS_PER_FRAME);
}

/* The tables take the new data: at once out of sight (no frame comes to
 * pace them, and none is drawn), over frames otherwise. */
void
_il_errors_page_update_tables (IlErrorsPage *self,
               guint         n)
{
  update_groups (self, n);
  self->sessions_stale = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      announce_some (self, G_MAXUINT);
      self->sessions_stale = FALSE;
      _il_errors_page_update_sessions_list (self);
      return;
    }
  if (self->pace_tick == 0)
    self->pace_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), pace_in_frame, NULL, NULL);
}

gboolean
_il_errors_page_is_pacing (IlErrorsPage *self)
{
  return !gtk_bitset_is_empty (self->unannounced) || self->sessions_stale
         || il_list_store_get_n_waiting (self->groups) > 0 || self->scan_cancellable != NULL;
}
