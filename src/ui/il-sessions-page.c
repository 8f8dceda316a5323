/* il-sessions-page.c: the Session Deep Dive page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "il-aggregate-charts.h"
#include "il-cell-tooltip.h"
#include "il-chart-widget.h"
#include "il-compact-bin.h"
#include "il-format.h"
#include "il-frame-budget.h"
#include "il-list-slices.h"
#include "il-list-update.h"
#include "il-scroll-content.h"
#include "il-sessions-page-private.h"
#include "il-staged-reveal.h"
#include "il-text-cell.h"
#include "il-timeline-chart.h"
#include "il-scroll-passthrough.h"
#include "il-wrap-box.h"

G_DEFINE_FINAL_TYPE (IlSessionsPageItem, il_sessions_page_item, G_TYPE_OBJECT)

static void
il_sessions_page_item_class_init (IlSessionsPageItemClass *klass)
{
}

static void
il_sessions_page_item_init (IlSessionsPageItem *self)
{
}

G_DEFINE_FINAL_TYPE (IlSessionsPage, il_sessions_page, IL_TYPE_DASHBOARD_PAGE)

static const struct
{
  const char *title;
  int         width;
  float       xalign;
} session_specs[N_SCOLS] = {
  [SCOL_ID] = { N_("Session"), 100, 0 },
  [SCOL_FIRST] = { N_("First Start"), 160, 0 },
  [SCOL_TURNS] = { N_("Turns"), 60, 1 },
  [SCOL_ROWS] = { N_("Rows"), 60, 1 },
  [SCOL_ERRORS] = { N_("Errors"), 60, 1 },
  [SCOL_DURATION] = { N_("Duration"), 90, 1 },
};

/* The session list's columns side by side: the width that shows them all. */
int
_il_sessions_page_get_table_width (void)
{
  int width = 0;

  for (guint c = 0; c < N_SCOLS; c++)
    width += session_specs[c].width;
  return width;
}

/* A cell of the two tables: they bind and lay out hundreds of them. */
GtkWidget *
_il_sessions_page_new_cell (float xalign)
{
  GtkWidget *cell = il_text_cell_new (xalign);

  if (xalign > 0)
    gtk_widget_add_css_class (cell, "numeric");

  return cell;
}

GtkWidget *
_il_sessions_page_new_cell_label (float xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (xalign > 0)
    gtk_widget_add_css_class (label, "numeric");

  return label;
}

/* ---- the session list -------------------------------------------------------------- */

static void
setup_session_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    SessionColumnInfo               *info)
{
  GtkWidget *label = _il_sessions_page_new_cell (session_specs[info->column].xalign);

  if (info->column == SCOL_ID)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

/* the list's announcements skip the sessions no row shows */
static void
unbind_session_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  il_list_item_mark_unbound (GTK_LIST_ITEM_FACTORY (factory), list_item);
}

static void
bind_session_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   SessionColumnInfo               *info)
{
  IlSessionsPage *self = info->page;
  IlSessionsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const IlSessionSummary *s;
  g_autofree char *text = NULL;
  char id[37];

  il_list_item_mark_bound (GTK_LIST_ITEM_FACTORY (factory), list_item);
  if (self->agg == NULL)
    return;
  /* a summary's session or one found in the database */
  s = &item->shown;

  switch ((SessionColumn) info->column)
    {
    case SCOL_ID:
      il_uuid_format (&s->id, id);
      il_cell_set_tooltip (label, id);
      text = g_strndup (id, 8);
      break;
    case SCOL_FIRST:
      text = il_format_time (s->first_start, TRUE);
      break;
    case SCOL_TURNS:
      text = il_format_count_str (s->n_turns);
      break;
    case SCOL_ROWS:
      text = il_format_count_str (s->n_rows);
      break;
    case SCOL_ERRORS:
      text = il_format_count_str (s->n_errors);
      if (s->n_errors > 0)
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
      break;
    case SCOL_DURATION:
      text = il_format_duration ((s->last_end - s->first_start) / 1000.0);
      break;
    case N_SCOLS:
    default:
      g_assert_not_reached ();
    }

  il_text_cell_set_text (IL_TEXT_CELL (label), text);
}

