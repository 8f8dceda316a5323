/* il-chart-widget-private.h: what il-chart-widget.c and il-chart-widget-export.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "il-chart-widget.h"

G_BEGIN_DECLS

/* What a render depends on: the texture shown is current when it matches. */
typedef struct
{
  guint64      data_gen;
  int          width;
  int          height;
  int          scale;
  IlChartStyle style;
} IlChartRenderKey;

struct _IlChartWidget
{
  GtkWidget           parent_instance;

  const IlChartClass *klass;
  gconstpointer       data;
  IlChartStyle        style;
  int                 natural_height;
  IlSnapshot         *snapshot;       /* keeps the data alive when it is a snapshot's */
  gpointer            owned;          /* an atomic rc box holding data when set_data_full gave it */

  GtkWidget          *menu_button;
  GtkWidget          *context_menu;
  GtkWidget          *header;         /* weak: the title row holding the export button */
  GtkWidget          *header_button;  /* weak: the export button in it */
  GtkFileChooserNative *chooser;

  /* Drawn in a worker thread into a texture (il-chart-widget-render.c). */
  gboolean            async;          /* FALSE: draws in snapshot, as tests may want */
  guint64             data_gen;       /* bumped whenever what the chart draws changes */
  cairo_surface_t    *image;          /* the last render that landed, shown until the next */
  GdkTexture         *texture;        /* the same pixels, made when a GL renderer shows them */
  IlChartRenderKey    image_key;    /* what image was drawn for */
  IlChartRenderKey    pending_key;    /* the render in flight, if pending */
  gboolean            pending;
  guint64             render_serial;  /* of the newest render started: older ones are dropped */
  GCancellable       *render_cancellable;
  cairo_surface_t    *landed;         /* a render that waits for a frame with room for it */
  IlChartRenderKey    landed_key;
  guint               landed_tick;
  guint               n_landed;       /* counters for tests and benchmarks */
  guint               n_dropped;
};

/* Reads the widget's colours into self->style. */
void _il_chart_widget_refresh_style (IlChartWidget *self);

/* The snapshot vfunc's chart part: the last render when current, else the
 * previous one while a worker draws the new one. */
void _il_chart_widget_snapshot_chart (IlChartWidget *self,
                                      GtkSnapshot   *snapshot,
                                      int            width,
                                      int            height);
/* Paints @image, drawn for @image_width x @image_height, into @width x
 * @height: a previous render stretched to the widget's new size. */
void _il_chart_widget_paint_image (cairo_t         *cr,
                                   cairo_surface_t *image,
                                   int              image_width,
                                   int              image_height,
                                   double           width,
                                   double           height);
/* The image shown, if any (for tests). */
cairo_surface_t *_il_chart_widget_get_image (IlChartWidget *self);
/* Makes @cr's target, a render node's recording, hold @image, which it
 * shows, for as long as it lives. */
void _il_chart_widget_keep_source (cairo_t         *cr,
                                   cairo_surface_t *image);
/* Data the widget owns (il_chart_widget_set_data_full): a render in a
 * worker holds it too. */
gpointer _il_chart_widget_owned_new     (gpointer       data,
                                         GDestroyNotify destroy);
gpointer _il_chart_widget_owned_acquire (gpointer       owned);
void     _il_chart_widget_owned_release (gpointer       owned);
gconstpointer _il_chart_widget_owned_get_data (gpointer owned);

/* Drops the last render and any render in flight (dispose). */
void _il_chart_widget_clear_render   (IlChartWidget *self);

/* For tests and benchmarks. */
/* FALSE draws synchronously in the snapshot vfunc, as before. */
void        _il_chart_widget_set_async        (IlChartWidget *self,
                                               gboolean       async);
/* The default for widgets created from now on (TRUE). */
void        _il_chart_widget_set_default_async (gboolean      async);
gboolean    _il_chart_widget_get_default_async (void);
/* The last render that landed, as a texture (NULL before the first). */
GdkTexture *_il_chart_widget_get_texture      (IlChartWidget *self);
gboolean    _il_chart_widget_is_render_pending (IlChartWidget *self);
guint       _il_chart_widget_get_n_landed     (IlChartWidget *self);
guint       _il_chart_widget_get_n_dropped    (IlChartWidget *self);
/* Renders asked for in the frame under way, not yet handed to a worker. */
guint       _il_chart_widget_get_n_queued_renders (void);
/* Draws klass at width x height logical pixels times scale into a new
 * image surface (what the worker does). */
cairo_surface_t *_il_chart_widget_render_surface (const IlChartClass *klass,
                                                  gconstpointer       data,
                                                  const IlChartStyle *style,
                                                  int                 width,
                                                  int                 height,
                                                  int                 scale);

G_END_DECLS
