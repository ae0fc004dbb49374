/* SPDX-License-Identifier: Apache-2.0 */
/*
** audit_split.c — migration 13's step in C (schema.h): the trail, one chain for the
** installation until then, has been split by SQL into one chain per municipality (each row
** in its plan's or account's municipality's chain, seq numbered within it from 2 when any row
** moved). SQL cannot compute SHA-256 on SQLite, so this step writes each chain's row 1 (an
** "audit.split" row naming the old trail's head, "SEQ HASH", kept in audit_rechain by the
** migration) and hashes every chain again in format 2, so that an upgraded store verifies
** and a checkpoint of the old trail can be matched with the head each chain names. A trail
** whose rows all stayed in the installation's chain is left as it was.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Rehashed {
  char *chain;
  long long seq;
  char hash[DIGEST_HEX + 1];
} Rehashed;

/* The old trail's head ("SEQ HASH") into head: 1 found, 0 the trail was empty, -1 error. */
static int old_head(Db *db, char *head, size_t n) {
  DbStmt *st = sq_prepare(db, "SELECT seq, hash FROM audit_rechain");
  if (!st) return -1;
  int rc = db_step(st);
  if (rc == DB_ROW) snprintf(head, n, "%lld %s", db_col_int64(st, 0), db_col_text(st, 1));
  db_finalize(st);
  return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Whether the split moved rows (seqs then start at 2): 1, 0, -1. */
static int moved(Db *db) {
  return sq_exists(db, "SELECT 1 FROM audit WHERE chain <> ?1", "", NULL);
}

/* Row 1 of every chain: who and when the split happened, and the old head. */
static int write_first_rows(Db *db, const char *head) {
  char now[32];
  sq_now_iso(now, sizeof now);
  DbStmt *st = sq_prepare(db, "INSERT INTO audit (chain, seq, at, actor, via, action, field, new,"
                              " hash) SELECT DISTINCT chain, 1, ?1, 'migration', 'migration',"
                              " 'audit.split', 'head', ?2, '' FROM audit");
  if (!st) return -1;
  sq_bind_text(st, 1, now);
  sq_bind_text(st, 2, head);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* Every row's format-2 hash, chain by chain, into *out. */
static int compute(Db *db, Rehashed **out, int *n) {
  DbStmt *st = db_prepare_big(db, "SELECT seq, at, actor, via, action, plan, subject, year, field,"
                                  " old, new, reason, chain FROM audit ORDER BY chain, seq");
  if (!st) return -1;
  char prev[DIGEST_HEX + 1] = "", chain[MUNICIPALITY_CODE_LEN + 1] = "";
  int cap = 0, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *c = db_col_text(st, 12) ? db_col_text(st, 12) : "";
    if (*n == 0 || strcmp(c, chain) != 0) prev[0] = '\0';
    snprintf(chain, sizeof chain, "%s", c);
    VEC_PUSH(*out, *n, cap);
    Rehashed *r = &(*out)[(*n)++];
    r->chain = xstrdup(chain);
    r->seq = db_col_int64(st, 0);
    audit_stored_hash(st, 2, prev, r->seq, r->hash);
    memcpy(prev, r->hash, sizeof prev);
  }
  db_finalize(st);
  return rc == DB_DONE ? 0 : -1;
}

static int store_hashes(Db *db, const Rehashed *list, int n) {
  DbStmt *st = sq_prepare(db, "UPDATE audit SET hash = ?1 WHERE chain = ?2 AND seq = ?3");
  if (!st) return -1;
  int rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    sq_bind_text(st, 1, list[i].hash);
    sq_bind_text(st, 2, list[i].chain);
    db_bind_int64(st, 3, list[i].seq);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

int audit_split_chains(Db *db, char *err, size_t errlen) {
  char head[32 + DIGEST_HEX];
  int found = old_head(db, head, sizeof head), any = found == 1 ? moved(db) : 0;
  if (found < 0 || any < 0) return sq_fail(db, err, errlen, "splitting the audit trail");
  if (!any) return 0;
  Rehashed *list = NULL;
  int n = 0;
  int rc = write_first_rows(db, head) || compute(db, &list, &n) || store_hashes(db, list, n);
  for (int i = 0; i < n; i++)
    free(list[i].chain);
  free(list);
  return rc ? sq_fail(db, err, errlen, "splitting the audit trail") : 0;
}
