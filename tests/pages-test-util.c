/* pages-test-util.c: demo data and a window for the page tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "il-aggregates.h"
#include "il-dashboard-page-private.h"
#include "il-demo.h"
#include "il-resources.h"
#include "pages-test-util.h"

IlRowStore *store;
IlSnapshot *snapshot;
const IlAggregates *agg;

void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A window with a toast overlay, as the app has. */
GtkWidget *
show_in_window (GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  return window;
}

/* What win.show-session does in the window: the id back to a session index. */
static void
on_show_session (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  guint *out = user_data;
  IlUuid id;

  g_assert_true (il_uuid_parse (g_variant_get_string (parameter, NULL), -1, &id));
  for (guint i = 0; i < store->n_sessions; i++)
    if (il_uuid_compare (&store->session_ids[i], &id) == 0)
      *out = i;
}

void
watch_show_session (GtkWidget *page,
                    guint     *out)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-session", G_VARIANT_TYPE_STRING);

  g_signal_connect (action, "activate", G_CALLBACK (on_show_session), out);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (page, "win", G_ACTION_GROUP (group));
}

void
show_snapshot (GtkWidget  *page,
               IlSnapshot *shown)
{
  _il_dashboard_page_set_snapshot (IL_DASHBOARD_PAGE (page), shown);
}

void
on_save_finished (IlRawPage  *page,
                  gint64      n_rows,
                  const char *message,
                  SaveResult *result)
{
  result->done = TRUE;
  result->n_rows = n_rows;
  result->message = g_strdup (message);
}

void
pages_test_init (int    *argc,
                 char ***argv)
{
  IlFilter filter;
  IlAggregateOptions options;

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  store = il_demo_generate (N_DEMO_ROWS, IL_DEMO_DEFAULT_SEED, DEMO_NOW);
  il_filter_init (&filter);
  filter.created_min = DEMO_NOW - G_GINT64_CONSTANT (20) * 86400 * G_USEC_PER_SEC;
  il_aggregate_options_init (&options);
  snapshot = il_snapshot_new (store, il_aggregates_compute (store, &filter, &options));
  agg = il_snapshot_get_aggregates (snapshot);
  il_filter_clear (&filter);
}

void
pages_test_free_demo (void)
{
  il_snapshot_unref (snapshot);
  il_row_store_unref (store);
}
