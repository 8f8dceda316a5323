/* il-cache-preferences-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The size is measured and the files deleted in a thread: the folder may sit
 * on a slow or network home directory.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-cache-preferences-group.h"
#include "il-row-cache.h"
#include "il-settings.h"

struct _IlCachePreferencesGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template */
  GtkSwitch           *use_cache_switch;
  AdwActionRow        *size_row;
  GtkButton           *clear_button;

  GSettings           *settings;
  GCancellable        *cancellable;
  char                *cache_dir;
  char                *size_text;
  guint                generation;   /* drops the answer of an older task */
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (IlCachePreferencesGroup, il_cache_preferences_group, ADW_TYPE_PREFERENCES_GROUP)

typedef struct
{
  char   *cache_dir;
  gboolean clear;
  guint  generation;
} CacheTask;

typedef struct
{
  guint64  size;
  GError  *error;    /* of the clearing, else NULL */
} CacheResult;

static void
cache_task_free (CacheTask *data)
{
  g_free (data->cache_dir);
  g_free (data);
}

static void
cache_result_free (CacheResult *result)
{
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheResult, cache_result_free)

static void
cache_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CacheTask *data = task_data;
  CacheResult *result = g_new0 (CacheResult, 1);

  if (data->clear)
    il_row_cache_clear_all (data->cache_dir, &result->error);
  result->size = il_row_cache_get_total_size (data->cache_dir);
  g_task_return_pointer (task, result, (GDestroyNotify) cache_result_free);
}

static void
cache_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  CacheTask *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(CacheResult) result = NULL;
  IlCachePreferencesGroup *self;

  result = g_task_propagate_pointer (G_TASK (res), NULL);
  if (result == NULL)
    return;   /* cancelled: the group is gone */
  self = IL_CACHE_PREFERENCES_GROUP (object);
  if (data->generation != self->generation)
    return;

  self->busy = FALSE;
  g_free (self->size_text);
  self->size_text = g_format_size (result->size);
  if (result->error != NULL)
    {
      /* Translators: "Could not delete …: Permission denied (12.3 MB left)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s left)"), result->error->message, self->size_text);

      adw_action_row_set_subtitle (self->size_row, text);
    }
  else
    adw_action_row_set_subtitle (self->size_row, self->size_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), result->size > 0 || result->error != NULL);
}


static void
start (IlCachePreferencesGroup *self,
       gboolean                 clear)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, cache_done, NULL);
  CacheTask *data = g_new0 (CacheTask, 1);

  data->cache_dir = g_strdup (self->cache_dir);
  data->clear = clear;
  data->generation = ++self->generation;
  self->busy = TRUE;
  g_clear_pointer (&self->size_text, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), FALSE);
  adw_action_row_set_subtitle (self->size_row, clear ? _("Clearing…") : _("Measuring…"));

  g_task_set_source_tag (task, start);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) cache_task_free);
  g_task_run_in_thread (task, cache_thread);
}

static void
on_clear_clicked (IlCachePreferencesGroup *self)
{
  start (self, TRUE);
}

static void
il_cache_preferences_group_dispose (GObject *object)
{
  IlCachePreferencesGroup *self = IL_CACHE_PREFERENCES_GROUP (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_CACHE_PREFERENCES_GROUP);

  G_OBJECT_CLASS (il_cache_preferences_group_parent_class)->dispose (object);
}

static void
il_cache_preferences_group_finalize (GObject *object)
{
  IlCachePreferencesGroup *self = IL_CACHE_PREFERENCES_GROUP (object);

  g_free (self->cache_dir);
  g_free (self->size_text);

  G_OBJECT_CLASS (il_cache_preferences_group_parent_class)->finalize (object);
}

static void
il_cache_preferences_group_class_init (IlCachePreferencesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_cache_preferences_group_dispose;
  object_class->finalize = il_cache_preferences_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/il-cache-preferences-group.ui");
  gtk_widget_class_bind_template_child (widget_class, IlCachePreferencesGroup, use_cache_switch);
  gtk_widget_class_bind_template_child (widget_class, IlCachePreferencesGroup, size_row);
  gtk_widget_class_bind_template_child (widget_class, IlCachePreferencesGroup, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked);
}

static void
il_cache_preferences_group_init (IlCachePreferencesGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = il_settings_new ();
  g_settings_bind (self->settings, "use-cache", self->use_cache_switch, "active", G_SETTINGS_BIND_DEFAULT);
  start (self, FALSE);
}

GtkWidget *
il_cache_preferences_group_new (void)
{
  return g_object_new (IL_TYPE_CACHE_PREFERENCES_GROUP, NULL);
}

void
il_cache_preferences_group_set_cache_dir (IlCachePreferencesGroup *self,
                                          const char              *cache_dir)
{
  g_return_if_fail (IL_IS_CACHE_PREFERENCES_GROUP (self));

  g_free (self->cache_dir);
  self->cache_dir = g_strdup (cache_dir);
  start (self, FALSE);
}

const char *
il_cache_preferences_group_get_size_text (IlCachePreferencesGroup *self)
{
  g_return_val_if_fail (IL_IS_CACHE_PREFERENCES_GROUP (self), NULL);
  return self->size_text;
}

gboolean
il_cache_preferences_group_is_busy (IlCachePreferencesGroup *self)
{
  g_return_val_if_fail (IL_IS_CACHE_PREFERENCES_GROUP (self), FALSE);
  return self->busy;
}
