/* il-dotenv.h: a parser for .env files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_DOTENV_ERROR (il_dotenv_error_quark ())
typedef enum
{
  IL_DOTENV_ERROR_SYNTAX,    /* the message names the line number */
} IlDotenvError;
GQuark il_dotenv_error_quark (void);

/**
 * il_dotenv_parse:
 * @text: the file's contents (need not be NUL-terminated when @len >= 0)
 * @len: length of @text in bytes, or -1 when NUL-terminated
 * @error: a #GError, or %NULL
 *
 * Parses `KEY=value` lines: blank lines and lines starting with `#` are
 * ignored, an optional `export ` prefix, values optionally in single quotes
 * (taken verbatim) or double quotes (`\n`, `\t`, `\\`, `\"` unescaped), a `#`
 * after whitespace ends an unquoted value, CRLF or LF line ends. The last
 * definition of a key wins. A malformed line is an error naming its number.
 *
 * Returns: (transfer full): a table of newly allocated strings (key -> value),
 *   or %NULL on error
 */
GHashTable *il_dotenv_parse (const char  *text,
                             gssize       len,
                             GError     **error);

/* Reads and parses the file at @path (G_IO_ERROR on read errors; syntax errors
 * name the file and line). */
GHashTable *il_dotenv_load  (const char  *path,
                             GError     **error);

G_END_DECLS
