/* il-metric-tile.h: one key figure (title, big value, optional caption)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IL_TYPE_METRIC_TILE (il_metric_tile_get_type ())
G_DECLARE_FINAL_TYPE (IlMetricTile, il_metric_tile, IL, METRIC_TILE, GtkWidget)

GtkWidget  *il_metric_tile_new         (const char   *title);
/* NULL shows "—" (no data yet). */
void        il_metric_tile_set_value   (IlMetricTile *self,
                                        const char   *value);
const char *il_metric_tile_get_value   (IlMetricTile *self);
/* NULL empties the caption; its line stays, so the tile keeps its height. */
void        il_metric_tile_set_caption (IlMetricTile *self,
                                        const char   *caption);

/* How the figure compares with the previous period, e.g. "▲ 12 % vs previous
 * 7 days", on the caption's line; @short_change ("▲ 12 %") is shown when the
 * tile is too narrow for @change. @worse and @better pick the colour
 * (neither: neutral); NULL hides it. */
void        il_metric_tile_set_change  (IlMetricTile *self,
                                        const char   *change,
                                        const char   *short_change,
                                        gboolean      better,
                                        gboolean      worse);
/* The long form, NULL when hidden. */
const char *il_metric_tile_get_change  (IlMetricTile *self);
/* TRUE when the tile shows the short form for lack of width. */
gboolean    il_metric_tile_get_change_is_short (IlMetricTile *self);
/* A breached target: an icon, the error colour and @description (what
 * broke) as tooltip and accessible description; NULL clears it. */
void        il_metric_tile_set_breached (IlMetricTile *self,
                                         const char   *description);
gboolean    il_metric_tile_get_breached (IlMetricTile *self);

G_END_DECLS
