/* il-raw-page-private.h: what il-raw-page.c and il-raw-page-filter.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-raw-page.h"

G_BEGIN_DECLS

typedef struct
{
  IlRawPage *page;
  IlColumn   column;
} ColumnInfo;

struct _IlRawPage
{
  IlDashboardPage      parent_instance;

  GtkWidget          *box;
  GtkMenuButton      *steps_button;
  GtkMenuButton      *statuses_button;
  GtkBox             *steps_box;
  GtkBox             *statuses_box;
  GtkSpinButton      *min_spin;
  GtkSpinButton      *max_spin;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
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

  GCancellable       *save_cancellable;
  gboolean            updating;
  guint               reselect_row;   /* row id selected before a model change */
  gboolean            replacing_store; /* a new snapshot's store goes in */
  double              restore_scroll;  /* scroll back here once the list is sized, or -1 */
  guint               restore_scroll_id;
};

/* il-raw-page-filter.c */
void     _il_raw_page_update_count        (IlRawPage     *self);
void     _il_raw_page_apply_filters       (IlRawPage     *self);
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

/* The model behind the table (for tests). */
IlRowListModel *_il_raw_page_get_model (IlRawPage *self);

G_END_DECLS
