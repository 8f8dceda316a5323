/* il-raw-page-filter.c: the Raw Data page's filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step and status check lists and a latency range over the rows of the
 * analysed range; the list model shows the rows that pass.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "il-format.h"
#include "il-raw-page-private.h"
#include "il-staged-reveal.h"

void
_il_raw_page_update_count (IlRawPage *self)
{
  guint n;
  guint total = 0;
  gboolean loading = il_dashboard_page_is_loading_first_data (IL_DASHBOARD_PAGE (self));
  g_autofree char *text = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *total_text = NULL;

  /* nothing to filter or count before the first data: no "0 rows" */
  gtk_widget_set_sensitive (self->toolbar, !loading);
  /* every row that passes, also while the table still fills up */
  il_row_list_model_get_rows (self->model, &n);
  if (self->agg != NULL)
    total = (guint) self->agg->key.total_records;
  else if (self->store != NULL)
    total = self->store->n_rows;
  if (self->remote_rows != NULL)
    {
      _il_raw_page_remote_update_count (self, total);
      return;
    }

  n_text = il_format_count_str (n);
  total_text = il_format_count_str (total);
  if (n == total)
    text = il_format_rows (n);
  else
    /* translators: "1,234 of 200,000 rows" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row", "%s of %s rows", total),
                            n_text, total_text);
  gtk_label_set_text (self->count_label, loading ? "" : text);

  if (loading)
    il_staged_reveal_stack_child (self->stack, "loading");
  else if (self->store == NULL || total == 0)
    il_staged_reveal_stack_child (self->stack, "no-data");
  else if (n == 0)
    il_staged_reveal_stack_child (self->stack, "empty");
  else
    il_staged_reveal_stack_child (self->stack, "table");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.save-filtered", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "raw.save-all", total > 0);
}

/* The ids whose check button is active, or NULL when all are (no restriction). */
static GHashTable *
checked_ids (GtkBox *box)
{
  GHashTable *set = g_hash_table_new (NULL, NULL);
  gboolean all = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        g_hash_table_add (set, g_object_get_data (G_OBJECT (child), "il-id-plus-one"));
      else
        all = FALSE;
    }

  if (all)
    g_clear_pointer (&set, g_hash_table_unref);

  return set;
}

/* page set ∩ range set (either may be NULL = everything) */
static GHashTable *
intersect (GHashTable *page,
           GHashTable *range)
{
  GHashTableIter iter;
  gpointer key;

  if (range == NULL || page == NULL)
    return page;

  g_hash_table_iter_init (&iter, page);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (range, key))
      g_hash_table_iter_remove (&iter);

  return page;
}

static void
count_checks (GtkBox *box,
              guint  *n,
              guint  *on)
{
  *n = *on = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      (*n)++;
      *on += gtk_check_button_get_active (GTK_CHECK_BUTTON (child));
    }
}

static void
update_button_labels (IlRawPage *self)
{
  g_autofree char *steps = NULL;
  g_autofree char *statuses = NULL;
  guint n, on;

  count_checks (self->steps_box, &n, &on);
  /* translators: how many of the steps are shown */
  steps = on == n ? g_strdup (_("Steps")) : g_strdup_printf (_("Steps (%u/%u)"), on, n);
  gtk_menu_button_set_label (self->steps_button, steps);

  count_checks (self->statuses_box, &n, &on);
  /* translators: how many of the statuses are shown */
  statuses = on == n ? g_strdup (_("Statuses")) : g_strdup_printf (_("Statuses (%u/%u)"), on, n);
  gtk_menu_button_set_label (self->statuses_button, statuses);
}

void
_il_raw_page_build_filter (IlRawPage          *self,
                           const IlAggregates *agg,
                           IlFilter           *filter)
{
  GHashTable *steps, *statuses;
  double min = gtk_spin_button_get_value (self->min_spin);
  double max = gtk_spin_button_get_value (self->max_spin);

  il_filter_init (filter);
  if (agg != NULL)
    il_filter_copy (filter, &agg->filter);

  steps = intersect (checked_ids (self->steps_box), filter->steps);
  if (steps != NULL)
    {
      g_clear_pointer (&filter->steps, g_hash_table_unref);
      filter->steps = steps;
    }
  statuses = intersect (checked_ids (self->statuses_box), filter->statuses);
  if (statuses != NULL)
    {
      g_clear_pointer (&filter->statuses, g_hash_table_unref);
      filter->statuses = statuses;
    }
  if (min > 0)
    filter->min_latency_ms = MAX (filter->min_latency_ms, min);
  if (max > 0)
    filter->max_latency_ms = MIN (filter->max_latency_ms, max);
}

