/* il-secret.h: the Supabase API key in the user's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IL_SECRET_ERROR (il_secret_error_quark ())

/**
 * IlSecretError:
 * @IL_SECRET_ERROR_UNAVAILABLE: no Secret Service (no D-Bus session or no keyring);
 *   a stored key is kept in memory for this session only
 * @IL_SECRET_ERROR_FAILED: the keyring refused the operation
 */
typedef enum
{
  IL_SECRET_ERROR_UNAVAILABLE,
  IL_SECRET_ERROR_FAILED,
} IlSecretError;

GQuark    il_secret_error_quark        (void);

gboolean  il_secret_is_available       (void);

void      il_secret_store_key_async    (const char          *url,
                                        const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  il_secret_store_key_finish   (GAsyncResult        *result,
                                        GError             **error);

void      il_secret_lookup_key_async   (const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *il_secret_lookup_key_finish  (GAsyncResult        *result,
                                        GError             **error);

void      il_secret_clear_key_async    (const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  il_secret_clear_key_finish   (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
