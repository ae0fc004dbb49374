/* SPDX-License-Identifier: Apache-2.0 */
/*
** entries.c — the figures departments enter (staff.h): reading them, saving drafts with
** optimistic versioning, submitting and returning. Approval, which writes entries into the
** plan, is in approve.c. Every write is one BEGIN IMMEDIATE transaction with its audit rows:
** all of it is stored or none of it.
*/
#include "../model/text.h"
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const entry_kind_names[ENTRY__COUNT] = {"actual", "projection", "grade"};
const char *const entry_state_names[ST__COUNT] = {"draft", "submitted", "approved", "returned"};
const char *const entry_kind_words[ENTRY__COUNT] = {"実績", "見込み", "評価"};
const char *const entry_state_words[ST__COUNT] = {"下書き", "提出済み", "承認済み", "差戻し"};

void entry_free(Entry *e) {
  if (!e) return;
  free(e->plan);
  free(e->subject);
  free(e->department);
  free(e->text);
  free(e->as_of);
  free(e->note);
  free(e->updated_at);
  free(e->updated_by);
  free(e->review_note);
  memset(e, 0, sizeof *e);
  e->num = DEC_NONE;
}

void entries_free(Entry *list, int n) {
  for (int i = 0; i < n; i++)
    entry_free(&list[i]);
  free(list);
}

char *sq_figure_text(dec_t num, const char *text) {
  char d[DEC_MAX_TEXT];
  Buf b = {0};
  if (!dec_is_none(num)) buf_put(&b, dec_format(num, -1, d));
  if (text && *text) buf_printf(&b, "%s%s", b.len ? " " : "", text);
  return b.s; /* NULL when nothing was put */
}

/* ---- reading ------------------------------------------------------------------------------ */

#define ENTRY_COLUMNS                                                                              \
  "SELECT id, plan, subject, year, kind, department, num, text, as_of, note, state, version,"      \
  " updated_at, updated_by, review_note FROM entries"

static void read_entry(DbStmt *st, Entry *e) {
  e->id = db_col_int64(st, 0);
  e->plan = sq_col_strdup(st, 1);
  e->subject = sq_col_strdup(st, 2);
  e->year = db_col_int(st, 3);
  e->kind = enum_lookup(entry_kind_names, ENTRY__COUNT, db_col_text(st, 4));
  e->department = sq_col_strdup(st, 5);
  e->num = sq_col_dec(st, 6);
  e->text = sq_col_strdup(st, 7);
  e->as_of = sq_col_strdup(st, 8);
  e->note = sq_col_strdup(st, 9);
  e->state = enum_lookup(entry_state_names, ST__COUNT, db_col_text(st, 10));
  e->version = db_col_int(st, 11);
  e->updated_at = sq_col_strdup(st, 12);
  e->updated_by = sq_col_strdup(st, 13);
  e->review_note = sq_col_strdup(st, 14);
}

/* Step st to the end, appending each row to *out. 0, or -1 on error. */
static int read_entries(DbStmt *st, Entry **out, int *n) {
  int cap = 0, rc;
  *out = NULL;
  *n = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    read_entry(st, &(*out)[(*n)++]);
  }
  if (rc == DB_DONE) return 0;
  entries_free(*out, *n);
  *out = NULL;
  *n = 0;
  return -1;
}

int entry_list(Store *s, const Actor *who, const char *plan, int year, const char *dept,
               Entry **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  int may = sq_may_plan(db, who, plan, err, errlen);
  if (may) return may;
  DbStmt *st = sq_prepare(db, ENTRY_COLUMNS
                          " WHERE plan = ?1 AND year = ?2"
                          " AND (CAST(?3 AS TEXT) IS NULL OR department = ?3) ORDER BY id");
  *out = NULL;
  *n = 0;
  if (!st) return sq_fail(db, err, errlen, "listing entries");
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  sq_bind_text(st, 3, dept);
  int rc = read_entries(st, out, n);
  db_finalize(st);
  return rc ? sq_fail(db, err, errlen, "listing entries") : 0;
}

