/* il-raw-page-cells.c: the Raw Data table's columns and cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One label per cell, the header's sort handed to the model, and one
 * right-click gesture for the whole table.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-format.h"
#include "il-raw-page-private.h"

static const struct
{
  const char *title;
  int         width;
  float       xalign;
} column_specs[IL_N_COLUMNS] = {
  [IL_COL_METRIC_ID] = { N_("Metric ID"), 110, 0 },
  [IL_COL_SESSION_ID] = { N_("Session ID"), 150, 0 },
  [IL_COL_TURN_NUMBER] = { N_("Turn"), 60, 1 },
  [IL_COL_STEP_NAME] = { N_("Step"), 170, 0 },
  [IL_COL_LATENCY_MS] = { N_("Latency"), 120, 1 },
  [IL_COL_STARTED_AT] = { N_("Started At"), 210, 0 },
  [IL_COL_COMPLETED_AT] = { N_("Completed At"), 210, 0 },
  [IL_COL_STATUS] = { N_("Status"), 100, 0 },
  [IL_COL_ERROR_MESSAGE] = { N_("Error Message"), 280, 0 },
  [IL_COL_METADATA] = { N_("Metadata"), 280, 0 },
  [IL_COL_CREATED_AT] = { N_("Created At"), 210, 0 },
};

/* Shown order: time first, Status within a 1400 px window, the id last.
 * Save as CSV keeps the schema's order. */
static const IlColumn display_order[IL_N_COLUMNS] = {
  IL_COL_STARTED_AT,
  IL_COL_SESSION_ID,
  IL_COL_TURN_NUMBER,
  IL_COL_STEP_NAME,
  IL_COL_LATENCY_MS,
  IL_COL_STATUS,
  IL_COL_ERROR_MESSAGE,
  IL_COL_COMPLETED_AT,
  IL_COL_CREATED_AT,
  IL_COL_METADATA,
  IL_COL_METRIC_ID,
};

/* ---- cells -------------------------------------------------------------------- */

/* The cell under (x, y) of the column view, or NULL; its column in @info. */
static GtkListItem *
cell_at (IlRawPage   *self,
         double       x,
         double       y,
         ColumnInfo **info)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != GTK_WIDGET (self->column_view); widget = gtk_widget_get_parent (widget))
    {
      GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "il-list-item");

      if (list_item != NULL)
        {
          *info = g_object_get_data (G_OBJECT (widget), "il-column");
          return list_item;
        }
    }
  return NULL;
}

gboolean
_il_raw_page_context_menu_at (IlRawPage *self,
                              double     x,
                              double     y)
{
  ColumnInfo *info = NULL;
  GtkListItem *list_item = cell_at (self, x, y, &info);
  double px, py;

  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));
  self->context_column = info->column;

  if (gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self), x, y, &px, &py))
    {
      GdkRectangle rect = { (int) px, (int) py, 1, 1 };

      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
    }
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  return TRUE;
}

/* One gesture for the whole table, not one per cell: a row is built faster. */
static void
on_view_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 IlRawPage       *self)
{
  if (_il_raw_page_context_menu_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnInfo               *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column_specs[info->column].xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column_specs[info->column].xalign == 1)
    gtk_widget_add_css_class (label, "numeric");

  g_object_set_data (G_OBJECT (label), "il-list-item", list_item);
  g_object_set_data (G_OBJECT (label), "il-column", info);

  gtk_list_item_set_child (list_item, label);
}

static void
show_cell (GtkWidget  *label,
           ColumnInfo *info,
           IlRowItem  *item)
{
  g_autofree char *text = NULL;
  gboolean long_text = info->column == IL_COL_ERROR_MESSAGE || info->column == IL_COL_METADATA;

  if (il_row_item_get_store (item) == NULL)
    {
      /* a row on its way from the server */
      gtk_label_set_text (GTK_LABEL (label), "…");
      il_cell_set_tooltip (label, NULL);
      return;
    }
  text = il_format_cell (il_row_item_get_store (item), il_row_item_get_row (item), info->column);

  if (text == NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), "");
      il_cell_set_tooltip (label, NULL);
      return;
    }

  if (long_text)
    {
      /* one line in the table, the full text on hover */
      g_autofree char *line = g_strdup (text);

      il_cell_set_tooltip (label, text);
      g_strdelimit (line, "\r\n\t", ' ');
      gtk_label_set_text (GTK_LABEL (label), line);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text);
}

/* Whether the row at @position is on screen or a few rows from it. The rows
 * all have one height: the scrolled length over the count. */
static gboolean
near_viewport (IlRawPage *self,
               guint      position)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  double page, row_height, first, last;

  if (vadj == NULL || n == 0)
    return TRUE;
  page = gtk_adjustment_get_page_size (vadj);
  row_height = gtk_adjustment_get_upper (vadj) / n;
  if (page <= 0 || row_height <= 0)
    return TRUE;
  first = gtk_adjustment_get_value (vadj) / row_height;
  last = (gtk_adjustment_get_value (vadj) + page) / row_height;
  return position + 3 >= first && position <= last + 3;
}