static void
update_timeline_size (IlSessionsPage *self)
{
  IlChartStyle style;
  int visible = gtk_widget_get_width (GTK_WIDGET (self->timeline_scroller));

  /* zoom widens the chart; the scrolled window pans it */
  gtk_widget_set_size_request (self->timeline_chart,
                               self->zoom > 1 ? MAX (visible - 16, 200) * (int) self->zoom : -1, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.zoom-in", self->detail != NULL && self->zoom < 64);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.zoom-out", self->detail != NULL && self->zoom > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.zoom-reset", self->detail != NULL && self->zoom > 1);

  style = *il_chart_widget_get_style (IL_CHART_WIDGET (self->timeline_chart));
  il_chart_widget_set_natural_height (IL_CHART_WIDGET (self->timeline_chart),
                                      il_timeline_chart_get_natural_height (&self->chart_data, &style));
}

static void
session_chart_data_clear (gpointer data)
{
  IlSessionChartData *d = data;

  il_row_store_unref (d->store);
  il_session_detail_free (d->detail);
}

static void
session_chart_data_release (gpointer data)
{
  g_rc_box_release_full (data, session_chart_data_clear);
}

/* The charts get a copy of the session they own, so they draw it in a
 * worker: a session's timeline took 2-3 ms of the frame that showed it. */
static void
update_session_charts (IlSessionsPage *self)
{
  IlSessionChartData *d;

  if (self->detail == NULL || self->chart_data.store == NULL)
    {
      il_chart_widget_set_data (IL_CHART_WIDGET (self->timeline_chart), NULL);
      il_chart_widget_set_data (IL_CHART_WIDGET (self->waterfall_chart), NULL);
      return;
    }
  d = g_rc_box_new0 (IlSessionChartData);
  d->store = il_row_store_ref (self->chart_data.store);
  d->detail = il_session_detail_copy (self->detail);
  il_chart_widget_set_data_full (IL_CHART_WIDGET (self->timeline_chart), g_rc_box_acquire (d),
                                 session_chart_data_release);
  il_chart_widget_set_data_full (IL_CHART_WIDGET (self->waterfall_chart), d, session_chart_data_release);
}

static void
update_figures (IlSessionsPage *self)
{
  const IlSessionDetail *d = self->detail;
  char *texts[G_N_ELEMENTS (self->figures)] = { NULL, };

  if (d != NULL)
    {
      texts[0] = il_format_duration (d->total_latency_ms);
      texts[1] = il_format_count_str (d->n_rows);
      texts[2] = il_format_latency_ms (d->avg_latency_ms);
      texts[3] = il_format_count_str (d->n_errors);
      texts[4] = il_format_percent_str (d->success_rate_pct);
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->figures); i++)
    {
      gtk_label_set_text (self->figures[i], texts[i] != NULL ? texts[i] : "—");
      g_free (texts[i]);
      texts[i] = NULL;
    }
  gtk_widget_set_visible (self->figures_box, d != NULL);
}

static void
show_selected (IlSessionsPage *self)
{
  IlSessionsPageItem *item = gtk_single_selection_get_selected_item (self->selection);
  const IlSessionSummary *s = NULL;
  guint32 session = G_MAXUINT32;

  if (self->replacing)
    return;
  if (item != NULL && item->found)
    {
      _il_sessions_page_show_found (self, item);
      return;
    }
  if (item != NULL && self->agg != NULL && item->index < self->agg->n_sessions)
    {
      s = &self->agg->sessions[item->index];
      session = s->session;
    }

  if (session == self->selected && (session == G_MAXUINT32 || self->detail != NULL))
    return;

  self->selected = session;
  /* each session opens fitted, not at the last one's zoom and scroll */
  if (!self->keep_view)
    {
      self->zoom = 1;
      gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->timeline_scroller), 0);
    }
  g_clear_pointer (&self->detail, il_session_detail_free);
  _il_sessions_page_cancel_fetch (self);
  if (session != G_MAXUINT32 && il_sessions_page_rows_are_remote (self))
    {
      /* the database has the rows: the detail follows when they arrive */
      _il_sessions_page_fetch (self, &s->id);
      _il_sessions_page_show_detail (self, &s->id, 0, self->store);
      return;
    }
  if (session != G_MAXUINT32)
    self->detail = il_session_detail_compute (self->store, &self->agg->filter, session);
  _il_sessions_page_show_detail (self, s != NULL ? &s->id : NULL, s != NULL ? s->n_turns : 0, self->store);
}

