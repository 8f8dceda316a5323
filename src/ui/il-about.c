/* il-about.c: the About window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-about.h"

/**
 * il_about_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new AdwAboutWindow, not yet shown
 */
GtkWindow *
il_about_window_new (GtkWindow *parent)
{
  static const char *developers[] = {
    "The Interview Latency developers https://ilatency.github.io/interview-latency/",
    NULL
  };
  GtkWidget *about;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-icon", APP_ID,
                        "application-name", _("Interview Latency"),
                        "developer-name", _("The Interview Latency developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Latency of interview pipeline steps, from Supabase or demo data"),
                        "website", "https://ilatency.github.io/interview-latency/",
                        "issue-url", "https://github.com/ilatency/interview-latency/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Interview Latency developers",
                        "developers", developers,
                        /* Translators: your names, one per line, e.g. "Jane Doe <jane@example.org>" */
                        "translator-credits", _("translator-credits"),
                        NULL);
  return GTK_WINDOW (about);
}

/**
 * il_show_about_window:
 * @parent: (nullable): the window it belongs to
 *
 * Shows the About window.
 */
void
il_show_about_window (GtkWindow *parent)
{
  gtk_window_present (il_about_window_new (parent));
}
