/* SPDX-License-Identifier: Apache-2.0 */
/*
** accounts.c — staff accounts (staff.h): roles, password hashing with Argon2id (libargon2),
** adding and changing accounts, and sign-in with failure counting and locking. Sessions are
** in sessions.c. Every change to an account is audited; passwords and their hashes never
** reach the audit trail or any message.
*/
#include "../model/text.h"
#include "../model/util.h"
#include "sq.h"
#include <argon2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const role_names[ROLE__COUNT] = {"", "admin", "editor", "reviewer"};
const char *const role_words[ROLE__COUNT] = {"", "事務局", "所管課", "委員"};

enum { ARGON_T = 3, ARGON_M_KIB = 64 * 1024, ARGON_P = 1, SALT_LEN = 16, TAG_LEN = 32 };

void user_free(User *u) {
  if (!u) return;
  free(u->login);
  free(u->name);
  free(u->created_at);
  free(u->municipality);
  for (int i = 0; i < u->ndepts; i++)
    free(u->depts[i]);
  free(u->depts);
  memset(u, 0, sizeof *u);
}

void users_free(User *list, int n) {
  for (int i = 0; i < n; i++)
    user_free(&list[i]);
  free(list);
}

int user_in_municipality(const User *u, const char *code) {
  if (!u->municipality) return u->role == ROLE_ADMIN;
  return code && strcmp(u->municipality, code) == 0;
}

int user_has_department(const User *u, const char *code, const char *dept) {
  if (!user_in_municipality(u, code)) return 0;
  if (u->role == ROLE_ADMIN) return 1;
  if (u->role != ROLE_EDITOR || !dept) return 0;
  for (int i = 0; i < u->ndepts; i++)
    if (strcmp(u->depts[i], dept) == 0) return 1;
  return 0;
}

/* ---- passwords ---------------------------------------------------------------------------- */

int password_hash(const char *password, char *encoded, size_t cap) {
  unsigned char salt[SALT_LEN];
  if (random_bytes(salt, sizeof salt)) return -1;
  int rc = argon2id_hash_encoded(ARGON_T, ARGON_M_KIB, ARGON_P, password, strlen(password), salt,
                                 sizeof salt, TAG_LEN, encoded, cap);
  return rc == ARGON2_OK ? 0 : -1;
}

int password_verify(const char *encoded, const char *password) {
  if (!encoded || strncmp(encoded, "$argon2id$", 10) != 0) return 0;
  return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

/* The hash an unknown login is checked against, so that a wrong login costs as much time as
   a wrong password. Made once, of a random password. */
static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy_hash(void) {
  unsigned char r[16];
  char pw[2 * sizeof r + 1];
  if (random_bytes(r, sizeof r)) memset(r, 'x', sizeof r);
  hex_encode(r, sizeof r, pw);
  if (password_hash(pw, dummy_hash, sizeof dummy_hash)) dummy_hash[0] = '\0';
}

/* ---- reading accounts --------------------------------------------------------------------- */

#define USER_COLUMNS                                                                               \
  "SELECT login, name, role, disabled, failures, locked_until, created_at, municipality"

static void read_user(DbStmt *st, User *u) {
  memset(u, 0, sizeof *u);
  u->login = sq_col_strdup(st, 0);
  u->name = sq_col_strdup(st, 1);
  u->role = enum_lookup(role_names, ROLE__COUNT, db_col_text(st, 2));
  if (u->role < 0) u->role = ROLE_NONE;
  u->disabled = db_col_int(st, 3);
  u->failures = db_col_int(st, 4);
  u->locked_until = db_col_int64(st, 5);
  u->created_at = sq_col_strdup(st, 6);
  u->municipality = sq_col_strdup(st, 7);
}

static int read_departments(Db *db, User *u) {
  DbStmt *st = sq_prepare(db, "SELECT department FROM user_departments WHERE login = ?1"
                              " ORDER BY department");
  if (!st) return -1;
  sq_bind_text(st, 1, u->login);
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(u->depts, u->ndepts, cap);
    u->depts[u->ndepts++] = sq_col_strdup(st, 0);
  }
  db_finalize(st);
  return rc == DB_DONE ? 0 : -1;
}

