/* test-staged-reveal.c: new content appears over a few frames, top to bottom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "il-metric-tile.h"
#include "il-overview-page.h"
#include "il-staged-reveal.h"
#include "il-step-analysis-page-private.h"
#include "pages-test-util.h"

#define N_CARDS 6

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;            /* small: shown with what follows */
  GtkWidget *cards[N_CARDS];    /* each about a frame's share */
  GPtrArray *frames;            /* per frame drawn: a GString of what was shown */
  gulong     after_paint_id;
} Fixture;

static void
iterate_until_drawn (Fixture *f)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
name_of (Fixture   *f,
         GtkWidget *widget)
{
  if (widget == f->header)
    return "h";
  for (guint i = 0; i < N_CARDS; i++)
    if (widget == f->cards[i])
      return (const char *[]) { "0", "1", "2", "3", "4", "5" }[i];
  return "?";
}

/* After each frame: which of the parts it drew, as "h01" (shown ones). */
static void
on_after_paint (GdkFrameClock *clock,
                Fixture       *f)
{
  GString *shown = g_string_new (NULL);

  if (gtk_widget_get_opacity (f->header) > 0)
    g_string_append (shown, name_of (f, f->header));
  for (guint i = 0; i < N_CARDS; i++)
    if (gtk_widget_get_opacity (f->cards[i]) > 0 && gtk_widget_get_opacity (f->box) > 0)
      g_string_append (shown, name_of (f, f->cards[i]));
  if (gtk_widget_get_opacity (f->box) == 0)
    g_string_assign (shown, "-");
  g_ptr_array_add (f->frames, g_string_free (shown, FALSE));
}

/* A page's content: a header line, then cards in rows of two (the second
 * card of each row right of the first). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *grid = gtk_grid_new ();

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1300, 1200);
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  f->header = gtk_label_new ("Slowest step on average");
  gtk_box_append (GTK_BOX (f->box), f->header);
  for (guint i = 0; i < N_CARDS; i++)
    {
      f->cards[i] = gtk_label_new ("card");
      gtk_widget_set_size_request (f->cards[i], 600, 360);
      gtk_grid_attach (GTK_GRID (grid), f->cards[i], i % 2, i / 2, 1, 1);
    }
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (f->box), grid);
  /* a part whose own opacity is not 1 gets it back */
  gtk_widget_set_opacity (f->cards[3], 0.5);
  gtk_window_set_child (GTK_WINDOW (f->window), f->box);
  f->frames = g_ptr_array_new_with_free_func (g_free);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (f->box) || gtk_widget_get_width (f->box) == 0)
    g_main_context_iteration (NULL, TRUE);
  iterate_until_drawn (f);
  f->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (f->window), "after-paint",
                                        G_CALLBACK (on_after_paint), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    {
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (f->window), f->after_paint_id);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  g_ptr_array_unref (f->frames);
}

static void
wait_revealed (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (il_staged_reveal_pending (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
joined_frames (Fixture *f)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < f->frames->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (char *) f->frames->pdata[i]);
  return g_string_free (out, FALSE);
}

/* The frame that lays the content out draws none of it; then a frame's
 * share at a time, top to bottom and left to right, until all is shown
 * with the opacity it had. */
static void
test_subtree (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *frames = NULL;

  il_staged_reveal_subtree (f->box);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->box), ==, 0);
  g_assert_true (il_staged_reveal_pending (f->window));
  wait_revealed (f->window);

  /* The header goes with the first card; each card is a frame's share, the
   * grid itself (too large) is cut; a frame with nothing new may come
   * between two. */
  frames = joined_frames (f);
  {
    g_auto(GStrv) seen = g_strsplit (frames, " ", -1);
    const char *expected[] = { "-", "h0", "h01", "h012", "h0123", "h01234", "h012345" };
    guint next = 0;

    for (guint i = 0; seen[i] != NULL; i++)
      {
        if (next > 0 && g_str_equal (seen[i], expected[next - 1]))
          continue;
        g_assert_cmpuint (next, <, G_N_ELEMENTS (expected));
        g_assert_cmpstr (seen[i], ==, expected[next]);
        next++;
      }
    g_assert_cmpuint (next, ==, G_N_ELEMENTS (expected));
  }

  g_assert_cmpfloat (gtk_widget_get_opacity (f->box), ==, 1);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->header), ==, 1);
  for (guint i = 0; i < N_CARDS; i++)
    /* (GTK keeps it in 8 bits) */
    g_assert_cmpfloat_with_epsilon (gtk_widget_get_opacity (f->cards[i]), i == 3 ? 128 / 255. : 1, 1e-9);
}

/* Small widgets staged one by one share a frame; one staged twice keeps its
 * own opacity. */
