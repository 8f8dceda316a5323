/* test-errors-page-filter.c: the Error Analysis page's filter row across a
 * data update that brings a new step with errors and a new message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "aggregates-test-util.h"
#include "errors-page-test-util.h"
#include "il-aggregates.h"
#include "il-dashboard-private.h"
#include "il-errors-page-private.h"
#include "il-text-cell.h"
#include "pages-test-util.h"
#include "widget-test-util.h"

/* The first N_BEFORE rows are the data the page shows first; the update has
 * all of them. A metric id's low half is the row's index + 1. */
#define N_BEFORE 7
static const Row rows[] = {
  /*  0 */ { 0, 1, "stt", 100, "error", "timeout", T0 + 1 * HOUR, 0 },
  /*  1 */ { 0, 1, "llm", 300, "error", "rate limited", T0 + 2 * HOUR, 0 },
  /*  2 */ { 0, 2, "tts", 80, "success", NULL, T0 + 3 * HOUR, 0 },
  /*  3 */ { 1, 1, "stt", 120, "error", "timeout", T0 + 25 * HOUR, 0 },
  /*  4 */ { 1, 1, "llm", 400, "error", NULL, T0 + 26 * HOUR, 0 },
  /*  5 */ { 1, 2, "stt", 90, "success", NULL, T0 + 27 * HOUR, 0 },
  /*  6 */ { 2, 1, "llm", 350, "error", "timeout", T0 + 49 * HOUR, 0 },
  /* new in the update: tts gets its first errors, "connection reset" is a new message */
  /*  7 */ { 2, 1, "tts", 70, "error", "connection reset", T0 + 50 * HOUR, 0 },
  /*  8 */ { 2, 2, "stt", 110, "error", "connection reset", T0 + 51 * HOUR, 0 },
  /*  9 */ { 3, 1, "llm", 500, "error", "rate limited", T0 + 73 * HOUR, 0 },
  /* 10 */ { 3, 1, "tts", 60, "error", "timeout", T0 + 74 * HOUR, 0 },
};

typedef struct
{
  GtkWidget    *window;
  IlErrorsPage *page;
  IlSnapshot   *before;
  IlSnapshot   *after;
} Fixture;

static IlSnapshot *
snapshot_of_rows (guint n)
{
  IlRowStore *rows_store = make_store (rows, n);
  IlSnapshot *shown = il_snapshot_new (rows_store, il_aggregates_compute (rows_store, NULL, NULL));

  il_row_store_unref (rows_store);
  return shown;
}

/* Until the page's update is whole: the filter's rows collected in their
 * thread, the tables' rows rebound over frames. */
static void
settle (IlErrorsPage *page)
{
  iterate ();
  while (_il_errors_page_is_pacing (page))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *page = il_errors_page_new ();

  f->page = IL_ERRORS_PAGE (page);
  f->window = show_in_window (page);
  f->before = snapshot_of_rows (N_BEFORE);
  f->after = snapshot_of_rows (G_N_ELEMENTS (rows));
  show_snapshot (page, f->before);
  settle (f->page);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  show_snapshot (GTK_WIDGET (f->page), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  il_snapshot_unref (f->before);
  il_snapshot_unref (f->after);
}

static void
update (Fixture *f)
{
  show_snapshot (GTK_WIDGET (f->page), f->after);
  settle (f->page);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every check of @box as "label+" (ticked) or "label-", sorted by label. */
static char *
check_states (GtkBox *box)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL; c = gtk_widget_get_next_sibling (c))
    g_ptr_array_add (states, g_strconcat (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)),
                                          gtk_check_button_get_active (GTK_CHECK_BUTTON (c)) ? "+" : "-",
                                          NULL));
  g_ptr_array_sort (states, compare_strings);
  g_ptr_array_add (states, NULL);
  return g_strjoinv (", ", (char **) states->pdata);
}

static void
assert_checks (GtkBox     *box,
               const char *want)
{
  g_autofree char *got = check_states (box);

  g_assert_cmpstr (got, ==, want);
}

