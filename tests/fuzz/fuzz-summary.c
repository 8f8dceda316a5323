/* fuzz-summary.c: libFuzzer target for il_summary_parse (the database's JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "il-report.h"
#include "il-summary.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlSummary) sum = il_summary_parse ((const char *) data, (gssize) size, &error);

  /* Exactly one of a result and an error; a result can be reported. */
  g_assert ((sum == NULL) != (error == NULL));
  if (sum != NULL)
    {
      g_autofree char *json = il_report_format_json (sum->agg, 0);
      g_autofree char *text = il_report_format_text (sum->agg, 0);

      g_assert (json != NULL && text != NULL);
      for (guint i = 0; i < sum->agg->n_slowest_sessions; i++)
        g_assert (sum->agg->slowest_sessions[i] < sum->agg->n_sessions);
      for (guint i = 0; i < sum->agg->n_fastest_sessions; i++)
        g_assert (sum->agg->fastest_sessions[i] < sum->agg->n_sessions);
    }
  return 0;
}
