/* il-errors-page-groups.c: the Error Analysis page's table of error groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The items, the cells, and how a new snapshot reaches the rows: in place,
 * new rows a few per frame, the sessions list in a frame of its own.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "il-cell-tooltip.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-list-update.h"
#include "il-text-cell.h"

struct _IlErrorsPageItem
{
  GObject      parent_instance;
  guint        index;
  /* what the row shows: a new snapshot binds the row again only when this
   * changed (the strings are copies, the group's belong to its snapshot) */
  IlErrorGroup shown;
  /* the cells bound to this item now (not owned): a new snapshot sets
   * their text in place */
  GtkWidget   *cells[N_COLS];
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

static void
on_show_session_clicked (GtkButton   *button,
                         GtkListItem *list_item)
{
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (button), IL_TYPE_ERRORS_PAGE);

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
       * ~8 ms at a range change); a text cell's size does not depend on
       * its text, so new text is only drawn */
      child = il_text_cell_new (column_specs[info->column].xalign);
      /* a line high in a row the button makes taller */
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      if (column_specs[info->column].xalign > 0)
        gtk_widget_add_css_class (child, "numeric");
    }

  gtk_list_item_set_child (list_item, child);
}

/* @child, the cell of @column, shows @item's group. */
static void
fill_cell (IlErrorsPage     *self,
           GtkWidget        *child,
           ErrorsColumn      column,
           IlErrorsPageItem *item)
{
  const IlErrorGroup *g;
  g_autofree char *text = NULL;

  if (column == COL_ACTION || self->agg == NULL || item->index >= self->agg->n_error_groups)
    return;

  g = &self->agg->error_groups[item->index];
  gtk_widget_remove_css_class (child, "dim-label");
  il_cell_set_tooltip (child, NULL);

  switch (column)
    {
    case COL_STEP:
      il_text_cell_set_text (IL_TEXT_CELL (child), g->step_name);
      il_cell_set_tooltip (child, g->step_name);
      return;
    case COL_MESSAGE:
      if (g->message_text == NULL)
        {
          il_text_cell_set_text (IL_TEXT_CELL (child), _("(no message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else if (g->message_text[0] == '\0')
        {
          il_text_cell_set_text (IL_TEXT_CELL (child), _("(empty message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else
        {
          /* one line here, the full text on hover */
          text = g_strdup (g->message_text);
          g_strdelimit (text, "\r\n\t", ' ');
          il_text_cell_set_text (IL_TEXT_CELL (child), text);
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
      text = il_format_time (g->first_seen, TRUE);
      break;
    case COL_LAST:
      text = il_format_time (g->last_seen, TRUE);
      break;
    case COL_SESSIONS:
      text = il_format_count_str (g->affected_sessions);
      break;
    case COL_AVG_LATENCY:
      /* one decimal, grouped: the column keeps ms throughout and its
       * figures line up on the decimal point */
      text = il_format_ms_fixed (round (g->avg_latency_ms * 10) / 10, 1);
      break;
    case COL_ACTION:
    case N_COLS:
    default:
      g_assert_not_reached ();
    }

  il_text_cell_set_text (IL_TEXT_CELL (child), text);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnInfo               *info)
{
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);

  item->cells[info->column] = child;
  fill_cell (info->page, child, info->column, item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ColumnInfo               *info)
{
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL && item->cells[info->column] == gtk_list_item_get_child (list_item))
    item->cells[info->column] = NULL;
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
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), info);

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

/* Rows built in one frame: a new row costs ~1 ms (its cells' widgets,
 * controllers and accessible objects, and their measuring). */
#define NEW_ROWS_PER_FRAME 5

/* The item takes the group at @position; its cells, when bound, show it at
 * once. Nothing is announced: in GTK 4.8 a change announced at a position
 * rebinds every row after it too, and a label's new text measured every
 * cell of its column again. A text cell's new text is only drawn. */
static gboolean
refresh_item (gpointer item,
              guint    position,
              gpointer user_data)
{
  IlErrorsPage *self = user_data;
  IlErrorsPageItem *it = item;

  if (update_item (item, position, self))
    for (guint c = 0; c < N_COLS; c++)
      if (it->cells[c] != NULL)
        fill_cell (self, it->cells[c], c, it);
  return FALSE;
}

/* The sessions list in a frame of its own, after the frames that build
 * rows. */
static gboolean
pace_in_frame (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (widget);
  /* rows are built in the window's ticks */
  gboolean rows_busy = il_list_store_get_n_waiting (self->groups) > 0;

  if (self->sessions_stale && !rows_busy && !self->rows_were_busy)
    {
      self->sessions_stale = FALSE;
      _il_errors_page_update_sessions_list (self);
    }
  self->rows_were_busy = rows_busy;
  if (self->sessions_stale)
    return G_SOURCE_CONTINUE;
  self->pace_tick = 0;
  self->rows_were_busy = FALSE;
  return G_SOURCE_REMOVE;
}

/* The list holds the new groups: items stay and take them in place, new
 * ones at the end come a few per frame. */
static void
update_groups (IlErrorsPage *self,
               guint         n)
{
  guint old_n;

  il_list_store_cancel (self->groups);
  old_n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  /* the view only for the rows of the groups that went */
  il_list_store_update (self->groups, MIN (n, old_n), refresh_item, self, GTK_WIDGET (self->column_view));
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
}

/* The tables take the new data; the sessions list in a later frame (at
 * once out of sight: no frame comes, and none is drawn). */
void
_il_errors_page_update_tables (IlErrorsPage *self,
                               guint         n)
{
  update_groups (self, n);
  self->sessions_stale = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
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
  return self->sessions_stale || il_list_store_get_n_waiting (self->groups) > 0
         || self->scan_cancellable != NULL;
}