/* The rows that pass, and so what Save Errors as CSV writes: their row
 * numbers in @rows (metric id - 1), in store order. */
static char *
passing_rows (IlErrorsPage *page)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const guint32 *passing;
  guint n;

  passing = il_errors_page_get_filtered_errors (page, &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, i > 0 ? " " : "",
                            page->store->metric_id[passing[i]].lo - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What Save Errors as CSV wrote, as passing_rows () gives it. */
static char *
saved_rows (IlErrorsPage *page)
{
  g_autofree char *dir = g_dir_make_tmp ("il-errors-filter-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "errors.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  SaveResult result = { 0 };
  gulong handler = g_signal_connect (page, "save-finished", G_CALLBACK (on_save_finished), &result);

  il_errors_page_save_errors_csv (page, file);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (page, handler);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  /* the header, then one record a line, the metric id first */
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      IlUuid id;

      g_assert_true (il_uuid_parse (lines[i], 36, &id));
      g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, i > 1 ? " " : "", id.lo - 1);
    }
  g_assert_cmpint (result.n_rows, ==, g_strv_length (lines) - 2);
  g_free (result.message);
  g_unlink (path);
  g_rmdir (dir);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_result (IlErrorsPage *page,
               const char   *count,
               const char   *want_rows)
{
  g_autofree char *got_rows = NULL;

  /* the label first: asking for the rows collects them at once */
  g_assert_cmpstr (gtk_label_get_text (page->filter_count_label), ==, count);
  got_rows = passing_rows (page);
  g_assert_cmpstr (got_rows, ==, want_rows);
}

/* Nothing unticked: the update's new step and message come ticked. A
 * check unticked and ticked again leaves nothing narrowed. */
static void
test_not_narrowed (Fixture       *f,
                   gconstpointer  data)
{
  assert_checks (f->page->steps_box, "llm+, stt+");
  assert_checks (f->page->messages_box, "(no message)+, rate limited+, timeout+");
  assert_result (f->page, "5 of 5 error rows match", "0 1 3 4 6");

  set_check (f->page->steps_box, "llm", FALSE);
  assert_result (f->page, "2 of 5 error rows match", "0 3");
  set_check (f->page->steps_box, "llm", TRUE);
  assert_result (f->page, "5 of 5 error rows match", "0 1 3 4 6");

  update (f);
  assert_checks (f->page->steps_box, "llm+, stt+, tts+");
  assert_checks (f->page->messages_box, "(no message)+, connection reset+, rate limited+, timeout+");
  assert_result (f->page, "9 of 9 error rows match", "0 1 3 4 6 7 8 9 10");
}

/* A narrowing: the checks unticked (NULL: none), then the checks, count
 * and passing rows before the update and after it. */
typedef struct
{
  const char *untick_step;
  const char *untick_message;
  const char *steps_before;
  const char *messages_before;
  const char *count_before;
  const char *rows_before;
  const char *steps_after;
  const char *messages_after;
  const char *count_after;
  const char *rows_after;
} Narrowing;

/* Narrowed steps keep their states and the new step comes unticked; the
 * messages, not narrowed, take the new message ticked. */
static const Narrowing narrowed_steps = {
  "llm", NULL,
  "llm-, stt+", "(no message)+, rate limited+, timeout+",
  "2 of 5 error rows match", "0 3",
  "llm-, stt+, tts-", "(no message)+, connection reset+, rate limited+, timeout+",
  "3 of 9 error rows match", "0 3 8",
};

/* The other way round: narrowed messages, every step. */
static const Narrowing narrowed_messages = {
  NULL, "timeout",
  "llm+, stt+", "(no message)+, rate limited+, timeout-",
  "2 of 5 error rows match", "1 4",
  "llm+, stt+, tts+", "(no message)+, connection reset-, rate limited+, timeout-",
  "3 of 9 error rows match", "1 4 9",
};

/* Both narrowed, the null message among the unticked. */
static const Narrowing narrowed_both = {
  "stt", "(no message)",
  "llm+, stt-", "(no message)-, rate limited+, timeout+",
  "2 of 5 error rows match", "1 6",
  "llm+, stt-, tts-", "(no message)-, connection reset-, rate limited+, timeout+",
  "3 of 9 error rows match", "1 6 9",
};

static void
test_narrowed (Fixture       *f,
               gconstpointer  data)
{
  const Narrowing *n = data;
  g_autofree char *saved = NULL;

  if (n->untick_step != NULL)
    set_check (f->page->steps_box, n->untick_step, FALSE);
  if (n->untick_message != NULL)
    set_check (f->page->messages_box, n->untick_message, FALSE);
  assert_checks (f->page->steps_box, n->steps_before);
  assert_checks (f->page->messages_box, n->messages_before);
  assert_result (f->page, n->count_before, n->rows_before);

  update (f);
  assert_checks (f->page->steps_box, n->steps_after);
  assert_checks (f->page->messages_box, n->messages_after);
  assert_result (f->page, n->count_after, n->rows_after);
  saved = saved_rows (f->page);
  g_assert_cmpstr (saved, ==, n->rows_after);
}

/* As typing does: the text, the cursor at its end. */
static void
type_day (GtkEntry   *entry,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
assert_entry (GtkEntry   *entry,
              const char *text,
              gboolean    error)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry)), ==, (int) strlen (text));
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"), ==, error);
}

