/* test-dotenv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "il-dotenv.h"

static GHashTable *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GHashTable *t = il_dotenv_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static void
test_basic (void)
{
  g_autoptr(GHashTable) t = parse_ok ("SUPABASE_URL=https://abc.supabase.co\n"
                                      "SUPABASE_KEY=sb_publishable_x\n");

  g_assert_cmpuint (g_hash_table_size (t), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (t, "SUPABASE_URL"), ==, "https://abc.supabase.co");
  g_assert_cmpstr (g_hash_table_lookup (t, "SUPABASE_KEY"), ==, "sb_publishable_x");
}

static void
test_syntax (void)
{
  g_autoptr(GHashTable) t = parse_ok ("# a comment\r\n"
                                      "\r\n"
                                      "   \t\n"
                                      "export A=1\r\n"
                                      "B = 'single # not a comment' \n"
                                      "C=\"double \\\"q\\\" \\n x\"  # trailing\n"
                                      "D=plain value # comment\n"
                                      "E=a#b\n"
                                      "F=\n"
                                      "G=''\n"
                                      "export   H=x=y\n"
                                      "A=2\n"
                                      "I='\\n stays'");

  g_assert_cmpuint (g_hash_table_size (t), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (t, "A"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (t, "B"), ==, "single # not a comment");
  g_assert_cmpstr (g_hash_table_lookup (t, "C"), ==, "double \"q\" \n x");
  g_assert_cmpstr (g_hash_table_lookup (t, "D"), ==, "plain value");
  g_assert_cmpstr (g_hash_table_lookup (t, "E"), ==, "a#b");
  g_assert_cmpstr (g_hash_table_lookup (t, "F"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (t, "G"), ==, "");
  g_assert_cmpstr (g_hash_table_lookup (t, "H"), ==, "x=y");
  g_assert_cmpstr (g_hash_table_lookup (t, "I"), ==, "\\n stays");
}

static void
test_bom_and_len (void)
{
  const char text[] = "\xEF\xBB\xBFK=v\nL=w";
  g_autoptr(GError) error = NULL;
  /* len stops in the middle of the second line's value */
  g_autoptr(GHashTable) t = il_dotenv_parse (text, sizeof text - 2, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (t, "K"), ==, "v");
  g_assert_cmpstr (g_hash_table_lookup (t, "L"), ==, "");
}

static void
test_errors (void)
{
  const struct { const char *text; const char *message; } cases[] = {
    { "A=1\nno equals here\n", "Line 2: expected “=” after the name" },
    { "A=1\r\n\r\n=value\n", "Line 3: expected a name such as SUPABASE_URL" },
    { "A='unterminated\n", "Line 1: the quoted value has no closing quote" },
    { "A=\"x\" junk\n", "Line 1: unexpected text after the closing quote" },
    { "A=\xff\n", "Line 1: the value is not valid UTF-8" },
    { "1A=x\n", "Line 1: expected a name such as SUPABASE_URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) t = il_dotenv_parse (cases[i].text, -1, &error);

      g_assert_null (t);
      g_assert_error (error, IL_DOTENV_ERROR, IL_DOTENV_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  {
    const char nul[] = "A=1\nB=x\0y\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) t = il_dotenv_parse (nul, sizeof nul - 1, &error);
    g_assert_null (t);
    g_assert_cmpstr (error->message, ==, "Line 2: the line contains a NUL byte");
  }
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("il-dotenv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, ".env", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.env", NULL);
  g_autoptr(GHashTable) t = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "X=1\nbroken\n", -1, NULL));
  t = il_dotenv_load (path, &error);
  g_assert_null (t);
  g_assert_error (error, IL_DOTENV_ERROR, IL_DOTENV_ERROR_SYNTAX);
  g_assert_true (g_str_has_suffix (error->message, ".env: Line 2: expected “=” after the name"));
  g_clear_error (&error);

  t = il_dotenv_load (missing, &error);
  g_assert_null (t);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "X=1\n", -1, NULL));
  t = il_dotenv_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (t, "X"), ==, "1");

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dotenv/basic", test_basic);
  g_test_add_func ("/dotenv/syntax", test_syntax);
  g_test_add_func ("/dotenv/bom-and-len", test_bom_and_len);
  g_test_add_func ("/dotenv/errors", test_errors);
  g_test_add_func ("/dotenv/load", test_load);
  return g_test_run ();
}
