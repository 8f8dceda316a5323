/* il-atomic-file.c: write a file completely or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-atomic-file.h"

struct _IlAtomicFile
{
  GFile             *file;
  GFile             *tmp;
  GFileOutputStream *stream;
};

static void
atomic_file_free (IlAtomicFile *self)
{
  g_clear_object (&self->stream);
  g_clear_object (&self->tmp);
  g_clear_object (&self->file);
  g_free (self);
}

IlAtomicFile *
il_atomic_file_open (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *base = NULL;
  IlAtomicFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  parent = g_file_get_parent (file);
  base = g_file_get_basename (file);
  if (parent == NULL || base == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("Choose a file name, not a folder."));
      return NULL;
    }
  /* the target itself must be a file we may replace, as g_file_replace checks */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("Choose a file name, not a folder."));
      return NULL;
    }

  self = g_new0 (IlAtomicFile, 1);
  self->file = g_object_ref (file);
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%06x", base, g_random_int_range (0, 0xffffff));

      g_clear_object (&self->tmp);
      self->tmp = g_file_get_child (parent, name);
      self->stream = g_file_create (self->tmp, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (self->stream != NULL)
        return self;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt >= 20)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          atomic_file_free (self);
          return NULL;
        }
    }
}

GOutputStream *
il_atomic_file_get_stream (IlAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return G_OUTPUT_STREAM (self->stream);
}

gboolean
il_atomic_file_commit (IlAtomicFile  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  ok = g_output_stream_close (G_OUTPUT_STREAM (self->stream), cancellable, error)
       && g_file_move (self->tmp, self->file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                       cancellable, NULL, NULL, error);
  if (!ok)
    g_file_delete (self->tmp, NULL, NULL);
  atomic_file_free (self);
  return ok;
}

void
il_atomic_file_abort (IlAtomicFile *self)
{
  if (self == NULL)
    return;
  g_output_stream_close (G_OUTPUT_STREAM (self->stream), NULL, NULL);
  g_file_delete (self->tmp, NULL, NULL);
  atomic_file_free (self);
}
