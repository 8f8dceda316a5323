/* il-csv.c: RFC 4180 export of store rows (docs/figures.md, "CSV export")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "il-atomic-file.h"
#include "il-csv.h"

G_DEFINE_QUARK (il-csv-error-quark, il_csv_error)

/* Rows are formatted into one growing buffer, handed to the stream in chunks
 * of about this size: no allocation per field, few syscalls. */
#define FLUSH_SIZE     (1024 * 1024)
#define PROGRESS_EVERY 32768

typedef struct
{
  char  *data;
  gsize  len;
  gsize  cap;
} Buf;

static inline void
buf_reserve (Buf   *b,
             gsize  extra)
{
  if (G_UNLIKELY (b->len + extra > b->cap))
    {
      gsize cap = MAX (b->cap * 2, b->len + extra + 1024);

      b->data = g_realloc (b->data, cap);
      b->cap = cap;
    }
}

static inline void
buf_put (Buf        *b,
         const char *s,
         gsize       len)
{
  buf_reserve (b, len);
  memcpy (b->data + b->len, s, len);
  b->len += len;
}

static inline void
buf_putc (Buf  *b,
          char  c)
{
  buf_reserve (b, 1);
  b->data[b->len++] = c;
}

/* A text field. RFC 4180 has no null: null is an empty field, so an
 * empty string is written as "" (quoted) to stay distinguishable from null. */
static void
buf_put_text (Buf        *b,
              const char *s,
              gsize       len)
{
  gboolean quote = (len == 0);
  gsize n_quotes = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (c == ',' || c == '\r' || c == '\n')
        quote = TRUE;
      else if (c == '"')
        {
          quote = TRUE;
          n_quotes++;
        }
    }

  if (!quote)
    {
      buf_put (b, s, len);
      return;
    }

  buf_reserve (b, len + n_quotes + 2);
  b->data[b->len++] = '"';
  if (n_quotes == 0)
    {
      memcpy (b->data + b->len, s, len);
      b->len += len;
    }
  else
    {
      char *p = b->data + b->len;

      for (gsize i = 0; i < len; i++)
        {
          if (s[i] == '"')
            *p++ = '"';
          *p++ = s[i];
        }
      b->len = p - b->data;
    }
  b->data[b->len++] = '"';
}

static inline void
buf_put_cstr (Buf        *b,
              const char *s)
{
  if (s != NULL)
    buf_put_text (b, s, strlen (s));
}

/* Writes v in decimal; returns the length. */
static gsize
format_int64 (gint64  v,
              char   *out)
{
  char tmp[24];
  gsize n = 0, len = 0;
  guint64 u;

  if (v < 0)
    {
      out[len++] = '-';
      u = (guint64) 0 - (guint64) v;
    }
  else
    u = (guint64) v;

  do
    {
      tmp[n++] = '0' + (char) (u % 10);
      u /= 10;
    }
  while (u != 0);

  while (n > 0)
    out[len++] = tmp[--n];
  out[len] = '\0';

  return len;
}

