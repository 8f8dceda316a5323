/* il-dashboard-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "il-dashboard-page-private.h"
#include "il-dashboard-private.h"
#include "il-spinner.h"
#include "il-staged-reveal.h"

typedef struct
{
  IlDashboard *dashboard;
  IlSnapshot  *snapshot;       /* what the page shows */
  gboolean     stale;          /* a lazy page behind its dashboard */
} IlDashboardPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (IlDashboardPage, il_dashboard_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DASHBOARD,
  PROP_SNAPSHOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkStack *
get_state_stack (IlDashboardPage *self)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), "stack");

  if (!GTK_IS_STACK (stack) || gtk_stack_get_child_by_name (GTK_STACK (stack), "content") == NULL)
    return NULL;
  return GTK_STACK (stack);
}

/* "content" when the snapshot has rows, "loading" while the first data is on
 * its way, "empty" otherwise (never zeros for no data). */
static void
update_stack (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);
  GtkStack *stack = get_state_stack (self);
  const char *name;

  if (stack == NULL)
    return;
  if (priv->snapshot != NULL)
    name = il_snapshot_has_rows (priv->snapshot) ? "content" : "empty";
  else
    name = il_dashboard_page_is_loading_first_data (self) ? "loading" : "empty";
  il_staged_reveal_stack_child (stack, name);
}

static void
on_state_changed (IlDashboardPage *self)
{
  IlDashboardPageClass *klass = IL_DASHBOARD_PAGE_GET_CLASS (self);

  update_stack (self);
  if (klass->state_changed != NULL)
    klass->state_changed (self);
}

static void
show (IlDashboardPage *self,
      IlSnapshot      *snapshot)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);
  /* The old one lives until the page no longer points into it. */
  g_autoptr(IlSnapshot) old = g_steal_pointer (&priv->snapshot);

  priv->snapshot = snapshot != NULL ? il_snapshot_ref (snapshot) : NULL;
  IL_DASHBOARD_PAGE_GET_CLASS (self)->snapshot_changed (self, snapshot);
  update_stack (self);
  if (old != priv->snapshot)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

static void
on_snapshot_changed (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  if (IL_DASHBOARD_PAGE_GET_CLASS (self)->lazy && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* Let go of the old data at once (cheap), fill when shown. */
      priv->stale = TRUE;
      if (priv->snapshot != NULL)
        show (self, NULL);
      return;
    }
  priv->stale = FALSE;
  show (self, il_dashboard_get_snapshot (priv->dashboard));
}

static void
il_dashboard_page_real_snapshot_changed (IlDashboardPage *self,
                                         IlSnapshot      *snapshot)
{
}

static void
il_dashboard_page_map (GtkWidget *widget)
{
  il_dashboard_page_update (IL_DASHBOARD_PAGE (widget));
  GTK_WIDGET_CLASS (il_dashboard_page_parent_class)->map (widget);
}

static void
il_dashboard_page_dispose (GObject *object)
{
  IlDashboardPage *self = IL_DASHBOARD_PAGE (object);
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  if (priv->dashboard != NULL)
    g_signal_handlers_disconnect_by_data (priv->dashboard, self);
  g_clear_object (&priv->dashboard);

  G_OBJECT_CLASS (il_dashboard_page_parent_class)->dispose (object);
}

static void
il_dashboard_page_finalize (GObject *object)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (IL_DASHBOARD_PAGE (object));

  /* After the subclass let go of its widgets and pointers. */
  g_clear_pointer (&priv->snapshot, il_snapshot_unref);

  G_OBJECT_CLASS (il_dashboard_page_parent_class)->finalize (object);
}

