/* test-cell-tooltip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "il-cell-tooltip.h"
#include "il-status-badge.h"
#include "widget-test-util.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static guint *
count_notifies (gpointer    object,
                const char *property)
{
  guint *count = g_new0 (guint, 1);
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  g_object_set_data_full (G_OBJECT (object), property, count, g_free);
  g_signal_connect (object, signal, G_CALLBACK (count_notify), count);
  return count;
}

static void
assert_description (GtkWidget  *widget,
                    const char *text)
{
  g_autofree char *wrong = NULL;

  if (text == NULL)
    {
      g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
      return;
    }
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
  g_assert_null (wrong);
}

/* gtk_widget_set_tooltip_text() runs GTK's tooltip logic as if the pointer
 * had moved, wherever it is (a round trip to the display server, and the
 * tooltip of the widget under a resting pointer pops up): a tooltip that
 * changes with the data never goes through it, in a shown window too. */
static void
test_widget_tooltip_on_query (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_button_new_with_label ("Refresh");
  guint *notifies = count_notifies (button, "tooltip-text");
  const char *stored;

  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));
  run_frames (2);

  il_widget_set_tooltip_text (button, "Cancel");
  g_assert_cmpstr (il_cell_get_tooltip (button), ==, "Cancel");
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
  assert_description (button, "Cancel");

  /* the same text again is not even stored again */
  stored = il_cell_get_tooltip (button);
  il_widget_set_tooltip_text (button, "Cancel");
  g_assert_true (il_cell_get_tooltip (button) == stored);

  il_widget_set_tooltip_text (button, "Refresh");
  g_assert_cmpstr (il_cell_get_tooltip (button), ==, "Refresh");
  assert_description (button, "Refresh");
  il_widget_set_tooltip_text (button, NULL);
  g_assert_null (il_cell_get_tooltip (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));
  assert_description (button, NULL);
  /* an empty text is no tooltip, as GTK has it */
  il_widget_set_tooltip_text (button, "");
  g_assert_null (il_cell_get_tooltip (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));

  g_assert_cmpuint (*notifies, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A tooltip the .ui file gave goes at the first change: else GTK would
 * show and describe it as well. */
static void
test_widget_tooltip_replaces_gtk_one (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_button_new ();

  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_set_tooltip_text (button, "From the template");
  il_widget_set_tooltip_text (button, "Cancel");
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_cmpstr (il_cell_get_tooltip (button), ==, "Cancel");
  g_assert_true (gtk_widget_get_has_tooltip (button));
  assert_description (button, "Cancel");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Each load sets the badge's state again: the same state leaves its icon
 * and tooltip alone. */
static void
test_status_badge_same_state (void)
{
  GtkWidget *badge = g_object_ref_sink (il_status_badge_new ());
  GtkWidget *box = gtk_widget_get_first_child (badge);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  const char *tooltip;
  guint *icons;

  g_assert_true (GTK_IS_IMAGE (icon));
  il_status_badge_set_demo (IL_STATUS_BADGE (badge), 200000);
  tooltip = il_cell_get_tooltip (box);
  icons = count_notifies (icon, "icon-name");

  il_status_badge_set_demo (IL_STATUS_BADGE (badge), 200000);
  g_assert_true (il_cell_get_tooltip (box) == tooltip);
  g_assert_cmpuint (*icons, ==, 0);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "applications-science-symbolic");

  /* a new text, the same icon */
  il_status_badge_set_demo (IL_STATUS_BADGE (badge), 200001);
  g_assert_cmpstr (il_cell_get_tooltip (box), ==, "Demo data · 200,001 rows");
  g_assert_cmpuint (*icons, ==, 0);

  il_status_badge_set_failed (IL_STATUS_BADGE (badge), "Boom");
  g_assert_cmpstr (il_cell_get_tooltip (box), !=, "Demo data · 200,001 rows");
  g_assert_cmpuint (*icons, ==, 1);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dialog-warning-symbolic");
  g_assert_cmpuint (il_status_badge_get_status (IL_STATUS_BADGE (badge)), ==, IL_STATUS_FAILED);
  g_assert_true (gtk_widget_has_css_class (box, "il-status-failed"));
  g_assert_false (gtk_widget_has_css_class (box, "il-status-demo"));
  g_object_unref (badge);
}

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

/* The bar that pulses while rows of unknown number come in stops with
 * them: GTK animates a pulsed bar in every frame, hidden or not, so the
 * window kept drawing after a failed or finished load. */
static void
test_status_badge_pulse_stops (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *badge = il_status_badge_new ();

  gtk_window_set_child (GTK_WINDOW (window), badge);
  gtk_window_present (GTK_WINDOW (window));
  il_status_badge_set_demo (IL_STATUS_BADGE (badge), 10);
  g_assert_true (frames_stop (window, 5));

  for (guint i = 0; i < 2; i++)
    {
      il_status_badge_set_connecting (IL_STATUS_BADGE (badge), 0, -1);
      run_frames (25); /* a few pulses */
      if (i == 0)
        il_status_badge_set_failed (IL_STATUS_BADGE (badge), "Connection refused");
      else
        il_status_badge_set_connected (IL_STATUS_BADGE (badge), 10, g_get_real_time ());
      g_assert_true (frames_stop (window, 5));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* accessible properties are read back: GTK's in-process test context, not none */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cell-tooltip/lazy", test_cell_tooltip);
  g_test_add_func ("/cell-tooltip/widget-on-query", test_widget_tooltip_on_query);
  g_test_add_func ("/cell-tooltip/widget-replaces-gtk-one", test_widget_tooltip_replaces_gtk_one);
  g_test_add_func ("/cell-tooltip/status-badge-same-state", test_status_badge_same_state);
  g_test_add_func ("/cell-tooltip/status-badge-pulse-stops", test_status_badge_pulse_stops);

  return g_test_run ();
}
