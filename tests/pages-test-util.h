/* pages-test-util.h: demo data and a window for the page tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "il-raw-page.h"
#include "il-snapshot.h"

#define N_DEMO_ROWS 20000
#define DEMO_NOW    G_GINT64_CONSTANT (1795000000000000)   /* a fixed "now" */

/* The demo rows of the last 20 days at DEMO_NOW, and their figures. */
extern IlRowStore         *store;
extern IlSnapshot         *snapshot;
extern const IlAggregates *agg;

typedef struct
{
  gboolean  done;
  gint64    n_rows;
  char     *message;
} SaveResult;

/* g_test_init (), GTK, libadwaita, the resources and the demo data. */
void       pages_test_init      (int         *argc,
                                 char      ***argv);
void       pages_test_free_demo (void);
/* Runs what the main loop has to do. */
void       iterate              (void);
/* A window with a toast overlay, as the app has. */
GtkWidget *show_in_window       (GtkWidget  *page);
/* Stores in *out the session index that win.show-session names. */
void       watch_show_session   (GtkWidget  *page,
                                 guint      *out);
void       show_snapshot        (GtkWidget  *page,
                                 IlSnapshot *shown);
void       on_save_finished     (IlRawPage  *page,
                                 gint64      n_rows,
                                 const char *message,
                                 SaveResult *result);
