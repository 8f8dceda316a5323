/* il-chart-widget-render.c: a chart widget draws in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing every chart of a page in the frame after an update took most of
 * the main loop's stall at a million rows (and GTK's cairo renderer replays
 * each recorded chart again in every later frame). So the widget draws its
 * chart into an image surface in a worker thread (a chart is a pure
 * function of data, style and size; its text goes through the worker's own
 * PangoCairo font map) and shows the result as an image; until a new render
 * lands, the previous image stays on screen, stretched if the size
 * changed. Only a first render of the empty state is drawn synchronously:
 * a chart whose first render has data stays blank until it lands.
 *
 * A render holds a reference to the snapshot whose aggregates it reads (or
 * to the data il_chart_widget_set_data_full gave) and a copy of the style.
 * Data a page lends (il_chart_widget_set_data with a page's own struct) may
 * change under a worker, so it is drawn in the snapshot vfunc as before.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "il-chart-widget-private.h"
#include "il-frame-budget.h"
#include "il-free-aside.h"
#include "il-task-start.h"

static gboolean default_async = TRUE;

#define MAX_IMAGE_SIDE   8192
#define MAX_IMAGE_PIXELS (4096 * 4096)

typedef struct
{
  const IlChartClass *klass;
  gconstpointer       data;
  IlSnapshot         *snapshot;   /* keeps data alive */
  gpointer            owned;      /* or this does */
  IlChartRenderKey    key;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->snapshot, il_snapshot_unref);
  g_clear_pointer (&job->owned, _il_chart_widget_owned_release);
  g_free (job);
}

typedef struct
{
  gpointer       data;
  GDestroyNotify destroy;
} Owned;

gpointer
_il_chart_widget_owned_new (gpointer       data,
                            GDestroyNotify destroy)
{
  Owned *owned = g_atomic_rc_box_new0 (Owned);

  owned->data = data;
  owned->destroy = destroy;
  return owned;
}

gpointer
_il_chart_widget_owned_acquire (gpointer owned)
{
  return g_atomic_rc_box_acquire (owned);
}

static void
owned_clear (gpointer data)
{
  Owned *owned = data;

  if (owned->destroy != NULL)
    owned->destroy (owned->data);
}

void
_il_chart_widget_owned_release (gpointer owned)
{
  g_atomic_rc_box_release_full (owned, owned_clear);
}

gconstpointer
_il_chart_widget_owned_get_data (gpointer owned)
{
  return ((Owned *) owned)->data;
}

/* The widget and the render it started: the GTask must not hold the widget,
 * or its last reference could drop in the worker. */
typedef struct
{
  GWeakRef widget;
  guint64  serial;
} RenderTarget;

static void
render_target_free (RenderTarget *target)
{
  g_weak_ref_clear (&target->widget);
  g_free (target);
}

static gboolean
style_equal (const IlChartStyle *a,
             const IlChartStyle *b)
{
  /* field by field: the struct has padding */
  return a->dark == b->dark
         && g_strcmp0 (a->font_family, b->font_family) == 0
         && a->font_size == b->font_size
         && memcmp (&a->background, &b->background,
                    offsetof (IlChartStyle, on_dark) + sizeof (IlColor)
                    - offsetof (IlChartStyle, background)) == 0
         && a->full_category_labels == b->full_category_labels
         && a->exact_tooltips == b->exact_tooltips
         && a->locale_numbers == b->locale_numbers;
}

static gboolean
key_equal (const IlChartRenderKey *a,
           const IlChartRenderKey *b)
{
  return a->data_gen == b->data_gen
         && a->width == b->width
         && a->height == b->height
         && a->scale == b->scale
         && style_equal (&a->style, &b->style);
}

