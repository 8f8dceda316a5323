/* test-chart-text.c: category names wrap between words, never inside one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-chart-text.h"
#include "il-charts.h"

static void
check_wrap (IlChartText *text,
            const char  *str,
            double       width,
            int          max_lines,
            const char  *expected[])
{
  g_auto(GStrv) lines = il_chart_text_wrap (text, str, width, max_lines);
  guint n = 0;

  while (expected[n] != NULL)
    n++;
  for (guint i = 0; lines[i] != NULL; i++)
    g_test_message ("line %u: '%s'", i, lines[i]);
  g_assert_cmpuint (g_strv_length (lines), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (lines[i], ==, expected[i]);
}

static void
test_wrap_identifiers (void)
{
  IlChartStyle style;
  IlChartText text;
  double part, whole;

  il_chart_style_init (&style, FALSE);
  il_chart_text_init (&text, &style);

  part = il_chart_text_width (&text, "llm_first_");
  whole = il_chart_text_width (&text, "llm_first_token");
  g_assert_cmpfloat (part, <, whole);

  /* the whole name fits: one line */
  check_wrap (&text, "llm_first_token", whole + 2, 2, (const char *[]) { "llm_first_token", NULL });
  /* it does not: the break goes after an underscore, with no hyphen */
  check_wrap (&text, "llm_first_token", part + 2, 2, (const char *[]) { "llm_first_", "token", NULL });
  check_wrap (&text, "turn_detection", il_chart_text_width (&text, "detection") + 2, 2,
              (const char *[]) { "turn_", "detection", NULL });
  /* words of prose break at spaces */
  check_wrap (&text, "retrieval, rerank", il_chart_text_width (&text, "retrieval, ") + 2, 2,
              (const char *[]) { "retrieval, ", "rerank", NULL });

  /* a word longer than a line is never split mid-word: it is ellipsized */
  {
    g_auto(GStrv) lines = il_chart_text_wrap (&text, "supercalifragilistic", part / 2, 2);

    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    g_assert_true (g_str_has_suffix (lines[0], "…") || g_str_has_prefix ("supercalifragilistic", lines[0]));
    g_assert_false (g_str_has_suffix (lines[0], "-"));
  }

  il_chart_text_clear (&text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-text/wrap-identifiers", test_wrap_identifiers);

  return g_test_run ();
}
