/* il-report.c: the figures of an IlAggregates as JSON or as text (--report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-report.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static void
append_double (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  for (int prec = 15; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (prec == 17 || g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_key_double (GString    *out,
                   const char *key,
                   double      v,
                   gboolean    comma)
{
  g_string_append_printf (out, "\"%s\": ", key);
  append_double (out, v);
  if (comma)
    g_string_append (out, ", ");
}

static void
append_key_uint (GString    *out,
                 const char *key,
                 guint64     v,
                 gboolean    comma)
{
  g_string_append_printf (out, "\"%s\": %" G_GUINT64_FORMAT "%s", key, v, comma ? ", " : "");
}

static void
append_key_metrics (GString            *out,
                    const IlKeyMetrics *key)
{
  g_string_append (out, "{");
  append_key_uint (out, "total_records", key->total_records, TRUE);
  append_key_double (out, "avg_latency_ms", key->avg_latency_ms, TRUE);
  append_key_double (out, "p95_latency_ms", key->p95_latency_ms, TRUE);
  append_key_double (out, "success_rate_pct", key->success_rate_pct, TRUE);
  append_key_uint (out, "unique_sessions", key->unique_sessions, TRUE);
  append_key_double (out, "total_latency_ms", key->total_latency_ms, FALSE);
  g_string_append (out, "}");
}

/**
 * il_report_format_json:
 * @agg: the figures
 * @skipped_rows: rows rejected while loading
 *
 * Returns: (transfer full): the JSON report, newline-terminated
 */
char *
il_report_format_json (const IlAggregates *agg,
                       guint64             skipped_rows)
{
  GString *out;

  g_return_val_if_fail (agg != NULL, NULL);

  out = g_string_new ("{\n  \"key_metrics\": ");
  append_key_metrics (out, &agg->key);
  g_string_append (out, ",\n  \"steps\": {");

  for (guint i = 0; i < agg->n_steps; i++)
    {
      const IlStepStats *st = &agg->steps[i];

      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      append_json_string (out, st->name);
      g_string_append (out, ": {");
      append_key_double (out, "mean", st->mean, TRUE);
      append_key_double (out, "median", st->median, TRUE);
      append_key_double (out, "std", st->std, TRUE);
      append_key_double (out, "min", st->min, TRUE);
      append_key_double (out, "max", st->max, TRUE);
      append_key_uint (out, "count", st->count, TRUE);
      append_key_double (out, "p50", st->p50, TRUE);
      append_key_double (out, "p75", st->p75, TRUE);
      append_key_double (out, "p90", st->p90, TRUE);
      append_key_double (out, "p95", st->p95, TRUE);
      append_key_double (out, "p99", st->p99, TRUE);
      append_key_double (out, "success_rate_pct", st->success_rate_pct, TRUE);
      append_key_double (out, "error_rate_pct", st->error_rate_pct, TRUE);
      append_key_double (out, "share_of_total_time_pct", st->share_of_total_time_pct, FALSE);
      g_string_append (out, "}");
    }
  g_string_append (out, agg->n_steps > 0 ? "\n  },\n  \"status_counts\": {" : "},\n  \"status_counts\": {");

  for (guint i = 0; i < agg->n_statuses; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_json_string (out, agg->statuses[i].name);
      g_string_append_printf (out, ": %" G_GUINT64_FORMAT, agg->statuses[i].count);
    }
  g_string_append (out, "},\n  \"error_groups\": [");

  for (guint i = 0; i < agg->n_error_groups; i++)
    {
      const IlErrorGroup *eg = &agg->error_groups[i];

      g_string_append (out, i == 0 ? "\n    [" : ",\n    [");
      append_json_string (out, eg->step_name);
      g_string_append (out, ", ");
      append_json_string (out, eg->message_text);
      g_string_append_printf (out, ", %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ", ",
                              eg->count, eg->affected_sessions);
      append_double (out, eg->avg_latency_ms);
      g_string_append (out, "]");
    }
  g_string_append (out, agg->n_error_groups > 0 ? "\n  ],\n" : "],\n");
  g_string_append_printf (out, "  \"skipped_rows\": %" G_GUINT64_FORMAT "\n}\n", skipped_rows);

  return g_string_free (out, FALSE);
}

/* ---- text --------------------------------------------------------------- */

static char *
fmt_ms (double v)
{
  if (!isfinite (v))
    return g_strdup ("-");
  return g_strdup_printf (_("%.2f ms"), v);
}

