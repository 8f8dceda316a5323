/* il-dotenv.c: a small, strict .env parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "il-dotenv.h"

G_DEFINE_QUARK (il-dotenv-error-quark, il_dotenv_error)

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
is_key_char (char c, gboolean first)
{
  if (g_ascii_isalpha (c) || c == '_')
    return TRUE;
  return !first && (g_ascii_isdigit (c) || c == '.' || c == '-');
}

/* Parses one line (without its line end) into key/value; FALSE with a
 * reason when malformed. A blank or comment line gives key = NULL. */
static gboolean
parse_line (const char  *p,
            const char  *end,
            char       **out_key,
            char       **out_value,
            const char **reason)
{
  const char *key_start;
  const char *key_end;
  GString *value;

  *out_key = NULL;
  *out_value = NULL;

  while (p < end && is_blank (*p))
    p++;
  if (p == end || *p == '#')
    return TRUE;

  if (end - p > 7 && strncmp (p, "export", 6) == 0 && is_blank (p[6]))
    {
      p += 7;
      while (p < end && is_blank (*p))
        p++;
    }

  key_start = p;
  while (p < end && is_key_char (*p, p == key_start))
    p++;
  key_end = p;
  if (key_end == key_start)
    {
      *reason = _("expected a name such as SUPABASE_URL");
      return FALSE;
    }
  while (p < end && is_blank (*p))
    p++;
  if (p == end || *p != '=')
    {
      *reason = _("expected “=” after the name");
      return FALSE;
    }
  p++;
  while (p < end && is_blank (*p))
    p++;

  value = g_string_new (NULL);
  if (p < end && (*p == '\'' || *p == '"'))
    {
      char quote = *p++;
      gboolean closed = FALSE;

      while (p < end)
        {
          if (*p == quote)
            {
              closed = TRUE;
              p++;
              break;
            }
          if (quote == '"' && *p == '\\' && p + 1 < end)
            {
              p++;
              switch (*p)
                {
                case 'n': g_string_append_c (value, '\n'); break;
                case 't': g_string_append_c (value, '\t'); break;
                case 'r': g_string_append_c (value, '\r'); break;
                default: g_string_append_c (value, *p); break;
                }
              p++;
              continue;
            }
          g_string_append_c (value, *p++);
        }
      if (!closed)
        {
          g_string_free (value, TRUE);
          *reason = _("the quoted value has no closing quote");
          return FALSE;
        }
      while (p < end && is_blank (*p))
        p++;
      if (p < end && *p != '#')
        {
          g_string_free (value, TRUE);
          *reason = _("unexpected text after the closing quote");
          return FALSE;
        }
    }
  else
    {
      const char *v = p;
      const char *v_end;

      /* A '#' starts a comment only after whitespace, so "a#b" stays a value. */
      while (p < end && !(*p == '#' && (p == v || is_blank (p[-1]))))
        p++;
      v_end = p;
      while (v_end > v && is_blank (v_end[-1]))
        v_end--;
      g_string_append_len (value, v, v_end - v);
    }

  if (!g_utf8_validate (value->str, value->len, NULL))
    {
      g_string_free (value, TRUE);
      *reason = _("the value is not valid UTF-8");
      return FALSE;
    }

  *out_key = g_strndup (key_start, key_end - key_start);
  *out_value = g_string_free (value, FALSE);
  return TRUE;
}

GHashTable *
il_dotenv_parse (const char  *text,
                 gssize       len,
                 GError     **error)
{
  g_autoptr(GHashTable) table = NULL;
  const char *p;
  const char *end;
  guint line_no = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (text);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p = text;
  end = text + len;

  /* A UTF-8 byte order mark, as some editors write. */
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      gsize remaining = (gsize) (end - p);
      const char *nl = memchr (p, '\n', remaining);
      gsize line_len = nl ? (gsize) (nl - p) : remaining;
      const char *line_end;
      char *key;
      char *value;
      const char *reason = NULL;

      line_no++;
      if (line_len > 0 && p[line_len - 1] == '\r')
        line_len--;
      line_end = p + line_len;

      if (strnlen (p, line_len) != line_len)
        {
          g_set_error (error, IL_DOTENV_ERROR, IL_DOTENV_ERROR_SYNTAX,
                       _("Line %u: the line contains a NUL byte"), line_no);
          return NULL;
        }

      if (!parse_line (p, line_end, &key, &value, &reason))
        {
          g_set_error (error, IL_DOTENV_ERROR, IL_DOTENV_ERROR_SYNTAX,
                       _("Line %u: %s"), line_no, reason);
          return NULL;
        }
      if (key != NULL)
        g_hash_table_replace (table, key, value);

      p = nl ? nl + 1 : end;
    }

  return g_steal_pointer (&table);
}

GHashTable *
il_dotenv_load (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  GHashTable *table;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR,
                   g_io_error_from_file_error (local_error->code),
                   _("Could not read %s: %s"), display, local_error->message);
      return NULL;
    }

  table = il_dotenv_parse (contents, len, &local_error);
  if (table == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, IL_DOTENV_ERROR, IL_DOTENV_ERROR_SYNTAX,
                   "%s: %s", display, local_error->message);
      return NULL;
    }

  return table;
}
