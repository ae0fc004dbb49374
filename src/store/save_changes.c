/* SPDX-License-Identifier: Apache-2.0 */
/*
** save_changes.c — what saving a plan replaces in the stored one, recorded before the stored
** rows are deleted: targets that change go to target_history, the secretariat's texts that
** change to narrative_history, and for a plan that was already stored every value (target,
** actual, projection: current rows), grade and narrative that changes, appears or disappears
** gets an audit row with its old and new value. The stored rows those rules compare are read
** once (three SELECTs) into a partial plan, and the model's plan difference (model/plandiff.h)
** says what changed: the rules live there, once, and `import --dry-run` shows the same.
*/
#include "../model/plandiff.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Changes {
  Db *db;
  const Plan *p, *old;
  const char *now, *origin, *action;
  const Origin *o;
  AuditWriter *w; /* NULL: the plan is new, nothing to audit per value */
} Changes;

/* ---- the stored rows, as a partial plan ------------------------------------------------- */

/* The partial plan's indicator or node with this id, added the first time it is seen. */
static int old_indicator(Plan *o, const char *id) {
  int k = plan_indicator(o, id);
  if (k >= 0 || !id) return k;
  Indicator *in = plan_add_indicator(o);
  in->id = plan_str(o, id);
  strmap_put(&o->ind_index, in->id, o->ninds - 1);
  return o->ninds - 1;
}

static int old_node(Plan *o, const char *id) {
  int k = plan_node(o, id);
  if (k >= 0 || !id) return k;
  Node *n = plan_add_node(o);
  n->id = plan_str(o, id);
  strmap_put(&o->node_index, n->id, o->nnodes - 1);
  return o->nnodes - 1;
}

static int read_values(Db *db, const char *plan, Plan *o) {
  DbStmt *st = sq_prepare(db, "SELECT indicator, year, kind, num, text FROM indicator_values"
                              " WHERE plan = ?1 AND superseded = 0 ORDER BY seq");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    int k = old_indicator(o, db_col_text(st, 0));
    Value *v = plan_add_value(o);
    v->indicator = k;
    v->year = db_col_int(st, 1);
    v->kind = (signed char)enum_lookup(value_kind_names, VK__COUNT, db_col_text(st, 2));
    v->num = sq_col_dec(st, 3);
    v->text = plan_str(o, db_col_text(st, 4));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

static int read_grades(Db *db, const char *plan, Plan *o) {
  DbStmt *st =
      sq_prepare(db, "SELECT subject, year, grade FROM grades WHERE plan = ?1 ORDER BY seq");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    Grade *g = plan_add_grade(o);
    g->subject = plan_str(o, db_col_text(st, 0));
    g->year = db_col_int(st, 1);
    g->grade = plan_str(o, db_col_text(st, 2));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

static int read_narratives(Db *db, const char *plan, Plan *o) {
  DbStmt *st = sq_prepare(db, "SELECT node, year, text FROM items"
                              " WHERE plan = ?1 AND kind = 'narrative' ORDER BY seq");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  int step;
  while ((step = db_step(st)) == DB_ROW) {
    int n = old_node(o, db_col_text(st, 0));
    Item *it = plan_add_item(o);
    it->node = n;
    it->year = db_col_int(st, 1);
    it->kind = plan_str(o, "narrative");
    it->text = plan_str(o, db_col_text(st, 2));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

/* ---- what the differences write ---------------------------------------------------------- */

static int audit_change(Changes *c, const char *subject, int year, const char *field,
                        const char *old_value, const char *new_value) {
  if (!c->w) return 0;
  Actor who = {c->o->actor, c->o->via};
  return audit_writer_add(c->w, &who, c->action, c->p->id, subject, year, field, old_value,
                          new_value, c->origin);
}

static int keep_target(Changes *c, DbStmt *ins, const Value *v) {
  sq_bind_text(ins, 1, c->p->id);
  sq_bind_text(ins, 2, c->old->inds[v->indicator].id);
  db_bind_int64(ins, 3, v->year);
  sq_bind_dec(ins, 4, v->num);
  sq_bind_text(ins, 5, v->text);
  sq_bind_text(ins, 6, c->now);
  sq_bind_text(ins, 7, c->origin);
  return sq_step_done(ins);
}

static int value_change(Changes *c, DbStmt *ins, const PlanChange *x) {
  const Value *was = x->old_row >= 0 ? &c->old->values[x->old_row] : NULL;
  const Value *now = x->new_row >= 0 ? &c->p->values[x->new_row] : NULL;
  if (was && was->kind == VK_TARGET && keep_target(c, ins, was)) return -1;
  char *a = was ? sq_figure_text(was->num, was->text) : NULL;
  char *b = now ? sq_figure_text(now->num, now->text) : NULL;
  int rc =
      audit_change(c, x->subject, x->year, x->kind >= 0 ? value_kind_names[x->kind] : NULL, a, b);
  free(a);
  free(b);
  return rc;
}

static int grade_change(Changes *c, const PlanChange *x) {
  return audit_change(c, x->subject, x->year, "grade",
                      x->old_row >= 0 ? c->old->grades[x->old_row].grade : NULL,
                      x->new_row >= 0 ? c->p->grades[x->new_row].grade : NULL);
}

static int narrative_change(Changes *c, DbStmt *ins, const PlanChange *x) {
  const char *was = x->old_row >= 0 ? c->old->items[x->old_row].text : NULL;
  if (x->old_row >= 0) {
    sq_bind_text(ins, 1, c->p->id);
    sq_bind_text(ins, 2, x->subject);
    sq_bind_year(ins, 3, x->year);
    sq_bind_text(ins, 4, was);
    sq_bind_text(ins, 5, c->now);
    sq_bind_text(ins, 6, c->origin);
    if (sq_step_done(ins)) return -1;
  }
  return audit_change(c, x->subject, x->year, "narrative", was,
                      x->new_row >= 0 ? c->p->items[x->new_row].text : NULL);
}

static int write_changes(Changes *c, const PlanDiff *d) {
  DbStmt *target = sq_prepare(c->db, "INSERT INTO target_history (plan, indicator, year, num,"
                                     " text, replaced_at, replaced_by) VALUES (?,?,?,?,?,?,?)");
  DbStmt *text = sq_prepare(c->db, "INSERT INTO narrative_history (plan, node, year, text,"
                                   " replaced_at, replaced_by) VALUES (?,?,?,?,?,?)");
  int rc = target && text ? 0 : -1;
  for (int i = 0; rc == 0 && i < d->n; i++) {
    const PlanChange *x = &d->v[i];
    rc = x->what == PC_VALUE       ? value_change(c, target, x)
         : x->what == PC_GRADE     ? grade_change(c, x)
         : x->what == PC_NARRATIVE ? narrative_change(c, text, x)
                                   : 0;
  }
  db_finalize(target);
  db_finalize(text);
  return rc;
}

int sq_record_changes(Db *db, const Plan *p, const Origin *o, const char *now, const char *action,
                      AuditWriter *w) {
  Plan *old = plan_new();
  int rc =
      read_values(db, p->id, old) || read_grades(db, p->id, old) || read_narratives(db, p->id, old)
          ? -1
          : 0;
  if (rc == 0) {
    PlanDiff d;
    plandiff_only(old, p, 1u << PC_VALUE | 1u << PC_GRADE | 1u << PC_NARRATIVE, &d);
    Changes c = {db, p, old, now, o->file ? o->file : o->reason, action, o, w};
    rc = write_changes(&c, &d);
    plandiff_free(&d);
  }
  plan_free(old);
  return rc;
}
