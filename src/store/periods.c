/* SPDX-License-Identifier: Apache-2.0 */
/*
** periods.c — reporting periods (staff.h): the secretariat opens and closes entry for a
** plan's fiscal year. A year never opened counts as closed. Every change is audited.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int period_set(Store *s, const char *plan, int year, int open, const Actor *who, char *err,
               size_t errlen) {
  Db *db = store_db(s);
  if (!plan || !*plan || year < 1900 || year > 9999) {
    snprintf(err, errlen, "a period needs a plan and a fiscal year");
    return -1;
  }
  char now[32];
  sq_now_iso(now, sizeof now);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return sq_end(db, own, may, err, errlen);
  int was = period_is_open(s, plan, year);
  DbStmt *st = sq_prepare(db, "INSERT INTO periods (plan, year, open, changed_at, changed_by)"
                              " VALUES (?,?,?,?,?) ON CONFLICT (plan, year) DO UPDATE SET"
                              " open = excluded.open, changed_at = excluded.changed_at,"
                              " changed_by = excluded.changed_by");
  int rc = st && was >= 0 ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, plan);
    db_bind_int64(st, 2, year);
    db_bind_int64(st, 3, open ? 1 : 0);
    sq_bind_text(st, 4, now);
    sq_bind_text(st, 5, who && who->login ? who->login : "unknown");
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc == 0)
    rc = audit_append(s, who, open ? "period.open" : "period.close", plan, NULL, year, "period",
                      was ? "open" : "closed", open ? "open" : "closed", NULL, err, errlen);
  if (rc) sq_fail(db, err, errlen, "changing a period");
  return sq_end(db, own, rc, err, errlen);
}

int period_is_open(Store *s, const char *plan, int year) {
  DbStmt *st = sq_prepare(store_db(s), "SELECT open FROM periods WHERE plan = ?1 AND year = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  int rc = db_step(st);
  int open = rc == DB_ROW ? db_col_int(st, 0) : rc == DB_DONE ? 0 : -1;
  db_finalize(st);
  return open;
}

int period_list(Store *s, const char *plan, Period **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT plan, year, open, changed_at, changed_by, due FROM periods"
                              " WHERE CAST(?1 AS TEXT) IS NULL OR plan = ?1 ORDER BY plan, year");
  if (!st) return sq_fail(db, err, errlen, "listing periods");
  sq_bind_text(st, 1, plan);
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    Period *p = &(*out)[(*n)++];
    p->plan = sq_col_strdup(st, 0);
    p->year = db_col_int(st, 1);
    p->open = db_col_int(st, 2);
    p->changed_at = sq_col_strdup(st, 3);
    p->changed_by = sq_col_strdup(st, 4);
    p->due = sq_col_strdup(st, 5);
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    periods_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "listing periods");
  }
  return 0;
}

void periods_free(Period *list, int n) {
  for (int i = 0; i < n; i++) {
    free(list[i].plan);
    free(list[i].changed_at);
    free(list[i].changed_by);
    free(list[i].due);
  }
  free(list);
}
