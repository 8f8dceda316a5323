/* fuzz-dotenv.c: libFuzzer target for il_dotenv_parse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "il-dotenv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = il_dotenv_parse ((const char *) data, (gssize) size, &error);

  /* Exactly one of a result and an error; every value is valid UTF-8. */
  g_assert ((table == NULL) != (error == NULL));
  if (table != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_assert (((const char *) key)[0] != '\0');
          g_assert (g_utf8_validate (value, -1, NULL));
        }
    }
  else
    g_assert (strncmp (error->message, "Line ", 5) == 0);
  return 0;
}
