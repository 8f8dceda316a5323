/* il-errors-page.c: the Error Analysis page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "il-errors-page.h"

/* A list item: the index of an error group. */
#define IL_TYPE_ERRORS_PAGE_ITEM (il_errors_page_item_get_type ())
G_DECLARE_FINAL_TYPE (IlErrorsPageItem, il_errors_page_item, IL, ERRORS_PAGE_ITEM, GObject)

struct _IlErrorsPageItem
{
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (IlErrorsPageItem, il_errors_page_item, G_TYPE_OBJECT)

static void
il_errors_page_item_class_init (IlErrorsPageItemClass *klass)
{
}

static void
il_errors_page_item_init (IlErrorsPageItem *self)
{
}

typedef enum
{
  COL_STEP,
  COL_MESSAGE,
  COL_COUNT,
  COL_SHARE,
  COL_FIRST,
  COL_LAST,
  COL_SESSIONS,
  COL_ACTION,
  N_COLS
} ErrorsColumn;

typedef struct
{
  IlErrorsPage *page;
  ErrorsColumn  column;
} ColumnInfo;

struct _IlErrorsPage
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkLabel           *summary_label;
  GtkColumnView      *column_view;

  GListStore         *groups;
  GtkNoSelection     *selection;
  ColumnInfo          columns[N_COLS];

  IlRowStore         *store;
  const IlAggregates *agg;
};

G_DEFINE_FINAL_TYPE (IlErrorsPage, il_errors_page, GTK_TYPE_WIDGET)

enum {
  SHOW_SESSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *title;
  int         width;
  gboolean    expand;
  float       xalign;
} column_specs[N_COLS] = {
  [COL_STEP] = { N_("Step"), 140, FALSE, 0 },
  [COL_MESSAGE] = { N_("Error Message"), 360, TRUE, 0 },
  [COL_COUNT] = { N_("Count"), 80, FALSE, 1 },
  [COL_SHARE] = { N_("Share of Step"), 110, FALSE, 1 },
  [COL_FIRST] = { N_("First Seen"), 170, FALSE, 0 },
  [COL_LAST] = { N_("Last Seen"), 170, FALSE, 0 },
  [COL_SESSIONS] = { N_("Sessions"), 90, FALSE, 1 },
  [COL_ACTION] = { "", 140, FALSE, 0 },
};

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
on_show_session_clicked (GtkButton   *button,
                         GtkListItem *list_item)
{
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (button), IL_TYPE_ERRORS_PAGE);

  if (item != NULL && page != NULL)
    il_errors_page_show_session (IL_ERRORS_PAGE (page), item->index);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnInfo               *info)
{
  GtkWidget *child;

  if (info->column == COL_ACTION)
    {
      child = gtk_button_new_with_label (_("Show Session"));
      gtk_widget_set_tooltip_text (child, _("Open the most recent session with this error"));
      gtk_widget_add_css_class (child, "flat");
      g_signal_connect (child, "clicked", G_CALLBACK (on_show_session_clicked), list_item);
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), column_specs[info->column].xalign);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (child), TRUE);
      if (column_specs[info->column].xalign > 0)
        gtk_widget_add_css_class (child, "numeric");
    }

  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnInfo               *info)
{
  IlErrorsPage *self = info->page;
  IlErrorsPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  const IlErrorGroup *g;
  g_autofree char *text = NULL;

  if (info->column == COL_ACTION || self->agg == NULL || item->index >= self->agg->n_error_groups)
    return;

  g = &self->agg->error_groups[item->index];
  gtk_widget_remove_css_class (child, "dim-label");
  gtk_widget_set_tooltip_text (child, NULL);

  switch (info->column)
    {
    case COL_STEP:
      gtk_label_set_text (GTK_LABEL (child), g->step_name);
      gtk_widget_set_tooltip_text (child, g->step_name);
      return;
    case COL_MESSAGE:
      if (g->message_text == NULL)
        {
          gtk_label_set_text (GTK_LABEL (child), _("(no message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else if (g->message_text[0] == '\0')
        {
          gtk_label_set_text (GTK_LABEL (child), _("(empty message)"));
          gtk_widget_add_css_class (child, "dim-label");
        }
      else
        {
          /* one line here, the full text on hover */
          text = g_strdup (g->message_text);
          g_strdelimit (text, "\r\n\t", ' ');
          gtk_label_set_text (GTK_LABEL (child), text);
          gtk_widget_set_tooltip_text (child, g->message_text);
        }
      return;
    case COL_COUNT:
      text = g_strdup_printf ("%'" G_GUINT64_FORMAT, g->count);
      break;
    case COL_SHARE:
      text = g_strdup_printf ("%.1f %%", g->share_of_step_pct);
      break;
    case COL_FIRST:
      text = format_time (g->first_seen);
      break;
    case COL_LAST:
      text = format_time (g->last_seen);
      break;
    case COL_SESSIONS:
      text = g_strdup_printf ("%'" G_GUINT64_FORMAT, g->affected_sessions);
      break;
    case COL_ACTION:
    case N_COLS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (child), text);
}

static void
add_columns (IlErrorsPage *self)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      ColumnInfo *info = &self->columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      info->page = self;
      info->column = c;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), info);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), info);

      column = gtk_column_view_column_new (column_specs[c].title[0] ? _(column_specs[c].title) : "",
                                           factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, column_specs[c].expand);
      gtk_column_view_column_set_fixed_width (column, column_specs[c].width);
      gtk_column_view_append_column (self->column_view, column);
    }
}

