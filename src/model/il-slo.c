/* il-slo.c: latency targets per step, and how the figures fare against them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-slo.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (il-slo-error-quark, il_slo_error)

static const char *const statistic_names[IL_SLO_N_STATISTICS] = {
  "mean", "p50", "p75", "p90", "p95", "p99", "error_rate",
};

const char *
il_slo_statistic_to_string (IlSloStatistic statistic)
{
  g_return_val_if_fail (statistic < IL_SLO_N_STATISTICS, NULL);

  return statistic_names[statistic];
}

gboolean
il_slo_statistic_from_string (const char     *name,
                              IlSloStatistic *out)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < IL_SLO_N_STATISTICS; i++)
    if (g_ascii_strcasecmp (name, statistic_names[i]) == 0)
      {
        if (out != NULL)
          *out = (IlSloStatistic) i;
        return TRUE;
      }
  return FALSE;
}

const char *
il_slo_status_to_string (IlSloStatus status)
{
  switch (status)
    {
    case IL_SLO_MET:
      return "met";
    case IL_SLO_BREACHED:
      return "breached";
    case IL_SLO_NO_DATA:
    default:
      return "no_data";
    }
}

/* ---- targets --------------------------------------------------------------- */

IlSloTarget *
il_slo_target_new (const char     *step,
                   IlSloStatistic  statistic,
                   double          bound)
{
  IlSloTarget *target;

  g_return_val_if_fail (step != NULL && *step != '\0', NULL);
  g_return_val_if_fail (statistic < IL_SLO_N_STATISTICS, NULL);

  target = g_new0 (IlSloTarget, 1);
  target->step = g_strdup (step);
  target->statistic = statistic;
  target->bound = bound;
  return target;
}

IlSloTarget *
il_slo_target_copy (const IlSloTarget *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  return il_slo_target_new (target->step, target->statistic, target->bound);
}

void
il_slo_target_free (IlSloTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->step);
  g_free (target);
}

gboolean
il_slo_target_applies_to (const IlSloTarget *target,
                          const char        *step_name)
{
  g_return_val_if_fail (target != NULL, FALSE);

  return g_str_equal (target->step, IL_SLO_EVERY_STEP) || g_strcmp0 (target->step, step_name) == 0;
}

/* Decimal digits with an optional fraction: no sign, exponent, hex, inf or nan. */
static gboolean
parse_decimal (const char  *s,
               const char **end,
               double      *out)
{
  const char *p = s;
  gboolean digits = FALSE;

  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  {
    g_autofree char *number = g_strndup (s, (gsize) (p - s));

    *out = g_ascii_strtod (number, NULL);
  }
  *end = p;
  return isfinite (*out);
}

static gboolean
fail (GError    **error,
      IlSloError  code,
      const char *text,
      const char *reason)
{
  /* Translators: the first %s is what the user typed, the second why it is wrong */
  g_set_error (error, IL_SLO_ERROR, code, _("Bad SLO target “%s”: %s"), text, reason);
  return FALSE;
}

/**
 * il_slo_target_parse:
 * @text: `STEP:STATISTIC<=VALUE`
 * @error: a #GError naming @text when it does not parse
 *
 * STEP is a step name or `*` for every step; it may hold any character, ':' and
 * "<=" included: the text splits at its last "<=" (a VALUE never holds one), then
 * the left part at its last ':' (a STATISTIC never holds one). STATISTIC is mean,
 * p50, p75, p90, p95, p99 (any case) with VALUE in ms (an "ms" suffix is allowed),
 * or error_rate with VALUE in percent, written with '%'. Blanks around STATISTIC
 * and VALUE are ignored; the step name is taken as it is.
 *
 * Returns: (transfer full) (nullable): the target
 */