/* Typed days stay, and filter the update's rows. */
static void
test_days (Fixture       *f,
           gconstpointer  data)
{
  type_day (f->page->from_entry, "2026-01-06");
  assert_result (f->page, "3 of 5 error rows match", "3 4 6");
  type_day (f->page->to_entry, "2026-01-07");
  assert_result (f->page, "3 of 5 error rows match", "3 4 6");

  update (f);
  assert_entry (f->page->from_entry, "2026-01-06", FALSE);
  assert_entry (f->page->to_entry, "2026-01-07", FALSE);
  assert_checks (f->page->steps_box, "llm+, stt+, tts+");
  assert_result (f->page, "5 of 9 error rows match", "3 4 6 7 8");
}

/* A day being edited does not parse: the filter keeps the last day that
 * did, before the update and after it. */
static void
test_day_being_edited (Fixture       *f,
                       gconstpointer  data)
{
  type_day (f->page->from_entry, "2026-01-06");
  /* a backspace */
  gtk_editable_delete_text (GTK_EDITABLE (f->page->from_entry), 9, 10);
  assert_result (f->page, "3 of 5 error rows match", "3 4 6");

  update (f);
  assert_entry (f->page->from_entry, "2026-01-0", TRUE);
  assert_result (f->page, "7 of 9 error rows match", "3 4 6 7 8 9 10");

  type_day (f->page->from_entry, "2026-01-08");
  assert_entry (f->page->from_entry, "2026-01-08", FALSE);
  assert_result (f->page, "2 of 9 error rows match", "9 10");
}

/* On another tab the page lets go of its data when an update comes and
 * takes the new data when shown again: the filter is as it was left. */
static void
test_update_while_hidden (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(IlDashboard) dashboard = il_dashboard_new (NULL);
  IlDashboardPage *page = IL_DASHBOARD_PAGE (f->page);

  _il_dashboard_set_snapshot (dashboard, il_snapshot_ref (f->before));
  il_dashboard_page_set_dashboard (page, dashboard);
  settle (f->page);
  set_check (f->page->steps_box, "llm", FALSE);
  type_day (f->page->from_entry, "2026-01-06");
  assert_result (f->page, "1 of 5 error rows match", "3");

  gtk_widget_set_visible (GTK_WIDGET (page), FALSE);
  iterate ();
  _il_dashboard_set_snapshot (dashboard, il_snapshot_ref (f->after));
  g_assert_null (il_dashboard_page_get_snapshot (page));
  gtk_widget_set_visible (GTK_WIDGET (page), TRUE);
  settle (f->page);

  g_assert_true (il_dashboard_page_get_snapshot (page) == f->after);
  assert_checks (f->page->steps_box, "llm-, stt+, tts-");
  assert_checks (f->page->messages_box, "(no message)+, connection reset+, rate limited+, timeout+");
  assert_entry (f->page->from_entry, "2026-01-06", FALSE);
  assert_result (f->page, "2 of 9 error rows match", "3 8");
  il_dashboard_page_set_dashboard (page, NULL);
}

