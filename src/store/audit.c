/* SPDX-License-Identifier: Apache-2.0 */
/*
** audit.c — the audit trail: appending rows with their hash chain, listing them, and
** verifying the chain (staff.h). The table itself refuses UPDATE and DELETE by triggers
** (schema migration 4); the chain is for someone who drops the triggers first: each row's
** hash is the SHA-256 of the previous row's hash and every field of the row, so changing or
** removing a row breaks the hash of that row or of the next one. Rows removed from the end,
** or the whole table rewritten with fresh hashes, need the head kept elsewhere to be
** noticed: `audit --checkpoint FILE` keeps it, `audit --verify --checkpoint FILE` compares.
** A trigger (migration 5) refuses an insert that is not the next seq, so INSERT OR REPLACE
** cannot replace a row without a DELETE trigger firing.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NFIELDS = 11 }; /* at, actor, via, action, plan, subject, year, field, old, new, reason */
enum { YEAR_FIELD = 6 };

/* ---- the encoding that is hashed ----------------------------------------------------------

   Format 2 (every row from audit_format.since on): "shinchoku-audit-2\n", the previous row's
   hash as a text, the seq as an integer, then the 11 fields, each typed and length-prefixed:
   a text as "t" LENGTH ":" BYTES (every byte, a NUL too), an integer as "i" DECIMAL ";", NULL
   as "n". The verifier encodes what SQLite holds (db_col_type, db_col_bytes, db_col_int64), so a
   NUL-suffixed text or a year moved by 2^32 is a different row.
   Format 1 (rows written before migration 5): the previous hash, a newline, the seq, a
   newline, then each field as "LENGTH:TEXT" or "~" for NULL, each followed by a newline; the
   verifier takes the real byte length and the full integer here too, so the rows it accepts
   are exactly those the format-1 writer could have written. */

static void enc_text(Buf *b, const char *s, size_t n) {
  buf_printf(b, "t%zu:", n);
  buf_putn(b, s, n);
}

static void enc_field(Buf *b, int format, const char *s, size_t n, int null) {
  if (format == 2) {
    if (null)
      buf_putc(b, 'n');
    else
      enc_text(b, s, n);
  } else if (null) {
    buf_put(b, "~\n");
  } else {
    buf_printf(b, "%zu:", n);
    buf_putn(b, s, n);
    buf_putc(b, '\n');
  }
}

static void enc_int(Buf *b, int format, long long v) {
  char d[24];
  int n = snprintf(d, sizeof d, "%lld", v);
  if (format == 2)
    buf_printf(b, "i%s;", d);
  else
    enc_field(b, 1, d, (size_t)n, 0);
}

static void enc_start(Buf *b, int format, const char *prev, long long seq) {
  if (format == 2) {
    buf_put(b, "shinchoku-audit-2\n");
    enc_text(b, prev, strlen(prev));
    enc_int(b, 2, seq);
  } else {
    buf_printf(b, "%s\n%lld\n", prev, seq);
  }
}

/* The hash of a row about to be written (always format 2). */
static void row_hash(const char *prev, long long seq, const char *const f[NFIELDS], int year,
                     char *hex) {
  Buf b = {0};
  enc_start(&b, 2, prev, seq);
  for (int i = 0; i < NFIELDS; i++)
    if (i == YEAR_FIELD && year)
      enc_int(&b, 2, year);
    else
      enc_field(&b, 2, f[i], f[i] ? strlen(f[i]) : 0, f[i] == NULL || i == YEAR_FIELD);
  digest_bytes(b.s, b.len, hex);
  buf_free(&b);
}

/* The hash of a stored row (columns 1..11 of st, AUDIT_COLUMNS order) in format, from the
   values exactly as SQLite holds them. */
static void stored_hash(DbStmt *st, int format, const char *prev, long long seq, char *hex) {
  Buf b = {0};
  enc_start(&b, format, prev, seq);
  for (int c = 1; c <= NFIELDS; c++) {
    int type = db_col_type(st, c);
    if (type == DB_INTEGER_VALUE) {
      enc_int(&b, format, db_col_int64(st, c));
    } else if (type == DB_NULL_VALUE) {
      enc_field(&b, format, NULL, 0, 1);
    } else { /* text (anything else cannot be in a STRICT TEXT column; marked, then its text) */
      const char *t = db_col_text(st, c);
      size_t n = db_col_bytes(st, c);
      if (type == DB_OTHER_VALUE) buf_putc(&b, 'b');
      enc_field(&b, format, t ? t : "", n, 0);
    }
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
  row_hash(w->hash, seq, f, year, hex);
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

/* The first seq hashed in format 2 (rows before it are format 1); 1 when the store has no
   record of it (then every row must be format 2), -1 on error. */
static long long format2_since(Db *db) {
  DbStmt *st = sq_prepare(db, "SELECT min(since) FROM audit_format WHERE format = 2");
  if (!st) return -1;
  int step = db_step(st);
  long long since =
      step == DB_ROW && db_col_type(st, 0) == DB_INTEGER_VALUE ? db_col_int64(st, 0) : 1;
  db_finalize(st);
  return step == DB_ROW ? since : -1;
}

int audit_verify(Store *s, long long *bad, char *err, size_t errlen) {
  Db *db = store_db(s);
  *bad = 0;
  long long since = format2_since(db), expect = 1;
  DbStmt *st = since > 0 ? sq_prepare(db, AUDIT_COLUMNS " ORDER BY seq") : NULL;
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  char prev[DIGEST_HEX + 1] = "", hex[DIGEST_HEX + 1];
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    long long seq = db_col_int64(st, 0);
    const char *hash = db_col_text(st, 12);
    stored_hash(st, seq >= since ? 2 : 1, prev, seq, hex);
    /* seqs run 1, 2, 3...: a row removed from the middle is named even when the rows after
       it were re-hashed */
    int same = seq == expect && hash && strcmp(hex, hash) == 0;
    if (!same) {
      *bad = seq == expect ? seq : expect;
      break;
    }
    memcpy(prev, hex, sizeof prev);
    expect++;
  }
  if (rc != DB_ROW && rc != DB_DONE) {
    db_finalize(st);
    return sq_fail(db, err, errlen, "reading the audit trail");
  }
  db_finalize(st);
  return *bad ? 1 : 0;
}

int audit_hash_at(Store *s, long long *seq, char *hash, char *err, size_t errlen) {
  Db *db = store_db(s);
  DbStmt *st = sq_prepare(db, *seq > 0 ? "SELECT seq, hash FROM audit WHERE seq = ?1"
                                       : "SELECT seq, hash FROM audit ORDER BY seq DESC"
                                         " LIMIT 1");
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  if (*seq > 0) db_bind_int64(st, 1, *seq);
  int step = db_step(st);
  if (step == DB_ROW) {
    snprintf(hash, DIGEST_HEX + 1, "%s", db_col_text(st, 1));
    *seq = db_col_int64(st, 0);
  }
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_fail(db, err, errlen, "reading the audit trail");
  return step == DB_ROW ? 0 : 1;
}
