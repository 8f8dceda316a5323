/* il-slo-format.c: the words and figures of targets and period comparisons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "il-chart-axis.h"
#include "il-format.h"
#include "il-slo-format.h"

const char *
il_slo_format_statistic (IlSloStatistic statistic)
{
  switch (statistic)
    {
    case IL_SLO_MEAN:
      return _("Mean");
    case IL_SLO_P50:
      return "P50";
    case IL_SLO_P75:
      return "P75";
    case IL_SLO_P90:
      return "P90";
    case IL_SLO_P95:
      return "P95";
    case IL_SLO_P99:
      return "P99";
    case IL_SLO_ERROR_RATE:
      return _("Error rate");
    case IL_SLO_N_STATISTICS:
    default:
      g_return_val_if_reached ("");
    }
}

/* The number with the locale's marks and the unit of @statistic. */
static char *
format_with_unit (IlSloStatistic statistic,
                  double         value,
                  int            decimals)
{
  char num[96];

  il_format_number (value, decimals, num, sizeof num);
  if (statistic == IL_SLO_ERROR_RATE)
    return g_strdup_printf (_("%s %%"), num);
  return g_strdup_printf (_("%s ms"), num);
}

/* Fewest decimals (up to 9) that give @v back, so a bound reads as typed. */
static int
bound_decimals (double v)
{
  for (int d = 0; d < 9; d++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%df", d);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        return d;
    }
  return 9;
}

char *
il_slo_format_shown_bound (IlSloStatistic statistic,
                           double         bound)
{
  if (!isfinite (bound))
    return g_strdup ("—");
  return format_with_unit (statistic, bound, bound_decimals (bound));
}

char *
il_slo_format_shown_value (IlSloStatistic statistic,
                           double         value,
                           double         bound)
{
  int decimals = 2;

  if (!isfinite (value))
    return g_strdup ("—");
  /* never show a breached value as if it were within (or at) its bound:
   * more decimals until the rounded value is above it */
  while (value > bound && decimals < 9)
    {
      char v[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
      g_ascii_formatd (v, sizeof v, fmt, value);
      g_ascii_formatd (b, sizeof b, fmt, bound);
      if (g_ascii_strtod (v, NULL) > bound && !g_str_equal (v, b))
        break;
      decimals++;
    }
  return format_with_unit (statistic, value, decimals);
}

char *
il_slo_format_target (IlSloStatistic statistic,
                      double         bound)
{
  g_autofree char *b = il_slo_format_shown_bound (statistic, bound);

  /* Translators: a latency target, "P95 ≤ 800 ms" */
  return g_strdup_printf (_("%s ≤ %s"), il_slo_format_statistic (statistic), b);
}

static char *
format_figure (double       value,
               IlFigureKind kind)
{
  switch (kind)
    {
    case IL_FIGURE_COUNT:
      return il_format_count_str ((guint64) MAX (value, 0));
    case IL_FIGURE_MS:
      return il_format_latency_ms (value);
    case IL_FIGURE_PERCENT:
    default:
      return il_format_percent_str (value);
    }
}

/* "+300 ms", "−1.5%": the sign always shown */
static char *
format_delta (double       delta,
              IlFigureKind kind)
{
  g_autofree char *abs_text = NULL;

  if (kind == IL_FIGURE_COUNT)
    abs_text = il_format_count_str ((guint64) fabs (delta));
  else
    abs_text = format_figure (fabs (delta), kind);
  return g_strdup_printf ("%s%s", delta < 0 ? "−" : "+", abs_text);
}

char *
il_slo_format_change_amount (double        current,
                             double        previous,
                             IlFigureKind  kind,
                             gboolean      higher_is_better,
                             guint         days,
                             IlChange     *change,
                             char        **tooltip)
{
  double abs_change, rel_change;
  IlChange c = il_period_compare (current, previous, higher_is_better, &abs_change, &rel_change);
  g_autofree char *amount = NULL;
  const char *arrow;

  if (change != NULL)
    *change = c;
  if (tooltip != NULL)
    *tooltip = NULL;
  if (c == IL_CHANGE_NONE || days == 0)
    return NULL;

  arrow = abs_change > 0 ? "▲" : abs_change < 0 ? "▼" : "=";
  if (isfinite (rel_change))
    {
      char buf[32];

      /* whole percents from 10 %, more decimals below so a small change is not "0" */
      g_snprintf (buf, sizeof buf, fabs (rel_change) < 0.1 ? "%.2f" : fabs (rel_change) < 10 ? "%.1f" : "%.0f",
                  fabs (rel_change));
      /* Translators: a relative change, "12 %" */
      amount = g_strdup_printf (_("%s %%"), buf);
    }
  else
    amount = format_delta (abs_change, kind);

  if (tooltip != NULL)
    {
      g_autofree char *period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "previous %u day",
                                                              "previous %u days", days), days);
      g_autofree char *before = format_figure (previous, kind);
      g_autofree char *now = format_figure (current, kind);
      g_autofree char *delta = format_delta (abs_change, kind);
      g_autofree char *rel = isfinite (rel_change)
                             ? g_strdup_printf ("%s%.1f %%", rel_change < 0 ? "−" : "+", fabs (rel_change))
                             : g_strdup ("—");

      /* Translators: "Now 2.7 s, previous 7 days 2.4 s: +300 ms (+12.5 %)" */
      *tooltip = g_strdup_printf (_("Now %s, %s %s: %s (%s)"), now, period, before, delta, rel);
    }
  return g_strdup_printf ("%s %s", arrow, amount);
}

char *
il_slo_format_change (double        current,
                      double        previous,
                      IlFigureKind  kind,
                      gboolean      higher_is_better,
                      guint         days,
                      IlChange     *change,
                      char        **tooltip)
{
  g_autofree char *amount = il_slo_format_change_amount (current, previous, kind, higher_is_better, days,
                                                         change, tooltip);
  g_autofree char *period = NULL;

  if (amount == NULL)
    return NULL;
  period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "previous %u day", "previous %u days", days), days);
  /* Translators: "▲ 12 % vs previous 7 days" */
  return g_strdup_printf (_("%s vs %s"), amount, period);
}

char *
il_slo_format_compare_caption (guint days)
{
  /* Translators: above the per-step table, where cells show "▲ 12 %" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Arrows: change against the previous %u day",
                                       "Arrows: change against the previous %u days", days), days);
}

char *
il_slo_format_breaches (const IlSloView *view,
                        IlSloStatistic   statistic)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (view != NULL, NULL);

  for (guint i = 0; i < view->results->len; i++)
    {
      const IlSloResult *r = &g_array_index (view->results, IlSloResult, i);
      g_autofree char *value = NULL;
      g_autofree char *bound = NULL;

      if (r->status != IL_SLO_BREACHED || r->statistic != statistic)
        continue;
      value = il_slo_format_shown_value (r->statistic, r->value, r->bound);
      bound = il_slo_format_shown_bound (r->statistic, r->bound);
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append_c (out, '\n');
      /* Translators: "Target breached: llm P95 912.35 ms (at most 800 ms)" */
      g_string_append_printf (out, _("Target breached: %s %s %s (at most %s)"),
                              r->step, il_slo_format_statistic (r->statistic), value, bound);
    }
  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
