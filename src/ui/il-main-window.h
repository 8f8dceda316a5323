/* il-main-window.h: the dashboard window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "il-aggregates.h"
#include "il-compute-mode.h"
#include "il-config.h"
#include "il-dashboard.h"
#include "il-status-badge.h"

G_BEGIN_DECLS

typedef enum
{
  IL_TILE_TOTAL_RECORDS,
  IL_TILE_AVG_LATENCY,
  IL_TILE_P95_LATENCY,
  IL_TILE_SUCCESS_RATE,
  IL_TILE_UNIQUE_SESSIONS,
  IL_TILE_TOTAL_TIME,
  IL_N_TILES,
} IlTile;

typedef enum
{
  IL_PAGE_OVERVIEW,
  IL_PAGE_STEP_ANALYSIS,
  IL_PAGE_TRENDS,
  IL_PAGE_HEATMAP,
  IL_PAGE_SESSIONS,
  IL_PAGE_ERRORS,
  IL_PAGE_RAW,
  IL_N_PAGES,
} IlPage;

#define IL_TYPE_MAIN_WINDOW (il_main_window_get_type ())
G_DECLARE_FINAL_TYPE (IlMainWindow, il_main_window, IL, MAIN_WINDOW, AdwApplicationWindow)

IlMainWindow       *il_main_window_new            (GtkApplication *app);
/* The source: demo data when demo is TRUE or config is incomplete, else
 * Supabase. Starts loading at once. */
void                il_main_window_set_source     (IlMainWindow   *self,
                                                   const IlConfig *config,
                                                   gboolean        demo);
/* The source at start-up: like set_source, but a Supabase source is only
 * fetched when the "refresh-on-start" setting is on; otherwise the status
 * asks for a Refresh. Returns: whether loading started. */
gboolean            il_main_window_open_source    (IlMainWindow   *self,
                                                   const IlConfig *config,
                                                   gboolean        demo);
const IlConfig     *il_main_window_get_config     (IlMainWindow   *self);
/* FALSE: loads ignore the local cache this run (the command line's --no-cache). */
void                il_main_window_set_use_cache  (IlMainWindow   *self,
                                                   gboolean        use_cache);
/* Where the figures are computed this run (the command line's --server-side
 * / --client-side), until the preference changes. */
void                il_main_window_set_compute_mode_once (IlMainWindow  *self,
                                                          IlComputeMode  mode);
/* Reloads from the source (win.refresh). */
void                il_main_window_refresh        (IlMainWindow   *self);
/* The analysed range (what the spin button and "All data" do). */
void                il_main_window_set_range      (IlMainWindow   *self,
                                                   int             days,
                                                   gboolean        all_data);
/* A range for this run only (the command line's --days / --all): it is used
 * and shown, but the saved one stays until the user picks another. */
void                il_main_window_set_range_once (IlMainWindow   *self,
                                                   int             days,
                                                   gboolean        all_data);
void                il_main_window_set_page       (IlMainWindow   *self,
                                                   IlPage          page);
IlPage              il_main_window_get_page       (IlMainWindow   *self);
/* The row-level pages (sessions, errors, raw) get new data when shown or
 * asked for here, not on every recomputation. */
GtkWidget          *il_main_window_get_page_widget (IlMainWindow  *self,
                                                    IlPage         page);
/* TRUE while nothing is loading or recomputing. */
gboolean            il_main_window_is_idle        (IlMainWindow   *self);
/* What the pages show now (NULL before the first data). */
IlRowStore         *il_main_window_get_store      (IlMainWindow   *self);
const IlAggregates *il_main_window_get_aggregates (IlMainWindow   *self);
const char         *il_main_window_get_tile_value (IlMainWindow   *self,
                                                   IlTile          tile);
/* The "now" the day range counts back from (IL_DEMO_NOW for demo data). */
gint64              il_main_window_get_now        (IlMainWindow   *self);

/* The dashboard the window shows. */
IlDashboard        *il_main_window_get_dashboard  (IlMainWindow   *self);

G_END_DECLS
