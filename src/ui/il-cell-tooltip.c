/* il-cell-tooltip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-cell-tooltip.h"

#define TOOLTIP_KEY "il-cell-tooltip"
#define MOTION_KEY "il-cell-tooltip-motion"

static gboolean
on_query_tooltip (GtkWidget  *cell,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (cell), TOOLTIP_KEY);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
il_cell_set_tooltip (GtkWidget  *cell,
                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (cell));

  if (g_object_get_data (G_OBJECT (cell), TOOLTIP_KEY "-connected") == NULL)
    {
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
      g_object_set_data (G_OBJECT (cell), TOOLTIP_KEY "-connected", GINT_TO_POINTER (TRUE));
      gtk_widget_set_has_tooltip (cell, TRUE);
    }

  g_object_set_data_full (G_OBJECT (cell), TOOLTIP_KEY, g_strdup (text), g_free);
}

const char *
il_cell_get_tooltip (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  return g_object_get_data (G_OBJECT (cell), TOOLTIP_KEY);
}

void
il_widget_set_tooltip_text (GtkWidget  *widget,
                            const char *text)
{
  GtkEventController *motion;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  motion = g_object_get_data (G_OBJECT (widget), MOTION_KEY);
  if (motion == NULL)
    {
      /* one given by the .ui file goes, or GTK would describe it too */
      if (gtk_widget_get_tooltip_text (widget) != NULL)
        gtk_widget_set_tooltip_text (widget, NULL);
      motion = gtk_event_controller_motion_new ();
      gtk_widget_add_controller (widget, motion);
      g_object_set_data (G_OBJECT (widget), MOTION_KEY, motion);
    }
  else if (g_strcmp0 (il_cell_get_tooltip (widget), text) == 0)
    return;

  il_cell_set_tooltip (widget, text);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  /* a tooltip on show gets the new text */
  if (gtk_event_controller_motion_contains_pointer (GTK_EVENT_CONTROLLER_MOTION (motion)))
    gtk_widget_trigger_tooltip_query (widget);
}
