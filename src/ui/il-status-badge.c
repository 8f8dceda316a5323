/* il-status-badge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "il-cell-tooltip.h"
#include "il-format.h"
#include "il-status-badge-private.h"

struct _IlStatusBadge
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkLabel       *mode_label;     /* "Computed in the database", under the label */
  GtkProgressBar *progress;
  GtkWidget      *details_button;
  GtkLabel       *details_label;
  GtkWidget      *retry_button;
  IlStatus        status;
  guint           pulse_id;
};

G_DEFINE_FINAL_TYPE (IlStatusBadge, il_status_badge, GTK_TYPE_WIDGET)

enum {
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *status_classes[] = { "il-status-none", "il-status-demo", "il-status-connecting",
                                        "il-status-connected", "il-status-failed",
                                        "il-status-none", "il-status-none" };

static void
set_icon (IlStatusBadge *self,
          const char    *icon)
{
  if (g_strcmp0 (gtk_image_get_icon_name (self->icon), icon) != 0)
    gtk_image_set_from_icon_name (self->icon, icon);
}

static void
set_details_icon (IlStatusBadge *self,
                  const char    *icon)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (self->details_button);

  if (g_strcmp0 (gtk_menu_button_get_icon_name (button), icon) != 0)
    gtk_menu_button_set_icon_name (button, icon);
}

static void
set_state (IlStatusBadge *self,
           IlStatus       status,
           const char    *icon,
           const char    *text)
{
  /* Every load sets its state again, mostly the same one: only what
   * differs is set, or each setter would restyle, re-measure or ask the
   * display server where the pointer is. */
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    if (strcmp (status_classes[i], status_classes[status]) != 0)
      gtk_widget_remove_css_class (self->box, status_classes[i]);
  gtk_widget_add_css_class (self->box, status_classes[status]);

  self->status = status;
  set_icon (self, icon);
  gtk_label_set_text (self->label, text);
  il_widget_set_tooltip_text (self->box, text);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), status == IL_STATUS_CONNECTING);
  /* A failure is explained once, by the window (error bar or status page). */
  gtk_widget_set_visible (self->details_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_label), FALSE);
  set_details_icon (self, "dialog-information-symbolic");
  il_widget_set_tooltip_text (self->details_button, _("Why It Failed"));
  gtk_widget_set_visible (self->retry_button, status == IL_STATUS_NOT_LOADED || status == IL_STATUS_CANCELLED);
  gtk_button_set_label (GTK_BUTTON (self->retry_button),
                        status == IL_STATUS_FAILED ? _("_Retry") : _("_Refresh"));
  /* Only a failure gets the alarming style; a plain Refresh otherwise. */
  if (status == IL_STATUS_FAILED)
    gtk_widget_add_css_class (self->retry_button, "il-retry");
  else
    gtk_widget_remove_css_class (self->retry_button, "il-retry");
  if (status != IL_STATUS_CONNECTING && self->pulse_id != 0)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      /* A pulsed bar animates in every frame till it gets a fraction, hidden
       * or not: a window that failed to connect drew 40 frames a second. */
      gtk_progress_bar_set_fraction (self->progress, 0);
    }
}

static void
on_retry (IlStatusBadge *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

static void
il_status_badge_dispose (GObject *object)
{
  IlStatusBadge *self = IL_STATUS_BADGE (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (il_status_badge_parent_class)->dispose (object);
}

static void
il_status_badge_class_init (IlStatusBadgeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_status_badge_dispose;

  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ilstatusbadge");
}

static void
il_status_badge_init (IlStatusBadge *self)
{
  GtkWidget *text_box, *popover;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->box, "il-status");
  gtk_widget_set_valign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->icon));

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (self->label));
  self->mode_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->mode_label, 0);
  gtk_label_set_ellipsize (self->mode_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->mode_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->mode_label), "dim-label");
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (self->mode_label));
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->progress), 120, -1);
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (self->box), text_box);

  self->details_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->details_label, TRUE);
  gtk_label_set_max_width_chars (self->details_label, 50);
  gtk_label_set_selectable (self->details_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->details_label), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->details_label), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->details_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->details_label), 6);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->details_label));
  self->details_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->details_button), "dialog-information-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->details_button), popover);
  gtk_widget_set_tooltip_text (self->details_button, _("Why It Failed"));
  gtk_widget_add_css_class (self->details_button, "flat");
  gtk_box_append (GTK_BOX (self->box), self->details_button);

  self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_add_css_class (self->retry_button, "pill");
  gtk_widget_add_css_class (self->retry_button, "il-retry");
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry), self);
  gtk_box_append (GTK_BOX (self->box), self->retry_button);

  il_status_badge_set_not_configured (self);
}

GtkWidget *
il_status_badge_new (void)
{
  return g_object_new (IL_TYPE_STATUS_BADGE, NULL);
}

IlStatus
il_status_badge_get_status (IlStatusBadge *self)
{
  g_return_val_if_fail (IL_IS_STATUS_BADGE (self), IL_STATUS_NOT_CONFIGURED);
  return self->status;
}

void
il_status_badge_set_not_configured (IlStatusBadge *self)
{
  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  set_state (self, IL_STATUS_NOT_CONFIGURED, "network-offline-symbolic", _("Not configured"));
}

