/* il-settings.c: the app's settings, which never abort on a missing schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
/* For g_memory_settings_backend_new () */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "il-paths.h"
#include "il-schema-resources.h"
#include "il-settings.h"

#define BUILTIN_SCHEMAS RESOURCE_PREFIX "/schemas/gschemas.compiled"

typedef struct
{
  GSettingsSchema  *schema;
  GSettingsBackend *backend;    /* NULL: the default one, which saves */
  char             *problem;
} Lookup;

/* GSettings only reads compiled schemas from a directory: copy ours to a
 * private one, open it, and remove it at once (the source keeps it mapped). */
static GSettingsSchema *
load_builtin_schema (const char  *tmp_parent,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  gsize size;
  const char *data;

  bytes = g_resource_lookup_data (il_schema_get_resource (), BUILTIN_SCHEMAS,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  tmpl = g_build_filename (tmp_parent, "interview-latency-XXXXXX", NULL);
  dir = g_mkdtemp (tmpl) != NULL ? g_steal_pointer (&tmpl) : NULL;
  if (dir == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", tmp_parent, g_strerror (saved_errno));
      return NULL;
    }

  file = g_build_filename (dir, "gschemas.compiled", NULL);
  data = g_bytes_get_data (bytes, &size);
  if (g_file_set_contents (file, data, size, error))
    source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, error);
  g_unlink (file);
  g_rmdir (dir);

  return source != NULL ? g_settings_schema_source_lookup (source, APP_ID, FALSE) : NULL;
}

static gpointer
lookup_schema (gpointer unused)
{
  Lookup *lookup = g_new0 (Lookup, 1);
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  const char *build_dir = il_paths_get_schemadir ();
  g_autoptr(GError) error = NULL;

  /* From the build tree its schema wins: an installed one may be older. */
  if (build_dir != NULL)
    {
      g_autoptr(GSettingsSchemaSource) source =
        g_settings_schema_source_new_from_directory (build_dir, installed, TRUE, NULL);

      if (source != NULL)
        lookup->schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
    }
  if (lookup->schema == NULL && installed != NULL)
    lookup->schema = g_settings_schema_source_lookup (installed, APP_ID, TRUE);
  if (lookup->schema != NULL)
    return lookup;

  /* Short for a toast; the terminal gets the details. */
  lookup->problem = g_strdup (_("Settings are not saved: their schema is not installed"));
  g_printerr (_("The settings schema %s is not installed, so settings are not saved and "
                "defaults apply. Install the app with “meson install”, or start it from its "
                "build folder.\n"),
              APP_ID);

  lookup->backend = g_memory_settings_backend_new ();
  lookup->schema = load_builtin_schema (g_get_tmp_dir (), &error);
  if (lookup->schema == NULL)
    {
      g_clear_error (&error);
      lookup->schema = load_builtin_schema (g_get_user_runtime_dir (), &error);
    }
  /* Only when neither a temporary nor a runtime folder is writable. */
  if (lookup->schema == NULL)
    g_error ("Could not load the built-in settings schema: %s", error->message);

  return lookup;
}

static const Lookup *
get_lookup (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, lookup_schema, NULL);
}

GSettings *
il_settings_new (void)
{
  const Lookup *lookup = get_lookup ();

  return g_settings_new_full (lookup->schema, lookup->backend, NULL);
}

const char *
il_settings_get_problem (void)
{
  return get_lookup ()->problem;
}
