/* test-session-search.c: sessions found by id in the database: the search
 * text as a range of ids (the session list's own semantics), the bounds on
 * sessions and rows, and why it is not a LIKE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fake-postgrest.h"
#include "fixture-rows.h"
#include "il-session-search.h"

#define API_KEY "sb_publishable_SessionSearchTestKey_0123456789"
#define EXTRA_SESSION "00000000-0000-2000-0000-000000000001"

static IlFakePostgrest *fake;
static IlRowStore *rows;

typedef gboolean (*Condition) (void);

static void
wait_until (Condition cond)
{
  while (!cond ())
    g_main_context_iteration (NULL, TRUE);
}

/* The client-mode semantics: the text (lower case, trimmed) starts the id,
 * with or without its dashes. */
static gboolean
client_matches (const IlUuid *id,
                const char   *text)
{
  g_autofree char *clean = g_strstrip (g_ascii_strdown (text, -1));
  char dashed[37], compact[33];
  guint n = 0;

  il_uuid_format (id, dashed);
  for (guint i = 0; dashed[i] != '\0'; i++)
    if (dashed[i] != '-')
      compact[n++] = dashed[i];
  compact[n] = '\0';
  return g_str_has_prefix (dashed, clean) || g_str_has_prefix (compact, clean);
}

static void
test_search_range (void)
{
  const char *texts[] = { "", "0", "00000000", "00000000-", "000000000", "00000000-0000-1", "0000000000001",
                          "00000000-0000-100a", "00000000-0000-100A", " 0000000000001009 ",
                          "00000000-0000-1013-0000-000000000013", "00000000000010130000000000000013",
                          "00000000-0000-2000-0000-00000000000", "0000000000002000", "ff", "-", "00000000-0000-",
                          "00000000-0000-1000-", "00000000-0000-1000-0", "0000000-0", "1*", "10%", "x" };
  const char *ids[] = { "00000000-0000-1000-0000-000000000000", "00000000-0000-100a-0000-00000000000a",
                        "00000000-0000-1013-0000-000000000013", EXTRA_SESSION,
                        "00000000-0000-0fff-ffff-ffffffffffff", "00000000-0000-1001-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000" };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      IlUuid lo, hi;
      gboolean any = il_session_search_range (texts[t], &lo, &hi);

      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          IlUuid id;
          gboolean in_range;

          g_assert_true (il_uuid_parse (ids[i], -1, &id));
          in_range = any && il_uuid_compare (&lo, &id) <= 0 && il_uuid_compare (&id, &hi) <= 0;
          if (in_range != client_matches (&id, texts[t]))
            g_error ("\"%s\" and %s: range %d, list %d", texts[t], ids[i], in_range, client_matches (&id, texts[t]));
        }
    }
}

/* Why the search is a range: PostgreSQL has no LIKE for a uuid column, and
 * PostgREST answers that with 404 42883 (the fake as the real one). */
static void
test_ilike_on_uuid_rejected (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/rest/v1/interview_latency_metrics?select=metric_id"
                                          "&session_id=ilike.*2000*", il_fake_postgrest_get_url (fake));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "apikey", API_KEY);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "42883"));
}

/* A search that matches more sessions than it may show keeps the lowest ids
 * whose rows all came, and says there are more. */
static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  IlSessionSearch **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = il_supabase_client_search_sessions_finish (IL_SUPABASE_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static IlSessionSearch *found;

static gboolean
found_done (void)
{
  return found != NULL;
}

static void
test_search_bounds (void)
{
  g_autoptr(IlSupabaseClient) client = il_supabase_client_new (il_fake_postgrest_get_url (fake), API_KEY);
  static const char *const lowest[] = { "1002-0000-000000000002", "1001-0000-000000000001", "1000-0000-000000000000" };

  /* 3 sessions at most: the fourth id seen ends the fetch */
  il_supabase_client_search_sessions_async (client, "0000000000001", IL_TIME_NONE, IL_TIME_NONE, 3, 20000,
                                            NULL, search_done, &found);
  wait_until (found_done);
  g_assert_true (found->more);
  g_assert_cmpuint (found->n_sessions, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      char id[37];

      il_uuid_format (&found->sessions[i].id, id);
      /* most recent first: the three lowest ids, 1002 down to 1000 */
      g_assert_cmpstr (id + 14, ==, lowest[i]);
      fixture_assert_same_session (&found->sessions[i], fixture_session_summary (rows, id));
    }
  g_clear_pointer (&found, il_session_search_free);

  /* 25 rows at most (26 asked, to see there are more): sessions 1000 and
   * 1001 whole, 1002 cut short and left out */
  il_supabase_client_search_sessions_async (client, "0000000000001", IL_TIME_NONE, IL_TIME_NONE, 200, 25,
                                            NULL, search_done, &found);
  wait_until (found_done);
  g_assert_true (found->more);
  g_assert_cmpuint (found->n_sessions, ==, 2);
  g_assert_cmpuint (found->store->n_rows, <=, 26);
  g_clear_pointer (&found, il_session_search_free);

  /* all of them */
  il_supabase_client_search_sessions_async (client, "0000000000001", IL_TIME_NONE, IL_TIME_NONE, 20, 200,
                                            NULL, search_done, &found);
  wait_until (found_done);
  g_assert_false (found->more);
  g_assert_cmpuint (found->n_sessions, ==, 20);
  g_clear_pointer (&found, il_session_search_free);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("IL_RETRY_BASE_MS", "1", TRUE);

  rows = fixture_store ();
  fake = il_fake_postgrest_new (rows, API_KEY);
  il_fake_postgrest_set_max_rows (fake, 7);

  g_test_add_func ("/session-search/range", test_search_range);
  g_test_add_func ("/session-search/ilike-on-uuid-rejected", test_ilike_on_uuid_rejected);
  g_test_add_func ("/session-search/bounds", test_search_bounds);
  ret = g_test_run ();

  il_fake_postgrest_free (fake);
  il_row_store_unref (rows);
  return ret;
}
