/* il-remote-rows.c: a GListModel of rows that stay on the server until shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view asks for the items it shows; each asks for its page of
 * IL_REMOTE_ROWS_PAGE rows (limit/offset in the query's order), so scrolling
 * fetches the pages around the visible rows and nothing else. The least
 * recently used pages are dropped beyond IL_REMOTE_ROWS_MAX_PAGES.
 */
#include "config.h"

#include "il-remote-rows.h"

typedef struct
{
  IlRowStore   *store;      /* NULL while it is fetched, or after a failure */
  gboolean      failed;
  guint64       last_use;
} Page;

struct _IlRemoteRows
{
  GObject           parent_instance;

  IlSupabaseClient *client;
  IlRowQuery        query;
  gint64            total;
  GHashTable       *pages;        /* page number -> Page */
  guint64           use_clock;
  guint             pending;
  GCancellable     *cancellable;
  GError           *error;
};

enum {
  PROP_0,
  PROP_TOTAL,
  PROP_ERROR,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IlRemoteRows, il_remote_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->store, il_row_store_unref);
  g_free (page);
}

typedef struct
{
  IlRemoteRows *self;
  guint         number;
} Request;

static void
set_error (IlRemoteRows *self,
           GError       *error)
{
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Drops the least recently used pages beyond the limit (never @keep). */
static void
evict (IlRemoteRows *self,
       guint         keep)
{
  while (g_hash_table_size (self->pages) > IL_REMOTE_ROWS_MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      guint oldest = G_MAXUINT;
      guint64 oldest_use = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          /* a page on its way is in the view's eye */
          if (GPOINTER_TO_UINT (key) == keep || page->store == NULL)
            continue;
          if (page->last_use < oldest_use)
            {
              oldest_use = page->last_use;
              oldest = GPOINTER_TO_UINT (key);
            }
        }
      if (oldest == G_MAXUINT)
        return;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest));
    }
}

static void
page_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *req = user_data;
  IlRemoteRows *self = req->self;
  g_autoptr(GError) error = NULL;
  gint64 total = -1;
  IlRowStore *store = il_supabase_client_rows_finish (IL_SUPABASE_CLIENT (object), result, &total, &error);
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (req->number));
  guint64 first = (guint64) req->number * IL_REMOTE_ROWS_PAGE;

  self->pending--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (store == NULL)
    {
      if (page != NULL)
        page->failed = TRUE;
      set_error (self, g_steal_pointer (&error));
    }
  else if (page != NULL)
    {
      page->store = store;
      store = NULL;
      page->last_use = ++self->use_clock;
      if (self->error != NULL)
        set_error (self, NULL);
      evict (self, req->number);
      if (self->total < 0)
        {
          /* the first answer: the rows appear */
          self->total = MAX (total, (gint64) page->store->n_rows);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
          if (self->total > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, (guint) MIN (self->total, G_MAXUINT));
        }
      else if (first < (guint64) self->total)
        {
          guint n = (guint) MIN ((guint64) IL_REMOTE_ROWS_PAGE, (guint64) self->total - first);

          g_list_model_items_changed (G_LIST_MODEL (self), (guint) first, n, n);
        }
    }
  g_clear_pointer (&store, il_row_store_unref);
  if (self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_unref (self);
  g_free (req);
}

static void
request_page (IlRemoteRows *self,
              guint         number)
{
  Request *req = g_new0 (Request, 1);
  Page *page = g_new0 (Page, 1);

  req->self = g_object_ref (self);
  req->number = number;
  page->last_use = ++self->use_clock;
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (number), page);
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  il_supabase_client_rows_async (self->client, &self->query, (guint64) number * IL_REMOTE_ROWS_PAGE,
                                 IL_REMOTE_ROWS_PAGE, self->total < 0, self->cancellable, page_done, req);
}

static GType
il_remote_rows_get_item_type (GListModel *model)
{
  return IL_TYPE_ROW_ITEM;
}

static guint
il_remote_rows_get_n_items (GListModel *model)
{
  IlRemoteRows *self = IL_REMOTE_ROWS (model);

  return self->total < 0 ? 0 : (guint) MIN (self->total, G_MAXUINT);
}

static gpointer
il_remote_rows_get_item (GListModel *model,
                         guint       position)
{
  IlRemoteRows *self = IL_REMOTE_ROWS (model);
  guint number = position / IL_REMOTE_ROWS_PAGE;
  guint row = position % IL_REMOTE_ROWS_PAGE;
  Page *page;

  if (position >= il_remote_rows_get_n_items (model))
    return NULL;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  if (page == NULL)
    {
      request_page (self, number);
      return il_row_item_new (NULL, 0);
    }
  page->last_use = ++self->use_clock;
  /* a row the server sent but the schema rejected has no store either */
  if (page->store == NULL || row >= page->store->n_rows)
    return il_row_item_new (NULL, 0);
  return il_row_item_new (page->store, row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = il_remote_rows_get_item_type;
  iface->get_n_items = il_remote_rows_get_n_items;
  iface->get_item = il_remote_rows_get_item;
}

static void
il_remote_rows_dispose (GObject *object)
{
  IlRemoteRows *self = IL_REMOTE_ROWS (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (il_remote_rows_parent_class)->dispose (object);
}

static void
il_remote_rows_finalize (GObject *object)
{
  IlRemoteRows *self = IL_REMOTE_ROWS (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_error (&self->error);
  il_row_query_clear (&self->query);
  G_OBJECT_CLASS (il_remote_rows_parent_class)->finalize (object);
}

static void
il_remote_rows_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IlRemoteRows *self = IL_REMOTE_ROWS (object);

  switch (prop_id)
    {
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_remote_rows_class_init (IlRemoteRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = il_remote_rows_dispose;
  object_class->finalize = il_remote_rows_finalize;
  object_class->get_property = il_remote_rows_get_property;

  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
il_remote_rows_init (IlRemoteRows *self)
{
  self->total = -1;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->cancellable = g_cancellable_new ();
  il_row_query_init (&self->query);
}

IlRemoteRows *
il_remote_rows_new (IlSupabaseClient *client,
                    const IlRowQuery *query)
{
  IlRemoteRows *self;

  g_return_val_if_fail (IL_IS_SUPABASE_CLIENT (client), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (IL_TYPE_REMOTE_ROWS, NULL);
  self->client = g_object_ref (client);
  il_row_query_copy (&self->query, query);
  request_page (self, 0);
  return self;
}

const IlRowQuery *
il_remote_rows_get_query (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), NULL);
  return &self->query;
}

IlSupabaseClient *
il_remote_rows_get_client (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), NULL);
  return self->client;
}

gint64
il_remote_rows_get_total (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), -1);
  return self->total;
}

const GError *
il_remote_rows_get_error (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), NULL);
  return self->error;
}

gboolean
il_remote_rows_is_loading (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), FALSE);
  return self->pending > 0;
}

guint
il_remote_rows_get_n_pages (IlRemoteRows *self)
{
  g_return_val_if_fail (IL_IS_REMOTE_ROWS (self), 0);
  return g_hash_table_size (self->pages);
}