int user_get(Store *s, const char *login, User *out, char *err, size_t errlen) {
  Db *db = store_db(s);
  memset(out, 0, sizeof *out);
  DbStmt *st = sq_prepare(db, USER_COLUMNS " FROM users WHERE login = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading an account");
  sq_bind_text(st, 1, login);
  int rc = db_step(st);
  if (rc == DB_ROW) read_user(st, out);
  db_finalize(st);
  if (rc == DB_DONE) return 1;
  if (rc != DB_ROW || read_departments(db, out)) {
    user_free(out);
    return sq_fail(db, err, errlen, "reading an account");
  }
  return 0;
}

int user_list(Store *s, User **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, USER_COLUMNS " FROM users ORDER BY login");
  if (!st) return sq_fail(db, err, errlen, "listing accounts");
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    read_user(st, &(*out)[(*n)++]);
  }
  db_finalize(st);
  for (int i = 0; rc == DB_DONE && i < *n; i++)
    if (read_departments(db, &(*out)[i])) rc = DB_ERROR;
  if (rc != DB_DONE) {
    users_free(*out, *n);
    *out = NULL;
    *n = 0;
    return sq_fail(db, err, errlen, "listing accounts");
  }
  return 0;
}

/* ---- changing accounts -------------------------------------------------------------------- */

static int login_valid(const char *login) {
  size_t n = login ? strlen(login) : 0;
  if (n < 1 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-", login[i]))
      return 0;
  return 1;
}

static int check_new_user(const char *login, int role, const char *const *depts, int ndepts,
                          const char *municipality, const char *password, char *err,
                          size_t errlen) {
  const char *weak = password ? password_weakness(password, login) : "no password";
  if (!login_valid(login))
    snprintf(err, errlen, "a login is 1-64 characters of A-Z a-z 0-9 . _ @ -");
  else if (role <= ROLE_NONE || role >= ROLE__COUNT)
    snprintf(err, errlen, "unknown role");
  else if (municipality && !municipality_code_valid(municipality))
    snprintf(err, errlen, "a municipality code is 6 digits (全国地方公共団体コード)");
  else if (role != ROLE_ADMIN && !municipality)
    snprintf(err, errlen, "an editor or reviewer belongs to a municipality");
  else if (role == ROLE_EDITOR && ndepts < 1)
    snprintf(err, errlen, "an editor needs at least one department");
  else if (role != ROLE_EDITOR && ndepts > 0)
    snprintf(err, errlen, "only an editor has departments");
  else if (weak)
    snprintf(err, errlen, "password refused: %s", weak);
  else {
    for (int i = 0; i < ndepts; i++)
      if (!depts[i] || text_is_blank(depts[i])) {
        snprintf(err, errlen, "a department name is empty");
        return -1;
      }
    return 0;
  }
  return -1;
}

/* Departments joined with '|', as the audit trail shows them. Caller frees. */
static char *join_departments(const char *const *depts, int n) {
  Buf b = {0};
  buf_put(&b, "");
  for (int i = 0; i < n; i++)
    buf_printf(&b, "%s%s", i ? "|" : "", depts[i]);
  return buf_detach(&b);
}

static int insert_user(Db *db, const char *login, const char *name, int role,
                       const char *const *depts, int ndepts, const char *municipality,
                       const char *hash) {
  char now[32];
  sq_now_iso(now, sizeof now);
  DbStmt *st = sq_prepare(db, "INSERT INTO users (login, name, role, password, created_at,"
                              " municipality) VALUES (?,?,?,?,?,?)");
  DbStmt *dep = sq_prepare(db, "INSERT INTO user_departments (login, department) VALUES (?,?)"
                               " ON CONFLICT DO NOTHING");
  int rc = st && dep ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, login);
    sq_bind_text(st, 2, name && *name ? name : NULL);
    sq_bind_text(st, 3, role_names[role]);
    sq_bind_text(st, 4, hash);
    sq_bind_text(st, 5, now);
    sq_bind_text(st, 6, municipality);
    rc = sq_step_done(st);
  }
  for (int i = 0; rc == 0 && i < ndepts; i++) {
    sq_bind_text(dep, 1, login);
    sq_bind_text(dep, 2, depts[i]);
    rc = sq_step_done(dep);
  }
  db_finalize(st);
  db_finalize(dep);
  return rc;
}

