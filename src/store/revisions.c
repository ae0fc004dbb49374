/* SPDX-License-Identifier: Apache-2.0 */
/*
** revisions.c — each plan's revision (the plan_revisions table): the store bumps it inside
** the transaction of every write that changes what the public site shows, and a server reads
** them all to learn which plans another process changed (src/web/watch.c).
*/
#include "sq.h"
#include <stdlib.h>
#include <string.h>

int sq_bump_revision(Db *db, const char *plan) {
  return sq_run(db,
                "INSERT INTO plan_revisions (plan, revision) VALUES (?1, 1)"
                " ON CONFLICT (plan) DO UPDATE SET revision = plan_revisions.revision + 1",
                plan, NULL);
}

int store_revisions(Store *s, PlanRevision **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT plan, revision FROM plan_revisions ORDER BY plan");
  if (!st) return sq_fail(db, err, errlen, "reading the plans' revisions");
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    (*out)[*n].plan = sq_col_strdup(st, 0);
    (*out)[*n].revision = db_col_int64(st, 1);
    (*n)++;
  }
  db_finalize(st);
  if (rc == DB_DONE) return 0;
  plan_revisions_free(*out, *n);
  *out = NULL;
  *n = 0;
  return sq_fail(db, err, errlen, "reading the plans' revisions");
}

void plan_revisions_free(PlanRevision *list, int n) {
  for (int i = 0; i < n; i++)
    free(list[i].plan);
  free(list);
}

int store_alive(Store *s) {
  return db_alive(store_db(s));
}