void
_il_sessions_page_reselect (IlSessionsPage *self)
{
  show_selected (self);
}

static gboolean restore_rows_scroll_cb (gpointer user_data);

/* GTK 4.8's list keeps its place by a row and recomputes the pixel offset
 * as it measures rows, so a restored scroll can drift after it was set:
 * it is set again until the list has settled. */
#define RESTORE_WINDOW_US (500 * G_TIME_SPAN_MILLISECOND)

/* What self->detail says about the session @id (NULL: none selected), its
 * rows in @store. */
void
_il_sessions_page_show_detail (IlSessionsPage *self,
                               const IlUuid   *session_id,
                               guint           n_turns,
                               IlRowStore     *store)
{
  /* the frame that draws a session's figures has no room for its rows */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    il_frame_budget_mark_busy (GTK_WIDGET (self));
  self->chart_data.store = store;
  self->chart_data.detail = self->detail;
  if (session_id != NULL)
    self->shown_id = *session_id;

  if (self->detail != NULL)
    {
      char id[37];
      /* each figure with its unit stays on one line when the summary wraps */
      g_autofree char *start = il_format_unbreakable (il_format_time (self->detail->start, TRUE));
      g_autofree char *duration =
        il_format_unbreakable (il_format_duration ((self->detail->end - self->detail->start) / 1000.0));
      g_autofree char *rows = il_format_unbreakable (il_format_rows (self->detail->n_rows));
      g_autofree char *turns = il_format_unbreakable (il_format_turns (n_turns));
      g_autofree char *errors = il_format_unbreakable (il_format_errors (self->detail->n_errors));
      g_autofree char *success = il_format_unbreakable (il_format_percent_str (self->detail->success_rate_pct));
      g_autofree char *summary = NULL;
      g_autofree char *glued = NULL;

      il_uuid_format (session_id, id);
      gtk_label_set_text (self->title_label, id);
      /* translators: a session's summary: first start, "12 rows", "3 turns",
       * "1 error", duration, success rate "97.5%" */
      summary = g_strdup_printf (_("Started %s · %s in %s · %s · %s from first start to last end · %s success"),
                                 start, rows, turns, errors, duration, success);
      glued = il_format_keep_part_ends (summary);
      gtk_label_set_text (self->summary_label, glued);
      GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->rows_view));
      /* A restore still pending keeps its value: the list may have clamped
       * the adjustment while its new rows were not placed yet. */
      double scroll = self->keep_view && self->rows_restore > 0
                      && g_get_monotonic_time () <= self->rows_restore_until ? self->rows_restore
                      : vadj != NULL ? gtk_adjustment_get_value (vadj) : 0;

      update_figures (self);
      _il_sessions_page_set_table_rows (self, store, self->detail->rows, self->detail->n_rows);
      /* The same session with new data keeps its place in the rows table; the
       * list sizes itself at the next layout, so scroll back then. */
      self->rows_restore = self->keep_view && scroll > 0 ? scroll : -1;
      self->rows_restore_until = g_get_monotonic_time () + RESTORE_WINDOW_US;
      /* as many rows as before: no "changed" comes, so after this frame */
      if (self->rows_restore > 0 && self->rows_restore_id == 0)
        self->rows_restore_id = g_idle_add (restore_rows_scroll_cb, self);
    }
  else
    {
      gtk_label_set_text (self->title_label, session_id != NULL && self->fetch_cancellable != NULL
                                             ? _("Loading the session’s rows…") : _("No session selected"));
      gtk_label_set_text (self->summary_label, self->fetch_error != NULL ? self->fetch_error : "");
      update_figures (self);
      _il_sessions_page_set_table_rows (self, NULL, NULL, 0);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sessions.copy-id", self->detail != NULL);
  update_timeline_size (self);
  update_session_charts (self);
}

