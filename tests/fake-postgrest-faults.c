/* fake-postgrest-faults.c: the faults the fake PostgREST can be told to
 * inject, by request number or at random
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-postgrest-private.h"

void
fake_add_fault (IlFakePostgrest *self, Fault *f)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->faults, f);
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_fault_delay (IlFakePostgrest *self,
                               guint            request_no,
                               guint            ms)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_DELAY;
  f->request_no = request_no;
  f->ms = ms;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_status (IlFakePostgrest *self,
                                guint            request_no,
                                guint            status,
                                const char      *content_type,
                                const char      *body,
                                const char      *retry_after)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_STATUS;
  f->request_no = request_no;
  f->status = status;
  f->content_type = g_strdup (content_type);
  f->body = g_strdup (body);
  f->retry_after = g_strdup (retry_after);
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_cut (IlFakePostgrest *self,
                             guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_CUT;
  f->request_no = request_no;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_bad_row (IlFakePostgrest *self,
                                 guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_BAD_ROW;
  f->request_no = request_no;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_bad_page (IlFakePostgrest *self,
                                  guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_BAD_PAGE;
  f->request_no = request_no;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_insert_rows (IlFakePostgrest *self,
                                     guint            request_no,
                                     IlRowStore      *rows)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_INSERT;
  f->request_no = request_no;
  f->rows = il_row_store_ref (rows);
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_drop_filters (IlFakePostgrest *self,
                                      guint            request_no)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_DROP_FILTERS;
  f->request_no = request_no;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_delete_oldest (IlFakePostgrest *self,
                                       guint            request_no,
                                       guint            n)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_DELETE_OLDEST;
  f->request_no = request_no;
  f->n = n;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_clear_faults (IlFakePostgrest *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->faults, 0);
  g_mutex_unlock (&self->mutex);
}

void
il_fake_postgrest_fault_short (IlFakePostgrest *self,
                               guint            request_no,
                               guint            n_rows)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_SHORT;
  f->request_no = request_no;
  f->n = n_rows;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_bad_tail (IlFakePostgrest *self,
                                  guint            request_no,
                                  guint            n_rows)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_BAD_TAIL;
  f->request_no = request_no;
  f->n = n_rows;
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_trickle (IlFakePostgrest *self,
                                 guint            request_no,
                                 guint            ms_per_byte)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_TRICKLE;
  f->request_no = request_no;
  f->ms = MAX (ms_per_byte, 1);
  fake_add_fault (self, f);
}

void
il_fake_postgrest_fault_redirect (IlFakePostgrest *self,
                                  guint            request_no,
                                  const char      *location)
{
  Fault *f = g_new0 (Fault, 1);

  f->kind = FAULT_REDIRECT;
  f->request_no = request_no;
  f->location = g_strdup (location);
  fake_add_fault (self, f);
}

void
il_fake_postgrest_set_random_faults (IlFakePostgrest *self,
                                     guint32          seed,
                                     double           rate)
{
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->random, g_rand_free);
  if (rate > 0)
    self->random = g_rand_new_with_seed (seed);
  self->random_rate = rate;
  memset (self->random_counts, 0, sizeof self->random_counts);
  g_mutex_unlock (&self->mutex);
}

guint
il_fake_postgrest_get_random_count (IlFakePostgrest   *self,
                                    IlFakeRandomFault  kind)
{
  guint n;

  g_return_val_if_fail (kind < IL_FAKE_N_RANDOM, 0);
  g_mutex_lock (&self->mutex);
  n = self->random_counts[kind];
  g_mutex_unlock (&self->mutex);
  return n;
}
