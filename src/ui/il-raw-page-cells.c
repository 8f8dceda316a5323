/* il-raw-page-cells.c: the Raw Data table's columns and cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One text cell per cell of the table, the header's sort handed to the model, and one
 * right-click gesture for the whole table.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "il-cell-tooltip.h"
#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-text-cell.h"

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

/* A text cell, not a label: its size comes from the font, not from its
 * text, so a new text costs no layout of the table, only its own drawing. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnInfo               *info)
{
  GtkWidget *cell = il_text_cell_new (column_specs[info->column].xalign);

  if (column_specs[info->column].xalign == 1)
    gtk_widget_add_css_class (cell, "numeric");

  g_object_set_data (G_OBJECT (cell), "il-list-item", list_item);
  g_object_set_data (G_OBJECT (cell), "il-column", info);

  gtk_list_item_set_child (list_item, cell);
}

/* Sets the cell's text and tooltip; TRUE when the text changed. */
static gboolean
show_cell (GtkWidget  *cell,
           ColumnInfo *info,
           IlRowItem  *item)
{
  g_autofree char *text = NULL;
  const char *shown;

  if (il_row_item_get_store (item) == NULL)
    {
      /* a row on its way from the server */
      shown = "…";
      il_cell_set_tooltip (cell, NULL);
    }
  else if ((text = il_format_cell (il_row_item_get_store (item), il_row_item_get_row (item), info->column)) == NULL)
    {
      shown = "";
      il_cell_set_tooltip (cell, NULL);
    }
  else
    {
      /* one line in the table; a long text in full on hover */
      if (info->column == IL_COL_ERROR_MESSAGE || info->column == IL_COL_METADATA)
        il_cell_set_tooltip (cell, text);
      shown = g_strdelimit (text, "\r\n\t", ' ');
    }

  if (strcmp (il_text_cell_get_text (IL_TEXT_CELL (cell)), shown) == 0)
    return FALSE;
  il_text_cell_set_text (IL_TEXT_CELL (cell), shown);
  return TRUE;
}

/* Whether the row at @position is on screen or a few rows from it. The rows
 * all have one height: the scrolled length over the count. */
static gboolean
near_viewport (IlRawPage *self,
               guint      position)
{
  GtkAdjustment *vadj = self->vadj;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  double page, row_height, first, last;

  if (n == 0)
    return TRUE;
  page = gtk_adjustment_get_page_size (vadj);
  row_height = gtk_adjustment_get_upper (vadj) / n;
  if (page <= 0 || row_height <= 0)
    return TRUE;
  first = gtk_adjustment_get_value (vadj) / row_height;
  last = (gtk_adjustment_get_value (vadj) + page) / row_height;
  return position + 3 >= first && position <= last + 3;
}

/* Gives the next pending cells their text, as many new texts as a frame
 * shapes and draws quickly, counting those the binds since the last tick
 * gave. */
static gboolean
fill_pending (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  IlRawPage *self = user_data;
  guint budget = self->n_changed_for_frame < IL_RAW_PAGE_FILL_CELLS
                 ? IL_RAW_PAGE_FILL_CELLS - self->n_changed_for_frame : 0;
  guint changed = 0, i;

  for (i = 0; i < self->pending_cells->len && changed < budget; i++)
    {
      GtkWidget *cell = self->pending_cells->pdata[i];
      GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "il-list-item");

      g_object_set_data (G_OBJECT (cell), "il-pending", NULL);
      /* a row GTK dropped meanwhile */
      if (gtk_widget_get_parent (cell) == NULL || gtk_list_item_get_item (list_item) == NULL)
        continue;
      changed += show_cell (cell, g_object_get_data (G_OBJECT (cell), "il-column"),
                            gtk_list_item_get_item (list_item));
    }
  g_ptr_array_remove_range (self->pending_cells, 0, i);
  self->n_pending_on_screen -= MIN (i, self->n_pending_on_screen);
  self->n_changed_for_frame = 0;
  if (self->pending_cells->len > 0)
    return G_SOURCE_CONTINUE;
  self->fill_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ensure_fill_tick (IlRawPage *self)
{
  if (self->fill_tick_id == 0)
    self->fill_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), fill_pending, self, NULL);
}

/* GTK binds all of its ~200 rows at an update, and the new texts of the
 * rows on screen alone take a frame ~10 ms to shape and draw: those rows
 * get theirs first, a frame's worth now and the rest at the next ticks,
 * then the rows out of sight. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnInfo               *info)
{
  IlRawPage *self = info->page;
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  /* a hidden table fills in when it shows */
  gboolean on_screen = gtk_widget_get_mapped (GTK_WIDGET (self->column_view))
                       && near_viewport (self, gtk_list_item_get_position (list_item));

  if (g_object_get_data (G_OBJECT (cell), "il-pending") != NULL)
    {
      guint i;

      /* scrolled into view before its turn: with those on screen */
      if (on_screen && g_ptr_array_find (self->pending_cells, cell, &i) && i >= self->n_pending_on_screen)
        g_ptr_array_insert (self->pending_cells, self->n_pending_on_screen++,
                            g_ptr_array_steal_index (self->pending_cells, i));
      return;
    }
  if (on_screen && self->n_changed_for_frame < IL_RAW_PAGE_FILL_CELLS)
    {
      self->n_changed_for_frame += show_cell (cell, info, gtk_list_item_get_item (list_item));
      /* the next tick knows what this frame already lays out */
      if (self->n_changed_for_frame > 0)
        ensure_fill_tick (self);
      return;
    }
  g_object_set_data (G_OBJECT (cell), "il-pending", GINT_TO_POINTER (TRUE));
  if (on_screen)
    g_ptr_array_insert (self->pending_cells, self->n_pending_on_screen++, g_object_ref (cell));
  else
    g_ptr_array_add (self->pending_cells, g_object_ref (cell));
  ensure_fill_tick (self);
}

/* The table shows (again): the rows on screen get their text before the
 * frame, the others keep theirs for the next ticks. */
static void
on_view_map (IlRawPage *self)
{
  for (guint i = self->pending_cells->len; i-- > 0;)
    {
      GtkWidget *cell = self->pending_cells->pdata[i];
      GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "il-list-item");

      if (gtk_widget_get_parent (cell) == NULL || gtk_list_item_get_item (list_item) == NULL
          || !near_viewport (self, gtk_list_item_get_position (list_item)))
        continue;
      g_object_set_data (G_OBJECT (cell), "il-pending", NULL);
      show_cell (cell, g_object_get_data (G_OBJECT (cell), "il-column"), gtk_list_item_get_item (list_item));
      g_ptr_array_remove_index (self->pending_cells, i);
      if (i < self->n_pending_on_screen)
        self->n_pending_on_screen--;
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
  self->n_pending_on_screen = 0;
  self->n_changed_for_frame = 0;
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