static char *
fmt_pct (double v)
{
  if (!isfinite (v))
    return g_strdup ("-");
  return g_strdup_printf ("%.2f %%", v);
}

static char *
fmt_num (double v)
{
  if (!isfinite (v))
    return g_strdup ("-");
  return g_strdup_printf ("%.2f", v);
}

/* pads to a width in characters, not bytes */
static void
append_padded (GString    *out,
               const char *s,
               glong       width,
               gboolean    right)
{
  glong len = g_utf8_strlen (s, -1);

  if (right)
    for (glong i = len; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, s);
  if (!right)
    for (glong i = len; i < width; i++)
      g_string_append_c (out, ' ');
}

static void
append_line (GString    *out,
             const char *label,
             const char *value)
{
  g_string_append (out, "  ");
  append_padded (out, label, 20, FALSE);
  g_string_append_printf (out, " %s\n", value);
}

/* one line per message: newlines shown as " | " (plain ASCII: the report may go
 * through a terminal or a file in any locale) */
static char *
one_line (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, " | ");
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * il_report_format_text:
 * @agg: the figures
 * @skipped_rows: rows rejected while loading
 *
 * Returns: (transfer full): a readable report
 */
char *
il_report_format_text (const IlAggregates *agg,
                       guint64             skipped_rows)
{
  GString *out;
  glong name_w = (glong) g_utf8_strlen (_("Step"), -1);
  const char *headers[] = {
    N_("Count"), N_("Mean"), N_("Median"), N_("Std"), N_("Min"), N_("Max"),
    N_("P90"), N_("P95"), N_("P99"), N_("Success %"), N_("Errors %"),
    /* xgettext:no-c-format */
    N_("% of time"),
  };

  g_return_val_if_fail (agg != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n\n", _("Interview latency report"));

  g_string_append_printf (out, "%s\n", _("Key metrics"));
  {
    g_autofree char *records = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->key.total_records);
    g_autofree char *sessions = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->key.unique_sessions);
    g_autofree char *avg = fmt_ms (agg->key.avg_latency_ms);
    g_autofree char *p95 = fmt_ms (agg->key.p95_latency_ms);
    g_autofree char *rate = fmt_pct (agg->key.success_rate_pct);
    g_autofree char *total = NULL;

    if (agg->key.total_latency_ms > 1000)
      total = g_strdup_printf (_("%.2f s"), agg->key.total_latency_ms / 1000.0);
    else
      total = fmt_ms (agg->key.total_latency_ms);

    append_line (out, _("Total records"), records);
    append_line (out, _("Unique sessions"), sessions);
    append_line (out, _("Average latency"), avg);
    append_line (out, _("P95 latency"), p95);
    append_line (out, _("Success rate"), rate);
    append_line (out, _("Total time"), total);
    if (agg->slowest_step >= 0)
      {
        g_autofree char *mean = fmt_ms (agg->steps[agg->slowest_step].mean);
        g_autofree char *slowest = g_strdup_printf ("%s (%s)", agg->steps[agg->slowest_step].name, mean);

        append_line (out, _("Slowest step"), slowest);
      }
  }

  g_string_append_printf (out, "\n%s\n", _("Per step (ms)"));
  if (agg->n_steps == 0)
    g_string_append_printf (out, "  %s\n", _("No rows in this range."));
  else
    {
      for (guint i = 0; i < agg->n_steps; i++)
        name_w = MAX (name_w, (glong) g_utf8_strlen (agg->steps[i].name, -1));
      g_string_append (out, "  ");
      append_padded (out, _("Step"), name_w, FALSE);
      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        {
          g_string_append_c (out, ' ');
          append_padded (out, _(headers[h]), 10, TRUE);
        }
      g_string_append_c (out, '\n');
      for (guint i = 0; i < agg->n_steps; i++)
        {
          const IlStepStats *st = &agg->steps[i];
          double values[] = {
            st->mean, st->median, st->std, st->min, st->max, st->p90, st->p95, st->p99,
            st->success_rate_pct, st->error_rate_pct, st->share_of_total_time_pct,
          };
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, st->count);

          g_string_append (out, "  ");
          append_padded (out, st->name, name_w, FALSE);
          g_string_append_c (out, ' ');
          append_padded (out, count, 10, TRUE);
          for (guint v = 0; v < G_N_ELEMENTS (values); v++)
            {
              g_autofree char *cell = fmt_num (values[v]);

              g_string_append_c (out, ' ');
              append_padded (out, cell, 10, TRUE);
            }
          g_string_append_c (out, '\n');
        }
    }

  g_string_append_printf (out, "\n%s\n", _("Status breakdown"));
  for (guint i = 0; i < agg->n_statuses; i++)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->statuses[i].count);
      g_autofree char *mean = fmt_ms (agg->statuses[i].mean_latency_ms);
      g_autofree char *value = g_strdup_printf (_("%s rows, mean %s"), count, mean);

      append_line (out, agg->statuses[i].name, value);
    }

  g_string_append_printf (out, "\n%s\n", _("Errors"));
  if (agg->n_error_groups == 0)
    g_string_append_printf (out, "  %s\n", _("No errors in this range."));
  else
    {
      g_autofree char *rate = fmt_pct (agg->errors.error_rate_pct);
      g_autofree char *n_errors = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->errors.total_errors);
      g_autofree char *n_sessions = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->errors.sessions_with_errors);
      /* Translators: "12 errors (1.50 % of rows) in 9 sessions" */
      g_autofree char *summary = g_strdup_printf (_("%s errors (%s of rows) in %s sessions"),
                                                  n_errors, rate, n_sessions);

      g_string_append_printf (out, "  %s\n", summary);
      for (guint i = 0; i < agg->n_error_groups; i++)
        {
          const IlErrorGroup *eg = &agg->error_groups[i];
          g_autofree char *msg = eg->message_text ? one_line (eg->message_text) : g_strdup (_("(no message)"));
          g_autofree char *avg = fmt_ms (eg->avg_latency_ms);
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, eg->count);
          g_autofree char *sessions = g_strdup_printf ("%" G_GUINT64_FORMAT, eg->affected_sessions);

          g_string_append_printf (out, "  [%s] %s\n", eg->step_name, msg);
          g_string_append (out, "      ");
          /* Translators: "4 times, 3 sessions, average 120.00 ms" */
          g_string_append_printf (out, _("%s times, %s sessions, average %s"), count, sessions, avg);
          g_string_append_c (out, '\n');
        }
    }

  g_string_append_c (out, '\n');
  {
    g_autofree char *skipped = g_strdup_printf ("%" G_GUINT64_FORMAT, skipped_rows);

    g_string_append_printf (out, _("Rows skipped while loading: %s"), skipped);
    g_string_append_c (out, '\n');
  }

  return g_string_free (out, FALSE);
}

