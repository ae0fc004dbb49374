/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshot.c — freeing snapshot records (see snapshot.h).
*/
#include "snapshot.h"
#include <stdlib.h>
#include <string.h>

void snapshot_clear(Snapshot *sn) {
  free(sn->plan);
  free(sn->name);
  free(sn->meeting);
  free(sn->taken_at);
  free(sn->taken_by);
  free(sn->plan_updated);
  free(sn->digest);
  free(sn->document);
  memset(sn, 0, sizeof *sn);
}

void snapshots_free(Snapshot *v, int n) {
  for (int i = 0; i < n; i++)
    snapshot_clear(&v[i]);
  free(v);
}