/* password_hash, with the message a store error carries. */
static int hash_for_store(const char *password, char *hash, size_t cap, char *err, size_t errlen) {
  if (password_hash(password, hash, cap) == 0) return 0;
  snprintf(err, errlen, "cannot hash the password (out of memory or no random numbers)");
  return -1;
}

/* Whether the municipality is registered: 0 yes, -1 (err) no or on error. */
static int municipality_known(Db *db, const char *code, char *err, size_t errlen) {
  int rc = code ? sq_exists(db, "SELECT 1 FROM municipalities WHERE code = ?1", code, NULL) : 1;
  if (rc == 1) return 0;
  if (rc == 0) snprintf(err, errlen, "no municipality %s is registered", code);
  return -1;
}

int user_add(Store *s, const char *login, const char *name, int role, const char *const *depts,
             int ndepts, const char *municipality, const char *password, const Actor *who,
             char *err, size_t errlen) {
  if (check_new_user(login, role, depts, ndepts, municipality, password, err, errlen)) return -1;
  err[0] = '\0';
  Db *db = store_db(s);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = sq_may_code(db, who, municipality, err, errlen);
  if (rc == 0) rc = municipality_known(db, municipality, err, errlen);
  if (rc) return sq_end(db, own, rc, err, errlen);
  char hash[160];
  if (hash_for_store(password, hash, sizeof hash, err, errlen))
    return sq_end(db, own, -1, err, errlen);
  rc = sq_exists(db, "SELECT 1 FROM users WHERE login = ?1", login, NULL);
  if (rc == 0) {
    char *joined = join_departments(depts, ndepts), *what = NULL;
    if (asprintf(&what, "%s%s%s", role_names[role], ndepts ? " " : "", joined) < 0) what = NULL;
    rc = insert_user(db, login, name, role, depts, ndepts, municipality, hash) ||
                 audit_append(s, who, "user.add", NULL, login, 0, "role", NULL, what, municipality,
                              err, errlen)
             ? -1
             : 0;
    free(joined);
    free(what);
  }
  if (rc < 0 && !err[0]) sq_fail(db, err, errlen, "adding an account");
  if (rc == 1) snprintf(err, errlen, "the login '%s' is taken", login);
  return sq_end(db, own, rc, err, errlen);
}

/* Whether who may change the account login: the installation any account, an account of a
   municipality only that municipality's (an unknown login passes, to be reported as such). */
static int may_manage(Db *db, const Actor *who, const char *login, char *err, size_t errlen) {
  char mine[MUNICIPALITY_CODE_LEN + 1];
  int rc = sq_actor_municipality(db, who, mine, err, errlen);
  if (rc || !mine[0]) return rc;
  DbStmt *st = sq_prepare(db, "SELECT municipality FROM users WHERE login = ?1");
  if (!st) return sq_fail(db, err, errlen, "reading an account");
  sq_bind_text(st, 1, login);
  int step = db_step(st);
  const char *theirs = step == DB_ROW ? db_col_text(st, 0) : NULL;
  if (step == DB_ROW && (!theirs || strcmp(theirs, mine) != 0)) {
    snprintf(err, errlen, "forbidden: the account of another municipality");
    rc = STAFF_FORBIDDEN;
  } else if (step != DB_ROW && step != DB_DONE) {
    rc = sq_fail(db, err, errlen, "reading an account");
  }
  db_finalize(st);
  return rc;
}

