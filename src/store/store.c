/*
** store.c — closing a store and freeing plan lists (store.h); store_open is in store_sql.c.
*/
#include "store.h"
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
