/* il-summary-private.h: reading the summary's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "il-summary.h"

G_BEGIN_DECLS

/* The first reader that finds something unexpected records where; the others
 * then do nothing harmful, and the parse fails naming that place. Numbers
 * read as NAN (null), 0 or NULL when missing or of the wrong type. */
typedef struct
{
  const char *bad;
} Reader;

double      _il_summary_node_double        (Reader     *rd,
                                            JsonNode   *node,
                                            const char *where);
gint64      _il_summary_node_int           (Reader     *rd,
                                            JsonNode   *node,
                                            const char *where);
guint64     _il_summary_node_count         (Reader     *rd,
                                            JsonNode   *node,
                                            const char *where);
/* a string, or NULL for JSON null */
const char *_il_summary_node_string        (Reader     *rd,
                                            JsonNode   *node,
                                            const char *where);
JsonNode   *_il_summary_member             (JsonObject *o,
                                            const char *name);
JsonObject *_il_summary_get_object         (Reader     *rd,
                                            JsonObject *o,
                                            const char *name);
/* An array; a missing or wrong one reads as empty (and fails the parse). */
JsonArray  *_il_summary_get_array          (Reader     *rd,
                                            JsonObject *o,
                                            const char *name);
/* A row of a list of arrays: [a, b, ...] with at least n items. */
JsonArray  *_il_summary_get_row            (Reader     *rd,
                                            JsonArray  *list,
                                            guint       i,
                                            guint       n,
                                            const char *where);
JsonNode   *_il_summary_item               (JsonArray  *a,
                                            guint       i);
JsonObject *_il_summary_get_element_object (Reader     *rd,
                                            JsonArray  *list,
                                            guint       i,
                                            const char *where);

G_END_DECLS
