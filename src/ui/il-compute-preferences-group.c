/* il-compute-preferences-group.c: where the figures are computed, in the
 * preferences' Data page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are bound to the settings, which the dashboard watches: a choice
 * applies as it is made. The check calls the database function over an empty
 * range, which costs the database next to nothing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-compute-mode.h"
#include "il-compute-preferences-group.h"
#include "il-main-window.h"
#include "il-settings.h"
#include "il-supabase-summary.h"

struct _IlComputePreferencesGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwComboRow         *mode_row;
  AdwActionRow        *threshold_row;
  GtkSpinButton       *threshold_spin;
  AdwActionRow        *function_row;
  GtkWidget           *check_button;

  GSettings           *settings;
  GCancellable        *check_cancellable;
  gboolean             checked;
};

G_DEFINE_FINAL_TYPE (IlComputePreferencesGroup, il_compute_preferences_group, ADW_TYPE_PREFERENCES_GROUP)

/* the combo's order */
static const IlComputeMode modes[] = { IL_COMPUTE_AUTOMATIC, IL_COMPUTE_SERVER, IL_COMPUTE_CLIENT };

static gboolean
mode_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  IlComputeMode mode;

  if (!il_compute_mode_parse (g_variant_get_string (variant, NULL), &mode))
    mode = IL_COMPUTE_AUTOMATIC;
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (modes[i] == mode)
      g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
selected_to_mode (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (modes))
    return NULL;
  return g_variant_new_string (il_compute_mode_to_string (modes[selected]));
}

static void
update_sensitivity (IlComputePreferencesGroup *self)
{
  /* the threshold matters only to Automatic */
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_row),
                            adw_combo_row_get_selected (self->mode_row) == 0);
}

static void
set_status (IlComputePreferencesGroup *self,
            const char                *text)
{
  adw_action_row_set_subtitle (self->function_row, text);
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  IlComputePreferencesGroup *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) summary = il_supabase_summary_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->check_cancellable);
  gtk_widget_set_sensitive (self->check_button, TRUE);
  if (summary != NULL)
    {
      /* Translators: the database function answered; %u is its version */
      g_autofree char *text = g_strdup_printf (_("Installed (version %u): figures can be computed in the database"),
                                               summary->version);

      set_status (self, text);
    }
  else
    {
      g_autofree char *text = il_compute_mode_explain_error (error);

      set_status (self, text);
    }
  g_object_unref (self);
}

void
il_compute_preferences_group_check (IlComputePreferencesGroup *self,
                                    const char                *url,
                                    const char                *key)
{
  IlSummaryQuery query;
  gint64 now = g_get_real_time ();

  g_return_if_fail (IL_IS_COMPUTE_PREFERENCES_GROUP (self));

  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  self->checked = TRUE;

  /* an empty range: the answer is small and quick whatever the table */
  il_summary_query_init (&query);
  query.created_min = now;
  query.created_max = now;
  query.session_limit = 0;
  set_status (self, _("Checking…"));
  gtk_widget_set_sensitive (self->check_button, FALSE);
  il_supabase_summary_fetch_async (url, key, &query, 30, self->check_cancellable, check_done,
                                   g_object_ref (self));
}

/* The source of the main window this preferences window belongs to. */
static gboolean
check_main_window_source (IlComputePreferencesGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;
  const IlConfig *config = IL_IS_MAIN_WINDOW (parent) ? il_main_window_get_config (IL_MAIN_WINDOW (parent)) : NULL;

  if (config == NULL || !il_config_is_complete (config))
    {
      set_status (self, _("Connect to a Supabase project to check the function."));
      return FALSE;
    }
  il_compute_preferences_group_check (self, config->url, config->key);
  return TRUE;
}

static void
on_check_clicked (IlComputePreferencesGroup *self)
{
  check_main_window_source (self);
}

static void
il_compute_preferences_group_map (GtkWidget *widget)
{
  IlComputePreferencesGroup *self = IL_COMPUTE_PREFERENCES_GROUP (widget);

  GTK_WIDGET_CLASS (il_compute_preferences_group_parent_class)->map (widget);
  /* once per window: the user can check again with the button */
  if (!self->checked)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

      if (IL_IS_MAIN_WINDOW (parent))
        check_main_window_source (self);
    }
}

static void
il_compute_preferences_group_dispose (GObject *object)
{
  IlComputePreferencesGroup *self = IL_COMPUTE_PREFERENCES_GROUP (object);

  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_COMPUTE_PREFERENCES_GROUP);
  G_OBJECT_CLASS (il_compute_preferences_group_parent_class)->dispose (object);
}

static void
il_compute_preferences_group_class_init (IlComputePreferencesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_compute_preferences_group_dispose;
  widget_class->map = il_compute_preferences_group_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-compute-preferences-group.ui");
  gtk_widget_class_bind_template_child (widget_class, IlComputePreferencesGroup, mode_row);
  gtk_widget_class_bind_template_child (widget_class, IlComputePreferencesGroup, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, IlComputePreferencesGroup, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, IlComputePreferencesGroup, function_row);
  gtk_widget_class_bind_template_child (widget_class, IlComputePreferencesGroup, check_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
}

static void
il_compute_preferences_group_init (IlComputePreferencesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = il_settings_new ();
  g_settings_bind_with_mapping (self->settings, "compute-mode", self->mode_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, mode_to_selected, selected_to_mode, NULL, NULL);
  g_settings_bind (self->settings, "server-side-threshold",
                   gtk_spin_button_get_adjustment (self->threshold_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->mode_row, "notify::selected", G_CALLBACK (update_sensitivity), self,
                           G_CONNECT_SWAPPED);
  update_sensitivity (self);
}

GtkWidget *
il_compute_preferences_group_new (void)
{
  return g_object_new (IL_TYPE_COMPUTE_PREFERENCES_GROUP, NULL);
}

const char *
_il_compute_preferences_group_get_status (IlComputePreferencesGroup *self)
{
  const char *text;

  g_return_val_if_fail (IL_IS_COMPUTE_PREFERENCES_GROUP (self), NULL);
  text = adw_action_row_get_subtitle (self->function_row);
  return text != NULL ? text : "";
}
