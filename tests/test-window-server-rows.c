/* test-window-server-rows.c: the Error Analysis filter and the session search
 * when the database computed the figures, against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table is the pandas fixture plus a session the summary does not list,
 * with error rows whose created_at is null and a message full of PostgREST's
 * reserved characters. The summary lists only a few sessions. Counts and the
 * saved CSV are compared with what client mode gives on the same rows.
 * The search's id ranges and bounds alone: test-session-search.c.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "errors-page-test-util.h"
#include "fake-postgrest.h"
#include "fixture-rows.h"
#include "il-error-filter.h"
#include "il-errors-page-private.h"
#include "il-format.h"
#include "il-main-window-private.h"
#include "il-row-merge.h"
#include "il-sessions-page-private.h"
#include "il-status-badge-private.h"

#define API_KEY "sb_publishable_ServerRowsTestKey_0123456789"
#define TRICKY  "say \"hi\", (now) \\ 50% *_ or=(x)"
#define EXTRA_SESSION "00000000-0000-2000-0000-000000000001"
/* 2026-01-02 and 2026-01-04, 00:00 UTC */
#define JAN2 G_GINT64_CONSTANT (1767312000000000)
#define JAN4 G_GINT64_CONSTANT (1767484800000000)
#define LISTED_ROWS 5

static IlFakePostgrest *fake;
static IlRowStore *rows;
static IlConfig *config;
static IlMainWindow *window;
static char *summary_text;
static char *tmp_dir;

static char *
answer_summary (const char *name,
                const char *args,
                guint      *status,
                gpointer    data)
{
  return g_strdup (summary_text);
}

/* The fixture plus one session: two error rows with a null created_at
 * (dated by started_at on 2 January), one with the tricky message, and a
 * success. */
static IlRowStore *
table_rows (void)
{
  g_autoptr(IlRowStore) fixture = fixture_store ();
  g_autoptr(IlRowStore) extra = il_row_store_new ();
  const gint64 noon = JAN2 + G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC;
  struct { const char *step, *status, *message; gboolean dated; double latency; } specs[] = {
    { "beta", "error", TRICKY, FALSE, 812.25 },
    { "alpha", "error", NULL, FALSE, 95.5 },
    { "beta", "error", TRICKY, TRUE, 400.125 },
    { "delta", "success", NULL, TRUE, 1234.5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      IlRowInput in = { 0 };

      in.metric_id.hi = 0xfeed;
      in.metric_id.lo = i;
      g_assert_true (il_uuid_parse (EXTRA_SESSION, -1, &in.session_id));
      in.turn_number = (gint32) i / 2;
      in.step_name = specs[i].step;
      in.status = specs[i].status;
      in.error_message = specs[i].message;
      in.latency_ms = specs[i].latency;
      in.started_at = noon + (gint64) i * 60 * G_USEC_PER_SEC;
      in.completed_at = in.started_at + (gint64) (specs[i].latency * 1000);
      in.created_at = specs[i].dated ? JAN2 + G_GINT64_CONSTANT (30) * 3600 * G_USEC_PER_SEC : IL_TIME_NONE;
      il_row_store_append_row (extra, &in);
    }
  il_row_store_seal (extra);
  return il_row_store_merge (fixture, IL_TIME_NONE, NULL, 0, FALSE, &extra, 1);
}

/* The fixture's summary, listing only LISTED_ROWS sessions (and the slowest
 * and fastest), with the extra session's error groups. */
static char *
summary_json (void)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "summary-fixture.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *root, *sessions;
  JsonArray *listed, *groups;
  g_autoptr(JsonArray) fewer = json_array_new ();

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  sessions = json_object_get_object_member (root, "sessions");
  listed = json_object_get_array_member (sessions, "rows");
  for (guint i = 0; i < LISTED_ROWS; i++)
    json_array_add_element (fewer, json_node_copy (json_array_get_element (listed, i)));
  json_object_set_array_member (sessions, "rows", json_array_ref (fewer));

  groups = json_object_get_array_member (root, "error_groups");
  {
    JsonObject *g = json_object_new ();

    json_object_set_string_member (g, "step", "beta");
    json_object_set_int_member (g, "count", 2);
    json_object_set_string_member (g, "message", TRICKY);
    json_object_set_int_member (g, "first_seen_us", JAN2);
    json_object_set_int_member (g, "last_seen_us", JAN2);
    json_object_set_double_member (g, "avg_latency_ms", 606.1875);
    json_object_set_int_member (g, "affected_sessions", 1);
    json_object_set_double_member (g, "share_of_step_pct", 4);
    json_array_add_object_element (groups, g);
  }
  json_generator_set_root (gen, json_parser_get_root (parser));
  return json_generator_to_data (gen, NULL);
}

