/* il-cache-preferences-group.h: the local cache in the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_CACHE_PREFERENCES_GROUP (il_cache_preferences_group_get_type ())
G_DECLARE_FINAL_TYPE (IlCachePreferencesGroup, il_cache_preferences_group, IL, CACHE_PREFERENCES_GROUP,
                      AdwPreferencesGroup)

GtkWidget  *il_cache_preferences_group_new           (void);
/* The cache folder it shows and clears (NULL: the default one); for tests. */
void        il_cache_preferences_group_set_cache_dir (IlCachePreferencesGroup *self,
                                                      const char              *cache_dir);
/* The size as shown ("12.3 MB"), NULL while it is being measured. */
const char *il_cache_preferences_group_get_size_text (IlCachePreferencesGroup *self);
/* TRUE while the size is measured or the cache cleared. */
gboolean    il_cache_preferences_group_is_busy       (IlCachePreferencesGroup *self);

G_END_DECLS
