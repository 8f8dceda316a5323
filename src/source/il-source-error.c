/* il-source-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "il-source-error.h"

G_DEFINE_QUARK (il-source-error-quark, il_source_error)
