/* SPDX-License-Identifier: Apache-2.0 */
/*
** publish.c — publication (publish.h): the secretariat publishes or withdraws the results
** of a plan's fiscal year. Every change is audited; the public site reads the list when it
** loads a plan.
*/
#include "publish.h"
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 published, 0 not, -1 error. */
static int is_published(Db *db, const char *plan, int year) {
  DbStmt *st = sq_prepare(db, "SELECT 1 FROM published WHERE plan = ?1 AND year = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  int rc = db_step(st);
  db_finalize(st);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int write_row(Db *db, const char *plan, int year, int on, const Actor *who) {
  char now[32];
  sq_now_iso(now, sizeof now);
  DbStmt *st = sq_prepare(db, on ? "INSERT INTO published (plan, year, published_at, published_by)"
                                   " VALUES (?1, ?2, ?3, ?4)"
                                 : "DELETE FROM published WHERE plan = ?1 AND year = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  if (on) {
    sq_bind_text(st, 3, now);
    sq_bind_text(st, 4, who && who->login ? who->login : "unknown");
  }
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* Inside the caller's transaction: publish or withdraw, and audit. */
static int change(Store *s, const char *plan, int year, int on, const Actor *who, char *err,
                  size_t errlen) {
  Db *db = store_db(s);
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return may;
  int was = is_published(db, plan, year);
  if (was < 0) return -1;
  if (was == on) return 1;
  if (write_row(db, plan, year, on, who) || sq_bump_revision(db, plan)) return -1;
  return audit_append(s, who, on ? "publish" : "unpublish", plan, NULL, year, "published",
                      on ? "draft" : "published", on ? "published" : "draft", NULL, err, errlen);
}

int publish_set(Store *s, const char *plan, int year, int on, const Actor *who, char *err,
                size_t errlen) {
  Db *db = store_db(s);
  if (!plan || !*plan || year < 1900 || year > 9999) {
    snprintf(err, errlen, "publishing needs a plan and a fiscal year");
    return -1;
  }
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = change(s, plan, year, on, who, err, errlen);
  if (rc < 0) sq_fail(db, err, errlen, on ? "publishing a year" : "withdrawing a year");
  int end = sq_end(db, own, rc == 1 ? 0 : rc, err, errlen);
  return end ? end : rc;
}

/* Whether p has a result in year: an actual, a projection or a grade set by people. */
static int has_result(const Plan *p, int year) {
  for (int i = 0; i < p->nvalues; i++)
    if (p->values[i].year == year && p->values[i].kind != VK_TARGET) return 1;
  for (int i = 0; i < p->ngrades; i++)
    if (p->grades[i].year == year) return 1;
  return 0;
}

int publish_years_with_results(Store *s, const Plan *p, const Actor *who, char *err,
                               size_t errlen) {
  Db *db = store_db(s);
  int own, rc = 0;
  if (sq_begin(db, &own, err, errlen)) return -1;
  for (int y = p->first_year; rc == 0 && y <= p->last_year; y++)
    if (has_result(p, y) && change(s, p->id, y, 1, who, err, errlen) < 0) rc = -1;
  if (rc) sq_fail(db, err, errlen, "publishing the imported years");
  return sq_end(db, own, rc, err, errlen);
}

int publish_list(Store *s, const char *plan, Published **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT plan, year, published_at, published_by FROM published"
                              " WHERE CAST(?1 AS TEXT) IS NULL OR plan = ?1 ORDER BY plan, year");
  if (!st) return sq_fail(db, err, errlen, "listing published years");
  sq_bind_text(st, 1, plan);
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    Published *p = &(*out)[(*n)++];
    p->plan = sq_col_strdup(st, 0);
    p->year = db_col_int(st, 1);
    p->at = sq_col_strdup(st, 2);
    p->by = sq_col_strdup(st, 3);
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    published_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "listing published years");
  }
  return 0;
}

void published_free(Published *list, int n) {
  for (int i = 0; i < n; i++) {
    free(list[i].plan);
    free(list[i].at);
    free(list[i].by);
  }
  free(list);
}
