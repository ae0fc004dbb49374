/* SPDX-License-Identifier: Apache-2.0 */
/*
** store.c — choosing a storage backend from the --db option (see store.h).
*/
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Store *store_open(const char *uri, char *err, size_t errlen) {
  if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0) {
    snprintf(err, errlen, "%s: the PostgreSQL backend is not built into this version yet", uri);
    return NULL;
  }
  return store_sqlite_open(uri, err, errlen);
}

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
