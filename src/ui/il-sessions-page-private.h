/* il-sessions-page-private.h: what the il-sessions-page*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-sessions-page.h"
#include "il-timeline-chart.h"

G_BEGIN_DECLS

/* A list item: the index of a session summary in IlAggregates.sessions. */
#define IL_TYPE_SESSIONS_PAGE_ITEM (il_sessions_page_item_get_type ())
G_DECLARE_FINAL_TYPE (IlSessionsPageItem, il_sessions_page_item, IL, SESSIONS_PAGE_ITEM, GObject)

struct _IlSessionsPageItem
{
  GObject          parent_instance;
  guint            index;
  /* what the row shows: a new snapshot keeps the item (and so the row's
   * widgets, the selection and the scroll position) when this is the same */
  IlSessionSummary shown;
  /* found by a search in the database, not one of the summary's sessions */
  gboolean         found;
};

/* The page's layout manager (il-sessions-page-layout.c). */
#define IL_TYPE_SESSIONS_LAYOUT (il_sessions_layout_get_type ())
G_DECLARE_FINAL_TYPE (IlSessionsLayout, il_sessions_layout, IL, SESSIONS_LAYOUT, GtkLayoutManager)

typedef enum
{
  SCOL_ID,
  SCOL_FIRST,
  SCOL_TURNS,
  SCOL_ROWS,
  SCOL_ERRORS,
  SCOL_DURATION,
  N_SCOLS
} SessionColumn;

typedef enum
{
  RCOL_TURN,
  RCOL_STEP,
  RCOL_STATUS,
  RCOL_OFFSET,
  RCOL_LATENCY,
  RCOL_STARTED,
  RCOL_COMPLETED,
  RCOL_MESSAGE,
  N_RCOLS
} RowColumn;

typedef struct
{
  IlSessionsPage *page;
  guint           column;
} SessionColumnInfo;

struct _IlSessionsPage
{
  IlDashboardPage      parent_instance;

  GtkStack           *stack;
  GtkPaned           *paned;
  gboolean            paned_moved;   /* the user dragged the divider */
  gboolean            placing_paned;
  gboolean            dragging_paned;
  GtkStack           *list_stack;
  GtkSearchEntry     *search_entry;
  GtkColumnView      *sessions_view;
  GtkLabel           *count_label;
  GtkLabel           *title_label;
  GtkLabel           *summary_label;
  GtkScrolledWindow  *timeline_scroller;
  GtkWidget          *timeline_chart;
  GtkBox             *charts_box;
  GtkWidget          *waterfall_chart;
  GtkWidget          *figures_box;
  GtkLabel           *figures[5];
  GtkBox             *overview_box;
  GtkListBox         *slowest_list;
  GtkListBox         *fastest_list;
  GtkWidget          *histogram_chart;
  GtkColumnView      *rows_view;
  GtkScrolledWindow  *rows_scroller;

  GListStore         *sessions;
  /* its items in order, not owned: walking the store took a reference and
   * a sequence step per item, most of an update's time at 15,000 sessions */
  GPtrArray          *session_items;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  IlRowListModel     *rows_model;
  GListStore         *rows_items;    /* the table's, following rows_model */
  gboolean            rows_emptied;  /* the model is emptied, not refilled */
  GtkNoSelection     *rows_selection;

  SessionColumnInfo          session_columns[N_SCOLS];
  SessionColumnInfo          row_columns[N_RCOLS];

  IlRowStore         *store;
  const IlAggregates *agg;
  char               *search;        /* lower case, or NULL */
  gboolean            setting_search;
  guint32             selected;      /* session index, or G_MAXUINT32 */
  IlSessionDetail    *detail;
  IlSessionChartData  chart_data;
  guint               zoom;          /* timeline width = zoom x the visible width */
  gboolean            replacing;     /* a new snapshot's items go in */
  gboolean            keep_view;     /* the same session again: keep zoom and scroll */
  double              rows_restore;  /* the rows table's scroll to take back, or -1 */
  guint               rows_restore_id;
  gint64              rows_restore_until; /* monotonic; kept against the list's relayouts till then */
  guint               pending_scroll; /* list position to bring into view */
  guint               scroll_tick;   /* tick callback waiting to scroll, or 0 */

