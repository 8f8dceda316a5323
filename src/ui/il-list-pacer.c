/* il-list-pacer.c: work on a list view paced by its window's frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-list-pacer.h"

void
il_list_pacer_watch (IlListPacer *pacer,
                     GtkWidget   *view,
                     GtkWidget   *window)
{
  g_return_if_fail (GTK_IS_WIDGET (view));
  g_return_if_fail (GTK_IS_WIDGET (window));

  il_list_pacer_stop (pacer);
  pacer->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &pacer->view);
  pacer->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &pacer->window);
}

void
il_list_pacer_tick (IlListPacer     *pacer,
                    GtkTickCallback  tick,
                    gpointer         data)
{
  g_return_if_fail (pacer->window != NULL);

  if (pacer->tick_id == 0)
    pacer->tick_id = gtk_widget_add_tick_callback (pacer->window, tick, data, NULL);
}

void
il_list_pacer_stop (IlListPacer *pacer)
{
  if (pacer->window != NULL)
    {
      if (pacer->tick_id != 0)
        gtk_widget_remove_tick_callback (pacer->window, pacer->tick_id);
      g_object_remove_weak_pointer (G_OBJECT (pacer->window), (gpointer *) &pacer->window);
    }
  if (pacer->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pacer->view), (gpointer *) &pacer->view);
  pacer->view = pacer->window = NULL;
  pacer->tick_id = 0;
}