void
il_status_badge_set_demo (IlStatusBadge *self,
                          guint64        n_rows)
{
  g_autofree char *rows = il_format_count_str (n_rows);
  g_autofree char *text = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  /* Translators: "Demo data · 200,000 rows" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Demo data · %s row", "Demo data · %s rows",
                                       (gulong) n_rows), rows);
  set_state (self, IL_STATUS_DEMO, "applications-science-symbolic", text);
}

static gboolean
pulse (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));
  return G_SOURCE_CONTINUE;
}

void
il_status_badge_set_connecting (IlStatusBadge *self,
                                guint64        fetched,
                                gint64         total)
{
  g_autofree char *done = il_format_count_str (fetched);
  g_autofree char *text = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));

  if (total >= 0)
    {
      g_autofree char *all = il_format_count_str ((guint64) total);
      /* Translators: "12,000 of 50,000 rows"; the plural follows the total */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row", "%s of %s rows",
                                           (gulong) total), done, all);
    }
  else if (fetched > 0)
    /* Translators: "12,000 rows" while fetching */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", (gulong) fetched), done);
  else
    text = g_strdup (_("Connecting…"));

  set_state (self, IL_STATUS_CONNECTING, "network-transmit-receive-symbolic", text);
  if (total > 0)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress, MIN (1.0, (double) fetched / (double) total));
    }
  else if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (150, pulse, self->progress);
}

void
il_status_badge_set_connected (IlStatusBadge *self,
                               guint64        n_rows,
                               gint64         refreshed_us)
{
  g_autofree char *rows = il_format_count_str (n_rows);
  g_autofree char *clock = il_format_clock (refreshed_us, TRUE);
  g_autofree char *text = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  /* Translators: "50,000 rows · refreshed 14:32" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row · refreshed %s", "%s rows · refreshed %s",
                                       (gulong) n_rows), rows, clock);
  set_state (self, IL_STATUS_CONNECTED, "network-wired-symbolic", text);
}

void
il_status_badge_set_server_side (IlStatusBadge *self,
                                 gboolean       server_side)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  if (self->status != IL_STATUS_CONNECTED)
    return;
  if (server_side)
    {
      /* a second, smaller line: the first keeps its width */
      gtk_label_set_text (self->mode_label, _("Computed in the database"));
      gtk_widget_set_visible (GTK_WIDGET (self->mode_label), TRUE);
      set_icon (self, "network-server-symbolic");
      tooltip = g_strdup_printf ("%s\n%s", gtk_label_get_text (self->label),
                                 _("The database computed these figures; no rows were downloaded."));
      il_widget_set_tooltip_text (self->box, tooltip);
    }
  else
    il_widget_set_tooltip_text (self->box, _("Computed on this computer from the downloaded rows."));
}

void
il_status_badge_set_failed (IlStatusBadge *self,
                            const char    *reason)
{
  g_return_if_fail (IL_IS_STATUS_BADGE (self));

  /* The reason is the window's to show, in one place. */
  set_state (self, IL_STATUS_FAILED, "dialog-warning-symbolic", _("Failed"));
}

void
il_status_badge_set_not_loaded (IlStatusBadge *self)
{
  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  set_state (self, IL_STATUS_NOT_LOADED, "view-refresh-symbolic", _("Not loaded yet"));
  il_widget_set_tooltip_text (self->box, _("Refreshing on start is off in Preferences: press Refresh to fetch the data."));
}

void
il_status_badge_set_cancelled (IlStatusBadge *self,
                               guint64        n_shown)
{
  g_autofree char *text = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  if (n_shown > 0)
    {
      g_autofree char *rows = il_format_count_str (n_shown);

      /* Translators: the load was stopped; "Cancelled · 5,000 rows shown" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cancelled · %s row shown",
                                           "Cancelled · %s rows shown", (gulong) n_shown), rows);
    }
  else
    text = g_strdup (_("Cancelled"));
  set_state (self, IL_STATUS_CANCELLED, "process-stop-symbolic", text);
  il_widget_set_tooltip_text (self->box, _("Loading was cancelled. Press Refresh to load the data again."));
}

void
il_status_badge_set_advice (IlStatusBadge *self,
                            const char    *advice)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (IL_IS_STATUS_BADGE (self));
  if (advice == NULL || self->status != IL_STATUS_CONNECTED)
    return;

  gtk_label_set_text (self->details_label, advice);
  set_details_icon (self, "dialog-warning-symbolic");
  il_widget_set_tooltip_text (self->details_button, _("Loading Could Be Faster"));
  gtk_widget_set_visible (self->details_button, TRUE);
  tooltip = g_strdup_printf ("%s\n\n%s", gtk_label_get_text (self->label), advice);
  il_widget_set_tooltip_text (self->box, tooltip);
}

const char *
_il_status_badge_get_details (IlStatusBadge *self)
{
  g_return_val_if_fail (IL_IS_STATUS_BADGE (self), NULL);
  if (!gtk_widget_get_visible (self->details_button))
    return NULL;
  return gtk_label_get_text (self->details_label);
}

const char *
_il_status_badge_get_mode_text (IlStatusBadge *self)
{
  g_return_val_if_fail (IL_IS_STATUS_BADGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->mode_label)))
    return NULL;
  return gtk_label_get_text (self->mode_label);
}

const char *
_il_status_badge_get_text (IlStatusBadge *self)
{
  g_return_val_if_fail (IL_IS_STATUS_BADGE (self), NULL);
  return gtk_label_get_text (self->label);
}
