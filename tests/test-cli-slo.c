/* test-cli-slo.c: the command line's latency targets: --slo, --check and
 * the saved targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"
#include "fake-postgrest.h"
#include "il-aggregates.h"
#include "il-cli.h"
#include "il-demo.h"
#include "il-period.h"
#include "il-report.h"
#include "il-slo.h"

#define DEMO_NOW "2026-11-28T12:00:00+00:00"
#define TEST_KEY "sb_secret_cli-test-key"

/* ---- latency targets ------------------------------------------------------- */

static void
test_cli_slo_usage (void)
{
  char *check[] = { "x", "--demo", "--check", NULL };
  CliResult result = { 0 };

  g_assert_true (il_cli_wanted (3, check));
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);

  /* a bad target: exit 2, its text on stderr, nothing on stdout */
  run_cli (&result, "--demo", "--check", "--slo", "llm_total:p96<=800", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "“llm_total:p96<=800”"));
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--report=json", "--slo", "*:p95<=800", "--slo", "stt:error_rate<=2", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "“stt:error_rate<=2”"));
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--check", "--slo=stt:p95<=-1", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "“stt:p95<=-1”"));
  cli_result_clear (&result);

  /* --check with no target at all would pass silently: bad usage instead */
  run_cli (&result, "--demo", "--check", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "--slo"));
  cli_result_clear (&result);

  g_unsetenv ("IL_DEMO_NOW");
}

/* The demo's figures of the last 7 days before DEMO_NOW (names owned by *store). */
static IlAggregates *
demo_aggregates_7_days (IlRowStore **store_out)
{
  IlRowStore *store;
  IlAggregates *aggregates;
  IlFilter filter;
  gint64 now;
  gint16 offset;

  g_assert_true (il_timestamp_parse (DEMO_NOW, -1, &now, &offset));
  store = il_demo_generate (IL_DEMO_DEFAULT_ROWS, IL_DEMO_DEFAULT_SEED, now);
  il_filter_init (&filter);
  filter.created_min = now - (gint64) 7 * 86400 * G_USEC_PER_SEC;
  aggregates = il_aggregates_compute (store, &filter, NULL);
  il_filter_clear (&filter);
  *store_out = store;
  return aggregates;
}

static char *
shortest (double v)
{
  for (int prec = 15; prec <= 17; prec++)
    {
      char *s = g_strdup_printf ("%.*g", prec, v);

      if (prec == 17 || g_ascii_strtod (s, NULL) == v)
        return s;
      g_free (s);
    }
  g_assert_not_reached ();
}

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_cli_check_exit_codes (void)
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(IlAggregates) agg = demo_aggregates_7_days (&store);
  gint total = il_slo_find_step (agg, "llm_total");
  double p95;
  g_autofree char *at_text = NULL;
  g_autofree char *at_bound = NULL;
  g_autofree char *below_bound = NULL;
  g_autofree char *below_text = NULL;
  CliResult result = { 0 };

  g_assert_cmpint (total, >=, 0);
  p95 = agg->steps[total].p95;
  below_text = shortest (nextafter (p95, -INFINITY));
  at_text = shortest (p95);
  at_bound = g_strdup_printf ("llm_total:p95<=%s", at_text);
  below_bound = g_strdup_printf ("llm_total:p95<=%s", below_text);
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);

  /* every step met: 0, one line per step */
  run_cli (&result, "--demo", "--days", "7", "--check", "--slo", "*:p95<=100000000", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpuint (count_substrings (result.out, "met: "), ==, agg->n_steps);
  g_assert_cmpuint (count_substrings (result.out, "\n"), ==, agg->n_steps);
  cli_result_clear (&result);

  /* the exact value as the bound is met; the double just below it breaches */
  run_cli (&result, "--demo", "--days", "7", "--check", "--slo", at_bound, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "met: llm_total:p95<="));
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "7", "--check", "--slo", below_bound, NULL);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_true (g_str_has_prefix (result.out, "breached: llm_total:p95<="));
  g_assert_cmpstr (result.err, ==, "");
  cli_result_clear (&result);

  /* a step without rows is no data: not a breach */
  run_cli (&result, "--demo", "--days", "7", "--check", "--slo", "no such step:p95<=1", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "no data: no such step:p95<=1 (no rows in the range)\n");
  cli_result_clear (&result);

  /* --check with the JSON report: the report, and still exit 3 */
  run_cli (&result, "--demo", "--days", "7", "--check", "--report=json",
           "--slo", below_bound, "--slo", "vad:error_rate<=100%", NULL);
  g_assert_cmpint (result.status, ==, 3);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *root, *slo0, *slo1, *prev;

    json_parser_load_from_data (parser, result.out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "slo")), ==, 2);
    slo0 = json_array_get_object_element (json_object_get_array_member (root, "slo"), 0);
    slo1 = json_array_get_object_element (json_object_get_array_member (root, "slo"), 1);
    g_assert_cmpstr (json_object_get_string_member (slo0, "step"), ==, "llm_total");
    g_assert_cmpstr (json_object_get_string_member (slo0, "statistic"), ==, "p95");
    g_assert_cmpfloat (json_object_get_double_member (slo0, "bound"), ==, nextafter (p95, -INFINITY));
    g_assert_cmpfloat (json_object_get_double_member (slo0, "value"), ==, p95);
    g_assert_cmpstr (json_object_get_string_member (slo0, "status"), ==, "breached");
    g_assert_cmpstr (json_object_get_string_member (slo1, "statistic"), ==, "error_rate");
    g_assert_cmpstr (json_object_get_string_member (slo1, "status"), ==, "met");
    prev = json_object_get_object_member (root, "previous_period");
    g_assert_cmpstr (json_object_get_string_member (prev, "from"), ==, "2026-11-14T12:00:00+00:00");
    g_assert_cmpstr (json_object_get_string_member (prev, "to"), ==, "2026-11-21T12:00:00+00:00");
    g_assert_true (json_object_has_member (json_object_get_object_member (prev, "steps"), "llm_total"));
  }
  cli_result_clear (&result);

  /* the text report lists the targets and the previous period too */
  run_cli (&result, "--demo", "--days", "7", "--check", "--report", "--slo", below_bound, NULL);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_nonnull (strstr (result.out, "Previous period (2026-11-14T12:00:00+00:00 to 2026-11-21T12:00:00+00:00)"));
  g_assert_nonnull (strstr (result.out, "\n  breached: llm_total:p95<="));
  cli_result_clear (&result);

  /* "All data" has nothing to compare with */
  run_cli (&result, "--demo", "--all", "--report=json", "--slo", "vad:p50<=100000", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"previous_period\": null"));
  g_assert_nonnull (strstr (result.out, "\"status\": \"met\""));
  cli_result_clear (&result);

  g_unsetenv ("IL_DEMO_NOW");
}

