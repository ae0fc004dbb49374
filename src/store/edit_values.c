/* SPDX-License-Identifier: Apache-2.0 */
/*
** edit_values.c — changing a few values of a stored plan in place (staff.h, plan_edit_values),
** for a filled department workbook: where a full save deletes and re-inserts the whole plan
** from a copy loaded earlier (and so reverts what was approved in between), this loads the
** plan inside one BEGIN IMMEDIATE transaction, lets the caller compute its edits against
** that, and writes only the rows they change, each with its audit row, like approval does.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last current row of (indicator, year, kind): its seq and figure text into *old, or
   seq -1. */
static long long current_row(Db *db, const char *plan, const ValueEdit *e, char **old) {
  DbStmt *st = sq_prepare(db, "SELECT seq, num, text FROM indicator_values WHERE plan = ?1"
                              " AND indicator = ?2 AND year = ?3 AND kind = ?4"
                              " AND superseded = 0 ORDER BY seq DESC LIMIT 1");
  *old = NULL;
  if (!st) return -2;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, e->indicator);
  db_bind_int64(st, 3, e->year);
  sq_bind_text(st, 4, value_kind_names[e->kind]);
  int step = db_step(st);
  long long seq = step == DB_ROW ? db_col_int64(st, 0) : step == DB_DONE ? -1 : -2;
  if (step == DB_ROW) *old = sq_figure_text(sq_col_dec(st, 1), db_col_text(st, 2));
  db_finalize(st);
  return seq;
}

static void bind_figures(DbStmt *st, const ValueEdit *e) {
  sq_bind_dec(st, 3, e->num);
  sq_bind_text(st, 4, e->text && *e->text ? e->text : NULL);
  sq_bind_text(st, 5, e->as_of && *e->as_of ? e->as_of : NULL);
  sq_bind_text(st, 6, e->note && *e->note ? e->note : NULL);
  sq_bind_text(st, 7, e->source && *e->source ? e->source : NULL);
}

/* Write one edit over row seq (-1: none yet; the new row gets *next_seq). */
static int write_edit(Db *db, const char *plan, const ValueEdit *e, long long seq,
                      long long *next_seq) {
  DbStmt *st;
  if (!e->present)
    st = sq_prepare(db, "DELETE FROM indicator_values WHERE plan = ?1 AND seq = ?2");
  else if (seq >= 0)
    st = sq_prepare(db, "UPDATE indicator_values SET num = ?3, text = ?4, as_of = ?5, note = ?6,"
                        " source = ?7 WHERE plan = ?1 AND seq = ?2");
  else
    st = sq_prepare(db, "INSERT INTO indicator_values (plan, seq, num, text, as_of, note, source,"
                        " indicator, year, kind, superseded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                        " ?8, ?9, ?10, 0)");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, seq >= 0 ? seq : (*next_seq)++);
  if (e->present) bind_figures(st, e);
  if (e->present && seq < 0) {
    sq_bind_text(st, 8, e->indicator);
    db_bind_int64(st, 9, e->year);
    sq_bind_text(st, 10, value_kind_names[e->kind]);
  }
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* Apply the edits and audit those that change a figure; *changed counts them. */
static int apply_edits(Db *db, const char *plan, const ValueEdit *list, int n, const Origin *o,
                       AuditWriter *w, int *changed) {
  const Actor who = {o->actor, o->via};
  const char *reason = o->file ? o->file : o->reason;
  long long next_seq = -1;
  sq_int64(db, "SELECT coalesce(max(seq), -1) + 1 FROM indicator_values WHERE plan = ?1", plan,
           NULL, &next_seq);
  int rc = next_seq < 0 ? -1 : 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    const ValueEdit *e = &list[i];
    char *old = NULL;
    long long seq = current_row(db, plan, e, &old);
    char *now = e->present ? sq_figure_text(e->num, e->text) : NULL;
    if (seq < -1 || (seq < 0 && !e->present))
      rc = seq < -1 ? -1 : 0; /* an error, or nothing to remove */
    else if ((rc = write_edit(db, plan, e, seq, &next_seq)) == 0) {
      (*changed)++;
      if (strcmp(old ? old : "", now ? now : "") != 0)
        rc = audit_writer_add(w, &who, "import", plan, e->indicator, e->year,
                              value_kind_names[e->kind], old, now, reason);
    }
    free(old);
    free(now);
  }
  return rc;
}

int sq_log_edit(Db *db, const char *plan, const Origin *o, const char *now) {
  DbStmt *st = sq_prepare(db, "INSERT INTO imports (plan, at, origin, nodes, indicators,"
                              " nvalues, actor, digest) SELECT ?1, ?2, ?3,"
                              " (SELECT count(*) FROM nodes WHERE plan = ?1),"
                              " (SELECT count(*) FROM indicators WHERE plan = ?1),"
                              " (SELECT count(*) FROM indicator_values WHERE plan = ?1),"
                              " ?4, ?5");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, now);
  sq_bind_text(st, 3, o->file ? o->file : o->reason);
  sq_bind_text(st, 4, o->actor);
  sq_bind_text(st, 5, o->digest);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc ? -1 : sq_run(db, "UPDATE plans SET updated = ?2 WHERE id = ?1", plan, now);
}

/* Load the plan, ask fn for the edits, write them with their audit rows. */
static int edit_plan(Store *s, const char *plan, ValueEditFn fn, void *ctx, const Origin *o,
                     int *changed, char *err, size_t errlen) {
  Db *db = store_db(s);
  Plan *p = NULL;
  ValueEdit *list = NULL;
  int n = 0;
  if (store_load(s, plan, &p, err, errlen)) return -1;
  if (!p) {
    snprintf(err, errlen, "the plan '%s' is not in the store", plan);
    return PLAN_EDIT_NO_PLAN;
  }
  int rc = fn(p, ctx, &list, &n) ? PLAN_EDIT_REFUSED : 0;
  AuditWriter w = {0};
  char now[32];
  sq_now_iso(now, sizeof now);
  if (rc == 0 && audit_writer_open(db, &w) == 0) {
    const Actor who = {o->actor, o->via};
    rc = audit_writer_add(&w, &who, "import", plan, NULL, 0, o->digest ? "digest" : NULL, NULL,
                          o->digest, o->file ? o->file : o->reason) ||
                 apply_edits(db, plan, list, n, o, &w, changed) || sq_log_edit(db, plan, o, now)
             ? -1
             : 0;
  } else if (rc == 0) {
    rc = -1;
  }
  audit_writer_close(&w);
  if (rc < 0) sq_fail(db, err, errlen, "changing the plan's values (nothing was stored)");
  free(list);
  plan_free(p);
  return rc;
}

int plan_edit_values(Store *s, const char *plan, ValueEditFn fn, void *ctx, const Origin *o,
                     int *changed, char *err, size_t errlen) {
  Db *db = store_db(s);
  int own, count = 0;
  err[0] = '\0';
  if (sq_begin(db, &own, err, errlen)) return -1;
  const Actor who = {o ? o->actor : NULL, o ? o->via : NULL};
  int rc = sq_may_plan(db, &who, plan, err, errlen);
  if (rc == 0) rc = edit_plan(s, plan, fn, ctx, o, &count, err, errlen);
  if (rc == 0 && count > 0 && sq_bump_revision(db, plan))
    rc = sq_fail(db, err, errlen, "bumping the plan's revision");
  rc = sq_end(db, own, rc, err, errlen);
  if (changed) *changed = rc == 0 ? count : 0;
  return rc;
}
