/* il-atomic-file.h: write a file completely or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _IlAtomicFile IlAtomicFile;

/* Opens a new temporary file in @file's folder (".NAME.XXXXXX"); the
 * target is untouched until il_atomic_file_commit() renames the temporary
 * over it, so a crash or a kill mid-way never leaves a truncated target.
 * g_file_replace() does this only when the target already exists. */
IlAtomicFile  *il_atomic_file_open       (GFile         *file,
                                          GCancellable  *cancellable,
                                          GError       **error);
GOutputStream *il_atomic_file_get_stream (IlAtomicFile  *self);
/* Closes and renames; on failure the temporary is removed. Frees @self. */
gboolean       il_atomic_file_commit     (IlAtomicFile  *self,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* Closes and removes the temporary. Frees @self. */
void           il_atomic_file_abort      (IlAtomicFile  *self);

G_END_DECLS
