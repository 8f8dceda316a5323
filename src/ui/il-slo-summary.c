/* il-slo-summary.c: the overview's list of latency targets and their status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-format.h"
#include "il-slo-board.h"
#include "il-slo-format.h"
#include "il-slo-summary.h"

typedef struct
{
  GtkWidget *row;
  char      *status;
} SummaryRow;

struct _IlSloSummary
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget           *empty_row;
  GtkWidget           *edit_button;

  IlDashboard         *dashboard;
  GArray              *rows;       /* SummaryRow */
};

G_DEFINE_FINAL_TYPE (IlSloSummary, il_slo_summary, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DASHBOARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
summary_row_clear (SummaryRow *row)
{
  g_free (row->status);
}

static GtkWidget *
status_widget (IlSloStatus  status,
               const char  *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (status == IL_SLO_BREACHED ? "dialog-warning-symbolic"
                                                  : status == IL_SLO_MET ? "emblem-ok-symbolic"
                                                  : "content-loading-symbolic");
  GtkWidget *label = gtk_label_new (text);
  const char *css = status == IL_SLO_BREACHED ? "error" : status == IL_SLO_MET ? "success" : "dim-label";

  gtk_widget_add_css_class (icon, css);
  gtk_widget_add_css_class (label, css);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static char *
format_last_met (gint64   us,
                 gboolean local)
{
  g_autofree char *when = il_format_time (us, local);

  if (local)
    return g_steal_pointer (&when);
  /* Translators: a time in UTC, "2026-11-30 00:00:00 UTC" */
  return g_strdup_printf (_("%s UTC"), when);
}

static void
update (IlSloSummary *self)
{
  IlSloView *view = self->dashboard != NULL ? il_slo_board_get_view (il_slo_board_get (self->dashboard)) : NULL;
  gboolean local = self->dashboard != NULL && il_dashboard_get_local_time (self->dashboard);
  gboolean any_target;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_array_index (self->rows, SummaryRow, i).row);
  g_array_set_size (self->rows, 0);

  any_target = self->dashboard != NULL && il_slo_board_get_targets (il_slo_board_get (self->dashboard))->len > 0;
  gtk_widget_set_visible (self->empty_row, !any_target);
  gtk_widget_set_visible (self->edit_button, any_target);
  if (view == NULL)
    return;

  for (guint i = 0; i < view->results->len; i++)
    {
      const IlSloResult *r = &g_array_index (view->results, IlSloResult, i);
      g_autofree char *target = il_slo_format_target (r->statistic, r->bound);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *value = NULL;
      const char *status;
      SummaryRow row;

      /* Translators: an SLO on the overview, "llm_total · P95 ≤ 2 s" */
      title = g_strdup_printf (_("%s · %s"),
                               g_str_equal (r->step, IL_SLO_EVERY_STEP) ? _("Every step") : r->step, target);
      switch (r->status)
        {
        case IL_SLO_MET:
          status = _("Met");
          value = il_slo_format_shown_value (r->statistic, r->value, r->bound);
          /* Translators: "Value 912.35 ms" */
          subtitle = g_strdup_printf (_("Value %s"), value);
          break;
        case IL_SLO_BREACHED:
          {
            gint64 last = il_slo_view_last_met (view, i);

            status = _("Breached");
            value = il_slo_format_shown_value (r->statistic, r->value, r->bound);
            if (last != IL_TIME_NONE)
              {
                g_autofree char *when = format_last_met (last, local);

                /* Translators: "Value 912.35 ms · last met in the bucket of 2026-11-30 00:00:00 UTC" */
                subtitle = g_strdup_printf (_("Value %s · last met in the bucket of %s"), value, when);
              }
            else
              /* Translators: "Value 912.35 ms · not met in any bucket of this range" */
              subtitle = g_strdup_printf (_("Value %s · not met in any bucket of this range"), value);
          }
          break;
        case IL_SLO_NO_DATA:
        default:
          status = _("No data");
          subtitle = g_strdup (_("The step has no rows in this range"));
          break;
        }

      row.row = adw_action_row_new ();
      row.status = g_strdup (status);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row.row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row.row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row.row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row.row), status_widget (r->status, status));
      /* screen readers hear the status with the target, not just a colour */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row.row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      status, -1);
      adw_preferences_group_add (self->group, row.row);
      g_array_append_val (self->rows, row);
    }
}

void
il_slo_summary_set_dashboard (IlSloSummary *self,
                              IlDashboard  *dashboard)
{
  g_return_if_fail (IL_IS_SLO_SUMMARY (self));
  g_return_if_fail (dashboard == NULL || IL_IS_DASHBOARD (dashboard));

  if (self->dashboard == dashboard)
    return;
  if (self->dashboard != NULL)
    g_signal_handlers_disconnect_by_data (il_slo_board_get (self->dashboard), self);
  g_set_object (&self->dashboard, dashboard);
  if (dashboard != NULL)
    g_signal_connect_object (il_slo_board_get (dashboard), "notify::view", G_CALLBACK (update),
                             self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DASHBOARD]);
}

IlDashboard *
il_slo_summary_get_dashboard (IlSloSummary *self)
{
  g_return_val_if_fail (IL_IS_SLO_SUMMARY (self), NULL);
  return self->dashboard;
}

static void
il_slo_summary_dispose (GObject *object)
{
  IlSloSummary *self = IL_SLO_SUMMARY (object);

  if (self->dashboard != NULL)
    g_signal_handlers_disconnect_by_data (il_slo_board_get (self->dashboard), self);
  g_clear_object (&self->dashboard);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_SLO_SUMMARY);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (il_slo_summary_parent_class)->dispose (object);
}

static void
il_slo_summary_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_object (value, IL_SLO_SUMMARY (object)->dashboard);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_slo_summary_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_DASHBOARD:
      il_slo_summary_set_dashboard (IL_SLO_SUMMARY (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_slo_summary_class_init (IlSloSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_slo_summary_dispose;
  object_class->get_property = il_slo_summary_get_property;
  object_class->set_property = il_slo_summary_set_property;

  properties[PROP_DASHBOARD] =
    g_param_spec_object ("dashboard", NULL, NULL, IL_TYPE_DASHBOARD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-slo-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, IlSloSummary, group);
  gtk_widget_class_bind_template_child (widget_class, IlSloSummary, empty_row);
  gtk_widget_class_bind_template_child (widget_class, IlSloSummary, edit_button);
}

static void
il_slo_summary_init (IlSloSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_array_new (FALSE, TRUE, sizeof (SummaryRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) summary_row_clear);
}

guint
_il_slo_summary_get_n_rows (IlSloSummary *self)
{
  g_return_val_if_fail (IL_IS_SLO_SUMMARY (self), 0);
  return self->rows->len;
}

void
_il_slo_summary_get_row (IlSloSummary *self,
                         guint         index,
                         const char  **title,
                         const char  **status,
                         const char  **subtitle)
{
  SummaryRow *row;

  g_return_if_fail (IL_IS_SLO_SUMMARY (self));
  g_return_if_fail (index < self->rows->len);

  row = &g_array_index (self->rows, SummaryRow, index);
  *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row->row));
  *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row->row));
  *status = row->status;
}

gboolean
_il_slo_summary_is_empty (IlSloSummary *self)
{
  g_return_val_if_fail (IL_IS_SLO_SUMMARY (self), FALSE);
  return gtk_widget_get_visible (self->empty_row);
}
