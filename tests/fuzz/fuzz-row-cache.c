/* fuzz-row-cache.c: libFuzzer target for il_row_cache_load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a cache file; its checksums are made right before it is
 * loaded, so the fuzzer reaches the checks of lengths, ids and offsets that
 * a checksum would otherwise hide.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib/gstdio.h>

#include "il-row-cache-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *dir = NULL;
  g_autoptr(IlRowCache) cache = NULL;
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = g_memdup2 (data, size);

  if (dir == NULL)
    dir = g_dir_make_tmp ("fuzz-row-cache-XXXXXX", NULL);
  cache = il_row_cache_new (dir, "https://fuzz.supabase.co");
  _il_row_cache_fix_checksums (copy, size);
  g_assert (g_file_set_contents (il_row_cache_get_path (cache), (const char *) copy, size, NULL));

  store = il_row_cache_load (cache, NULL, &error);
  /* Exactly one of a store and an error; a store's ids are all usable. */
  g_assert ((store == NULL) != (error == NULL));
  if (store != NULL)
    for (guint i = 0; i < store->n_rows; i++)
      {
        g_assert (il_row_store_get_step_name (store, i) != NULL);
        g_assert (il_row_store_get_status (store, i) != NULL);
        g_assert (store->session[i] < store->n_sessions);
        il_row_store_get_metadata (store, i, NULL);
      }
  else
    g_assert (!g_file_test (il_row_cache_get_path (cache), G_FILE_TEST_EXISTS));
  return 0;
}