typedef gboolean (*Condition) (void);

static void
wait_until (Condition cond)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
connected_and_idle (void)
{
  return il_main_window_is_idle (window)
         && il_status_badge_get_status (_il_main_window_get_status_badge (window)) == IL_STATUS_CONNECTED
         && il_main_window_get_aggregates (window) != NULL;
}

static IlErrorsPage *
errors_page (void)
{
  return IL_ERRORS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_ERRORS));
}

static IlSessionsPage *
sessions_page (void)
{
  return IL_SESSIONS_PAGE (il_main_window_get_page_widget (window, IL_PAGE_SESSIONS));
}

static gboolean
counted (void)
{
  return !_il_errors_page_is_counting (errors_page ());
}

static gboolean
searched (void)
{
  return !_il_sessions_page_is_searching (sessions_page ());
}

static guint
n_logged (void)
{
  return il_fake_postgrest_get_n_requests (fake);
}

static char *
log_entry (guint i)
{
  g_autoptr(GPtrArray) log = il_fake_postgrest_dup_log (fake);

  g_assert_cmpuint (i, <, log->len);
  return g_uri_unescape_string (g_ptr_array_index (log, i), NULL);
}

/* What client mode counts: an IlErrorFilter over the table's rows. */
static guint
client_count (const char * const *steps,
              const char * const *messages,
              gboolean            null_on,
              gint64              from,
              gint64              to)
{
  IlFilter filter;
  IlAggregateOptions options;
  g_autoptr(IlAggregates) agg = NULL;
  g_autoptr(IlErrorFilter) f = NULL;
  guint n;

  il_filter_init (&filter);
  il_aggregate_options_init (&options);
  agg = il_aggregates_compute (rows, &filter, &options);
  f = il_error_filter_new (rows, agg);
  il_error_filter_set_step_names (f, steps);
  il_error_filter_set_message_texts (f, messages);
  il_error_filter_set_message (f, IL_STR_NONE, messages == NULL || null_on);
  il_error_filter_set_range (f, from, to);
  il_error_filter_get_rows (f, &n);
  il_filter_clear (&filter);
  return n;
}

/* The page's filter: @messages (NULL: all) plus the null ones when @null_on. */
static void
page_filter (const char * const *steps,
             const char * const *messages,
             gboolean            null_on,
             gint64              from,
             gint64              to)
{
  IlErrorsPage *page = errors_page ();

  il_errors_page_set_error_filter (page, steps, messages, from, to);
  if (messages != NULL && null_on)
    set_check (page->messages_box, "(no message)", TRUE);
  wait_until (counted);
}

static void
test_summary (void)
{
  g_assert_true (il_main_window_open_source (window, config, FALSE));
  wait_until (connected_and_idle);
  g_assert_cmpstr (_il_status_badge_get_mode_text (_il_main_window_get_status_badge (window)), ==,
                   "Computed in the database");
  il_main_window_set_page (window, IL_PAGE_ERRORS);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (errors_page ()));
}

/* Every filter's count comes from the database and equals client mode's. */
static void
test_error_count (void)
{
  IlErrorsPage *page = errors_page ();
  const char *steps[] = { "beta", "alpha", NULL };
  const char *some[] = { TRICKY, "multi\nline", NULL };
  const char *tricky[] = { TRICKY, NULL };
  const char *beta[] = { "beta", NULL };
  guint from = n_logged ();
  g_autofree char *label = NULL;
  guint want;

  /* nothing narrowed: the summary's count, nothing asked */
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, 15);
  g_assert_cmpuint (n_logged (), ==, from);

  page_filter (steps, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  want = client_count (steps, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  g_assert_cmpuint (want, >, 0);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, want);
  {
    g_autofree char *req = log_entry (n_logged () - 1);

    g_assert_nonnull (strstr (req, "limit=0"));
    g_assert_nonnull (strstr (req, "status=in.(\"error\")"));
  }
  label = il_format_count_str (want);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->filter_count_label), label));

  /* several messages and the null ones: one or() */
  page_filter (NULL, some, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  want = client_count (NULL, some, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, want);
  {
    g_autofree char *req = log_entry (n_logged () - 1);

    g_assert_nonnull (strstr (req, "and=(or(error_message.is.null,error_message.in.("));
  }

  /* only the null ones */
  page_filter (NULL, (const char *[]) { NULL }, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==,
                   client_count (NULL, (const char *[]) { NULL }, TRUE, IL_TIME_NONE, IL_TIME_NONE));

  /* days: rows with no created_at are dated by started_at */
  page_filter (NULL, NULL, TRUE, JAN2, JAN4);
  want = client_count (NULL, NULL, TRUE, JAN2, JAN4);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, want);
  g_assert_cmpuint (want, <, client_count (NULL, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE));

  /* everything at once; the tricky message is quoted and escaped; one of
   * its two rows has no created_at */
  page_filter (beta, tricky, FALSE, JAN2, JAN4);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, 2);
  g_assert_cmpuint (client_count (beta, tricky, FALSE, JAN2, JAN4), ==, 2);
  page_filter (NULL, some, TRUE, JAN2, JAN4);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, client_count (NULL, some, TRUE, JAN2, JAN4));

  /* no step ticked: nothing passes, nothing asked */
  from = n_logged ();
  page_filter ((const char *[]) { NULL }, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, 0);
  g_assert_cmpuint (n_logged (), ==, from);
}

