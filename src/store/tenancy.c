/* SPDX-License-Identifier: Apache-2.0 */
/*
** tenancy.c — municipalities and who may act for which (staff.h, docs/store.md "Tenancy"):
** the registered municipalities (6-digit 全国地方公共団体コード), the municipality an actor acts
** for, and the one check every workflow function makes before it reads drafts or writes:
** the actor's municipality against the plan's. An actor through the web is an account: its
** municipality, or the installation for an admin without one. Any other actor (the command
** line, an import) acts for the installation: whoever can open the database can change it
** anyway, as `shinchoku sql` shows.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int municipality_code_valid(const char *code) {
  if (!code || strlen(code) != 6) return 0;
  for (int i = 0; i < 6; i++)
    if (code[i] < '0' || code[i] > '9') return 0;
  return 1;
}

static int forbid(char *err, size_t errlen, const char *why) {
  snprintf(err, errlen, "forbidden: %s", why);
  return STAFF_FORBIDDEN;
}

int sq_actor_municipality(Db *db, const Actor *who, char *code, char *err, size_t errlen) {
  code[0] = '\0';
  if (!who || !who->login) return forbid(err, errlen, "no actor");
  if (!who->via || strcmp(who->via, "web") != 0) return 0;
  DbStmt *st = sq_prepare(db, "SELECT role, municipality, disabled FROM users WHERE login = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading an account's municipality");
  sq_bind_text(st, 1, who->login);
  int rc = db_step(st);
  int out = 0;
  if (rc == DB_ROW) {
    const char *role = db_col_text(st, 0), *m = db_col_text(st, 1);
    if (db_col_int(st, 2))
      out = forbid(err, errlen, "the account is disabled");
    else if (m)
      snprintf(code, MUNICIPALITY_CODE_LEN + 1, "%s", m);
    else if (!role || strcmp(role, "admin") != 0)
      out = forbid(err, errlen, "the account belongs to no municipality");
  } else if (rc == DB_DONE) {
    out = forbid(err, errlen, "no such account");
  } else {
    out = sq_fail(db, err, errlen, "reading an account's municipality");
  }
  db_finalize(st);
  return out;
}

/* The municipality of a stored plan into code: 0, 1 when there is no such plan, -1 error. */
static int plan_municipality(Db *db, const char *plan, char *code) {
  DbStmt *st = sq_prepare(db, "SELECT municipality_code FROM plans WHERE id = ?1");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    const char *m = db_col_text(st, 0);
    snprintf(code, MUNICIPALITY_CODE_LEN + 1, "%s", m ? m : "");
  }
  db_finalize(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int sq_may_code(Db *db, const Actor *who, const char *code, char *err, size_t errlen) {
  char mine[MUNICIPALITY_CODE_LEN + 1];
  int rc = sq_actor_municipality(db, who, mine, err, errlen);
  if (rc || !mine[0]) return rc;
  return code && strcmp(code, mine) == 0 ? 0 : forbid(err, errlen, "another municipality");
}

int sq_may_plan(Db *db, const Actor *who, const char *plan, char *err, size_t errlen) {
  char mine[MUNICIPALITY_CODE_LEN + 1], theirs[MUNICIPALITY_CODE_LEN + 1];
  int rc = sq_actor_municipality(db, who, mine, err, errlen);
  if (rc || !mine[0]) return rc;
  rc = plan ? plan_municipality(db, plan, theirs) : 1;
  if (rc < 0) return sq_fail(db, err, errlen, "reading a plan's municipality");
  if (rc == 1) return forbid(err, errlen, "no such plan");
  return strcmp(theirs, mine) == 0 ? 0 : forbid(err, errlen, "the plan of another municipality");
}

int staff_may_plan(Store *s, const Actor *who, const char *plan, char *err, size_t errlen) {
  return sq_may_plan(store_db(s), who, plan, err, errlen);
}

int staff_actor_municipality(Store *s, const Actor *who, char *code, char *err, size_t errlen) {
  return sq_actor_municipality(store_db(s), who, code, err, errlen);
}

int sq_municipality_register(Db *db, const char *code, const char *name, const Actor *who,
                             char *err, size_t errlen) {
  int rc = sq_exists(db, "SELECT 1 FROM municipalities WHERE code = ?1", code, NULL);
  if (rc != 0) return rc < 0 ? sq_fail(db, err, errlen, "reading municipalities") : 1;
  if (sq_run(db, "INSERT INTO municipalities (code, name) VALUES (?1, ?2)", code,
             name && *name ? name : code))
    return sq_fail(db, err, errlen, "adding a municipality");
  if (!who) return 0;
  AuditWriter w;
  if (audit_writer_open(db, &w)) return sq_fail(db, err, errlen, "adding a municipality");
  rc = audit_writer_add(&w, who, "municipality.add", NULL, code, 0, "name", NULL,
                        name && *name ? name : code, NULL);
  audit_writer_close(&w);
  return rc ? sq_fail(db, err, errlen, "adding a municipality") : 0;
}

int municipality_add(Store *s, const char *code, const char *name, const Actor *who, char *err,
                     size_t errlen) {
  Db *db = store_db(s);
  if (!municipality_code_valid(code)) {
    snprintf(err, errlen, "a municipality code is 6 digits (全国地方公共団体コード)");
    return -1;
  }
  if (!name || !*name) {
    snprintf(err, errlen, "a municipality needs a name");
    return -1;
  }
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  char mine[MUNICIPALITY_CODE_LEN + 1];
  int rc = sq_actor_municipality(db, who, mine, err, errlen);
  if (rc == 0 && mine[0]) rc = forbid(err, errlen, "only the installation adds municipalities");
  if (rc == 0) rc = sq_municipality_register(db, code, name, who, err, errlen);
  if (rc == 1) snprintf(err, errlen, "the municipality %s is registered already", code);
  return sq_end(db, own, rc, err, errlen);
}

int municipality_list(Store *s, Municipality **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT m.code, m.name, (SELECT count(*) FROM plans"
                              " WHERE municipality_code = m.code) FROM municipalities m"
                              " ORDER BY m.code");
  if (!st) return sq_fail(db, err, errlen, "listing municipalities");
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    Municipality *m = &(*out)[(*n)++];
    m->code = sq_col_strdup(st, 0);
    m->name = sq_col_strdup(st, 1);
    m->nplans = db_col_int(st, 2);
  }
  db_finalize(st);
  if (rc == DB_DONE) return 0;
  municipalities_free(*out, *n);
  *out = NULL;
  *n = 0;
  return sq_fail(db, err, errlen, "listing municipalities");
}

void municipalities_free(Municipality *list, int n) {
  for (int i = 0; i < n; i++) {
    free(list[i].code);
    free(list[i].name);
  }
  free(list);
}
