/* page-decoder-oracle.c: the streaming page decoder checked against json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "page-decoder-oracle.h"
#include "il-row-store-private.h"

/* Both decoders on the same bytes. When the streaming decoder is sure,
 * json-glib must read the page without error into the same batch; the public
 * entry point always gives json-glib's result, error message included.
 * Returns whether the streaming decoder was sure. */
gboolean
decoders_agree (const char *data,
                gsize       len)
{
  g_autoptr(IlRowBatch) fast = _il_row_batch_new ();
  g_autoptr(IlRowBatch) dom = _il_row_batch_new ();
  g_autoptr(IlRowBatch) batch = NULL;
  g_autoptr(GError) dom_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;
  gboolean sure, dom_ok;

  sure = _il_page_decode (fast, data, len);
  dom_ok = _il_row_batch_parse_dom (dom, data, len, &dom_error);
  if (sure)
    {
      g_assert_no_error (dom_error);
      diff = _il_row_batch_diff (fast, dom);
      g_assert_cmpstr (diff, ==, NULL);
    }

  batch = il_row_batch_parse_json (data, len, &error);
  g_assert_true ((batch != NULL) == dom_ok);
  if (batch != NULL)
    {
      g_clear_pointer (&diff, g_free);
      diff = _il_row_batch_diff (batch, dom);
      g_assert_cmpstr (diff, ==, NULL);
    }
  else
    {
      g_assert_error (error, dom_error->domain, dom_error->code);
      g_assert_cmpstr (error->message, ==, dom_error->message);
    }
  return sure;
}