/* ---- the rows stay across an update ------------------------------------------------ */

/* The children of @parent, in order. */
static GPtrArray *
children_of (GtkWidget *parent)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (parent); c != NULL; c = gtk_widget_get_next_sibling (c))
    g_ptr_array_add (children, c);
  return children;
}

/* The rows of a list view from the top down (its children are not kept in
 * that order). */
static GPtrArray *
rows_of (GtkWidget *list)
{
  GPtrArray *children = children_of (list);

  g_ptr_array_sort (children, compare_widget_y);
  return children;
}

/* The text of the first label (or text cell, as table cells are) under
 * @widget, depth first. */
static const char *
first_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (IL_IS_TEXT_CELL (widget))
    return il_text_cell_get_text (IL_TEXT_CELL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* An update keeps the widgets of the groups table, of the sessions list and
 * of the filter's checks (building them anew stalled the window), and they
 * show the new figures. */
static void
test_rows_kept (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (f->page->column_view), GTK_TYPE_LIST_VIEW);
  g_autoptr(GPtrArray) rows_before = NULL;
  g_autoptr(GPtrArray) rows_after = NULL;
  g_autoptr(GPtrArray) sessions_before = children_of (GTK_WIDGET (f->page->sessions_list));
  g_autoptr(GPtrArray) sessions_after = NULL;
  g_autoptr(GPtrArray) steps_before = children_of (GTK_WIDGET (f->page->steps_box));
  g_autoptr(GPtrArray) steps_after = NULL;
  const IlAggregates *after = il_snapshot_get_aggregates (f->after);

  run_frames (10);
  g_assert_nonnull (list);
  rows_before = rows_of (list);
  /* (stt, timeout), (llm, rate limited), (llm, null), (llm, timeout) */
  g_assert_cmpuint (rows_before->len, ==, 4);
  g_assert_cmpuint (sessions_before->len, ==, 3);
  g_assert_cmpuint (steps_before->len, ==, 2);

  update (f);
  run_frames (10);

  rows_after = rows_of (list);
  g_assert_cmpuint (after->n_error_groups, ==, 7);
  g_assert_cmpuint (rows_after->len, ==, 7);
  for (guint i = 0; i < rows_before->len; i++)
    g_assert_true (g_ptr_array_find (rows_after, rows_before->pdata[i], NULL));
  /* most frequent first: llm's rate limits (rows 1, 9) */
  g_assert_cmpstr (first_label_text (rows_after->pdata[0]), ==, "llm");
  g_assert_cmpstr (after->error_groups[0].message_text, ==, "rate limited");
  g_assert_cmpuint (after->error_groups[0].count, ==, 2);
  for (guint i = 0; i < after->n_error_groups; i++)
    g_assert_cmpstr (first_label_text (rows_after->pdata[i]), ==, after->error_groups[i].step_name);
  /* Avg Latency (the eighth column) keeps one decimal, "400.0 ms" too, so
   * the column's figures line up on the decimal point */
  for (guint i = 0; i < after->n_error_groups; i++)
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      g_autofree char *expected = g_strdup_printf ("%.1f ms", round (after->error_groups[i].avg_latency_ms * 10) / 10);

      collect_cell_texts (rows_after->pdata[i], texts);
      g_assert_cmpuint (texts->len, >=, 8);
      g_assert_cmpstr (texts->pdata[7], ==, expected);
    }
  g_assert_cmpfloat (after->error_groups[0].avg_latency_ms, ==, 400.0);

  sessions_after = children_of (GTK_WIDGET (f->page->sessions_list));
  g_assert_cmpuint (sessions_after->len, ==, 4);
  for (guint i = 0; i < sessions_before->len; i++)
    g_assert_true (sessions_after->pdata[i] == sessions_before->pdata[i]);
  for (guint i = 0; i < after->n_error_sessions; i++)
    {
      char id[37];

      il_uuid_format (&after->error_sessions[i].id, id);
      id[8] = '\0';
      g_assert_cmpstr (first_label_text (sessions_after->pdata[i]), ==, id);
    }

  steps_after = children_of (GTK_WIDGET (f->page->steps_box));
  g_assert_cmpuint (steps_after->len, ==, 3);
  for (guint i = 0; i < steps_before->len; i++)
    g_assert_true (steps_after->pdata[i] == steps_before->pdata[i]);
  assert_checks (f->page->steps_box, "llm+, stt+, tts+");
}