static void
zoom (GtkWidget  *widget,
      const char *action_name,
      GVariant   *param)
{
  IlSessionsPage *self = IL_SESSIONS_PAGE (widget);

  if (g_str_equal (action_name, "sessions.zoom-in"))
    self->zoom = MIN (self->zoom * 2, 64);
  else if (g_str_equal (action_name, "sessions.zoom-out"))
    self->zoom = MAX (self->zoom / 2, 1);
  else
    self->zoom = 1;
  update_timeline_size (self);
}

static void
copy_id (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  IlSessionsPage *self = IL_SESSIONS_PAGE (widget);
  char id[37];

  if (self->detail == NULL)
    return;

  il_uuid_format (&self->shown_id, id);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), id);
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): ask the inner list view. A list
 * view told to scroll before it has its size keeps an anchor it cannot lay out
 * from (one stray row over a blank area until the user scrolls), so the scroll
 * waits for a frame in which the list is on screen with its size. */
static gboolean
scroll_when_laid_out (GtkWidget     *view,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  IlSessionsPage *self = user_data;

  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        if (!gtk_widget_get_mapped (child) || gtk_widget_get_height (child) <= 0)
          return G_SOURCE_CONTINUE;
        if (self->pending_scroll < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
          gtk_widget_activate_action (child, "list.scroll-to-item", "u", self->pending_scroll);
        break;
      }

  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
scroll_to (IlSessionsPage *self,
           guint           position)
{
  self->pending_scroll = position;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->sessions_view), scroll_when_laid_out,
                                                      self, NULL);
}

void
il_sessions_page_select_session (IlSessionsPage *self,
                                 guint32         session)
{
  g_return_if_fail (IL_IS_SESSIONS_PAGE (self));

  if (self->agg == NULL)
    return;

  if (self->search != NULL)
    il_sessions_page_set_search (self, NULL);
  il_list_store_flush (self->sessions);

  for (guint i = 0; i < self->agg->n_sessions; i++)
    if (self->agg->sessions[i].session == session)
      {
        /* with no search the list position is the summary index */
        gtk_single_selection_set_selected (self->selection, i);
        scroll_to (self, i);
        show_selected (self);
        return;
      }
}

guint32
il_sessions_page_get_selected_session (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), G_MAXUINT32);

  return self->selected;
}

const IlSessionDetail *
_il_sessions_page_get_detail (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), NULL);

  return self->detail;
}

guint
_il_sessions_page_get_zoom (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), 1);

  return self->zoom;
}

IlRowListModel *
_il_sessions_page_get_rows_model (IlSessionsPage *self)
{
  g_return_val_if_fail (IL_IS_SESSIONS_PAGE (self), NULL);

  return self->rows_model;
}

