/* il-errors-page-private.h: what il-errors-page.c and il-errors-page-filter.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-error-filter.h"
#include "il-errors-page.h"

G_BEGIN_DECLS

/* A list item of the groups table: the index of an error group
 * (il-errors-page-groups.c). */
#define IL_TYPE_ERRORS_PAGE_ITEM (il_errors_page_item_get_type ())
G_DECLARE_FINAL_TYPE (IlErrorsPageItem, il_errors_page_item, IL, ERRORS_PAGE_ITEM, GObject)

typedef enum
{
  COL_STEP,
  COL_MESSAGE,
  COL_COUNT,
  COL_SHARE,
  COL_FIRST,
  COL_LAST,
  COL_SESSIONS,
  COL_AVG_LATENCY,
  COL_ACTION,
  N_COLS
} ErrorsColumn;

typedef struct
{
  IlErrorsPage *page;
  ErrorsColumn  column;
} ColumnInfo;

/* More errors than this and the day-of-week x hour heatmap is worth showing. */
#define DOW_HOUR_MIN_ERRORS 20

struct _IlErrorsPage
{
  IlDashboardPage        parent_instance;

  GtkStack             *stack;
  GtkBox               *content_box;
  GtkWidget            *figures_box;
  GtkLabel             *summary_label;
  GtkColumnView        *column_view;
  GtkScrolledWindow    *groups_scroller;

  GtkLabel             *fig_total;
  GtkLabel             *fig_rate;
  GtkLabel             *fig_step;
  GtkLabel             *fig_sessions;
  GtkWidget            *dow_hour_section;
  GtkListBox           *sessions_list;

  /* the error filter */
  GtkBox               *steps_box;
  GtkBox               *messages_box;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkLabel             *filter_count_label;
  gboolean              syncing;
  IlErrorFilter        *error_filter;
  /* the error rows of a new snapshot are collected in a thread; while that
   * runs, error_filter holds only the days and the checks the choices */
  GCancellable         *scan_cancellable;

  GCancellable         *save_cancellable;

  /* when the database computed the figures: the error rows stay there and
   * the filter's count is asked of it */
  gboolean              remote;
  guint                 count_timeout;   /* debounce, or 0 */
  GCancellable         *count_cancellable;
  gint64                remote_count;    /* for the filter shown; -1: not known */
  gint64                last_count;      /* the last count the database gave, or -1 */
  char                 *count_error;     /* why the latest count failed, or NULL */

  GListStore           *groups;
  gboolean              sessions_stale;  /* the sessions list waits for a frame */
  gboolean              rows_were_busy;  /* rows were built or rebound last frame */
  guint                 pace_tick;
  GtkNoSelection       *selection;
  ColumnInfo            columns[N_COLS];

  IlRowStore           *store;
  const IlAggregates   *agg;
};

/* The filter back to "every error row" of the page's data (il-errors-page-filter.c). */
void _il_errors_page_reset_filter    (IlErrorsPage *self);
/* il-errors-page-remote.c: the latest session of an error group, asked of
 * the database, then shown */
void _il_errors_page_fetch_session  (IlErrorsPage       *self,
                                     const IlErrorGroup *group);
/* il-errors-page-remote.c: the filter's count asked of the database
 * (debounced; a newer filter cancels an older count), the count label, and
 * Save Errors as CSV streamed from the database. */
void _il_errors_page_remote_apply    (IlErrorsPage *self);
void _il_errors_page_remote_cancel   (IlErrorsPage *self);
void _il_errors_page_remote_save     (IlErrorsPage *self,
                                      GFile        *file);
/* il-errors-page.c: a save ended (@n_rows written, or -1), @message said why. */
void _il_errors_page_on_save_done    (IlErrorsPage *self,
                                      gint64        n_rows,
                                      const char   *message);
/* The count for the filter shown, -1 while unknown (for tests). */
gint64 _il_errors_page_get_remote_count (IlErrorsPage *self);
/* TRUE while a count waits or runs (for tests). */
gboolean _il_errors_page_is_counting    (IlErrorsPage *self);
/* TRUE while the error rows of the data shown are collected (for tests). */
gboolean _il_errors_page_is_scanning    (IlErrorsPage *self);
/* Stops collecting the error rows (the page lets go of its data). */
void     _il_errors_page_cancel_scan    (IlErrorsPage *self);
/* The error rows now, when they are asked for before the thread is done. */
void     _il_errors_page_finish_scan    (IlErrorsPage *self);
/* TRUE while rows of the tables are still built or show what they showed
 * before the last snapshot, or the filter's rows are collected (for tests). */
gboolean _il_errors_page_is_pacing      (IlErrorsPage *self);
/* il-errors-page-groups.c: the groups table's columns, and the tables
 * (groups, sessions) taking the page's new data over frames (@n groups). */
void     _il_errors_page_add_columns    (IlErrorsPage *self);
void     _il_errors_page_update_tables  (IlErrorsPage *self,
                                         guint         n);
/* il-errors-page.c: the sessions list takes the page's data at once. */
void     _il_errors_page_update_sessions_list (IlErrorsPage *self);
/* Template callback of the two day entries. */
void _il_errors_page_on_date_changed (GtkEditable  *entry,
                                      IlErrorsPage *self);

G_END_DECLS
