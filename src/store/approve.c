/* SPDX-License-Identifier: Apache-2.0 */
/*
** approve.c — approving a department's submitted entries (staff.h): each entry is written
** into the plan in the same transaction as its audit row. An actual or projection updates the
** current row (superseded = 0) of indicator_values for (indicator, year, kind) in place —
** num, text, as_of, note and source = "承認 LOGIN" — or adds a row after the plan's last; a
** grade updates or adds the row of grades for (subject, year). The plan's value and grade rows
** of the year are read once and matched against the entries by key, so approving costs one
** pass over the plan however many entries there are (indicator_values has no index by
** indicator on purpose, see schema.h).
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where each entry goes in the plan: the row it replaces (seq, -1 for a new row) and the
   figure it had. */
typedef struct Target {
  long long seq;
  char *old;
} Target;

/* The key of an entry among the plan's rows of its year: subject, a unit separator, kind. */
static char *entry_key(Arena *a, const char *subject, const char *kind) {
  Buf b = {0};
  buf_printf(&b, "%s\x1f%s", subject, kind);
  char *k = arena_strdup(a, b.s);
  buf_free(&b);
  return k;
}

/* Find the current rows the entries replace (t[i].seq stays -1 for none), with one scan of the
   plan's rows of the year in indicator_values (values) or grades (grades). */
static int find_targets(Db *db, const Entry *list, int n, Target *t, int grades) {
  Arena a = {0};
  StrMap keys = {0};
  for (int i = 0; i < n; i++)
    if ((list[i].kind == ENTRY_GRADE) == grades)
      strmap_put(&keys, entry_key(&a, list[i].subject, entry_kind_names[list[i].kind]), i);
  DbStmt *st = grades
                   ? sq_prepare(db, "SELECT seq, subject, 'grade', NULL, grade FROM grades"
                                    " WHERE plan = ?1 AND year = ?2 ORDER BY seq")
                   : sq_prepare(db, "SELECT seq, indicator, kind, num, text FROM indicator_values"
                                    " WHERE plan = ?1 AND year = ?2 AND superseded = 0"
                                    " AND kind IN ('actual', 'projection')");
  int rc = st ? 0 : -1, step = DB_DONE;
  if (st && n > 0) {
    sq_bind_text(st, 1, list[0].plan);
    db_bind_int64(st, 2, list[0].year);
  }
  while (rc == 0 && keys.count && (step = db_step(st)) == DB_ROW) {
    Buf b = {0};
    buf_printf(&b, "%s\x1f%s", db_col_text(st, 1), db_col_text(st, 2));
    int i = strmap_get(&keys, b.s);
    buf_free(&b);
    if (i < 0 || t[i].seq >= 0) continue; /* the first grade row of a subject counts */
    t[i].seq = db_col_int64(st, 0);
    t[i].old = sq_figure_text(sq_col_dec(st, 3), db_col_text(st, 4));
  }
  if (rc == 0 && keys.count && step != DB_DONE) rc = -1;
  db_finalize(st);
  strmap_free(&keys);
  arena_free(&a);
  return rc;
}

/* The next free seq of the plan's rows in table (indicator_values or grades). */
static long long next_seq(Db *db, const char *sql, const char *plan) {
  DbStmt *st = sq_prepare(db, sql);
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  long long seq = db_step(st) == DB_ROW ? db_col_int64(st, 0) : -1;
  db_finalize(st);
  return seq;
}

/* True when the plan has an indicator (or, with nodes too, a node) with this id. */
static int subject_exists(Db *db, const char *plan, const char *id, int nodes_too) {
  return sq_exists(db,
                   nodes_too ? "SELECT 1 FROM indicators WHERE plan = ?1 AND id = ?2 UNION ALL"
                               " SELECT 1 FROM nodes WHERE plan = ?1 AND id = ?2"
                             : "SELECT 1 FROM indicators WHERE plan = ?1 AND id = ?2",
                   plan, id) == 1;
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

/* Write every entry into the plan and mark it approved. */
static int approve_all(Store *s, const Entry *list, int n, Target *t, const Actor *who, char *err,
                       size_t errlen) {
  Db *db = store_db(s);
  if (find_targets(db, list, n, t, 0) || find_targets(db, list, n, t, 1)) return -1;
  long long value_seq = next_seq(
      db, "SELECT coalesce(max(seq), -1) + 1 FROM indicator_values WHERE plan = ?1", list[0].plan);
  long long grade_seq =
      next_seq(db, "SELECT coalesce(max(seq), -1) + 1 FROM grades WHERE plan = ?1", list[0].plan);
  if (value_seq < 0 || grade_seq < 0) return -1;
  char *source = NULL;
  if (asprintf(&source, "承認 %s", who && who->login ? who->login : "unknown") < 0) return -1;
  int rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    const Entry *e = &list[i];
    int grade = e->kind == ENTRY_GRADE, is_new = t[i].seq < 0;
    if (!subject_exists(db, e->plan, e->subject, grade)) {
      snprintf(err, errlen, "entry %s %d %s: the plan has no %s '%s'", e->subject, e->year,
               entry_kind_names[e->kind], grade ? "node or indicator" : "indicator", e->subject);
      rc = 1;
      break;
    }
    long long seq = is_new ? (grade ? grade_seq++ : value_seq++) : t[i].seq;
    rc = grade ? write_grade(db, e, seq, is_new, source) : write_value(db, e, seq, is_new, source);
    if (rc == 0) rc = sq_entry_set_state(s, e, ST_APPROVED, NULL, "entry.approve", t[i].old, who);
  }
  free(source);
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
  Target *t = xcalloc((size_t)n + 1, sizeof *t);
  for (int i = 0; i < n; i++)
    t[i].seq = -1;
  if (rc == 0 && seen && !as_seen(list, n, seen, nseen)) {
    snprintf(err, errlen,
             "the submitted entries changed since the page was shown (nothing was"
             " approved)");
    rc = ENTRY_CONFLICT;
  }
  if (rc == 0 && n > 0) rc = approve_all(s, list, n, t, who, err, errlen);
  if (rc == 0 && n > 0 && sq_bump_revision(db, plan)) rc = -1;
  if (rc == 0) *count = n;
  for (int i = 0; i < n; i++)
    free(t[i].old);
  free(t);
  entries_free(list, n);
  if (rc && !err[0]) sq_fail(db, err, errlen, "approving entries (nothing was approved)");
  return sq_end(db, own, rc, err, errlen);
}
