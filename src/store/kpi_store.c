/* SPDX-License-Identifier: Apache-2.0 */
/*
** kpi_store.c — the indicators' shared KPI codes in the store (table indicator_kpis, migration
** 11; docs/compare.md). Saved and loaded with the plan inside its transaction, deleted and
** re-inserted on every save as its other rows are; and looked up by code for a comparison.
*/
#include "kpi_store.h"
#include "sq.h"
#include <stdlib.h>
#include <string.h>

int sq_load_kpis(Db *db, Plan *p) {
  DbStmt *st = sq_prepare(db, "SELECT indicator, kpi FROM indicator_kpis WHERE plan = ?1");
  if (!st) return -1;
  db_bind_text(st, 1, p->id);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    int i = plan_indicator(p, db_col_text(st, 0));
    if (i >= 0) p->inds[i].kpi = plan_str(p, db_col_text(st, 1));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

int sq_delete_kpis(Db *db, const char *plan) {
  return sq_run(db, "DELETE FROM indicator_kpis WHERE plan = ?1", plan, NULL);
}

int sq_save_kpis(Db *db, const Plan *p) {
  DbStmt *st = sq_prepare(db, "INSERT INTO indicator_kpis (plan, indicator, kpi) VALUES (?,?,?)");
  int rc = st ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ninds; i++) {
    if (!p->inds[i].kpi) continue;
    sq_bind_text(st, 1, p->id);
    sq_bind_text(st, 2, p->inds[i].id);
    sq_bind_text(st, 3, p->inds[i].kpi);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

static int use_cmp(const void *a, const void *b) {
  const KpiUse *x = a, *y = b;
  int c = strcmp(x->plan, y->plan);
  return c ? c : strcmp(x->indicator, y->indicator);
}

int store_kpi_uses(Store *s, const char *code, KpiUse **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT plan, indicator FROM indicator_kpis WHERE kpi = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading KPI codes");
  db_bind_text(st, 1, code);
  int step, cap = 0;
  while ((step = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    (*out)[(*n)++] = (KpiUse){xstrdup(db_col_text(st, 0)), xstrdup(db_col_text(st, 1))};
  }
  db_finalize(st);
  if (step != DB_DONE) {
    kpi_uses_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "reading KPI codes");
  }
  if (*n) qsort(*out, (size_t)*n, sizeof **out, use_cmp);
  return 0;
}

void kpi_uses_free(KpiUse *uses, int n) {
  for (int i = 0; i < n; i++) {
    free(uses[i].plan);
    free(uses[i].indicator);
  }
  free(uses);
}
