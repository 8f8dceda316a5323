/* il-sessions-page-layout.c: the page's layout manager, which places the
 * divider between the session list and the session until the user drags it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-sessions-page-private.h"

/* The room the session keeps beside a list that has all its columns. */
#define SESSION_ROOM 740

/* The page's layout: the one child fills it, as with GtkBinLayout, and the
 * list takes about two fifths of the width, or all but SESSION_ROOM when
 * that is more, up to the whole table (from 1270 px: the window opens 1280
 * wide), so in a narrow window the session keeps room for its figures and
 * timeline. Once the user drags the divider, it stays where it was put. */
struct _IlSessionsLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (IlSessionsLayout, il_sessions_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
il_sessions_layout_measure (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            GtkOrientation    orientation,
                            int               for_size,
                            int              *minimum,
                            int              *natural,
                            int              *minimum_baseline,
                            int              *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      {
        int min, nat;

        gtk_widget_measure (c, orientation, for_size, &min, &nat, NULL, NULL);
        *minimum = MAX (*minimum, min);
        *natural = MAX (*natural, nat);
      }
}

static void
il_sessions_layout_allocate (GtkLayoutManager *manager,
                             GtkWidget        *widget,
                             int               width,
                             int               height,
                             int               baseline)
{
  IlSessionsPage *self = IL_SESSIONS_PAGE (widget);

  if (self->paned != NULL && !self->paned_moved)
    {
      int table = _il_sessions_page_get_table_width ();
      int position = CLAMP (MAX (width * 2 / 5, width - SESSION_ROOM), 300, table);

      if (gtk_paned_get_position (self->paned) != position)
        {
          self->placing_paned = TRUE;
          gtk_paned_set_position (self->paned, position);
          self->placing_paned = FALSE;
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      gtk_widget_size_allocate (c, &(GtkAllocation) { 0, 0, width, height }, baseline);
}

static void
il_sessions_layout_class_init (IlSessionsLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->measure = il_sessions_layout_measure;
  manager_class->allocate = il_sessions_layout_allocate;
}

static void
il_sessions_layout_init (IlSessionsLayout *self)
{
}

void
_il_sessions_page_on_paned_position (IlSessionsPage *self)
{
  if (self->dragging_paned && !self->placing_paned)
    self->paned_moved = TRUE;
}

void
_il_sessions_page_on_paned_drag_begin (IlSessionsPage *self)
{
  self->dragging_paned = TRUE;
}

void
_il_sessions_page_on_paned_drag_end (IlSessionsPage *self)
{
  self->dragging_paned = FALSE;
}