/* ---- SLOs and the previous period ------------------------------------------- */

static void
append_timestamp (GString *out,
                  gint64   us)
{
  char buf[48];

  il_timestamp_format (us, 0, buf);
  append_json_string (out, buf);
}

/**
 * il_report_format_json_full:
 * @agg: the figures
 * @skipped_rows: rows rejected while loading
 * @extras: (nullable): SLO results and the previous period
 *
 * Returns: (transfer full): the JSON report, newline-terminated
 */
char *
il_report_format_json_full (const IlAggregates   *agg,
                            guint64               skipped_rows,
                            const IlReportExtras *extras)
{
  g_autofree char *base = NULL;
  const IlPeriodFigures *prev;
  GString *out;
  gsize len;

  g_return_val_if_fail (agg != NULL, NULL);

  base = il_report_format_json (agg, skipped_rows);
  len = strlen (base);
  g_assert (len >= 3 && g_str_has_suffix (base, "\n}\n"));
  /* the same members, then ours before the closing brace */
  out = g_string_new_len (base, (gssize) (len - 3));

  g_string_append (out, ",\n  \"slo\": [");
  for (guint i = 0; extras != NULL && extras->slo != NULL && i < extras->slo->len; i++)
    {
      const IlSloResult *r = &g_array_index ((GArray *) extras->slo, IlSloResult, i);

      g_string_append (out, i == 0 ? "\n    {\"step\": " : ",\n    {\"step\": ");
      append_json_string (out, r->step);
      g_string_append (out, ", \"statistic\": ");
      append_json_string (out, il_slo_statistic_to_string (r->statistic));
      g_string_append (out, ", ");
      append_key_double (out, "bound", r->bound, TRUE);
      append_key_double (out, "value", r->value, TRUE);
      g_string_append (out, "\"status\": ");
      append_json_string (out, il_slo_status_to_string (r->status));
      g_string_append (out, "}");
    }
  g_string_append (out, extras != NULL && extras->slo != NULL && extras->slo->len > 0 ? "\n  ]" : "]");

  prev = extras != NULL ? extras->previous : NULL;
  g_string_append (out, ",\n  \"previous_period\": ");
  if (prev == NULL)
    g_string_append (out, "null");
  else
    {
      g_string_append (out, "{\n    \"from\": ");
      append_timestamp (out, prev->from);
      g_string_append (out, ", \"to\": ");
      append_timestamp (out, prev->to);
      g_string_append (out, ",\n    \"key_metrics\": ");
      append_key_metrics (out, &prev->key);
      g_string_append (out, ",\n    \"steps\": {");
      for (guint i = 0; i < prev->n_steps; i++)
        {
          const IlPeriodStep *st = &prev->steps[i];

          g_string_append (out, i == 0 ? "\n      " : ",\n      ");
          append_json_string (out, st->name);
          g_string_append (out, ": {");
          append_key_double (out, "mean", st->mean, TRUE);
          append_key_double (out, "p50", st->p50, TRUE);
          append_key_double (out, "p95", st->p95, TRUE);
          append_key_double (out, "p99", st->p99, TRUE);
          append_key_uint (out, "count", st->count, TRUE);
          append_key_double (out, "error_rate_pct", st->error_rate_pct, FALSE);
          g_string_append (out, "}");
        }
      g_string_append (out, prev->n_steps > 0 ? "\n    }\n  }" : "}\n  }");
    }
  g_string_append (out, "\n}\n");

  return g_string_free (out, FALSE);
}