guint
il_errors_page_find_session (IlErrorsPage *self,
                             guint         group_index)
{
  const IlErrorGroup *g;
  IlRowStore *store;
  gint64 error_id;
  gint64 best_start = G_MININT64;
  guint best = G_MAXUINT;

  g_return_val_if_fail (IL_IS_ERRORS_PAGE (self), G_MAXUINT);

  if (self->agg == NULL || self->store == NULL || group_index >= self->agg->n_error_groups)
    return G_MAXUINT;

  store = self->store;
  g = &self->agg->error_groups[group_index];
  error_id = il_string_pool_lookup (store->statuses, "error");
  if (error_id < 0)
    return G_MAXUINT;

  for (guint row = 0; row < store->n_rows; row++)
    {
      if (store->status[row] != (IlStrId) error_id ||
          store->step[row] != g->step ||
          store->error_message[row] != g->message)
        continue;
      if (store->started_at[row] < best_start)
        continue;
      if (!il_filter_matches (&self->agg->filter, store, row))
        continue;
      best_start = store->started_at[row];
      best = store->session[row];
    }

  return best;
}

void
il_errors_page_show_session (IlErrorsPage *self,
                             guint         group_index)
{
  guint session;

  g_return_if_fail (IL_IS_ERRORS_PAGE (self));

  session = il_errors_page_find_session (self, group_index);
  if (session != G_MAXUINT)
    g_signal_emit (self, signals[SHOW_SESSION], 0, session);
}

void
il_errors_page_set_data (IlErrorsPage       *self,
                         IlRowStore         *store,
                         const IlAggregates *agg)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (IL_IS_ERRORS_PAGE (self));

  if (store != NULL)
    il_row_store_ref (store);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->store = store;
  self->agg = store != NULL ? agg : NULL;

  n = self->agg != NULL ? self->agg->n_error_groups : 0;
  for (guint i = 0; i < n; i++)
    {
      IlErrorsPageItem *item = g_object_new (IL_TYPE_ERRORS_PAGE_ITEM, NULL);

      item->index = i;
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       items->pdata, items->len);

  if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    {
      const IlErrorSummary *e = &self->agg->errors;
      g_autofree char *n_errors = g_strdup_printf ("%'" G_GUINT64_FORMAT, e->total_errors);
      g_autofree char *n_sessions = g_strdup_printf ("%'" G_GUINT64_FORMAT, e->sessions_with_errors);
      g_autofree char *errors = NULL;
      g_autofree char *groups = NULL;
      g_autofree char *summary = NULL;

      /* translators: %s is a number */
      errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s error", "%s errors",
                                             (gulong) MIN (e->total_errors, G_MAXULONG)),
                                n_errors);
      groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", n), n);
      /* translators: e.g. "12 errors in 3 groups, 1.5 % of rows, in 9 sessions" */
      summary = g_strdup_printf (_("%s in %s, %.1f %% of rows, in %s sessions. Most frequent first."),
                                 errors, groups,
                                 isnan (e->error_rate_pct) ? 0.0 : e->error_rate_pct,
                                 n_sessions);
      gtk_label_set_text (self->summary_label, summary);
      gtk_stack_set_visible_child_name (self->stack, "groups");
    }
}

GtkWidget *
il_errors_page_new (void)
{
  return g_object_new (IL_TYPE_ERRORS_PAGE, NULL);
}

static void
il_errors_page_dispose (GObject *object)
{
  IlErrorsPage *self = IL_ERRORS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_ERRORS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->store, il_row_store_unref);
  self->agg = NULL;

  G_OBJECT_CLASS (il_errors_page_parent_class)->dispose (object);
}

static void
il_errors_page_class_init (IlErrorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_errors_page_dispose;

  /**
   * IlErrorsPage::show-session:
   * @session: index into the store's session_ids
   */
  signals[SHOW_SESSION] = g_signal_new ("show-session", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-errors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IlErrorsPage, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
il_errors_page_init (IlErrorsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_list_store_new (IL_TYPE_ERRORS_PAGE_ITEM);
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->groups)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
