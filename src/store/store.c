/* SPDX-License-Identifier: Apache-2.0 */
/*
** store.c — closing a store, freeing plan lists, naming a store and the transaction around an
** import (store.h); store_open is in store_sql.c.
*/
#include "store.h"
#include "db/db.h"
#include "sq.h"
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

int store_import_begin(Store *s, char *err, size_t errlen) {
  Db *db = store_db(s);
  return db_begin_outer(db) ? sq_fail(db, err, errlen, "starting the import") : 0;
}

int store_import_end(Store *s, int commit, char *err, size_t errlen) {
  Db *db = store_db(s);
  if (db_end_outer(db, commit)) return sq_fail(db, err, errlen, "committing the import");
  return 0;
}
