/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshot_load.c — what `report`, `snapshot` and `export` share about a plan as stored or
** as frozen: the plan's last import time as reports state it, and a plan read back from one
** of its snapshots (`--snapshot NAME`).
*/
#include "../formats/xchg.h"
#include "../store/snapshot.h"
#include "cli.h"
#include <stdlib.h>
#include <string.h>

char *cli_plan_updated(Store *s, const char *id) {
  PlanSummary *list = NULL;
  int n = 0;
  char err[256], *updated = NULL;
  if (store_list(s, &list, &n, err, sizeof err) != 0) return NULL;
  for (int i = 0; i < n; i++)
    if (strcmp(list[i].id, id) == 0 && list[i].updated) updated = xstrdup(list[i].updated);
  plan_summaries_free(list, n);
  return updated;
}

Plan *cli_load_snapshot(Store *s, const char *plan, const char *name, Snapshot *sn) {
  char err[512];
  int rc = snapshot_get(s, plan, name, sn, err, sizeof err);
  if (rc < 0) fprintf(stderr, "shinchoku: %s\n", err);
  if (rc == 1)
    fprintf(stderr,
            "shinchoku: plan %s has no snapshot '%s' (see `shinchoku snapshot --plan %s"
            " --list`)\n",
            plan, name, plan);
  if (rc) return NULL;
  Errors errs = {0};
  Plan *p = xchg_plan_from_json(sn->document, sn->name, &errs);
  if (!p) {
    fprintf(stderr, "shinchoku: snapshot %s cannot be read back:\n", sn->name);
    errors_print(&errs, stderr);
    snapshot_clear(sn);
  }
  errors_free(&errs);
  return p;
}