/* ---- a new snapshot reaches the table's rows in place ---------------------------------- */

#define N_MESSAGES 25

/* N_MESSAGES groups of one step, each with @per_group error rows. */
static IlSnapshot *
snapshot_of_groups (guint per_group)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree Row *many = g_new0 (Row, N_MESSAGES * per_group);
  IlRowStore *many_store;
  IlSnapshot *shown;

  for (guint m = 0; m < N_MESSAGES; m++)
    g_ptr_array_add (messages, g_strdup_printf ("failure %02u", m));
  for (guint i = 0; i < N_MESSAGES * per_group; i++)
    many[i] = (Row) { i, 1, "stt", 100, "error", messages->pdata[i % N_MESSAGES], T0 + i * HOUR, 0 };
  many_store = make_store (many, N_MESSAGES * per_group);
  shown = il_snapshot_new (many_store, il_aggregates_compute (many_store, NULL, NULL));
  il_row_store_unref (many_store);
  return shown;
}

/* How many rows of the table show @count in the Count column. */
static guint
rows_showing_count (GtkWidget  *list,
                    const char *count)
{
  g_autoptr(GPtrArray) rows_shown = rows_of (list);
  guint n = 0;

  for (guint i = 0; i < rows_shown->len; i++)
    {
      /* the cells in column order: Step, Error Message, Count, ... */
      GtkWidget *cell = gtk_widget_get_first_child (rows_shown->pdata[i]);

      cell = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (cell));
      n += g_strcmp0 (first_label_text (cell), count) == 0;
    }
  return n;
}

/* A new snapshot's figures reach the rows in place: every row shows them at
 * once, and the table's model announces no change (in GTK 4.8 that would
 * rebind every row after the change, and measure the cells again). */
static void
test_rows_refreshed_in_place (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(IlSnapshot) once = snapshot_of_groups (1);
  g_autoptr(IlSnapshot) twice = snapshot_of_groups (2);
  GtkWidget *list = find_descendant (GTK_WIDGET (f->page->column_view), GTK_TYPE_LIST_VIEW);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (f->page->column_view));
  guint n_changes = 0;
  gulong handler;

  show_snapshot (GTK_WIDGET (f->page), once);
  settle (f->page);
  run_frames (10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_MESSAGES);
  g_assert_cmpuint (rows_showing_count (list, "1"), ==, N_MESSAGES);

  handler = g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed), &n_changes);
  show_snapshot (GTK_WIDGET (f->page), twice);
  g_assert_cmpuint (rows_showing_count (list, "2"), ==, N_MESSAGES);
  settle (f->page);
  run_frames (10);
  g_signal_handler_disconnect (model, handler);

  g_assert_cmpuint (n_changes, ==, 0);
  g_assert_cmpuint (rows_showing_count (list, "2"), ==, N_MESSAGES);
  g_assert_cmpstr (gtk_label_get_text (f->page->filter_count_label), ==, "50 of 50 error rows match");
}

/* ---- the error rows are collected in a thread ---------------------------------------- */

/* The update's error rows are found off the main thread: the count keeps its
 * text until they are in, and a check unticked meanwhile narrows them. */