cairo_surface_t *
_il_chart_widget_render_surface (const IlChartClass *klass,
                                 gconstpointer       data,
                                 const IlChartStyle *style,
                                 int                 width,
                                 int                 height,
                                 int                 scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  klass->draw (cr, data, style, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The renders of a page's charts queue in their own pool, one thread per
 * core: in GLib's shared pool they would both crowd out the aggregation and
 * outnumber the cores. Its threads are in the idle scheduling class, so
 * the main thread, which must keep drawing frames while they work, takes
 * their core the moment it wakes; the pool is exclusive, so no other pool
 * ever runs on such a thread. */
static void
render_in_pool (gpointer data,
                gpointer user_data)
{
  g_autoptr(GTask) task = data;
  RenderJob *job = g_task_get_task_data (task);
  cairo_surface_t *surface;

  il_thread_make_idle ();
  /* superseded before it started */
  if (g_task_return_error_if_cancelled (task))
    return;
  surface = _il_chart_widget_render_surface (job->klass, job->data, &job->key.style,
                                             job->key.width, job->key.height, job->key.scale);
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static GThreadPool *
render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (render_in_pool, NULL,
                                                 CLAMP ((int) g_get_num_processors (), 1, 4),
                                                 TRUE, NULL));
  return pool;
}

/* A render's last reference goes on a background thread. The image is
 * the worker's memory, which glibc may hand back to the system as it is
 * freed; and once a cairo frame drew it, cairo copies it as it goes: a
 * render node's recording keeps a copy-on-write snapshot of each image
 * painted into it, attached to the image, which copies itself out on the
 * image's end (0.8-3 MB a chart, on the main thread, in a live update's
 * frames). */
static void
release_image (cairo_surface_t *image)
{
  il_free_aside (image, (GDestroyNotify) cairo_surface_destroy);
}

/* GDK_MEMORY_DEFAULT is cairo's ARGB32: premultiplied, native-endian. */
static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return NULL;
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) release_image,
                                      cairo_surface_reference (surface));
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

/* The node's recording holds the image it shows until the recording goes,
 * so the image ends when nothing reads its snapshot any more. */
static const cairo_user_data_key_t source_key;

void
_il_chart_widget_keep_source (cairo_t         *cr,
                              cairo_surface_t *image)
{
  cairo_surface_t *recording = cairo_get_target (cr);

  if (cairo_surface_set_user_data (recording, &source_key, cairo_surface_reference (image),
                                   (cairo_destroy_func_t) release_image)
      != CAIRO_STATUS_SUCCESS)
    cairo_surface_destroy (image);
}

static void
install (IlChartWidget          *self,
         cairo_surface_t        *surface,
         const IlChartRenderKey *key)
{
  /* out of memory: keep what is shown */
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return;
  g_clear_pointer (&self->image, release_image);
  g_clear_object (&self->texture);
  self->image = cairo_surface_reference (surface);
  cairo_surface_set_device_scale (self->image, key->scale, key->scale);
  self->image_key = *key;
}

static GdkTexture *
ensure_texture (IlChartWidget *self)
{
  if (self->texture == NULL && self->image != NULL)
    self->texture = texture_for_surface (self->image);
  return self->texture;
}

/* Stretched while a render for a new size is on its way. Cairo's default
 * filter shrinks an image by more than a third with a box convolution,
 * pixman's slowest path: 10-15 ms a frame for a timeline that lost half its
 * height, in every frame until the new render lands. Bilinear is one SIMD
 * pass, and a stretched image is only shown for a few frames. */
void
_il_chart_widget_paint_image (cairo_t         *cr,
                              cairo_surface_t *image,
                              int              image_width,
                              int              image_height,
                              double           width,
                              double           height)
{
  double sx = width / image_width, sy = height / image_height;

  cairo_save (cr);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, image, 0, 0);
  if (sx != 1.0 || sy != 1.0)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* A GL renderer uploads a texture once and keeps it; GTK 4.8's cairo
 * renderer instead converts a memory texture through floats, pixel by
 * pixel, in every frame that draws it, where painting the image surface is
 * one pixman blit. */
