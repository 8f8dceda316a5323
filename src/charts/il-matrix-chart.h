/* il-matrix-chart.h: generic heatmap (rows x columns, sequential colours)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-layout.h"

G_BEGIN_DECLS

/* Data of il_matrix_chart. */
typedef struct
{
  guint               n_rows;
  guint               n_cols;
  const char * const *row_labels;   /* n_rows */
  const char * const *col_labels;   /* n_cols, or NULL: numbers from col_first */
  gint                col_first;
  const char         *col_title;    /* tooltip prefix of a column, e.g. "Turn" */
  const double       *values;       /* n_rows x n_cols, row-major; NAN: empty cell */
  const guint32      *counts;       /* optional, "n = " in tooltips */
  IlValueFormat       format;
  gboolean            col_axis_title; /* col_title also drawn as the title of the column axis */
  gboolean            row_scale;      /* each row coloured over its own min..max, not the
                                       * whole matrix's: a slow row no longer flattens the rest */
} IlMatrixData;

extern const IlChartClass il_matrix_chart;

typedef struct
{
  double x, y;                      /* top left of the cells */
  double cell_width, cell_height;
  double vmin, vmax;                /* colour scale */
  double legend_x, legend_y, legend_height;
  guint  row_label_every, col_label_every;
  double row_label_width;
  double title_y;                   /* top of the column axis title, when drawn */
} IlMatrixLayout;

void il_matrix_chart_get_layout (const IlMatrixData *data,
                                 const IlChartStyle *style,
                                 int                 width,
                                 int                 height,
                                 IlMatrixLayout     *layout);
/* The colour of a value in that layout. */
IlColor il_matrix_chart_color   (const IlMatrixLayout *layout,
                                 double                value);

/* The colour of cell (row, col), following data->row_scale. */
IlColor il_matrix_chart_cell_color (const IlMatrixData   *data,
                                    const IlMatrixLayout *layout,
                                    guint                 row,
                                    guint                 col);

G_END_DECLS
