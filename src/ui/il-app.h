/* il-app.h: the application (options, actions, configuration)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_APP (il_app_get_type ())
G_DECLARE_FINAL_TYPE (IlApp, il_app, IL, APP, AdwApplication)

IlApp *il_app_new (void);

G_END_DECLS
