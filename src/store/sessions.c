/* SPDX-License-Identifier: Apache-2.0 */
/*
** sessions.c — signed-in sessions (staff.h). The cookie carries a random 256-bit token; the
** store keeps only its SHA-256, so a copy of the database cannot be used to take over a
** session. A session ends after SESSION_IDLE_SECONDS without a request or SESSION_MAX_SECONDS
** in all (SHINCHOKU_SESSION_IDLE / SHINCHOKU_SESSION_MAX override them for tests), when its
** user is disabled or changes password, and at sign-out. A user sees their own live sessions
** (by row id, never a token) and may end any of them; changing one's own password ends the
** others.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int token_new(char *hex) {
  unsigned char r[TOKEN_HEX / 2];
  if (random_bytes(r, sizeof r)) return -1;
  hex_encode(r, sizeof r, hex);
  return 0;
}

/* Seconds from the environment variable name when it is a positive number, else dflt. */
static long long seconds_from_env(const char *name, long long dflt) {
  const char *v = getenv(name);
  char *end;
  long long n = v && *v ? strtoll(v, &end, 10) : 0;
  return n > 0 && !*end ? n : dflt;
}

static long long idle_limit(void) {
  return seconds_from_env("SHINCHOKU_SESSION_IDLE", SESSION_IDLE_SECONDS);
}

static long long max_limit(void) {
  return seconds_from_env("SHINCHOKU_SESSION_MAX", SESSION_MAX_SECONDS);
}

