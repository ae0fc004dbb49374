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
** cannot replace a row without a DELETE trigger firing. Since migration 13 there is one chain
** per municipality (audit.chain, docs/store.md "Tenancy"): seq counts within the chain, and
** each chain is verified alone. Listing is audit_list.c; the migration's split audit_split.c.
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

void audit_stored_hash(DbStmt *st, int format, const char *prev, long long seq, char *hex) {
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
  w->ins = sq_prepare(db, "INSERT INTO audit (chain, seq, at, actor, via, action, plan, subject,"
                          " year, field, old, new, reason, hash)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  return w->ins ? 0 : -1;
}

void audit_writer_plan_chain(AuditWriter *w, const char *plan, const char *code) {
  for (int i = 0; i < w->nplans; i++)
    if (strcmp(w->plans[i].plan, plan) == 0) {
      snprintf(w->plans[i].chain, sizeof w->plans[i].chain, "%s", code ? code : "");
      return;
    }
  VEC_PUSH(w->plans, w->nplans, w->capplans);
  AuditPlanChain *pc = &w->plans[w->nplans++];
  pc->plan = xstrdup(plan);
  snprintf(pc->chain, sizeof pc->chain, "%s", code ? code : "");
}

/* The text of the one column of sql (?1 = key) into out, "" when no row or NULL: 0 or -1. */
static int lookup_code(Db *db, const char *sql, const char *key, char *out) {
  out[0] = '\0';
  DbStmt *st = sq_prepare(db, sql);
  if (!st) return -1;
  sq_bind_text(st, 1, key);
  int rc = db_step(st);
  if (rc == DB_ROW && db_col_text(st, 0))
    snprintf(out, MUNICIPALITY_CODE_LEN + 1, "%s", db_col_text(st, 0));
  db_finalize(st);
  return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static int is_account_action(const char *action) {
  return action && (strncmp(action, "user.", 5) == 0 || strncmp(action, "signin.", 7) == 0);
}

/* The chain of a row (the rule of AUDIT_ROW_CHAIN in schema.h) into chain: 0 or -1. */
static int row_chain(AuditWriter *w, const char *action, const char *plan, const char *subject,
                     char *chain) {
  if (plan) {
    for (int i = 0; i < w->nplans; i++)
      if (strcmp(w->plans[i].plan, plan) == 0) {
        memcpy(chain, w->plans[i].chain, sizeof w->plans[i].chain);
        return 0;
      }
    if (lookup_code(w->db, "SELECT municipality_code FROM plans WHERE id = ?1", plan, chain))
      return -1;
    audit_writer_plan_chain(w, plan, chain);
    return 0;
  }
  if (is_account_action(action) && subject)
    return lookup_code(w->db, "SELECT municipality FROM users WHERE login = ?1", subject, chain);
  chain[0] = '\0';
  return 0;
}

/* The writer's head of chain: locked and read the first time; NULL on error. */
static AuditHead *chain_head(AuditWriter *w, const char *chain) {
  for (int i = 0; i < w->nheads; i++)
    if (strcmp(w->heads[i].chain, chain) == 0) return &w->heads[i];
  char lock[16 + MUNICIPALITY_CODE_LEN];
  snprintf(lock, sizeof lock, "audit %s", chain);
  if (db_lock(w->db, lock)) return NULL;
  DbStmt *last = sq_prepare(w->db, "SELECT seq, hash FROM audit WHERE chain = ?1"
                                   " ORDER BY seq DESC LIMIT 1");
  if (!last) return NULL;
  sq_bind_text(last, 1, chain);
  int rc = db_step(last);
  AuditHead h = {.seq = 0};
  snprintf(h.chain, sizeof h.chain, "%s", chain);
  if (rc == DB_ROW) {
    h.seq = db_col_int64(last, 0);
    snprintf(h.hash, sizeof h.hash, "%s", db_col_text(last, 1));
  }
  db_finalize(last);
  if (rc != DB_ROW && rc != DB_DONE) return NULL;
  VEC_PUSH(w->heads, w->nheads, w->capheads);
  w->heads[w->nheads] = h;
  return &w->heads[w->nheads++];
}

int audit_writer_add(AuditWriter *w, const Actor *who, const char *action, const char *plan,
                     const char *subject, int year, const char *field, const char *old_value,
                     const char *new_value, const char *reason) {
  char year_text[16], hex[DIGEST_HEX + 1], chain[MUNICIPALITY_CODE_LEN + 1];
  if (row_chain(w, action, plan, subject, chain)) return -1;
  AuditHead *h = chain_head(w, chain);
  if (!h) return -1;
  snprintf(year_text, sizeof year_text, "%d", year);
  const char *login = who && who->login ? who->login : "unknown";
  const char *via = who && who->via ? who->via : "unknown";
  const char *f[NFIELDS] = {
      w->at, login,     via,       action, plan, subject, year ? year_text : NULL,
      field, old_value, new_value, reason};
  long long seq = h->seq + 1;
  row_hash(h->hash, seq, f, year, hex);
  sq_bind_text(w->ins, 1, chain);
  db_bind_int64(w->ins, 2, seq);
  for (int i = 0; i < NFIELDS; i++)
    if (i == YEAR_FIELD)
      sq_bind_year(w->ins, 9, year);
    else
      sq_bind_text(w->ins, i + 3, f[i]);
  sq_bind_text(w->ins, 14, hex);
  if (sq_step_done(w->ins)) return -1;
  h->seq = seq;
  memcpy(h->hash, hex, sizeof hex);
  return 0;
}

void audit_writer_close(AuditWriter *w) {
  db_finalize(w->ins);
  w->ins = NULL;
  for (int i = 0; i < w->nplans; i++)
    free(w->plans[i].plan);
  free(w->plans);
  free(w->heads);
  w->plans = NULL;
  w->heads = NULL;
  w->nplans = w->nheads = w->capplans = w->capheads = 0;
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

/* ---- verifying ---------------------------------------------------------------------------- */

#define AUDIT_FIELDS                                                                               \
  "seq, at, actor, via, action, plan, subject, year, field, old, new, reason, hash"

/* The first seq of the installation's chain hashed in format 2 (rows before it are format 1;
   every other chain is format 2 throughout); 1 when the store has no record of it, -1 on
   error. */
static long long format2_since(Db *db) {
  DbStmt *st = sq_prepare(db, "SELECT min(since) FROM audit_format WHERE format = 2");
  if (!st) return -1;
  int step = db_step(st);
  long long since =
      step == DB_ROW && db_col_type(st, 0) == DB_INTEGER_VALUE ? db_col_int64(st, 0) : 1;
  db_finalize(st);
  return step == DB_ROW ? since : -1;
}

int audit_verify_chain(Store *s, const char *chain, long long *bad, char *err, size_t errlen) {
  Db *db = store_db(s);
  *bad = 0;
  long long since = *chain ? 1 : format2_since(db), expect = 1;
  DbStmt *st = since > 0 ? sq_prepare(db, "SELECT " AUDIT_FIELDS " FROM audit WHERE chain = ?1"
                                          " ORDER BY seq")
                         : NULL;
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  sq_bind_text(st, 1, chain);
  char prev[DIGEST_HEX + 1] = "", hex[DIGEST_HEX + 1];
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    long long seq = db_col_int64(st, 0);
    const char *hash = db_col_text(st, 12);
    audit_stored_hash(st, seq >= since ? 2 : 1, prev, seq, hex);
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

int audit_chains(Store *s, char ***out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT DISTINCT chain FROM audit ORDER BY chain");
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    (*out)[(*n)++] = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
  }
  db_finalize(st);
  if (rc == DB_DONE) return 0;
  audit_chains_free(*out, *n);
  *out = NULL;
  *n = 0;
  return sq_fail(db, err, errlen, "reading the audit trail");
}

void audit_chains_free(char **list, int n) {
  for (int i = 0; i < n; i++)
    free(list[i]);
  free(list);
}

int audit_verify(Store *s, long long *bad, char *err, size_t errlen) {
  char **chains = NULL;
  int n = 0, rc = audit_chains(s, &chains, &n, err, errlen);
  *bad = 0;
  for (int i = 0; rc == 0 && i < n; i++)
    rc = audit_verify_chain(s, chains[i], bad, err, errlen);
  audit_chains_free(chains, n);
  return rc;
}

int audit_hash_at(Store *s, const char *chain, long long *seq, char *hash, char *err,
                  size_t errlen) {
  Db *db = store_db(s);
  DbStmt *st = sq_prepare(db, *seq > 0 ? "SELECT seq, hash FROM audit WHERE chain = ?1"
                                         " AND seq = ?2"
                                       : "SELECT seq, hash FROM audit WHERE chain = ?1"
                                         " ORDER BY seq DESC LIMIT 1");
  if (!st) return sq_fail(db, err, errlen, "reading the audit trail");
  sq_bind_text(st, 1, chain);
  if (*seq > 0) db_bind_int64(st, 2, *seq);
  int step = db_step(st);
  if (step == DB_ROW) {
    snprintf(hash, DIGEST_HEX + 1, "%s", db_col_text(st, 1));
    *seq = db_col_int64(st, 0);
  }
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_fail(db, err, errlen, "reading the audit trail");
  return step == DB_ROW ? 0 : 1;
}