/* The entry of (plan, subject, year, kind) into *out: 0 found, 1 none, -1 error. */
static int get_entry(Db *db, const char *plan, const char *subject, int year, int kind,
                     Entry *out) {
  entry_free(out);
  if (kind < 0 || kind >= ENTRY__COUNT) return 1;
  DbStmt *st = sq_prepare(db, ENTRY_COLUMNS " WHERE plan = ?1 AND subject = ?2"
                                            " AND year = ?3 AND kind = ?4");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  sq_bind_text(st, 2, subject);
  db_bind_int64(st, 3, year);
  sq_bind_text(st, 4, entry_kind_names[kind]);
  int rc = db_step(st);
  if (rc == DB_ROW) read_entry(st, out);
  db_finalize(st);
  return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int entry_get(Store *s, const Actor *who, const char *plan, const char *subject, int year, int kind,
              Entry *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  int may = sq_may_plan(store_db(s), who, plan, err, errlen);
  if (may) return may;
  int rc = get_entry(store_db(s), plan, subject, year, kind, out);
  return rc < 0 ? sq_fail(store_db(s), err, errlen, "reading an entry") : rc;
}

int sq_entries_in_state(Db *db, const char *plan, int year, const char *dept, unsigned mask,
                        Entry **out, int *n) {
  DbStmt *st = sq_prepare(db, ENTRY_COLUMNS " WHERE plan = ?1 AND year = ?2"
                                            " AND department = ?3 ORDER BY id");
  *out = NULL;
  *n = 0;
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  db_bind_int64(st, 2, year);
  sq_bind_text(st, 3, dept);
  int rc = read_entries(st, out, n);
  db_finalize(st);
  /* keep those in the states asked for */
  int k = 0;
  for (int i = 0; i < *n; i++) {
    if ((*out)[i].state >= 0 && (mask & (1u << (*out)[i].state)))
      (*out)[k++] = (*out)[i];
    else
      entry_free(&(*out)[i]);
  }
  *n = k;
  return rc;
}

/* ---- saving ------------------------------------------------------------------------------- */

static int entry_valid(const Entry *e, char *err, size_t errlen) {
  const char *why = NULL;
  if (!e->plan || !*e->plan || !e->subject || !*e->subject || !e->department || !*e->department)
    why = "plan, subject and department are required";
  else if (e->kind < 0 || e->kind >= ENTRY__COUNT)
    why = "unknown kind";
  else if (e->year < 1900 || e->year > 9999)
    why = "no fiscal year";
  else if (e->kind == ENTRY_GRADE && (!e->text || !*e->text))
    why = "a grade needs its symbol (text)";
  else if (e->kind != ENTRY_GRADE && dec_is_none(e->num) && (!e->text || !*e->text))
    why = "an actual or projection needs a number or a status word";
  if (why)
    snprintf(err, errlen, "entry %s %d %s: %s", e->subject ? e->subject : "?", e->year,
             e->kind >= 0 && e->kind < ENTRY__COUNT ? entry_kind_names[e->kind] : "?", why);
  return why ? -1 : 0;
}

/* Write e over the stored entry old (old->id 0: none yet) as a draft. */
static int write_entry(Db *db, const Entry *e, const Entry *old, const Actor *who) {
  char now[32];
  sq_now_iso(now, sizeof now);
  DbStmt *st =
      old->id ? sq_prepare(db, "UPDATE entries SET department = ?1, num = ?2, text = ?3,"
                               " as_of = ?4, note = ?5, state = 'draft', version = version + 1,"
                               " updated_at = ?6, updated_by = ?7 WHERE id = ?8 AND version = ?9")
              : sq_prepare(db, "INSERT INTO entries (department, num, text, as_of, note, state,"
                               " version, updated_at, updated_by, plan, subject, year, kind)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, 'draft', 1, ?6, ?7, ?10, ?11, ?12,"
                               " ?13)");
  if (!st) return -1;
  sq_bind_text(st, 1, e->department);
  sq_bind_dec(st, 2, e->num);
  sq_bind_text(st, 3, e->text && *e->text ? e->text : NULL);
  sq_bind_text(st, 4, e->as_of && *e->as_of ? e->as_of : NULL);
  sq_bind_text(st, 5, e->note && *e->note ? e->note : NULL);
  sq_bind_text(st, 6, now);
  sq_bind_text(st, 7, who && who->login ? who->login : "unknown");
  if (old->id) {
    db_bind_int64(st, 8, old->id);
    db_bind_int64(st, 9, old->version);
  } else {
    sq_bind_text(st, 10, e->plan);
    sq_bind_text(st, 11, e->subject);
    db_bind_int64(st, 12, e->year);
    sq_bind_text(st, 13, entry_kind_names[e->kind]);
  }
  int rc = sq_step_done(st);
  if (rc == 0 && db_changes(db) != 1) rc = -1;
  db_finalize(st);
  return rc;
}

/* Save one entry when its stored version is expected: 0, ENTRY_CONFLICT (current filled) or
   -1. */
static int save_one(Store *s, const Entry *e, int expected, const Actor *who, Entry *current) {
  Db *db = store_db(s);
  Entry old = {.num = DEC_NONE};
  int rc = get_entry(db, e->plan, e->subject, e->year, e->kind, &old);
  if (rc < 0) return -1;
  if ((rc == 0 ? old.version : 0) != expected) {
    if (current) {
      *current = old;
      if (rc == 1) current->version = 0;
    } else {
      entry_free(&old);
    }
    return ENTRY_CONFLICT;
  }
  char *was = rc == 0 ? sq_figure_text(old.num, old.text) : NULL;
  char *now = sq_figure_text(e->num, e->text);
  char err[8];
  rc = write_entry(db, e, &old, who) ||
               audit_append(s, who, "entry.save", e->plan, e->subject, e->year,
                            entry_kind_names[e->kind], was, now, e->note, err, sizeof err)
           ? -1
           : 0;
  free(was);
  free(now);
  entry_free(&old);
  return rc;
}

int entries_save(Store *s, const Entry *list, const int *expected, int n, const Actor *who,
                 int *conflict, Entry *current, char *err, size_t errlen) {
  Db *db = store_db(s);
  *conflict = -1;
  if (current) memset(current, 0, sizeof *current);
  for (int i = 0; i < n; i++)
    if (entry_valid(&list[i], err, errlen)) return -1;
  int own, rc = 0;
  if (sq_begin(db, &own, err, errlen)) return -1;
  for (int i = 0; rc == 0 && i < n; i++)
    rc = sq_may_plan(db, who, list[i].plan, err, errlen);
  for (int i = 0; rc == 0 && i < n; i++) {
    rc = save_one(s, &list[i], expected[i], who, current);
    if (rc == ENTRY_CONFLICT) {
      *conflict = i;
      snprintf(err, errlen, "entry %s %d %s was changed by someone else (version now %d)",
               list[i].subject, list[i].year, entry_kind_names[list[i].kind],
               current ? current->version : -1);
    }
  }
  if (rc < 0) sq_fail(db, err, errlen, "saving entries (nothing was saved)");
  return sq_end(db, own, rc, err, errlen);
}

/* ---- moving through review ---------------------------------------------------------------- */

int sq_entry_set_state(Store *s, const Entry *e, int state, const char *review_note,
                       const char *action, const char *old_value, const Actor *who) {
  Db *db = store_db(s);
  DbStmt *st = sq_prepare(db, "UPDATE entries SET state = ?1, version = version + 1,"
                              " review_note = ?2 WHERE id = ?3");
  if (!st) return -1;
  sq_bind_text(st, 1, entry_state_names[state]);
  sq_bind_text(st, 2, review_note);
  db_bind_int64(st, 3, e->id);
  int rc = sq_step_done(st);
  db_finalize(st);
  char *figure = sq_figure_text(e->num, e->text), err[8];
  if (rc == 0)
    rc = audit_append(s, who, action, e->plan, e->subject, e->year, entry_kind_names[e->kind],
                      old_value, figure, review_note, err, sizeof err);
  free(figure);
  return rc;
}

/* Move the department's entries in the states of mask to state, auditing each as action. */
static int move_entries(Store *s, const char *plan, int year, const char *dept, unsigned mask,
                        int state, const char *note, const char *action, const Actor *who,
                        int *count, char *err, size_t errlen) {
  Db *db = store_db(s);
  Entry *list = NULL;
  int n = 0, own, rc;
  *count = 0;
  if (sq_begin(db, &own, err, errlen)) return -1;
  rc = sq_may_plan(db, who, plan, err, errlen);
  if (rc) return sq_end(db, own, rc, err, errlen);
  rc = sq_entries_in_state(db, plan, year, dept, mask, &list, &n);
  for (int i = 0; rc == 0 && i < n; i++)
    rc = sq_entry_set_state(s, &list[i], state, note, action, NULL, who);
  if (rc == 0) *count = n;
  entries_free(list, n);
  if (rc < 0) sq_fail(db, err, errlen, action);
  return sq_end(db, own, rc, err, errlen);
}

int entries_submit(Store *s, const char *plan, int year, const char *dept, const Actor *who,
                   int *count, char *err, size_t errlen) {
  return move_entries(s, plan, year, dept, 1u << ST_DRAFT | 1u << ST_RETURNED, ST_SUBMITTED, NULL,
                      "entry.submit", who, count, err, errlen);
}

int entries_return(Store *s, const char *plan, int year, const char *dept, const char *reason,
                   const Actor *who, int *count, char *err, size_t errlen) {
  *count = 0;
  if (text_is_blank(reason)) {
    snprintf(err, errlen, "a reason is required to return entries");
    return -1;
  }
  return move_entries(s, plan, year, dept, 1u << ST_SUBMITTED, ST_RETURNED, reason, "entry.return",
                      who, count, err, errlen);
}
