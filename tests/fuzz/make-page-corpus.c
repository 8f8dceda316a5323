/* make-page-corpus.c: writes demo pages as PostgREST sends them, to seed the
 * page decoder's fuzz corpus
 *
 * Usage: make-page-corpus DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "il-row-store.h"
#include "il-row-json.h"
#include "il-demo.h"

#define ROWS_PER_FILE 6

/* PostgreSQL's json_agg separates rows with ", \n " and jsonb writes a space
 * after each ':' and ',' inside metadata; the rest is compact. */
static GString *
postgrest_style (const GString *compact)
{
  GString *out = g_string_sized_new (compact->len + compact->len / 8);
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < compact->len; i++)
    {
      char c = compact->str[i];

      g_string_append_c (out, c);
      if (in_string)
        {
          if (c == '\\')
            g_string_append_c (out, compact->str[++i]);
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"': in_string = TRUE; break;
        case '[': case '{': depth++; break;
        case ']': case '}': depth--; break;
        case ',':
          if (depth == 1)
            g_string_append (out, " \n ");
          else if (depth >= 3)
            g_string_append_c (out, ' ');
          break;
        case ':':
          if (depth >= 3)
            g_string_append_c (out, ' ');
          break;
        default:
          break;
        }
    }
  return out;
}

static void
write_file (const char    *dir,
            const char    *name,
            const GString *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text->str, text->len, &error))
    g_error ("%s", error->message);
  printf ("%s: %" G_GSIZE_FORMAT " bytes\n", path, text->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IlRowStore) store = NULL;
  g_autoptr(GString) compact = NULL;
  g_autoptr(GString) spaced = NULL;
  g_autoptr(GString) errors = NULL;
  g_autoptr(GString) errors_spaced = NULL;
  guint32 rows[ROWS_PER_FILE];
  guint n = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 2;
    }

  /* a fixed seed and "now": the same pages every run */
  store = il_demo_generate (2000, IL_DEMO_DEFAULT_SEED, G_GINT64_CONSTANT (1793257075806386));

  compact = il_row_store_write_json (store, NULL, ROWS_PER_FILE, IL_ALL_COLUMNS);
  write_file (argv[1], "demo-compact.json", compact);
  spaced = postgrest_style (compact);
  write_file (argv[1], "demo-postgrest.json", spaced);

  /* rows with error messages and other statuses */
  for (guint i = 0; i < store->n_rows && n < ROWS_PER_FILE; i++)
    if (store->error_message[i] != IL_STR_NONE ||
        (n < ROWS_PER_FILE / 2 && g_strcmp0 (il_row_store_get_status (store, i), "success") != 0))
      rows[n++] = i;
  errors = il_row_store_write_json (store, rows, n, IL_ALL_COLUMNS);
  errors_spaced = postgrest_style (errors);
  write_file (argv[1], "demo-errors.json", errors_spaced);
  return 0;
}