static void
append_image (IlChartWidget         *self,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *bounds)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  cairo_t *cr;

  if (renderer != NULL && !GSK_IS_CAIRO_RENDERER (renderer) && ensure_texture (self) != NULL)
    {
      gtk_snapshot_append_texture (snapshot, self->texture, bounds);
      return;
    }
  cr = gtk_snapshot_append_cairo (snapshot, bounds);
  _il_chart_widget_paint_image (cr, self->image, self->image_key.width, self->image_key.height,
                                bounds->size.width, bounds->size.height);
  _il_chart_widget_keep_source (cr, self->image);
  cairo_destroy (cr);
}

static void
show_landed (IlChartWidget          *self,
             cairo_surface_t        *surface,
             const IlChartRenderKey *key)
{
  install (self, surface, key);
  self->n_landed++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The render that waited for a frame with room for it. */
static void
show_waiting (IlChartWidget *self)
{
  cairo_surface_t *surface = g_steal_pointer (&self->landed);

  self->pending = FALSE;
  show_landed (self, surface, &self->landed_key);
  cairo_surface_destroy (surface);
}

static gboolean
show_landed_in_frame (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  IlChartWidget *self = IL_CHART_WIDGET (widget);

  if (self->landed != NULL && !il_frame_budget_take_area (widget))
    return G_SOURCE_CONTINUE;
  self->landed_tick = 0;
  if (self->landed != NULL)
    show_waiting (self);
  return G_SOURCE_REMOVE;
}

/* A render that waited for room, given up: a newer one replaces it. */
static void
drop_landed (IlChartWidget *self)
{
  if (self->landed_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->landed_tick);
  self->landed_tick = 0;
  g_clear_pointer (&self->landed, release_image);
}

static void
render_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RenderTarget *target = user_data;
  g_autoptr(IlChartWidget) self = g_weak_ref_get (&target->widget);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The task's last reference may drop in the worker: what the job holds
   * is let go here, on the main thread. */
  g_clear_pointer (&job->snapshot, il_snapshot_unref);
  g_clear_pointer (&job->owned, _il_chart_widget_owned_release);

  if (self != NULL && target->serial == self->render_serial)
    self->pending = FALSE;
  /* A newer render started, or the data changed since: this one is stale. */
  if (self == NULL || target->serial != self->render_serial
      || job->key.data_gen != self->data_gen || surface == NULL)
    {
      if (self != NULL)
        self->n_dropped++;
    }
  else if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || il_frame_budget_take_area (GTK_WIDGET (self)))
    show_landed (self, surface, &job->key);
  else
    {
      /* the frame shows enough new images already: a later one shows this,
       * and meanwhile the render counts as under way */
      g_clear_pointer (&self->landed, release_image);
      self->landed = g_steal_pointer (&surface);
      self->landed_key = job->key;
      self->pending = TRUE;
      if (self->landed_tick == 0)
        self->landed_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_landed_in_frame, NULL, NULL);
    }
  g_clear_pointer (&surface, release_image);
  render_target_free (target);
}

/* Renders asked for while a frame is drawn go to the workers once it is
 * painted: a worker woken in the middle of the frame took the main
 * thread's core for 1.5-2 ms a chart when the other core was busy. */
static void
push_render (gpointer task,
             gpointer user_data)
{
  g_thread_pool_push (render_pool (), task, NULL);
}

static void
start_render (IlChartWidget          *self,
              const IlChartRenderKey *key)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job = g_new0 (RenderJob, 1);
  RenderTarget *target = g_new0 (RenderTarget, 1);

  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  drop_landed (self);

  job->klass = self->klass;
  job->data = self->data;
  job->snapshot = self->snapshot != NULL ? il_snapshot_ref (self->snapshot) : NULL;
  job->owned = self->owned != NULL ? _il_chart_widget_owned_acquire (self->owned) : NULL;
  job->key = *key;
  g_weak_ref_init (&target->widget, self);
  target->serial = ++self->render_serial;
  self->pending = TRUE;
  self->pending_key = *key;

  task = g_task_new (NULL, self->render_cancellable, render_done, target);
  g_task_set_source_tag (task, start_render);
  g_task_set_name (task, "[interview-latency] chart render");
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  il_run_after_frame (push_render, g_steal_pointer (&task), NULL);
}

