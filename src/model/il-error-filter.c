/* il-error-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-error-filter.h"
#include "il-filter-private.h"
#include "il-free-aside.h"

struct _IlErrorFilter
{
  IlRowStore *store;
  gboolean   *step_on;       /* by step id */
  guint       n_step_on;
  gboolean   *message_on;    /* by message id */
  guint       n_message_on;
  gboolean    null_message_on;
  gint64      from_us;       /* IL_TIME_NONE: unbounded */
  gint64      to_us;         /* exclusive */
  guint32    *error_rows;    /* error rows in the analysed range, store order */
  guint       n_error_rows;
  guint32    *rows;          /* those that pass, NULL when stale */
  guint       n_rows;
};

IlErrorFilter *
il_error_filter_new (IlRowStore         *store,
                     const IlAggregates *agg)
{
  IlErrorFilter *self = g_new0 (IlErrorFilter, 1);
  gint64 error_id;
  guint n = 0;

  g_return_val_if_fail ((store == NULL) == (agg == NULL), self);

  self->null_message_on = TRUE;
  self->from_us = self->to_us = IL_TIME_NONE;
  if (store == NULL)
    return self;

  self->store = il_row_store_ref (store);
  self->n_step_on = il_string_pool_get_size (store->steps);
  self->step_on = g_new (gboolean, MAX (self->n_step_on, 1));
  for (guint i = 0; i < self->n_step_on; i++)
    self->step_on[i] = TRUE;
  self->n_message_on = il_string_pool_get_size (store->messages);
  self->message_on = g_new (gboolean, MAX (self->n_message_on, 1));
  for (guint i = 0; i < self->n_message_on; i++)
    self->message_on[i] = TRUE;

  /* Collected once: every narrowing walks only these. */
  error_id = il_string_pool_lookup (store->statuses, "error");
  /* a database summary counts errors of rows the store does not hold */
  self->error_rows = g_new (guint32, MAX (MIN (agg->errors.total_errors, store->n_rows), 1));
  if (error_id >= 0)
    {
      /* flat lookups: the checked call per error row cost ~5 ms at 1M rows */
      IlFilterCompiled f;

      _il_filter_compile (&f, &agg->filter, store);
      for (guint r = 0; r < store->n_rows && n < MIN (agg->errors.total_errors, store->n_rows); r++)
        if (store->status[r] == (IlStrId) error_id && _il_filter_compiled_matches (&f, store, r))
          self->error_rows[n++] = r;
      _il_filter_compiled_clear (&f);
    }
  self->n_error_rows = n;
  return self;
}

void
il_error_filter_free (IlErrorFilter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->store, il_row_store_unref);
  g_free (self->step_on);
  g_free (self->message_on);
  g_free (self->error_rows);
  g_free (self->rows);
  g_free (self);
}

void
il_error_filter_free_aside (IlErrorFilter *self)
{
  if (self == NULL)
    return;
  il_free_rows_aside (self, (GDestroyNotify) il_error_filter_free, self->store != NULL ? self->store->n_rows : 0);
}

static void
changed (IlErrorFilter *self)
{
  g_clear_pointer (&self->rows, g_free);
}

void
il_error_filter_set_step (IlErrorFilter *self,
                          IlStrId        step,
                          gboolean       on)
{
  g_return_if_fail (self != NULL);

  if (step < self->n_step_on)
    self->step_on[step] = on;
  changed (self);
}

gboolean
il_error_filter_get_step (const IlErrorFilter *self,
                          IlStrId              step)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return step < self->n_step_on && self->step_on[step];
}

void
il_error_filter_set_message (IlErrorFilter *self,
                             IlStrId        message,
                             gboolean       on)
{
  g_return_if_fail (self != NULL);

  if (message == IL_STR_NONE)
    self->null_message_on = on;
  else if (message < self->n_message_on)
    self->message_on[message] = on;
  changed (self);
}

gboolean
il_error_filter_get_message (const IlErrorFilter *self,
                             IlStrId              message)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (message == IL_STR_NONE)
    return self->null_message_on;
  return message < self->n_message_on && self->message_on[message];
}

void
il_error_filter_set_step_names (IlErrorFilter      *self,
                                const char * const *steps)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n_step_on; i++)
    self->step_on[i] = steps == NULL || g_strv_contains (steps, il_string_pool_get (self->store->steps, i));
  changed (self);
}

void
il_error_filter_set_message_texts (IlErrorFilter      *self,
                                   const char * const *messages)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n_message_on; i++)
    self->message_on[i] = messages == NULL ||
                          g_strv_contains (messages, il_string_pool_get (self->store->messages, i));
  self->null_message_on = messages == NULL;
  changed (self);
}

GStrv
il_error_filter_dup_step_names (const IlErrorFilter *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  gboolean all = TRUE;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_step_on; i++)
    if (self->step_on[i])
      g_strv_builder_add (names, il_string_pool_get (self->store->steps, i));
    else
      all = FALSE;
  return all ? NULL : g_strv_builder_end (names);
}

GStrv
il_error_filter_dup_message_texts (const IlErrorFilter *self,
                                   gboolean            *null_on)
{
  g_autoptr(GStrvBuilder) texts = NULL;
  gboolean all;

  g_return_val_if_fail (self != NULL, NULL);

  texts = g_strv_builder_new ();
  all = self->null_message_on;
  for (guint i = 0; i < self->n_message_on; i++)
    if (self->message_on[i])
      g_strv_builder_add (texts, il_string_pool_get (self->store->messages, i));
    else
      all = FALSE;
  if (null_on != NULL)
    *null_on = self->null_message_on;
  return all ? NULL : g_strv_builder_end (texts);
}

void
il_error_filter_set_range (IlErrorFilter *self,
                           gint64         from_us,
                           gint64         to_us)
{
  g_return_if_fail (self != NULL);

  self->from_us = from_us;
  self->to_us = to_us;
  changed (self);
}

gint64
il_error_filter_get_from (const IlErrorFilter *self)
{
  g_return_val_if_fail (self != NULL, IL_TIME_NONE);
  return self->from_us;
}

gint64
il_error_filter_get_to (const IlErrorFilter *self)
{
  g_return_val_if_fail (self != NULL, IL_TIME_NONE);
  return self->to_us;
}

guint
il_error_filter_get_n_errors (const IlErrorFilter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_error_rows;
}

static gint64
error_time (const IlRowStore *store,
            guint             row)
{
  return store->created_at[row] != IL_TIME_NONE ? store->created_at[row] : store->started_at[row];
}

const guint32 *
il_error_filter_get_rows (IlErrorFilter *self,
                          guint         *n_rows)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->rows == NULL)
    {
      const IlRowStore *store = self->store;
      guint n = 0;

      self->rows = g_new (guint32, MAX (self->n_error_rows, 1));
      for (guint i = 0; i < self->n_error_rows; i++)
        {
          guint32 row = self->error_rows[i];
          IlStrId step = store->step[row];
          IlStrId message = store->error_message[row];
          gint64 t;

          if (!il_error_filter_get_step (self, step) || !il_error_filter_get_message (self, message))
            continue;
          t = error_time (store, row);
          if ((self->from_us != IL_TIME_NONE && t < self->from_us) ||
              (self->to_us != IL_TIME_NONE && t >= self->to_us))
            continue;
          self->rows[n++] = row;
        }
      self->n_rows = n;
    }
  if (n_rows != NULL)
    *n_rows = self->n_rows;
  return self->rows;
}
