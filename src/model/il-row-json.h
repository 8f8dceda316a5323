/* il-row-json.h: rows as PostgREST JSON pages, and the parallel page loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "il-row-store.h"

G_BEGIN_DECLS

/* Appends s as a JSON string literal (with the quotes), escaped per RFC 8259:
 * '"', '\\' and control characters are escaped, other UTF-8 is kept as is. */
void        il_json_escape_string   (GString          *out,
                                     const char       *s);
/* Same, for len bytes of s (which may then hold NUL bytes). */
void        il_json_escape_string_len (GString        *out,
                                       const char     *s,
                                       gsize           len);

/* Appends node as compact JSON text (no spaces; object members in their order;
 * integers as json-glib gives them, doubles in the shortest text that round-trips). */
void        il_json_write_node      (GString          *out,
                                     JsonNode         *node);

/* Appends the shortest decimal text of d that reads back as d; with
 * force_fraction a ".0" is added to integral values (so JSON reads a double). */
void        il_json_write_double    (GString          *out,
                                     double            d,
                                     gboolean          force_fraction);

/* All columns for column_mask. */
#define IL_ALL_COLUMNS G_MAXUINT

/* Writes rows of store as one PostgREST JSON page: an array of objects with the
 * columns of column_mask (bit 1 << IlColumn) in schema order. rows NULL means
 * rows 0 .. n_rows-1. */
GString    *il_row_store_write_json (const IlRowStore *store,
                                     const guint32    *rows,
                                     guint             n_rows,
                                     guint             column_mask);

/* Parses the pages (GBytes, PostgREST bodies) on n_threads worker threads
 * (0 = one per CPU), appends them in page order and seals the store. A page
 * that fails as a whole fails the load: NULL with the error, prefixed by the
 * 0-based page number. Skipped rows are counted in the store; the first reason
 * gets a "page N, " prefix. */
IlRowStore *il_row_store_load_pages (GPtrArray        *pages,
                                     guint             n_threads,
                                     GError          **error);

G_END_DECLS
