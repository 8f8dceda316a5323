/* test-text-cell.c: a text cell is a label's line high whatever its text,
 * asks for no width, and draws its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "widget-test-util.h"

#include "il-text-cell.h"

/* Whether @node or a node under it draws text. */
static gboolean
has_text (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      return TRUE;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (has_text (gsk_container_node_get_child (node, i)))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      return has_text (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return has_text (gsk_clip_node_get_child (node));
    default:
      return FALSE;
    }
}

static void
test_cell (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("2026-12-02 13:49:52");
  GtkWidget *cell = il_text_cell_new (1);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  int label_height, height, min, nat;

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  run_frames (3);

  /* styled as a label */
  g_assert_cmpstr (gtk_widget_get_css_name (cell), ==, "label");
  g_assert_cmpstr (il_text_cell_get_text (IL_TEXT_CELL (cell)), ==, "");
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, &label_height, NULL, NULL, NULL);
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  g_assert_cmpint (height, ==, label_height);

  il_text_cell_set_text (IL_TEXT_CELL (cell), "2026-12-02 13:49:52");
  g_assert_cmpstr (il_text_cell_get_text (IL_TEXT_CELL (cell)), ==, "2026-12-02 13:49:52");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, label_height);
  g_assert_cmpint (nat, ==, label_height);
  /* its column gives the width */
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 0);
  g_assert_cmpint (nat, ==, 0);
  /* NULL clears it */
  il_text_cell_set_text (IL_TEXT_CELL (cell), NULL);
  g_assert_cmpstr (il_text_cell_get_text (IL_TEXT_CELL (cell)), ==, "");
  il_text_cell_set_text (IL_TEXT_CELL (cell), "1,234");
  run_frames (3);

  g_assert_cmpint (gtk_widget_get_width (cell), >, 0);
  paintable = gtk_widget_paintable_new (cell);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (cell), gtk_widget_get_height (cell));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_true (has_text (node));

  gtk_window_destroy (GTK_WINDOW (window));
  run_frames (1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/text-cell/line", test_cell);

  return g_test_run ();
}