/* Run one UPDATE of an account (?1 is the login) and audit it; 1 when there is no such
   account. */
static int change_user(Store *s, const char *login, const char *sql, const char *text2,
                       const char *action, const Actor *who, char *err, size_t errlen) {
  Db *db = store_db(s);
  int own;
  err[0] = '\0';
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = may_manage(db, who, login, err, errlen);
  if (rc) return sq_end(db, own, rc, err, errlen);
  DbStmt *st = sq_prepare(db, sql);
  rc = st ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, login);
    if (text2) sq_bind_text(st, 2, text2);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc == 0 && db_changes(db) == 0) rc = 1;
  if (rc == 0)
    rc = audit_append(s, who, action, NULL, login, 0, NULL, NULL, NULL, NULL, err, errlen);
  if (rc < 0 && !err[0]) sq_fail(db, err, errlen, "changing an account");
  if (rc == 1) snprintf(err, errlen, "no account '%s'", login);
  return sq_end(db, own, rc, err, errlen);
}

int user_set_password(Store *s, const char *login, const char *password, const Actor *who,
                      char *err, size_t errlen) {
  const char *weak = password_weakness(password, login);
  if (weak) {
    snprintf(err, errlen, "password refused: %s", weak);
    return -1;
  }
  char hash[160];
  if (hash_for_store(password, hash, sizeof hash, err, errlen)) return -1;
  Db *db = store_db(s);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = change_user(s, login,
                       "UPDATE users SET password = ?2, failures = 0, locked_until = 0"
                       " WHERE login = ?1",
                       hash, "user.passwd", who, err, errlen);
  if (rc == 0 && sq_run(db, "DELETE FROM sessions WHERE login = ?1", login, NULL))
    rc = sq_fail(db, err, errlen, "ending sessions");
  return sq_end(db, own, rc, err, errlen);
}

int user_set_disabled(Store *s, const char *login, int disabled, const Actor *who, char *err,
                      size_t errlen) {
  Db *db = store_db(s);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = disabled ? change_user(s, login, "UPDATE users SET disabled = 1 WHERE login = ?1", NULL,
                                  "user.disable", who, err, errlen)
                    : change_user(s, login,
                                  "UPDATE users SET disabled = 0, failures = 0, locked_until = 0"
                                  " WHERE login = ?1",
                                  NULL, "user.enable", who, err, errlen);
  if (rc == 0 && disabled && sq_run(db, "DELETE FROM sessions WHERE login = ?1", login, NULL))
    rc = sq_fail(db, err, errlen, "ending sessions");
  return sq_end(db, own, rc, err, errlen);
}

/* ---- signing in --------------------------------------------------------------------------- */

int signin_delay_ms(int failures) {
  if (failures <= 0) return 0;
  int ms = 250;
  for (int i = 1; i < failures && ms < 2000; i++)
    ms *= 2;
  return ms < 2000 ? ms : 2000;
}

/* The stored hash of login, or NULL when there is no such account. */
static char *stored_hash(Db *db, const char *login) {
  DbStmt *st = sq_prepare(db, "SELECT password FROM users WHERE login = ?1");
  if (!st) return NULL;
  sq_bind_text(st, 1, login);
  char *hash = db_step(st) == DB_ROW ? sq_col_strdup(st, 0) : NULL;
  db_finalize(st);
  return hash;
}

/* Count a failed sign-in of an existing account and lock it at the limit. Returns
   SIGNIN_LOCKED when this failure locked it, else SIGNIN_BAD; -1 on error. */
