/* il-string-pool.c: interned strings (steps, statuses, error messages)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "il-row-store.h"
#include "il-row-store-private.h"

struct _IlStringPool
{
  GPtrArray  *strings;   /* owned, NUL-terminated */
  GHashTable *index;     /* string (borrowed from strings) -> id + 1 */
  gsize       bytes;
};

IlStringPool *
il_string_pool_new (void)
{
  IlStringPool *pool = g_new0 (IlStringPool, 1);

  pool->strings = g_ptr_array_new_with_free_func (g_free);
  pool->index = g_hash_table_new (g_str_hash, g_str_equal);
  return pool;
}

void
il_string_pool_free (IlStringPool *pool)
{
  if (pool == NULL)
    return;
  g_hash_table_unref (pool->index);
  g_ptr_array_unref (pool->strings);
  g_free (pool);
}

static IlStrId
intern_nul_terminated (IlStringPool *pool,
                       const char   *str,
                       gsize         len)
{
  gpointer value;
  char *copy;

  if (g_hash_table_lookup_extended (pool->index, str, NULL, &value))
    return GPOINTER_TO_UINT (value) - 1;

  copy = g_strndup (str, len);
  g_ptr_array_add (pool->strings, copy);
  g_hash_table_insert (pool->index, copy, GUINT_TO_POINTER (pool->strings->len));
  pool->bytes += len + 1;
  return pool->strings->len - 1;
}

IlStrId
il_string_pool_intern (IlStringPool *pool,
                       const char   *str,
                       gssize        len)
{
  char stack_buf[256];
  g_autofree char *heap_buf = NULL;
  const char *key;

  g_return_val_if_fail (pool != NULL, IL_STR_NONE);

  if (str == NULL)
    return IL_STR_NONE;
  if (len < 0)
    return intern_nul_terminated (pool, str, strlen (str));

  /* The hash table wants a NUL-terminated key; str may be a slice. */
  if ((gsize) len < sizeof stack_buf)
    {
      memcpy (stack_buf, str, len);
      stack_buf[len] = '\0';
      key = stack_buf;
    }
  else
    key = heap_buf = g_strndup (str, len);

  return intern_nul_terminated (pool, key, strlen (key));
}

const char *
il_string_pool_get (const IlStringPool *pool,
                    IlStrId             id)
{
  g_return_val_if_fail (pool != NULL, NULL);

  if (id == IL_STR_NONE || id >= pool->strings->len)
    return NULL;
  return g_ptr_array_index (pool->strings, id);
}

int
_il_string_pool_compare_ids (gconstpointer a,
                             gconstpointer b,
                             gpointer      pool)
{
  return strcmp (il_string_pool_get (pool, *(const IlStrId *) a),
                 il_string_pool_get (pool, *(const IlStrId *) b));
}

gint64
il_string_pool_lookup (const IlStringPool *pool,
                       const char         *str)
{
  gpointer value;

  g_return_val_if_fail (pool != NULL, -1);

  if (str == NULL || !g_hash_table_lookup_extended (pool->index, str, NULL, &value))
    return -1;
  return (gint64) GPOINTER_TO_UINT (value) - 1;
}

guint
il_string_pool_get_size (const IlStringPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return pool->strings->len;
}

gsize
_il_string_pool_memory_size (const IlStringPool *pool)
{
  /* strings + pointer array + hash table (about 3 words per entry) */
  return sizeof *pool + pool->bytes + pool->strings->len * (sizeof (gpointer) * 4);
}

void
_il_string_pool_clear (IlStringPool *pool)
{
  g_hash_table_remove_all (pool->index);
  g_ptr_array_set_size (pool->strings, 0);
  pool->bytes = 0;
}
