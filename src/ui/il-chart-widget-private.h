/* il-chart-widget-private.h: what il-chart-widget.c and il-chart-widget-export.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-widget.h"

G_BEGIN_DECLS

struct _IlChartWidget
{
  GtkWidget           parent_instance;

  const IlChartClass *klass;
  gconstpointer       data;
  IlChartStyle        style;
  int                 natural_height;
  IlSnapshot         *snapshot;       /* keeps the data alive when it is a snapshot's */

  GtkWidget          *menu_button;
  GtkWidget          *context_menu;
  GtkWidget          *header;         /* weak: the title row holding the export button */
  GtkWidget          *header_button;  /* weak: the export button in it */
  GtkFileChooserNative *chooser;
};

/* Reads the widget's colours into self->style. */
void _il_chart_widget_refresh_style (IlChartWidget *self);

G_END_DECLS
