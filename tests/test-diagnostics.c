/* test-diagnostics.c: the Diagnostics window against the fake PostgREST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "fake-postgrest.h"
#include "il-demo.h"
#include "il-diagnostics-window.h"
#include "il-resources.h"
#include "il-supabase-client.h"

#define N_ROWS    60
#define GOOD_KEY  "sb_secret_GoodKey0123456789abcdef"
#define WRONG_KEY "sb_secret_WrongKey9876543210zyxwvu"

typedef struct
{
  char     *title;
  char     *subtitle;
  gboolean  ok;
} Row;

static void
row_free (Row *row)
{
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row);
}

static void
collect (GtkWidget *widget,
         GPtrArray *rows,
         GPtrArray *labels)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_visible (widget))
    {
      Row *row = g_new0 (Row, 1);

      row->title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
      row->subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
      row->ok = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "il-ok"));
      g_ptr_array_add (rows, row);
    }
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (GTK_IS_WINDOW (widget) && gtk_window_get_title (GTK_WINDOW (widget)) != NULL)
    g_ptr_array_add (labels, g_strdup (gtk_window_get_title (GTK_WINDOW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, rows, labels);
}

static const Row *
find_row (GPtrArray  *rows,
          const char *title)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->title, title) == 0)
        return row;
    }
  g_error ("no row titled “%s”", title);
  return NULL;
}

static IlDiagnosticsWindow *
run (const IlConfig *config,
     GPtrArray     **rows,
     GPtrArray     **labels)
{
  IlDiagnosticsWindow *window = il_diagnostics_window_new (NULL, config);

  gtk_window_present (GTK_WINDOW (window));
  while (il_diagnostics_window_get_running (window))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  *labels = g_ptr_array_new_with_free_func (g_free);
  collect (GTK_WIDGET (window), *rows, *labels);
  return window;
}

static IlConfig *
config_for (const char *url,
            const char *key)
{
  IlConfig *config = il_config_new ();

  config->url = g_strdup (url);
  config->key = g_strdup (key);
  config->url_origin = IL_CONFIG_ORIGIN_ENVIRONMENT;
  config->key_origin = IL_CONFIG_ORIGIN_PREFERENCES;
  return config;
}

static void
test_good_server (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (N_ROWS, IL_DEMO_DEFAULT_SEED, G_GINT64_CONSTANT (1795000000000000));
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (store, GOOD_KEY);
  g_autoptr(IlConfig) config = config_for (il_fake_postgrest_get_url (server), GOOD_KEY);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *count = g_strdup_printf ("%u rows visible to this key", N_ROWS);
  g_autofree char *origin = g_strdup_printf ("from %s", il_config_origin_describe (IL_CONFIG_ORIGIN_ENVIRONMENT));
  IlDiagnosticsWindow *window;
  const Row *row;

  window = run (config, &rows, &labels);

  row = find_row (rows, "URL set");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, il_fake_postgrest_get_url (server));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, origin, g_str_equal, NULL));
  row = find_row (rows, "Key set");
  g_assert_true (row->ok);
  row = find_row (rows, "Key kind");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, il_key_kind_describe (IL_KEY_KIND_SECRET));

  row = find_row (rows, "Supabase URL");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, il_fake_postgrest_get_url (server));
  row = find_row (rows, "API key");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, il_key_kind_describe (IL_KEY_KIND_SECRET));
  row = find_row (rows, "Exact row count");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, count);
  row = find_row (rows, "Sample of 5 rows, no filter");
  g_assert_true (row->ok);
  g_assert_cmpstr (row->subtitle, ==, "5 rows read, all fit the schema");
  row = find_row (rows, "Single-column query (created_at)");
  g_assert_true (row->ok);
  row = find_row (rows, "Page speed");
  g_assert_true (row->ok);
  /* 3 configuration rows + 6 checks, nothing else */
  g_assert_cmpuint (rows->len, ==, 9);

  for (guint i = 0; i < labels->len; i++)
    g_assert_null (strstr (g_ptr_array_index (labels, i), "GoodKey0123"));

  /* a rerun replaces the rows instead of adding more */
  il_diagnostics_window_rerun (window);
  while (il_diagnostics_window_get_running (window))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

    collect (GTK_WIDGET (window), again, texts);
    g_assert_cmpuint (again->len, ==, 9);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_rejected_key (void)
{
  g_autoptr(IlRowStore) store = il_demo_generate (N_ROWS, IL_DEMO_DEFAULT_SEED, G_GINT64_CONSTANT (1795000000000000));
  g_autoptr(IlFakePostgrest) server = il_fake_postgrest_new (store, GOOD_KEY);
  g_autoptr(IlConfig) config = config_for (il_fake_postgrest_get_url (server), WRONG_KEY);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  IlDiagnosticsWindow *window;
  const Row *row;

  window = run (config, &rows, &labels);

  row = find_row (rows, "Key set");
  g_assert_true (row->ok);
  row = find_row (rows, "Exact row count");
  g_assert_false (row->ok);
  g_assert_cmpstr (row->subtitle, !=, "");
  row = find_row (rows, "Sample of 5 rows, no filter");
  g_assert_false (row->ok);
  row = find_row (rows, "Single-column query (created_at)");
  g_assert_false (row->ok);

  /* the key, or a telling part of it, appears nowhere */
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = g_ptr_array_index (labels, i);

      g_assert_null (strstr (text, WRONG_KEY));
      g_assert_null (strstr (text, "WrongKey9876"));
      g_assert_null (strstr (text, "GoodKey0123"));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = g_ptr_array_index (rows, i);

      g_assert_null (strstr (r->subtitle, "WrongKey9876"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_no_config (void)
{
  g_autoptr(IlConfig) empty = il_config_new ();
  IlDiagnosticsWindow *window;
  GtkWidget *stack;

  for (guint pass = 0; pass < 2; pass++)
    {
      window = il_diagnostics_window_new (NULL, pass == 0 ? NULL : empty);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_false (il_diagnostics_window_get_running (window));
      stack = gtk_window_get_child (GTK_WINDOW (window));
      g_assert_nonnull (stack);
      {
        g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
        g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

        while (g_main_context_iteration (NULL, FALSE))
          ;
        collect (GTK_WIDGET (window), rows, labels);
        /* the status page says so, and no check ran */
        g_assert_true (g_ptr_array_find_with_equal_func (labels, "No Data Source Configured", g_str_equal, NULL));
        for (guint i = 0; i < rows->len; i++)
          g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (g_ptr_array_index (rows, i))));
      }
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  /* a URL without a key: the configuration rows say which one is missing */
  {
    g_autoptr(IlConfig) half = config_for ("http://127.0.0.1:9", NULL);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    const Row *row;

    window = il_diagnostics_window_new (NULL, half);
    gtk_window_present (GTK_WINDOW (window));
    while (il_diagnostics_window_get_running (window))
      g_main_context_iteration (NULL, TRUE);
    collect (GTK_WIDGET (window), rows, labels);
    row = find_row (rows, "URL set");
    g_assert_true (row->ok);
    row = find_row (rows, "Key set");
    g_assert_false (row->ok);
    g_assert_cmpstr (row->subtitle, ==, "Not set");
    row = find_row (rows, "API key");
    g_assert_false (row->ok);
    gtk_window_destroy (GTK_WINDOW (window));
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }
}

int
main (int   argc,
      char *argv[])
{
  /* exact English texts are compared */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  g_test_add_func ("/diagnostics/good-server", test_good_server);
  g_test_add_func ("/diagnostics/rejected-key", test_rejected_key);
  g_test_add_func ("/diagnostics/no-config", test_no_config);

  return g_test_run ();
}
