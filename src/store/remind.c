/* SPDX-License-Identifier: Apache-2.0 */
/*
** remind.c — the entry round's dates and reminders (staff.h): a period's due date, the mail
** address of an account, the addresses of a department's clerks, and the audited record of
** each reminder sent (`shinchoku period remind` sends them, src/web/mail.c writes the mail).
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int period_due(Store *s, const char *plan, int year, char *buf, size_t len) {
  DbStmt *st = sq_prepare(store_db(s), "SELECT due FROM periods WHERE plan = ?1 AND year = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  int rc = db_step(st), found = 1;
  if (rc == DB_ROW && !db_col_is_null(st, 0)) {
    char *due = sq_col_strdup(st, 0);
    snprintf(buf, len, "%s", due ? due : "");
    free(due);
    found = 0;
  } else if (rc != DB_ROW && rc != DB_DONE) {
    found = -1;
  }
  db_finalize(st);
  return found;
}

int period_set_due(Store *s, const char *plan, int year, const char *due, const Actor *who,
                   char *err, size_t errlen) {
  Db *db = store_db(s);
  char now[32], old[16] = "";
  sq_now_iso(now, sizeof now);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return sq_end(db, own, may, err, errlen);
  int had = period_due(s, plan, year, old, sizeof old);
  /* a period never opened gets its row, closed, so that the date is kept */
  DbStmt *st = sq_prepare(db, "INSERT INTO periods (plan, year, open, changed_at, changed_by, due)"
                              " VALUES (?1, ?2, 0, ?3, ?4, ?5) ON CONFLICT (plan, year) DO UPDATE"
                              " SET due = excluded.due");
  int rc = st && had >= 0 ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, plan);
    db_bind_int64(st, 2, year);
    sq_bind_text(st, 3, now);
    sq_bind_text(st, 4, who && who->login ? who->login : "unknown");
    sq_bind_text(st, 5, due);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc == 0)
    rc = audit_append(s, who, "period.due", plan, NULL, year, "due", had == 0 ? old : NULL, due,
                      NULL, err, errlen);
  if (rc) sq_fail(db, err, errlen, "setting a due date");
  return sq_end(db, own, rc, err, errlen);
}

/* Whether who may change the account login: one of who's municipality, or any for the
   installation. 0, 1 when there is no such account, STAFF_FORBIDDEN, -1. */
static int may_change_account(Db *db, const char *login, const Actor *who, char *err,
                              size_t errlen) {
  DbStmt *st = sq_prepare(db, "SELECT municipality FROM users WHERE login = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading an account");
  sq_bind_text(st, 1, login);
  int rc = db_step(st);
  char *code = rc == DB_ROW ? sq_col_strdup(st, 0) : NULL;
  db_finalize(st);
  if (rc == DB_DONE) {
    snprintf(err, errlen, "no account '%s'", login);
    return 1;
  }
  if (rc != DB_ROW) return sq_fail(db, err, errlen, "reading an account");
  char mine[MUNICIPALITY_CODE_LEN + 1] = "";
  int may = code ? sq_may_code(db, who, code, err, errlen)
                 : sq_actor_municipality(db, who, mine, err, errlen);
  if (!code && may == 0 && mine[0]) {
    snprintf(err, errlen, "only the installation changes the installation's accounts");
    may = STAFF_FORBIDDEN;
  }
  free(code);
  return may;
}

int user_set_email(Store *s, const char *login, const char *email, const Actor *who, char *err,
                   size_t errlen) {
  Db *db = store_db(s);
  int own;
  err[0] = '\0';
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = may_change_account(db, login, who, err, errlen);
  if (rc) return sq_end(db, own, rc, err, errlen);
  DbStmt *st = sq_prepare(db, "UPDATE users SET email = ?2 WHERE login = ?1");
  rc = st ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, login);
    sq_bind_text(st, 2, email);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc == 0 && db_changes(db) == 0) rc = 1;
  if (rc == 0)
    rc =
        audit_append(s, who, "user.email", NULL, login, 0, "email", NULL, email, NULL, err, errlen);
  if (rc < 0 && !err[0]) sq_fail(db, err, errlen, "setting a mail address");
  if (rc == 1) snprintf(err, errlen, "no account '%s'", login);
  return sq_end(db, own, rc, err, errlen);
}

int department_emails(Store *s, const char *dept, char ***out, char *err, size_t errlen) {
  Db *db = store_db(s);
  DbStmt *st = sq_prepare(db, "SELECT u.email FROM users u JOIN user_departments d"
                              " ON d.login = u.login WHERE d.department = ?1 AND u.disabled = 0"
                              " AND u.role = 'editor' AND u.email IS NOT NULL AND u.email <> ''"
                              " ORDER BY u.login");
  *out = NULL;
  if (!st) return sq_fail(db, err, errlen, "reading mail addresses");
  sq_bind_text(st, 1, dept);
  char **list = xcalloc(1, sizeof *list);
  int n = 0, cap = 1, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (n + 1 >= cap) {
      cap *= 2;
      list = xrealloc(list, (size_t)cap * sizeof *list);
    }
    list[n++] = sq_col_strdup(st, 0);
    list[n] = NULL;
  }
  db_finalize(st);
  if (rc != DB_DONE) {
    emails_free(list);
    return sq_fail(db, err, errlen, "reading mail addresses");
  }
  *out = list;
  return 0;
}

void emails_free(char **list) {
  for (int i = 0; list && list[i]; i++)
    free(list[i]);
  free(list);
}

int remind_record(Store *s, const char *plan, int year, const char *dept, const char *recipients,
                  const char *why, const Actor *who, char *err, size_t errlen) {
  int may = sq_may_plan(store_db(s), who, plan, err, errlen);
  if (may) return may;
  return audit_append(s, who, "period.remind", plan, dept, year, "reminder", NULL, recipients, why,
                      err, errlen);
}

/* The moment today began in Japan (00:00 JST), as the audit trail writes times (UTC). */
static void jst_midnight_utc(char *buf, size_t n) {
  time_t t = time(NULL) + 9 * 3600;
  t -= t % 86400;
  t -= 9 * 3600;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int remind_sent_today(Store *s, const char *plan, int year, const char *dept, char *err,
                      size_t errlen) {
  Db *db = store_db(s);
  char since[32];
  jst_midnight_utc(since, sizeof since);
  DbStmt *st = sq_prepare(db, "SELECT count(*) FROM audit WHERE action = 'period.remind'"
                              " AND plan = ?1 AND year = ?2 AND subject = ?3 AND at >= ?4");
  if (!st) return sq_fail(db, err, errlen, "reading the reminders sent");
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  sq_bind_text(st, 3, dept);
  sq_bind_text(st, 4, since);
  int rc = db_step(st);
  long long n = rc == DB_ROW ? db_col_int64(st, 0) : 0;
  db_finalize(st);
  if (rc != DB_ROW) return sq_fail(db, err, errlen, "reading the reminders sent");
  return n > 0;
}
