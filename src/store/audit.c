/* SPDX-License-Identifier: Apache-2.0 */
/*
** audit.c — the audit trail: appending rows with their hash chain, listing them, and
** verifying the chain (staff.h). The table itself refuses UPDATE and DELETE by triggers
** (schema migration 4); the chain is for someone who drops the triggers first: each row's
** hash is the SHA-256 of the previous row's hash and every field of the row, so changing or
** removing a row breaks the hash of that row or of the next one. (Rows removed from the end,
** or the whole table rewritten with fresh hashes, need a copy of the last hash kept
** elsewhere to be noticed: `audit --verify` prints it.)
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NFIELDS = 11 }; /* at, actor, via, action, plan, subject, year, field, old, new, reason */

/* What is hashed: the previous hash, a newline, the seq, then each field as "LENGTH:TEXT" or
   "~" for NULL, each followed by a newline. The lengths make the encoding unambiguous: no two
   different rows give the same bytes. */
static void row_hash(const char *prev, long long seq, const char *const f[NFIELDS], char *hex) {
  Buf b = {0};
  buf_printf(&b, "%s\n%lld\n", prev, seq);
  for (int i = 0; i < NFIELDS; i++) {
    if (f[i])
      buf_printf(&b, "%zu:%s\n", strlen(f[i]), f[i]);
    else
      buf_put(&b, "~\n");
  }
  digest_bytes(b.s, b.len, hex);
  buf_free(&b);
}

/* ---- appending ---------------------------------------------------------------------------- */

int audit_writer_open(Db *db, AuditWriter *w) {
  memset(w, 0, sizeof *w);
  w->db = db;
  sq_now_iso(w->at, sizeof w->at);
  DbStmt *last = sq_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (!last) return -1;
  if (db_step(last) == DB_ROW) {
    w->seq = db_col_int64(last, 0);
    snprintf(w->hash, sizeof w->hash, "%s", db_col_text(last, 1));
  }
  db_finalize(last);
  w->ins = sq_prepare(db, "INSERT INTO audit (seq, at, actor, via, action, plan, subject, year,"
                          " field, old, new, reason, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  return w->ins ? 0 : -1;
}

int audit_writer_add(AuditWriter *w, const Actor *who, const char *action, const char *plan,
                     const char *subject, int year, const char *field, const char *old_value,
                     const char *new_value, const char *reason) {
  char year_text[16], hex[DIGEST_HEX + 1];
  snprintf(year_text, sizeof year_text, "%d", year);
  const char *login = who && who->login ? who->login : "unknown";
  const char *via = who && who->via ? who->via : "unknown";
  const char *f[NFIELDS] = {
      w->at, login,     via,       action, plan, subject, year ? year_text : NULL,
      field, old_value, new_value, reason};
  long long seq = w->seq + 1;
  row_hash(w->hash, seq, f, hex);
  db_bind_int64(w->ins, 1, seq);
  for (int i = 0; i < NFIELDS; i++)
    if (i == 6)
      sq_bind_year(w->ins, 8, year);
    else
      sq_bind_text(w->ins, i + 2, f[i]);
  sq_bind_text(w->ins, 13, hex);
  if (sq_step_done(w->ins)) return -1;
  w->seq = seq;
  memcpy(w->hash, hex, sizeof hex);
  return 0;
}

void audit_writer_close(AuditWriter *w) {
  db_finalize(w->ins);
  w->ins = NULL;
}

int audit_append(Store *s, const Actor *who, const char *action, const char *plan,
                 const char *subject, int year, const char *field, const char *old_value,
                 const char *new_value, const char *reason, char *err, size_t errlen) {
  Db *db = store_db(s);
  AuditWriter w;
  int own, rc = sq_begin(db, &own, err, errlen);
  if (rc) return -1;
  rc = audit_writer_open(db, &w) ||
       audit_writer_add(&w, who, action, plan, subject, year, field, old_value, new_value, reason);
  if (rc) sq_fail(db, err, errlen, "appending to the audit trail");
  audit_writer_close(&w);
  return sq_end(db, own, rc ? -1 : 0, err, errlen);
}

/* ---- listing ------------------------------------------------------------------------------ */

static void read_row(DbStmt *st, AuditRow *r) {
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
  "SELECT seq, at, actor, via, action, plan, subject, year, field, old, new, reason, hash"         \
  " FROM audit"

int audit_list(Store *s, const AuditFilter *f, AuditRow **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  /* only the filters given become conditions, so the indexes on (plan, subject) and actor
     serve them; every value is bound, never pasted */
  Buf sql = {0};
  buf_put(&sql, AUDIT_COLUMNS " WHERE 1 = 1");
  if (f && f->plan) buf_put(&sql, " AND plan = ?1");
  if (f && f->subject) buf_put(&sql, " AND subject = ?2");
  if (f && f->actor) buf_put(&sql, " AND actor = ?3");
  if (f && f->action_prefix) buf_put(&sql, " AND substr(action, 1, length(CAST(?4 AS TEXT))) = ?4");
  if (f && f->year) buf_put(&sql, " AND year = ?5");
  buf_put(&sql, " ORDER BY seq DESC");
  if (f && f->limit > 0) buf_put(&sql, " LIMIT ?6");
  DbStmt *st = sq_prepare(db, sql.s);
  buf_free(&sql);
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  if (f) {
    sq_bind_text(st, 1, f->plan);
    sq_bind_text(st, 2, f->subject);
    sq_bind_text(st, 3, f->actor);
    sq_bind_text(st, 4, f->action_prefix);
    db_bind_int64(st, 5, f->year);
    db_bind_int64(st, 6, f->limit);
  }
  int cap = 0, rc;
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

/* ---- verifying ---------------------------------------------------------------------------- */

int audit_verify(Store *s, long long *bad, char *err, size_t errlen) {
  Db *db = store_db(s);
  *bad = 0;
  DbStmt *st = sq_prepare(db, AUDIT_COLUMNS " ORDER BY seq");
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  char prev[DIGEST_HEX + 1] = "", hex[DIGEST_HEX + 1];
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    AuditRow r;
    read_row(st, &r);
    char year_text[16];
    snprintf(year_text, sizeof year_text, "%d", r.year);
    const char *f[NFIELDS] = {
        r.at,    r.actor,     r.via,       r.action, r.plan, r.subject, r.year ? year_text : NULL,
        r.field, r.old_value, r.new_value, r.reason};
    row_hash(prev, r.seq, f, hex);
    int same = r.hash && strcmp(hex, r.hash) == 0;
    if (same) memcpy(prev, hex, sizeof prev);
    if (!same) *bad = r.seq;
    audit_row_clear(&r);
    if (!same) break;
  }
  if (rc != DB_ROW && rc != DB_DONE) {
    db_finalize(st);
    return sq_fail(db, err, errlen, "reading the audit trail");
  }
  db_finalize(st);
  return *bad ? 1 : 0;
}