static gboolean
fill_pending (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  IlRawPage *self = user_data;
  guint n = MIN (self->pending_cells->len, IL_RAW_PAGE_FILL_ROWS * IL_N_COLUMNS);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *label = self->pending_cells->pdata[i];
      GtkListItem *list_item = g_object_get_data (G_OBJECT (label), "il-list-item");

      g_object_set_data (G_OBJECT (label), "il-pending", NULL);
      /* a row GTK dropped meanwhile */
      if (gtk_widget_get_parent (label) == NULL || gtk_list_item_get_item (list_item) == NULL)
        continue;
      show_cell (label, g_object_get_data (G_OBJECT (label), "il-column"), gtk_list_item_get_item (list_item));
    }
  g_ptr_array_remove_range (self->pending_cells, 0, n);
  if (self->pending_cells->len > 0)
    return G_SOURCE_CONTINUE;
  self->fill_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* GTK binds all of its ~200 rows at an update, and measuring their new texts
 * takes a frame 50 ms: the rows on screen get theirs now, the others a few
 * rows a frame. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnInfo               *info)
{
  IlRawPage *self = info->page;
  GtkWidget *label = gtk_list_item_get_child (list_item);

  /* a hidden table fills in when it shows */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->column_view))
      && near_viewport (self, gtk_list_item_get_position (list_item)))
    {
      show_cell (label, info, gtk_list_item_get_item (list_item));
      return;
    }
  if (g_object_get_data (G_OBJECT (label), "il-pending") != NULL)
    return;
  g_object_set_data (G_OBJECT (label), "il-pending", GINT_TO_POINTER (TRUE));
  g_ptr_array_add (self->pending_cells, g_object_ref (label));
  if (self->fill_tick_id == 0)
    self->fill_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), fill_pending, self, NULL);
}

/* The table shows (again): the rows on screen get their text before the
 * frame, the others keep theirs for the next ticks. */
static void
on_view_map (IlRawPage *self)
{
  for (guint i = self->pending_cells->len; i-- > 0;)
    {
      GtkWidget *label = self->pending_cells->pdata[i];
      GtkListItem *list_item = g_object_get_data (G_OBJECT (label), "il-list-item");

      if (gtk_widget_get_parent (label) == NULL || gtk_list_item_get_item (list_item) == NULL
          || !near_viewport (self, gtk_list_item_get_position (list_item)))
        continue;
      g_object_set_data (G_OBJECT (label), "il-pending", NULL);
      show_cell (label, g_object_get_data (G_OBJECT (label), "il-column"), gtk_list_item_get_item (list_item));
      g_ptr_array_remove_index (self->pending_cells, i);
    }
}

void
_il_raw_page_clear_pending_cells (IlRawPage *self)
{
  if (self->fill_tick_id != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->fill_tick_id);
  self->fill_tick_id = 0;
  if (self->pending_cells != NULL)
    g_ptr_array_set_size (self->pending_cells, 0);
}

/* GTK 4.8 has no API to read a GtkColumnView's sort order. The view's sorter
 * asks the column sorters in priority order and inverts descending ones, so
 * comparing two probe objects tells which column is primary and its direction. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnInfo *info = user_data;

  if (info->page->probe_column < 0)
    info->page->probe_column = info->column;

  return GTK_ORDERING_SMALLER;
}

static void
on_view_sorter_changed (GtkSorter       *sorter,
                        GtkSorterChange  change,
                        IlRawPage       *self)
{
  GtkOrdering order;

  self->probe_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);

  if (self->remote)
    {
      /* the server sorts; a column it cannot sort by keeps the newest first */
      if (self->probe_column < 0
          || !_il_raw_page_remote_set_sort (self, self->probe_column, order == GTK_ORDERING_LARGER))
        _il_raw_page_remote_set_sort (self, IL_COL_STARTED_AT, TRUE);
      return;
    }
  /* what rows from the server will be ordered by */
  if (self->probe_column >= 0 && il_row_query_can_order_by (self->probe_column))
    {
      self->remote_order_by = self->probe_column;
      self->remote_descending = order == GTK_ORDERING_LARGER;
    }
  if (self->probe_column < 0)
    il_row_list_model_set_sort (self->model, IL_N_COLUMNS, FALSE);
  else
    il_row_list_model_set_sort (self->model, self->probe_column, order == GTK_ORDERING_LARGER);
}

void
_il_raw_page_add_columns (IlRawPage *self)
{
  GtkGesture *click;

  self->pending_cells = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->column_view, "map", G_CALLBACK (on_view_map), self, G_CONNECT_SWAPPED);
  GtkColumnViewColumn *newest_first = NULL;

  for (guint i = 0; i < IL_N_COLUMNS; i++)
    {
      IlColumn c = display_order[i];
      ColumnInfo *info = &self->columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      info->page = self;
      info->column = c;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), info);

      column = gtk_column_view_column_new (_(column_specs[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_specs[c].width);
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, info, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
      if (c == IL_COL_STARTED_AT)
        newest_first = column;
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_view_sorter_changed), self, 0);
  /* newest first, like the session list */
  gtk_column_view_sort_by_column (self->column_view, newest_first, GTK_SORT_DESCENDING);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  /* before the rows' own gestures */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_view_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
}
