/* il-slo-preferences-page.c: the latency targets in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One expander row per target: its step (every step, or one seen in the
 * data), its statistic and its bound. Every change is saved at once, as
 * GNOME preferences do; a change made elsewhere (another window, the
 * command line tool) rebuilds the rows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-main-window.h"
#include "il-settings.h"
#include "il-slo.h"
#include "il-slo-format.h"
#include "il-slo-preferences-page.h"

typedef struct
{
  IlSloPreferencesPage *page;
  guint                 index;
  AdwExpanderRow       *expander;
  AdwComboRow          *step;
  AdwComboRow          *statistic;
  GtkSpinButton        *bound;
  GtkLabel             *unit;
  GtkButton            *remove;
  GStrv                 step_names;  /* per position of the step row; [0] is "*" */
} TargetRow;

struct _IlSloPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget           *empty_row;
  GtkWidget           *add_button;

  GSettings           *settings;
  GPtrArray           *targets;      /* IlSloTarget, as saved */
  GPtrArray           *rows;         /* TargetRow */
  GStrv                steps;        /* offered steps, or NULL: ask the window */
  gboolean             writing;      /* our own change of the setting */
  gboolean             building;
};

G_DEFINE_FINAL_TYPE (IlSloPreferencesPage, il_slo_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static void
target_row_free (TargetRow *row)
{
  g_strfreev (row->step_names);
  g_free (row);
}

static void
save (IlSloPreferencesPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;

  for (guint i = 0; i < self->targets->len; i++)
    {
      g_autofree char *text = il_slo_target_to_string (self->targets->pdata[i]);

      g_strv_builder_add (builder, text);
    }
  texts = g_strv_builder_end (builder);
  self->writing = TRUE;
  g_settings_set_strv (self->settings, "slo-targets", (const char *const *) texts);
  self->writing = FALSE;
}

static char *
row_title (const IlSloTarget *target)
{
  g_autofree char *what = il_slo_format_target (target->statistic, target->bound);

  /* Translators: a target in the preferences, "llm · P95 ≤ 800 ms" */
  return g_strdup_printf (_("%s · %s"),
                          g_str_equal (target->step, IL_SLO_EVERY_STEP) ? _("Every step") : target->step,
                          what);
}

static void
update_row (TargetRow *row)
{
  IlSloTarget *target = row->page->targets->pdata[row->index];
  g_autofree char *title = row_title (target);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), title);
  gtk_label_set_text (row->unit, target->statistic == IL_SLO_ERROR_RATE ? "%" : _("ms"));
}

static void
on_row_changed (TargetRow *row)
{
  IlSloPreferencesPage *self = row->page;
  IlSloTarget *target;
  guint step = adw_combo_row_get_selected (row->step);
  guint statistic = adw_combo_row_get_selected (row->statistic);

  if (self->building || row->index >= self->targets->len)
    return;
  target = self->targets->pdata[row->index];
  if (step != GTK_INVALID_LIST_POSITION && row->step_names[step] != NULL)
    {
      g_free (target->step);
      target->step = g_strdup (row->step_names[step]);
    }
  if (statistic < IL_SLO_N_STATISTICS)
    target->statistic = statistic;
  /* a percentage is at most 100: clamp before saving, or the list would not parse */
  self->building = TRUE;
  if (target->statistic == IL_SLO_ERROR_RATE && gtk_spin_button_get_value (row->bound) > 100)
    gtk_spin_button_set_value (row->bound, 100);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (row->bound),
                            target->statistic == IL_SLO_ERROR_RATE ? 100 : 3600000);
  self->building = FALSE;
  target->bound = gtk_spin_button_get_value (row->bound);
  update_row (row);
  save (self);
}

static void rebuild (IlSloPreferencesPage *self);

static void
on_remove_clicked (TargetRow *row)
{
  IlSloPreferencesPage *self = row->page;

  g_ptr_array_remove_index (self->targets, row->index);
  save (self);
  rebuild (self);
}

/* The steps to offer: those set, else those of the data the main window shows. */
static GStrv
offered_steps (IlSloPreferencesPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkRoot *root;
  GtkWindow *parent = NULL;

  if (self->steps != NULL)
    return g_strdupv (self->steps);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    parent = gtk_window_get_transient_for (GTK_WINDOW (root));
  if (IL_IS_MAIN_WINDOW (parent))
    {
      const IlAggregates *agg = il_main_window_get_aggregates (IL_MAIN_WINDOW (parent));

      for (guint i = 0; agg != NULL && i < agg->n_steps; i++)
        if (agg->steps[i].name != NULL)
          g_strv_builder_add (builder, agg->steps[i].name);
    }
  return g_strv_builder_end (builder);
}

