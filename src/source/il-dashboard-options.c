/* il-dashboard-options.c: the options of the computation that read like
 * settings: the trend's statistic and automatic bucket, the histogram's shape
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-dashboard-private.h"

static const char *trend_statistic_nicks[] = { "mean", "p50", "p90", "p95", "p99" };

void
_il_dashboard_load_trend_options (IlDashboard *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "trend-statistic");

  for (guint i = 0; i < G_N_ELEMENTS (trend_statistic_nicks); i++)
    if (g_str_equal (nick, trend_statistic_nicks[i]))
      il_dashboard_set_trend_statistic (self, (IlTrendStatistic) i);
  il_dashboard_set_trend_bucket_auto (self, g_settings_get_boolean (self->settings, "trend-bucket-auto"));
}

void
_il_dashboard_load_histogram_shape (IlDashboard *self)
{
  il_dashboard_set_histogram_shape (self, g_settings_get_boolean (self->settings, "distribution-log-scale"),
                                    g_settings_get_boolean (self->settings, "distribution-clip-p99"));
}

gboolean
il_dashboard_get_trend_bucket_auto (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), FALSE);
  return self->trend_bucket_auto;
}

/* A choice the user makes is remembered, as the bucket is. */
void
il_dashboard_set_trend_bucket_auto (IlDashboard *self,
                                    gboolean     automatic)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  automatic = !!automatic;
  if (automatic == self->trend_bucket_auto)
    return;
  self->trend_bucket_auto = automatic;
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "trend-bucket-auto") != automatic)
    g_settings_set_boolean (self->settings, "trend-bucket-auto", automatic);
  _il_dashboard_start_compute (self);
}

IlTrendStatistic
il_dashboard_get_trend_statistic (IlDashboard *self)
{
  g_return_val_if_fail (IL_IS_DASHBOARD (self), IL_TREND_MEAN);
  return self->trend_statistic;
}

void
il_dashboard_set_trend_statistic (IlDashboard      *self,
                                  IlTrendStatistic  statistic)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));
  g_return_if_fail (statistic <= IL_TREND_P99);

  if (statistic == self->trend_statistic)
    return;
  self->trend_statistic = statistic;
  if (self->settings != NULL)
    {
      g_autofree char *nick = g_settings_get_string (self->settings, "trend-statistic");

      if (!g_str_equal (nick, trend_statistic_nicks[statistic]))
        g_settings_set_string (self->settings, "trend-statistic", trend_statistic_nicks[statistic]);
    }
  _il_dashboard_start_compute (self);
}

void
il_dashboard_set_histogram_shape (IlDashboard *self,
                                  gboolean     log_spacing,
                                  gboolean     clip_p99)
{
  g_return_if_fail (IL_IS_DASHBOARD (self));

  log_spacing = !!log_spacing;
  clip_p99 = !!clip_p99;
  if (log_spacing == self->histogram_log && clip_p99 == self->histogram_clip)
    return;
  self->histogram_log = log_spacing;
  self->histogram_clip = clip_p99;
  _il_dashboard_start_compute (self);
}
