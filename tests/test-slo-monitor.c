/* test-slo-monitor.c: one notification per breach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "il-slo-monitor.h"

#define RESULT(a, i) (&g_array_index ((a), IlSloResult, (i)))

static GArray *
one_result (const char  *step,
            IlSloStatus  status,
            double       value)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (IlSloResult));
  IlSloResult r = { 0 };

  g_array_set_clear_func (a, (GDestroyNotify) il_slo_result_clear);
  r.step = g_strdup (step);
  r.statistic = IL_SLO_P95;
  r.bound = 800;
  r.value = value;
  r.count = status == IL_SLO_NO_DATA ? 0 : 10;
  r.status = status;
  g_array_append_val (a, r);
  return a;
}

static void
on_breached (IlSloMonitor *monitor,
             gpointer      result,
             gpointer      user_data)
{
  guint *count = user_data;
  const IlSloResult *r = result;

  g_assert_cmpint (r->status, ==, IL_SLO_BREACHED);
  (*count)++;
}

static guint
feed (IlSloMonitor *monitor,
      IlSloStatus   status)
{
  g_autoptr(GArray) in = one_result ("llm", status, status == IL_SLO_BREACHED ? 912.345 : 700);
  g_autoptr(GArray) news = il_slo_monitor_feed (monitor, in);

  return news->len;
}

static void
test_monitor (void)
{
  g_autoptr(IlSloMonitor) monitor = il_slo_monitor_new ();
  guint signalled = 0;

  g_signal_connect (monitor, "breached", G_CALLBACK (on_breached), &signalled);

  /* breached from the start: shown on screen, not news */
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_MET), ==, 0);
  /* met -> breached: one notification, none while it stays breached */
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 1);
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_NO_DATA), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 0);
  g_assert_cmpuint (signalled, ==, 1);
  /* met again, then breached again: one more */
  g_assert_cmpuint (feed (monitor, IL_SLO_MET), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_NO_DATA), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 1);
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 0);
  g_assert_cmpuint (signalled, ==, 2);

  /* after a reset the state is unknown again */
  il_slo_monitor_reset (monitor);
  g_assert_cmpuint (feed (monitor, IL_SLO_MET), ==, 0);
  g_assert_cmpuint (feed (monitor, IL_SLO_BREACHED), ==, 1);
  g_assert_cmpuint (signalled, ==, 3);
}

/* "*" and a named target judging the same figure the same way notify once. */
static void
test_monitor_same_figure (void)
{
  g_autoptr(IlSloMonitor) monitor = il_slo_monitor_new ();
  g_autoptr(GArray) met = one_result ("llm", IL_SLO_MET, 700);
  g_autoptr(GArray) breached = one_result ("llm", IL_SLO_BREACHED, 900);
  g_autoptr(GArray) news = NULL;
  IlSloResult twin;

  il_slo_result_copy (&twin, RESULT (breached, 0));
  twin.target_index = 1;
  g_array_append_val (breached, twin);
  g_array_unref (il_slo_monitor_feed (monitor, met));
  news = il_slo_monitor_feed (monitor, breached);
  g_assert_cmpuint (news->len, ==, 1);
  g_assert_cmpstr (RESULT (news, 0)->step, ==, "llm");
  g_assert_cmpfloat (RESULT (news, 0)->value, ==, 900);
}

static void
test_notification (void)
{
  g_autoptr(GArray) a = one_result ("llm_first_token", IL_SLO_BREACHED, 912.345);
  g_autoptr(GArray) b = one_result ("tts", IL_SLO_BREACHED, 912.345);
  g_autoptr(GNotification) notification = il_slo_notification_new (RESULT (a, 0));
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id_a = il_slo_notification_id (RESULT (a, 0));
  g_autofree char *id_a2 = il_slo_notification_id (RESULT (a, 0));
  g_autofree char *id_b = il_slo_notification_id (RESULT (b, 0));

  g_assert_true (G_IS_NOTIFICATION (notification));
  il_slo_notification_texts (RESULT (a, 0), &title, &body);
  g_assert_cmpstr (title, ==, "Latency target breached: llm_first_token");
  g_assert_cmpstr (body, ==, "P95 latency of llm_first_token is 912.35 ms; the target is at most 800 ms.");
  g_assert_cmpstr (id_a, ==, id_a2);
  g_assert_cmpstr (id_a, !=, id_b);
  g_assert_true (g_str_has_prefix (id_a, "slo-"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slo/monitor/one-per-breach", test_monitor);
  g_test_add_func ("/slo/monitor/same-figure", test_monitor_same_figure);
  g_test_add_func ("/slo/notification", test_notification);

  return g_test_run ();
}