static int count_failure(Store *s, const char *login, long long now, char *err, size_t errlen) {
  Db *db = store_db(s);
  const Actor who = {login, "web"};
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  DbStmt *st = sq_prepare(db, "UPDATE users SET failures = failures + 1 WHERE login = ?1"
                              " RETURNING failures");
  int rc = st ? 0 : -1, failures = 0, result = SIGNIN_BAD;
  if (rc == 0) {
    sq_bind_text(st, 1, login);
    int step = db_step(st);
    if (step == DB_ROW) {
      failures = db_col_int(st, 0);
      step = db_step(st);
    }
    rc = step == DB_DONE ? 0 : -1;
  }
  db_finalize(st);
  char count[16];
  snprintf(count, sizeof count, "%d", failures);
  if (rc == 0)
    rc = audit_append(s, &who, "signin.fail", NULL, login, 0, "failures", NULL, count, NULL, err,
                      errlen);
  if (rc == 0 && failures >= SIGNIN_MAX_FAILURES) {
    st = sq_prepare(db, "UPDATE users SET locked_until = ?2 WHERE login = ?1");
    rc = st ? 0 : -1;
    if (rc == 0) {
      sq_bind_text(st, 1, login);
      db_bind_int64(st, 2, now + SIGNIN_LOCK_SECONDS);
      rc = sq_step_done(st);
    }
    db_finalize(st);
    if (rc == 0)
      rc = audit_append(s, &who, "signin.lock", NULL, login, 0, "failures", NULL, count, NULL, err,
                        errlen);
    result = SIGNIN_LOCKED;
  }
  if (rc && !err[0]) sq_fail(db, err, errlen, "counting a failed sign-in");
  return sq_end(db, own, rc, err, errlen) ? -1 : result;
}

int user_signin(Store *s, const char *login, const char *password, long long now, char *err,
                size_t errlen) {
  Db *db = store_db(s);
  err[0] = '\0';
  User u;
  int found = login_valid(login) ? user_get(s, login, &u, err, errlen) : 1;
  if (found < 0) return -1;
  /* the password is checked before anything else is said, so that a locked or disabled
     account answers no faster than any other */
  char *hash = found == 0 ? stored_hash(db, login) : NULL;
  if (!hash) pthread_once(&dummy_once, make_dummy_hash);
  int ok = password_verify(hash ? hash : dummy_hash, password ? password : "") && hash;
  free(hash);
  if (found == 1) {
    static const char unknown[] = "(unknown)";
    Actor who = {login_valid(login) ? login : unknown, "web"};
    if (audit_append(s, &who, "signin.fail", NULL, who.login, 0, NULL, NULL, NULL,
                     "no such account", err, errlen))
      return -1;
    return SIGNIN_BAD;
  }
  int rc;
  if (u.locked_until > now)
    rc = SIGNIN_LOCKED;
  else if (!ok)
    rc = count_failure(s, login, now, err, errlen);
  else if (u.disabled)
    rc = SIGNIN_DISABLED;
  else
    rc = sq_run(db,
                "UPDATE users SET failures = 0, locked_until = 0 WHERE login = ?1"
                " AND (failures <> 0 OR locked_until <> 0)",
                login, NULL)
             ? sq_fail(db, err, errlen, "signing in")
             : SIGNIN_OK;
  user_free(&u);
  return rc;
}

/* Check a password without counting anything (the web server throttles per client address
   itself, throttle.c): SIGNIN_OK, SIGNIN_BAD (wrong password or no such login: an unknown
   login costs a hash too), SIGNIN_DISABLED (right password, disabled account); -1 on error. */
int user_check_password(Store *s, const char *login, const char *password, char *err,
                        size_t errlen) {
  err[0] = '\0';
  User u;
  int found = login_valid(login) ? user_get(s, login, &u, err, errlen) : 1;
  if (found < 0) return -1;
  char *hash = found == 0 ? stored_hash(store_db(s), login) : NULL;
  if (!hash) pthread_once(&dummy_once, make_dummy_hash);
  int ok = password_verify(hash ? hash : dummy_hash, password ? password : "") && hash;
  free(hash);
  int disabled = found == 0 && u.disabled;
  if (found == 0) user_free(&u);
  return !ok ? SIGNIN_BAD : disabled ? SIGNIN_DISABLED : SIGNIN_OK;
}