/* Clicks in a row make one count; a failed count keeps the last one shown. */
static void
test_error_count_debounce_and_failure (void)
{
  IlErrorsPage *page = errors_page ();
  const char *steps[] = { "beta", NULL };
  guint from;
  guint want = client_count (steps, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  g_autofree char *want_text = il_format_count_str (want);
  const char *text;

  page_filter (NULL, NULL, TRUE, IL_TIME_NONE, IL_TIME_NONE);
  from = n_logged ();
  set_check (page->steps_box, "alpha", FALSE);
  set_check (page->steps_box, "delta", FALSE);
  set_check (page->steps_box, "gamma, \"quoted\"", FALSE);
  wait_until (counted);
  g_assert_cmpuint (n_logged (), ==, from + 1);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, want);

  /* a statement timeout: no retry, the message says why, the count stays */
  il_fake_postgrest_fault_status (fake, n_logged () + 1, 500, NULL,
                                  "{\"code\":\"57014\",\"details\":null,\"hint\":null,"
                                  "\"message\":\"canceling statement due to statement timeout\"}", NULL);
  set_check (page->steps_box, "alpha", TRUE);
  wait_until (counted);
  text = gtk_label_get_text (page->filter_count_label);
  g_assert_true (g_str_has_prefix (text, want_text));
  g_assert_nonnull (strstr (text, "failed"));
  g_assert_nonnull (strstr (text, "timeout"));
  il_fake_postgrest_clear_faults (fake);

  /* the next click counts again */
  set_check (page->steps_box, "alpha", FALSE);
  wait_until (counted);
  g_assert_cmpint (_il_errors_page_get_remote_count (page), ==, want);
  g_assert_null (strstr (gtk_label_get_text (page->filter_count_label), "failed"));
}

/* ---- the session search -------------------------------------------------------- */

static IlSessionsPageItem *
listed_item (guint i)
{
  GListModel *model = G_LIST_MODEL (sessions_page ()->filtered);
  IlSessionsPageItem *item = g_list_model_get_item (model, i);

  g_object_unref (item);   /* the model holds it */
  return item;
}

/* No request since @from searched for sessions (a selected session's rows
 * may have been asked for). */
static void
assert_no_search_since (guint from)
{
  for (guint i = from; i < n_logged (); i++)
    {
      g_autofree char *req = log_entry (i);

      g_assert_null (strstr (req, "session_id=gte."));
    }
}

static gboolean
session_shown (void)
{
  return _il_sessions_page_get_detail (sessions_page ()) != NULL;
}