static void
set_data (IlSessionsPage     *self,
          IlRowStore         *store,
          const IlAggregates *agg)
{
  gboolean had_selection;
  gboolean keep_found;
  IlUuid previous;
  guint n;

  g_return_if_fail (IL_IS_SESSIONS_PAGE (self));

  /* The session shown stays shown across a refresh, by its id: its index
   * into the new store may differ. */
  had_selection = self->store != NULL && self->selected != G_MAXUINT32;
  if (had_selection)
    previous = self->store->session_ids[self->selected];

  /* the old detail points into the old store */
  g_clear_pointer (&self->detail, il_session_detail_free);
  _il_sessions_page_cancel_fetch (self);
  _il_sessions_page_remote_cancel_search (self);
  self->selected = G_MAXUINT32;
  self->chart_data.store = NULL;
  self->chart_data.detail = NULL;

  /* the items still to be made were the old sessions' */
  il_list_store_cancel (self->sessions);
  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->agg = store != NULL ? agg : NULL;

  /* sessions found in the database stay listed until it is searched again */
  keep_found = self->remote && self->search != NULL && self->found_shown && agg != NULL;
  self->replacing = TRUE;
  if (!keep_found)
    {
      _il_sessions_page_replace_items (self);
      self->found_shown = FALSE;
    }
  if (had_selection)
    {
      guint position = _il_sessions_page_find_listed (self, &previous);

      if (position != GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (self->selection, position);
      else
        had_selection = FALSE;
    }
  self->replacing = FALSE;

  n = self->agg != NULL ? self->agg->n_sessions : 0;
  /* No snapshot yet means the rows are on their way, not that there are none. */
  il_staged_reveal_stack_child (self->stack, n > 0 ? "sessions" : self->agg == NULL ? "loading" : "empty");
  _il_sessions_page_update_count (self);
  _il_sessions_page_update_overview (self);

  self->keep_view = had_selection || keep_found;
  show_selected (self);
  self->keep_view = FALSE;
  /* the table kept the old rows till now so they could take the new ones */
  if (self->detail == NULL && self->fetch_cancellable == NULL)
    _il_sessions_page_set_table_rows (self, NULL, NULL, 0);
  /* the range may have changed: the database is searched again */
  if (self->remote && self->search != NULL)
    {
      _il_sessions_page_remote_search (self);
      _il_sessions_page_update_count (self);
    }
}

static gboolean
restore_rows_scroll_cb (gpointer user_data)
{
  IlSessionsPage *self = IL_SESSIONS_PAGE (user_data);
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->rows_view));
  double value = self->rows_restore;

  self->rows_restore_id = 0;
  /* not laid out yet: the adjustment's next "changed" tries again */
  if (value < 0 || vadj == NULL || gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) < value)
    return G_SOURCE_REMOVE;
  gtk_adjustment_set_value (vadj, value);
  return G_SOURCE_REMOVE;
}

/* Not from inside the list's size allocation, which this is part of: after it. */
static void
on_rows_vadjustment_changed (GtkAdjustment  *vadj,
                             IlSessionsPage *self)
{
  double value = self->rows_restore;

  if (value >= 0 && g_get_monotonic_time () > self->rows_restore_until)
    self->rows_restore = value = -1;
  if (value < 0 || self->rows_restore_id != 0 || gtk_adjustment_get_value (vadj) == value
      || gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) < value)
    return;
  self->rows_restore_id = g_idle_add (restore_rows_scroll_cb, self);
}

GtkWidget *
il_sessions_page_new (void)
{
  return g_object_new (IL_TYPE_SESSIONS_PAGE, NULL);
}

static void
add_columns (IlSessionsPage *self)
{
  for (guint c = 0; c < N_SCOLS; c++)
    {
      SessionColumnInfo *info = &self->session_columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      info->page = self;
      info->column = c;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_session_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_session_cell), info);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_session_cell), NULL);
      column = gtk_column_view_column_new (_(session_specs[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, session_specs[c].width);
      gtk_column_view_append_column (self->sessions_view, column);
    }

  _il_sessions_page_add_row_columns (self);
}

static void
il_sessions_page_dispose (GObject *object)
{
  IlSessionsPage *self = IL_SESSIONS_PAGE (object);

  /* the items still to be made read this page's sessions */
  if (self->sessions != NULL)
    il_list_store_cancel (self->sessions);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->sessions_view), self->scroll_tick);
  self->scroll_tick = 0;
  g_clear_handle_id (&self->rows_restore_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_SESSIONS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows_selection);
  g_clear_object (&self->rows_items);
  g_clear_object (&self->rows_model);
  g_clear_object (&self->filtered);
  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->session_items, g_ptr_array_unref);
  _il_sessions_page_cancel_fetch (self);
  _il_sessions_page_remote_cancel_search (self);
  g_clear_pointer (&self->detail, il_session_detail_free);
  g_clear_pointer (&self->store, il_row_store_unref);
  g_clear_pointer (&self->search, g_free);
  self->agg = NULL;

  G_OBJECT_CLASS (il_sessions_page_parent_class)->dispose (object);
}

static void
il_sessions_page_snapshot_changed (IlDashboardPage *page,
                                   IlSnapshot      *snapshot)
{
  IL_SESSIONS_PAGE (page)->remote = snapshot != NULL && il_snapshot_is_summary (snapshot);
  set_data (IL_SESSIONS_PAGE (page),
            snapshot != NULL ? il_snapshot_get_store (snapshot) : NULL,
            snapshot != NULL ? il_snapshot_get_aggregates (snapshot) : NULL);
}