gsize
il_csv_format_double (double  value,
                      char   *buf)
{
  static const double scales[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

  if (!isfinite (value))
    {
      const char *s = isnan (value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

      strcpy (buf, s);
      return strlen (s);
    }

  if (value == 0)
    {
      strcpy (buf, signbit (value) ? "-0" : "0");
      return strlen (buf);
    }

  /* Fast path for the usual latencies (few decimals): with k below 1e15 and
   * an exact power-of-ten scale, k / scale == value means the decimal k/scale
   * rounds to value, and no shorter decimal can (15 digits are unique). */
  if (fabs (value) < 1e15)
    {
      for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
        {
          double k = nearbyint (value * scales[i]);

          if (fabs (k) >= 1e15)
            break;
          if (k / scales[i] == value)
            {
              char digits[24];
              gint64 ik = (gint64) k;
              gboolean neg = ik < 0;
              gsize nd = format_int64 (neg ? -ik : ik, digits);
              gsize len = 0;
              guint decimals = i;

              if (neg)
                buf[len++] = '-';
              if (decimals == 0)
                {
                  memcpy (buf + len, digits, nd);
                  len += nd;
                }
              else
                {
                  gsize int_digits = nd > decimals ? nd - decimals : 0;

                  /* trailing zeros cannot occur: a smaller scale would have matched */
                  if (int_digits == 0)
                    {
                      buf[len++] = '0';
                      buf[len++] = '.';
                      for (gsize z = nd; z < decimals; z++)
                        buf[len++] = '0';
                      memcpy (buf + len, digits, nd);
                      len += nd;
                    }
                  else
                    {
                      memcpy (buf + len, digits, int_digits);
                      len += int_digits;
                      buf[len++] = '.';
                      memcpy (buf + len, digits + int_digits, decimals);
                      len += decimals;
                    }
                }
              buf[len] = '\0';
              return len;
            }
        }
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, 32, format, value);
      if (precision == 17 || g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return strlen (buf);
}

static void
put_timestamp (Buf    *b,
               gint64  us,
               gint16  offset)
{
  if (us == IL_TIME_NONE)
    return;

  buf_reserve (b, 48);
  b->len += il_timestamp_format (us, offset, b->data + b->len);
}

static void
put_uuid (Buf          *b,
          const IlUuid *uuid)
{
  buf_reserve (b, 37);
  il_uuid_format (uuid, b->data + b->len);
  b->len += 36;
}

static void
put_row (Buf        *b,
         IlRowStore *store,
         guint       row)
{
  const char *meta;
  gsize meta_len;

  put_uuid (b, &store->metric_id[row]);
  buf_putc (b, ',');
  put_uuid (b, &store->session_ids[store->session[row]]);
  buf_putc (b, ',');
  buf_reserve (b, 32);
  b->len += format_int64 (store->turn_number[row], b->data + b->len);
  buf_putc (b, ',');
  buf_put_cstr (b, il_row_store_get_step_name (store, row));
  buf_putc (b, ',');
  buf_reserve (b, 32);
  b->len += il_csv_format_double (store->latency_ms[row], b->data + b->len);
  buf_putc (b, ',');
  put_timestamp (b, store->started_at[row], store->started_offset[row]);
  buf_putc (b, ',');
  put_timestamp (b, store->completed_at[row], store->completed_offset[row]);
  buf_putc (b, ',');
  buf_put_cstr (b, il_row_store_get_status (store, row));
  buf_putc (b, ',');
  buf_put_cstr (b, il_row_store_get_error_message (store, row));
  buf_putc (b, ',');
  meta = il_row_store_get_metadata (store, row, &meta_len);
  if (meta != NULL)
    buf_put_text (b, meta, meta_len);
  buf_putc (b, ',');
  put_timestamp (b, store->created_at[row], store->created_offset[row]);
  buf_put (b, "\r\n", 2);
}

gboolean
il_csv_write (IlRowStore         *store,
              const guint32      *rows,
              guint               n_rows,
              GOutputStream      *stream,
              IlCsvProgressFunc   progress,
              gpointer            progress_data,
              GCancellable       *cancellable,
              GError            **error)
{
  Buf b = { NULL, 0, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (rows == NULL)
    n_rows = store->n_rows;

  buf_reserve (&b, FLUSH_SIZE + 64 * 1024);

  for (guint c = 0; c < IL_N_COLUMNS; c++)
    {
      if (c > 0)
        buf_putc (&b, ',');
      buf_put_cstr (&b, il_column_name (c));
    }
  buf_put (&b, "\r\n", 2);

  for (guint i = 0; i < n_rows; i++)
    {
      guint row = rows != NULL ? rows[i] : i;

      g_assert (row < store->n_rows);
      put_row (&b, store, row);

      if (b.len >= FLUSH_SIZE)
        {
          if (!g_output_stream_write_all (stream, b.data, b.len, NULL, cancellable, error))
            {
              ok = FALSE;
              break;
            }
          b.len = 0;
        }

      if ((i + 1) % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL)
            progress (i + 1, n_rows, progress_data);
        }
    }

  if (ok && b.len > 0)
    ok = g_output_stream_write_all (stream, b.data, b.len, NULL, cancellable, error);

  if (ok && progress != NULL)
    progress (n_rows, n_rows, progress_data);

  g_free (b.data);

  return ok;
}

char *
il_csv_format_cell (IlRowStore *store,
                    guint       row,
                    IlColumn    column)
{
  char buf[64];
  const char *s;
  gsize len;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (row < store->n_rows, NULL);

  switch (column)
    {
    case IL_COL_METRIC_ID:
      il_uuid_format (&store->metric_id[row], buf);
      return g_strdup (buf);
    case IL_COL_SESSION_ID:
      il_uuid_format (&store->session_ids[store->session[row]], buf);
      return g_strdup (buf);
    case IL_COL_TURN_NUMBER:
      format_int64 (store->turn_number[row], buf);
      return g_strdup (buf);
    case IL_COL_STEP_NAME:
      return g_strdup (il_row_store_get_step_name (store, row));
    case IL_COL_LATENCY_MS:
      il_csv_format_double (store->latency_ms[row], buf);
      return g_strdup (buf);
    case IL_COL_STARTED_AT:
      len = il_timestamp_format (store->started_at[row], store->started_offset[row], buf);
      return g_strndup (buf, len);
    case IL_COL_COMPLETED_AT:
      len = il_timestamp_format (store->completed_at[row], store->completed_offset[row], buf);
      return g_strndup (buf, len);
    case IL_COL_STATUS:
      return g_strdup (il_row_store_get_status (store, row));
    case IL_COL_ERROR_MESSAGE:
      return g_strdup (il_row_store_get_error_message (store, row));
    case IL_COL_METADATA:
      s = il_row_store_get_metadata (store, row, &len);
      return s != NULL ? g_strndup (s, len) : NULL;
    case IL_COL_CREATED_AT:
      if (store->created_at[row] == IL_TIME_NONE)
        return NULL;
      len = il_timestamp_format (store->created_at[row], store->created_offset[row], buf);
      return g_strndup (buf, len);
    case IL_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
il_csv_format_row (IlRowStore *store,
                   guint       row)
{
  Buf b = { NULL, 0, 0 };

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (row < store->n_rows, NULL);

  put_row (&b, store, row);
  g_assert (b.len >= 2);
  b.data[b.len - 2] = '\0';

  return b.data;
}

/**
 * il_csv_format_rows:
 * @store: the rows
 * @header: whether the header line comes first
 *
 * Every row of @store as CSV lines, for writers that stream page by page.
 *
 * Returns: (transfer full): the bytes
 */
GBytes *
il_csv_format_rows (IlRowStore *store,
                    gboolean    header)
{
  Buf b = { NULL, 0, 0 };

  g_return_val_if_fail (store != NULL, NULL);

  buf_reserve (&b, 256);
  if (header)
    {
      for (guint c = 0; c < IL_N_COLUMNS; c++)
        {
          if (c > 0)
            buf_putc (&b, ',');
          buf_put_cstr (&b, il_column_name (c));
        }
      buf_put (&b, "\r\n", 2);
    }
  for (guint row = 0; row < store->n_rows; row++)
    put_row (&b, store, row);
  return g_bytes_new_take (b.data, b.len);
}

/* ---- saving to a file ------------------------------------------------------ */

/* Turns a GIO error into one the user can act on. */
static void
set_save_error (GError **error,
                GError  *io_error,
                GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : g_strdup ("/");

  if (io_error->domain != G_IO_ERROR)
    {
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_FAILED,
                   _("Could not write “%s”: %s"), name, io_error->message);
      return;
    }

  switch (io_error->code)
    {
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_PERMISSION_DENIED,
                   _("Permission denied: you cannot write to “%s”. Choose another folder."),
                   folder);
      break;
    case G_IO_ERROR_NO_SPACE:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_NO_SPACE,
                   _("The disk is full: “%s” was not written. Free some space or choose another location."),
                   name);
      break;
    case G_IO_ERROR_NOT_FOUND:
    case G_IO_ERROR_NOT_DIRECTORY:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_FOLDER_MISSING,
                   _("The folder “%s” does not exist. Choose another folder."),
                   folder);
      break;
    case G_IO_ERROR_IS_DIRECTORY:
    case G_IO_ERROR_NOT_REGULAR_FILE:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_NOT_A_FILE,
                   _("“%s” is not a regular file. Choose another name."), name);
      break;
    case G_IO_ERROR_CANCELLED:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_CANCELLED,
                   _("Export cancelled: nothing was written."));
      break;
    default:
      g_set_error (error, IL_CSV_ERROR, IL_CSV_ERROR_FAILED,
                   _("Could not write “%s”: %s"), name, io_error->message);
      break;
    }
}

