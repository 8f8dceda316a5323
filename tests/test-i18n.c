/* test-i18n.c: with LANGUAGE=de the windows speak German
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Uses the .mo built in <build>/po/de/LC_MESSAGES, which is a locale dir.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-about.h"
#include "il-format.h"
#include "il-preferences-window.h"
#include "il-resources.h"
#include "il-slo-format.h"
#include "il-status-badge-private.h"

static gboolean have_de_locale;

#define CHECK(expr, expected) G_STMT_START { \
    g_autofree char *s_ = (expr);              \
    g_assert_cmpstr (s_, ==, (expected));       \
  } G_STMT_END

static GObject *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (obj);
  return obj;
}

static void
test_gettext (void)
{
  /* The catalog itself, independent of any widget. */
  g_assert_cmpstr (_("Project URL"), ==, "Projekt-URL");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Preferences"), ==,
                   "Einstellungen");
}

static void
test_preferences (void)
{
  IlPreferencesWindow *win = il_preferences_window_new (NULL, NULL);
  GType type = IL_TYPE_PREFERENCES_WINDOW;

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (win, type, "url_row"))),
                   ==, "Projekt-URL");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (win, type, "key_row"))),
                   ==, "API-Schlüssel");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (win, type, "days_row"))),
                   ==, "Zu analysierende Tage");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (win, type, "test_row"))),
                   ==, "Testet die verwendete URL und den Schlüssel, woher sie auch kommen");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (win, type, "test_button"))),
                   ==, "Verbindung _testen");

  /* The inline reason for a bad URL comes from the source layer, also German. */
  gtk_editable_set_text (GTK_EDITABLE (child (win, type, "url_row")), "ftp://example.com");
  g_signal_emit_by_name (child (win, type, "url_row"), "apply");
  {
    const char *reason = gtk_label_get_label (GTK_LABEL (child (win, type, "url_error_label")));

    g_assert_cmpstr (reason, !=, "");
    g_test_message ("German URL reason: %s", reason);
  }

  gtk_window_destroy (GTK_WINDOW (win));
}

static void
test_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_autofree char *found = NULL;
  GtkWidget *w;

  g_assert_nonnull (overlay);
  /* Walk the tree for a shortcut titled in German. */
  for (w = gtk_widget_get_first_child (GTK_WIDGET (overlay)); w != NULL; )
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *title = NULL;

          g_object_get (w, "title", &title, NULL);
          /* The search page holds copies of every shortcut: keep the first. */
          if (found == NULL && g_strcmp0 (title, "Als CSV speichern") == 0)
            found = g_steal_pointer (&title);
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_cmpstr (found, ==, "Als CSV speichern");
  gtk_window_destroy (overlay);
}

static void
test_about (void)
{
  GtkWindow *about = il_about_window_new (NULL);

  g_assert_cmpstr (adw_about_window_get_comments (ADW_ABOUT_WINDOW (about)), ==,
                   "Latenz der Schritte einer Interview-Pipeline, aus Supabase oder Demodaten");
  gtk_window_destroy (about);
}

static void
test_numbers (void)
{
  g_autofree char *n = NULL;

  if (!have_de_locale)
    {
      g_test_skip ("de_DE.UTF-8 is not installed (build-aux/install-deps.sh generates it)");
      return;
    }
  /* Numbers follow the locale: German thousands and decimal separators. */
  n = g_strdup_printf ("%'d %.1f", 1234567, 2.5);
  g_assert_cmpstr (n, ==, "1.234.567 2,5");
  CHECK (il_format_count_str (4216), "4.216");
  CHECK (il_format_percent_str (96.9), "96,9 %");
  CHECK (il_format_exact_ms (68.982), "68,982 ms");
  CHECK (il_format_time_ms (G_GINT64_CONSTANT (1764340325500000), FALSE), "2025-11-28 14:32:05,500");
  /* latency targets as the overview and the tooltips show them */
  CHECK (il_slo_format_shown_value (IL_SLO_P95, 1974.28, 2000), "1.974,28 ms");
  CHECK (il_slo_format_shown_value (IL_SLO_P95, 800.004, 800), "800,004 ms");
  CHECK (il_slo_format_shown_value (IL_SLO_ERROR_RATE, 2.5, 2), "2,50 %");
  CHECK (il_slo_format_shown_bound (IL_SLO_ERROR_RATE, 2.5), "2,5 %");
  CHECK (il_slo_format_target (IL_SLO_P95, 1500), "P95 ≤ 1.500 ms");
}

/* Counts in German: singular and plural forms, German grouping. */
static void
test_plurals (void)
{
  CHECK (il_format_rows (1), "1 Zeile");
  CHECK (il_format_errors (1), "1 Fehler");
  CHECK (il_format_turns (3), "3 Runden");
  CHECK (il_format_sessions (1), "1 Sitzung");
  if (have_de_locale)
    CHECK (il_format_rows (200000), "200.000 Zeilen");
}

/* The status badge counts with ngettext too: "1 Zeile", never "1 Zeilen". */
static void
test_badge_plurals (void)
{
  IlStatusBadge *badge = IL_STATUS_BADGE (g_object_ref_sink (il_status_badge_new ()));

  il_status_badge_set_demo (badge, 1);
  g_assert_cmpstr (_il_status_badge_get_text (badge), ==, "Demodaten · 1 Zeile");
  il_status_badge_set_demo (badge, 2);
  g_assert_cmpstr (_il_status_badge_get_text (badge), ==, "Demodaten · 2 Zeilen");
  il_status_badge_set_connecting (badge, 1, -1);
  g_assert_cmpstr (_il_status_badge_get_text (badge), ==, "1 Zeile");
  il_status_badge_set_connecting (badge, 0, 1);
  g_assert_cmpstr (_il_status_badge_get_text (badge), ==, "0 von 1 Zeile");
  il_status_badge_set_connected (badge, 1, g_get_real_time ());
  g_assert_true (g_str_has_prefix (_il_status_badge_get_text (badge), "1 Zeile · aktualisiert um "));
  il_status_badge_set_cancelled (badge, 1);
  g_assert_cmpstr (_il_status_badge_get_text (badge), ==, "Abgebrochen · 1 Zeile angezeigt");
  g_object_unref (badge);
}

static void
test_app (void)
{
  /* The real executable finds the build tree's catalogs by itself: a usage
   * error is a user-visible string that needs no display. */
  const char *builddir = g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".";
  g_autofree char *exe = g_build_filename (builddir, "..", "src", "interview-latency", NULL);
  const char *argv[] = { exe, "--report", "--days", "0", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  envp = g_environ_setenv (envp, "LANGUAGE", "de", TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "--days muss zwischen 1 und 365 liegen"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  have_de_locale = setlocale (LC_ALL, "") != NULL;
  if (!have_de_locale)
    {
      /* LANGUAGE works with any locale but C: translations still apply. */
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      setlocale (LC_ALL, "");
    }

  localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (il_get_resource ());

  g_test_add_func ("/i18n/gettext", test_gettext);
  g_test_add_func ("/i18n/preferences", test_preferences);
  g_test_add_func ("/i18n/shortcuts", test_shortcuts);
  g_test_add_func ("/i18n/about", test_about);
  g_test_add_func ("/i18n/numbers", test_numbers);
  g_test_add_func ("/i18n/plurals", test_plurals);
  g_test_add_func ("/i18n/badge-plurals", test_badge_plurals);
  g_test_add_func ("/i18n/app", test_app);
  return g_test_run ();
}