static void
test_widgets (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *frames = NULL;

  il_staged_reveal_add (f->header);
  il_staged_reveal_add (f->cards[0]);
  il_staged_reveal_add (f->header);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->header), ==, 0);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->cards[0]), ==, 0);
  wait_revealed (f->window);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->header), ==, 1);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->cards[0]), ==, 1);

  frames = joined_frames (f);
  /* staged between frames: the next frame draws neither, the one after both */
  g_assert_true (g_str_has_prefix (frames, "12345 "));
  g_assert_nonnull (strstr (frames, "h012345"));
}

/* Out of sight there is no frame to spread over: nothing is staged. */
static void
test_unmapped (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *hidden = gtk_label_new ("not in a window");

  g_object_ref_sink (hidden);
  il_staged_reveal_subtree (hidden);
  il_staged_reveal_add (hidden);
  g_assert_cmpfloat (gtk_widget_get_opacity (hidden), ==, 1);
  g_object_unref (hidden);

  gtk_widget_set_visible (f->box, FALSE);
  il_staged_reveal_subtree (f->box);
  g_assert_cmpfloat (gtk_widget_get_opacity (f->box), ==, 1);
  g_assert_false (il_staged_reveal_pending (f->window));
}

/* A window closed while content is staged goes, and lets go of it. */
static void
test_destroyed (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *window = f->window;
  GtkWidget *box = f->box;

  il_staged_reveal_subtree (f->box);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (f->window), f->after_paint_id);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (box), (gpointer *) &box);
  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&f->window)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  g_assert_null (box);
}

/* A page's content shown for the first data comes in stages; new figures
 * over shown ones do not. */
static void
test_page (void)
{
  GtkWidget *page = il_overview_page_new ();
  GtkWidget *window = show_in_window (page);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (page, IL_TYPE_OVERVIEW_PAGE, "stack"));
  GtkWidget *content = gtk_stack_get_child_by_name (stack, "content");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  show_snapshot (page, snapshot);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "content");
  g_assert_cmpfloat (gtk_widget_get_opacity (content), ==, 0);
  g_assert_true (il_staged_reveal_pending (window));
  wait_revealed (window);
  g_assert_cmpfloat (gtk_widget_get_opacity (content), ==, 1);

  show_snapshot (page, snapshot);
  g_assert_false (il_staged_reveal_pending (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A tile's first figure waits for a frame of its own; a new one over it
 * does not; a tile out of sight never waits. */
static void
test_tile (void)
{
  GtkWidget *tile = il_metric_tile_new ("Total Records");
  GtkWidget *window = show_in_window (tile);

  il_metric_tile_set_value (IL_METRIC_TILE (tile), "1,000");
  g_assert_true (il_staged_reveal_pending (window));
  wait_revealed (window);
  il_metric_tile_set_value (IL_METRIC_TILE (tile), "2,000");
  g_assert_false (il_staged_reveal_pending (window));
  il_metric_tile_set_value (IL_METRIC_TILE (tile), NULL);
  gtk_widget_set_visible (tile, FALSE);
  il_metric_tile_set_value (IL_METRIC_TILE (tile), "3,000");
  g_assert_false (il_staged_reveal_pending (window));
  g_assert_cmpstr (il_metric_tile_get_value (IL_METRIC_TILE (tile)), ==, "3,000");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The per-step table's rows of the first data come a few per frame (each
 * row builds 15 cells' widgets: two rows a frame); new
 * figures for the same steps update the rows it has at once. */
static void
test_step_table (void)
{
  GtkWidget *page = il_step_analysis_page_new ();
  GtkWidget *window = show_in_window (page);
  GListModel *model = _il_step_analysis_page_get_model (IL_STEP_ANALYSIS_PAGE (page));
  guint n_steps = agg->n_steps;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint n = 2;

  g_assert_cmpuint (n_steps, >, 2);
  show_snapshot (page, snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  while (n < n_steps)
    {
      guint now;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      now = g_list_model_get_n_items (model);
      g_assert_cmpuint (now, >=, n);
      g_assert_cmpuint (now, <=, MIN (n + 2, n_steps));
      n = now;
    }

  show_snapshot (page, snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_steps);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  pages_test_init (&argc, &argv);

  g_test_add ("/staged-reveal/subtree", Fixture, NULL, fixture_set_up, test_subtree, fixture_tear_down);
  g_test_add ("/staged-reveal/widgets", Fixture, NULL, fixture_set_up, test_widgets, fixture_tear_down);
  g_test_add ("/staged-reveal/unmapped", Fixture, NULL, fixture_set_up, test_unmapped, fixture_tear_down);
  g_test_add ("/staged-reveal/destroyed", Fixture, NULL, fixture_set_up, test_destroyed, fixture_tear_down);
  g_test_add_func ("/staged-reveal/page", test_page);
  g_test_add_func ("/staged-reveal/tile", test_tile);
  g_test_add_func ("/staged-reveal/step-table", test_step_table);

  status = g_test_run ();
  pages_test_free_demo ();
  return status;
}
