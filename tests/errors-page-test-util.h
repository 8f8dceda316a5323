/* errors-page-test-util.h: the Error Analysis page's filter checks, for the
 * tests that narrow it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

/* Ticks or unticks the check labelled @label in @box as a click does (its
 * toggled handler narrows the filter); fails the test when there is none. */
void set_check (GtkBox     *box,
                const char *label,
                gboolean    active);
