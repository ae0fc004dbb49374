/* SPDX-License-Identifier: Apache-2.0 */
/*
** settings.c — values the installation keeps once for every process that opens the store
** (table settings, migration 13): the first process to ask for a name stores the value it
** brings, and every process after it, on any host, reads that one. The sign-in form's
** pre-token secret is one (src/web/pretoken.c), so that several servers behind one proxy
** accept each other's forms.
*/
#include "sq.h"
#include <stdio.h>
#include <string.h>

/* The value of name into out: 0, 1 when there is none (or it does not fit), -1 error. */
static int read_setting(Db *db, const char *name, char *out, size_t n) {
  DbStmt *st = sq_prepare(db, "SELECT value FROM settings WHERE name = ?1");
  if (!st) return -1;
  sq_bind_text(st, 1, name);
  int rc = db_step(st), found = 0;
  const char *v = rc == DB_ROW ? db_col_text(st, 0) : NULL;
  if (v && strlen(v) < n) {
    snprintf(out, n, "%s", v);
    found = 1;
  }
  db_finalize(st);
  return rc == DB_ROW || rc == DB_DONE ? !found : -1;
}

int store_setting_once(Store *s, const char *name, const char *fresh, char *out, size_t n,
                       char *err, size_t errlen) {
  Db *db = store_db(s);
  int rc = read_setting(db, name, out, n);
  if (rc == 1) {
    int own;
    if (sq_begin(db, &own, err, errlen)) return -1;
    /* another process may have stored it meanwhile: its value wins */
    rc = sq_run(db,
                "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                name, fresh);
    if (rc) sq_fail(db, err, errlen, "storing a setting");
    if (sq_end(db, own, rc, err, errlen)) return -1;
    rc = read_setting(db, name, out, n);
  }
  if (rc < 0) return sq_fail(db, err, errlen, "reading a setting");
  if (rc == 1) snprintf(err, errlen, "the setting %s is missing or too long", name);
  return rc ? -1 : 0;
}