static TargetRow *
add_row (IlSloPreferencesPage *self,
         guint                 index,
         const char *const    *steps)
{
  IlSloTarget *target = self->targets->pdata[index];
  TargetRow *row = g_new0 (TargetRow, 1);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GtkStringList) step_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statistic_labels = gtk_string_list_new (NULL);
  AdwActionRow *bound_row, *remove_row;
  GtkWidget *suffix;
  guint selected_step = 0;
  gboolean found = g_str_equal (target->step, IL_SLO_EVERY_STEP);

  row->page = self;
  row->index = index;

  g_strv_builder_add (names, IL_SLO_EVERY_STEP);
  gtk_string_list_append (step_labels, _("Every step"));
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      g_strv_builder_add (names, steps[i]);
      gtk_string_list_append (step_labels, steps[i]);
      if (!found && g_str_equal (steps[i], target->step))
        {
          selected_step = i + 1;
          found = TRUE;
        }
    }
  /* a saved step not in the data shown stays choosable */
  if (!found)
    {
      g_strv_builder_add (names, target->step);
      gtk_string_list_append (step_labels, target->step);
      selected_step = g_list_model_get_n_items (G_LIST_MODEL (step_labels)) - 1;
    }
  row->step_names = g_strv_builder_end (names);
  for (guint s = 0; s < IL_SLO_N_STATISTICS; s++)
    gtk_string_list_append (statistic_labels, il_slo_format_statistic (s));

  row->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);

  row->step = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->step), _("Step"));
  adw_combo_row_set_model (row->step, G_LIST_MODEL (step_labels));
  adw_combo_row_set_selected (row->step, selected_step);
  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->step));

  row->statistic = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->statistic), _("Statistic"));
  adw_combo_row_set_model (row->statistic, G_LIST_MODEL (statistic_labels));
  adw_combo_row_set_selected (row->statistic, target->statistic);
  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->statistic));

  bound_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (bound_row), _("At Most"));
  row->bound = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 3600000, 10));
  gtk_spin_button_set_digits (row->bound, 2);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (row->bound),
                            target->statistic == IL_SLO_ERROR_RATE ? 100 : 3600000);
  gtk_spin_button_set_value (row->bound, target->bound);
  gtk_widget_set_valign (GTK_WIDGET (row->bound), GTK_ALIGN_CENTER);
  row->unit = GTK_LABEL (gtk_label_new (NULL));
  suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (row->bound));
  gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (row->unit));
  adw_action_row_add_suffix (bound_row, suffix);
  adw_action_row_set_activatable_widget (bound_row, GTK_WIDGET (row->bound));
  adw_expander_row_add_row (row->expander, GTK_WIDGET (bound_row));

  remove_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove this target"));
  row->remove = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove")));
  gtk_widget_set_valign (GTK_WIDGET (row->remove), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (row->remove), "destructive-action");
  adw_action_row_add_suffix (remove_row, GTK_WIDGET (row->remove));
  adw_expander_row_add_row (row->expander, GTK_WIDGET (remove_row));

  update_row (row);
  g_signal_connect_swapped (row->step, "notify::selected", G_CALLBACK (on_row_changed), row);
  g_signal_connect_swapped (row->statistic, "notify::selected", G_CALLBACK (on_row_changed), row);
  g_signal_connect_swapped (row->bound, "value-changed", G_CALLBACK (on_row_changed), row);
  g_signal_connect_swapped (row->remove, "clicked", G_CALLBACK (on_remove_clicked), row);

  adw_preferences_group_add (self->group, GTK_WIDGET (row->expander));
  return row;
}

static void
rebuild (IlSloPreferencesPage *self)
{
  g_auto(GStrv) steps = offered_steps (self);

  self->building = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      TargetRow *row = self->rows->pdata[i];

      /* the widgets may outlive the row: they must not call back into it */
      g_signal_handlers_disconnect_by_data (row->step, row);
      g_signal_handlers_disconnect_by_data (row->statistic, row);
      g_signal_handlers_disconnect_by_data (row->bound, row);
      g_signal_handlers_disconnect_by_data (row->remove, row);
      adw_preferences_group_remove (self->group, GTK_WIDGET (row->expander));
    }
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < self->targets->len; i++)
    g_ptr_array_add (self->rows, add_row (self, i, (const char *const *) steps));
  gtk_widget_set_visible (self->empty_row, self->targets->len == 0);
  gtk_widget_set_visible (self->add_button, self->targets->len > 0);
  self->building = FALSE;
}

