/* il-error-bar.c: why the last load failed, with Retry and Open Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place a failed load is explained while the previous figures stay
 * on screen (with nothing loaded the window's status page says it instead),
 * and where a half-made configuration says what is missing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-error-bar.h"
#include "il-source-error.h"

struct _IlErrorBar
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *label;
  GtkWidget *preferences_button;
  GtkWidget *retry_button;
};

G_DEFINE_FINAL_TYPE (IlErrorBar, il_error_bar, GTK_TYPE_WIDGET)

static void
il_error_bar_dispose (GObject *object)
{
  IlErrorBar *self = IL_ERROR_BAR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (il_error_bar_parent_class)->dispose (object);
}

static void
il_error_bar_class_init (IlErrorBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_error_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ilerrorbar");
}

static void
il_error_bar_init (IlErrorBar *self)
{
  GtkWidget *icon;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), icon);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_selectable (self->label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));

  self->preferences_button = gtk_button_new_with_mnemonic (_("Open _Preferences"));
  gtk_widget_set_valign (self->preferences_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->preferences_button), "app.preferences");
  gtk_box_append (GTK_BOX (self->box), self->preferences_button);

  self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_valign (self->retry_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "win.refresh");
  gtk_box_append (GTK_BOX (self->box), self->retry_button);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
il_error_bar_new (void)
{
  return g_object_new (IL_TYPE_ERROR_BAR, NULL);
}

void
il_error_bar_show (IlErrorBar *self,
                   const char *message,
                   gboolean    offer_preferences,
                   gboolean    offer_retry)
{
  g_return_if_fail (IL_IS_ERROR_BAR (self));

  gtk_label_set_text (self->label, message != NULL ? message : "");
  gtk_widget_set_visible (self->preferences_button, offer_preferences);
  gtk_widget_set_visible (self->retry_button, offer_retry);
  /* With the key or URL at fault, fixing it comes first. */
  if (offer_preferences)
    {
      gtk_widget_add_css_class (self->preferences_button, "suggested-action");
      gtk_widget_remove_css_class (self->retry_button, "suggested-action");
    }
  else
    {
      gtk_widget_remove_css_class (self->preferences_button, "suggested-action");
      gtk_widget_add_css_class (self->retry_button, "suggested-action");
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
il_error_bar_hide (IlErrorBar *self)
{
  g_return_if_fail (IL_IS_ERROR_BAR (self));

  gtk_label_set_text (self->label, "");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

const char *
il_error_bar_get_message (IlErrorBar *self)
{
  g_return_val_if_fail (IL_IS_ERROR_BAR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (self->label) : NULL;
}

gboolean
il_error_needs_preferences (const GError *error)
{
  if (error == NULL || error->domain != IL_SOURCE_ERROR)
    return FALSE;
  switch (error->code)
    {
    case IL_SOURCE_ERROR_NOT_CONFIGURED:
    case IL_SOURCE_ERROR_BAD_URL:
    case IL_SOURCE_ERROR_INSECURE_URL:
    case IL_SOURCE_ERROR_DNS:          /* most often a mistyped project URL */
    case IL_SOURCE_ERROR_KEY_REJECTED:
      return TRUE;
    default:
      return FALSE;
    }
}
