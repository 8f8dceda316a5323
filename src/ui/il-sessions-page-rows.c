/* il-sessions-page-rows.c: the selected session's rows table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-format.h"
#include "il-list-slices.h"
#include "il-list-update.h"
#include "il-sessions-page-private.h"
#include "il-text-cell.h"

/* A row of the selected session's table: the rows model's item at its
 * position, kept across sessions so the table keeps its row widgets. */
#define IL_TYPE_SESSIONS_PAGE_ROW (il_sessions_page_row_get_type ())
G_DECLARE_FINAL_TYPE (IlSessionsPageRow, il_sessions_page_row, IL, SESSIONS_PAGE_ROW, GObject)

struct _IlSessionsPageRow
{
  GObject    parent_instance;
  IlRowItem *item;
};

G_DEFINE_FINAL_TYPE (IlSessionsPageRow, il_sessions_page_row, G_TYPE_OBJECT)

static void
il_sessions_page_row_finalize (GObject *object)
{
  g_clear_object (&((IlSessionsPageRow *) object)->item);

  G_OBJECT_CLASS (il_sessions_page_row_parent_class)->finalize (object);
}

static void
il_sessions_page_row_class_init (IlSessionsPageRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_sessions_page_row_finalize;
}

static void
il_sessions_page_row_init (IlSessionsPageRow *self)
{
}

static const struct
{
  const char *title;
  int         width;
  float       xalign;
} row_specs[N_RCOLS] = {
  [RCOL_TURN] = { N_("Turn"), 60, 1 },
  [RCOL_STEP] = { N_("Step"), 140, 0 },
  [RCOL_STATUS] = { N_("Status"), 90, 0 },
  [RCOL_OFFSET] = { N_("Start (s)"), 90, 1 },
  [RCOL_LATENCY] = { N_("Latency"), 110, 1 },
  [RCOL_STARTED] = { N_("Started At"), 260, 0 },
  [RCOL_COMPLETED] = { N_("Completed At"), 260, 0 },
  [RCOL_MESSAGE] = { N_("Error Message"), 260, 0 },
};

static void
setup_row_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SessionColumnInfo               *info)
{
  gtk_list_item_set_child (list_item, _il_sessions_page_new_cell (row_specs[info->column].xalign));
}

/* the table's updates bind the cells of rows in sight again in place */
static void
unbind_row_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  il_list_item_mark_unbound (GTK_LIST_ITEM_FACTORY (factory), list_item);
}

static void
bind_row_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               SessionColumnInfo               *info)
{
  IlSessionsPage *self = info->page;
  IlRowItem *item = IL_SESSIONS_PAGE_ROW (gtk_list_item_get_item (list_item))->item;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  IlRowStore *store = il_row_item_get_store (item);
  guint row = il_row_item_get_row (item);
  g_autofree char *text = NULL;

  il_list_item_mark_bound (GTK_LIST_ITEM_FACTORY (factory), list_item);
  switch ((RowColumn) info->column)
    {
    case RCOL_TURN:
      text = il_row_item_dup_text (item, IL_COL_TURN_NUMBER);
      break;
    case RCOL_STEP:
      text = il_row_item_dup_text (item, IL_COL_STEP_NAME);
      il_cell_set_tooltip (label, text);
      break;
    case RCOL_STATUS:
      text = il_row_item_dup_text (item, IL_COL_STATUS);
      break;
    case RCOL_OFFSET:
      text = g_strdup_printf ("%.3f", self->detail != NULL
                                      ? (store->started_at[row] - self->detail->start) / (double) G_USEC_PER_SEC
                                      : 0.0);
      break;
    case RCOL_LATENCY:
      /* the stored figure with the locale's marks, unlike the CSV,
       * lined up on the decimal point */
      text = il_format_latency_cell (store->latency_ms[row]);
      break;
    case RCOL_STARTED:
      text = il_format_cell (store, row, IL_COL_STARTED_AT);
      break;
    case RCOL_COMPLETED:
      text = il_format_cell (store, row, IL_COL_COMPLETED_AT);
      break;
    case RCOL_MESSAGE:
      text = il_row_item_dup_text (item, IL_COL_ERROR_MESSAGE);
      il_cell_set_tooltip (label, text);
      if (text != NULL)
        g_strdelimit (text, "\r\n\t", ' ');
      break;
    case N_RCOLS:
    default:
      g_assert_not_reached ();
    }

  il_text_cell_set_text (IL_TEXT_CELL (label), text);
}

static gboolean
update_row (gpointer item,
            guint    position,
            gpointer user_data)
{
  IlSessionsPage *self = user_data;
  IlSessionsPageRow *row = item;
  IlRowStore *store = il_row_list_model_get_store (self->rows_model);
  guint id = il_row_list_model_get_row (self->rows_model, position);

  if (row->item != NULL && il_row_item_get_store (row->item) == store && il_row_item_get_row (row->item) == id)
    return FALSE;
  g_clear_object (&row->item);
  row->item = il_row_item_new (store, id);
  return TRUE;
}


/* The table's items follow the rows model in place: a row of the same
 * session's stays as it is, another's only binds its widgets again. The
 * model announces new rows as "all removed" then "all added": the empty
 * list between is not followed, or every row widget would go. */
static void
on_rows_changed (GListModel     *model,
                 guint           position,
                 guint           removed,
                 guint           added,
                 IlSessionsPage *self)
{
  guint n = g_list_model_get_n_items (model);

  if (n == 0 && !self->rows_emptied)
    return;
  /* The rows in sight after the frames that draw the session's figures,
   * then its charts; a row of eight cells costs ~0.6 ms to build: a few
   * a frame, the session's figures and charts being new in the same frames. */
  il_list_store_update_sliced (self->rows_items, n, update_row, self, GTK_WIDGET (self->rows_view), 4, 2);
}

void
_il_sessions_page_set_table_rows (IlSessionsPage *self,
                                  IlRowStore     *store,
                                  const guint32  *rows,
                                  guint           n_rows)
{
  self->rows_emptied = store == NULL || n_rows == 0;
  il_row_list_model_set_rows (self->rows_model, store, rows, n_rows);
  self->rows_emptied = FALSE;
}

GListStore *
_il_sessions_page_new_rows_items (IlSessionsPage *self)
{
  GListStore *items = g_list_store_new (IL_TYPE_SESSIONS_PAGE_ROW);

  il_list_store_track_rows (items);

  g_signal_connect_object (self->rows_model, "items-changed", G_CALLBACK (on_rows_changed), self, 0);
  return items;
}

void
_il_sessions_page_add_row_columns (IlSessionsPage *self)
{
  for (guint c = 0; c < N_RCOLS; c++)
    {
      SessionColumnInfo *info = &self->row_columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      info->page = self;
      info->column = c;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cell), info);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cell), NULL);
      column = gtk_column_view_column_new (_(row_specs[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, row_specs[c].width);
      gtk_column_view_append_column (self->rows_view, column);
    }
}
