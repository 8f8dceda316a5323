/* il-raw-page-private.h: what il-raw-page.c and il-raw-page-filter.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-raw-page.h"
#include "il-csv.h"
#include "il-remote-rows.h"

G_BEGIN_DECLS

/* A new store of this many rows is sorted and filtered in a thread before it is shown. */
#define IL_RAW_PAGE_PREPARE_IN_THREAD 50000
/* Rows the table gets at a time when it fills up from (nearly) empty. */
#define IL_RAW_PAGE_STAGE_ROWS 6
/* Cells whose text changes in one frame: shaping and drawing a new text
 * costs ~0.03 ms, and a 900 px high table shows 25 rows of 11 cells. The
 * rows on screen come first, top down; those off screen follow. */
#define IL_RAW_PAGE_FILL_CELLS (8 * IL_N_COLUMNS)

typedef struct
{
  IlRawPage *page;
  IlColumn   column;
} ColumnInfo;

struct _IlRawPage
{
  IlDashboardPage      parent_instance;

  GtkWidget          *box;
  GtkWidget          *toolbar;
  GtkMenuButton      *steps_button;
  GtkMenuButton      *statuses_button;
  GtkBox             *steps_box;
  GtkBox             *statuses_box;
  GtkSpinButton      *min_spin;
  GtkSpinButton      *max_spin;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkAdjustment      *vadj;           /* the column view's, read at every bind */
  GtkRevealer        *progress_revealer;
  GtkProgressBar     *progress_bar;
  GMenuModel         *context_menu_model;
  GtkWidget          *context_menu;

  IlRowStore         *store;
  const IlAggregates *agg;
  IlRowListModel     *model;
  GtkSingleSelection *selection;

  ColumnInfo          columns[IL_N_COLUMNS];
  GObject            *probe_a;
  GObject            *probe_b;
  int                 probe_column;
  IlColumn            context_column;

  /* rows on demand, when the database computed the figures */
  gboolean            remote;         /* the snapshot has no rows */
  IlRemoteRows       *remote_rows;    /* what the table shows then */
  IlColumn            remote_order_by;
  gboolean            remote_descending;

  GCancellable       *save_cancellable;
  GCancellable       *prepare_cancellable; /* a new store sorted in a thread */
  GPtrArray          *pending_cells;   /* cells bound, text to come: those on screen first */
  guint               n_pending_on_screen;
  guint               n_changed_for_frame; /* cells given a new text since the last tick */
  guint               fill_tick_id;
  gboolean            updating;
  guint               reselect_row;   /* row id selected before a model change */
  gboolean            replacing_store; /* a new snapshot's store goes in */
  double              restore_scroll;  /* scroll back here once the list is sized, or -1 */
  guint               restore_scroll_id;
};

/* il-raw-page-filter.c */
void     _il_raw_page_update_count        (IlRawPage     *self);
void     _il_raw_page_apply_filters       (IlRawPage     *self);
/* The snapshot's filter narrowed by the page's controls. */
void     _il_raw_page_build_filter        (IlRawPage          *self,
                                           const IlAggregates *agg,
                                           IlFilter           *filter);
/* The button labels and the count after the model took a filter. */
void     _il_raw_page_filters_applied     (IlRawPage     *self);
void     _il_raw_page_fill_check_list     (IlRawPage     *self,
                                           GtkBox        *box,
                                           guint          n,
                                           gboolean       steps);
void     _il_raw_page_reset_filters       (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *param);
/* Template callbacks of the latency spin buttons. */
gboolean _il_raw_page_on_spin_output      (GtkSpinButton *spin,
                                           gpointer       user_data);
int      _il_raw_page_on_spin_input       (GtkSpinButton *spin,
                                           double        *new_value,
                                           gpointer       user_data);
void     _il_raw_page_on_latency_changed  (IlRawPage     *self);

/* il-raw-page.c: what a finished save does (hides the progress, emits
 * "save-finished") */
void     _il_raw_page_on_save_done        (GtkWidget     *widget,
                                           gint64         n_rows,
                                           const char    *message,
                                           gpointer       user_data);

/* il-raw-page-remote.c */
/* Shows the rows matching the controls, paged from the server. */
void     _il_raw_page_remote_apply        (IlRawPage     *self);
/* The count label and the stack while the rows come from the server. */
void     _il_raw_page_remote_update_count (IlRawPage     *self,
                                           guint          total);
/* Back to the local model. */
void     _il_raw_page_remote_clear        (IlRawPage     *self);
/* The sorted column as a server order; FALSE when the server cannot sort by it. */
gboolean _il_raw_page_remote_set_sort     (IlRawPage     *self,
                                           IlColumn       column,
                                           gboolean       descending);
/* Streams the shown (filtered) rows, or every row of the range, to @file. */
void     _il_raw_page_remote_save         (IlRawPage     *self,
                                           GFile         *file,
                                           gboolean       filtered,
                                           IlCsvProgressFunc progress);
/* The remote model (NULL when the rows are local), for tests. */
IlRemoteRows *_il_raw_page_get_remote_rows (IlRawPage    *self);

/* The model behind the table (for tests). */
IlRowListModel *_il_raw_page_get_model (IlRawPage *self);
/* The table's columns, its header sort and its right-click menu. */
void     _il_raw_page_add_columns         (IlRawPage     *self);
/* Drops the cells waiting for their text (at dispose). */
void     _il_raw_page_clear_pending_cells (IlRawPage     *self);
/* A right click at (x, y) of the column view: selects the cell's row and
 * opens the context menu for its column; FALSE when no row is there. */
gboolean _il_raw_page_context_menu_at (IlRawPage *self,
                                       double     x,
                                       double     y);

G_END_DECLS