IlSloTarget *
il_slo_target_parse (const char  *text,
                     GError     **error)
{
  g_autofree char *left = NULL;
  g_autofree char *stat_name = NULL;
  g_autofree char *value_text = NULL;
  const char *le, *colon, *end;
  IlSloStatistic statistic;
  double bound;

  g_return_val_if_fail (text != NULL, NULL);

  le = g_strrstr (text, "<=");
  if (le == NULL)
    {
      /* xgettext:no-c-format */
      fail (error, IL_SLO_ERROR_SYNTAX, text,
            _("write STEP:STATISTIC<=VALUE, e.g. llm:p95<=800 or *:error_rate<=2%"));
      return NULL;
    }
  left = g_strndup (text, (gsize) (le - text));
  colon = strrchr (left, ':');
  if (colon == NULL || colon == left)
    {
      fail (error, IL_SLO_ERROR_SYNTAX, text,
            _("write STEP:STATISTIC<=VALUE, with * as STEP for every step"));
      return NULL;
    }

  stat_name = g_strstrip (g_strdup (colon + 1));
  if (!il_slo_statistic_from_string (stat_name, &statistic))
    {
      g_autofree char *reason =
        g_strdup_printf (_("unknown statistic “%s” (use mean, p50, p75, p90, p95, p99 or error_rate)"),
                         stat_name);
      fail (error, IL_SLO_ERROR_STATISTIC, text, reason);
      return NULL;
    }

  value_text = g_strstrip (g_strdup (le + 2));
  if (!parse_decimal (value_text, &end, &bound))
    {
      fail (error, IL_SLO_ERROR_VALUE, text, _("the bound must be a number such as 800 or 2.5"));
      return NULL;
    }
  while (*end == ' ')
    end++;
  if (statistic == IL_SLO_ERROR_RATE)
    {
      if (!g_str_equal (end, "%"))
        {
          /* xgettext:no-c-format */
          fail (error, IL_SLO_ERROR_VALUE, text, _("an error rate is a percentage: write it with %, e.g. 2%"));
          return NULL;
        }
      if (bound > 100)
        {
          /* xgettext:no-c-format */
          fail (error, IL_SLO_ERROR_VALUE, text, _("an error rate cannot exceed 100%"));
          return NULL;
        }
    }
  else if (*end != '\0' && !g_str_equal (end, "ms"))
    {
      fail (error, IL_SLO_ERROR_VALUE, text, _("a latency bound is in milliseconds, e.g. 800 or 800ms"));
      return NULL;
    }

  left[colon - left] = '\0';
  return il_slo_target_new (left, statistic, bound);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static void
format_shortest (char   *buf,
                 gsize   len,
                 double  v)
{
  for (int prec = 15; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, (int) len, fmt, v);
      if (prec == 17 || g_ascii_strtod (buf, NULL) == v)
        break;
    }
}

/**
 * il_slo_target_to_string:
 * @target: a target
 *
 * Returns: (transfer full): the target in the grammar il_slo_target_parse() reads
 */
char *
il_slo_target_to_string (const IlSloTarget *target)
{
  char bound[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (target != NULL, NULL);

  format_shortest (bound, sizeof bound, target->bound);
  return g_strdup_printf ("%s:%s<=%s%s", target->step, statistic_names[target->statistic], bound,
                          target->statistic == IL_SLO_ERROR_RATE ? "%" : "");
}

GPtrArray *
il_slo_targets_parse (const char *const  *texts,
                      GError            **error)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_target_free);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      IlSloTarget *target = il_slo_target_parse (texts[i], error);

      if (target == NULL)
        return NULL;
      g_ptr_array_add (targets, target);
    }
  return g_steal_pointer (&targets);
}

/* ---- evaluation ------------------------------------------------------------ */

double
il_slo_step_value (const IlStepStats *step,
                   IlSloStatistic     statistic)
{
  g_return_val_if_fail (step != NULL, NAN);

  if (step->count == 0)
    return NAN;
  switch (statistic)
    {
    case IL_SLO_MEAN:
      return step->mean;
    case IL_SLO_P50:
      return step->p50;
    case IL_SLO_P75:
      return step->p75;
    case IL_SLO_P90:
      return step->p90;
    case IL_SLO_P95:
      return step->p95;
    case IL_SLO_P99:
      return step->p99;
    case IL_SLO_ERROR_RATE:
      return step->error_rate_pct;
    case IL_SLO_N_STATISTICS:
    default:
      g_return_val_if_reached (NAN);
    }
}

IlSloStatus
il_slo_judge (const IlSloTarget *target,
              double             value,
              guint64            count)
{
  g_return_val_if_fail (target != NULL, IL_SLO_NO_DATA);

  if (count == 0 || isnan (value))
    return IL_SLO_NO_DATA;
  /* the exact double: 800.0000001 breaches "<=800" even though it shows as 800.00 */
  return value <= target->bound ? IL_SLO_MET : IL_SLO_BREACHED;
}

void
il_slo_result_clear (IlSloResult *result)
{
  g_clear_pointer (&result->step, g_free);
}