static void
test_session_search (void)
{
  IlSessionsPage *page = sessions_page ();
  const IlAggregates *agg;
  guint listed;
  guint from;
  IlUuid extra;

  il_main_window_set_page (window, IL_PAGE_SESSIONS);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (page));
  agg = page->agg;
  listed = il_sessions_page_get_n_listed (page);
  g_assert_cmpuint (listed, <, 20);
  g_assert_true (il_uuid_parse (EXTRA_SESSION, -1, &extra));
  for (guint i = 0; i < agg->n_sessions; i++)
    g_assert_false (il_uuid_compare (&agg->sessions[i].id, &extra) == 0);

  /* a session the summary does not list, by the start of its id */
  from = n_logged ();
  il_sessions_page_set_search (page, "00000000-0000-2000");
  g_assert_true (_il_sessions_page_is_searching (page));
  wait_until (searched);
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 1);
  fixture_assert_same_session (&listed_item (0)->shown, fixture_session_summary (rows, EXTRA_SESSION));
  {
    g_autofree char *req = log_entry (from);

    g_assert_nonnull (strstr (req, "session_id=gte.00000000-0000-2000-0000-000000000000"));
    g_assert_nonnull (strstr (req, "session_id=lte.00000000-0000-2000-ffff-ffffffffffff"));
    g_assert_nonnull (strstr (req, "order=session_id.asc,metric_id.asc"));
  }
  g_assert_cmpstr (gtk_label_get_text (page->count_label), ==, "1 session of the range matches");
  /* selected: its rows by session_id=eq. */
  wait_until (session_shown);
  g_assert_cmpuint (_il_sessions_page_get_detail (page)->n_rows, ==, 4);

  /* a refresh keeps the found session listed and shown, and searches again */
  {
    guint rpc = il_fake_postgrest_get_n_rpc_calls (fake);

    from = n_logged ();
    il_main_window_refresh (window);
    wait_until (connected_and_idle);
    g_assert_cmpuint (il_fake_postgrest_get_n_rpc_calls (fake), ==, rpc + 1);
    g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 1);
    g_assert_true (listed_item (0)->found);
    wait_until (searched);
    wait_until (session_shown);
    g_assert_cmpuint (_il_sessions_page_get_detail (page)->n_rows, ==, 4);
    g_assert_cmpstr (gtk_label_get_text (page->title_label), ==, EXTRA_SESSION);
    g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 1);
    fixture_assert_same_session (&listed_item (0)->shown, fixture_session_summary (rows, EXTRA_SESSION));
    {
      gboolean searched_again = FALSE;

      for (guint i = from; i < n_logged (); i++)
        {
          g_autofree char *req = log_entry (i);

          searched_again |= strstr (req, "session_id=gte.00000000-0000-2000") != NULL;
        }
      g_assert_true (searched_again);
    }
  }

  /* without dashes and in capitals, as the list's own search allows */
  il_sessions_page_set_search (page, "  0000000000001003  ");
  wait_until (searched);
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 1);
  fixture_assert_same_session (&listed_item (0)->shown, fixture_session_summary (rows, "00000000-0000-1003-0000-000000000003"));

  /* every fixture session, most recent first, figures as client mode's */
  il_sessions_page_set_search (page, "00000000-0000-10");
  wait_until (searched);
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      char id[37];
      const IlSessionSummary *s = &listed_item (i)->shown;

      il_uuid_format (&s->id, id);
      fixture_assert_same_session (s, fixture_session_summary (rows, id));
      if (i > 0)
        g_assert_cmpint (listed_item (i - 1)->shown.first_start, >=, s->first_start);
    }
  g_assert_cmpstr (gtk_label_get_text (page->count_label), ==, "20 sessions of the range match");

  /* cleared: the summary's list again, without a search (only the
   * selected session's rows are asked for) */
  from = n_logged ();
  il_sessions_page_set_search (page, NULL);
  g_assert_false (_il_sessions_page_is_searching (page));
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, listed);
  g_assert_false (listed_item (0)->found);
  wait_until (session_shown);
  assert_no_search_since (from);
}

/* Typing makes one search; a newer text cancels the older search. */
static void
test_session_search_debounce (void)
{
  IlSessionsPage *page = sessions_page ();
  guint from = n_logged ();

  il_sessions_page_set_search (page, "0");
  il_sessions_page_set_search (page, "00");
  il_sessions_page_set_search (page, "00000000-0000-1005");
  wait_until (searched);
  /* several requests (max-rows cuts pages short), all for the last text;
   * besides them only a selected session's rows */
  {
    guint n_search = 0;

    for (guint i = from; i < n_logged (); i++)
      {
        g_autofree char *req = log_entry (i);

        if (strstr (req, "session_id=gte.") == NULL)
          {
            g_assert_nonnull (strstr (req, "session_id=eq."));
            continue;
          }
        g_assert_nonnull (strstr (req, "session_id=gte.00000000-0000-1005-0000-000000000000"));
        n_search++;
      }
    g_assert_cmpuint (n_search, >, 0);
  }
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 1);
  fixture_assert_same_session (&listed_item (0)->shown, fixture_session_summary (rows, "00000000-0000-1005-0000-000000000005"));
}

/* Text no id can start with: nothing is asked, nothing is found; a failed
 * search keeps the list shown. */
