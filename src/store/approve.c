/* SPDX-License-Identifier: Apache-2.0 */
/*
** approve.c — approving a department's submitted entries (staff.h): each entry is written
** into the plan in the same transaction as its audit row. Which row each entry writes over is
** the model's rule (model/approval.h, shared with the review page's preview): the stored rows
** it needs (the year's current actual, projection and grade rows of the entries' subjects)
** are read once into a partial plan, so approving costs one pass over the year's rows however
** many entries there are (indicator_values has no index by indicator on purpose, see
** schema.h). An actual or projection updates that row of indicator_values in place — num,
** text, as_of, note and source = "承認 LOGIN" — or adds a row after the plan's last; a grade
** updates or adds the row of grades. Only those rows are written.
*/
#include "../model/approval.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stored rows approval may write over, as a partial plan: the entries' subjects (those
   the plan has) and the plan's current actual, projection and grade rows of the year for
   them, each with its seq. The model (model/approval.h) picks the rows from it. */
typedef struct Stored {
  Plan *p;
  long long *value_seq, *grade_seq;
  int capv, capg;
} Stored;

/* True when the plan has an indicator (or, with nodes too, a node) with this id. */
static int subject_exists(Db *db, const char *plan, const char *id, int nodes_too) {
  return sq_exists(db,
                   nodes_too ? "SELECT 1 FROM indicators WHERE plan = ?1 AND id = ?2 UNION ALL"
                               " SELECT 1 FROM nodes WHERE plan = ?1 AND id = ?2"
                             : "SELECT 1 FROM indicators WHERE plan = ?1 AND id = ?2",
                   plan, id) == 1;
}

static void stored_subject(Db *db, Plan *p, const Entry *e) {
  if (plan_indicator(p, e->subject) >= 0 || plan_node(p, e->subject) >= 0) return;
  if (subject_exists(db, e->plan, e->subject, 0)) {
    Indicator *in = plan_add_indicator(p);
    in->id = plan_str(p, e->subject);
    strmap_put(&p->ind_index, in->id, p->ninds - 1);
  } else if (e->kind == ENTRY_GRADE && subject_exists(db, e->plan, e->subject, 1)) {
    Node *n = plan_add_node(p);
    n->id = plan_str(p, e->subject);
    strmap_put(&p->node_index, n->id, p->nnodes - 1);
  }
}

