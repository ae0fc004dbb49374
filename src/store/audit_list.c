/* SPDX-License-Identifier: Apache-2.0 */
/*
** audit_list.c — reading the audit trail (staff.h audit_list): rows filtered by chain, plan,
** subject, actor, action and year, newest first, under tenancy: an actor of a municipality
** reads only its municipality's chain, and a filter naming anything of another is refused
** (STAFF_FORBIDDEN) before a row is read. Appending and verifying are audit.c.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_row(DbStmt *st, AuditRow *r) {
  r->chain = sq_col_strdup(st, 13);
  if (!r->chain) r->chain = xstrdup("");
  r->seq = db_col_int64(st, 0);
  r->at = sq_col_strdup(st, 1);
  r->actor = sq_col_strdup(st, 2);
  r->via = sq_col_strdup(st, 3);
  r->action = sq_col_strdup(st, 4);
  r->plan = sq_col_strdup(st, 5);
  r->subject = sq_col_strdup(st, 6);
  r->year = db_col_int(st, 7);
  r->field = sq_col_strdup(st, 8);
  r->old_value = sq_col_strdup(st, 9);
  r->new_value = sq_col_strdup(st, 10);
  r->reason = sq_col_strdup(st, 11);
  r->hash = sq_col_strdup(st, 12);
}

#define AUDIT_COLUMNS                                                                              \
  "SELECT seq, at, actor, via, action, plan, subject, year, field, old, new, reason, hash,"        \
  " chain FROM audit"

static int forbid(char *err, size_t errlen, const char *why) {
  snprintf(err, errlen, "forbidden: %s", why);
  return STAFF_FORBIDDEN;
}

/* Whether who may read the rows f asks for, and the chain they are limited to (mine: "" for
   the installation, which reads every chain): 0, STAFF_FORBIDDEN or -1. */
static int may_read(Db *db, const Actor *who, const AuditFilter *f, char *mine, char *err,
                    size_t errlen) {
  int rc = sq_actor_municipality(db, who, mine, err, errlen);
  if (rc || !mine[0] || !f) return rc;
  if (f->chain && strcmp(f->chain, mine) != 0)
    return forbid(err, errlen, "the audit chain of another municipality");
  if (f->plan && (rc = sq_may_plan(db, who, f->plan, err, errlen)) != 0) return rc;
  if (!f->actor) return 0;
  DbStmt *st = sq_prepare(db, "SELECT municipality FROM users WHERE login = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading an account's municipality");
  sq_bind_text(st, 1, f->actor);
  int step = db_step(st);
  const char *theirs = step == DB_ROW ? db_col_text(st, 0) : NULL;
  rc = step != DB_ROW && step != DB_DONE ? sq_fail(db, err, errlen, "reading an account")
       : theirs && strcmp(theirs, mine) == 0
           ? 0
           : forbid(err, errlen, "the actions of an account of another municipality");
  db_finalize(st);
  return rc;
}

/* The statement for f, limited to chain when it is not NULL; every value is bound, never
   pasted. Only the filters given become conditions, so the indexes on (chain, seq),
   (plan, subject) and actor serve them. */
static DbStmt *list_statement(Db *db, const AuditFilter *f, const char *chain) {
  Buf sql = {0};
  buf_put(&sql, AUDIT_COLUMNS " WHERE 1 = 1");
  if (chain) buf_put(&sql, " AND chain = ?7");
  if (f && f->plan) buf_put(&sql, " AND plan = ?1");
  if (f && f->subject) buf_put(&sql, " AND subject = ?2");
  if (f && f->actor) buf_put(&sql, " AND actor = ?3");
  if (f && f->action_prefix) buf_put(&sql, " AND substr(action, 1, length(CAST(?4 AS TEXT))) = ?4");
  if (f && f->year) buf_put(&sql, " AND year = ?5");
  buf_put(&sql, chain ? " ORDER BY seq DESC" : " ORDER BY at DESC, chain, seq DESC");
  if (f && f->limit > 0) buf_put(&sql, " LIMIT ?6");
  DbStmt *st = sq_prepare(db, sql.s);
  buf_free(&sql);
  if (st && f) {
    sq_bind_text(st, 1, f->plan);
    sq_bind_text(st, 2, f->subject);
    sq_bind_text(st, 3, f->actor);
    sq_bind_text(st, 4, f->action_prefix);
    db_bind_int64(st, 5, f->year);
    db_bind_int64(st, 6, f->limit);
  }
  if (st && chain) sq_bind_text(st, 7, chain);
  return st;
}

int audit_list(Store *s, const Actor *who, const AuditFilter *f, AuditRow **out, int *n, char *err,
               size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  char mine[MUNICIPALITY_CODE_LEN + 1];
  int rc = may_read(db, who, f, mine, err, errlen);
  if (rc) return rc;
  DbStmt *st = list_statement(db, f, mine[0] ? mine : f ? f->chain : NULL);
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  int cap = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    read_row(st, &(*out)[(*n)++]);
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    audit_rows_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "reading the audit trail");
  }
  return 0;
}

static void audit_row_clear(AuditRow *r) {
  free(r->chain);
  free(r->at);
  free(r->actor);
  free(r->via);
  free(r->action);
  free(r->plan);
  free(r->subject);
  free(r->field);
  free(r->old_value);
  free(r->new_value);
  free(r->reason);
  free(r->hash);
}

void audit_rows_free(AuditRow *list, int n) {
  for (int i = 0; i < n; i++)
    audit_row_clear(&list[i]);
  free(list);
}
