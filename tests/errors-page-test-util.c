/* errors-page-test-util.c: the Error Analysis page's filter checks, for the
 * tests that narrow it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "errors-page-test-util.h"

void
set_check (GtkBox     *box,
           const char *label,
           gboolean    active)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), label) == 0)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (c), active);
        return;
      }
  g_error ("no check labelled “%s”", label);
}
