/* test-scroll-content.c: a page's viewport keeps its clip node whether its
 * content fits or not, so content growing past the window repaints only
 * what changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-errors-page.h"
#include "il-latency-heatmap-page.h"
#include "il-overview-page.h"
#include "il-raw-page.h"
#include "il-scroll-content.h"
#include "il-sessions-page.h"
#include "il-step-analysis-page.h"
#include "il-trend-page.h"
#include "pages-test-util.h"
#include "widget-test-util.h"

#define WIDTH  400
#define HEIGHT 300

/* The clip nodes in @node's tree that cut to a viewport of WIDTH x HEIGHT
 * at the origin. */
static guint
count_viewport_clips (GskRenderNode *node)
{
  guint n = 0;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_viewport_clips (gsk_container_node_get_child (node, i));
      return n;
    case GSK_TRANSFORM_NODE:
      return count_viewport_clips (gsk_transform_node_get_child (node));
    case GSK_OPACITY_NODE:
      return count_viewport_clips (gsk_opacity_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return count_viewport_clips (gsk_rounded_clip_node_get_child (node));
    case GSK_CLIP_NODE:
      {
        const graphene_rect_t *clip = gsk_clip_node_get_clip (node);

        if (clip->origin.x == 0 && clip->origin.y == 0 && clip->size.width == WIDTH && clip->size.height == HEIGHT)
          n++;
        return n + count_viewport_clips (gsk_clip_node_get_child (node));
      }
    default:
      return 0;
    }
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *scroller;
  GtkWidget *content;   /* in the scroller: what holds @block */
  GtkWidget *block;     /* sets the content's height */
} Fixture;

static void
fixture_set_up (Fixture   *f,
                GtkWidget *content)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), WIDTH, HEIGHT);
  f->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (f->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  f->content = content;
  /* a card, as on a page: it draws all of its height */
  f->block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (f->block, "card");
  gtk_box_append (GTK_BOX (f->block), gtk_label_new ("first line"));
  gtk_widget_set_valign (f->block, GTK_ALIGN_START);
  /* a page's margins: its shadow inside the viewport */
  gtk_widget_set_margin_start (f->block, 12);
  gtk_widget_set_margin_end (f->block, 12);
  gtk_widget_set_margin_top (f->block, 12);
  gtk_widget_set_margin_bottom (f->block, 12);
  gtk_widget_set_size_request (f->block, -1, 50);
  adw_bin_set_child (ADW_BIN (f->content), f->block);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scroller), f->content);
  gtk_window_set_child (GTK_WINDOW (f->window), f->scroller);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (frames_stop (f->window, 10));
  g_assert_cmpint (gtk_widget_get_width (f->scroller), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (f->scroller), ==, HEIGHT);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
}

/* The viewport clips in the scroller's render node as a frame draws it. */
static guint
clips_drawn (Fixture *f)
{
  GtkSnapshot *drawn = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gtk_widget_snapshot_child (f->window, f->scroller, drawn);
  node = gtk_snapshot_free_to_node (drawn);
  g_assert_nonnull (node);
  return count_viewport_clips (node);
}

static void
set_content_height (Fixture *f,
                    int      height)
{
  gtk_widget_set_size_request (f->block, -1, height);
  g_assert_true (frames_stop (f->window, 10));
}

/* The failure it mends: a plain bin's viewport gains its clip node only
 * when the content grows past it, a node GTK cannot compare with the one
 * before. */
static void
test_plain_bin_gains_clip (void)
{
  Fixture f;

  fixture_set_up (&f, adw_bin_new ());
  g_assert_cmpuint (clips_drawn (&f), ==, 0);
  set_content_height (&f, 1000);
  g_assert_cmpuint (clips_drawn (&f), ==, 1);
  fixture_tear_down (&f);
}

static void
test_clip_kept (void)
{
  Fixture f;

  fixture_set_up (&f, il_scroll_content_new ());
  g_assert_cmpuint (clips_drawn (&f), ==, 1);
  set_content_height (&f, 1000);
  g_assert_cmpuint (clips_drawn (&f), ==, 1);
  /* scrolled to the end, the pixel above the top is still outside */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (f.scroller)), 700);
  g_assert_true (frames_stop (f.window, 10));
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (f.scroller))), ==, 700);
  g_assert_cmpuint (clips_drawn (&f), ==, 1);
  set_content_height (&f, 50);
  g_assert_cmpuint (clips_drawn (&f), ==, 1);
  fixture_tear_down (&f);
}

/* The pixel is above the content: it adds no room and takes no input. */
static void
test_same_size (void)
{
  Fixture f;
  int plain_height, height;
  GtkWidget *picked;

  fixture_set_up (&f, il_scroll_content_new ());
  gtk_widget_measure (f.block, GTK_ORIENTATION_VERTICAL, WIDTH, NULL, &plain_height, NULL, NULL);
  gtk_widget_measure (f.content, GTK_ORIENTATION_VERTICAL, WIDTH, NULL, &height, NULL, NULL);
  g_assert_cmpint (height, ==, plain_height);
  g_assert_cmpint (gtk_widget_get_height (f.content), ==, HEIGHT);
  picked = gtk_widget_pick (f.content, 20, 20, GTK_PICK_DEFAULT);
  g_assert_true (picked == f.block || gtk_widget_is_ancestor (picked, f.block));
  /* nothing above the top to pick */
  g_assert_null (gtk_widget_pick (f.content, 0, -1, GTK_PICK_DEFAULT));
  fixture_tear_down (&f);
}

/* Popovers' short lists, and status pages (their scroller is libadwaita's). */
static gboolean
exempt (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) != NULL
         || gtk_widget_get_ancestor (widget, ADW_TYPE_STATUS_PAGE) != NULL;
}

/* Counts @widget's viewports, but exempt ones, and checks each holds an
 * IlScrollContent. */
static guint
check_viewports (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_VIEWPORT (widget) && !exempt (widget))
    {
      GtkWidget *child = gtk_viewport_get_child (GTK_VIEWPORT (widget));

      g_assert_true (IL_IS_SCROLL_CONTENT (child));
      n++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += check_viewports (c);
  return n;
}

/* Every page scrolls its content through one. */
static void
test_pages (void)
{
  struct { GtkWidget *(*new) (void); guint n_viewports; } pages[] = {
    { il_overview_page_new, 1 },
    { il_step_analysis_page_new, 1 },
    { il_trend_page_new, 1 },
    { il_latency_heatmap_page_new, 1 },
    { il_sessions_page_new, 2 },    /* the session's figures, its timeline */
    { il_errors_page_new, 1 },
    { il_raw_page_new, 0 },         /* its table scrolls itself */
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = g_object_ref_sink (pages[i].new ());

      g_assert_cmpuint (check_viewports (page), ==, pages[i].n_viewports);
      g_object_unref (page);
    }
}

int
main (int   argc,
      char *argv[])
{
  pages_test_init (&argc, &argv);

  g_test_add_func ("/scroll-content/plain-bin-gains-clip", test_plain_bin_gains_clip);
  g_test_add_func ("/scroll-content/clip-kept", test_clip_kept);
  g_test_add_func ("/scroll-content/same-size", test_same_size);
  g_test_add_func ("/scroll-content/pages", test_pages);

  return g_test_run ();
}