static gint64
save_to_file (IlRowStore         *store,
              const guint32      *rows,
              guint               n_rows,
              GFile              *file,
              IlCsvProgressFunc   progress,
              gpointer            progress_data,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  IlAtomicFile *out;

  if (rows == NULL)
    n_rows = store->n_rows;

  /* a temporary file renamed over the target once complete: a crash or a
   * kill mid-way leaves the target as it was (or absent), never truncated */
  out = il_atomic_file_open (file, cancellable, &local_error);
  if (out == NULL)
    {
      set_save_error (error, local_error, file);
      return -1;
    }

  if (!il_csv_write (store, rows, n_rows, il_atomic_file_get_stream (out),
                     progress, progress_data, cancellable, &local_error))
    {
      il_atomic_file_abort (out);
      set_save_error (error, local_error, file);
      return -1;
    }
  if (!il_atomic_file_commit (out, cancellable, &local_error))
    {
      set_save_error (error, local_error, file);
      return -1;
    }
  return n_rows;
}

gint64
il_csv_save (IlRowStore         *store,
             const guint32      *rows,
             guint               n_rows,
             GFile              *file,
             GCancellable       *cancellable,
             GError            **error)
{
  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  return save_to_file (store, rows, n_rows, file, NULL, NULL, cancellable, error);
}