/* Run a statement with parameters ?1 (text) and ?2, ?3 (numbers), any of them unused. */
static int run(Db *db, const char *sql, const char *text, long long a, long long b) {
  DbStmt *st = sq_prepare(db, sql);
  if (!st) return -1;
  sq_bind_text(st, 1, text);
  db_bind_int64(st, 2, a);
  db_bind_int64(st, 3, b);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* Delete every session that has expired by now. */
static int delete_expired(Db *db, long long now) {
  return run(db, "DELETE FROM sessions WHERE seen <= ?2 OR created <= ?3", NULL, now - idle_limit(),
             now - max_limit());
}

int session_create(Store *s, const char *login, long long now, char *token, char *csrf, char *err,
                   size_t errlen) {
  Db *db = store_db(s);
  User u;
  int rc = user_get(s, login, &u, err, errlen);
  if (rc) return rc;
  int disabled = u.disabled;
  user_free(&u);
  if (disabled) {
    snprintf(err, errlen, "the account '%s' is disabled", login);
    return 1;
  }
  char key[DIGEST_HEX + 1];
  if (token_new(token) || token_new(csrf)) {
    snprintf(err, errlen, "no random numbers for a session token");
    return -1;
  }
  digest_bytes(token, TOKEN_HEX, key);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  DbStmt *st = sq_prepare(db, "INSERT INTO sessions (token, login, csrf, created, seen)"
                              " VALUES (?1, ?2, ?3, ?4, ?4)");
  rc = st && delete_expired(db, now) == 0 ? 0 : -1;
  if (rc == 0) {
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, login);
    sq_bind_text(st, 3, csrf);
    db_bind_int64(st, 4, now);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  if (rc) sq_fail(db, err, errlen, "starting a session");
  return sq_end(db, own, rc, err, errlen);
}

/* The session row of key: 0 found (login and csrf malloc'd), 1 none, -1 error. */
static int read_session(Db *db, const char *key, char **login, char *csrf, long long *created,
                        long long *seen) {
  DbStmt *st = sq_prepare(db, "SELECT login, csrf, created, seen FROM sessions WHERE token = ?1");
  if (!st) return -1;
  sq_bind_text(st, 1, key);
  int rc = db_step(st);
  if (rc == DB_ROW) {
    *login = sq_col_strdup(st, 0);
    snprintf(csrf, TOKEN_HEX + 1, "%s", db_col_text(st, 1));
    *created = db_col_int64(st, 2);
    *seen = db_col_int64(st, 3);
  }
  db_finalize(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int session_find(Store *s, const char *token, long long now, Session *out, char *err,
                 size_t errlen) {
  Db *db = store_db(s);
  memset(out, 0, sizeof *out);
  if (!token || strlen(token) != TOKEN_HEX) return 1;
  char key[DIGEST_HEX + 1], *login = NULL;
  long long created = 0, seen = 0;
  digest_bytes(token, TOKEN_HEX, key);
  int rc = read_session(db, key, &login, out->csrf, &created, &seen);
  if (rc < 0) return sq_fail(db, err, errlen, "reading a session");
  if (rc == 0 && (now - seen >= idle_limit() || now - created >= max_limit())) rc = 1;
  if (rc == 0) {
    rc = user_get(s, login, &out->user, err, errlen);
    if (rc == 0 && out->user.disabled) rc = 1;
  }
  if (rc == 0 && run(db, "UPDATE sessions SET seen = ?2 WHERE token = ?1", key, now, 0))
    rc = sq_fail(db, err, errlen, "touching a session");
  else if (rc == 1 && login && run(db, "DELETE FROM sessions WHERE token = ?1", key, 0, 0))
    rc = sq_fail(db, err, errlen, "ending an expired session");
  free(login);
  if (rc) session_free(out);
  return rc;
}

void session_free(Session *se) {
  if (!se) return;
  user_free(&se->user);
  memset(se->csrf, 0, sizeof se->csrf);
}

int session_delete(Store *s, const char *token, char *err, size_t errlen) {
  if (!token || strlen(token) != TOKEN_HEX) return 0;
  char key[DIGEST_HEX + 1];
  digest_bytes(token, TOKEN_HEX, key);
  if (run(store_db(s), "DELETE FROM sessions WHERE token = ?1", key, 0, 0))
    return sq_fail(store_db(s), err, errlen, "ending a session");
  return 0;
}

/* ---- a user's own sessions ---------------------------------------------------------------- */

/* The login of the session of token into *login (malloc'd): 0, 1 none, -1 error. */
static int session_owner(Db *db, const char *token, char *key, char **login) {
  *login = NULL;
  if (!token || strlen(token) != TOKEN_HEX) return 1;
  digest_bytes(token, TOKEN_HEX, key);
  DbStmt *st = sq_prepare(db, "SELECT login FROM sessions WHERE token = ?1");
  if (!st) return -1;
  sq_bind_text(st, 1, key);
  int rc = db_step(st);
  if (rc == DB_ROW) *login = sq_col_strdup(st, 0);
  db_finalize(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* A session's id as the pages name it: the first 60 bits of its stored key (itself a SHA-256
   of the token, so it gives nothing of the token away). Engine-neutral, where a row id is not. */
static long long key_id(const char *key) {
  char head[16];
  snprintf(head, sizeof head, "%.15s", key ? key : "");
  return strtoll(head, NULL, 16);
}

int session_list(Store *s, const char *token, long long now, SessionInfo **out, int *n, char *err,
                 size_t errlen) {
  Db *db = store_db(s);
  char key[DIGEST_HEX + 1], *login;
  *out = NULL;
  *n = 0;
  int rc = session_owner(db, token, key, &login);
  if (rc) return rc < 0 ? sq_fail(db, err, errlen, "listing sessions") : 1;
  DbStmt *st = sq_prepare(db, "SELECT token, created, seen, CASE WHEN token = ?2 THEN 1 ELSE 0 END"
                              " FROM sessions"
                              " WHERE login = ?1 AND seen > ?3 AND created > ?4"
                              " ORDER BY seen DESC, created DESC, token");
  if (st) {
    sq_bind_text(st, 1, login);
    sq_bind_text(st, 2, key);
    db_bind_int64(st, 3, now - idle_limit());
    db_bind_int64(st, 4, now - max_limit());
  }
  int cap = 0, step = DB_ERROR;
  while (st && (step = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    (*out)[(*n)++] = (SessionInfo){key_id(db_col_text(st, 0)), db_col_int64(st, 1),
                                   db_col_int64(st, 2), db_col_int(st, 3)};
  }
  db_finalize(st);
  free(login);
  if (step == DB_DONE) return 0;
  free(*out);
  *out = NULL;
  *n = 0;
  return sq_fail(db, err, errlen, "listing sessions");
}

int session_end(Store *s, const char *token, long long id, char *err, size_t errlen) {
  Db *db = store_db(s);
  char key[DIGEST_HEX + 1], *login;
  int rc = session_owner(db, token, key, &login);
  if (rc) return rc < 0 ? sq_fail(db, err, errlen, "ending a session") : 1;
  /* the user's session whose id is id: its key, then that row */
  DbStmt *st = sq_prepare(db, "SELECT token FROM sessions WHERE login = ?1");
  char *victim = NULL;
  int step = DB_ERROR;
  if (st) sq_bind_text(st, 1, login);
  while (st && (step = db_step(st)) == DB_ROW)
    if (!victim && key_id(db_col_text(st, 0)) == id) victim = sq_col_strdup(st, 0);
  db_finalize(st);
  rc = step == DB_DONE ? 0 : -1;
  if (rc == 0 && !victim) rc = 1;
  if (rc == 0) {
    rc = sq_run(db, "DELETE FROM sessions WHERE token = ?1 AND login = ?2", victim, login);
    if (rc == 0 && db_changes(db) == 0) rc = 1;
  }
  free(victim);
  free(login);
  return rc < 0 ? sq_fail(db, err, errlen, "ending a session") : rc;
}

int session_change_password(Store *s, const char *token, const char *password, const Actor *who,
                            char *err, size_t errlen) {
  Db *db = store_db(s);
  char key[DIGEST_HEX + 1], csrf[TOKEN_HEX + 1], *login = NULL;
  long long created = 0, seen = 0;
  int own;
  if (!token || strlen(token) != TOKEN_HEX) return 1;
  digest_bytes(token, TOKEN_HEX, key);
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = read_session(db, key, &login, csrf, &created, &seen);
  if (rc < 0) sq_fail(db, err, errlen, "reading a session");
  /* user_set_password ends every session of the user; this one is put back */
  if (rc == 0) rc = user_set_password(s, login, password, who, err, errlen);
  DbStmt *st = rc == 0 ? sq_prepare(db, "INSERT INTO sessions (token, login, csrf, created,"
                                        " seen) VALUES (?1, ?2, ?3, ?4, ?5)")
                       : NULL;
  if (st) {
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, login);
    sq_bind_text(st, 3, csrf);
    db_bind_int64(st, 4, created);
    db_bind_int64(st, 5, seen);
    rc = sq_step_done(st) ? sq_fail(db, err, errlen, "keeping the session") : 0;
  } else if (rc == 0) {
    rc = sq_fail(db, err, errlen, "keeping the session");
  }
  db_finalize(st);
  free(login);
  return sq_end(db, own, rc, err, errlen);
}
