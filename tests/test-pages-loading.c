/* test-pages-loading.c: Raw Data and Error Analysis while the first data
 * loads say "Loading…", not "no data" or "no errors"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-aggregates.h"
#include "il-dashboard-private.h"
#include "il-errors-page.h"
#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-spinner.h"
#include "pages-test-util.h"
#include "widget-test-util.h"

typedef struct
{
  GtkWidget *(*page_new) (void);
  GType      (*get_type) (void);
  const char  *content;   /* the child with data */
  const char  *empty;     /* the child when the range has nothing to show */
} PageKind;

static const PageKind raw_kind = { il_raw_page_new, il_raw_page_get_type, "table", "no-data" };
static const PageKind errors_kind = { il_errors_page_new, il_errors_page_get_type, "groups", "empty" };

typedef struct
{
  const PageKind *kind;
  IlDashboard    *dashboard;
  GtkWidget      *window;
  GtkWidget      *notebook;   /* the page and another, as in the window */
  GtkWidget      *page;
  GtkStack       *stack;
} Fixture;

/* The demo rows with a range that starts after the last of them. */
static IlSnapshot *
empty_snapshot (void)
{
  IlFilter filter;
  IlSnapshot *none;

  il_filter_init (&filter);
  filter.created_min = DEMO_NOW + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  none = il_snapshot_new (store, il_aggregates_compute (store, &filter, NULL));
  il_filter_clear (&filter);
  g_assert_cmpuint (il_snapshot_get_aggregates (none)->key.total_records, ==, 0);
  g_assert_cmpuint (il_snapshot_get_aggregates (none)->n_error_groups, ==, 0);
  return none;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->kind = data;
  f->dashboard = il_dashboard_new (NULL);
  f->page = f->kind->page_new ();
  f->stack = GTK_STACK (gtk_widget_get_template_child (f->page, f->kind->get_type (), "stack"));
  f->notebook = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (f->notebook), gtk_label_new ("other page"), "other");
  gtk_stack_add_named (GTK_STACK (f->notebook), f->page, "page");
  gtk_stack_set_visible_child_name (GTK_STACK (f->notebook), "page");
  f->window = show_in_window (f->notebook);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_object_unref (f->dashboard);
}

static void
set_state (Fixture          *f,
           IlDashboardState  state)
{
  _il_dashboard_set_state (f->dashboard, state,
                           state == IL_DASHBOARD_STATE_FAILED
                           ? g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "unreachable") : NULL);
  iterate ();
}

/* A load ends: the snapshot, then the state. */
static void
finish_load (Fixture    *f,
             IlSnapshot *shown)
{
  _il_dashboard_set_snapshot (f->dashboard, il_snapshot_ref (shown));
  set_state (f, IL_DASHBOARD_STATE_READY);
}

static void
show_page (Fixture  *f,
           gboolean  shown)
{
  gtk_stack_set_visible_child_name (GTK_STACK (f->notebook), shown ? "page" : "other");
  iterate ();
}

static void
assert_child (Fixture    *f,
              const char *name)
{
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->stack), ==, name);
}

/* Raw Data's toolbar: no count and no filters while loading. */
static void
assert_toolbar (Fixture    *f,
                gboolean    sensitive,
                const char *count)
{
  IlRawPage *raw;

  if (f->kind != &raw_kind)
    return;
  raw = IL_RAW_PAGE (f->page);
  g_assert_cmpint (gtk_widget_get_sensitive (raw->toolbar), ==, sensitive);
  g_assert_cmpstr (gtk_label_get_text (raw->count_label), ==, count);
}

/* Loading, then the data: the rows or the error groups. */
static void
test_first_data (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *count = il_format_rows (agg->key.total_records);

  set_state (f, IL_DASHBOARD_STATE_LOADING);
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), f->dashboard);
  iterate ();
  g_assert_true (il_dashboard_page_is_loading_first_data (IL_DASHBOARD_PAGE (f->page)));
  assert_child (f, "loading");
  assert_toolbar (f, FALSE, "");

  finish_load (f, snapshot);
  g_assert_false (il_dashboard_page_is_loading_first_data (IL_DASHBOARD_PAGE (f->page)));
  assert_child (f, f->kind->content);
  assert_toolbar (f, TRUE, count);

  /* a refresh keeps the data shown */
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  assert_child (f, f->kind->content);
  assert_toolbar (f, TRUE, count);
}

/* Loading, then a range with nothing in it: "no data" / "no errors" as before. */
static void
test_first_data_empty (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(IlSnapshot) none = empty_snapshot ();

  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), f->dashboard);
  iterate ();
  /* idle: nothing asked for yet, the window is about to load */
  assert_child (f, "loading");
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  assert_child (f, "loading");

  finish_load (f, none);
  assert_child (f, f->kind->empty);
  assert_toolbar (f, TRUE, "0 rows");
}

