/* test-cell-tooltip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "il-cell-tooltip.h"

static void
test_cell_tooltip (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("llm_total"));
  GtkTooltip *tooltip;
  gboolean shown = FALSE;

  g_assert_false (gtk_widget_get_has_tooltip (label));
  g_assert_null (il_cell_get_tooltip (label));

  il_cell_set_tooltip (label, "line one\nline two");
  g_assert_true (gtk_widget_get_has_tooltip (label));
  g_assert_cmpstr (il_cell_get_tooltip (label), ==, "line one\nline two");
  /* Nothing set the widget's own tooltip: it is handed out on query only. */
  g_assert_null (gtk_widget_get_tooltip_text (label));

  /* Rebinding replaces the text; with none, a query shows nothing (a
   * GtkTooltip cannot be made outside GTK, so the query gets NULL). */
  tooltip = NULL;
  il_cell_set_tooltip (label, "second");
  g_assert_cmpstr (il_cell_get_tooltip (label), ==, "second");
  il_cell_set_tooltip (label, NULL);
  g_assert_null (il_cell_get_tooltip (label));
  g_signal_emit_by_name (label, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_false (shown);

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cell-tooltip/lazy", test_cell_tooltip);

  return g_test_run ();
}
