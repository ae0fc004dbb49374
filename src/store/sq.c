/*
** sq.c — helpers shared by the SQLite store's files (see sq.h).
*/
#include "sq.h"
#include "../model/util.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* SQLite's message for the last error, with the operating system's reason when the file
   system failed ("disk I/O error (No space left on device)"), into buf. */
static const char *sq_errmsg(sqlite3 *db, const char *msg, char *buf, size_t n) {
  int code = sqlite3_errcode(db) & 0xff, sys = sqlite3_system_errno(db);
  int io = code == SQLITE_IOERR || code == SQLITE_FULL; /* errno is stale for the others */
  if (io && sys)
    snprintf(buf, n, "%s (%s)", msg ? msg : sqlite3_errmsg(db), strerror(sys));
  else
    snprintf(buf, n, "%s", msg ? msg : sqlite3_errmsg(db));
  return buf;
}

int sq_fail(sqlite3 *db, char *err, size_t errlen, const char *what) {
  char why[300];
  snprintf(err, errlen, "store: %s: %s", what, sq_errmsg(db, NULL, why, sizeof why));
  return -1;
}

int sq_exec(sqlite3 *db, const char *sql, char *err, size_t errlen) {
  char *msg = NULL, why[300];
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
  snprintf(err, errlen, "store: %s", sq_errmsg(db, msg, why, sizeof why));
  sqlite3_free(msg);
  return -1;
}

sqlite3_stmt *sq_prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  return st;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

void sq_bind_year(sqlite3_stmt *st, int i, int y) {
  if (y)
    sqlite3_bind_int(st, i, y);
  else
    sqlite3_bind_null(st, i);
}

void sq_bind_dec(sqlite3_stmt *st, int i, dec_t d) {
  if (dec_is_none(d))
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_int64(st, i, d);
}

dec_t sq_col_dec(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? DEC_NONE : sqlite3_column_int64(st, i);
}

char *sq_col_strdup(sqlite3_stmt *st, int i) {
  const char *s = (const char *)sqlite3_column_text(st, i);
  return s ? xstrdup(s) : NULL;
}

int sq_step_done(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* A statement with text parameters ?1 and ?2, or NULL. */
static sqlite3_stmt *prepare_texts(sqlite3 *db, const char *sql, const char *a, const char *b) {
  sqlite3_stmt *st = sq_prepare(db, sql);
  if (!st) return NULL;
  int n = sqlite3_bind_parameter_count(st);
  if (n >= 1) sq_bind_text(st, 1, a);
  if (n >= 2) sq_bind_text(st, 2, b);
  return st;
}

int sq_run(sqlite3 *db, const char *sql, const char *a, const char *b) {
  sqlite3_stmt *st = prepare_texts(db, sql, a, b);
  int rc = st ? sq_step_done(st) : -1;
  sqlite3_finalize(st);
  return rc;
}

int sq_exists(sqlite3 *db, const char *sql, const char *a, const char *b) {
  sqlite3_stmt *st = prepare_texts(db, sql, a, b);
  int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void sq_now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int sq_begin(sqlite3 *db, int *own, char *err, size_t errlen) {
  *own = sqlite3_get_autocommit(db) != 0;
  return *own ? sq_exec(db, "BEGIN IMMEDIATE", err, errlen) : 0;
}

int sq_end(sqlite3 *db, int own, int rc, char *err, size_t errlen) {
  if (!own) return rc;
  if (rc == 0 && sq_exec(db, "COMMIT", err, errlen) == 0) return 0;
  char ignore[8];
  sq_exec(db, "ROLLBACK", ignore, sizeof ignore);
  return rc ? rc : -1;
}
