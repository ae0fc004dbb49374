/* SPDX-License-Identifier: Apache-2.0 */
/*
** narrative_edit.c — setting or clearing the secretariat's text for one node and year of a
** stored plan (staff.h, plan_set_narrative), writing only that text's row of items: a
** narrative is one row, and must not rewrite the whole plan. In one write transaction, with
** what a save of the plan would record for it: the replaced text in narrative_history, the
** audit rows (the save's own row and the text's old and new value, action "narrative"), a row
** in imports and the plan's revision.
*/
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The narrative row that counts for (node, year) — the first, as plan_narrative reads it:
   its seq (-1 none, -2 an error) and its text into *old. */
static long long current_text(Db *db, const char *plan, const char *node, int year, char **old) {
  DbStmt *st = sq_prepare(db, "SELECT seq, text FROM items WHERE plan = ?1 AND node = ?2"
                              " AND year = ?3 AND kind = 'narrative' ORDER BY seq LIMIT 1");
  *old = NULL;
  if (!st) return -2;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, node);
  db_bind_int64(st, 3, year);
  int step = db_step(st);
  long long seq = step == DB_ROW ? db_col_int64(st, 0) : step == DB_DONE ? -1 : -2;
  if (step == DB_ROW) *old = sq_col_strdup(st, 1);
  db_finalize(st);
  return seq;
}

/* Update, add or delete the one row. */
static int write_text(Db *db, const char *plan, const char *node, int year, long long seq,
                      const char *text, const char *author) {
  DbStmt *st;
  if (!text)
    st = sq_prepare(db, "DELETE FROM items WHERE plan = ?1 AND seq = ?2");
  else if (seq >= 0)
    st = sq_prepare(db, "UPDATE items SET text = ?3, owner = ?4, source = 'shinchoku narrative'"
                        " WHERE plan = ?1 AND seq = ?2");
  else
    st = sq_prepare(db, "INSERT INTO items (plan, seq, node, year, kind, owner, text, source)"
                        " SELECT ?1, coalesce(max(seq), -1) + 1, ?5, ?6, 'narrative', ?4, ?3,"
                        " 'shinchoku narrative' FROM items WHERE plan = ?1");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  if (seq >= 0 || text) db_bind_int64(st, 2, seq);
  if (text) {
    sq_bind_text(st, 3, text);
    sq_bind_text(st, 4, author);
  }
  if (text && seq < 0) {
    sq_bind_text(st, 5, node);
    db_bind_int64(st, 6, year);
  }
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

static int keep_old(Db *db, const char *plan, const char *node, int year, const char *old,
                    const char *now, const char *by) {
  DbStmt *st = sq_prepare(db, "INSERT INTO narrative_history (plan, node, year, text,"
                              " replaced_at, replaced_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, node);
  db_bind_int64(st, 3, year);
  sq_bind_text(st, 4, old);
  sq_bind_text(st, 5, now);
  sq_bind_text(st, 6, by);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* The audit rows a save of the plan made for this change: the save's row, the text's row. */
static int audit_text(Db *db, const char *plan, const char *node, int year, const char *old,
                      const char *text, const Origin *o) {
  AuditWriter w;
  if (audit_writer_open(db, &w)) return -1;
  const Actor who = {o->actor, o->via};
  const char *by = o->file ? o->file : o->reason;
  int rc = audit_writer_add(&w, &who, "narrative", plan, NULL, 0, NULL, NULL, NULL, by);
  if (rc == 0 && strcmp(old ? old : "", text ? text : "") != 0)
    rc = audit_writer_add(&w, &who, "narrative", plan, node, year, "narrative", old, text, by);
  audit_writer_close(&w);
  return rc;
}

static int set_text(Db *db, const char *plan, const char *node, int year, const char *text,
                    const char *author, const Origin *o) {
  char now[32], *old = NULL;
  sq_now_iso(now, sizeof now);
  long long seq = current_text(db, plan, node, year, &old);
  int changed = strcmp(old ? old : "", text ? text : "") != 0;
  int rc = seq < -1 ? -1 : 0;
  if (rc == 0 && (seq >= 0 || text)) rc = write_text(db, plan, node, year, seq, text, author);
  if (rc == 0 && old && changed)
    rc = keep_old(db, plan, node, year, old, now, o->file ? o->file : o->reason);
  if (rc == 0) rc = audit_text(db, plan, node, year, old, text, o);
  if (rc == 0) rc = sq_log_edit(db, plan, o, now);
  if (rc == 0) rc = sq_bump_revision(db, plan);
  free(old);
  return rc;
}

int plan_set_narrative(Store *s, const char *plan, const char *node, int year, const char *text,
                       const char *author, const Origin *o, char *err, size_t errlen) {
  Db *db = store_db(s);
  int own;
  err[0] = '\0';
  if (sq_begin(db, &own, err, errlen)) return -1;
  const Actor who = {o->actor, o->via};
  int rc = sq_may_plan(db, &who, plan, err, errlen);
  if (rc == 0 && set_text(db, plan, node, year, text, author, o))
    rc = sq_fail(db, err, errlen, "changing the narrative (nothing was stored)");
  return sq_end(db, own, rc, err, errlen);
}