static void
il_sessions_page_class_init (IlSessionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_sessions_page_dispose;
  IL_DASHBOARD_PAGE_CLASS (klass)->snapshot_changed = il_sessions_page_snapshot_changed;
  gtk_widget_class_set_layout_manager_type (widget_class, IL_TYPE_SESSIONS_LAYOUT);
  /* Filling takes 0.2-0.6 s at 1M rows on the main thread: only when shown. */
  IL_DASHBOARD_PAGE_CLASS (klass)->lazy = TRUE;

  g_type_ensure (IL_TYPE_COMPACT_BIN);
  g_type_ensure (IL_TYPE_SCROLL_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-sessions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, paned);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, sessions_view);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, charts_box);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, overview_box);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, rows_view);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, rows_scroller);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, timeline_chart);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, waterfall_chart);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, histogram_chart);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, slowest_list);
  gtk_widget_class_bind_template_child (widget_class, IlSessionsPage, fastest_list);
  gtk_widget_class_bind_template_child_full (widget_class, "figure0", FALSE,
                                             G_STRUCT_OFFSET (IlSessionsPage, figures[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "figure1", FALSE,
                                             G_STRUCT_OFFSET (IlSessionsPage, figures[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "figure2", FALSE,
                                             G_STRUCT_OFFSET (IlSessionsPage, figures[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "figure3", FALSE,
                                             G_STRUCT_OFFSET (IlSessionsPage, figures[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "figure4", FALSE,
                                             G_STRUCT_OFFSET (IlSessionsPage, figures[4]));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_ranked_row_activated",
                                                G_CALLBACK (_il_sessions_page_on_ranked_row_activated));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_search_changed",
                                                G_CALLBACK (_il_sessions_page_on_search_changed));

  gtk_widget_class_install_action (widget_class, "sessions.copy-id", NULL, copy_id);
  gtk_widget_class_install_action (widget_class, "sessions.zoom-in", NULL, zoom);
  gtk_widget_class_install_action (widget_class, "sessions.zoom-out", NULL, zoom);
  gtk_widget_class_install_action (widget_class, "sessions.zoom-reset", NULL, zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "sessions.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "sessions.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "sessions.zoom-reset", NULL);

}

static void
il_sessions_page_init (IlSessionsPage *self)
{
  g_type_ensure (IL_TYPE_CHART_WIDGET);
  g_type_ensure (IL_TYPE_WRAP_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));
  il_scroll_passthrough_attach (self->rows_scroller);
  g_signal_connect_object (self->paned, "notify::position", G_CALLBACK (_il_sessions_page_on_paned_position),
                           self, G_CONNECT_SWAPPED);
  {
    /* only a drag by the user fixes the divider; GtkPaned moves it too */
    GtkGesture *drag = gtk_gesture_drag_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
    g_signal_connect_object (drag, "drag-begin", G_CALLBACK (_il_sessions_page_on_paned_drag_begin), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (drag, "drag-end", G_CALLBACK (_il_sessions_page_on_paned_drag_end), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->paned), GTK_EVENT_CONTROLLER (drag));
  }
  /* the timeline pans sideways only: its wheel scrolls the session column */
  il_scroll_passthrough_attach (self->timeline_scroller);

  self->selected = G_MAXUINT32;
  self->zoom = 1;
  self->sessions = _il_sessions_page_new_sessions_store (self);
  il_list_store_track_rows (self->sessions);
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sessions)),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (show_selected),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->sessions_view, GTK_SELECTION_MODEL (self->selection));

  self->rows_model = il_row_list_model_new ();
  self->rows_items = _il_sessions_page_new_rows_items (self);
  self->rows_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows_items)));
  gtk_column_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->rows_selection));
  self->rows_restore = -1;
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->rows_view)), "changed",
                           G_CALLBACK (on_rows_vadjustment_changed), self, 0);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->rows_view)), "value-changed",
                           G_CALLBACK (on_rows_vadjustment_changed), self, 0);

  add_columns (self);


  gtk_stack_set_visible_child_name (self->stack, "loading");
  show_selected (self);
}
