/* test-spinner.c: the "Loading…" spinner turns without laying the window
 * out, and only while it is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-spinner.h"
#include "widget-test-util.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 200, 150);
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (f->box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (f->box), gtk_label_new ("Loading…"));
  gtk_window_set_child (GTK_WINDOW (f->window), f->box);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* Layouts and paints of the window in @n frames' time. */
static void
count_frames (Fixture *f,
              guint    n,
              guint   *layouts,
              guint   *paints)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->window);

  *layouts = *paints = 0;
  g_signal_connect (clock, "layout", G_CALLBACK (count_frame_phase), layouts);
  g_signal_connect (clock, "paint", G_CALLBACK (count_frame_phase), paints);
  run_frames (n);
  g_signal_handlers_disconnect_by_func (clock, count_frame_phase, layouts);
  g_signal_handlers_disconnect_by_func (clock, count_frame_phase, paints);
}

/* What IlSpinner avoids: the theme turns a GtkSpinner by animating its CSS
 * transform, and each step lays the window out. */
static void
test_gtk_spinner_lays_out (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *spinner = gtk_spinner_new ();
  guint layouts, paints;

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_box_prepend (GTK_BOX (f->box), spinner);
  gtk_window_present (GTK_WINDOW (f->window));
  run_frames (5);
  count_frames (f, 10, &layouts, &paints);
  g_assert_cmpuint (paints, >=, 3);
  g_assert_cmpuint (layouts, >=, 3);
}

static void
test_turns_without_layout (Fixture       *f,
                           gconstpointer  data)
{
  IlSpinner *spinner = IL_SPINNER (il_spinner_new ());
  guint layouts, paints;
  double angle;

  gtk_widget_set_size_request (GTK_WIDGET (spinner), 32, 32);
  il_spinner_set_spinning (spinner, TRUE);
  gtk_box_prepend (GTK_BOX (f->box), GTK_WIDGET (spinner));
  gtk_window_present (GTK_WINDOW (f->window));
  run_frames (5);
  g_assert_true (il_spinner_is_turning (spinner));
  angle = il_spinner_get_angle (spinner);
  count_frames (f, 10, &layouts, &paints);
  g_assert_cmpuint (paints, >=, 3);
  g_assert_cmpuint (layouts, ==, 0);
  g_assert_cmpfloat (il_spinner_get_angle (spinner), !=, angle);
  g_assert_cmpfloat (il_spinner_get_angle (spinner), >=, 0);
  g_assert_cmpfloat (il_spinner_get_angle (spinner), <, 360);
}

/* Hidden, or no longer spinning: no frames at all. */
static void
test_still_off_screen (Fixture       *f,
                       gconstpointer  data)
{
  IlSpinner *spinner = IL_SPINNER (il_spinner_new ());

  il_spinner_set_spinning (spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (spinner), FALSE);
  gtk_box_prepend (GTK_BOX (f->box), GTK_WIDGET (spinner));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_false (il_spinner_is_turning (spinner));
  g_assert_true (frames_stop (f->window, 10));

  gtk_widget_set_visible (GTK_WIDGET (spinner), TRUE);
  g_assert_true (il_spinner_is_turning (spinner));
  g_assert_false (frames_stop (f->window, 1));

  il_spinner_set_spinning (spinner, FALSE);
  g_assert_false (il_spinner_is_turning (spinner));
  g_assert_true (il_spinner_get_spinning (IL_SPINNER (spinner)) == FALSE);
  g_assert_true (frames_stop (f->window, 10));
}

/* "Reduce Animation": it shows, and holds still, also when switched while
 * it turns. */
static void
test_no_animations (Fixture       *f,
                    gconstpointer  data)
{
  IlSpinner *spinner = IL_SPINNER (il_spinner_new ());
  GtkSettings *settings = gtk_widget_get_settings (f->window);

  il_spinner_set_spinning (spinner, TRUE);
  gtk_box_prepend (GTK_BOX (f->box), GTK_WIDGET (spinner));
  gtk_window_present (GTK_WINDOW (f->window));
  run_frames (2);
  g_assert_true (il_spinner_is_turning (spinner));

  g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  g_assert_false (il_spinner_is_turning (spinner));
  g_assert_true (frames_stop (f->window, 10));

  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  g_assert_true (il_spinner_is_turning (spinner));
}

/* It draws the icon while spinning (GtkSpinner shows nothing otherwise). */
static void
test_draws_while_spinning (Fixture       *f,
                           gconstpointer  data)
{
  IlSpinner *spinner = IL_SPINNER (il_spinner_new ());
  g_autoptr(GtkSnapshot) drawn = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  gtk_widget_set_size_request (GTK_WIDGET (spinner), 32, 32);
  gtk_box_prepend (GTK_BOX (f->box), GTK_WIDGET (spinner));
  gtk_window_present (GTK_WINDOW (f->window));
  run_frames (3);

  drawn = gtk_snapshot_new ();
  gtk_widget_snapshot_child (f->box, GTK_WIDGET (spinner), drawn);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&drawn));
  g_assert_null (node);

  il_spinner_set_spinning (spinner, TRUE);
  run_frames (3);
  drawn = gtk_snapshot_new ();
  gtk_widget_snapshot_child (f->box, GTK_WIDGET (spinner), drawn);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&drawn));
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  /* the icon, turned about the middle of the 32 x 32 spinner */
  g_assert_cmpfloat (bounds.size.width, >, 16);
  g_assert_cmpfloat (bounds.size.height, >, 16);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/spinner/gtk-spinner-lays-out", Fixture, NULL, fixture_set_up, test_gtk_spinner_lays_out,
              fixture_tear_down);
  g_test_add ("/spinner/turns-without-layout", Fixture, NULL, fixture_set_up, test_turns_without_layout,
              fixture_tear_down);
  g_test_add ("/spinner/still-off-screen", Fixture, NULL, fixture_set_up, test_still_off_screen, fixture_tear_down);
  g_test_add ("/spinner/no-animations", Fixture, NULL, fixture_set_up, test_no_animations, fixture_tear_down);
  g_test_add ("/spinner/draws-while-spinning", Fixture, NULL, fixture_set_up, test_draws_while_spinning,
              fixture_tear_down);
  return g_test_run ();
}