static void
test_session_search_escaping_and_failure (void)
{
  IlSessionsPage *page = sessions_page ();
  const char *bad[] = { "*", "%", "_", "\\", "a,b", "(", ")", "\"", "0*", "00000000-0000-10%", "0_", "abc.def",
                        "00000000--", "000000000-", "00000000-0000-1000-0000-0000000000000", "z" };
  guint from = n_logged ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      il_sessions_page_set_search (page, bad[i]);
      wait_until (searched);
      g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 0);
      g_assert_cmpstr (gtk_label_get_text (page->count_label), ==, "0 sessions of the range match");
    }
  assert_no_search_since (from);

  il_sessions_page_set_search (page, "00000000-0000-100");
  wait_until (searched);
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 16);

  /* every request fails, the selected session's rows too */
  il_fake_postgrest_fault_status (fake, 0, 500, NULL,
                                  "{\"code\":\"57014\",\"details\":null,\"hint\":null,"
                                  "\"message\":\"canceling statement due to statement timeout\"}", NULL);
  il_sessions_page_set_search (page, "00000000-0000-1");
  wait_until (searched);
  il_fake_postgrest_clear_faults (fake);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->count_label), "Searching the database failed"));
  g_assert_nonnull (strstr (gtk_label_get_text (page->count_label), "timeout"));
  /* the found sessions stay (those the new text also matches) */
  g_assert_cmpuint (il_sessions_page_get_n_listed (page), ==, 16);
  g_assert_true (listed_item (0)->found);
  il_sessions_page_set_search (page, NULL);
}

/* ---- the errors CSV ------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  gint64   n_rows;
} SaveResult;

static void
on_save_finished (IlErrorsPage *page,
                  gint64        n_rows,
                  const char   *message,
                  SaveResult   *result)
{
  result->done = TRUE;
  result->n_rows = n_rows;
}

static char *
save_errors (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SaveResult result = { FALSE, -2 };
  gulong id = g_signal_connect (errors_page (), "save-finished", G_CALLBACK (on_save_finished), &result);
  char *contents = NULL;

  il_errors_page_save_errors_csv (errors_page (), file);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (errors_page (), id);
  g_assert_cmpint (result.n_rows, >, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  return contents;
}

/* The streamed CSV is, byte for byte, what client mode writes. */
static void
test_errors_csv (void)
{
  const char *some[] = { TRICKY, "multi\nline", NULL };
  g_autofree char *remote = NULL;
  g_autofree char *local = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  il_main_window_set_page (window, IL_PAGE_ERRORS);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (errors_page ()));
  page_filter (NULL, some, TRUE, JAN2, JAN4);
  remote = save_errors ("remote.csv");
  g_assert_nonnull (strstr (remote, "\"say \"\"hi\"\", (now) \\ 50% *_ or=(x)\""));
  g_assert_nonnull (strstr (remote, "multi\nline"));

  g_settings_set_string (settings, "compute-mode", "client");
  wait_until (connected_and_idle);
  il_dashboard_page_update (IL_DASHBOARD_PAGE (errors_page ()));
  g_assert_false (errors_page ()->remote);
  page_filter (NULL, some, TRUE, JAN2, JAN4);
  local = save_errors ("local.csv");

  g_assert_cmpstr (remote, ==, local);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  int ret;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);

  summary_text = summary_json ();
  rows = table_rows ();
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 7);
  il_fake_postgrest_set_rpc (fake, answer_summary, NULL);
  config = il_config_new ();
  config->url = g_strdup (il_fake_postgrest_get_url (fake));
  config->key = g_strdup (API_KEY);
  tmp_dir = g_dir_make_tmp ("il-server-rows-XXXXXX", NULL);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "compute-mode", "server");
  g_settings_set_boolean (settings, "use-cache", FALSE);

  window = il_main_window_new (NULL);
  g_object_ref_sink (window);
  il_main_window_set_range (window, 30, TRUE);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/server-rows/summary", test_summary);
  g_test_add_func ("/server-rows/error-count", test_error_count);
  g_test_add_func ("/server-rows/error-count-debounce-failure", test_error_count_debounce_and_failure);
  g_test_add_func ("/server-rows/session-search", test_session_search);
  g_test_add_func ("/server-rows/session-search-debounce", test_session_search_debounce);
  g_test_add_func ("/server-rows/session-search-escaping-failure", test_session_search_escaping_and_failure);
  g_test_add_func ("/server-rows/errors-csv", test_errors_csv);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  il_config_free (config);
  g_free (summary_text);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
