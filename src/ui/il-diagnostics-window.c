/* il-diagnostics-window.c: the original's connection checks, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-diagnostics-window.h"
#include "il-spinner.h"
#include "il-supabase-client.h"

struct _IlDiagnosticsWindow
{
  AdwWindow             parent_instance;

  GtkStack             *stack;
  IlSpinner            *spinner;
  AdwPreferencesGroup  *config_group;
  AdwPreferencesGroup  *checks_group;

  GPtrArray            *rows;        /* rows we added, to remove on a rerun */
  IlConfig             *config;
  IlSupabaseClient     *client;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (IlDiagnosticsWindow, il_diagnostics_window, ADW_TYPE_WINDOW)

static void
add_row (IlDiagnosticsWindow *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *suffix,
         gboolean             ok)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  /* texts come from the server or the user: never markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  gtk_widget_add_css_class (icon, ok ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Passed") : _("Failed"), -1);
  g_object_set_data (G_OBJECT (row), "il-ok", GINT_TO_POINTER (ok));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (IlDiagnosticsWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
set_running (IlDiagnosticsWindow *self,
             gboolean             running)
{
  il_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostics.rerun", !running);
}

static void
on_diagnose_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IlDiagnosticsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  list = il_supabase_client_diagnose_finish (IL_SUPABASE_CLIENT (source), result, &error);
  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  if (list == NULL)
    {
      add_row (self, self->checks_group, _("Checks"), error->message, NULL, FALSE);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    {
      const IlDiagnostic *diag = g_ptr_array_index (list, i);

      add_row (self, self->checks_group, diag->title, diag->detail, NULL, diag->ok);
    }
}

void
il_diagnostics_window_rerun (IlDiagnosticsWindow *self)
{
  const IlConfig *config;
  g_autofree char *url_origin = NULL;
  g_autofree char *key_origin = NULL;

  g_return_if_fail (IL_IS_DIAGNOSTICS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  clear_rows (self);
  set_running (self, FALSE);

  config = self->config;
  if (config == NULL || (config->url == NULL && config->key == NULL))
    {
      gtk_stack_set_visible_child_name (self->stack, "no-config");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "checks");

  /* translators: where a setting comes from, e.g. "from the environment" */
  url_origin = g_strdup_printf (_("from %s"), il_config_origin_describe (config->url_origin));
  key_origin = g_strdup_printf (_("from %s"), il_config_origin_describe (config->key_origin));
  add_row (self, self->config_group, _("URL set"),
           config->url != NULL ? config->url : _("Not set"),
           config->url != NULL ? url_origin : NULL, config->url != NULL);
  add_row (self, self->config_group, _("Key set"),
           config->key != NULL ? _("Yes") : _("Not set"),
           config->key != NULL ? key_origin : NULL, config->key != NULL);
  add_row (self, self->config_group, _("Key kind"),
           il_key_kind_describe (il_key_kind (config->key)), NULL,
           il_key_kind (config->key) != IL_KEY_KIND_NONE);
  if (config->warning != NULL)
    add_row (self, self->config_group, _(".env file"), config->warning, NULL, FALSE);

  if (config->url == NULL)
    {
      add_row (self, self->checks_group, _("Checks not run"),
               _("Set the Supabase URL to run the checks against the server."), NULL, FALSE);
      return;
    }

  self->client = il_supabase_client_new (config->url, config->key);
  /* diagnostics should answer quickly: no long retry chains */
  il_supabase_client_set_max_retries (self->client, 0);
  il_supabase_client_set_timeout (self->client, 15);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  il_supabase_client_diagnose_async (self->client, self->cancellable, on_diagnose_done, g_object_ref (self));
}

gboolean
il_diagnostics_window_get_running (IlDiagnosticsWindow *self)
{
  g_return_val_if_fail (IL_IS_DIAGNOSTICS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  il_diagnostics_window_rerun (IL_DIAGNOSTICS_WINDOW (widget));
}

IlDiagnosticsWindow *
il_diagnostics_window_new (GtkWindow      *parent,
                           const IlConfig *config)
{
  IlDiagnosticsWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (IL_TYPE_DIAGNOSTICS_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  if (config != NULL)
    self->config = il_config_copy (config);
  il_diagnostics_window_rerun (self);

  return self;
}

void
il_diagnostics_window_present (GtkWindow      *parent,
                               const IlConfig *config)
{
  gtk_window_present (GTK_WINDOW (il_diagnostics_window_new (parent, config)));
}

static void
il_diagnostics_window_dispose (GObject *object)
{
  IlDiagnosticsWindow *self = IL_DIAGNOSTICS_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  G_OBJECT_CLASS (il_diagnostics_window_parent_class)->dispose (object);
}

static void
il_diagnostics_window_finalize (GObject *object)
{
  IlDiagnosticsWindow *self = IL_DIAGNOSTICS_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->config, il_config_free);

  G_OBJECT_CLASS (il_diagnostics_window_parent_class)->finalize (object);
}

static void
il_diagnostics_window_class_init (IlDiagnosticsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_diagnostics_window_dispose;
  object_class->finalize = il_diagnostics_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-diagnostics-window.ui");
  g_type_ensure (IL_TYPE_SPINNER);
  gtk_widget_class_bind_template_child (widget_class, IlDiagnosticsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IlDiagnosticsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, IlDiagnosticsWindow, config_group);
  gtk_widget_class_bind_template_child (widget_class, IlDiagnosticsWindow, checks_group);

  gtk_widget_class_install_action (widget_class, "diagnostics.rerun", NULL, rerun_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "diagnostics.rerun", NULL);
}

static void
il_diagnostics_window_init (IlDiagnosticsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  set_running (self, FALSE);
}
