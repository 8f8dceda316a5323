/* il-list-pacer.h: work on a list view paced by its window's frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A list view and its window, held weakly, and a tick on the window's frame
 * clock: the window's, not the view's, so a view that is hidden meanwhile
 * is still told at the next frame. Zero-initialised it watches nothing. */
typedef struct
{
  GtkWidget *view;     /* weak */
  GtkWidget *window;   /* weak */
  guint      tick_id;
} IlListPacer;

/* Watches @view and its @window (mapped), after stopping what it did. */
void  il_list_pacer_watch (IlListPacer     *pacer,
                           GtkWidget       *view,
                           GtkWidget       *window);
/* Calls @tick with @data at each frame of the window, unless a tick runs
 * already. A tick that returns G_SOURCE_REMOVE sets tick_id to 0 first. */
void  il_list_pacer_tick  (IlListPacer     *pacer,
                           GtkTickCallback  tick,
                           gpointer         data);
/* Removes the tick and lets go of the view and the window. */
void  il_list_pacer_stop  (IlListPacer     *pacer);

G_END_DECLS