/**
 * il_report_format_slo_text:
 * @slo: (element-type IlSloResult): results of il_slo_evaluate()
 *
 * Returns: (transfer full): one line per result
 */
char *
il_report_format_slo_text (const GArray *slo)
{
  GString *out;

  g_return_val_if_fail (slo != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < slo->len; i++)
    {
      const IlSloResult *r = &g_array_index ((GArray *) slo, IlSloResult, i);
      g_autofree char *target = il_slo_result_target_to_string (r);
      g_autofree char *value = il_slo_format_value (r->statistic, r->value, r->bound);

      switch (r->status)
        {
        case IL_SLO_MET:
          /* Translators: "met: llm:p95<=800 (value 612.50 ms)" */
          g_string_append_printf (out, _("met: %s (value %s)"), target, value);
          break;
        case IL_SLO_BREACHED:
          /* Translators: "breached: llm:p95<=800 (value 912.35 ms)" */
          g_string_append_printf (out, _("breached: %s (value %s)"), target, value);
          break;
        case IL_SLO_NO_DATA:
        default:
          /* Translators: the step had no rows in the range */
          g_string_append_printf (out, _("no data: %s (no rows in the range)"), target);
          break;
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * il_report_format_previous_text:
 * @agg: the figures of the range
 * @previous: the figures of the period before it
 *
 * Returns: (transfer full): the key metrics of both periods, for the text report
 */
char *
il_report_format_previous_text (const IlAggregates    *agg,
                                const IlPeriodFigures *previous)
{
  GString *out;
  char from[48], to[48];
  struct
  {
    const char *label;
    double      now, before;
    gboolean    pct;
  } rows[] = {
    { N_("Average latency"), agg->key.avg_latency_ms, previous->key.avg_latency_ms, FALSE },
    { N_("P95 latency"), agg->key.p95_latency_ms, previous->key.p95_latency_ms, FALSE },
    { N_("Success rate"), agg->key.success_rate_pct, previous->key.success_rate_pct, TRUE },
  };

  g_return_val_if_fail (agg != NULL && previous != NULL, NULL);

  il_timestamp_format (previous->from, 0, from);
  il_timestamp_format (previous->to, 0, to);
  out = g_string_new (NULL);
  /* Translators: "Previous period (2026-01-01T00:00:00+00:00 to ...)" */
  g_string_append_printf (out, _("Previous period (%s to %s)"), from, to);
  g_string_append_c (out, '\n');
  {
    g_autofree char *now = g_strdup_printf ("%" G_GUINT64_FORMAT, agg->key.total_records);
    g_autofree char *before = g_strdup_printf ("%" G_GUINT64_FORMAT, previous->key.total_records);
    /* Translators: "1200 (previous 1100)" */
    g_autofree char *value = g_strdup_printf (_("%s (previous %s)"), now, before);

    append_line (out, _("Total records"), value);
  }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *now = rows[i].pct ? fmt_pct (rows[i].now) : fmt_ms (rows[i].now);
      g_autofree char *before = rows[i].pct ? fmt_pct (rows[i].before) : fmt_ms (rows[i].before);
      g_autofree char *value = g_strdup_printf (_("%s (previous %s)"), now, before);

      append_line (out, _(rows[i].label), value);
    }

  return g_string_free (out, FALSE);
}