static void
il_dashboard_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IlDashboardPage *self = IL_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_object (value, il_dashboard_page_get_dashboard (self));
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, il_dashboard_page_get_snapshot (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_dashboard_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_DASHBOARD:
      il_dashboard_page_set_dashboard (IL_DASHBOARD_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_dashboard_page_class_init (IlDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_dashboard_page_dispose;
  object_class->finalize = il_dashboard_page_finalize;
  object_class->get_property = il_dashboard_page_get_property;
  object_class->set_property = il_dashboard_page_set_property;
  widget_class->map = il_dashboard_page_map;
  klass->snapshot_changed = il_dashboard_page_real_snapshot_changed;

  properties[PROP_DASHBOARD] =
    g_param_spec_object ("dashboard", NULL, NULL, IL_TYPE_DASHBOARD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For bindings in the pages' templates. */
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, IL_TYPE_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* the pages' "Loading…" spinners, in their templates */
  g_type_ensure (IL_TYPE_SPINNER);
}

static void
il_dashboard_page_init (IlDashboardPage *self)
{
}

IlDashboard *
il_dashboard_page_get_dashboard (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  g_return_val_if_fail (IL_IS_DASHBOARD_PAGE (self), NULL);
  return priv->dashboard;
}

void
il_dashboard_page_set_dashboard (IlDashboardPage *self,
                                 IlDashboard     *dashboard)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  g_return_if_fail (IL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (dashboard == NULL || IL_IS_DASHBOARD (dashboard));

  if (priv->dashboard == dashboard)
    return;
  if (priv->dashboard != NULL)
    g_signal_handlers_disconnect_by_data (priv->dashboard, self);
  g_set_object (&priv->dashboard, dashboard);
  if (dashboard != NULL)
    {
      g_signal_connect_object (dashboard, "notify::snapshot", G_CALLBACK (on_snapshot_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dashboard, "notify::state", G_CALLBACK (on_state_changed),
                               self, G_CONNECT_SWAPPED);
      on_snapshot_changed (self);
    }
  else
    show (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DASHBOARD]);
}

IlSnapshot *
il_dashboard_page_get_snapshot (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  g_return_val_if_fail (IL_IS_DASHBOARD_PAGE (self), NULL);
  return priv->snapshot;
}

gboolean
il_dashboard_page_is_loading_first_data (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);
  IlDashboardState state;

  g_return_val_if_fail (IL_IS_DASHBOARD_PAGE (self), FALSE);

  if (priv->snapshot != NULL)
    return FALSE;
  state = priv->dashboard != NULL ? il_dashboard_get_state (priv->dashboard) : IL_DASHBOARD_STATE_IDLE;
  return state == IL_DASHBOARD_STATE_IDLE || state == IL_DASHBOARD_STATE_LOADING;
}

void
il_dashboard_page_update (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  g_return_if_fail (IL_IS_DASHBOARD_PAGE (self));

  if (!priv->stale || priv->dashboard == NULL)
    return;
  priv->stale = FALSE;
  show (self, il_dashboard_get_snapshot (priv->dashboard));
}

void
_il_dashboard_page_set_snapshot (IlDashboardPage *self,
                                 IlSnapshot      *snapshot)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);

  g_return_if_fail (IL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (priv->dashboard == NULL);

  priv->stale = FALSE;
  show (self, snapshot);
}

void
il_dashboard_page_show_session (IlDashboardPage *self,
                                guint32          session)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);
  char id[37];

  g_return_if_fail (IL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (priv->snapshot != NULL);
  g_return_if_fail (session < il_snapshot_get_store (priv->snapshot)->n_sessions);

  il_uuid_format (&il_snapshot_get_store (priv->snapshot)->session_ids[session], id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-session", "s", id);
}

void
il_dashboard_page_show_session_id (IlDashboardPage *self,
                                   const IlUuid    *session_id)
{
  char id[37];

  g_return_if_fail (IL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (session_id != NULL);

  il_uuid_format (session_id, id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-session", "s", id);
}

IlSupabaseClient *
il_dashboard_page_new_client (IlDashboardPage *self)
{
  IlDashboardPagePrivate *priv = il_dashboard_page_get_instance_private (self);
  const IlConfig *config;
  IlSupabaseClient *client;

  g_return_val_if_fail (IL_IS_DASHBOARD_PAGE (self), NULL);

  if (priv->dashboard == NULL || !il_dashboard_is_remote (priv->dashboard))
    return NULL;
  config = il_dashboard_get_config (priv->dashboard);
  client = il_supabase_client_new (config->url, config->key);
  if (_il_dashboard_hook_retry_base_ms () > 0)
    il_supabase_client_set_retry_base_delay (client, _il_dashboard_hook_retry_base_ms ());
  return client;
}
