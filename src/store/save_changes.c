/*
** save_changes.c — what saving a plan replaces in the stored one, recorded before the stored
** rows are deleted: targets that change go to target_history, the secretariat's texts that
** change to narrative_history, and for a plan that was already stored every value (target,
** actual, projection: current rows), grade and narrative that changes, appears or disappears
** gets an audit row with its old and new value. Each stored table is read once and matched
** against the incoming plan by grouped indices or a hash, never by a look-up per pair: a
** national plan has millions of values.
*/
#include "../model/util.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Changes {
  Db *db;
  const Plan *p;
  const char *now, *origin, *action;
  const Origin *o;
  AuditWriter *w; /* NULL: the plan is new, nothing to audit per value */
} Changes;

static int audit_change(Changes *c, const char *subject, int year, const char *field,
                        const char *old_value, const char *new_value) {
  if (!c->w) return 0;
  Actor who = {c->o->actor, c->o->via};
  return audit_writer_add(c->w, &who, c->action, c->p->id, subject, year, field, old_value,
                          new_value, c->origin);
}

/* ---- values ------------------------------------------------------------------------------- */

/* The incoming current value of indicator ind for (year, kind), or -1. The members of each
   indicator are a handful, so a scan of the group is enough. */
static int incoming_value(const Plan *p, const int *start, const int *list, int ind, int year,
                          int kind) {
  for (int a = start[ind]; a < start[ind + 1]; a++) {
    const Value *v = &p->values[list[a]];
    if (v->year == year && v->kind == kind) return list[a];
  }
  return -1;
}

static int same_figure(dec_t a, const char *at, dec_t b, const char *bt) {
  return a == b && strcmp(at ? at : "", bt ? bt : "") == 0;
}

static int keep_target(Changes *c, DbStmt *ins, const char *ind, int year, dec_t num,
                       const char *text) {
  sq_bind_text(ins, 1, c->p->id);
  sq_bind_text(ins, 2, ind);
  db_bind_int64(ins, 3, year);
  sq_bind_dec(ins, 4, num);
  sq_bind_text(ins, 5, text);
  sq_bind_text(ins, 6, c->now);
  sq_bind_text(ins, 7, c->origin);
  return sq_step_done(ins);
}

/* Audit each value that changes or disappears (and keep replaced targets); then, with
   matched marking what was compared, each value that appears. */
static int value_changes(Changes *c) {
  const Plan *p = c->p;
  DbStmt *old = sq_prepare(c->db, "SELECT indicator, year, kind, num, text"
                                  " FROM indicator_values WHERE plan = ?1 AND superseded = 0"
                                  " ORDER BY seq");
  DbStmt *ins = sq_prepare(c->db, "INSERT INTO target_history (plan, indicator, year, num,"
                                  " text, replaced_at, replaced_by) VALUES (?,?,?,?,?,?,?)");
  int rc = old && ins ? 0 : -1, *start, *list, k = -1, step = DB_DONE;
  int *owner = xmalloc(((size_t)p->nvalues + 1) * sizeof(int));
  for (int i = 0; i < p->nvalues; i++)
    owner[i] = p->values[i].superseded ? -1 : p->values[i].indicator;
  group_members(p->ninds, p->nvalues, owner, &start, &list);
  free(owner);
  unsigned char *matched = xcalloc((size_t)p->nvalues + 1, 1);
  char *prev_ind = NULL;
  if (old) sq_bind_text(old, 1, p->id);
  while (rc == 0 && (step = db_step(old)) == DB_ROW) {
    const char *ind = db_col_text(old, 0);
    if (!prev_ind || strcmp(prev_ind, ind) != 0) { /* rows come grouped by indicator */
      free(prev_ind);
      prev_ind = xstrdup(ind);
      k = plan_indicator(p, ind);
    }
    int year = db_col_int(old, 1);
    int kind = enum_lookup(value_kind_names, VK__COUNT, db_col_text(old, 2));
    dec_t num = sq_col_dec(old, 3);
    const char *text = db_col_text(old, 4);
    int i = k >= 0 && kind >= 0 ? incoming_value(p, start, list, k, year, kind) : -1;
    if (i >= 0) matched[i] = 1;
    if (i >= 0 && same_figure(num, text, p->values[i].num, p->values[i].text)) continue;
    if (kind == VK_TARGET) rc = keep_target(c, ins, ind, year, num, text);
    if (rc == 0 && c->w) {
      char *was = sq_figure_text(num, text);
      char *now = i >= 0 ? sq_figure_text(p->values[i].num, p->values[i].text) : NULL;
      rc = audit_change(c, ind, year, kind >= 0 ? value_kind_names[kind] : NULL, was, now);
      free(was);
      free(now);
    }
  }
  if (rc == 0 && step != DB_DONE) rc = -1;
  for (int i = 0; rc == 0 && c->w && i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    if (matched[i] || v->superseded) continue;
    char *now = sq_figure_text(v->num, v->text);
    rc = audit_change(c, p->inds[v->indicator].id, v->year, value_kind_names[v->kind], NULL, now);
    free(now);
  }
  free(prev_ind);
  free(matched);
  free(start);
  free(list);
  db_finalize(old);
  db_finalize(ins);
  return rc;
}