typedef struct
{
  IlRowStore        *store;
  guint32           *rows;
  guint              n_rows;
  GFile             *file;
  IlCsvProgressFunc  progress;
  gpointer           progress_data;
  GDestroyNotify     progress_data_destroy;
  GMainContext      *context;
  gint               progress_done;     /* atomic */
  gint               progress_pending;  /* atomic: an idle is queued */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->store, il_row_store_unref);
  g_clear_pointer (&data->rows, g_free);
  g_clear_object (&data->file);
  if (data->progress_data_destroy != NULL)
    data->progress_data_destroy (data->progress_data);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

static gboolean
progress_idle (gpointer user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  g_atomic_int_set (&data->progress_pending, 0);
  if (!g_task_get_completed (task))
    data->progress ((guint) g_atomic_int_get (&data->progress_done), data->n_rows,
                    data->progress_data);

  return G_SOURCE_REMOVE;
}

/* Runs on the worker: hands the figure to the caller's context, at most one
 * update queued at a time. */
static void
thread_progress (guint    rows_done,
                 guint    n_rows,
                 gpointer user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  g_atomic_int_set (&data->progress_done, (gint) rows_done);
  if (g_atomic_int_compare_and_exchange (&data->progress_pending, 0, 1))
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle,
                                g_object_ref (task), g_object_unref);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gint64 n;

  n = save_to_file (data->store, data->rows, data->n_rows, data->file,
                    data->progress != NULL ? thread_progress : NULL, task,
                    cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
il_csv_save_async (IlRowStore         *store,
                   const guint32      *rows,
                   guint               n_rows,
                   GFile              *file,
                   IlCsvProgressFunc   progress,
                   gpointer            progress_data,
                   GDestroyNotify      progress_data_destroy,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (store != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (SaveData, 1);
  data->store = il_row_store_ref (store);
  if (rows != NULL)
    {
      /* Never NULL, even for no rows: NULL would mean "every row". */
      data->rows = g_new (guint32, MAX (n_rows, 1));
      memcpy (data->rows, rows, (gsize) n_rows * sizeof (guint32));
      data->n_rows = n_rows;
    }
  else
    data->n_rows = store->n_rows;
  data->file = g_object_ref (file);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_destroy = progress_data_destroy;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_csv_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  /* the worker reports cancellation itself, after cleaning up */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, save_thread);
}

gint64
il_csv_save_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