/* A first load that fails or is cancelled leaves no data: the page says so. */
static void
test_first_load_fails (Fixture       *f,
                       gconstpointer  data)
{
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), f->dashboard);
  iterate ();
  assert_child (f, "loading");

  set_state (f, IL_DASHBOARD_STATE_FAILED);
  g_assert_false (il_dashboard_page_is_loading_first_data (IL_DASHBOARD_PAGE (f->page)));
  assert_child (f, f->kind->empty);
  assert_toolbar (f, TRUE, "0 rows");

  /* the retry loads again */
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  assert_child (f, "loading");
  assert_toolbar (f, FALSE, "");
  set_state (f, IL_DASHBOARD_STATE_CANCELLED);
  assert_child (f, f->kind->empty);
}

/* On another tab the page is filled when shown (it is lazy): it still says
 * "Loading…" then, and what the state says after. */
static void
test_hidden_page (Fixture       *f,
                  gconstpointer  data)
{
  show_page (f, FALSE);
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), f->dashboard);
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  show_page (f, TRUE);
  assert_child (f, "loading");

  show_page (f, FALSE);
  set_state (f, IL_DASHBOARD_STATE_FAILED);
  show_page (f, TRUE);
  assert_child (f, f->kind->empty);

  show_page (f, FALSE);
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  finish_load (f, snapshot);
  show_page (f, TRUE);
  assert_child (f, f->kind->content);
}

/* The "Loading…" spinner turns while it is shown only: out of sight its
 * animation still restyled it in every frame, and the window, idle with
 * the data shown, laid out and drew 60 frames a second. */
static void
test_idle_once_loaded (Fixture       *f,
                       gconstpointer  data)
{
  IlSpinner *spinner = IL_SPINNER (find_descendant (gtk_stack_get_child_by_name (f->stack, "loading"), IL_TYPE_SPINNER));

  g_assert_nonnull (spinner);
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (f->page), f->dashboard);
  iterate ();
  assert_child (f, "loading");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (spinner)));
  g_assert_true (il_spinner_is_turning (spinner));

  finish_load (f, snapshot);
  assert_child (f, f->kind->content);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (spinner)));
  g_assert_false (il_spinner_is_turning (spinner));

  /* Once the data's first frames are done (on a loaded machine they take
   * a while), 300 ms go by without a frame. */
  g_assert_true (frames_stop (f->window, 20));

  /* a reload that empties the page shows it spinning again */
  _il_dashboard_set_snapshot (f->dashboard, NULL);
  set_state (f, IL_DASHBOARD_STATE_LOADING);
  assert_child (f, "loading");
  g_assert_true (il_spinner_is_turning (spinner));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pages_test_init (&argc, &argv);
  g_test_add ("/pages-loading/raw/first-data", Fixture, &raw_kind,
              fixture_set_up, test_first_data, fixture_tear_down);
  g_test_add ("/pages-loading/raw/first-data-empty", Fixture, &raw_kind,
              fixture_set_up, test_first_data_empty, fixture_tear_down);
  g_test_add ("/pages-loading/raw/first-load-fails", Fixture, &raw_kind,
              fixture_set_up, test_first_load_fails, fixture_tear_down);
  g_test_add ("/pages-loading/raw/hidden", Fixture, &raw_kind,
              fixture_set_up, test_hidden_page, fixture_tear_down);
  g_test_add ("/pages-loading/errors/first-data", Fixture, &errors_kind,
              fixture_set_up, test_first_data, fixture_tear_down);
  g_test_add ("/pages-loading/errors/first-data-empty", Fixture, &errors_kind,
              fixture_set_up, test_first_data_empty, fixture_tear_down);
  g_test_add ("/pages-loading/errors/first-load-fails", Fixture, &errors_kind,
              fixture_set_up, test_first_load_fails, fixture_tear_down);
  g_test_add ("/pages-loading/errors/hidden", Fixture, &errors_kind,
              fixture_set_up, test_hidden_page, fixture_tear_down);
  g_test_add ("/pages-loading/raw/idle-once-loaded", Fixture, &raw_kind,
              fixture_set_up, test_idle_once_loaded, fixture_tear_down);
  g_test_add ("/pages-loading/errors/idle-once-loaded", Fixture, &errors_kind,
              fixture_set_up, test_idle_once_loaded, fixture_tear_down);
  ret = g_test_run ();
  pages_test_free_demo ();
  return ret;
}