/* Saved targets apply when no --slo is given; --slo and --days are never saved. */
static void
test_cli_saved_targets (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;
  const char *const saved[] = { "llm_total:p95<=1", NULL };
  const char *const broken[] = { "vad:p95<=1", "vad:p9<=1", NULL };
  g_auto(GStrv) after = NULL;
  CliResult result = { 0 };

  if (schema == NULL)
    {
      g_test_skip ("the compiled schema is not in GSETTINGS_SCHEMA_DIR");
      return;
    }
  settings = g_settings_new (APP_ID);
  g_setenv ("IL_DEMO_NOW", DEMO_NOW, TRUE);
  g_assert_true (g_settings_set_strv (settings, "slo-targets", saved));

  run_cli (&result, "--demo", "--check", NULL);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_true (g_str_has_prefix (result.out, "breached: llm_total:p95<=1 "));
  cli_result_clear (&result);

  run_cli (&result, "--demo", "--days", "7", "--check", "--slo", "*:p95<=100000000", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_null (strstr (result.out, "llm_total:p95<=1 "));
  cli_result_clear (&result);

  after = g_settings_get_strv (settings, "slo-targets");
  g_assert_cmpstrv (after, saved);
  g_assert_cmpint (g_settings_get_int (settings, "days"), ==, 30);

  /* a saved target that does not parse: bad usage, naming it */
  g_assert_true (g_settings_set_strv (settings, "slo-targets", broken));
  run_cli (&result, "--demo", "--check", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "slo-targets"));
  g_assert_nonnull (strstr (result.err, "“vad:p9<=1”"));
  cli_result_clear (&result);

  g_settings_reset (settings, "slo-targets");
  g_unsetenv ("IL_DEMO_NOW");
}

/* Against a server: one fetch of twice the range, and exit 1 when it fails. */
static void
test_cli_check_from_server (void)
{
  g_autofree char *dir = isolate_configuration ();
  g_autoptr(IlRowStore) rows = il_demo_generate (3000, 11, g_get_real_time ());
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (rows, TEST_KEY);
  g_autoptr(GPtrArray) log = NULL;
  CliResult result = { 0 };
  gint64 before = g_get_real_time ();

  g_setenv ("SUPABASE_URL", il_fake_postgrest_get_url (server), TRUE);
  g_setenv ("SUPABASE_KEY", TEST_KEY, TRUE);

  run_cli (&result, "--days", "3", "--check", "--report=json", "--slo", "*:p95<=100000000", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"previous_period\": {"));
  log = il_fake_postgrest_dup_log (server);
  g_assert_cmpuint (log->len, >=, 1);
  {
    const char *gte = strstr (g_ptr_array_index (log, 0), "created_at=gte.");
    g_autofree char *bound = NULL;
    g_autofree char *decoded = NULL;
    gint64 t;
    gint16 offset;

    g_assert_nonnull (gte);
    bound = g_strndup (gte + strlen ("created_at=gte."), strcspn (gte + strlen ("created_at=gte."), "&"));
    decoded = g_uri_unescape_string (bound, NULL);
    g_assert_true (il_timestamp_parse (decoded, -1, &t, &offset));
    /* six days back: the range and the period before it, in one fetch */
    g_assert_cmpint (t, >=, before - (gint64) 6 * 86400 * G_USEC_PER_SEC);
    g_assert_cmpint (t, <=, g_get_real_time () - (gint64) 6 * 86400 * G_USEC_PER_SEC);
  }
  cli_result_clear (&result);

  il_fake_postgrest_fault_status (server, 0, 400, NULL,
                                  "{\"code\":\"PGRST100\",\"details\":null,\"hint\":null,"
                                  "\"message\":\"bad filter\"}", NULL);
  run_cli (&result, "--days", "3", "--check", "--slo", "*:p95<=1", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_cmpstr (result.err, !=, "");
  cli_result_clear (&result);

  g_unsetenv ("SUPABASE_URL");
  g_unsetenv ("SUPABASE_KEY");
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/slo/usage", test_cli_slo_usage);
  g_test_add_func ("/cli/slo/check-exit-codes", test_cli_check_exit_codes);
  g_test_add_func ("/cli/slo/saved-targets", test_cli_saved_targets);
  g_test_add_func ("/cli/slo/check-from-server", test_cli_check_from_server);

  return g_test_run ();
}
