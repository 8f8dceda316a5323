/* fixture-rows.h: the pandas fixture rows and the tolerance figures are checked with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"
#include "il-row-store.h"

/* Fails the test unless @got equals @want to within a relative 1e-9 (NaN
 * only matches NaN); @what names the figure in the message. */
void assert_close (double      got,
                   double      want,
                   const char *what);

/* The same rows as fixture_rows() in bench/pandas-reference.py, sealed. */
IlRowStore *fixture_store (void);

/* The session @id_text as the C aggregates of every row of @rows sum it up
 * (computed once per store, which must outlive the test). */
const IlSessionSummary *fixture_session_summary (IlRowStore *rows,
                                                 const char *id_text);
/* Fails unless the two summaries of a session agree: counts and times
 * exactly, the total latency to 1e-9. */
void fixture_assert_same_session (const IlSessionSummary *got,
                                  const IlSessionSummary *want);