void
il_slo_result_copy (IlSloResult       *dest,
                    const IlSloResult *src)
{
  *dest = *src;
  dest->step = g_strdup (src->step);
}

/**
 * il_slo_result_target_to_string:
 * @result: a result
 *
 * Returns: (transfer full): the target with the result's step, in the
 *   grammar il_slo_target_parse() reads
 */
char *
il_slo_result_target_to_string (const IlSloResult *result)
{
  IlSloTarget target;

  g_return_val_if_fail (result != NULL, NULL);

  target = (IlSloTarget) { result->step, result->statistic, result->bound };
  return il_slo_target_to_string (&target);
}

gint
il_slo_find_step (const IlAggregates *agg,
                  const char         *step_name)
{
  g_return_val_if_fail (agg != NULL, -1);

  for (guint i = 0; i < agg->n_steps; i++)
    if (g_strcmp0 (agg->steps[i].name, step_name) == 0)
      return (gint) i;
  return -1;
}

static void
add_result (GArray            *results,
            guint              index,
            const IlSloTarget *target,
            const char        *step,
            const IlStepStats *stats)
{
  IlSloResult r = { 0 };

  r.target_index = index;
  r.step = g_strdup (step);
  r.statistic = target->statistic;
  r.bound = target->bound;
  r.count = stats != NULL ? stats->count : 0;
  r.value = stats != NULL ? il_slo_step_value (stats, target->statistic) : NAN;
  r.status = il_slo_judge (target, r.value, r.count);
  g_array_append_val (results, r);
}

/**
 * il_slo_evaluate:
 * @targets: (element-type IlSloTarget): the targets
 * @agg: the figures of the range
 *
 * Returns: (transfer full) (element-type IlSloResult): one result per (target, step)
 */
GArray *
il_slo_evaluate (const GPtrArray    *targets,
                 const IlAggregates *agg)
{
  GArray *results;

  g_return_val_if_fail (targets != NULL, NULL);
  g_return_val_if_fail (agg != NULL, NULL);

  results = g_array_new (FALSE, TRUE, sizeof (IlSloResult));
  g_array_set_clear_func (results, (GDestroyNotify) il_slo_result_clear);

  for (guint t = 0; t < targets->len; t++)
    {
      const IlSloTarget *target = g_ptr_array_index ((GPtrArray *) targets, t);

      if (g_str_equal (target->step, IL_SLO_EVERY_STEP))
        {
          /* keep the target visible even when the range has no step at all */
          if (agg->n_steps == 0)
            add_result (results, t, target, IL_SLO_EVERY_STEP, NULL);
          for (guint i = 0; i < agg->n_steps; i++)
            add_result (results, t, target, agg->steps[i].name, &agg->steps[i]);
        }
      else
        {
          gint i = il_slo_find_step (agg, target->step);

          add_result (results, t, target, target->step, i >= 0 ? &agg->steps[i] : NULL);
        }
    }

  return results;
}

gboolean
il_slo_any_breached (const GArray *results)
{
  g_return_val_if_fail (results != NULL, FALSE);

  for (guint i = 0; i < results->len; i++)
    if (g_array_index ((GArray *) results, IlSloResult, i).status == IL_SLO_BREACHED)
      return TRUE;
  return FALSE;
}

/* ---- display ------------------------------------------------------------------ */

char *
il_slo_format_value (IlSloStatistic statistic,
                     double         value,
                     double         bound)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("-");

  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  /* never show a breached value as if it were within (or at) its bound */
  if (value > bound)
    {
      char shown_bound[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (shown_bound, sizeof shown_bound, "%.2f", bound);
      if (g_ascii_strtod (buf, NULL) <= bound || g_str_equal (buf, shown_bound))
        format_shortest (buf, sizeof buf, value);
    }

  if (statistic == IL_SLO_ERROR_RATE)
    return g_strdup_printf ("%s %%", buf);
  /* Translators: a latency, e.g. "912.35 ms" */
  return g_strdup_printf (_("%s ms"), buf);
}

char *
il_slo_format_bound (IlSloStatistic statistic,
                     double         bound)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  format_shortest (buf, sizeof buf, bound);
  if (statistic == IL_SLO_ERROR_RATE)
    return g_strdup_printf ("%s %%", buf);
  return g_strdup_printf (_("%s ms"), buf);
}