  /* rows on demand, when the database computed the figures */
  gboolean            remote;        /* the snapshot has no rows */
  GCancellable       *fetch_cancellable;
  IlRowStore         *fetched;       /* the shown session's rows, or NULL */
  char               *fetch_error;
  IlUuid              shown_id;      /* of the detail */

  /* a search in the database, when the summary lists only some sessions */
  guint               search_timeout; /* debounce, or 0 */
  GCancellable       *search_cancellable;
  gboolean            found_shown;   /* the list holds found sessions */
  guint               n_found;
  gboolean            found_more;    /* more sessions match than are shown */
  char               *search_error;  /* why the latest search failed, or NULL */
};

/* il-sessions-page.c */
void       _il_sessions_page_show_detail            (IlSessionsPage *self,
                                                     const IlUuid   *session_id,
                                                     guint           n_turns,
                                                     IlRowStore     *store);

/* Shows what the list's selection says (after changes made while replacing). */
void       _il_sessions_page_reselect               (IlSessionsPage *self);

/* il-sessions-page-remote.c */
void       _il_sessions_page_fetch                  (IlSessionsPage *self,
                                                     const IlUuid   *session_id);
void       _il_sessions_page_cancel_fetch           (IlSessionsPage *self);
GtkWidget *_il_sessions_page_new_cell_label         (float           xalign);
/* il-sessions-page.c: a cell of the session list or the rows table (an IlTextCell) */
GtkWidget *_il_sessions_page_new_cell               (float           xalign);
int        _il_sessions_page_get_table_width        (void);

/* il-sessions-page-remote.c: the search asked of the database (debounced,
 * a newer search cancels an older one); an empty search takes the summary's
 * list back */
void       _il_sessions_page_remote_search          (IlSessionsPage *self);
void       _il_sessions_page_remote_cancel_search   (IlSessionsPage *self);
/* The count label's text while a search of the database is on, else NULL. */
char      *_il_sessions_page_remote_count_text      (IlSessionsPage *self);
/* TRUE while a search waits or runs (for tests). */
gboolean   _il_sessions_page_is_searching           (IlSessionsPage *self);
void       _il_sessions_page_show_found             (IlSessionsPage *self,
                                                     IlSessionsPageItem *item);

/* il-sessions-page-list.c */
GListStore *_il_sessions_page_new_sessions_store    (IlSessionsPage *self);
void       _il_sessions_page_replace_items          (IlSessionsPage *self);
guint      _il_sessions_page_find_listed            (IlSessionsPage *self,
                                                     const IlUuid   *id);
gboolean   _il_sessions_page_session_matches        (gpointer        item,
                                                     gpointer        user_data);
void       _il_sessions_page_update_count           (IlSessionsPage *self);
void       _il_sessions_page_on_search_changed      (IlSessionsPage *self);
void       _il_sessions_page_update_overview        (IlSessionsPage *self);
void       _il_sessions_page_on_ranked_row_activated (GtkListBox    *list,
                                                      GtkListBoxRow *row,
                                                      IlSessionsPage *self);

/* il-sessions-page-rows.c: the table's items (they follow rows_model), its
 * rows (none when @store is NULL) and its columns */
GListStore *_il_sessions_page_new_rows_items    (IlSessionsPage *self);
void       _il_sessions_page_set_table_rows     (IlSessionsPage *self,
                                                 IlRowStore     *store,
                                                 const guint32  *rows,
                                                 guint           n_rows);
void       _il_sessions_page_add_row_columns    (IlSessionsPage *self);

/* il-sessions-page-layout.c */
void       _il_sessions_page_on_paned_position      (IlSessionsPage *self);
void       _il_sessions_page_on_paned_drag_begin    (IlSessionsPage *self);
void       _il_sessions_page_on_paned_drag_end      (IlSessionsPage *self);

/* The selected session's rows and detail (for tests); NULL when none. */
const IlSessionDetail *_il_sessions_page_get_detail     (IlSessionsPage *self);
IlRowListModel        *_il_sessions_page_get_rows_model (IlSessionsPage *self);
/* The timeline's zoom: 1 when fitted (for tests). */
guint                  _il_sessions_page_get_zoom       (IlSessionsPage *self);

G_END_DECLS