static void
test_scan_in_thread (Fixture       *f,
                     gconstpointer  data)
{
  show_snapshot (GTK_WIDGET (f->page), f->after);
  g_assert_true (_il_errors_page_is_scanning (f->page));
  g_assert_cmpstr (gtk_label_get_text (f->page->filter_count_label), ==, "5 of 5 error rows match");
  assert_checks (f->page->steps_box, "llm+, stt+, tts+");

  set_check (f->page->steps_box, "llm", FALSE);
  settle (f->page);

  g_assert_false (_il_errors_page_is_scanning (f->page));
  assert_checks (f->page->steps_box, "llm-, stt+, tts+");
  assert_result (f->page, "5 of 9 error rows match", "0 3 7 8 10");
}

/* Rows collected for a snapshot that a newer one replaced before they
 * landed are dropped: the page shows the newer one's, exactly. */
static void
test_stale_scan_dropped (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (f->page->column_view), GTK_TYPE_LIST_VIEW);
  g_autoptr(GPtrArray) rows_shown = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  const IlAggregates *before = il_snapshot_get_aggregates (f->before);

  show_snapshot (GTK_WIDGET (f->page), f->after);
  g_assert_true (_il_errors_page_is_scanning (f->page));
  /* the thread is done with the update's rows; their result waits in the loop */
  g_usleep (200 * 1000);
  show_snapshot (GTK_WIDGET (f->page), f->before);
  g_assert_true (_il_errors_page_is_scanning (f->page));
  settle (f->page);

  assert_checks (f->page->steps_box, "llm+, stt+");
  assert_checks (f->page->messages_box, "(no message)+, rate limited+, timeout+");
  assert_result (f->page, "5 of 5 error rows match", "0 1 3 4 6");

  run_frames (10);
  rows_shown = rows_of (list);
  g_assert_cmpuint (rows_shown->len, ==, before->n_error_groups);
  for (guint i = 0; i < before->n_error_groups; i++)
    g_assert_cmpstr (first_label_text (rows_shown->pdata[i]), ==, before->error_groups[i].step_name);
  sessions = children_of (GTK_WIDGET (f->page->sessions_list));
  g_assert_cmpuint (sessions->len, ==, before->n_error_sessions);
  for (guint i = 0; i < before->n_error_sessions; i++)
    {
      char id[37];

      il_uuid_format (&before->error_sessions[i].id, id);
      id[8] = '\0';
      g_assert_cmpstr (first_label_text (sessions->pdata[i]), ==, id);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pages_test_init (&argc, &argv);

  g_test_add ("/errors-page-filter/rows-refreshed-in-place", Fixture, NULL,
              fixture_set_up, test_rows_refreshed_in_place, fixture_tear_down);
  g_test_add ("/errors-page-filter/scan-in-thread", Fixture, NULL,
              fixture_set_up, test_scan_in_thread, fixture_tear_down);
  g_test_add ("/errors-page-filter/stale-scan-dropped", Fixture, NULL,
              fixture_set_up, test_stale_scan_dropped, fixture_tear_down);
  g_test_add ("/errors-page-filter/not-narrowed", Fixture, NULL,
              fixture_set_up, test_not_narrowed, fixture_tear_down);
  g_test_add ("/errors-page-filter/narrowed-steps", Fixture, &narrowed_steps,
              fixture_set_up, test_narrowed, fixture_tear_down);
  g_test_add ("/errors-page-filter/narrowed-messages", Fixture, &narrowed_messages,
              fixture_set_up, test_narrowed, fixture_tear_down);
  g_test_add ("/errors-page-filter/narrowed-both", Fixture, &narrowed_both,
              fixture_set_up, test_narrowed, fixture_tear_down);

  g_test_add ("/errors-page-filter/days", Fixture, NULL,
              fixture_set_up, test_days, fixture_tear_down);
  g_test_add ("/errors-page-filter/day-being-edited", Fixture, NULL,
              fixture_set_up, test_day_being_edited, fixture_tear_down);

  g_test_add ("/errors-page-filter/update-while-hidden", Fixture, NULL,
              fixture_set_up, test_update_while_hidden, fixture_tear_down);

  g_test_add ("/errors-page-filter/rows-kept", Fixture, NULL,
              fixture_set_up, test_rows_kept, fixture_tear_down);

  ret = g_test_run ();

  pages_test_free_demo ();

  return ret;
}
