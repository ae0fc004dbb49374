/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshot.c — storing and reading snapshots (snapshot.h). The table is read-only by its
** triggers (migration 6): a snapshot is inserted once and never changed or deleted, and an
** import of the plan leaves it alone.
*/
#include "snapshot.h"
#include "sq.h"
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT_COLS "plan, name, meeting, taken_at, taken_by, plan_updated, digest, document"

static void read_row(DbStmt *st, Snapshot *out) {
  out->plan = sq_col_strdup(st, 0);
  out->name = sq_col_strdup(st, 1);
  out->meeting = sq_col_strdup(st, 2);
  out->taken_at = sq_col_strdup(st, 3);
  out->taken_by = sq_col_strdup(st, 4);
  out->plan_updated = sq_col_strdup(st, 5);
  out->digest = sq_col_strdup(st, 6);
  out->document = sq_col_strdup(st, 7);
}

/* The stored digest of (plan, name) into hex: 1 found, 0 not, -1 error. */
static int stored_digest(Db *db, const char *plan, const char *name, char *hex) {
  DbStmt *st = sq_prepare(db, "SELECT digest FROM snapshots WHERE plan = ?1 AND name = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, name);
  int step = db_step(st), rc = step == DB_ROW ? 1 : step == DB_DONE ? 0 : -1;
  if (rc == 1) snprintf(hex, DIGEST_HEX + 1, "%s", db_col_text(st, 0));
  db_finalize(st);
  return rc;
}

static int insert(Db *db, const Snapshot *sn, const char *at, const char *digest) {
  DbStmt *st = sq_prepare(db, "INSERT INTO snapshots (" SNAPSHOT_COLS ") VALUES (?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  sq_bind_text(st, 1, sn->plan);
  sq_bind_text(st, 2, sn->name);
  sq_bind_text(st, 3, sn->meeting);
  sq_bind_text(st, 4, at);
  sq_bind_text(st, 5, sn->taken_by);
  sq_bind_text(st, 6, sn->plan_updated);
  sq_bind_text(st, 7, digest);
  sq_bind_text(st, 8, sn->document);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

int snapshot_add(Store *s, const Snapshot *sn, const Actor *who, char *err, size_t errlen) {
  Db *db = store_db(s);
  char digest[DIGEST_HEX + 1], have[DIGEST_HEX + 1], now[32];
  digest_bytes(sn->document, strlen(sn->document), digest);
  sq_now_iso(now, sizeof now);
  const char *at = sn->taken_at && *sn->taken_at ? sn->taken_at : now;
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int found = stored_digest(db, sn->plan, sn->name, have), rc = found < 0 ? -1 : 0;
  if (found == 1) {
    rc = strcmp(have, digest) == 0 ? SNAPSHOT_EXISTS : SNAPSHOT_DIFFERS;
  } else if (rc == 0) {
    rc = insert(db, sn, at, digest) ||
                 audit_append(s, who, "snapshot", sn->plan, NULL, 0, "snapshot", NULL, sn->name,
                              sn->meeting, err, errlen)
             ? -1
             : 0;
  }
  if (rc < 0) sq_fail(db, err, errlen, "storing the snapshot");
  int end = sq_end(db, own, rc < 0 ? rc : 0, err, errlen);
  return end ? end : rc;
}

int snapshot_get(Store *s, const char *plan, const char *name, Snapshot *out, char *err,
                 size_t errlen) {
  Db *db = store_db(s);
  memset(out, 0, sizeof *out);
  /* its own name first, else the meeting's latest */
  DbStmt *st = sq_prepare(db, "SELECT " SNAPSHOT_COLS " FROM snapshots WHERE plan = ?1 AND"
                              " (name = ?2 OR (meeting = ?2 AND NOT EXISTS (SELECT 1 FROM"
                              " snapshots WHERE plan = ?1 AND name = ?2)))"
                              " ORDER BY taken_at DESC, name DESC");
  if (!st) return sq_fail(db, err, errlen, "reading a snapshot");
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, name);
  int step = db_step(st);
  if (step == DB_ROW) read_row(st, out);
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_fail(db, err, errlen, "reading a snapshot");
  return step == DB_ROW ? 0 : 1;
}

int snapshot_list(Store *s, const char *plan, Snapshot **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  DbStmt *st = sq_prepare(db, "SELECT " SNAPSHOT_COLS
                              " FROM snapshots WHERE plan = ?1 ORDER BY taken_at, name");
  if (!st) return sq_fail(db, err, errlen, "listing snapshots");
  sq_bind_text(st, 1, plan);
  int step, cap = 0;
  while ((step = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    read_row(st, &(*out)[(*n)++]);
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : sq_fail(db, err, errlen, "listing snapshots");
}
