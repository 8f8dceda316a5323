/* il-json-write-private.h: small writers shared by the JSON code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @v in decimal, the digits json-glib writes for an integer. */
static inline void
_il_json_append_int64 (GString *out,
                       gint64   v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

G_END_DECLS
