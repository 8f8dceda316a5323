/* il-preferences-window.c: Supabase credentials, analysis and refresh settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cache-preferences-group.h"
#include "il-format.h"
#include "il-preferences-window.h"
#include "il-compute-preferences-group.h"
#include "il-secret.h"
#include "il-settings.h"
#include "il-slo-preferences-page.h"
#include "il-spinner.h"
#include "il-supabase-client.h"

/* Every setting applies as it is made, as GNOME preferences do. The URL and
 * the key apply only with their rows' apply button (or Enter), since a new
 * one triggers a fetch: a half-typed key must not. */
struct _IlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;      /* keyring lookup and connection test */
  IlSupabaseClient     *client;           /* the one being tested */
  IlConfig             *active;           /* the configuration in use, or NULL */

  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *key_row;
  GtkLabel             *url_error_label;
  GtkLabel             *keyring_label;
  AdwActionRow         *test_row;
  GtkImage             *test_icon;
  IlSpinner            *test_spinner;
  GtkButton            *test_button;
  AdwPreferencesGroup  *origins_group;
  AdwActionRow         *url_origin_row;
  AdwActionRow         *key_origin_row;
  AdwActionRow         *dotenv_row;
  AdwActionRow         *days_row;
  GtkSpinButton        *days_spin;
  GtkSwitch            *local_time_switch;
  GtkSwitch            *refresh_on_start_switch;
  GtkSpinButton        *auto_refresh_spin;

  guint                 storing;          /* keyring writes under way */
};

G_DEFINE_FINAL_TYPE (IlPreferencesWindow, il_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Text the app puts in a row is not waiting to be applied: AdwEntryRow shows
 * its apply button for any change once mapped, and toggling the property
 * is its only reset. */
static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (row, FALSE);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
show_keyring_unavailable (IlPreferencesWindow *self)
{
  gtk_label_set_label (self->keyring_label,
                       _("No keyring is available: the key will be kept for this session only."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->keyring_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->keyring_label), "warning");
}

/* Returns the normalized URL, or NULL with the reason shown under the row.
 * An empty URL is valid here (it clears the preference) and gives "". */
static char *
validate_url (IlPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (stripped[0] == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
      return g_strdup ("");
    }

  if (!il_supabase_url_normalize (stripped, &base, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_label_set_label (self->url_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), TRUE);
      return NULL;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
  return g_steal_pointer (&base);
}

/* The test is of the configuration in use, not of what is being typed. */
static void
update_sensitivity (IlPreferencesWindow *self)
{
  gboolean busy = il_spinner_get_spinning (self->test_spinner);

  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button),
                            il_config_is_complete (self->active) && !busy);
}

/* Typing only clears an old complaint: the row checks on apply. */
static void
on_url_changed (IlPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
}

static void
on_key_changed (IlPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->key_row), "error");
}

static void
set_test_result (IlPreferencesWindow *self,
                 const char          *text,
                 const char          *css_class)
{
  GtkWidget *icon = GTK_WIDGET (self->test_icon);

  /* The words say it all; the icon's colour only repeats it. */
  adw_action_row_set_subtitle (self->test_row, text);
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_set_visible (icon, css_class != NULL);
  if (css_class == NULL)
    return;
  gtk_widget_add_css_class (icon, css_class);
  if (g_str_equal (css_class, "success"))
    gtk_image_set_from_icon_name (self->test_icon, "emblem-ok-symbolic");
  else if (g_str_equal (css_class, "warning"))
    gtk_image_set_from_icon_name (self->test_icon, "dialog-warning-symbolic");
  else
    gtk_image_set_from_icon_name (self->test_icon, "dialog-error-symbolic");
}

static char *
describe_check (const IlConnectionCheck *check)
{
  switch (check->state)
    {
    case IL_CONNECTION_CONNECTED:
      if (check->rows_visible >= 0)
        {
          /* Thousands separators of the user's locale. */
          g_autofree char *count = il_format_count_str ((guint64) check->rows_visible);

          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected: %s row visible",
                                               "Connected: %s rows visible",
                                               (gulong) check->rows_visible),
                                  count);
        }
      return g_strdup (_("Connected"));
    case IL_CONNECTION_NO_ROWS_VISIBLE:
      if (check->message != NULL)
        return g_strdup (check->message);
      return g_strdup (_("Connected, but no rows are visible: check the table’s Row Level Security policies."));
    case IL_CONNECTION_KEY_REJECTED:
    case IL_CONNECTION_TABLE_MISSING:
    case IL_CONNECTION_UNREACHABLE:
    case IL_CONNECTION_TLS_ERROR:
    case IL_CONNECTION_FAILED:
    default:
      return g_strdup (check->message ? check->message : _("The connection failed."));
    }
}

