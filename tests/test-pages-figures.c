/* test-pages-figures.c: the Errors and Session pages' figures, ranked lists
 * and error filter on demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "il-aggregates.h"
#include "il-csv.h"
#include "il-dashboard-page-private.h"
#include "il-demo.h"
#include "il-aggregate-charts.h"
#include "il-chart-widget.h"
#include "il-errors-page.h"
#include "il-overview-page-private.h"
#include "il-row-list-model-private.h"
#include "il-step-analysis-page-private.h"
#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-resources.h"
#include "il-sessions-page-private.h"
#include "il-timeline-chart.h"
#include "pages-test-util.h"

/* ---- figures, lists and the error filter -------------------------------------------- */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = find_named (root, name);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
activate_list_row (GtkWidget *list,
                   int        index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
}

static gboolean
error_row_in_range (guint row)
{
  gint64 error_id = il_string_pool_lookup (store->statuses, "error");

  return store->status[row] == (IlStrId) error_id && il_filter_matches (&agg->filter, store, row);
}

static void
test_errors_page_figures (void)
{
  GtkWidget *page = il_errors_page_new ();
  GtkWidget *window = show_in_window (page);
  const IlErrorSummary *e = &agg->errors;
  g_autofree char *total = g_strdup_printf ("%'" G_GUINT64_FORMAT, e->total_errors);
  g_autofree char *rate = g_strdup_printf ("%.1f%%", e->error_rate_pct);
  g_autofree char *sessions = g_strdup_printf ("%'" G_GUINT64_FORMAT, e->sessions_with_errors);
  g_autofree char *dir = g_dir_make_tmp ("il-errors-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "errors.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  guint64 test_errors = 0;
  guint expected = 0, n = 0, session = G_MAXUINT;
  const guint32 *rows;
  const char *step_name, *message;
  const char *steps[2], *messages[2];
  gint64 from_us, to_us, day_us = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  SaveResult result = { 0 };
  GtkWidget *list;

  show_snapshot (page, snapshot);
  iterate ();

  /* the figures are the model's, and the model's match a count done here */
  for (guint r = 0; r < store->n_rows; r++)
    test_errors += error_row_in_range (r);
  g_assert_cmpuint (test_errors, ==, e->total_errors);
  g_assert_cmpint (e->most_failing_step, >=, 0);
  g_assert_cmpstr (label_text (page, "figure-total-errors"), ==, total);
  g_assert_cmpstr (label_text (page, "figure-error-rate"), ==, rate);
  g_assert_cmpstr (label_text (page, "figure-most-failing-step"), ==, agg->steps[e->most_failing_step].name);
  g_assert_cmpstr (label_text (page, "figure-sessions-with-errors"), ==, sessions);

  /* sessions with errors: one row each; a click shows that session */
  list = find_named (page, "error-sessions");
  g_assert_nonnull (list);
  g_assert_cmpuint (agg->n_error_sessions, >, 1);
  /* the list takes them in a frame after the figures */
  while (count_children (list) < agg->n_error_sessions)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_children (list), ==, agg->n_error_sessions);
  watch_show_session (page, &session);
  activate_list_row (list, 1);
  g_assert_cmpuint (session, ==, agg->error_sessions[1].session);

  /* the error filter: one step, one message, a week; counted here */
  step_name = agg->steps[e->most_failing_step].name;
  message = NULL;
  for (guint i = 0; i < agg->n_error_groups && message == NULL; i++)
    if (g_str_equal (agg->error_groups[i].step_name, step_name))
      message = agg->error_groups[i].message_text;
  g_assert_nonnull (message);
  steps[0] = step_name;
  steps[1] = NULL;
  messages[0] = message;
  messages[1] = NULL;
  from_us = (DEMO_NOW / day_us - 10) * day_us;
  to_us = from_us + 7 * day_us;
  for (guint r = 0; r < store->n_rows; r++)
    {
      gint64 t = store->created_at[r] != IL_TIME_NONE ? store->created_at[r] : store->started_at[r];
      const char *m = il_string_pool_get (store->messages, store->error_message[r]);

      if (error_row_in_range (r) && g_str_equal (il_row_store_get_step_name (store, r), step_name) &&
          g_strcmp0 (m, message) == 0 && t >= from_us && t < to_us)
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, e->total_errors);

  il_errors_page_set_error_filter (IL_ERRORS_PAGE (page), steps, messages, from_us, to_us);
  rows = il_errors_page_get_filtered_errors (IL_ERRORS_PAGE (page), &n);
  g_assert_cmpuint (n, ==, expected);
  for (guint i = 0; i < n; i++)
    g_assert_true (error_row_in_range (rows[i]));
  {
    g_autofree char *count = g_strdup_printf ("%'u of %'u error rows match", expected, (guint) e->total_errors);

    g_assert_cmpstr (label_text (page, "error-filter-count"), ==, count);
  }

  /* no filter: every error row */
  il_errors_page_set_error_filter (IL_ERRORS_PAGE (page), NULL, NULL, IL_TIME_NONE, IL_TIME_NONE);
  il_errors_page_get_filtered_errors (IL_ERRORS_PAGE (page), &n);
  g_assert_cmpuint (n, ==, e->total_errors);

  /* Save Errors as CSV writes the filtered rows */
  il_errors_page_set_error_filter (IL_ERRORS_PAGE (page), steps, messages, from_us, to_us);
  g_signal_connect (page, "save-finished", G_CALLBACK (on_save_finished), &result);
  il_errors_page_save_errors_csv (IL_ERRORS_PAGE (page), file);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result.n_rows, ==, expected);
  g_assert_nonnull (strstr (result.message, "errors.csv"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  {
    guint records = 0;

    for (const char *p = contents; p != NULL && *p; )
      {
        const char *next = strstr (p, "\r\n");

        if (next == NULL)
          break;
        if (next - p > 36 && p[8] == '-' && p[13] == '-')
          records++;
        p = next + 2;
      }
    g_assert_cmpuint (records, ==, expected);
  }

  /* a filter that keeps nothing saves only the header */
  il_errors_page_set_error_filter (IL_ERRORS_PAGE (page), steps, messages, to_us + 400 * day_us, IL_TIME_NONE);
  il_errors_page_get_filtered_errors (IL_ERRORS_PAGE (page), &n);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&result.message, g_free);
  result.done = FALSE;
  il_errors_page_save_errors_csv (IL_ERRORS_PAGE (page), file);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result.n_rows, ==, 0);

  g_free (result.message);
  g_unlink (path);
  g_rmdir (dir);
  show_snapshot (page, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_sessions_page_figures (void)
{
  GtkWidget *page = il_sessions_page_new ();
  GtkWidget *window = show_in_window (page);
  const IlSessionDetail *detail;
  GtkWidget *slowest, *fastest;
  guint32 target;
  double total = 0;
  guint n_rows = 0, n_errors = 0, n_success = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *avg_text = NULL;
  g_autofree char *steps_text = NULL;
  g_autofree char *errors_text = NULL;
  g_autofree char *success_text = NULL;
  gint64 success_id = il_string_pool_lookup (store->statuses, "success");
  gint64 error_id = il_string_pool_lookup (store->statuses, "error");

  show_snapshot (page, snapshot);
  iterate ();

  slowest = find_named (page, "slowest-sessions");
  fastest = find_named (page, "fastest-sessions");
  g_assert_nonnull (slowest);
  g_assert_nonnull (fastest);
  g_assert_cmpuint (agg->n_slowest_sessions, ==, 5);
  g_assert_cmpuint (count_children (slowest), ==, 5);
  g_assert_cmpuint (count_children (fastest), ==, agg->n_fastest_sessions);

  /* clicking the slowest session selects it */
  target = agg->sessions[agg->slowest_sessions[0]].session;
  activate_list_row (slowest, 0);
  iterate ();
  g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==, target);
  for (guint i = 0; i < agg->n_sessions; i++)
    g_assert_cmpfloat (agg->sessions[i].total_latency_ms, <=,
                       agg->sessions[agg->slowest_sessions[0]].total_latency_ms);

  /* the figures, from a count done here */
  for (guint r = 0; r < store->n_rows; r++)
    if (store->session[r] == target && il_filter_matches (&agg->filter, store, r))
      {
        n_rows++;
        total += store->latency_ms[r];
        n_errors += store->status[r] == (IlStrId) error_id;
        n_success += store->status[r] == (IlStrId) success_id;
      }
  detail = _il_sessions_page_get_detail (IL_SESSIONS_PAGE (page));
  g_assert_cmpuint (detail->n_rows, ==, n_rows);
  g_assert_cmpfloat_with_epsilon (detail->total_latency_ms, total, 1e-6 * total);
  g_assert_cmpfloat_with_epsilon (detail->cumulative_ms[detail->n_rows - 1], total, 1e-6 * total);
  total_text = il_format_duration (detail->total_latency_ms);
  avg_text = il_format_latency_ms (detail->avg_latency_ms);
  steps_text = il_format_count_str (n_rows);
  errors_text = il_format_count_str (n_errors);
  success_text = g_strdup_printf ("%.1f%%", 100.0 * n_success / n_rows);
  g_assert_cmpstr (label_text (page, "figure-total-latency"), ==, total_text);
  g_assert_cmpstr (label_text (page, "figure-steps"), ==, steps_text);
  g_assert_cmpstr (label_text (page, "figure-average-step"), ==, avg_text);
  g_assert_cmpstr (label_text (page, "figure-errors"), ==, errors_text);
  g_assert_cmpstr (label_text (page, "figure-success-rate"), ==, success_text);
  {
    /* the summary says "1 error", grouped counts, the one percent format;
     * when it wraps, a figure stays with its unit and a part's last word
     * with the one before */
    GtkLabel *summary = GTK_LABEL (gtk_widget_get_template_child (page, IL_TYPE_SESSIONS_PAGE, "summary_label"));
    g_autofree char *rows_part = il_format_unbreakable (il_format_rows (n_rows));
    g_autofree char *errors_part = il_format_unbreakable (il_format_errors (n_errors));
    g_autofree char *success_part = g_strdup_printf (" · %s\u00a0success", success_text);

    g_assert_nonnull (strstr (gtk_label_get_text (summary), rows_part));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), errors_part));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), success_part));
  }
  {
    /* A session's total is a duration, read as one past a minute ("4 min
     * 56 s", not "296.1 s"), here and in the slowest sessions' list. */
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (slowest), 0));
    GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
    GtkWidget *value = gtk_widget_get_last_child (box);

    g_assert_cmpfloat (total, >=, 60000);
    g_assert_nonnull (strstr (total_text, " min "));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (value)), ==, total_text);
  }

  /* the fastest one too */
  target = agg->sessions[agg->fastest_sessions[0]].session;
  activate_list_row (fastest, 0);
  iterate ();
  g_assert_cmpuint (il_sessions_page_get_selected_session (IL_SESSIONS_PAGE (page)), ==, target);

  show_snapshot (page, NULL);
  g_assert_cmpuint (count_children (slowest), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pages_test_init (&argc, &argv);

  g_test_add_func ("/pages/errors-figures", test_errors_page_figures);
  g_test_add_func ("/pages/sessions-figures", test_sessions_page_figures);

  ret = g_test_run ();

  pages_test_free_demo ();

  return ret;
}
