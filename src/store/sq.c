/* SPDX-License-Identifier: Apache-2.0 */
/*
** sq.c — helpers shared by the store's files (see sq.h).
*/
#include "sq.h"
#include "../model/util.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int sq_fail(Db *db, char *err, size_t errlen, const char *what) {
  snprintf(err, errlen, "store: %s: %s", what, db_error(db));
  return -1;
}

int sq_exec(Db *db, const char *sql, char *err, size_t errlen) {
  if (db_exec(db, sql) == 0) return 0;
  snprintf(err, errlen, "store: %s", db_error(db));
  return -1;
}

DbStmt *sq_prepare(Db *db, const char *sql) {
  return db_prepare(db, sql);
}

void sq_bind_text(DbStmt *st, int i, const char *s) {
  if (s)
    db_bind_text(st, i, s);
  else
    db_bind_null(st, i);
}

void sq_bind_year(DbStmt *st, int i, int y) {
  if (y)
    db_bind_int64(st, i, y);
  else
    db_bind_null(st, i);
}

void sq_bind_dec(DbStmt *st, int i, dec_t d) {
  if (dec_is_none(d))
    db_bind_null(st, i);
  else
    db_bind_int64(st, i, d);
}

dec_t sq_col_dec(DbStmt *st, int i) {
  return db_col_is_null(st, i) ? DEC_NONE : db_col_int64(st, i);
}

char *sq_col_strdup(DbStmt *st, int i) {
  const char *s = db_col_text(st, i);
  return s ? xstrdup(s) : NULL;
}

int sq_step_done(DbStmt *st) {
  int rc = db_step(st);
  db_reset(st);
  return rc == DB_DONE ? 0 : -1;
}

/* A statement with text parameters ?1 and ?2, or NULL. */
static DbStmt *prepare_texts(Db *db, const char *sql, const char *a, const char *b) {
  DbStmt *st = sq_prepare(db, sql);
  if (!st) return NULL;
  int n = db_param_count(st);
  if (n >= 1) sq_bind_text(st, 1, a);
  if (n >= 2) sq_bind_text(st, 2, b);
  return st;
}

int sq_run(Db *db, const char *sql, const char *a, const char *b) {
  DbStmt *st = prepare_texts(db, sql, a, b);
  int rc = st ? sq_step_done(st) : -1;
  db_finalize(st);
  return rc;
}

int sq_exists(Db *db, const char *sql, const char *a, const char *b) {
  DbStmt *st = prepare_texts(db, sql, a, b);
  int rc = st ? db_step(st) : DB_ERROR;
  db_finalize(st);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int sq_int64(Db *db, const char *sql, const char *a, const char *b, long long *out) {
  DbStmt *st = prepare_texts(db, sql, a, b);
  int rc = st ? db_step(st) : DB_ERROR;
  if (rc == DB_ROW) *out = db_col_int64(st, 0);
  db_finalize(st);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

void sq_now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int sq_begin(Db *db, int *own, char *err, size_t errlen) {
  *own = !db_in_transaction(db);
  if (!*own || db_begin(db, DB_WRITE) == 0) return 0;
  snprintf(err, errlen, "store: %s", db_error(db));
  return -1;
}

int sq_end(Db *db, int own, int rc, char *err, size_t errlen) {
  if (!own) return rc;
  if (rc == 0 && db_commit(db) == 0) return 0;
  if (rc == 0) snprintf(err, errlen, "store: %s", db_error(db));
  db_rollback(db);
  return rc ? rc : -1;
}
