/* SPDX-License-Identifier: Apache-2.0 */
/*
** store.c — closing a store, freeing plan lists and naming a store (store.h); store_open is
** in store_sql.c.
*/
#include "store.h"
#include "db/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_close(Store *s) {
  if (s) s->ops->close(s);
}

void plan_summaries_free(PlanSummary *list, int n) {
  for (int i = 0; i < n; i++) {
    free(list[i].id);
    free(list[i].name);
    free(list[i].municipality);
    free(list[i].updated);
  }
  free(list);
}

void store_label(const char *uri, char *buf, size_t n) {
  if (!db_is_postgresql_uri(uri)) {
    snprintf(buf, n, "%s", uri);
    return;
  }
  const char *rest = strstr(uri, "://") + 3;
  size_t query = strcspn(rest, "?#");
  const char *at = memchr(rest, '@', query);
  const char *colon = at ? memchr(rest, ':', (size_t)(at - rest)) : NULL;
  if (colon) /* user:password@ -> user@ */
    snprintf(buf, n, "%.*s%.*s%.*s", (int)(rest - uri), uri, (int)(colon - rest), rest,
             (int)(query - (size_t)(at - rest)), at);
  else
    snprintf(buf, n, "%.*s", (int)(rest - uri + (long)query), uri);
}
