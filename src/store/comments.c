/* SPDX-License-Identifier: Apache-2.0 */
/*
** comments.c — remarks of reviewers and the secretariat on a node or indicator in a year
** (staff.h). Comments are only ever added; each is also audited.
*/
#include "../model/text.h"
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int comment_add(Store *s, const char *plan, const char *subject, int year, const char *text,
                const Actor *who, char *err, size_t errlen) {
  Db *db = store_db(s);
  if (!plan || !*plan || !subject || !*subject || year < 1900 || year > 9999) {
    snprintf(err, errlen, "a comment needs a plan, a subject and a fiscal year");
    return -1;
  }
  if (text_is_blank(text)) {
    snprintf(err, errlen, "a comment needs text");
    return -1;
  }
  char now[32];
  sq_now_iso(now, sizeof now);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return sq_end(db, own, may, err, errlen);
  DbStmt *st = sq_prepare(db, "INSERT INTO comments (plan, subject, year, author, at, text)"
                              " VALUES (?,?,?,?,?,?)");
  int rc = st ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, plan);
    sq_bind_text(st, 2, subject);
    db_bind_int64(st, 3, year);
    sq_bind_text(st, 4, who && who->login ? who->login : "unknown");
    sq_bind_text(st, 5, now);
    sq_bind_text(st, 6, text);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc == 0)
    rc = audit_append(s, who, "comment", plan, subject, year, "comment", NULL, text, NULL, err,
                      errlen);
  if (rc) sq_fail(db, err, errlen, "adding a comment");
  return sq_end(db, own, rc, err, errlen);
}

int comment_list(Store *s, const Actor *who, const char *plan, int year, const char *subject,
                 Comment **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return may;
  DbStmt *st = sq_prepare(db, "SELECT id, plan, subject, year, author, at, text FROM comments"
                              " WHERE plan = ?1 AND year = ?2"
                              " AND (CAST(?3 AS TEXT) IS NULL OR subject = ?3) ORDER BY id");
  if (!st) return sq_fail(db, err, errlen, "listing comments");
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  sq_bind_text(st, 3, subject);
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    Comment *c = &(*out)[(*n)++];
    c->id = db_col_int64(st, 0);
    c->plan = sq_col_strdup(st, 1);
    c->subject = sq_col_strdup(st, 2);
    c->year = db_col_int(st, 3);
    c->author = sq_col_strdup(st, 4);
    c->at = sq_col_strdup(st, 5);
    c->text = sq_col_strdup(st, 6);
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    comments_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "listing comments");
  }
  return 0;
}

void comments_free(Comment *list, int n) {
  for (int i = 0; i < n; i++) {
    free(list[i].plan);
    free(list[i].subject);
    free(list[i].author);
    free(list[i].at);
    free(list[i].text);
  }
  free(list);
}
