/* il-row-load.c: the parallel page loader (pages to a sealed store)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "il-row-json.h"
#include "il-row-store-private.h"

/* ---- parallel loading ------------------------------------------------------ */

typedef struct
{
  GPtrArray   *pages;
  guint        n_pages;
  guint        window;      /* how far workers may run ahead of the consumer */

  GMutex       lock;
  GCond        cond;
  guint        next;        /* next page to parse */
  guint        consumed;    /* pages the consumer has taken */
  gboolean     cancelled;
  IlRowBatch **batches;
  GError     **errors;
  gboolean    *done;
  GPtrArray   *spare;       /* appended batches, for the workers to refill */
} LoadState;

static gboolean
parse_page (IlRowBatch  *batch,
            GBytes      *page,
            GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (page, &len);

  return _il_row_batch_parse_into (batch, data != NULL ? data : "", len, error);
}

static gpointer
load_worker (gpointer data)
{
  LoadState *state = data;

  for (;;)
    {
      IlRowBatch *batch;
      GError *error = NULL;
      guint i;

      g_mutex_lock (&state->lock);
      /* Bounded look-ahead keeps parsed-but-unappended batches (memory) small. */
      while (!state->cancelled && state->next < state->n_pages &&
             state->next >= state->consumed + state->window)
        g_cond_wait (&state->cond, &state->lock);
      if (state->cancelled || state->next >= state->n_pages)
        {
          g_mutex_unlock (&state->lock);
          return NULL;
        }
      i = state->next++;
      /* Reuse the memory of batches already appended: allocating and freeing
       * ~100 KiB per page costs malloc consolidations. */
      batch = NULL;
      if (state->spare->len > 0)
        batch = g_ptr_array_steal_index_fast (state->spare, state->spare->len - 1);
      g_mutex_unlock (&state->lock);

      if (batch == NULL)
        batch = _il_row_batch_new ();
      if (!parse_page (batch, g_ptr_array_index (state->pages, i), &error))
        g_clear_pointer (&batch, il_row_batch_free);

      g_mutex_lock (&state->lock);
      state->batches[i] = batch;
      state->errors[i] = error;
      state->done[i] = TRUE;
      g_cond_broadcast (&state->cond);
      g_mutex_unlock (&state->lock);
    }
}

static void
append_page (IlRowStore       *store,
             guint             page,
             const IlRowBatch *batch)
{
  /* Name the page in the first reason; appending keeps an existing one. */
  if (store->first_skip_reason == NULL && il_row_batch_get_skip_reason (batch) != NULL)
    store->first_skip_reason = g_strdup_printf (_("page %u, %s"), page,
                                                il_row_batch_get_skip_reason (batch));
  _il_row_store_append_batch_copy (store, batch);
}

static void
propagate_page_error (GError **error,
                      GError  *page_error,
                      guint    page)
{
  g_propagate_prefixed_error (error, page_error, _("Page %u: "), page);
}

IlRowStore *
il_row_store_load_pages (GPtrArray  *pages,
                         guint       n_threads,
                         GError    **error)
{
  g_autoptr(IlRowStore) store = NULL;
  LoadState state = { 0 };
  g_autofree GThread **threads = NULL;
  GError *page_error = NULL;
  guint failed_page = 0;

  g_return_val_if_fail (pages != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = il_row_store_new ();
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MIN (n_threads, MAX (pages->len, 1));

  if (n_threads <= 1)
    {
      g_autoptr(IlRowBatch) batch = _il_row_batch_new ();

      for (guint i = 0; i < pages->len; i++)
        {
          if (!parse_page (batch, g_ptr_array_index (pages, i), &page_error))
            {
              propagate_page_error (error, page_error, i);
              return NULL;
            }
          append_page (store, i, batch);
        }
      il_row_store_seal (store);
      return g_steal_pointer (&store);
    }

  state.pages = pages;
  state.n_pages = pages->len;
  state.window = 4 * n_threads;
  g_mutex_init (&state.lock);
  g_cond_init (&state.cond);
  state.batches = g_new0 (IlRowBatch *, state.n_pages);
  state.errors = g_new0 (GError *, state.n_pages);
  state.done = g_new0 (gboolean, state.n_pages);
  state.spare = g_ptr_array_new_with_free_func ((GDestroyNotify) il_row_batch_free);

  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("il-load", load_worker, &state);

  /* This thread appends in page order while the workers parse. */
  for (guint i = 0; i < state.n_pages; i++)
    {
      IlRowBatch *batch;

      g_mutex_lock (&state.lock);
      while (!state.done[i])
        g_cond_wait (&state.cond, &state.lock);
      batch = g_steal_pointer (&state.batches[i]);
      if (batch == NULL)
        {
          page_error = g_steal_pointer (&state.errors[i]);
          failed_page = i;
          state.cancelled = TRUE;
        }
      state.consumed = i + 1;
      g_cond_broadcast (&state.cond);
      g_mutex_unlock (&state.lock);

      if (batch == NULL)
        break;
      append_page (store, i, batch);

      g_mutex_lock (&state.lock);
      g_ptr_array_add (state.spare, batch);
      g_mutex_unlock (&state.lock);
    }

  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < state.n_pages; i++)
    {
      g_clear_pointer (&state.batches[i], il_row_batch_free);
      g_clear_error (&state.errors[i]);
    }
  g_free (state.batches);
  g_free (state.errors);
  g_free (state.done);
  g_ptr_array_unref (state.spare);
  g_mutex_clear (&state.lock);
  g_cond_clear (&state.cond);

  if (page_error != NULL)
    {
      propagate_page_error (error, page_error, failed_page);
      return NULL;
    }

  il_row_store_seal (store);
  return g_steal_pointer (&store);
}