/* Where the tested URL and key came from, in words. */
static char *
describe_origin (const IlConfig *config)
{
  if (config->url_origin == config->key_origin)
    /* Translators: "Tested the URL and key from the environment" */
    return g_strdup_printf (_("Tested the URL and key from the %s"),
                            il_config_origin_describe (config->url_origin));
  /* Translators: "Tested the URL from the preferences and the key from the .env file" */
  return g_strdup_printf (_("Tested the URL from the %s and the key from the %s"),
                          il_config_origin_describe (config->url_origin),
                          il_config_origin_describe (config->key_origin));
}

static void
set_test_outcome (IlPreferencesWindow *self,
                  const char          *text,
                  const char          *css_class)
{
  g_autofree char *origin = self->active != NULL ? describe_origin (self->active) : NULL;
  g_autofree char *full = origin != NULL ? g_strdup_printf ("%s\n%s", text, origin) : g_strdup (text);

  set_test_result (self, full, css_class);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IlPreferencesWindow) self = user_data;
  g_autoptr(IlConnectionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  check = il_supabase_client_check_finish (IL_SUPABASE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  il_spinner_set_spinning (self->test_spinner, FALSE);
  g_clear_object (&self->client);
  update_sensitivity (self);

  if (check == NULL)
    {
      set_test_outcome (self, error->message, "error");
      return;
    }

  text = describe_check (check);
  set_test_outcome (self, text,
                    check->state == IL_CONNECTION_CONNECTED ? "success" :
                    check->state == IL_CONNECTION_NO_ROWS_VISIBLE ? "warning" : "error");
}

static void
on_test_clicked (IlPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!il_config_is_complete (self->active) || il_spinner_get_spinning (self->test_spinner))
    return;
  if (!il_supabase_url_normalize (self->active->url, &url, &error))
    {
      set_test_outcome (self, error->message, "error");
      return;
    }

  g_clear_object (&self->client);
  self->client = il_supabase_client_new (url, self->active->key);
  il_spinner_set_spinning (self->test_spinner, TRUE);
  set_test_result (self, _("Connecting…"), NULL);
  update_sensitivity (self);
  il_supabase_client_check_async (self->client, self->cancellable, check_cb, g_object_ref (self));
}

typedef struct
{
  IlPreferencesWindow *self;
  char                *url;
  char                *key;
} ApplyData;

static void
apply_data_free (ApplyData *ad)
{
  g_object_unref (ad->self);
  g_free (ad->url);
  g_free (ad->key);
  g_free (ad);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApplyData, apply_data_free)

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ApplyData) ad = user_data;
  IlPreferencesWindow *self = ad->self;
  g_autoptr(GError) error = NULL;

  if (ad->key[0] != '\0')
    il_secret_store_key_finish (result, &error);
  else
    il_secret_clear_key_finish (result, &error);
  self->storing--;

  /* Without a keyring the key is still kept for this session: go on. */
  if (error != NULL && !g_error_matches (error, IL_SECRET_ERROR, IL_SECRET_ERROR_UNAVAILABLE))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "error");
      gtk_label_set_label (self->keyring_label, error->message);
      return;
    }

  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0,
                 ad->url[0] != '\0' ? ad->url : NULL,
                 ad->key[0] != '\0' ? ad->key : NULL);
}

/* The apply button of either row (or Enter): both values take effect. */
static void
on_apply (IlPreferencesWindow *self)
{
  g_autofree char *url = validate_url (self);
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  ApplyData *ad;

  if (url == NULL)
    return;
  /* A key is stored under its URL: without a URL there is nothing to keep. */
  if (url[0] == '\0' && key[0] != '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "error");
      gtk_label_set_label (self->url_error_label, _("Enter the project URL first: the key is kept for it."));
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), TRUE);
      return;
    }

  /* Only the URL goes to GSettings; the key only ever to the keyring. */
  g_settings_set_string (self->settings, "supabase-url", url);
  if (url[0] != '\0')
    set_row_text (self->url_row, url);

  ad = g_new0 (ApplyData, 1);
  ad->self = g_object_ref (self);
  ad->url = g_strdup (url);
  ad->key = g_strstrip (g_strdup (key));
  self->storing++;

  /* No cancellable: a store that has begun completes even if the window goes. */
  if (ad->key[0] != '\0')
    il_secret_store_key_async (url, ad->key, NULL, store_cb, ad);
  else
    il_secret_clear_key_async (url, NULL, store_cb, ad);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  IlPreferencesWindow *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  /* Not a reference: dispose cancels, and a cancelled task always finishes
   * with G_IO_ERROR_CANCELLED, so self is alive past this check. */
  key = il_secret_lookup_key_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = IL_PREFERENCES_WINDOW (user_data);

  if (!il_secret_is_available ())
    show_keyring_unavailable (self);

  /* Never overwrite what the user started typing meanwhile. */
  if (key != NULL && gtk_editable_get_text (GTK_EDITABLE (self->key_row))[0] == '\0')
    set_row_text (ADW_ENTRY_ROW (self->key_row), key);
}