/* Only data the widget can keep alive goes to a worker: none, the
 * aggregates of the snapshot it holds, or data it was given. */
static gboolean
can_render_async (IlChartWidget *self,
                  int            width,
                  int            height,
                  int            scale)
{
  /* A chart zoomed wide in a scrolled window would be a huge image (past
   * cairo's 32767 px): drawn in the frame, only its visible part rasterizes. */
  if ((gint64) width * scale > MAX_IMAGE_SIDE || (gint64) height * scale > MAX_IMAGE_SIDE
      || (gint64) width * height * scale * scale > MAX_IMAGE_PIXELS)
    return FALSE;
  return self->async
         && (self->data == NULL
             || (self->snapshot != NULL && self->data == il_snapshot_get_aggregates (self->snapshot))
             || (self->owned != NULL && self->data == _il_chart_widget_owned_get_data (self->owned)));
}

void
_il_chart_widget_snapshot_chart (IlChartWidget *self,
                                 GtkSnapshot   *snapshot,
                                 int            width,
                                 int            height)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  IlChartRenderKey key;

  _il_chart_widget_refresh_style (self);
  /* a render waiting for room with no tick left to show it: now */
  if (self->landed != NULL && self->landed_tick == 0)
    show_waiting (self);
  if (!can_render_async (self, width, height, scale))
    {
      cairo_t *cr;

      /* what a worker drew before is older than this: never shown again */
      if (self->image != NULL || self->pending)
        _il_chart_widget_clear_render (self);
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      self->klass->draw (cr, self->data, &self->style, width, height);
      cairo_destroy (cr);
      return;
    }

  key.data_gen = self->data_gen;
  key.width = width;
  key.height = height;
  key.scale = scale;
  key.style = self->style;

  if (self->image == NULL && self->data == NULL)
    {
      /* The empty state is cheap: drawn now, so a new chart never shows
       * blank before its data comes. */
      cairo_surface_t *surface = _il_chart_widget_render_surface (self->klass, self->data, &self->style,
                                                                  width, height, key.scale);

      install (self, surface, &key);
      cairo_surface_destroy (surface);
    }
  /* Data shown for the first time (a page opened after the load) leaves the
   * chart's area blank for the frame or two the worker takes. */
  else if ((self->image == NULL || !key_equal (&self->image_key, &key))
           && (!self->pending || !key_equal (&self->pending_key, &key)))
    start_render (self, &key);

  if (self->image != NULL)
    append_image (self, snapshot, &bounds);
}

void
_il_chart_widget_clear_render (IlChartWidget *self)
{
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  drop_landed (self);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->image, release_image);
  self->pending = FALSE;
  /* a render still in flight lands on nothing */
  self->render_serial++;
}

void
_il_chart_widget_set_async (IlChartWidget *self,
                            gboolean       async)
{
  g_return_if_fail (IL_IS_CHART_WIDGET (self));

  self->async = !!async;
  if (!self->async)
    _il_chart_widget_clear_render (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_il_chart_widget_set_default_async (gboolean async)
{
  default_async = !!async;
}

gboolean
_il_chart_widget_get_default_async (void)
{
  return default_async;
}

GdkTexture *
_il_chart_widget_get_texture (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), NULL);
  return ensure_texture (self);
}

gboolean
_il_chart_widget_is_render_pending (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), FALSE);
  return self->pending;
}

cairo_surface_t *
_il_chart_widget_get_image (IlChartWidget *self)
{
  return self->image;
}

guint
_il_chart_widget_get_n_landed (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), 0);
  return self->n_landed;
}

guint
_il_chart_widget_get_n_queued_renders (void)
{
  return il_count_after_frame (push_render);
}

guint
_il_chart_widget_get_n_dropped (IlChartWidget *self)
{
  g_return_val_if_fail (IL_IS_CHART_WIDGET (self), 0);
  return self->n_dropped;
}