/* ---- grades ------------------------------------------------------------------------------- */

static char *grade_key(Arena *a, const char *subject, int year) {
  char *k = NULL;
  if (asprintf(&k, "%s\x1f%d", subject, year) < 0) return NULL;
  char *out = arena_strdup(a, k);
  free(k);
  return out;
}

/* Audit each grade symbol that changes, disappears or appears, by (subject, year). */
static int grade_changes(Changes *c) {
  const Plan *p = c->p;
  Arena a = {0};
  StrMap incoming = {0};
  for (int i = p->ngrades - 1; i >= 0; i--) /* the first row of a key wins */
    strmap_put(&incoming, grade_key(&a, p->grades[i].subject, p->grades[i].year), i);
  unsigned char *matched = xcalloc((size_t)p->ngrades + 1, 1);
  DbStmt *old =
      sq_prepare(c->db, "SELECT subject, year, grade FROM grades WHERE plan = ?1 ORDER BY seq");
  int rc = old ? 0 : -1, step = DB_DONE;
  if (old) sq_bind_text(old, 1, p->id);
  while (rc == 0 && (step = db_step(old)) == DB_ROW) {
    const char *subject = db_col_text(old, 0);
    const char *grade = db_col_text(old, 2);
    int year = db_col_int(old, 1);
    char *key = NULL;
    if (asprintf(&key, "%s\x1f%d", subject, year) < 0) rc = -1;
    int i = key ? strmap_get(&incoming, key) : -1;
    free(key);
    if (i >= 0 && matched[i]) continue; /* a second stored row of the same key */
    if (i >= 0) matched[i] = 1;
    if (rc == 0 && (i < 0 || strcmp(p->grades[i].grade ? p->grades[i].grade : "", grade) != 0))
      rc = audit_change(c, subject, year, "grade", grade, i >= 0 ? p->grades[i].grade : NULL);
  }
  if (rc == 0 && step != DB_DONE) rc = -1;
  for (int i = 0; rc == 0 && i < p->ngrades; i++)
    if (!matched[i] &&
        strmap_get(&incoming, grade_key(&a, p->grades[i].subject, p->grades[i].year)) == i)
      rc = audit_change(c, p->grades[i].subject, p->grades[i].year, "grade", NULL,
                        p->grades[i].grade);
  db_finalize(old);
  strmap_free(&incoming);
  arena_free(&a);
  free(matched);
  return rc;
}

/* ---- narratives --------------------------------------------------------------------------- */

static int is_narrative(const Item *it) {
  return it->kind && strcmp(it->kind, "narrative") == 0;
}

/* Keep the secretariat's texts this save replaces or removes in narrative_history, auditing
   them; then audit the texts that are new. */
static int narrative_changes(Changes *c) {
  const Plan *p = c->p;
  DbStmt *old = sq_prepare(c->db, "SELECT node, year, text FROM items"
                                  " WHERE plan = ?1 AND kind = 'narrative'");
  DbStmt *ins = sq_prepare(c->db, "INSERT INTO narrative_history (plan, node, year, text,"
                                  " replaced_at, replaced_by) VALUES (?,?,?,?,?,?)");
  int rc = old && ins ? 0 : -1, step = DB_DONE;
  unsigned char *matched = xcalloc((size_t)p->nitems + 1, 1);
  if (old) sq_bind_text(old, 1, p->id);
  while (rc == 0 && (step = db_step(old)) == DB_ROW) {
    const char *node = db_col_text(old, 0);
    const char *text = db_col_text(old, 2);
    int year = db_col_int(old, 1);
    int n = plan_node(p, node), k = n >= 0 ? plan_narrative(p, n, year) : -1;
    const char *now_text = k >= 0 ? p->items[k].text : NULL;
    if (k >= 0) matched[k] = 1;
    if (now_text && strcmp(now_text, text ? text : "") == 0) continue;
    sq_bind_text(ins, 1, p->id);
    sq_bind_text(ins, 2, node);
    sq_bind_year(ins, 3, year);
    sq_bind_text(ins, 4, text);
    sq_bind_text(ins, 5, c->now);
    sq_bind_text(ins, 6, c->origin);
    rc = sq_step_done(ins);
    if (rc == 0) rc = audit_change(c, node, year, "narrative", text, now_text);
  }
  if (rc == 0 && step != DB_DONE) rc = -1;
  for (int i = 0; rc == 0 && i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (!matched[i] && is_narrative(it) && plan_narrative(p, it->node, it->year) == i)
      rc = audit_change(c, p->nodes[it->node].id, it->year, "narrative", NULL, it->text);
  }
  free(matched);
  db_finalize(old);
  db_finalize(ins);
  return rc;
}

int sq_record_changes(Db *db, const Plan *p, const Origin *o, const char *now, const char *action,
                      AuditWriter *w) {
  Changes c = {db, p, now, o->file ? o->file : o->reason, action, o, w};
  return value_changes(&c) || grade_changes(&c) || narrative_changes(&c) ? -1 : 0;
}