static int stored_values(Db *db, const Entry *e0, Stored *s) {
  DbStmt *st = sq_prepare(db, "SELECT seq, indicator, kind, num, text FROM indicator_values"
                              " WHERE plan = ?1 AND year = ?2 AND superseded = 0"
                              " AND kind IN ('actual', 'projection') ORDER BY seq");
  if (!st) return -1;
  sq_bind_text(st, 1, e0->plan);
  db_bind_int64(st, 2, e0->year);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    int k = plan_indicator(s->p, db_col_text(st, 1));
    if (k < 0) continue; /* no entry for it */
    VEC_PUSH(s->value_seq, s->p->nvalues, s->capv);
    s->value_seq[s->p->nvalues] = db_col_int64(st, 0);
    Value *v = plan_add_value(s->p);
    v->indicator = k;
    v->year = e0->year;
    v->kind = (signed char)enum_lookup(value_kind_names, VK__COUNT, db_col_text(st, 2));
    v->num = sq_col_dec(st, 3);
    v->text = plan_str(s->p, db_col_text(st, 4));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

static int stored_grades(Db *db, const Entry *e0, Stored *s) {
  DbStmt *st = sq_prepare(db, "SELECT seq, subject, grade FROM grades"
                              " WHERE plan = ?1 AND year = ?2 ORDER BY seq");
  if (!st) return -1;
  sq_bind_text(st, 1, e0->plan);
  db_bind_int64(st, 2, e0->year);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    const char *subject = db_col_text(st, 1);
    int ind = plan_indicator(s->p, subject), node = ind >= 0 ? -1 : plan_node(s->p, subject);
    if (ind < 0 && node < 0) continue;
    VEC_PUSH(s->grade_seq, s->p->ngrades, s->capg);
    s->grade_seq[s->p->ngrades] = db_col_int64(st, 0);
    Grade *g = plan_add_grade(s->p);
    g->subject = plan_str(s->p, subject);
    g->indicator = ind;
    g->node = node;
    g->year = e0->year;
    g->grade = plan_str(s->p, db_col_text(st, 2));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

static int read_stored(Db *db, const Entry *list, int n, Stored *s) {
  memset(s, 0, sizeof *s);
  s->p = plan_new();
  for (int i = 0; i < n; i++)
    stored_subject(db, s->p, &list[i]);
  return stored_values(db, &list[0], s) || stored_grades(db, &list[0], s) ? -1 : 0;
}

static void stored_free(Stored *s) {
  plan_free(s->p);
  free(s->value_seq);
  free(s->grade_seq);
}

/* The figure a row of the partial plan holds, as the audit shows it. */
static char *stored_figure(const Stored *s, const Entry *e, int row) {
  if (row < 0) return NULL;
  if (e->kind == ENTRY_GRADE) return sq_figure_text(DEC_NONE, s->p->grades[row].grade);
  return sq_figure_text(s->p->values[row].num, s->p->values[row].text);
}

ApprovalEntry *entries_as_approval(const Entry *list, int n) {
  ApprovalEntry *a = xcalloc((size_t)n + 1, sizeof *a);
  for (int i = 0; i < n; i++) {
    const Entry *e = &list[i];
    a[i] = (ApprovalEntry){e->subject,
                           e->year,
                           e->kind == ENTRY_GRADE    ? -1
                           : e->kind == ENTRY_ACTUAL ? VK_ACTUAL
                                                     : VK_PROJECTION,
                           e->num,
                           e->text,
                           e->as_of,
                           e->note};
  }
  return a;
}

/* The next free seq of the plan's rows in table (indicator_values or grades). */
static long long next_seq(Db *db, const char *sql, const char *plan) {
  long long seq = -1;
  return sq_int64(db, sql, plan, NULL, &seq) == 1 ? seq : -1;
}

static int write_value(Db *db, const Entry *e, long long seq, int is_new, const char *source) {
  DbStmt *st =
      is_new ? sq_prepare(db, "INSERT INTO indicator_values (plan, seq, indicator, year, kind,"
                              " num, text, as_of, note, source, superseded)"
                              " VALUES (?1, ?2, ?7, ?8, ?9, ?3, ?4, ?5, ?6, ?10, 0)")
             : sq_prepare(db, "UPDATE indicator_values SET num = ?3, text = ?4, as_of = ?5,"
                              " note = ?6, source = ?10 WHERE plan = ?1 AND seq = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, e->plan);
  db_bind_int64(st, 2, seq);
  sq_bind_dec(st, 3, e->num);
  sq_bind_text(st, 4, e->text);
  sq_bind_text(st, 5, e->as_of);
  sq_bind_text(st, 6, e->note);
  sq_bind_text(st, 7, e->subject);
  db_bind_int64(st, 8, e->year);
  sq_bind_text(st, 9, entry_kind_names[e->kind]);
  sq_bind_text(st, 10, source);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

static int write_grade(Db *db, const Entry *e, long long seq, int is_new, const char *source) {
  DbStmt *st = is_new ? sq_prepare(db, "INSERT INTO grades (plan, seq, subject, year, grade, basis,"
                                       " source) VALUES (?1, ?2, ?5, ?6, ?3, ?4, ?7)")
                      : sq_prepare(db, "UPDATE grades SET grade = ?3, basis = ?4, source = ?7"
                                       " WHERE plan = ?1 AND seq = ?2");
  if (!st) return -1;
  sq_bind_text(st, 1, e->plan);
  db_bind_int64(st, 2, seq);
  sq_bind_text(st, 3, e->text);
  sq_bind_text(st, 4, e->note);
  sq_bind_text(st, 5, e->subject);
  db_bind_int64(st, 6, e->year);
  sq_bind_text(st, 7, source);
  int rc = sq_step_done(st);
  db_finalize(st);
  return rc;
}

/* Refuse (1, err saying which) an entry whose subject the plan does not have. */
static int check_subjects(const Entry *list, const int *rows, int n, char *err, size_t errlen) {
  for (int i = 0; i < n; i++) {
    if (rows[i] != APPROVAL_NO_SUBJECT) continue;
    const Entry *e = &list[i];
    int grade = e->kind == ENTRY_GRADE;
    snprintf(err, errlen, "entry %s %d %s: the plan has no %s '%s'", e->subject, e->year,
             entry_kind_names[e->kind], grade ? "node or indicator" : "indicator", e->subject);
    return 1;
  }
  return 0;
}

/* Write every entry into the plan over the rows the model picks, and mark it approved. */
static int approve_all(Store *s, const Entry *list, int n, const Actor *who, char *err,
                       size_t errlen) {
  Db *db = store_db(s);
  Stored st;
  ApprovalEntry *ae = entries_as_approval(list, n);
  int *rows = xmalloc(((size_t)n + 1) * sizeof(int));
  int rc = read_stored(db, list, n, &st) ? -1 : 0;
  if (rc == 0) approval_rows(st.p, ae, n, rows);
  if (rc == 0) rc = check_subjects(list, rows, n, err, errlen);
  long long value_seq = rc ? -1
                           : next_seq(db,
                                      "SELECT coalesce(max(seq), -1) + 1 FROM indicator_values"
                                      " WHERE plan = ?1",
                                      list[0].plan);
  long long grade_seq =
      rc ? -1
         : next_seq(db, "SELECT coalesce(max(seq), -1) + 1 FROM grades WHERE plan = ?1",
                    list[0].plan);
  char *source = NULL;
  if (rc == 0 && (value_seq < 0 || grade_seq < 0 ||
                  asprintf(&source, "承認 %s", who && who->login ? who->login : "unknown") < 0))
    rc = -1;
  for (int i = 0; rc == 0 && i < n; i++) {
    const Entry *e = &list[i];
    int grade = e->kind == ENTRY_GRADE, is_new = rows[i] == APPROVAL_ADD;
    long long seq = is_new  ? (grade ? grade_seq++ : value_seq++)
                    : grade ? st.grade_seq[rows[i]]
                            : st.value_seq[rows[i]];
    rc = grade ? write_grade(db, e, seq, is_new, source) : write_value(db, e, seq, is_new, source);
    char *old = stored_figure(&st, e, rows[i]);
    if (rc == 0) rc = sq_entry_set_state(s, e, ST_APPROVED, NULL, "entry.approve", old, who);
    free(old);
  }
  free(source);
  free(rows);
  free(ae);
  stored_free(&st);
  return rc ? -1 : 0;
}

/* Whether the submitted entries list[0..n) are exactly those seen, at the versions seen. */
static int as_seen(const Entry *list, int n, const EntryStamp *seen, int nseen) {
  if (n != nseen) return 0;
  for (int i = 0; i < n; i++) {
    int j = 0;
    while (j < nseen && seen[j].id != list[i].id)
      j++;
    if (j == nseen || seen[j].version != list[i].version) return 0;
  }
  return 1;
}

int entries_approve(Store *s, const char *plan, int year, const char *dept, const EntryStamp *seen,
                    int nseen, const Actor *who, int *count, char *err, size_t errlen) {
  Db *db = store_db(s);
  Entry *list = NULL;
  int n = 0, own;
  *count = 0;
  err[0] = '\0';
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = sq_may_plan(db, who, plan, err, errlen);
  if (rc) return sq_end(db, own, rc, err, errlen);
  rc = sq_entries_in_state(db, plan, year, dept, 1u << ST_SUBMITTED, &list, &n);
  if (rc == 0 && seen && !as_seen(list, n, seen, nseen)) {
    snprintf(err, errlen,
             "the submitted entries changed since the page was shown (nothing was"
             " approved)");
    rc = ENTRY_CONFLICT;
  }
  if (rc == 0 && n > 0) rc = approve_all(s, list, n, who, err, errlen);
  if (rc == 0 && n > 0 && sq_bump_revision(db, plan)) rc = -1;
  if (rc == 0) *count = n;
  entries_free(list, n);
  if (rc && !err[0]) sq_fail(db, err, errlen, "approving entries (nothing was approved)");
  return sq_end(db, own, rc, err, errlen);
}
