/* il-summary-reader.c: reading the summary's JSON, remembering the first
 * place where it is not what the function returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-summary-private.h"

#include <math.h>

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

double
_il_summary_node_double (Reader     *rd,
                         JsonNode   *node,
                         const char *where)
{
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NAN;
  if (!is_number (node))
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return NAN;
    }
  return json_node_get_double (node);
}

gint64
_il_summary_node_int (Reader     *rd,
                      JsonNode   *node,
                      const char *where)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return 0;
    }
  return json_node_get_int (node);
}

guint64
_il_summary_node_count (Reader     *rd,
                        JsonNode   *node,
                        const char *where)
{
  gint64 v = _il_summary_node_int (rd, node, where);

  if (v < 0)
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return 0;
    }
  return (guint64) v;
}

/* a string, or NULL for JSON null */
const char *
_il_summary_node_string (Reader     *rd,
                         JsonNode   *node,
                         const char *where)
{
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return NULL;
    }
  return json_node_get_string (node);
}

JsonNode *
_il_summary_member (JsonObject *o,
                    const char *name)
{
  return o != NULL ? json_object_get_member (o, name) : NULL;
}

JsonObject *
_il_summary_get_object (Reader     *rd,
                        JsonObject *o,
                        const char *name)
{
  JsonNode *node = _il_summary_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      rd->bad = rd->bad != NULL ? rd->bad : name;
      return NULL;
    }
  return json_node_get_object (node);
}

/* An array; a missing or wrong one reads as empty (and fails the parse). */
JsonArray *
_il_summary_get_array (Reader     *rd,
                       JsonObject *o,
                       const char *name)
{
  static JsonArray *empty;
  JsonNode *node = _il_summary_member (o, name);

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, json_array_new ());
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      rd->bad = rd->bad != NULL ? rd->bad : name;
      return empty;
    }
  return json_node_get_array (node);
}

/* A row of a list of arrays: [a, b, ...] with at least n items. */
JsonArray *
_il_summary_get_row (Reader     *rd,
                     JsonArray  *list,
                     guint       i,
                     guint       n,
                     const char *where)
{
  JsonNode *node = json_array_get_element (list, i);
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (a = json_node_get_array (node)) < n)
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return NULL;
    }
  return a;
}

JsonNode *
_il_summary_item (JsonArray *a,
                  guint      i)
{
  return a != NULL ? json_array_get_element (a, i) : NULL;
}

JsonObject *
_il_summary_get_element_object (Reader     *rd,
                                JsonArray  *list,
                                guint       i,
                                const char *where)
{
  JsonNode *node = json_array_get_element (list, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rd->bad = rd->bad != NULL ? rd->bad : where;
      return NULL;
    }
  return json_node_get_object (node);
}