static void
load (IlSloPreferencesPage *self)
{
  g_auto(GStrv) texts = g_settings_get_strv (self->settings, "slo-targets");
  g_autoptr(GError) error = NULL;
  GPtrArray *targets = il_slo_targets_parse ((const char *const *) texts, &error);

  /* a list edited by hand that does not parse is shown empty, and kept until
   * the user changes something */
  if (targets == NULL)
    targets = g_ptr_array_new_with_free_func ((GDestroyNotify) il_slo_target_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->targets = targets;
}

static void
on_settings_changed (IlSloPreferencesPage *self)
{
  if (self->writing)
    return;
  load (self);
  rebuild (self);
}

guint
il_slo_preferences_page_add (IlSloPreferencesPage *self)
{
  g_auto(GStrv) steps = NULL;
  TargetRow *row;
  guint index;

  g_return_val_if_fail (IL_IS_SLO_PREFERENCES_PAGE (self), 0);

  /* a sensible start: the first step seen, at most 1 s at P95 */
  steps = offered_steps (self);
  g_ptr_array_add (self->targets,
                   il_slo_target_new (steps[0] != NULL ? steps[0] : IL_SLO_EVERY_STEP, IL_SLO_P95, 1000));
  index = self->targets->len - 1;
  save (self);
  rebuild (self);
  row = self->rows->pdata[index];
  adw_expander_row_set_expanded (row->expander, TRUE);
  return index;
}

static void
on_add_clicked (IlSloPreferencesPage *self)
{
  il_slo_preferences_page_add (self);
}

static void
on_map (IlSloPreferencesPage *self)
{
  /* the data may have changed since the rows were built */
  if (self->steps == NULL)
    rebuild (self);
}

static void
il_slo_preferences_page_dispose (GObject *object)
{
  IlSloPreferencesPage *self = IL_SLO_PREFERENCES_PAGE (object);

  if (self->rows != NULL)
    for (guint i = 0; i < self->rows->len; i++)
      {
        TargetRow *row = self->rows->pdata[i];

        g_signal_handlers_disconnect_by_data (row->step, row);
        g_signal_handlers_disconnect_by_data (row->statistic, row);
        g_signal_handlers_disconnect_by_data (row->bound, row);
        g_signal_handlers_disconnect_by_data (row->remove, row);
      }
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_SLO_PREFERENCES_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_strfreev);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (il_slo_preferences_page_parent_class)->dispose (object);
}

static void
il_slo_preferences_page_class_init (IlSloPreferencesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = il_slo_preferences_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-slo-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IlSloPreferencesPage, group);
  gtk_widget_class_bind_template_child (widget_class, IlSloPreferencesPage, empty_row);
  gtk_widget_class_bind_template_child (widget_class, IlSloPreferencesPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
il_slo_preferences_page_init (IlSloPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) target_row_free);
  self->settings = il_settings_new ();
  load (self);
  rebuild (self);
  g_signal_connect_object (self->settings, "changed::slo-targets", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

GtkWidget *
il_slo_preferences_page_new (void)
{
  return g_object_new (IL_TYPE_SLO_PREFERENCES_PAGE, NULL);
}

void
il_slo_preferences_page_set_steps (IlSloPreferencesPage *self,
                                   const char *const    *steps)
{
  g_return_if_fail (IL_IS_SLO_PREFERENCES_PAGE (self));

  g_clear_pointer (&self->steps, g_strfreev);
  self->steps = g_strdupv ((char **) (steps != NULL ? steps : (const char *const[]) { NULL }));
  rebuild (self);
}

static TargetRow *
get_row (IlSloPreferencesPage *self,
         guint                 index)
{
  g_return_val_if_fail (IL_IS_SLO_PREFERENCES_PAGE (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return self->rows->pdata[index];
}

AdwComboRow *
_il_slo_preferences_page_get_step_row (IlSloPreferencesPage *self,
                                       guint                 index)
{
  return get_row (self, index)->step;
}

AdwComboRow *
_il_slo_preferences_page_get_statistic_row (IlSloPreferencesPage *self,
                                            guint                 index)
{
  return get_row (self, index)->statistic;
}

GtkSpinButton *
_il_slo_preferences_page_get_bound_spin (IlSloPreferencesPage *self,
                                         guint                 index)
{
  return get_row (self, index)->bound;
}

GtkButton *
_il_slo_preferences_page_get_remove_button (IlSloPreferencesPage *self,
                                            guint                 index)
{
  return get_row (self, index)->remove;
}

gboolean
_il_slo_preferences_page_is_empty (IlSloPreferencesPage *self)
{
  g_return_val_if_fail (IL_IS_SLO_PREFERENCES_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->empty_row);
}
