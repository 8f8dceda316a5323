/* il-row-reaper.h: row widgets a list lets go, finalized later a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  il_row_reaper_splice        (GListStore *store,
                                   guint       position,
                                   guint       n_removals,
                                   gpointer   *additions,
                                   guint       n_additions,
                                   GtkWidget  *view);
guint il_row_reaper_get_n_waiting (GtkWidget  *view);

G_END_DECLS
