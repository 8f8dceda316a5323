/* il-chart-widget.h: a GtkWidget that shows one IlChartClass renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget only wraps a renderer: it draws it at its allocated size with
 * the light or dark IlChartStyle (following AdwStyleManager live), in a
 * worker thread when it can keep the data alive (a snapshot's aggregates, or
 * data given with il_chart_widget_set_data_full) and the previous render
 * stays shown until the new one lands. It shows the renderer's query text
 * as a tooltip, and offers "Export Chart…" (a button
 * at the end of the chart's title row, see the "header" property, or over
 * the top-right corner on hover without one; and a right-click menu) that saves
 * PNG/SVG/PDF at the widget's current size and announces the result with a
 * toast on the nearest AdwToastOverlay ancestor.
 */
#pragma once

#include <gtk/gtk.h>

#include "il-chart.h"
#include "il-snapshot.h"

G_BEGIN_DECLS

#define IL_TYPE_CHART_WIDGET (il_chart_widget_get_type ())
G_DECLARE_FINAL_TYPE (IlChartWidget, il_chart_widget, IL, CHART_WIDGET, GtkWidget)

/* klass must stay valid for the widget's lifetime (the renderers are static). */
GtkWidget          *il_chart_widget_new            (const IlChartClass *klass);
const IlChartClass *il_chart_widget_get_chart_class (IlChartWidget     *self);
/* The "chart" property: a chart by its name (see il_chart_lookup), e.g.
 * <property name="chart">trend</property>. */
void                il_chart_widget_set_chart      (IlChartWidget      *self,
                                                    const char         *name);
void                il_chart_widget_set_chart_class (IlChartWidget     *self,
                                                     const IlChartClass *klass);
/* The "snapshot" property: draws the snapshot's aggregates and holds the
 * snapshot meanwhile (bind it to the page's "snapshot" in the .ui). */
void                il_chart_widget_set_snapshot   (IlChartWidget      *self,
                                                    IlSnapshot         *snapshot);
IlSnapshot         *il_chart_widget_get_snapshot   (IlChartWidget      *self);
/* Borrowed: the caller keeps data alive until the next set_data (or until
 * the widget is destroyed). NULL draws the renderer's empty state. */
void                il_chart_widget_set_data       (IlChartWidget      *self,
                                                    gconstpointer       data);
/* Owned: the widget frees data with destroy (on the main thread) once
 * neither it nor a render needs it; the caller never changes it afterwards,
 * so a worker thread may draw it. */
void                il_chart_widget_set_data_full  (IlChartWidget      *self,
                                                    gpointer            data,
                                                    GDestroyNotify      destroy);
gconstpointer       il_chart_widget_get_data       (IlChartWidget      *self);
/* Minimum height the widget asks for (default 320 px). */
void                il_chart_widget_set_natural_height (IlChartWidget  *self,
                                                        int             height);
int                 il_chart_widget_get_natural_height (IlChartWidget  *self);
/* The style currently used to draw (light or dark). */
const IlChartStyle *il_chart_widget_get_style      (IlChartWidget      *self);
/* Renders the current data at the widget's current size (a fallback size
 * of 800 x natural-height when it is not allocated yet) into path. */
gboolean            il_chart_widget_export_to_file (IlChartWidget      *self,
                                                    const char         *path,
                                                    IlChartFormat       format,
                                                    GError            **error);
/* Opens the save dialog, as the Export Chart… menu item does. */
void                il_chart_widget_export         (IlChartWidget      *self);
/* The "header" property: the title row that holds the export button. */
void                il_chart_widget_set_header     (IlChartWidget      *self,
                                                    GtkBox             *header);

G_END_DECLS

G_BEGIN_DECLS
/* A titled card (style class "card") around a chart, with an optional extra
 * widget (e.g. a drop-down) at the end of the title row. Used by the pages. */
GtkWidget          *il_chart_card_new              (const char         *title,
                                                    GtkWidget          *chart,
                                                    GtkWidget          *extra);
G_END_DECLS
