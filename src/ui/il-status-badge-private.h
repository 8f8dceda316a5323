/* il-status-badge-private.h: what tests read of the status badge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-status-badge.h"

G_BEGIN_DECLS

/* The details' text, NULL when the details are hidden (for tests). */
const char *_il_status_badge_get_details (IlStatusBadge *self);
/* The line under the label ("Computed in the database"), NULL when hidden (for tests). */
const char *_il_status_badge_get_mode_text (IlStatusBadge *self);
/* The label's text (for tests). */
const char *_il_status_badge_get_text (IlStatusBadge *self);

G_END_DECLS