static void
show_origins (IlPreferencesWindow *self,
              const IlConfig      *active)
{
  g_autofree char *url_text = NULL;
  g_autofree char *key_text = NULL;

  if (active == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->origins_group), FALSE);
      return;
    }

  if (active->url != NULL && active->url[0] != '\0')
    /* Translators: "<the URL>, from <where it came from>" */
    url_text = g_strdup_printf (_("%s, from %s"), active->url,
                                il_config_origin_describe (active->url_origin));
  else
    url_text = g_strdup (_("Not set: demo data is shown"));
  adw_action_row_set_subtitle (self->url_origin_row, url_text);

  /* Only the kind of key, never the key itself. */
  if (active->key != NULL && active->key[0] != '\0')
    /* Translators: "<kind of key>, from <where it came from>" */
    key_text = g_strdup_printf (_("%s, from %s"),
                                il_key_kind_describe (il_key_kind (active->key)),
                                il_config_origin_describe (active->key_origin));
  else
    key_text = g_strdup (_("Not set"));
  adw_action_row_set_subtitle (self->key_origin_row, key_text);

  if (active->warning != NULL)
    adw_action_row_set_subtitle (self->dotenv_row, active->warning);
  else if (active->dotenv_path != NULL)
    adw_action_row_set_subtitle (self->dotenv_row, active->dotenv_path);
  else
    adw_action_row_set_subtitle (self->dotenv_row, _("None found"));
}

static void
il_preferences_window_dispose (GObject *object)
{
  IlPreferencesWindow *self = (IlPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (il_preferences_window_parent_class)->dispose (object);
}

static void
il_preferences_window_finalize (GObject *object)
{
  IlPreferencesWindow *self = (IlPreferencesWindow *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->active, il_config_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (il_preferences_window_parent_class)->finalize (object);
}

static void
il_preferences_window_class_init (IlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_preferences_window_dispose;
  object_class->finalize = il_preferences_window_finalize;

  /**
   * IlPreferencesWindow::credentials-changed:
   * @url: (nullable): the normalized URL, %NULL when cleared
   * @key: (nullable): the key, %NULL when cleared
   *
   * Emitted when the URL or key was applied and stored: time to fetch again.
   */
  signals[CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (IL_TYPE_COMPUTE_PREFERENCES_GROUP);
  g_type_ensure (IL_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, test_icon);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, origins_group);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, url_origin_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, key_origin_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, dotenv_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, days_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, local_time_switch);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, refresh_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesWindow, auto_refresh_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_apply);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
il_preferences_window_init (IlPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  g_type_ensure (IL_TYPE_SLO_PREFERENCES_PAGE);
  g_type_ensure (IL_TYPE_CACHE_PREFERENCES_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = il_settings_new ();

  g_settings_bind (self->settings, "days",
                   gtk_spin_button_get_adjustment (self->days_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "live-interval-seconds",
                   gtk_spin_button_get_adjustment (self->auto_refresh_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "local-time", self->local_time_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "refresh-on-start", self->refresh_on_start_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  url = g_settings_get_string (self->settings, "supabase-url");
  set_row_text (self->url_row, url);
  /* Also with no URL yet: the lookup tells whether there is a keyring at all,
   * so the window can say so before the user types a key. */
  il_secret_lookup_key_async (url, self->cancellable, lookup_cb, self);

  update_sensitivity (self);
}

/**
 * il_preferences_window_new:
 * @parent: (nullable): the main window
 * @active: (nullable): the configuration in use, to show where it came from
 *
 * Returns: (transfer none): a new preferences window, not yet shown
 */
IlPreferencesWindow *
il_preferences_window_new (GtkWindow      *parent,
                           const IlConfig *active)
{
  IlPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (IL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  il_preferences_window_set_active_config (self, active);
  return self;
}

/**
 * il_preferences_window_set_active_config:
 * @self: a preferences window
 * @active: (nullable): the configuration now in use
 *
 * Shows where the configuration in use came from; "Test Connection" tests it.
 */
void
il_preferences_window_set_active_config (IlPreferencesWindow *self,
                                         const IlConfig      *active)
{
  g_return_if_fail (IL_IS_PREFERENCES_WINDOW (self));

  g_clear_pointer (&self->active, il_config_free);
  self->active = active != NULL ? il_config_copy (active) : NULL;
  show_origins (self, active);
  update_sensitivity (self);
}
