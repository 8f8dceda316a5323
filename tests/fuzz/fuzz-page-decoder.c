/* fuzz-page-decoder.c: libFuzzer target comparing the streaming page decoder
 * with the json-glib parser it stands in for
 *
 * Whenever the streaming decoder says it decoded a page, json-glib must read
 * the same bytes without error into the same rows, values (doubles bit for
 * bit), skip counts and first reason; otherwise this aborts. The public entry
 * point must always give json-glib's result, error message included. Each
 * input is tried as a page and as the value of one field of a good row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "il-row-store.h"
#include "il-row-store-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fail (const char *what,
      const char *detail)
{
  fprintf (stderr, "decoders differ: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  abort ();
}

static void
compare (const char *text,
         gsize       size)
{
  static IlRowBatch *fast, *dom;
  g_autoptr(GError) dom_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRowBatch) batch = NULL;
  g_autofree char *diff = NULL;
  gboolean sure, dom_ok;

  /* reused like a loader's batches, so stale state would show */
  if (fast == NULL)
    {
      fast = _il_row_batch_new ();
      dom = _il_row_batch_new ();
    }

  sure = _il_page_decode (fast, text, size);
  dom_ok = _il_row_batch_parse_dom (dom, text, size, &dom_error);
  if (sure)
    {
      if (!dom_ok)
        fail ("decoded a page json-glib refuses", dom_error->message);
      diff = _il_row_batch_diff (fast, dom);
      if (diff != NULL)
        fail ("batch", diff);
    }

  batch = il_row_batch_parse_json (text, (gssize) size, &error);
  if ((batch != NULL) != dom_ok)
    fail ("entry point and json-glib disagree on success", NULL);
  if (batch != NULL)
    {
      g_clear_pointer (&diff, g_free);
      diff = _il_row_batch_diff (batch, dom);
      if (diff != NULL)
        fail ("entry point batch", diff);
    }
  else if (error->domain != dom_error->domain || error->code != dom_error->code ||
           g_strcmp0 (error->message, dom_error->message) != 0)
    fail ("error", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const fields[] = {
    "metric_id", "session_id", "turn_number", "step_name", "latency_ms", "started_at",
    "completed_at", "status", "error_message", "metadata", "created_at", "extra",
  };
  g_autoptr(GString) page = NULL;

  /* the bytes as a page */
  compare ((const char *) data, size);

  /* and as the value of one field of a good row (a repeated member's last
   * value counts), so most inputs reach the value readers */
  if (size == 0)
    return 0;
  page = g_string_new ("[{\"metric_id\":\"00000000-0000-0000-0000-000000000001\","
                       "\"session_id\":\"5e551000-0000-4000-8000-00000000000a\",\"turn_number\":1,"
                       "\"step_name\":\"llm\",\"latency_ms\":1.5,"
                       "\"started_at\":\"2026-10-29T06:57:55.806386+00:00\","
                       "\"completed_at\":\"2026-10-29T06:57:56+00:00\",\"status\":\"success\","
                       "\"error_message\":null,\"metadata\":{},\"created_at\":null,\"");
  g_string_append (page, fields[data[0] % G_N_ELEMENTS (fields)]);
  g_string_append (page, "\":");
  g_string_append_len (page, (const char *) data + 1, size - 1);
  g_string_append (page, "}]");
  compare (page->str, page->len);
  return 0;
}
