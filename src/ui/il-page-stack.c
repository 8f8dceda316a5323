/* il-page-stack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-page-stack.h"

void
il_page_stack_update (GtkStack           *stack,
                      const IlAggregates *agg,
                      gboolean            loading)
{
  const char *name;

  g_return_if_fail (GTK_IS_STACK (stack));

  if (agg == NULL)
    name = loading ? "loading" : "empty";
  else
    name = agg->key.total_records > 0 ? "content" : "empty";
  gtk_stack_set_visible_child_name (stack, name);
}
