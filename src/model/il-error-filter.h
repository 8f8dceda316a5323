/* il-error-filter.h: which error rows the Error Analysis page lists and saves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-aggregates.h"

G_BEGIN_DECLS

/* The error rows of the analysed range (status "error", passing the
 * aggregates' filter), narrowed by step, by message and by a time range.
 * A row's time is its created_at, or started_at when that is null, as the
 * error groups date them. A plain value: not thread-safe. */
typedef struct _IlErrorFilter IlErrorFilter;

/* Every step and message on, no time bound. @agg was computed over @store
 * (NULL for both: no rows). */
IlErrorFilter  *il_error_filter_new          (IlRowStore         *store,
                                              const IlAggregates *agg);
void            il_error_filter_free         (IlErrorFilter      *self);
/* il_error_filter_free(), on a background thread for a large store's
 * filter: its rows were found in a worker, whose heap the last free hands
 * back to the system (3 ms at 1M rows). */
void            il_error_filter_free_aside   (IlErrorFilter      *self);

/* @message IL_STR_NONE stands for the rows whose message is null. */
void            il_error_filter_set_step     (IlErrorFilter      *self,
                                              IlStrId             step,
                                              gboolean            on);
gboolean        il_error_filter_get_step     (const IlErrorFilter *self,
                                              IlStrId             step);
void            il_error_filter_set_message  (IlErrorFilter      *self,
                                              IlStrId             message,
                                              gboolean            on);
gboolean        il_error_filter_get_message  (const IlErrorFilter *self,
                                              IlStrId             message);
/* Only these steps / messages (by text; NULL: every one, for messages the
 * null one too). */
void            il_error_filter_set_step_names    (IlErrorFilter      *self,
                                                   const char * const *steps);
void            il_error_filter_set_message_texts (IlErrorFilter      *self,
                                                   const char * const *messages);
/* The names of the steps on, or NULL when every step is. */
GStrv           il_error_filter_dup_step_names    (const IlErrorFilter *self);
/* The texts of the (non-null) messages on, or NULL when every message is,
 * the null one included; *null_on: whether rows with a null message pass. */
GStrv           il_error_filter_dup_message_texts (const IlErrorFilter *self,
                                                   gboolean            *null_on);
/* from_us <= time < to_us; IL_TIME_NONE: unbounded. */
void            il_error_filter_set_range    (IlErrorFilter      *self,
                                              gint64              from_us,
                                              gint64              to_us);
gint64          il_error_filter_get_from     (const IlErrorFilter *self);
gint64          il_error_filter_get_to       (const IlErrorFilter *self);

/* Error rows of the analysed range, before narrowing. */
guint           il_error_filter_get_n_errors (const IlErrorFilter *self);
/* The rows that pass, in store order (valid until the next change). */
const guint32  *il_error_filter_get_rows     (IlErrorFilter      *self,
                                              guint              *n_rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlErrorFilter, il_error_filter_free)

G_END_DECLS
