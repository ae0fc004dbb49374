/* SPDX-License-Identifier: Apache-2.0 */
/*
** policy_store.c — replacing a stored plan's evaluation policy (staff.h): the secretariat edits
** the policy in the browser. The caller has compiled the text; this stores it and audits the
** old and new text in one transaction.
*/
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int plan_set_policy(Store *s, const char *plan, const char *json, const char *reason,
                    const Actor *who, char *err, size_t errlen) {
  Db *db = store_db(s);
  char now[32];
  sq_now_iso(now, sizeof now);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return sq_end(db, own, may, err, errlen);
  DbStmt *st = sq_prepare(db, "SELECT policy FROM plans WHERE id = ?1");
  int rc = st ? 0 : -1, found = 0;
  char *old = NULL;
  if (st) {
    sq_bind_text(st, 1, plan);
    int step = db_step(st);
    found = step == DB_ROW;
    if (found) old = sq_col_strdup(st, 0);
    if (step != DB_ROW && step != DB_DONE) rc = -1;
  }
  db_finalize(st);
  if (rc == 0 && found) rc = sq_run(db, "UPDATE plans SET policy = ?2 WHERE id = ?1", plan, json);
  if (rc == 0 && found)
    rc = audit_append(s, who, "policy", plan, NULL, 0, "policy", old, json, reason, err, errlen);
  if (rc == 0 && found) rc = sq_bump_revision(db, plan);
  free(old);
  if (rc) sq_fail(db, err, errlen, "changing the policy");
  rc = sq_end(db, own, rc, err, errlen);
  return rc ? rc : found ? 0 : 1;
}
