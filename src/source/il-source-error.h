/* il-source-error.h: the error domain of the source layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_SOURCE_ERROR (il_source_error_quark ())

/* Every message in this domain is translated, says what to do, and never
 * contains the API key. */
typedef enum
{
  IL_SOURCE_ERROR_NOT_CONFIGURED,        /* no URL or no key */
  IL_SOURCE_ERROR_BAD_URL,               /* not a URL we can use */
  IL_SOURCE_ERROR_INSECURE_URL,          /* http:// to a host that is not local */
  IL_SOURCE_ERROR_KEY_REJECTED,          /* 401/403 from the gateway or PostgREST */
  IL_SOURCE_ERROR_TABLE_MISSING,         /* PGRST205 / 42P01 */
  IL_SOURCE_ERROR_COLUMN_MISSING,        /* 42703 */
  IL_SOURCE_ERROR_BAD_REQUEST,           /* PGRST100, 22007, other 4xx */
  IL_SOURCE_ERROR_DNS,                   /* host name not found */
  IL_SOURCE_ERROR_UNREACHABLE,           /* connection refused, no route */
  IL_SOURCE_ERROR_TLS,                   /* certificate or handshake */
  IL_SOURCE_ERROR_TIMEOUT,               /* no answer within the per-request timeout */
  IL_SOURCE_ERROR_CONNECTION_CUT,        /* connection closed mid-response */
  IL_SOURCE_ERROR_INVALID_RESPONSE,      /* not JSON, not an array, HTML page */
  IL_SOURCE_ERROR_RATE_LIMITED,          /* 429 still after the retries */
  IL_SOURCE_ERROR_SERVER_ERROR,          /* other 5xx */
  IL_SOURCE_ERROR_DATABASE_UNREACHABLE,  /* PGRST000-003 */
  IL_SOURCE_ERROR_STATEMENT_TIMEOUT,     /* 57014 */
  IL_SOURCE_ERROR_CANCELLED,             /* reserved: cancellation is G_IO_ERROR_CANCELLED */
  IL_SOURCE_ERROR_PARTIAL_FETCH,         /* the fetch stopped part-way */
} IlSourceError;

GQuark il_source_error_quark (void);

G_END_DECLS