void
_il_raw_page_filters_applied (IlRawPage *self)
{
  update_button_labels (self);
  _il_raw_page_update_count (self);
}

void
_il_raw_page_apply_filters (IlRawPage *self)
{
  IlFilter filter;

  if (self->updating || self->store == NULL)
    return;
  if (self->remote)
    {
      _il_raw_page_remote_apply (self);
      update_button_labels (self);
      _il_raw_page_update_count (self);
      return;
    }

  _il_raw_page_build_filter (self, self->agg, &filter);
  il_row_list_model_set_filter (self->model, &filter);
  il_filter_clear (&filter);

  _il_raw_page_filters_applied (self);
}

/* 0 means "no bound": say so instead of showing 0.0 */
gboolean
_il_raw_page_on_spin_output (GtkSpinButton *spin,
                             gpointer       user_data)
{
  double value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));

  if (value > 0)
    return FALSE;

  /* translators: a latency bound that is not set */
  gtk_editable_set_text (GTK_EDITABLE (spin), C_("latency bound", "any"));
  return TRUE;
}

int
_il_raw_page_on_spin_input (GtkSpinButton *spin,
                            double        *new_value,
                            gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (text[0] == '\0' || g_str_equal (text, C_("latency bound", "any")))
    {
      *new_value = 0;
      return TRUE;
    }
  return FALSE;
}

void
_il_raw_page_on_latency_changed (IlRawPage *self)
{
  _il_raw_page_apply_filters (self);
}

void
_il_raw_page_fill_check_list (IlRawPage *self,
                              GtkBox    *box,
                              guint      n,
                              gboolean   steps)
{
  g_autoptr(GHashTable) was_active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *child;
  guint n_old = 0;
  gboolean same = TRUE;

  /* A refresh with the same names keeps the check buttons (an open
   * popover stays as it is) and what the user unticked; new names start
   * ticked. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (box)); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (child));
      const char *name = n_old < n ? (steps ? self->agg->steps[n_old].name : self->agg->statuses[n_old].name) : NULL;

      same = same && g_strcmp0 (label, name) == 0;
      g_hash_table_insert (was_active, g_strdup (label),
                           GINT_TO_POINTER (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)) ? 1 : 2));
      n_old++;
    }
  if (same && n_old == n)
    {
      guint i = 0;

      for (child = gtk_widget_get_first_child (GTK_WIDGET (box)); child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          IlStrId id = steps ? self->agg->steps[i].step : self->agg->statuses[i].status;

          g_object_set_data (G_OBJECT (child), "il-id-plus-one", GUINT_TO_POINTER (id + 1));
          i++;
        }
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);

  for (guint i = 0; i < n; i++)
    {
      const char *name = steps ? self->agg->steps[i].name : self->agg->statuses[i].name;
      IlStrId id = steps ? self->agg->steps[i].step : self->agg->statuses[i].status;
      GtkWidget *check = gtk_check_button_new_with_label (name);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   GPOINTER_TO_INT (g_hash_table_lookup (was_active, name)) != 2);
      g_object_set_data (G_OBJECT (check), "il-id-plus-one", GUINT_TO_POINTER (id + 1));
      g_signal_connect_object (check, "toggled", G_CALLBACK (_il_raw_page_apply_filters), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (box, check);
    }
}

static void
set_all_checks (GtkBox   *box,
                gboolean  active)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child), active);
}

void
_il_raw_page_reset_filters (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  IlRawPage *self = IL_RAW_PAGE (widget);

  self->updating = TRUE;
  set_all_checks (self->steps_box, TRUE);
  set_all_checks (self->statuses_box, TRUE);
  gtk_spin_button_set_value (self->min_spin, 0);
  gtk_spin_button_set_value (self->max_spin, 0);
  self->updating = FALSE;
  _il_raw_page_apply_filters (self);
}

void
il_raw_page_set_filter (IlRawPage          *self,
                        const char * const *steps,
                        const char * const *statuses,
                        double              min_latency_ms,
                        double              max_latency_ms)
{
  g_return_if_fail (IL_IS_RAW_PAGE (self));

  self->updating = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                 steps == NULL ||
                                 g_strv_contains (steps, gtk_check_button_get_label (GTK_CHECK_BUTTON (child))));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->statuses_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                 statuses == NULL ||
                                 g_strv_contains (statuses, gtk_check_button_get_label (GTK_CHECK_BUTTON (child))));
  gtk_spin_button_set_value (self->min_spin, isfinite (min_latency_ms) ? MAX (min_latency_ms, 0) : 0);
  gtk_spin_button_set_value (self->max_spin, isfinite (max_latency_ms) ? MAX (max_latency_ms, 0) : 0);
  self->updating = FALSE;

  _il_raw_page_apply_filters (self);
}
